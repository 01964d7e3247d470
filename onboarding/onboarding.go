// Package onboarding brings a company onto Qiao: its tenant, its systems (OA, PB, CRM, with the default role) and
// its first admin, who signs in with a one-time password and must choose their own at once. The operator's command
// line (`qiao tenant create`) calls it today; the partner API will call it too. The creation is written to the new
// tenant's audit log as made by the actor in ctx.
package onboarding

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/partners"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
)

// Service creates tenants.
type Service struct {
	db       *gorm.DB
	tenants  *tenants.Store
	dir      *directory.Store
	partners *partners.Store
	now      func() time.Time
}

// NewService returns a Service; db must have tenancy.Plugin registered. now is the clock (nil: time.Now).
func NewService(db *gorm.DB, ts *tenants.Store, dir *directory.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, tenants: ts, dir: dir, partners: partners.NewStore(db, now), now: now}
}

// Input is a company to bring on.
type Input struct {
	Slug, Name string
	// AdminLogin is the first admin's login; AdminName their name (default 管理员).
	AdminLogin, AdminName string
	// PartnerID is the partner bringing the company on, which then acts as its admin; 0 for the operator.
	PartnerID uint64
}

// Result is what was made: the tenant, its first admin's account, and the one-time password to hand them.
type Result struct {
	Tenant   tenants.Tenant
	Admin    directory.Account
	Password string
}

// CreateTenant creates in's tenant with its systems and first admin, and records it in the tenant's audit log.
// Every input is checked before anything is written, so a refusal (invalid naming the field, conflict for a slug
// in use) leaves nothing behind; only an outage between the steps can leave a tenant without its admin, and the
// error says so. It returns internal when ctx carries no audit actor.
func (s *Service) CreateTenant(ctx context.Context, in Input) (Result, error) {
	if _, ok := audit.ActorFrom(ctx); !ok {
		return Result{}, apperr.E(apperr.Internal, "onboarding: create tenant without an audit actor")
	}
	if in.AdminName == "" {
		in.AdminName = "管理员"
	}
	// The employee rule (text, length) checks the name; its refusal names this input's field, --admin-name.
	admin, err := (directory.Employee{Name: in.AdminName, Status: directory.StatusActive}).Normalize()
	if err != nil {
		return Result{}, apperr.AsField(err, "adminName")
	}
	in.AdminName = admin.Name
	if !directory.ValidLogin(in.AdminLogin) {
		return Result{}, apperr.InvalidField("adminLogin", "账号只能包含字母、数字和 _ . @ -，长度 2–64")
	}
	t, err := s.tenants.Create(tenancy.System(ctx), in.Slug, in.Name)
	if err != nil {
		return Result{}, err
	}
	ctx = tenancy.WithTenant(ctx, t.ID)
	res, err := s.provision(ctx, t, in)
	if err != nil {
		return Result{}, fmt.Errorf("企业 %s 已建立，但未完成（%w）", t.Slug, err)
	}
	return res, nil
}

func (s *Service) provision(ctx context.Context, t tenants.Tenant, in Input) (Result, error) {
	if err := s.dir.EnsureSystems(ctx); err != nil {
		return Result{}, err
	}
	password, err := directory.OneTimePassword(directory.OneTimePasswordLength)
	if err != nil {
		return Result{}, apperr.Wrap(err, apperr.Internal, "onboarding: password")
	}
	// The admin's WeCom userid defaults to the login, as every employee's will (seed 002: match the accounts that
	// exist in WeCom by userid), so the admin can scan WeCom's QR sign-in once the corp is bound.
	userID := in.AdminLogin
	_, acct, err := s.dir.CreateEmployee(ctx, directory.Employee{Name: in.AdminName, WeComUserID: &userID, Status: directory.StatusActive},
		in.AdminLogin, password, directory.RoleAdmin)
	if err != nil {
		return Result{}, err
	}
	if err := s.dir.RequirePasswordChange(ctx, acct.ID); err != nil {
		return Result{}, err
	}
	acct.MustChangePassword = true
	if in.PartnerID != 0 {
		if err := partners.AddCustomer(ctx, s.db, in.PartnerID, t.ID, s.now()); err != nil {
			return Result{}, err
		}
	}
	// The stores each own their transaction, so the entry cannot share one with the creation; it is written last,
	// so it never names a tenant that was not made, and an outage before it is reported as an unfinished creation.
	err = audit.Record(ctx, s.db, s.now(), audit.Change{Action: "tenant.create", Target: t.Slug,
		Changes: map[string]any{"slug": t.Slug, "name": t.Name, "adminLogin": acct.Login}})
	if err != nil {
		return Result{}, err
	}
	return Result{Tenant: t, Admin: acct, Password: password}, nil
}
