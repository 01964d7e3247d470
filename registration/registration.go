// Package registration is open registration (seed 001 §4.3 开放注册): where a tenant allows it, a person applies
// from the phone with their name, department, position, account, mobile and email; an admin approves or refuses
// with a reason. An approved application becomes an employee, whom WeCom invites when the contact sync adds them
// (WeCom's user creation sends the invitation); the applicant follows their application by the token it gave them.
package registration

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/text"
)

// Status is where an application stands.
type Status string

// The statuses.
const (
	Pending  Status = "pending"
	Approved Status = "approved"
	Refused  Status = "refused"
)

// Application is one application (table registrations).
type Application struct {
	ID           uint64 `gorm:"primaryKey"`
	TenantID     uint64
	Name         string
	DepartmentID *uint64
	Position     *string
	Login        string
	Mobile       *string
	Email        *string
	Note         *string
	TokenHash    string `json:"-"`
	Status       Status
	Reason       *string
	DecidedBy    *string
	DecidedAt    *time.Time
	EmployeeID   *uint64
	// Party and Company are set when a customer's or supplier's contact person applied; PasswordHash keeps the
	// password they chose until the decision, and AccountID is the contact an approval made.
	Party        *directory.Party
	Company      *string
	PasswordHash *string `json:"-"`
	AccountID    *uint64
	CreatedAt    time.Time
}

// TableName implements gorm's tabler.
func (Application) TableName() string { return "registrations" }

// Input is what an applicant types.
type Input struct {
	Name         string
	DepartmentID *uint64
	Position     string
	Login        string
	Mobile       string
	Email        string
	Note         string
	// Party, when set, makes the applicant a customer's or supplier's contact person: Company and Password (their
	// own, under the tenant's password rules) are needed, and the department and position are not theirs.
	Party    directory.Party
	Company  string
	Password string
}

// MaxNote and MaxReason are the characters an applicant's note and an admin's reason may have (their columns').
const (
	MaxNote   = 500
	MaxReason = 500
)

// StartSync starts the contact sync that adds an approved person to WeCom, which invites them, for admin by.
type StartSync func(ctx context.Context, by string) error

// Service runs open registration.
type Service struct {
	db      *gorm.DB
	tenants *tenants.Store
	dir     *directory.Store
	sync    StartSync
	now     func() time.Time
	log     *slog.Logger
}

// New returns a Service; sync may be nil (approved people join WeCom at the admin's next sync), now and log default
// to time.Now and a discarding logger.
func New(db *gorm.DB, ts *tenants.Store, dir *directory.Store, sync StartSync, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: db, tenants: ts, dir: dir, sync: sync, now: now, log: log}
}

// MaxPending caps a tenant's applications waiting for a decision: the form is public, and a flood of them would
// bury the real ones.
const MaxPending = 1000

// ErrClosed answers a tenant that does not take applications, alike for an unknown one.
var ErrClosed = apperr.E(apperr.NotFound, "该企业未开放注册")

// Form is what the application page shows: the company and its departments, as a path each ("研发部 / 后端组").
type Form struct {
	Company     string
	Departments []FormDepartment
}

// FormDepartment is a department the applicant may choose.
type FormDepartment struct {
	ID   uint64
	Path string
}

// Open returns the form of tenant slug when it takes applications (its service account allows registering from the
// phone); ErrClosed otherwise, alike for an unknown tenant.
func (s *Service) Open(ctx context.Context, slug string) (context.Context, Form, error) {
	t, err := s.tenants.BySlug(ctx, slug)
	if apperr.Is(err, apperr.NotFound) {
		return ctx, Form{}, ErrClosed
	}
	if err != nil {
		return ctx, Form{}, err
	}
	ctx = tenancy.WithTenant(ctx, t.ID)
	st, err := s.tenants.MPSettings(ctx)
	if apperr.Is(err, apperr.NotFound) || (err == nil && !st.AllowRegister) {
		return ctx, Form{}, ErrClosed
	}
	if err != nil {
		return ctx, Form{}, err
	}
	f := Form{Company: t.Name}
	err = s.walkDepartments(ctx, func(id uint64, path string) {
		f.Departments = append(f.Departments, FormDepartment{ID: id, Path: path})
	})
	return ctx, f, err
}

