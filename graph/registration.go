package graph

import (
	"context"
	"strings"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/graph/model"
	"github.com/qiao-hq/qiao/registration"
)

// toReceipt is what an applicant sees of application a.
func toReceipt(a registration.Application) *model.RegistrationReceipt {
	return &model.RegistrationReceipt{Status: toGraphStatus(a.Status), Reason: a.Reason, CreatedAt: a.CreatedAt,
		Login: a.Login, Party: graphParty(a.Party)}
}

// ContactHome is the H5 page a customer's or supplier's contact lands on: their messages.
const ContactHome = "/messages"

// partyOf is an input's party, "" for staff.
func partyOf(p *model.Party) directory.Party {
	if p == nil {
		return ""
	}
	return fromGraphEnum[directory.Party](*p)
}

// graphParty is a party as the API shows it, nil for staff.
func graphParty(p *directory.Party) *model.Party {
	if p == nil {
		return nil
	}
	v := model.Party(strings.ToUpper(string(*p)))
	return &v
}

func toGraphStatus(s registration.Status) model.RegistrationStatus {
	st, _ := toGraphEnum[registration.Status, model.RegistrationStatus](s)
	return st
}

// toRegistrations is applications as the admins see them, with their departments' paths and employees (a query
// each for the page).
func (r *Resolver) toRegistrations(ctx context.Context, as []registration.Application) ([]model.Registration, error) {
	var empIDs []uint64
	for _, a := range as {
		if a.EmployeeID != nil {
			empIDs = append(empIDs, *a.EmployeeID)
		}
	}
	emps, err := r.Directory.EmployeesByIDs(ctx, empIDs)
	if err != nil {
		return nil, err
	}
	paths, err := r.Applications.DepartmentPaths(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]model.Registration, len(as))
	for i, a := range as {
		m := model.Registration{ID: a.ID, Name: a.Name, DepartmentID: a.DepartmentID, Position: a.Position, Login: a.Login,
			Mobile: a.Mobile, Email: a.Email, Note: a.Note, Status: toGraphStatus(a.Status), Reason: a.Reason,
			DecidedBy: a.DecidedBy, DecidedAt: a.DecidedAt, CreatedAt: a.CreatedAt, Party: graphParty(a.Party), Company: a.Company}
		if a.AccountID != nil {
			c, err := r.Directory.Contact(ctx, *a.AccountID)
			if err != nil && !apperr.Is(err, apperr.NotFound) {
				return nil, err
			}
			if err == nil {
				if m.Contact, err = r.toPartyContact(ctx, c); err != nil {
					return nil, err
				}
			}
		}
		if a.DepartmentID != nil {
			if p, ok := paths[*a.DepartmentID]; ok {
				m.DepartmentPath = &p
			}
		}
		if a.EmployeeID != nil {
			if e, ok := emps[*a.EmployeeID]; ok {
				m.Employee = &e
			}
		}
		out[i] = m
	}
	return out, nil
}
