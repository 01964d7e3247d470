package web

import (
	"context"
	"strings"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/partners"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
)

// PartnerKeys authenticates partner API keys and tells which tenants are a partner's customers.
type PartnerKeys interface {
	AuthenticateKey(ctx context.Context, secret string) (partners.Partner, partners.Key, error)
	Owns(ctx context.Context, partnerID, tenantID uint64) (bool, error)
}

// TenantsBySlug resolves a tenant's slug.
type TenantsBySlug interface {
	BySlug(ctx context.Context, slug string) (tenants.Tenant, error)
}

// partnerContext returns ctx carrying the partner of key and, when the request names one in partners.TenantHeader, the
// customer as the tenant. A tenant that is not the partner's customer is not_found, as an unknown one is: a
// partner cannot tell another partner's customers from tenants that do not exist.
func partnerContext(ctx context.Context, keys PartnerKeys, ts TenantsBySlug, key, slug string) (context.Context, error) {
	p, k, err := keys.AuthenticateKey(ctx, key)
	if err != nil {
		return ctx, err
	}
	acc := partners.Access{PartnerID: p.ID, Partner: p.Slug, KeyPrefix: k.Prefix}
	slug = strings.TrimSpace(slug)
	if slug == "" {
		return partners.WithAccess(ctx, acc), nil
	}
	notFound := apperr.E(apperr.NotFound, "企业 %q 不存在", slug)
	t, err := ts.BySlug(ctx, slug)
	if apperr.Is(err, apperr.NotFound) {
		return ctx, notFound
	}
	if err != nil {
		return ctx, err
	}
	owns, err := keys.Owns(ctx, p.ID, t.ID)
	if err != nil {
		return ctx, err
	}
	if !owns {
		return ctx, notFound
	}
	acc.TenantID = t.ID
	return tenancy.WithTenant(partners.WithAccess(ctx, acc), t.ID), nil
}
