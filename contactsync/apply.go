package contactsync

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/qiao-hq/qiao/wechat/wecom"
)

// replace makes WeCom's directory Qiao's with three batch jobs (seed 000: 同步的时候会删除之前导入到通讯录的成员):
// the departments (new ones created, existing ones renamed or moved, empty ones Qiao lacks deleted), the members
// (WeCom's delete guard may stop that job, and then no member is changed; the departments' job has run, and the
// first sync is still to do), and the departments once more, which deletes those the members' job has emptied.
// About nine calls whatever the directory's size.
func (r *runner) replace(p Plan) error {
	depts := slices.Clone(p.wantDepts)
	depth := depthsOf(depts)
	slices.SortStableFunc(depts, func(a, b mirrorDepartment) int { return cmp.Compare(depth[a.WeComID], depth[b.WeComID]) })
	wire := make([]wecom.Department, len(depts))
	for i, d := range depts {
		wire[i] = d.department()
	}
	deptMedia, err := r.upload("departments.csv", func(b *bytes.Buffer) error { return wecom.WriteDepartmentsCSV(b, wire) })
	if err != nil {
		return err
	}
	replaceDepts := func(j wecom.ImportJob) (string, error) { return r.s.d.WeCom.ReplaceDepartments(r.ctx, r.app, j) }
	res, err := r.job(len(depts), replaceDepts, deptMedia)
	if err != nil {
		return err
	}
	byID := make(map[int64]wecom.DepartmentJobResult, len(res.Departments))
	for _, row := range res.Departments {
		byID[row.DepartmentID] = row
	}
	var saved []mirrorDepartment
	for _, d := range depts {
		c := DeptChange{Action: ActionCreate, Want: &d}
		row, ok := byID[d.WeComID]
		switch {
		case !ok:
			r.add(KindDepartment, c.describe(), strconv.FormatInt(d.WeComID, 10), ActionCreate, ResultFailed, "企业微信未返回该部门的结果")
		case row.ErrCode != 0:
			r.add(KindDepartment, c.describe(), strconv.FormatInt(d.WeComID, 10), ActionCreate, ResultFailed, r.explainRow(row.ErrCode, row.ErrMsg))
		default:
			action := ActionUpdate
			if row.Action&wecom.DepartmentCreated != 0 {
				action = ActionCreate
			}
			r.add(KindDepartment, c.describe(), strconv.FormatInt(d.WeComID, 10), action, ResultOK, "")
			saved = append(saved, d)
		}
	}
	if err := saveMirror(r.ctx, r.s, saved); err != nil {
		return err
	}
	if err := r.progress(); err != nil {
		return err
	}

	users := make([]wecom.User, len(p.wantMembers))
	for i, m := range p.wantMembers {
		users[i] = m.user()
	}
	userMedia, err := r.upload("members.csv", func(b *bytes.Buffer) error { return wecom.WriteUsersCSV(b, users) })
	if err != nil {
		return err
	}
	replaceUsers := func(j wecom.ImportJob) (string, error) { return r.s.d.WeCom.ReplaceUsers(r.ctx, r.app, j) }
	res, err = r.job(len(users), replaceUsers, userMedia)
	if err != nil {
		return err
	}
	byUser := make(map[string]wecom.UserJobResult, len(res.Users))
	for _, row := range res.Users {
		if row.ErrCode == codeDeleteGuard {
			return &runFailure{msg: "企业微信的删除保护停止了这次替换，企业微信的成员未做任何更改：一次替换若要删除超过 50 人且超过现有成员的 20%" +
				"（或不足 50 人但超过 80%），企业微信会拒绝执行。请核对桥的通讯录是否完整（例如先导入全部员工），" +
				"或先在企业微信管理后台删除确实要删除的成员，再同步"}
		}
		byUser[strings.ToLower(row.UserID)] = row
	}
	var members []mirrorMember
	for _, m := range p.wantMembers {
		row, ok := byUser[strings.ToLower(m.UserID)]
		switch {
		case !ok:
			r.add(KindMember, m.Name, m.UserID, ActionCreate, ResultFailed, "企业微信未返回该成员的结果")
		case row.ErrCode != 0:
			r.add(KindMember, m.Name, m.UserID, ActionCreate, ResultFailed, r.explainRow(row.ErrCode, row.ErrMsg))
		default:
			r.add(KindMember, m.Name, m.UserID, ActionCreate, ResultOK, "")
			members = append(members, m)
		}
	}
	if err := saveMirror(r.ctx, r.s, members); err != nil {
		return err
	}
	if err := r.progress(); err != nil {
		return err
	}
	// The departments again: those Qiao lacks that still held members are empty now, and go.
	_, err = r.job(len(depts), replaceDepts, deptMedia)
	return err
}

