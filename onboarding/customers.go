package onboarding

import (
	"context"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/binding"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
)

// CustomerState is a partner's customer as its list shows it: its binding at a glance, active staff, the last
// day's pushes.
type CustomerState struct {
	Tenant  tenants.Tenant
	Binding binding.State
	Staff   int
	LastDay push.Counts
}

// Customers returns the state of every customer of partnerID, oldest first. Each is read in its own tenant's
// context: the tenancy plugin scopes every count to it.
func (s *Service) Customers(ctx context.Context, partnerID uint64) ([]CustomerState, error) {
	ids, err := s.partners.Customers(ctx, partnerID)
	if err != nil {
		return nil, err
	}
	since := s.now().Add(-24 * time.Hour)
	out := make([]CustomerState, 0, len(ids))
	for _, id := range ids {
		tctx := tenancy.WithTenant(ctx, id)
		t, err := s.tenants.Current(tctx)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		st := CustomerState{Tenant: t, Binding: binding.StateNone}
		c, err := s.tenants.Corp(tctx)
		switch {
		case apperr.Is(err, apperr.NotFound):
		case err != nil:
			return nil, err
		default:
			st.Binding = binding.CorpState(&c)
		}
		staff, err := s.dir.CountStaff(tctx)
		if err != nil {
			return nil, err
		}
		st.Staff = staff.Active
		if st.LastDay, err = push.NewLog(s.db).Since(tctx, since); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}
