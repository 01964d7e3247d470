package contactsync

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/text"
	"github.com/qiao-hq/qiao/wechat/wecom"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// Inbound is what the sync writes into the directory from WeCom's contact-change events.
type Inbound interface {
	EmployeeByWeComUserID(ctx context.Context, userID string) (directory.Employee, error)
	CreateStaff(ctx context.Context, in directory.NewEmployee) (directory.EmployeeDetail, string, error)
	UpdateStaff(ctx context.Context, id uint64, p directory.StaffPatch) (directory.EmployeeDetail, error)
	CreateDepartment(ctx context.Context, name string, parentID *uint64, sortOrder int) (directory.Department, error)
	RenameDepartment(ctx context.Context, id uint64, name string) (directory.Department, error)
	MoveDepartment(ctx context.Context, id uint64, parentID *uint64) (directory.Department, error)
	Department(ctx context.Context, id uint64) (directory.Department, error)
	CreateStaffBatch(ctx context.Context, items []directory.NewEmployee, hidden *directory.HiddenPassword) ([]error, error)
	EmployeeIDsByWeComUserIDs(ctx context.Context, userIDs []string) (map[string]uint64, error)
	SetWeComStatus(ctx context.Context, userID string, st directory.WeComStatus, at time.Time) (bool, error)
}

// Outcome is what an event did: Applied when Qiao's directory or mirror changed, and why, in the admin's words.
type Outcome struct {
	Applied bool
	Reason  string
}

func applied(format string, args ...any) Outcome { return Outcome{true, fmt.Sprintf(format, args...)} }
func skipped(format string, args ...any) Outcome { return Outcome{false, fmt.Sprintf(format, args...)} }

// fieldLabels name the fields for a person.
var fieldLabels = map[Field]string{FieldName: "姓名", FieldMobile: "手机", FieldEmail: "邮箱", FieldPosition: "职位",
	FieldDepartments: "部门"}

// ContactChanged applies one change_contact event of the tenant in ctx (a member or a department created, changed
// or deleted in WeCom's console) to the directory, and records it in the day's run from WeCom. An event that
// only repeats what the mirror says Qiao wrote is an echo, and changes nothing. A change to a field the tenant's
// settings give WeCom is applied to Qiao; a change to a field Qiao owns is a conflict: Qiao keeps its value, the
// mirror learns WeCom's, and the next sync writes Qiao's back. Tags are not Qiao's concern.
func (s *Service) ContactChanged(ctx context.Context, ev wxcrypt.Event) (Outcome, error) {
	if s.d.Inbound == nil {
		return skipped("通讯录变更事件已保存"), nil
	}
	settings, err := s.settingsRow(ctx)
	if err != nil {
		return Outcome{}, err
	}
	in := &inbound{s: s, ctx: ctx, settings: settings, dir: s.d.Inbound}
	var out Outcome
	switch ev.ChangeType {
	case "create_user", "update_user":
		out, err = in.member(ev)
	case "delete_user":
		out, err = in.memberDeleted(ev)
	case "create_party", "update_party":
		out, err = in.department(ev)
	case "delete_party":
		out, err = in.departmentDeleted(ev)
	default:
		return skipped("暂不处理的通讯录变更 %s", ev.ChangeType), nil
	}
	if err != nil {
		return Outcome{}, err
	}
	if err := in.record(); err != nil {
		return Outcome{}, err
	}
	return out, nil
}

type inbound struct {
	s        *Service
	ctx      context.Context
	settings settingsRow
	dir      Inbound
	rows     []RunRow
}

func (in *inbound) row(kind, subject, ref, action, reason string) {
	r := RunRow{Kind: kind, Subject: text.Clip(subject, 255), Ref: text.Clip(ref, 64), Action: action, Result: ResultOK}
	if action == ActionEcho {
		r.Result = ResultSkipped
	}
	if reason != "" {
		reason = text.Clip(reason, 1000)
		r.Reason = &reason
	}
	in.rows = append(in.rows, r)
}