// batchFrom is how many member writes make one batch job (upload, syncuser, one result: three calls) cheaper than
// a call each.
const batchFrom = 4

// incremental writes the plan's changes: departments a call each (parents first, a new one's id chosen by WeCom),
// deletions 200 a call (first, so a mobile or email a leaver held, or a member's old userid, is free for the
// writes after), members in one syncuser job when that costs fewer calls than a call each, then the departments
// Qiao no longer has.
func (r *runner) incremental(p Plan) error {
	r.remap = map[int64]int64{}
	for _, c := range p.Departments {
		if err := r.writeDepartment(c); err != nil {
			return err
		}
	}
	if err := r.progress(); err != nil {
		return err
	}
	if err := r.deleteMembers(p.Deletes); err != nil {
		return err
	}
	if err := r.progress(); err != nil {
		return err
	}
	for _, c := range p.Members {
		ids := c.Want.departmentIDs()
		for i, id := range ids {
			ids[i] = r.mapped(id)
		}
		c.Want.Departments = joinIDs(ids)
	}
	var err error
	if len(p.Members) >= batchFrom {
		err = r.syncUsers(p.Members)
	} else {
		for _, c := range p.Members {
			if err = r.writeMember(c); err != nil {
				break
			}
		}
	}
	if err != nil {
		return err
	}
	if err := r.progress(); err != nil {
		return err
	}
	for _, c := range p.DeptDeletes {
		if err := r.deleteDepartment(c); err != nil {
			return err
		}
	}
	return r.progress()
}

// mapped is the WeCom id of a department the plan numbered: a department created by this run has the id WeCom gave.
func (r *runner) mapped(id int64) int64 {
	if v, ok := r.remap[id]; ok {
		return v
	}
	return id
}

// writeDepartment creates or updates a department. A new one's id is WeCom's choice: an id of Qiao's choosing could
// be one WeCom already has (a department added in the console since), which WeCom would then let Qiao take over.
// A name a sibling has already (60008) is a failed row.
func (r *runner) writeDepartment(c DeptChange) error {
	d := *c.Want
	d.ParentWeComID = r.mapped(d.ParentWeComID)
	ref := strconv.FormatInt(d.WeComID, 10)
	var err error
	if c.Action == ActionCreate {
		r.call()
		wire := d.department()
		wire.ID = 0
		var id int64
		id, err = r.s.d.WeCom.CreateDepartment(r.ctx, r.app, wire)
		if err == nil {
			r.remap[d.WeComID] = id
			d.WeComID, ref = id, strconv.FormatInt(id, 10)
		}
	}
	if c.Action == ActionUpdate {
		r.call()
		err = r.s.d.WeCom.UpdateDepartment(r.ctx, r.app, wecom.DepartmentUpdate{ID: d.WeComID, Name: &d.Name, ParentID: &d.ParentWeComID})
	}
	if code := wecom.CodeOf(err); code != 0 && !fatalCodes[code] && code != wecom.CodeRateLimited && code != -1 {
		r.add(KindDepartment, c.describe(), ref, c.Action, ResultFailed, r.explainRow(code, err.Error()))
		return nil
	}
	if err != nil {
		return r.wecomErr(err)
	}
	r.add(KindDepartment, c.describe(), ref, c.Action, ResultOK, "")
	return saveMirror(r.ctx, r.s, []mirrorDepartment{d})
}

func (r *runner) writeMember(c MemberChange) error {
	w := *c.Want
	var err error
	created := c.Action == ActionCreate
	if created && w.user().Validate() != nil {
		r.add(KindMember, w.Name, w.UserID, ActionCreate, ResultFailed, "添加到企业微信需要手机或邮箱，请先在桥中填写")
		return nil
	}
	if created {
		r.call()
		err = r.s.d.WeCom.CreateUser(r.ctx, r.app, w.user())
		if wecom.CodeOf(err) == 60102 {
			created = false // already in WeCom (the console, or a run that died): overwrite it
		}
	}
	if !created {
		r.call()
		err = r.s.d.WeCom.UpdateUser(r.ctx, r.app, w.update(c.Have))
		if wecom.CodeOf(err) == 60111 {
			// Deleted in the console: made again, which needs a mobile or an email.
			if verr := w.user().Validate(); verr != nil {
				r.add(KindMember, w.Name, w.UserID, ActionCreate, ResultFailed,
					"企业微信中已没有该成员；重新添加需要手机或邮箱，请先在桥中填写")
				return nil
			}
			r.call()
			err = r.s.d.WeCom.CreateUser(r.ctx, r.app, w.user())
		}
	}
	if code := wecom.CodeOf(err); code != 0 && !fatalCodes[code] && code != wecom.CodeRateLimited && code != -1 {
		r.add(KindMember, w.Name, w.UserID, c.Action, ResultFailed, r.explainRow(code, err.Error()))
		return nil
	}
	if err != nil {
		return r.wecomErr(err)
	}
	r.add(KindMember, w.Name, w.UserID, c.Action, ResultOK, "")
	return saveMirror(r.ctx, r.s, []mirrorMember{w})
}

