package graph

import (
	"context"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/graph/model"
)

// fromGraphEnums converts a list of GraphQL enum values to the domain's.
func fromGraphEnums[T ~string, U ~string](vs []U) []T {
	out := make([]T, len(vs))
	for i, v := range vs {
		out[i] = fromGraphEnum[T](v)
	}
	return out
}

func newEmployee(in model.CreateEmployeeInput) directory.NewEmployee {
	e := directory.Employee{Name: in.Name, WeComUserID: in.WecomUserID, Mobile: in.Mobile, Email: in.Email,
		Position: in.Position, EmployeeNo: in.EmployeeNo, BranchID: in.BranchID}
	return directory.NewEmployee{Employee: e, Login: in.Login, Admin: orDefault(in.Admin, false),
		DepartmentIDs: in.DepartmentIds, MainDepartmentID: orDefault(in.MainDepartmentID, 0)}
}

func staffPatch(in model.UpdateEmployeeInput) directory.StaffPatch {
	p := directory.StaffPatch{Name: in.Name, WeComUserID: in.WecomUserID, Mobile: in.Mobile, Email: in.Email,
		Position: in.Position, EmployeeNo: in.EmployeeNo, BranchID: in.BranchID, MainDepartmentID: orDefault(in.MainDepartmentID, 0)}
	if orDefault(in.ClearBranch, false) {
		var none uint64
		p.BranchID = &none
	}
	if in.DepartmentIds != nil {
		p.DepartmentIDs = &in.DepartmentIds
	}
	return p
}

// staffResults turns ChangeStanding's results into GraphQL's: the employee after an action that applied, the
// admin's message for one that did not.
func (r *Resolver) staffResults(ctx context.Context, res []directory.StandingResult) ([]model.StaffActionResult, error) {
	out := make([]model.StaffActionResult, len(res))
	for i, x := range res {
		out[i].EmployeeID = x.EmployeeID
		if x.Err != nil {
			msg := apperr.MessageOf(x.Err)
			out[i].Error = &msg
			continue
		}
		d, err := r.Directory.EmployeeDetail(ctx, x.EmployeeID)
		if err != nil {
			return nil, err
		}
		out[i].Employee = &d
	}
	return out, nil
}
