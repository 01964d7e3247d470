package contactsync

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// The rules a member must keep to be written to WeCom (seed 000 §2.4: 手工同步的时候系统会对员工信息进行如下检查).
const (
	RuleNoContact      = "手机和邮箱不能同时为空"
	RuleMobileTaken    = "手机号与其他员工重复"
	RuleEmailTaken     = "邮箱与其他员工重复"
	RuleBadUserID      = "企业微信账号只能包含字母、数字和 _-@.，最长 64 个字符"
	RuleUserIDTaken    = "企业微信账号与其他员工重复（不区分大小写）"
	RuleTooManyDepts   = "所在部门超过企业微信的 100 个上限"
	RuleNameTooLong    = "姓名超过企业微信的 64 个字符上限"
	RulePositionLength = "职位超过企业微信的 128 个字符上限"
)

// Invalid is an employee the sync does not write, and the rules they break.
type Invalid struct {
	EmployeeID uint64
	Name       string
	UserID     string
	Rules      []string
	frozen     bool
}

// MemberChange is a write of one member: Want is what WeCom should hold, Have what the mirror says it holds.
type MemberChange struct {
	Action string
	Want   *mirrorMember
	Have   *mirrorMember
}

// Subject names the member for a person.
func (c MemberChange) Subject() string {
	if c.Want != nil {
		return c.Want.Name
	}
	return c.Have.Name
}

// UserID is the member's userid in WeCom after the change (before it, for a delete).
func (c MemberChange) UserID() string {
	if c.Want != nil {
		return c.Want.UserID
	}
	return c.Have.UserID
}

// DeptChange is a write of one department.
type DeptChange struct {
	Action string
	Want   *mirrorDepartment
	Have   *mirrorDepartment
}

func (c DeptChange) dept() *mirrorDepartment {
	if c.Want != nil {
		return c.Want
	}
	return c.Have
}

// Plan is the difference between the directory and the mirror, in the order it is written: departments created
// (parents first) and updated, members created, updated and disabled, members deleted, departments deleted
// (children first, once empty).
type Plan struct {
	Mode        Mode
	Departments []DeptChange
	Members     []MemberChange
	Deletes     []MemberChange
	DeptDeletes []DeptChange
	Invalid     []Invalid
	Unchanged   int
	// wantDepts and wantMembers are the whole directory as WeCom should hold it: a replace writes them all.
	wantDepts   []mirrorDepartment
	wantMembers []mirrorMember
}

// Writes is how many members and departments the plan writes.
func (p Plan) Writes() int {
	return len(p.Departments) + len(p.Members) + len(p.Deletes) + len(p.DeptDeletes)
}

// count returns how many member changes of action the plan has.
func (p Plan) count(action string) int {
	n := 0
	for _, c := range p.Members {
		if c.Action == action {
			n++
		}
	}
	if action == ActionDelete {
		n += len(p.Deletes)
	}
	return n
}

func (p Plan) deptCount(action string) int {
	n := 0
	for _, c := range append(slices.Clip(p.Departments), p.DeptDeletes...) {
		if c.Action == action {
			n++
		}
	}
	return n
}

// Limits of WeCom's member fields (user/create).
const (
	maxWeComName        = 64
	maxWeComPosition    = 128
	maxWeComDepartments = 100
)