// DepartmentPaths are the tenant's departments' paths from the top ("研发部 / 后端组"), by id.
func (s *Service) DepartmentPaths(ctx context.Context) (map[uint64]string, error) {
	out := map[uint64]string{}
	err := s.walkDepartments(ctx, func(id uint64, path string) { out[id] = path })
	return out, err
}

// walkDepartments calls visit for each department of the tenant in ctx, parents first, with its path.
func (s *Service) walkDepartments(ctx context.Context, visit func(id uint64, path string)) error {
	tree, err := s.dir.DepartmentTree(ctx)
	if err != nil {
		return err
	}
	var walk func(prefix string, nodes []directory.DepartmentNode)
	walk = func(prefix string, nodes []directory.DepartmentNode) {
		for _, n := range nodes {
			p := n.Name
			if prefix != "" {
				p = prefix + " / " + n.Name
			}
			visit(n.ID, p)
			walk(p, n.Children)
		}
	}
	walk("", tree)
	return nil
}

// Apply records an application to tenant slug and returns it with the token that lets the applicant follow it.
// Each field is checked as the staff record checks it (invalid naming the field); the department must be the
// tenant's. Whether the account, mobile or email is someone's already is not said here (anyone may apply, and the
// answer would tell who works there): the admin sees it when approving. ErrClosed for a tenant not taking them.
func (s *Service) Apply(ctx context.Context, slug string, in Input) (Application, string, error) {
	ctx, _, err := s.Open(ctx, slug)
	if err != nil {
		return Application{}, "", err
	}
	a, err := s.check(ctx, in)
	if err != nil {
		return Application{}, "", err
	}
	var pending int64
	if err := s.db.WithContext(ctx).Model(&Application{}).Where("status = ?", Pending).Count(&pending).Error; err != nil {
		return Application{}, "", apperr.Wrap(err, apperr.Internal, "count applications")
	}
	if pending >= MaxPending {
		return Application{}, "", apperr.E(apperr.RateLimited, "待审核的申请已满，请稍后再试或联系管理员")
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return Application{}, "", apperr.Wrap(err, apperr.Internal, "application token")
	}
	token := "rg_" + base64.RawURLEncoding.EncodeToString(b)
	a.TokenHash, a.Status, a.CreatedAt = hashToken(token), Pending, s.now().UTC()
	if err := s.db.WithContext(ctx).Create(&a).Error; err != nil {
		return Application{}, "", apperr.Wrap(err, apperr.Internal, "save application")
	}
	return a, token, nil
}

// check turns an applicant's input into an application, or invalid naming the field.
func (s *Service) check(ctx context.Context, in Input) (Application, error) {
	login := strings.TrimSpace(in.Login)
	if !directory.ValidLogin(login) {
		return Application{}, apperr.InvalidField("login", "账号只能包含字母、数字和 _ . @ -，长度 2–64")
	}
	opt := func(v string) *string {
		if v = strings.TrimSpace(v); v == "" {
			return nil
		}
		return &v
	}
	if in.Party != "" {
		return s.checkContact(ctx, login, in)
	}
	e, err := directory.Employee{Name: in.Name, Mobile: opt(in.Mobile), Email: opt(in.Email), Position: opt(in.Position)}.Normalize()
	if err != nil {
		return Application{}, err
	}
	if e.Mobile == nil && e.Email == nil {
		return Application{}, apperr.InvalidField("mobile", "手机和邮箱至少填写一项：企业微信用它们邀请您加入")
	}
	a := Application{Name: e.Name, Position: e.Position, Login: login, Mobile: e.Mobile, Email: e.Email}
	if v := opt(in.Note); v != nil {
		note, err := text.Block("note", "备注", *v)
		if err != nil {
			return Application{}, err
		}
		if utf8.RuneCountInString(note) > MaxNote {
			return Application{}, apperr.InvalidField("note", "备注最多 %d 字", MaxNote)
		}
		a.Note = &note
	}
	if in.DepartmentID != nil {
		if _, err := s.dir.Department(ctx, *in.DepartmentID); apperr.Is(err, apperr.NotFound) {
			return Application{}, apperr.InvalidField("departmentId", "所选部门不存在，请重新选择")
		} else if err != nil {
			return Application{}, err
		}
		a.DepartmentID = in.DepartmentID
	}
	return a, nil
}