// record appends the rows to the day's run from WeCom (one a day per tenant, in the tenant's zone), its counts
// kept under the run's row lock so that events processed at once number their rows in turn.
func (in *inbound) record() error {
	if len(in.rows) == 0 {
		return nil
	}
	now := in.s.d.Now().UTC()
	loc, err := time.LoadLocation(in.settings.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	day := now.In(loc).Format(time.DateOnly)
	db := in.s.d.DB.WithContext(in.ctx)
	// The day's run is made by the first event of the day. Events processed at once may both try: InnoDB then
	// picks one as a deadlock's victim, which writes nothing and tries again, finding the run made. What the event
	// did to the directory is done already, so its record must not be lost to a retry of the whole event.
	for range 5 {
		if err = in.appendRows(db, day, now); !database.IsDeadlock(err) {
			return err
		}
	}
	return err
}

func (in *inbound) appendRows(db *gorm.DB, day string, now time.Time) error {
	var have int64
	if err := db.Model(&Run{}).Where("in_day = ?", day).Count(&have).Error; err != nil {
		return err
	}
	if have == 0 {
		first := Run{Direction: FromWeCom, Trigger: TriggerEvents, Mode: ModeEvents, State: StateDone,
			StartedBy: "wecom", InDay: &day, CreatedAt: now, UpdatedAt: now, FinishedAt: &now}
		if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&first).Error; err != nil {
			return err
		}
	}
	rows := slices.Clone(in.rows)
	return db.Transaction(func(tx *gorm.DB) error {
		var run Run
		if err := tx.Clauses(lockForUpdate).Where("in_day = ?", day).Take(&run).Error; err != nil {
			return err
		}
		var last struct{ Seq *int }
		if err := tx.Model(&RunRow{}).Select("MAX(seq) AS seq").Where("sync_id = ?", run.ID).Scan(&last).Error; err != nil {
			return err
		}
		seq := 0
		if last.Seq != nil {
			seq = *last.Seq
		}
		for i := range rows {
			seq++
			rows[i].SyncID, rows[i].Seq = run.ID, seq
			switch rows[i].Action {
			case ActionConflict:
				run.Conflicts++
			case ActionEcho:
			default:
				run.Done++
			}
			run.Total++
		}
		if err := tx.Create(&rows).Error; err != nil {
			return err
		}
		return tx.Model(&Run{}).Where("id = ?", run.ID).Updates(map[string]any{"conflicts": run.Conflicts,
			"done": run.Done, "total": run.Total, "updated_at": now, "finished_at": now}).Error
	})
}

// departmentsOf maps WeCom department ids to Qiao's through the mirror; system departments and unknown ids are
// left out.
func (in *inbound) departmentsOf(ids []int64) ([]uint64, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var ds []mirrorDepartment
	if err := in.s.d.DB.WithContext(in.ctx).Where("wecom_id IN ?", ids).Find(&ds).Error; err != nil {
		return nil, fmt.Errorf("contactsync: map departments: %w", err)
	}
	by := map[int64]uint64{}
	for _, d := range ds {
		if d.DepartmentID != nil {
			by[d.WeComID] = *d.DepartmentID
		}
	}
	var out []uint64
	for _, id := range ids {
		if d, ok := by[id]; ok && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out, nil
}

func (in *inbound) mirrorOf(userID string) (*mirrorMember, error) {
	var m mirrorMember
	err := in.s.d.DB.WithContext(in.ctx).Where("userid = ?", strings.ToLower(userID)).Take(&m).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("contactsync: load mirror member: %w", err)
	}
	return &m, nil
}

func (in *inbound) saveMirror(m mirrorMember) error {
	m.TenantID = 0
	return saveMirror(in.ctx, in.s, []mirrorMember{m})
}

// reported is a member field an event carries, with its value in the event and in the mirror.
type reported struct {
	field       Field
	event, have string
}