// deptNameReplacer turns the characters WeCom refuses in a department name (\:*?"<>|) into their full-width
// forms, which read the same.
var deptNameReplacer = strings.NewReplacer(`\`, "＼", ":", "：", "*", "＊", "?", "？", `"`, "＂", "<", "＜", ">", "＞", "|", "｜")

// planOptions are the tenant's settings a plan follows: whether the first sync is still to come (a replace), and
// the fields WeCom owns, which Qiao neither compares nor writes for a member WeCom has.
type planOptions struct {
	first      bool
	wecomOwned []Field
}

// plan computes what the sync writes: the directory src as WeCom should hold it against the mirror (depts,
// members).
func plan(src directory.SyncSource, depts []mirrorDepartment, members []mirrorMember, opts planOptions) Plan {
	p := Plan{Mode: ModeIncremental}
	if opts.first {
		p.Mode = ModeReplace
	}
	p.wantDepts = wantDepartments(src, depts)
	byDept, bySystem := map[uint64]int64{}, map[string]int64{}
	for _, d := range p.wantDepts {
		if d.DepartmentID != nil {
			byDept[*d.DepartmentID] = d.WeComID
		} else {
			bySystem[*d.SystemCode] = d.WeComID
		}
	}
	inWeCom := make(map[uint64]bool, len(members))
	for _, m := range members {
		inWeCom[m.EmployeeID] = true
	}
	p.wantMembers, p.Invalid = wantMembers(src, byDept, bySystem, inWeCom)

	// Departments.
	haveDept := make(map[int64]*mirrorDepartment, len(depts))
	for i := range depts {
		haveDept[depts[i].WeComID] = &depts[i]
	}
	wanted := make(map[int64]bool, len(p.wantDepts))
	for i := range p.wantDepts {
		w := &p.wantDepts[i]
		wanted[w.WeComID] = true
		switch h := haveDept[w.WeComID]; {
		case h == nil:
			p.Departments = append(p.Departments, DeptChange{Action: ActionCreate, Want: w})
		case h.Name != w.Name || h.ParentWeComID != w.ParentWeComID:
			p.Departments = append(p.Departments, DeptChange{Action: ActionUpdate, Want: w, Have: h})
		}
	}
	for i := range depts {
		if !wanted[depts[i].WeComID] {
			p.DeptDeletes = append(p.DeptDeletes, DeptChange{Action: ActionDelete, Have: &depts[i]})
		}
	}
	// Parents before children for creates and moves; children before parents for deletes.
	wantDepth := depthsOf(p.wantDepts)
	slices.SortStableFunc(p.Departments, func(a, b DeptChange) int { return cmp.Compare(wantDepth[a.Want.WeComID], wantDepth[b.Want.WeComID]) })
	haveDepth := depthsOf(depts)
	slices.SortStableFunc(p.DeptDeletes, func(a, b DeptChange) int { return cmp.Compare(haveDepth[b.Have.WeComID], haveDepth[a.Have.WeComID]) })

	// Members.
	have := make(map[uint64]*mirrorMember, len(members))
	for i := range members {
		have[members[i].EmployeeID] = &members[i]
	}
	invalid := make(map[uint64]Invalid, len(p.Invalid))
	for _, iv := range p.Invalid {
		invalid[iv.EmployeeID] = iv
	}
	seen := make(map[uint64]bool, len(p.wantMembers))
	for i := range p.wantMembers {
		w := &p.wantMembers[i]
		seen[w.EmployeeID] = true
		h := have[w.EmployeeID]
		if h != nil && strings.EqualFold(h.UserID, w.UserID) {
			keepOwned(w, h, opts.wecomOwned)
		}
		switch {
		case h == nil:
			p.Members = append(p.Members, MemberChange{Action: ActionCreate, Want: w})
		case !strings.EqualFold(h.UserID, w.UserID):
			// WeCom cannot rename a userid through this API: the old member goes, a new one comes.
			p.Deletes = append(p.Deletes, MemberChange{Action: ActionDelete, Have: h})
			p.Members = append(p.Members, MemberChange{Action: ActionCreate, Want: w})
		case h.same(*w):
			p.Unchanged++
		case w.Disabled && !h.Disabled:
			p.Members = append(p.Members, MemberChange{Action: ActionDisable, Want: w, Have: h})
		default:
			p.Members = append(p.Members, MemberChange{Action: ActionUpdate, Want: w, Have: h})
		}
	}
	for i := range members {
		m := &members[i]
		iv, bad := invalid[m.EmployeeID]
		switch {
		case seen[m.EmployeeID]:
		case bad && iv.frozen && !m.Disabled:
			// Breaking a rule, but frozen (a lost phone): disabled all the same, which needs no other field.
			w := *m
			w.Disabled = true
			p.Members = append(p.Members, MemberChange{Action: ActionDisable, Want: &w, Have: m})
		case bad:
			// Written once and now breaking a rule: WeCom's copy stays as it was until the rule holds again.
			p.Unchanged++
		default:
			p.Deletes = append(p.Deletes, MemberChange{Action: ActionDelete, Have: m})
		}
	}
	return p
}

// keepOwned gives w the values WeCom has (h) for the fields WeCom owns: Qiao neither compares nor writes them.
func keepOwned(w, h *mirrorMember, owned []Field) {
	for _, f := range owned {
		if p := w.field(f); p != nil {
			*p = *h.field(f)
		}
	}
}

// wantDepartments is the department tree as WeCom should hold it: each department of ours under its parent (a
// root under WeCom's root), then a department per enabled system (seed 000: 自动建立与关联系统对应的部门). A
// department keeps the WeCom id the mirror gives it; a new one takes the next id above every id in use.
func wantDepartments(src directory.SyncSource, mirror []mirrorDepartment) []mirrorDepartment {
	byDept, bySystem := map[uint64]int64{}, map[string]int64{}
	next := wecom.RootDepartment
	for _, d := range mirror {
		if d.DepartmentID != nil {
			byDept[*d.DepartmentID] = d.WeComID
		}
		if d.SystemCode != nil {
			bySystem[*d.SystemCode] = d.WeComID
		}
		next = max(next, d.WeComID)
	}
	alloc := func(id int64, ok bool) int64 {
		if ok {
			return id
		}
		next++
		return next
	}
	out := make([]mirrorDepartment, 0, len(src.Departments)+len(src.Systems))
	ids := make(map[uint64]int64, len(src.Departments))
	for _, d := range src.Departments {
		id, ok := byDept[d.ID]
		ids[d.ID] = alloc(id, ok)
	}
	rootNames := map[string]bool{}
	for _, d := range src.Departments {
		parent := wecom.RootDepartment
		if d.ParentID != nil {
			parent = ids[*d.ParentID]
		}
		name := deptNameReplacer.Replace(d.Name)
		if parent == wecom.RootDepartment {
			rootNames[name] = true
		}
		out = append(out, mirrorDepartment{WeComID: ids[d.ID], DepartmentID: &d.ID, Name: name, ParentWeComID: parent})
	}
	for _, sys := range src.Systems {
		id, ok := bySystem[sys.Code]
		name := sys.Code
		if rootNames[name] {
			// A department of ours already has the name at the top level, where WeCom wants names unique.
			name += "（应用）"
		}
		out = append(out, mirrorDepartment{WeComID: alloc(id, ok), SystemCode: &sys.Code, Name: name,
			ParentWeComID: wecom.RootDepartment})
	}
	return out
}

// depthsOf gives each department of list its depth under WeCom's root (1 for a top-level one).
func depthsOf(list []mirrorDepartment) map[int64]int {
	parent := make(map[int64]int64, len(list))
	for _, d := range list {
		parent[d.WeComID] = d.ParentWeComID
	}
	depth := make(map[int64]int, len(list))
	var of func(id int64, guard int) int
	of = func(id int64, guard int) int {
		if d, ok := depth[id]; ok {
			return d
		}
		p, ok := parent[id]
		if !ok || guard > len(list) {
			return 0
		}
		d := of(p, guard+1) + 1
		depth[id] = d
		return d
	}
	for _, d := range list {
		of(d.WeComID, 0)
	}
	return depth
}

// wantMembers is every employee on staff (active, or frozen: disabled in WeCom) with a WeCom userid, as WeCom
// should hold them, and those who break a rule, who are not written. A member WeCom has already (inWeCom) needs no
// mobile or email: WeCom keeps its own, and Qiao never clears them.
func wantMembers(src directory.SyncSource, byDept map[uint64]int64, bySystem map[string]int64, inWeCom map[uint64]bool) ([]mirrorMember, []Invalid) {
	var onStaff []directory.RosterEntry
	mobiles, emails, userIDs := map[string]int{}, map[string]int{}, map[string]int{}
	for _, e := range src.Staff {
		if e.WeComUserID == nil || e.Status == directory.StatusResigned || !e.Status.Valid() {
			continue
		}
		onStaff = append(onStaff, e)
		if e.Mobile != nil {
			mobiles[*e.Mobile]++
		}
		if e.Email != nil {
			emails[strings.ToLower(*e.Email)]++
		}
		userIDs[strings.ToLower(*e.WeComUserID)]++
	}
	var want []mirrorMember
	var bad []Invalid
	for _, e := range onStaff {
		m := mirrorMember{EmployeeID: e.ID, UserID: *e.WeComUserID, Name: e.Name, Mobile: deref(e.Mobile),
			Email: deref(e.Email), Position: deref(e.Position), Disabled: e.Status == directory.StatusFrozen}
		var rules []string
		if m.Mobile == "" && m.Email == "" && !inWeCom[e.ID] {
			rules = append(rules, RuleNoContact)
		}
		if m.Mobile != "" && mobiles[m.Mobile] > 1 {
			rules = append(rules, RuleMobileTaken)
		}
		if m.Email != "" && emails[strings.ToLower(m.Email)] > 1 {
			rules = append(rules, RuleEmailTaken)
		}
		if !wecom.ValidUserID(m.UserID) {
			rules = append(rules, RuleBadUserID)
		} else if userIDs[strings.ToLower(m.UserID)] > 1 {
			rules = append(rules, RuleUserIDTaken)
		}
		if utf8.RuneCountInString(m.Name) > maxWeComName {
			rules = append(rules, RuleNameTooLong)
		}
		if utf8.RuneCountInString(m.Position) > maxWeComPosition {
			rules = append(rules, RulePositionLength)
		}
		var ids []int64
		for _, d := range e.DepartmentIDs {
			if id, ok := byDept[d]; ok {
				ids = append(ids, id)
			}
		}
		for _, code := range src.WeChatSystems[e.ID] {
			if id, ok := bySystem[code]; ok {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			ids = []int64{wecom.RootDepartment}
		}
		if len(ids) > maxWeComDepartments {
			rules = append(rules, RuleTooManyDepts)
		}
		m.Departments = joinIDs(ids)
		validate := m.user().Validate
		if inWeCom[e.ID] {
			validate = m.user().ValidateExisting
		}
		if err := validate(); err != nil && len(rules) == 0 {
			rules = append(rules, "资料不符合企业微信的要求（"+err.Error()+"）")
		}
		if len(rules) > 0 {
			bad = append(bad, Invalid{EmployeeID: e.ID, Name: e.Name, UserID: m.UserID, Rules: rules, frozen: m.Disabled})
			continue
		}
		want = append(want, m)
	}
	return want, bad
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// user is m as WeCom's user/create and the import files take it.
func (m mirrorMember) user() wecom.User {
	ids := m.departmentIDs()
	return wecom.User{UserID: m.UserID, Name: m.Name, Mobile: m.Mobile, Email: m.Email, Position: m.Position,
		Departments: ids, MainDepartment: ids[0], Disabled: m.Disabled}
}

// update is the user/update that makes WeCom's have into m: every field Qiao writes, so a field changed in the
// console is put back; an empty mobile or email is left out, as Qiao never clears WeCom's, and so is the member's
// enabled state unless Qiao's freezing changed it (WeCom owns its members' state otherwise: one disabled in the
// console stays disabled).
func (m mirrorMember) update(have *mirrorMember) wecom.UserUpdate {
	ids := m.departmentIDs()
	u := wecom.UserUpdate{UserID: m.UserID, Name: &m.Name, Position: &m.Position, Departments: ids,
		MainDepartment: &ids[0]}
	if have == nil || have.Disabled != m.Disabled {
		u.Disabled = &m.Disabled
	}
	if m.Mobile != "" {
		u.Mobile = &m.Mobile
	}
	if m.Email != "" {
		u.Email = &m.Email
	}
	return u
}

func (d mirrorDepartment) department() wecom.Department {
	return wecom.Department{ID: d.WeComID, Name: d.Name, ParentID: d.ParentWeComID}
}

// describe names what a department change does, for its row.
func (c DeptChange) describe() string {
	d := c.dept()
	if d.SystemCode != nil {
		return fmt.Sprintf("应用 %s 的部门", *d.SystemCode)
	}
	return d.Name
}

// Changed names what an update or disable changes: name, mobile, email, position, departments, status; none for a
// create or a delete.
func (c MemberChange) Changed() []string {
	if c.Want == nil || c.Have == nil {
		return nil
	}
	var out []string
	for _, f := range []struct {
		name string
		diff bool
	}{
		{"name", c.Want.Name != c.Have.Name}, {"mobile", c.Want.Mobile != c.Have.Mobile},
		{"email", c.Want.Email != c.Have.Email}, {"position", c.Want.Position != c.Have.Position},
		{"departments", c.Want.Departments != c.Have.Departments}, {"status", c.Want.Disabled != c.Have.Disabled},
	} {
		if f.diff {
			out = append(out, f.name)
		}
	}
	return out
}

// Describe names the department a change writes, for a person.
func (c DeptChange) Describe() string { return c.describe() }

// Counts are how many writes of each kind a plan or a run has.
type Counts struct {
	DeptCreates, DeptUpdates, DeptDeletes, Creates, Updates, Disables, Deletes, Invalid int
}

// Counts counts the plan's writes.
func (p Plan) Counts() Counts {
	return Counts{DeptCreates: p.deptCount(ActionCreate), DeptUpdates: p.deptCount(ActionUpdate),
		DeptDeletes: p.deptCount(ActionDelete), Creates: p.count(ActionCreate), Updates: p.count(ActionUpdate),
		Disables: p.count(ActionDisable), Deletes: p.count(ActionDelete), Invalid: len(p.Invalid)}
}

// Counts are the run's planned writes.
func (r Run) Counts() Counts {
	return Counts{DeptCreates: r.DeptCreates, DeptUpdates: r.DeptUpdates, DeptDeletes: r.DeptDeletes,
		Creates: r.Creates, Updates: r.Updates, Disables: r.Disables, Deletes: r.Deletes, Invalid: r.Invalid}
}
