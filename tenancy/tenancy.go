// Package tenancy carries the current tenant in a context.Context and scopes every gorm statement to it.
//
// It is the one isolation mechanism of Qiao: no call site writes `WHERE tenant_id = ?` for a model. The Plugin adds
// the condition to every query, update and delete of a model that has a tenant column, stamps the tenant on every
// insert, and fails closed — a statement run without a tenant in its context is an error, never "all tenants".
// Work that really spans tenants (the outbox relay, resolving a tenant by its slug at sign-in, demo seeding) says so
// explicitly with System.
package tenancy

import (
	"context"
	"errors"
	"fmt"
)

// ID identifies a tenant. Zero is never a tenant.
type ID = uint64

type ctxKey int

const (
	tenantKey ctxKey = iota
	systemKey
)

// ErrNoTenant is returned by every gorm statement whose context carries neither a tenant nor System.
var ErrNoTenant = errors.New("tenancy: no tenant in context")

// ErrUnscopable is returned for statements the plugin cannot scope safely: a table without a model, or an update
// that would move rows to another tenant.
var ErrUnscopable = errors.New("tenancy: statement cannot be scoped to a tenant")

// WithTenant returns a context scoped to tenant id. It panics on zero, which is always a bug at the call site.
func WithTenant(ctx context.Context, id ID) context.Context {
	if id == 0 {
		panic("tenancy: WithTenant with zero id")
	}
	return context.WithValue(ctx, tenantKey, id)
}

// FromContext returns the tenant of ctx, if any.
func FromContext(ctx context.Context) (ID, bool) {
	id, ok := ctx.Value(tenantKey).(ID)
	return id, ok && id != 0
}

// MustFrom returns the tenant of ctx or an error wrapping ErrNoTenant.
func MustFrom(ctx context.Context) (ID, error) {
	if id, ok := FromContext(ctx); ok {
		return id, nil
	}
	return 0, fmt.Errorf("tenant required: %w", ErrNoTenant)
}

// System marks ctx as deliberately cross-tenant: statements are not scoped, and inserts must set their tenant
// themselves. Every use is a place a reviewer should look at.
func System(ctx context.Context) context.Context {
	return context.WithValue(ctx, systemKey, true)
}

// IsSystem reports whether ctx was marked by System.
func IsSystem(ctx context.Context) bool {
	v, _ := ctx.Value(systemKey).(bool)
	return v
}