// member applies create_user and update_user.
func (in *inbound) member(ev wxcrypt.Event) (Outcome, error) {
	userID := ev.UserID
	e, err := in.dir.EmployeeByWeComUserID(in.ctx, userID)
	if apperr.Is(err, apperr.NotFound) && ev.NewUserID != "" {
		// Renamed before: this event repeats what the directory has already.
		if e, err = in.dir.EmployeeByWeComUserID(in.ctx, ev.NewUserID); err == nil {
			userID = ev.NewUserID
		}
	}
	if apperr.Is(err, apperr.NotFound) {
		return in.memberCreated(ev)
	}
	if err != nil {
		return Outcome{}, err
	}
	renamedFrom := ""
	if ev.NewUserID != "" && !strings.EqualFold(ev.NewUserID, userID) {
		// The account was renamed in WeCom's console, which alone can: the employee and the mirror follow, so
		// Qiao's writes (a resignation's deletion above all) reach the member under the name WeCom knows.
		if out, done, err := in.renamed(e, userID, ev.NewUserID); err != nil || done {
			return out, err
		}
		renamedFrom, userID = userID, ev.NewUserID
	}
	have, err := in.mirrorOf(userID)
	if err != nil {
		return Outcome{}, err
	}
	if have == nil {
		// Never written by Qiao: what WeCom has becomes the mirror, and the next sync writes Qiao's values.
		have = &mirrorMember{EmployeeID: e.ID, UserID: strings.ToLower(userID), Name: e.Name}
	}
	if ev.Name == "" {
		// Newer contact callbacks do not say what a member's name became; the OA app may still read it.
		if n := in.nameFromWeCom(userID); n != userID {
			ev.Name = n
		}
	}
	depts := joinIDs(ev.Department)
	carried := 0
	var fields []reported
	for _, f := range []reported{
		{FieldName, ev.Name, have.Name}, {FieldMobile, ev.Mobile, have.Mobile}, {FieldEmail, ev.Email, have.Email},
		{FieldPosition, ev.Position, have.Position}, {FieldDepartments, depts, have.Departments},
	} {
		// A field the event does not carry is not reported (WeCom sends only what changed, and new callback URLs
		// send less); an empty value cannot be told from a missing one.
		if f.event == "" {
			continue
		}
		carried++
		if f.event != f.have {
			fields = append(fields, f)
		}
	}
	if len(fields) == 0 && ev.Status != "" {
		return Outcome{}, nil // a change of state only, which the inbox records on the employee
	}
	if carried == 0 && renamedFrom != "" {
		return applied("%s：企业微信中账号改为 %s，桥已跟随", renamedFrom, userID), nil
	}
	if carried == 0 {
		return skipped("%s：企业微信中的改动不涉及桥维护的字段", userID), nil
	}
	if len(fields) == 0 {
		in.row(KindMember, e.Name, userID, ActionEcho, "企业微信回送了桥写入的内容，未再次处理")
		return skipped("%s：与桥上次写入企业微信的内容相同（回送），未再次处理", userID), nil
	}
	var patch directory.StaffPatch
	var took, kept []string
	next := *have
	for _, f := range fields {
		label := fieldLabels[f.field]
		*next.field(f.field) = f.event
		if !in.settings.wecomOwns(f.field) {
			kept = append(kept, label)
			in.row(KindMember, e.Name, userID, ActionConflict,
				fmt.Sprintf("企业微信中的%s改为“%s”；该字段由桥维护，下次同步改回桥的值", label, f.event))
			continue
		}
		took = append(took, label)
		v := f.event
		switch f.field {
		case FieldName:
			patch.Name = &v
		case FieldMobile:
			patch.Mobile = &v
		case FieldEmail:
			patch.Email = &v
		case FieldPosition:
			patch.Position = &v
		case FieldDepartments:
			ids, err := in.departmentsOf(ev.Department)
			if err != nil {
				return Outcome{}, err
			}
			if len(ids) == 0 {
				// Only system departments, or ones Qiao does not have: nothing of Qiao's to put them in.
				took = took[:len(took)-1]
				in.row(KindMember, e.Name, userID, ActionConflict, "企业微信中的部门不在桥中（应用的部门或未同步的部门），桥中的部门未改")
				continue
			}
			patch.DepartmentIDs = &ids
			if ev.MainDepartment != 0 {
				if main, err := in.departmentsOf([]int64{ev.MainDepartment}); err == nil && len(main) == 1 {
					patch.MainDepartmentID = main[0]
				}
			}
		}
	}
	if len(took) > 0 {
		if _, err := in.dir.UpdateStaff(in.ctx, e.ID, patch); err != nil {
			if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.Conflict) {
				in.row(KindMember, e.Name, userID, ActionConflict, "企业微信中的修改不能写入桥："+apperr.MessageOf(err))
				if err := in.saveMirror(next); err != nil {
					return Outcome{}, err
				}
				return skipped("%s：企业微信中的修改不能写入桥（%s）", userID, apperr.MessageOf(err)), nil
			}
			return Outcome{}, err
		}
		in.row(KindMember, e.Name, userID, ActionApply, "按企业微信更新了"+strings.Join(took, "、"))
	}
	// The mirror learns what WeCom holds now: a field WeCom owns is not written back, one Qiao owns is.
	if err := in.saveMirror(next); err != nil {
		return Outcome{}, err
	}
	switch {
	case len(kept) == 0 && len(took) == 0:
		return skipped("%s：企业微信中的部门不在桥中（应用的部门或未同步的部门），桥中未改", userID), nil
	case len(kept) == 0:
		return applied("%s：按企业微信更新了%s", userID, strings.Join(took, "、")), nil
	case len(took) == 0:
		return applied("%s：企业微信中改了%s，由桥维护，下次同步改回", userID, strings.Join(kept, "、")), nil
	}
	return applied("%s：按企业微信更新了%s；%s由桥维护，下次同步改回", userID, strings.Join(took, "、"), strings.Join(kept, "、")), nil
}

