package graph

import (
	"context"
	"strconv"
	"strings"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/graph/model"
	"github.com/qiao-hq/qiao/staffsheet"
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
		Position: in.Position, EmployeeNo: in.EmployeeNo, BranchID: in.BranchID, MainDepartmentID: orDefault(in.MainDepartmentID, 0),
		Admin: in.Admin}
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

func staffImportFailedPath(id uint64) string {
	return strings.Replace(staffsheet.FailedRowsPath, "{id}", strconv.FormatUint(id, 10), 1)
}

func toImportRows(rows []staffsheet.RowView, hasNext bool) (*model.StaffImportRowPage, error) {
	page := &model.StaffImportRowPage{Nodes: make([]model.StaffImportRow, len(rows)), HasNextPage: hasNext}
	for i, r := range rows {
		a, err := toGraphEnum[staffsheet.Action, model.StaffImportAction](r.Action)
		if err != nil {
			return nil, err
		}
		n := model.StaffImportRow{Line: r.Line, Action: a, Name: r.Name, Login: r.Login, Reasons: r.Reasons}
		if n.Reasons == nil {
			n.Reasons = []string{}
		}
		if r.Result != "" {
			v := strings.ToUpper(r.Result)
			n.Result = &v
		}
		if r.Error != "" {
			n.Error = &r.Error
		}
		page.Nodes[i] = n
	}
	return page, nil
}
