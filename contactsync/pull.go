package contactsync

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// StartPull queues a pull of WeCom's directory into Qiao's for the tenant in ctx (一键同步, seed 003), started by
// who. It returns conflict while another sync of the tenant is queued or running, invalid when the OA app is not
// bound (its token reads the directory: the contact-sync secret may not, from IPs WeCom added after 2022).
func (s *Service) StartPull(ctx context.Context, by string) (Run, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return Run{}, apperr.Wrap(err, apperr.Internal, "start pull")
	}
	if _, err := s.d.Credentials.Credentials(ctx, tenants.AppCredential(directory.SystemOA)); err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return Run{}, &apperr.Error{Code: apperr.Invalid, Msg: apperr.MessageOf(err) + "：请先在「企业微信绑定」中关联协同办公应用", Err: err}
		}
		return Run{}, err
	}
	return s.queue(ctx, Run{Direction: FromWeCom, Trigger: TriggerManual, Mode: ModePull, StartedBy: by})
}

// queue writes run r (queued, running) and the outbox message that runs it, in one transaction.
func (s *Service) queue(ctx context.Context, r Run) (Run, error) {
	now := s.d.Now().UTC()
	one := 1
	r.State, r.Running, r.CreatedAt, r.UpdatedAt = StateQueued, &one, now, now
	err := s.d.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		return outbox.Add(ctx, tx, now, outbox.KindContactSync, fmt.Sprintf("%s:%d", outbox.KindContactSync, r.ID),
			outbox.ContactSyncPayload{SyncID: r.ID})
	})
	if database.IsDuplicate(err) {
		return Run{}, apperr.E(apperr.Conflict, "已有一次通讯录同步正在进行，请等它完成")
	}
	if err != nil {
		return Run{}, apperr.Wrap(err, apperr.Internal, "start contact sync")
	}
	return r, nil
}

// pull reads the departments and members the OA app sees (department/list, user/list with fetch_child: two calls
// whatever the size) and brings them into Qiao: a department already mirrored is known; another is matched to
// Qiao's of the same name under the same parent, or created; a member already mirrored is known; another is
// matched to the employee with that WeCom account, or added (named as WeCom has them, without the mobile and email
// WeCom no longer gives apps). Each becomes a mirror row as WeCom holds it, so the next sync to WeCom writes only
// what Qiao has that WeCom lacks, and deletes nobody.
func (r *runner) pull() error {
	app, err := r.s.d.Credentials.Credentials(r.ctx, tenants.AppCredential(directory.SystemOA))
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return &runFailure{msg: apperr.MessageOf(err)}
		}
		return err
	}
	r.call()
	depts, err := r.s.d.WeCom.ListDepartments(r.ctx, app, 0)
	if err != nil {
		return r.wecomErr(err)
	}
	r.call()
	users, err := r.s.d.WeCom.ListUsers(r.ctx, app, wecom.RootDepartment, true)
	if err != nil {
		return r.wecomErr(err)
	}
	r.run.Total = len(depts) + len(users)
	if err := r.progress(); err != nil {
		return err
	}
	if err := r.pullDepartments(depts); err != nil {
		return err
	}
	if err := r.progress(); err != nil {
		return err
	}
	return r.pullMembers(users)
}

func (r *runner) pullDepartments(depts []wecom.Department) error {
	src, err := r.s.d.Directory.SyncSource(r.ctx)
	if err != nil {
		return err
	}
	db := r.s.d.DB.WithContext(r.ctx)
	var mirror []mirrorDepartment
	if err := db.Find(&mirror).Error; err != nil {
		return fmt.Errorf("contactsync: load mirror: %w", err)
	}
	known := map[int64]mirrorDepartment{}
	for _, d := range mirror {
		known[d.WeComID] = d
	}
	systems := map[string]bool{}
	for _, sys := range src.Systems {
		systems[sys.Code] = true
	}
	// Qiao's departments by parent and name, to match WeCom's.
	type key struct {
		parent uint64
		name   string
	}
	ours := map[key]uint64{}
	for _, d := range src.Departments {
		var p uint64
		if d.ParentID != nil {
			p = *d.ParentID
		}
		ours[key{p, d.Name}] = d.ID
	}
	list := make([]mirrorDepartment, 0, len(depts))
	for _, d := range depts {
		list = append(list, mirrorDepartment{WeComID: d.ID, Name: d.Name, ParentWeComID: d.ParentID})
	}
	depth := depthsOf(list)
	slices.SortStableFunc(depts, func(a, b wecom.Department) int { return cmp.Compare(depth[a.ID], depth[b.ID]) })
	for _, d := range depts {
		ref := strconv.FormatInt(d.ID, 10)
		if d.ID == wecom.RootDepartment {
			continue
		}
		if _, ok := known[d.ID]; ok {
			continue
		}
		m := mirrorDepartment{WeComID: d.ID, Name: d.Name, ParentWeComID: d.ParentID}
		if d.ParentID == wecom.RootDepartment && systems[d.Name] {
			code := d.Name
			m.SystemCode = &code
			if err := saveMirror(r.ctx, r.s, []mirrorDepartment{m}); err != nil {
				return err
			}
			known[d.ID] = m
			r.add(KindDepartment, "应用 "+code+" 的部门", ref, ActionLink, ResultOK, "")
			continue
		}
		var parent *uint64
		if p, ok := known[d.ParentID]; ok && p.DepartmentID != nil {
			parent = p.DepartmentID
		} else if d.ParentID != wecom.RootDepartment {
			r.add(KindDepartment, d.Name, ref, ActionCreate, ResultFailed, "上级部门不在桥中（不在协同办公应用的可见范围内？）")
			continue
		}
		var pid uint64
		if parent != nil {
			pid = *parent
		}
		action := ActionLink
		id, ok := ours[key{pid, d.Name}]
		if !ok {
			created, err := r.s.d.Inbound.CreateDepartment(r.ctx, d.Name, parent, 0)
			if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.Conflict) {
				r.add(KindDepartment, d.Name, ref, ActionCreate, ResultFailed, apperr.MessageOf(err))
				continue
			}
			if err != nil {
				return err
			}
			id, action = created.ID, ActionCreate
			ours[key{pid, d.Name}] = id
		}
		m.DepartmentID = &id
		if err := saveMirror(r.ctx, r.s, []mirrorDepartment{m}); err != nil {
			return err
		}
		known[d.ID] = m
		r.add(KindDepartment, d.Name, ref, action, ResultOK, "")
	}
	return nil
}