// syncUsers writes members' creates, updates and disables as one syncuser job: members in the file are created or
// overwritten, the others stay.
func (r *runner) syncUsers(cs []MemberChange) error {
	users := make([]wecom.User, len(cs))
	for i, c := range cs {
		users[i] = c.Want.user()
	}
	media, err := r.upload("members.csv", func(b *bytes.Buffer) error { return wecom.WriteUsersCSV(b, users) })
	if err != nil {
		return err
	}
	start := func(j wecom.ImportJob) (string, error) { return r.s.d.WeCom.SyncUsers(r.ctx, r.app, j) }
	res, err := r.job(len(users), start, media)
	if err != nil {
		return err
	}
	byUser := make(map[string]wecom.UserJobResult, len(res.Users))
	for _, row := range res.Users {
		byUser[strings.ToLower(row.UserID)] = row
	}
	var ok []mirrorMember
	for _, c := range cs {
		w := *c.Want
		row, found := byUser[strings.ToLower(w.UserID)]
		switch {
		case !found:
			r.add(KindMember, w.Name, w.UserID, c.Action, ResultFailed, "企业微信未返回该成员的结果")
		case row.ErrCode != 0:
			r.add(KindMember, w.Name, w.UserID, c.Action, ResultFailed, r.explainRow(row.ErrCode, row.ErrMsg))
		default:
			r.add(KindMember, w.Name, w.UserID, c.Action, ResultOK, "")
			ok = append(ok, w)
		}
	}
	return saveMirror(r.ctx, r.s, ok)
}

// deleteMembers deletes members 200 a call (user/batchdelete); a call WeCom refuses as a whole (one member already
// gone fails it) is repeated a member at a time, a member already gone counting as deleted.
func (r *runner) deleteMembers(cs []MemberChange) error {
	for chunk := range slices.Chunk(cs, wecom.MaxBatchDelete) {
		ids := make([]string, len(chunk))
		for i, c := range chunk {
			ids[i] = c.Have.UserID
		}
		r.call()
		err := r.s.d.WeCom.BatchDeleteUsers(r.ctx, r.app, ids)
		code := wecom.CodeOf(err)
		switch {
		case err == nil:
			gone := make([]uint64, len(chunk))
			for i, c := range chunk {
				gone[i] = c.Have.EmployeeID
				r.add(KindMember, c.Have.Name, c.Have.UserID, ActionDelete, ResultOK, "")
			}
			if err := r.forgetMembers(gone); err != nil {
				return err
			}
			continue
		case code == 0 || fatalCodes[code] || code == wecom.CodeRateLimited || code == -1:
			return r.wecomErr(err)
		}
		for _, c := range chunk {
			r.call()
			err := r.s.d.WeCom.BatchDeleteUsers(r.ctx, r.app, []string{c.Have.UserID})
			switch code := wecom.CodeOf(err); {
			case err == nil || code == 60111:
				r.add(KindMember, c.Have.Name, c.Have.UserID, ActionDelete, ResultOK, "")
				if err := r.forgetMembers([]uint64{c.Have.EmployeeID}); err != nil {
					return err
				}
			case code == 0 || fatalCodes[code] || code == wecom.CodeRateLimited || code == -1:
				return r.wecomErr(err)
			default:
				r.add(KindMember, c.Have.Name, c.Have.UserID, ActionDelete, ResultFailed, r.explainRow(code, err.Error()))
			}
		}
	}
	return nil
}

func (r *runner) deleteDepartment(c DeptChange) error {
	d := *c.Have
	ref := strconv.FormatInt(d.WeComID, 10)
	r.call()
	err := r.s.d.WeCom.DeleteDepartment(r.ctx, r.app, d.WeComID)
	switch code := wecom.CodeOf(err); {
	case err == nil || code == 60003:
		r.add(KindDepartment, c.describe(), ref, ActionDelete, ResultOK, "")
		return r.forgetDepartment(d.WeComID)
	case code == 60005 || code == 60006:
		r.add(KindDepartment, c.describe(), ref, ActionDelete, ResultFailed,
			"企业微信中该部门下还有成员或子部门（可能是在企业微信后台添加的），未删除")
		return nil
	case code == 0 || fatalCodes[code] || code == wecom.CodeRateLimited || code == -1:
		return r.wecomErr(err)
	default:
		r.add(KindDepartment, c.describe(), ref, ActionDelete, ResultFailed, r.explainRow(code, fmt.Sprint(err)))
		return nil
	}
}
