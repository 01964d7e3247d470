package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/qiao-hq/qiao/binding"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/sim"
)

// ContactSecret is the demo corp's contact-sync secret; only ever valid against the simulator.
const ContactSecret = "demo-contact-sync-secret-not-for-production"

// Connect finishes the demo's binding once the server answers: the contact-sync secret and the trusted domain saved
// in the simulator and in the tenant, and every receiver of the tenant saved in the simulator's console, which
// verifies each URL against the server as WeCom's does. The simulator's console changes (a customer added, a
// member disabled) then reach the demo as real events. The trusted domain is the one the binding expects: the host
// phones reach the demo at.
func Connect(ctx context.Context, ts *tenants.Store, b *binding.Service, s *sim.Server) error {
	spec := Demo()
	t, err := ts.BySlug(ctx, spec.Slug)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	ctx = tenancy.WithTenant(ctx, t.ID)
	if err := s.SetContactSecret(spec.CorpID, ContactSecret); err != nil {
		return fmt.Errorf("demo: contact secret: %w", err)
	}
	v, err := b.View(ctx)
	if err != nil {
		return fmt.Errorf("demo: binding: %w", err)
	}
	secret, domain := ContactSecret, v.ExpectedDomain
	if err := ts.SaveCorp(ctx, tenants.CorpPatch{ContactSecret: &secret, TrustedDomain: &domain}); err != nil {
		return fmt.Errorf("demo: save corp: %w", err)
	}
	agents := map[string]int64{}
	for _, a := range v.Apps {
		agents[a.System] = a.AgentID
	}
	for _, r := range v.Receivers {
		switch {
		case r.Name == tenants.ReceiverCustomers:
			err = s.SaveExternalContactCallback(ctx, spec.CorpID, r.URL, r.Token, r.AESKey)
		case r.Name == tenants.ReceiverContacts:
			err = s.SaveCallback(ctx, spec.CorpID, 0, r.URL, r.Token, r.AESKey)
		case agents[strings.ToUpper(r.Name)] != 0:
			err = s.SaveCallback(ctx, spec.CorpID, agents[strings.ToUpper(r.Name)], r.URL, r.Token, r.AESKey)
		default:
			continue
		}
		if err != nil {
			return fmt.Errorf("demo: receiver %s: %w", r.Name, err)
		}
	}
	return nil
}