// renamed moves employee e and its mirror row from WeCom account from to to. done reports an outcome that ends the
// event (Qiao refusing the new account).
func (in *inbound) renamed(e directory.Employee, from, to string) (Outcome, bool, error) {
	if _, err := in.dir.UpdateStaff(in.ctx, e.ID, directory.StaffPatch{WeComUserID: &to}); err != nil {
		if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.Conflict) {
			in.row(KindMember, e.Name, from, ActionConflict, "企业微信中账号改为 "+to+"，桥中不能改："+apperr.MessageOf(err))
			return skipped("%s：企业微信中账号改为 %s，桥中不能改（%s）", from, to, apperr.MessageOf(err)), true, nil
		}
		return Outcome{}, true, err
	}
	if err := in.s.d.DB.WithContext(in.ctx).Model(&mirrorMember{}).Where("employee_id = ?", e.ID).
		UpdateColumn("userid", strings.ToLower(to)).Error; err != nil {
		return Outcome{}, true, fmt.Errorf("contactsync: rename mirror member: %w", err)
	}
	in.row(KindMember, e.Name, to, ActionApply, "企业微信中账号由 "+from+" 改为 "+to+"，桥已跟随")
	return Outcome{}, false, nil
}

// memberCreated adds a member WeCom has and Qiao does not (added in the console) to the directory, with a password
// nobody knows (they sign in through WeCom; an admin may reset it), and to the mirror as WeCom holds them.
func (in *inbound) memberCreated(ev wxcrypt.Event) (Outcome, error) {
	userID := ev.UserID
	if !wecom.ValidUserID(userID) {
		return skipped("企业微信账号 %q 无效", userID), nil
	}
	// Contact callbacks set up since 2022-08-15 carry only the userid and departments; the OA app may still read
	// a member's name and state (not their mobile or email). Without it the userid stands in until an admin edits.
	read, readable := in.readMember(userID)
	name := strings.TrimSpace(ev.Name)
	if name == "" {
		name = userID
		if readable && strings.TrimSpace(read.Name) != "" {
			name = strings.TrimSpace(read.Name)
		}
	}
	login := loginFor(userID)
	depts, err := in.departmentsOf(ev.Department)
	if err != nil {
		return Outcome{}, err
	}
	hidden, err := directory.NewHiddenPassword()
	if err != nil {
		return Outcome{}, err
	}
	emp := directory.Employee{Name: name, WeComUserID: &userID}
	if ev.Mobile != "" {
		emp.Mobile = &ev.Mobile
	}
	if ev.Email != "" {
		emp.Email = &ev.Email
	}
	if ev.Position != "" {
		emp.Position = &ev.Position
	}
	d, _, err := in.dir.CreateStaff(in.ctx, directory.NewEmployee{Employee: emp, Login: login, Hidden: hidden,
		DepartmentIDs: depts, InWeCom: true})
	if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.Conflict) {
		in.row(KindMember, name, userID, ActionConflict, "企业微信中新增的成员不能加入桥："+apperr.MessageOf(err))
		return skipped("%s：企业微信中新增的成员不能加入桥（%s）", userID, apperr.MessageOf(err)), nil
	}
	if err != nil {
		return Outcome{}, err
	}
	m := mirrorMember{EmployeeID: d.ID, UserID: strings.ToLower(userID), Name: name, Mobile: ev.Mobile, Email: ev.Email,
		Position: ev.Position, Departments: joinIDs(ev.Department), Disabled: ev.Status == "2"}
	if err := in.saveMirror(m); err != nil {
		return Outcome{}, err
	}
	status := ev.Status
	if status == "" && readable {
		status = strconv.Itoa(int(read.Status))
	}
	if st, ok := directory.WeComStatusOf(status); ok {
		if _, err := in.dir.SetWeComStatus(in.ctx, userID, st, time.Unix(ev.CreateTime, 0)); err != nil {
			return Outcome{}, err
		}
	}
	in.row(KindMember, name, userID, ActionApply, "企业微信中新增的成员，已加入桥的通讯录（账号 "+login+"）")
	return applied("%s：企业微信中新增的成员已加入桥的通讯录", userID), nil
}