// checkContact turns a contact person's input into an application: their name, company and mobile under a
// contact's rules, and their password checked and hashed now, so that it is never kept as typed.
func (s *Service) checkContact(ctx context.Context, login string, in Input) (Application, error) {
	c, err := directory.CheckContact(directory.ContactInput{Party: in.Party, Company: in.Company, Name: in.Name, Mobile: in.Mobile})
	if err != nil {
		return Application{}, err
	}
	if strings.TrimSpace(in.Email) != "" || strings.TrimSpace(in.Position) != "" || in.DepartmentID != nil {
		// A contact has none of these: kept nowhere, they must not be taken and dropped.
		field := "email"
		switch {
		case strings.TrimSpace(in.Position) != "":
			field = "position"
		case in.DepartmentID != nil:
			field = "departmentId"
		}
		return Application{}, apperr.InvalidField(field, "客户、供应商联系人的申请不填写邮箱、部门和职位")
	}
	if in.Password == "" {
		return Application{}, apperr.InvalidField("password", "请设置密码：审核通过后用它登录")
	}
	hash, err := s.dir.HashNewPassword(ctx, in.Password)
	if err != nil {
		return Application{}, err
	}
	a := Application{Name: c.Name, Login: login, Party: &c.Party, Company: &c.Company, PasswordHash: &hash}
	if c.Mobile != "" {
		a.Mobile = &c.Mobile
	}
	if note := strings.TrimSpace(in.Note); note != "" {
		if note, err = text.Block("note", "备注", note); err != nil {
			return Application{}, err
		}
		if utf8.RuneCountInString(note) > MaxNote {
			return Application{}, apperr.InvalidField("note", "备注最多 %d 字", MaxNote)
		}
		a.Note = &note
	}
	return a, nil
}

// Status returns the application of tenant slug that token names; not_found for any other token, alike.
func (s *Service) Status(ctx context.Context, slug, token string) (Application, error) {
	t, err := s.tenants.BySlug(ctx, slug)
	if err != nil {
		return Application{}, apperr.E(apperr.NotFound, "申请不存在")
	}
	var a Application
	err = s.db.WithContext(tenancy.WithTenant(ctx, t.ID)).Where("token_hash = ?", hashToken(strings.TrimSpace(token))).Take(&a).Error
	if err != nil {
		return Application{}, database.NotFoundOr(err, "申请不存在", "load application")
	}
	return a, nil
}

// MaxPage bounds a page of List.
const MaxPage = 100

// List returns the tenant's applications of status ("" for all), newest first, first of them before id after
// (0: from the newest), and whether more follow.
func (s *Service) List(ctx context.Context, status Status, first int, after uint64) ([]Application, bool, error) {
	if first < 1 || first > MaxPage {
		return nil, false, apperr.InvalidField("first", "每页 1–%d 条", MaxPage)
	}
	q := s.db.WithContext(ctx).Order("id DESC")
	if status != "" {
		q = q.Where("status = ?", status)
	}
	if after != 0 {
		q = q.Where("id < ?", after)
	}
	rows, more, err := database.FindPage[Application](q, first)
	if err != nil {
		return nil, false, apperr.Wrap(err, apperr.Internal, "list applications")
	}
	return rows, more, nil
}

