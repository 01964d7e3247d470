package graph

import (
	"context"
	"strings"
	"time"

	"github.com/qiao-hq/qiao/graph/model"
	"github.com/qiao-hq/qiao/push"
)

// toDeliveries converts delivery records, naming each recipient that is one of the tenant's employees (one query
// for the page).
func (r *Resolver) toDeliveries(ctx context.Context, ds []push.Delivery) []*model.Delivery {
	ids := make([]string, 0, len(ds))
	var emps, accts []uint64
	for _, d := range ds {
		switch {
		case d.EmployeeID != nil:
			emps = append(emps, *d.EmployeeID)
		case d.AccountID != nil:
			accts = append(accts, *d.AccountID)
		default:
			ids = append(ids, d.Recipient) // recorded before deliveries named their employee
		}
	}
	names, err := r.Directory.NamesByWeComUserID(ctx, ids)
	if err != nil {
		r.Log.WarnContext(ctx, "delivery recipients' names not read", "err", err)
	}
	people, err := r.Directory.EmployeesByIDs(ctx, emps)
	if err != nil {
		r.Log.WarnContext(ctx, "delivery recipients' names not read", "err", err)
	}
	contacts, err := r.Directory.ContactsByAccount(ctx, accts)
	if err != nil {
		r.Log.WarnContext(ctx, "delivery recipients' names not read", "err", err)
	}
	out := make([]*model.Delivery, len(ds))
	for i, d := range ds {
		m := &model.Delivery{ID: d.ID, Kind: d.Kind, Channel: d.Channel, Recipient: d.Recipient,
			Status: model.DeliveryStatus(strings.ToUpper(d.Status)), Error: d.Error, Answer: d.Answer, Attempts: d.Attempts,
			CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt, Route: d.Route}
		switch {
		case d.EmployeeID != nil:
			if e, ok := people[*d.EmployeeID]; ok {
				m.RecipientName = &e.Name
			}
		case d.AccountID != nil:
			// A customer's or supplier's contact: named with their company, so nobody takes them for staff.
			if c, ok := contacts[*d.AccountID]; ok {
				n := c.Name + "（" + c.Company + "）"
				m.RecipientName = &n
			}
		default:
			if n, ok := names[strings.ToLower(d.Recipient)]; ok {
				m.RecipientName = &n
			}
		}
		out[i] = m
	}
	return out
}

// now is the resolvers' clock.
func (r *Resolver) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// pushItem is the push a PushItem and its id name: a notice's (news items are notices) or a survey's.
func pushItem(item model.PushItem, id uint64) push.Item {
	if item == model.PushItemSurvey {
		return push.Item{Kind: push.ItemSurvey, ID: id}
	}
	return push.Item{Kind: push.ItemNotice, ID: id}
}