// readMember reads a member through the OA app (user/get): their name and state, not their mobile or email; false
// when WeCom does not let it (the member outside the app's visible range, no OA app).
func (in *inbound) readMember(userID string) (wecom.User, bool) {
	app, err := in.s.d.Credentials.Credentials(in.ctx, tenants.AppCredential(directory.SystemOA))
	if err != nil {
		return wecom.User{}, false
	}
	u, err := in.s.d.WeCom.GetUser(in.ctx, app, userID)
	if err != nil {
		in.s.d.Log.InfoContext(in.ctx, "member not readable from WeCom", "userid", userID, "err", err)
		return wecom.User{}, false
	}
	return u, true
}

// nameFromWeCom is the member's name as the OA app reads it, or the userid when it cannot.
func (in *inbound) nameFromWeCom(userID string) string {
	if u, ok := in.readMember(userID); ok && strings.TrimSpace(u.Name) != "" {
		return strings.TrimSpace(u.Name)
	}
	return userID
}

// memberDeleted forgets a member WeCom deleted. Who is on staff is Qiao's to say: an employee still on staff is
// written to WeCom again by the next sync (a conflict); a resigned one was deleted by Qiao itself.
func (in *inbound) memberDeleted(ev wxcrypt.Event) (Outcome, error) {
	have, err := in.mirrorOf(ev.UserID)
	if err != nil {
		return Outcome{}, err
	}
	if have != nil {
		if err := in.s.d.DB.WithContext(in.ctx).Where("employee_id = ?", have.EmployeeID).Delete(&mirrorMember{}).Error; err != nil {
			return Outcome{}, fmt.Errorf("contactsync: forget member: %w", err)
		}
	}
	e, err := in.dir.EmployeeByWeComUserID(in.ctx, ev.UserID)
	switch {
	case apperr.Is(err, apperr.NotFound):
		return skipped("%s 不是本企业员工", ev.UserID), nil
	case err != nil:
		return Outcome{}, err
	case e.Status == directory.StatusResigned:
		in.row(KindMember, e.Name, ev.UserID, ActionEcho, "已离职，企业微信中已删除")
		return skipped("%s 已离职，企业微信中的删除与桥一致", ev.UserID), nil
	}
	in.row(KindMember, e.Name, ev.UserID, ActionConflict, "企业微信中删除了该成员；桥中仍在职，下次同步将重新添加（需有手机或邮箱；如已离职，请在桥中办理离职）")
	return applied("%s：企业微信中删除了该成员，桥中仍在职，下次同步将重新添加（需有手机或邮箱）", ev.UserID), nil
}

func (in *inbound) mirrorDept(id int64) (*mirrorDepartment, error) {
	var d mirrorDepartment
	err := in.s.d.DB.WithContext(in.ctx).Where("wecom_id = ?", id).Take(&d).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("contactsync: load mirror department: %w", err)
	}
	return &d, nil
}

func (in *inbound) saveDept(d mirrorDepartment) error {
	d.TenantID = 0
	return saveMirror(in.ctx, in.s, []mirrorDepartment{d})
}