// Decide approves or refuses pending application id, by admin (their login, for the record). Approving a customer's
// or supplier's contact makes their contact account with the password they chose, in the decision's transaction.
// Approving an employee makes the employee (directory.Store.CreateStaff: its rules, uniqueness included, refuse with the field named and the
// application stays pending), with a password nobody knows: they sign in through WeCom once they join, or an admin
// resets it; then the decision is recorded. It starts the contact sync that adds them to WeCom, which invites them;
// a sync that cannot start (no contact secret, no first sync yet) leaves them for the admin's next one, which synced
// false says. Refusing needs a reason, which the applicant reads. Errors: not_found, conflict when it was decided already.
func (s *Service) Decide(ctx context.Context, id uint64, approve bool, reason, admin string) (app Application, synced bool, err error) {
	reason = strings.TrimSpace(reason)
	if !approve && reason == "" {
		return Application{}, false, apperr.InvalidField("reason", "请填写拒绝的理由，申请人会看到它")
	}
	if reason != "" {
		if reason, err = text.Line("reason", "理由", reason); err != nil {
			return Application{}, false, err
		}
		if utf8.RuneCountInString(reason) > MaxReason {
			return Application{}, false, apperr.InvalidField("reason", "理由最多 %d 字", MaxReason)
		}
	}
	db := s.db.WithContext(ctx)
	if err := db.Where("id = ?", id).Take(&app).Error; err != nil {
		return Application{}, false, database.NotFoundOr(err, "申请不存在", "load application")
	}
	if app.Status != Pending {
		return Application{}, false, apperr.E(apperr.Conflict, "该申请已处理")
	}
	now := s.now().UTC()
	// The password a contact chose is not kept past the decision: an approval has put it on their account.
	upd := map[string]any{"status": Refused, "decided_by": admin, "decided_at": now, "reason": nil, "password_hash": nil}
	if reason != "" {
		upd["reason"] = reason
	}
	record := func(db *gorm.DB) error {
		res := db.Model(&Application{}).Where("id = ? AND status = ?", id, Pending).Updates(upd)
		if res.Error != nil {
			return apperr.Wrap(res.Error, apperr.Internal, "decide application")
		}
		if res.RowsAffected == 0 {
			return apperr.E(apperr.Conflict, "该申请已处理")
		}
		return nil
	}
	switch {
	case approve && app.Party != nil:
		// A contact and the decision in one transaction: the applicant knows the password, so an account made for an
		// application another admin refused meanwhile would let them in while their receipt says 未通过.
		upd["status"] = Approved
		err = s.admitContact(ctx, app, func(tx *gorm.DB, acctID uint64) error {
			upd["account_id"] = acctID
			return record(tx)
		})
	case approve:
		// The employee first: their record's rules refuse with the field named and the application stays pending. The
		// decision is then recorded on a context a closed tab cannot cancel, so an employee made is an application
		// approved; should it still fail, approving again says the account is taken, and the admin refuses it.
		upd["status"] = Approved
		empID, aerr := s.admit(ctx, app)
		if aerr != nil {
			return Application{}, false, aerr
		}
		upd["employee_id"] = empID
		db = s.db.WithContext(context.WithoutCancel(ctx))
		err = record(db)
	default:
		err = record(db)
	}
	if err != nil {
		return Application{}, false, err
	}
	if err := db.Where("id = ?", id).Take(&app).Error; err != nil {
		return Application{}, false, apperr.Wrap(err, apperr.Internal, "load application")
	}
	if approve && app.Party == nil && s.sync != nil {
		if err := s.sync(ctx, admin); err != nil {
			s.log.InfoContext(ctx, "contact sync not started for an approved application", "application", id, "err", err)
		} else {
			synced = true
		}
	}
	return app, synced, nil
}

// admit makes the employee of application a, with a password nobody knows, and returns their id.
func (s *Service) admit(ctx context.Context, a Application) (uint64, error) {
	hidden, err := directory.NewHiddenPassword()
	if err != nil {
		return 0, err
	}
	in := directory.NewEmployee{Employee: directory.Employee{Name: a.Name, Mobile: a.Mobile, Email: a.Email, Position: a.Position},
		Login: a.Login, Hidden: hidden}
	if a.DepartmentID != nil {
		in.DepartmentIDs = []uint64{*a.DepartmentID}
	}
	d, _, err := s.dir.CreateStaff(ctx, in)
	if err != nil {
		return 0, err
	}
	return d.ID, nil
}

// admitContact makes the contact of application a, with the password they chose, and runs then with their
// account's id in the same transaction.
func (s *Service) admitContact(ctx context.Context, a Application, then func(tx *gorm.DB, accountID uint64) error) error {
	if a.PasswordHash == nil || a.Company == nil {
		return apperr.E(apperr.Internal, "application %d: a contact's application without its password or company", a.ID)
	}
	in := directory.NewContact{ContactInput: directory.ContactInput{Party: *a.Party, Company: *a.Company, Name: a.Name},
		Login: a.Login, Source: directory.ContactByRegistration}
	if a.Mobile != nil {
		in.Mobile = *a.Mobile
	}
	_, _, err := s.dir.CreateContact(ctx, in.WithPasswordHash(*a.PasswordHash), func(tx *gorm.DB, c directory.Contact) error {
		return then(tx, c.AccountID)
	})
	return err
}

func hashToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}
