package graph

import (
	"context"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/graph/model"
	"github.com/qiao-hq/qiao/registration"
)

// toReceipt is what an applicant sees of application a.
func toReceipt(a registration.Application) *model.RegistrationReceipt {
	return &model.RegistrationReceipt{Status: toGraphStatus(a.Status), Reason: a.Reason, CreatedAt: a.CreatedAt,
		Login: a.Login, Party: graphParty(a.Party)}
}

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
	v, err := toGraphEnum[directory.Party, model.Party](*p)
	if err != nil {
		return nil
	}
	return &v
}

func toGraphStatus(s registration.Status) model.RegistrationStatus {
	st, _ := toGraphEnum[registration.Status, model.RegistrationStatus](s)
	return st
}

// toRegistrations is applications as the admins see them, with their departments' paths and employees (a query
// each for the page).
func (r *Resolver) toRegistrations(ctx context.Context, as []registration.Application) ([]model.Registration, error) {
	var empIDs, acctIDs []uint64
	for _, a := range as {
		if a.EmployeeID != nil {
			empIDs = append(empIDs, *a.EmployeeID)
		}
		if a.AccountID != nil {
			acctIDs = append(acctIDs, *a.AccountID)
		}
	}
	emps, err := r.Directory.EmployeesByIDs(ctx, empIDs)
	if err != nil {
		return nil, err
	}
	contacts, err := r.partyContactsByAccount(ctx, acctIDs)
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
			m.Contact = contacts[*a.AccountID] // nil once the account was taken back
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