// department applies create_party and update_party.
func (in *inbound) department(ev wxcrypt.Event) (Outcome, error) {
	ref := strconv.FormatInt(ev.Id, 10)
	have, err := in.mirrorDept(ev.Id)
	if err != nil {
		return Outcome{}, err
	}
	if have != nil && (ev.Name == "" || ev.Name == have.Name) && (ev.ParentId == 0 || ev.ParentId == have.ParentWeComID) {
		in.row(KindDepartment, have.Name, ref, ActionEcho, "企业微信回送了桥写入的内容，未再次处理")
		return skipped("部门 %d：与桥上次写入企业微信的内容相同（回送），未再次处理", ev.Id), nil
	}
	parent, err := in.parentOf(ev.ParentId)
	if err != nil {
		return Outcome{}, err
	}
	if have == nil {
		if ev.Name == "" {
			return skipped("部门 %d 的事件没有名称", ev.Id), nil
		}
		d, err := in.dir.CreateDepartment(in.ctx, ev.Name, parent, 0)
		if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.Conflict) {
			in.row(KindDepartment, ev.Name, ref, ActionConflict, "企业微信中新增的部门不能加入桥："+apperr.MessageOf(err))
			return skipped("部门 %s 不能加入桥：%s", ev.Name, apperr.MessageOf(err)), nil
		}
		if err != nil {
			return Outcome{}, err
		}
		if err := in.saveDept(mirrorDepartment{WeComID: ev.Id, DepartmentID: &d.ID, Name: ev.Name,
			ParentWeComID: max(ev.ParentId, wecom.RootDepartment)}); err != nil {
			return Outcome{}, err
		}
		in.row(KindDepartment, ev.Name, ref, ActionApply, "企业微信中新增的部门，已加入桥的部门")
		return applied("企业微信中新增的部门 %s 已加入桥", ev.Name), nil
	}
	next := *have
	if ev.Name != "" {
		next.Name = ev.Name
	}
	if ev.ParentId != 0 {
		next.ParentWeComID = ev.ParentId
	}
	if have.DepartmentID == nil || !in.settings.wecomOwns(FieldDepartments) {
		in.row(KindDepartment, have.Name, ref, ActionConflict, "企业微信中修改了该部门；部门由桥维护，下次同步改回")
		if err := in.saveDept(next); err != nil {
			return Outcome{}, err
		}
		return applied("部门 %s：企业微信中的修改由桥维护，下次同步改回", have.Name), nil
	}
	id := *have.DepartmentID
	if next.Name != have.Name {
		if _, err := in.dir.RenameDepartment(in.ctx, id, next.Name); err != nil {
			return in.departmentRefused(have.Name, ref, next, err)
		}
	}
	if next.ParentWeComID != have.ParentWeComID {
		if _, err := in.dir.MoveDepartment(in.ctx, id, parent); err != nil {
			return in.departmentRefused(have.Name, ref, next, err)
		}
	}
	if err := in.saveDept(next); err != nil {
		return Outcome{}, err
	}
	in.row(KindDepartment, next.Name, ref, ActionApply, "按企业微信更新了部门")
	return applied("部门 %s：按企业微信更新", next.Name), nil
}

func (in *inbound) departmentRefused(name, ref string, next mirrorDepartment, err error) (Outcome, error) {
	if !apperr.Is(err, apperr.Invalid) && !apperr.Is(err, apperr.Conflict) && !apperr.Is(err, apperr.NotFound) {
		return Outcome{}, err
	}
	in.row(KindDepartment, name, ref, ActionConflict, "企业微信中的修改不能写入桥："+apperr.MessageOf(err))
	if err := in.saveDept(next); err != nil {
		return Outcome{}, err
	}
	return skipped("部门 %s：企业微信中的修改不能写入桥（%s）", name, apperr.MessageOf(err)), nil
}

// parentOf is Qiao's department for WeCom's parent id: nil for WeCom's root, a system's department or an unknown one.
func (in *inbound) parentOf(id int64) (*uint64, error) {
	if id <= wecom.RootDepartment {
		return nil, nil
	}
	ids, err := in.departmentsOf([]int64{id})
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	return &ids[0], nil
}

// departmentDeleted forgets a department WeCom deleted; Qiao keeps its own, which the next sync creates again.
func (in *inbound) departmentDeleted(ev wxcrypt.Event) (Outcome, error) {
	have, err := in.mirrorDept(ev.Id)
	if err != nil {
		return Outcome{}, err
	}
	if have == nil {
		return skipped("部门 %d 不是桥写入的部门", ev.Id), nil
	}
	if err := in.s.d.DB.WithContext(in.ctx).Where("wecom_id = ?", ev.Id).Delete(&mirrorDepartment{}).Error; err != nil {
		return Outcome{}, fmt.Errorf("contactsync: forget department: %w", err)
	}
	if have.DepartmentID != nil {
		if _, err := in.dir.Department(in.ctx, *have.DepartmentID); apperr.Is(err, apperr.NotFound) {
			in.row(KindDepartment, have.Name, strconv.FormatInt(ev.Id, 10), ActionEcho, "桥中已删除该部门")
			return skipped("部门 %s 在桥中已删除", have.Name), nil
		}
	}
	in.row(KindDepartment, have.Name, strconv.FormatInt(ev.Id, 10), ActionConflict, "企业微信中删除了该部门；桥中保留，下次同步将重新创建")
	return applied("部门 %s：企业微信中删除了，桥中保留，下次同步将重新创建", have.Name), nil
}
