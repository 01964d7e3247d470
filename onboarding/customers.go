package onboarding

import (
	"context"
	"encoding/json"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
)

// CustomerState is a partner's customer as its list shows it: bound or not, and what the last preflight found;
// active staff; the last day's pushes.
type CustomerState struct {
	Tenant           tenants.Tenant
	Bound            bool
	Checked, CheckOK bool
	Staff            int
	LastDay          push.Counts
}

// Customers returns the state of every customer of partnerID, oldest first. Each is read in its own tenant's
// context: the tenancy plugin scopes every count to it.
func (s *Service) Customers(ctx context.Context, partnerID uint64) ([]CustomerState, error) {
	ids, err := s.partners.Customers(ctx, partnerID)
	if err != nil {
		return nil, err
	}
	all, err := s.tenants.List(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[uint64]tenants.Tenant{}
	for _, t := range all {
		byID[t.ID] = t
	}
	since := s.now().Add(-24 * time.Hour)
	out := make([]CustomerState, 0, len(ids))
	for _, id := range ids {
		t, ok := byID[id]
		if !ok {
			continue
		}
		tctx := tenancy.WithTenant(ctx, id)
		st := CustomerState{Tenant: t}
		b, err := s.tenants.Corp(tctx)
		switch {
		case apperr.Is(err, apperr.NotFound):
		case err != nil:
			return nil, err
		default:
			st.Bound = true
			if b.Preflight != nil {
				var rep struct {
					OK bool `json:"ok"`
				}
				st.Checked = json.Unmarshal([]byte(*b.Preflight), &rep) == nil
				st.CheckOK = rep.OK
			}
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