// pullBatch is how many new people a pull adds in one go.
const pullBatch = 500

func (r *runner) pullMembers(users []wecom.User) error {
	db := r.s.d.DB.WithContext(r.ctx)
	var mirrored []string
	if err := db.Model(&mirrorMember{}).Pluck("userid", &mirrored).Error; err != nil {
		return fmt.Errorf("contactsync: load mirror: %w", err)
	}
	known := map[string]bool{}
	for _, u := range mirrored {
		known[strings.ToLower(u)] = true
	}
	var depts []mirrorDepartment
	if err := db.Where("department_id IS NOT NULL").Find(&depts).Error; err != nil {
		return fmt.Errorf("contactsync: load mirror: %w", err)
	}
	ourDept := map[int64]uint64{}
	for _, d := range depts {
		ourDept[d.WeComID] = *d.DepartmentID
	}
	var todo []wecom.User
	for _, u := range users {
		if !known[strings.ToLower(u.UserID)] {
			todo = append(todo, u)
			known[strings.ToLower(u.UserID)] = true
		}
	}
	hidden, err := directory.NewHiddenPassword()
	if err != nil {
		return err
	}
	for chunk := range slices.Chunk(todo, pullBatch) {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		ids := make([]string, len(chunk))
		for i, u := range chunk {
			ids[i] = u.UserID
		}
		existing, err := r.s.d.Inbound.EmployeeIDsByWeComUserIDs(r.ctx, ids)
		if err != nil {
			return err
		}
		var items []directory.NewEmployee
		var fresh []wecom.User
		for _, u := range chunk {
			if _, ok := existing[u.UserID]; ok {
				continue
			}
			userID := u.UserID
			name := strings.TrimSpace(u.Name)
			if name == "" {
				name = userID
			}
			var ds []uint64
			for _, d := range u.Departments {
				if id, ok := ourDept[d]; ok && !slices.Contains(ds, id) && len(ds) < directory.MaxDepartmentsPerEmployee {
					ds = append(ds, id)
				}
			}
			e := directory.Employee{Name: name, WeComUserID: &userID}
			if u.Position != "" {
				e.Position = &u.Position
			}
			items = append(items, directory.NewEmployee{Employee: e, Login: loginFor(userID), DepartmentIDs: ds, InWeCom: true})
			fresh = append(fresh, u)
		}
		errs, err := r.s.d.Inbound.CreateStaffBatch(r.ctx, items, hidden)
		if err != nil {
			return err
		}
		refused := map[string]string{}
		for i, e := range errs {
			if e != nil {
				refused[fresh[i].UserID] = apperr.MessageOf(e)
			}
		}
		if existing, err = r.s.d.Inbound.EmployeeIDsByWeComUserIDs(r.ctx, ids); err != nil {
			return err
		}
		var rows []mirrorMember
		for _, u := range chunk {
			if why, bad := refused[u.UserID]; bad {
				r.add(KindMember, u.Name, u.UserID, ActionCreate, ResultFailed, why)
				continue
			}
			id, ok := existing[u.UserID]
			if !ok {
				r.add(KindMember, u.Name, u.UserID, ActionCreate, ResultFailed, "未能加入桥的通讯录")
				continue
			}
			action := ActionLink
			if slices.ContainsFunc(fresh, func(f wecom.User) bool { return f.UserID == u.UserID }) {
				action = ActionCreate
			}
			rows = append(rows, mirrorMember{EmployeeID: id, UserID: strings.ToLower(u.UserID), Name: u.Name, Mobile: u.Mobile,
				Email: u.Email, Position: u.Position, Departments: joinIDs(u.Departments), Disabled: u.Status == wecom.UserDisabled})
			if st, ok := directory.WeComStatusOf(strconv.Itoa(int(u.Status))); ok {
				if _, err := r.s.d.Inbound.SetWeComStatus(r.ctx, u.UserID, st, r.s.d.Now()); err != nil {
					return err
				}
			}
			r.add(KindMember, u.Name, u.UserID, action, ResultOK, "")
		}
		if err := saveMirror(r.ctx, r.s, rows); err != nil {
			return err
		}
		if err := r.progress(); err != nil {
			return err
		}
	}
	return nil
}

// loginFor is the login of a person added from WeCom: their userid, or, where it is no login (a userid may hold
// characters a login may not), the userid with those characters as "_" behind "wx_".
func loginFor(userID string) string {
	if directory.ValidLogin(userID) {
		return userID
	}
	return "wx_" + strings.Map(func(r rune) rune {
		if directory.ValidLogin(string(r) + string(r)) {
			return r
		}
		return '_'
	}, userID)
}
