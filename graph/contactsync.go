package graph

import (
	"strings"

	"github.com/qiao-hq/qiao/contactsync"
	"github.com/qiao-hq/qiao/graph/model"
)

// previewListLimit bounds each list of the sync preview: a first sync of a large company writes every member, and
// the counts carry the totals.
const previewListLimit = 500

func toSyncCounts(c contactsync.Counts) *model.ContactSyncCounts {
	return &model.ContactSyncCounts{DepartmentCreates: c.DeptCreates, DepartmentUpdates: c.DeptUpdates,
		DepartmentDeletes: c.DeptDeletes, Creates: c.Creates, Updates: c.Updates, Disables: c.Disables,
		Deletes: c.Deletes, Invalid: c.Invalid}
}

func toSyncPreview(p contactsync.Preview) (*model.ContactSyncPreview, error) {
	mode, err := toGraphEnum[contactsync.Mode, model.ContactSyncMode](p.Mode)
	if err != nil {
		return nil, err
	}
	out := &model.ContactSyncPreview{Mode: mode, Counts: toSyncCounts(p.Counts()), Unchanged: p.Unchanged,
		Running: p.Running, DepartmentChanges: []model.ContactSyncDepartmentChange{},
		MemberChanges: []model.ContactSyncMemberChange{}, Invalid: []model.ContactSyncInvalid{}}
	if p.Blocked != "" {
		out.Blocked = &p.Blocked
	}
	if p.WeComMembers >= 0 {
		out.WecomMembers, out.ReplaceDeletes = &p.WeComMembers, &p.ReplaceDeletes
	}
	for _, c := range append(p.Departments, p.DeptDeletes...) {
		if len(out.DepartmentChanges) == previewListLimit {
			break
		}
		a, err := toGraphEnum[string, model.ContactSyncAction](c.Action)
		if err != nil {
			return nil, err
		}
		out.DepartmentChanges = append(out.DepartmentChanges, model.ContactSyncDepartmentChange{Action: a, Name: c.Describe()})
	}
	for _, c := range append(p.Members, p.Deletes...) {
		if len(out.MemberChanges) == previewListLimit {
			break
		}
		a, err := toGraphEnum[string, model.ContactSyncAction](c.Action)
		if err != nil {
			return nil, err
		}
		fields := c.Changed()
		for i, f := range fields {
			fields[i] = strings.ToUpper(f)
		}
		if fields == nil {
			fields = []string{}
		}
		out.MemberChanges = append(out.MemberChanges, model.ContactSyncMemberChange{Action: a, Name: c.Subject(),
			WecomUserID: c.UserID(), Fields: fields})
	}
	for _, iv := range p.Invalid {
		if len(out.Invalid) == previewListLimit {
			break
		}
		out.Invalid = append(out.Invalid, model.ContactSyncInvalid{EmployeeID: iv.EmployeeID, Name: iv.Name,
			WecomUserID: iv.UserID, Rules: iv.Rules})
	}
	return out, nil
}

func toSyncRows(rows []contactsync.RunRow, more bool) (*model.ContactSyncRowPage, error) {
	page := &model.ContactSyncRowPage{Nodes: make([]model.ContactSyncRow, len(rows)), HasNextPage: more}
	for i, r := range rows {
		kind, err := toGraphEnum[string, model.ContactSyncRowKind](r.Kind)
		if err != nil {
			return nil, err
		}
		action, err := toGraphEnum[string, model.ContactSyncAction](r.Action)
		if err != nil {
			return nil, err
		}
		result, err := toGraphEnum[string, model.ContactSyncResult](r.Result)
		if err != nil {
			return nil, err
		}
		page.Nodes[i] = model.ContactSyncRow{Seq: r.Seq, Kind: kind, Subject: r.Subject, Ref: r.Ref, Action: action,
			Result: result, Reason: r.Reason}
	}
	return page, nil
}

func toSyncSettings(s contactsync.Settings) *model.ContactSyncSettings {
	out := &model.ContactSyncSettings{ScheduleEnabled: s.ScheduleEnabled, Times: s.Times, TimeZone: s.TimeZone,
		NextRunAt: s.NextRunAt, WecomOwnedFields: make([]model.ContactSyncField, len(s.WeComOwned))}
	for i, f := range s.WeComOwned {
		out.WecomOwnedFields[i] = model.ContactSyncField(strings.ToUpper(string(f)))
	}
	return out
}

func fromSyncSettingsInput(in model.ContactSyncSettingsInput) contactsync.SettingsPatch {
	p := contactsync.SettingsPatch{ScheduleEnabled: in.ScheduleEnabled, TimeZone: in.TimeZone}
	if in.Times != nil {
		p.Times = &in.Times
	}
	if in.WecomOwnedFields != nil {
		fs := fromGraphEnums[contactsync.Field](in.WecomOwnedFields)
		p.WeComOwned = &fs
	}
	return p
}
