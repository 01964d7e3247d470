// Package demo provisions tenants bound to a simulated WeCom corp: the demo tenant 演示科技 that `make run`
// seeds so a newcomer can click through every page offline, and the tenants tests make (server/app/apptest).
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/sim"
)

// The demo's fixed names; the README and the browser journey use them.
const (
	TenantSlug = "demo"
	TenantName = "演示科技"
	CorpID     = "wwdemo00000001"
	AgentID    = 1000002
)

// Person is an employee to provision, with their account.
type Person struct {
	Login, Password, Name, WeComUserID string
	Role                               directory.Role
	// Mobile and Email are optional ("" for none).
	Mobile, Email string
}

// Spec describes a tenant: its WeCom corp and OA app, its people, and the system roles beyond the default one (员工,
// OA only) that every person of the spec holds.
type Spec struct {
	Slug, Name, CorpID string
	AgentID            int64
	Secret             string
	People             []Person
	Roles              []Role
}

// Role is a system role to create and give to every person of a Spec.
type Role struct {
	Name        string
	Systems     []string
	AllowWeChat bool
}

// Demo is the demo tenant: an admin, a sender and an approver.
func Demo() Spec {
	return Spec{
		Slug: TenantSlug, Name: TenantName, CorpID: CorpID, AgentID: AgentID,
		// Only ever valid against the simulator.
		Secret: "demo-oa-app-secret-not-for-production",
		People: []Person{
			{Login: "admin", Password: "Admin1234!", Name: "管理员", WeComUserID: "admin", Role: directory.RoleAdmin,
				Email: "admin@demo.example"},
			{Login: "zhangsan", Password: "Demo1234!", Name: "张三", WeComUserID: "zhangsan", Role: directory.RoleMember,
				Mobile: "13800000001", Email: "zhangsan@demo.example"},
			{Login: "lisi", Password: "Demo1234!", Name: "李四", WeComUserID: "lisi", Role: directory.RoleMember,
				Mobile: "13800000002"},
		},
		// So the README's PB/CRM example reaches the demo's people instead of being refused for them all.
		Roles: []Role{{Name: "业务系统", Systems: []string{directory.SystemOA, directory.SystemPB, directory.SystemCRM}, AllowWeChat: true}},
	}
}

// Provisioned is what Provision made, by login.
type Provisioned struct {
	Tenant    tenants.Tenant
	Employees map[string]directory.Employee
	Accounts  map[string]directory.Account
}

// Simulate creates spec's corp, OA app and people in the simulator (idempotent for the corp).
func Simulate(s *sim.Server, spec Spec) error {
	s.CreateCorp(spec.CorpID)
	if err := s.AddApp(spec.CorpID, spec.AgentID, spec.Secret, "协同办公系统"); err != nil {
		return fmt.Errorf("simulator app of %s: %w", spec.Slug, err)
	}
	for _, p := range spec.People {
		if err := s.AddUser(spec.CorpID, p.WeComUserID, p.Name); err != nil {
			return fmt.Errorf("simulator user %s of %s: %w", p.Login, spec.Slug, err)
		}
	}
	return nil
}

// Provision creates spec's tenant, binds it to its corp and app, and creates its people. Errors are those of
// tenants.Store.Create, BindWeCom and directory.Store.CreateEmployee.
func Provision(ctx context.Context, ts *tenants.Store, dir *directory.Store, spec Spec) (Provisioned, error) {
	t, err := ts.Create(tenancy.System(ctx), spec.Slug, spec.Name)
	if err != nil {
		return Provisioned{}, fmt.Errorf("create tenant %s: %w", spec.Slug, err)
	}
	out := Provisioned{Tenant: t, Employees: map[string]directory.Employee{}, Accounts: map[string]directory.Account{}}
	ctx = tenancy.WithTenant(ctx, t.ID)
	if err := ts.BindWeCom(ctx, spec.CorpID, spec.AgentID, spec.Secret); err != nil {
		return Provisioned{}, fmt.Errorf("bind %s: %w", spec.Slug, err)
	}
	if err := dir.EnsureSystems(ctx); err != nil {
		return Provisioned{}, fmt.Errorf("systems of %s: %w", spec.Slug, err)
	}
	for _, p := range spec.People {
		uid := p.WeComUserID
		e := directory.Employee{Name: p.Name, WeComUserID: &uid, Status: directory.StatusActive}
		if p.Mobile != "" {
			e.Mobile = &p.Mobile
		}
		if p.Email != "" {
			e.Email = &p.Email
		}
		emp, acc, err := dir.CreateEmployee(ctx, e, p.Login, p.Password, p.Role)
		if err != nil {
			return Provisioned{}, fmt.Errorf("create %s of %s: %w", p.Login, spec.Slug, err)
		}
		out.Employees[p.Login], out.Accounts[p.Login] = emp, acc
	}
	if len(spec.Roles) == 0 {
		return out, nil
	}
	roleIDs := make([]uint64, 0, len(spec.Roles)+1)
	roles, err := dir.SystemRoles(ctx)
	if err != nil {
		return Provisioned{}, fmt.Errorf("roles of %s: %w", spec.Slug, err)
	}
	for _, r := range roles {
		if r.IsDefault {
			roleIDs = append(roleIDs, r.ID)
		}
	}
	for _, r := range spec.Roles {
		role, err := dir.CreateSystemRole(ctx, r.Name, r.Systems, r.AllowWeChat)
		if err != nil {
			return Provisioned{}, fmt.Errorf("role %s of %s: %w", r.Name, spec.Slug, err)
		}
		roleIDs = append(roleIDs, role.ID)
	}
	for _, p := range spec.People {
		if err := dir.AssignSystemRoles(ctx, out.Accounts[p.Login].ID, roleIDs); err != nil {
			return Provisioned{}, fmt.Errorf("roles of %s of %s: %w", p.Login, spec.Slug, err)
		}
	}
	return out, nil
}

// Seed puts the demo corp into the simulator when one is given (it lives in memory, so every start) and provisions
// the demo tenant unless it exists.
func Seed(ctx context.Context, ts *tenants.Store, dir *directory.Store, s *sim.Server) error {
	spec := Demo()
	if s != nil {
		if err := Simulate(s, spec); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	_, err := ts.BySlug(ctx, spec.Slug)
	switch {
	case err == nil:
		return nil
	case !apperr.Is(err, apperr.NotFound):
		return fmt.Errorf("demo: look up tenant: %w", err)
	}
	pr, err := Provision(ctx, ts, dir, spec)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	// The simulator's members are activated, as WeCom would have said through its events.
	tctx := tenancy.WithTenant(ctx, pr.Tenant.ID)
	for _, p := range spec.People {
		if _, err := dir.SetWeComStatus(tctx, p.WeComUserID, directory.WeComActive, time.Now()); err != nil {
			return fmt.Errorf("demo: wecom status of %s: %w", p.Login, err)
		}
	}
	// A customer's and a supplier's contact, so 客户与供应商 and a contact's message list have someone in them.
	for _, c := range DemoContacts() {
		if _, _, err := dir.CreateContact(tctx, c); err != nil {
			return fmt.Errorf("demo: contact %s: %w", c.Login, err)
		}
	}
	return nil
}

// DemoContacts are the demo tenant's customers' and suppliers' contacts; both sign in with Demo1234!.
func DemoContacts() []directory.NewContact {
	return []directory.NewContact{
		{ContactInput: directory.ContactInput{Party: directory.PartyCustomer, Company: "华东建材有限公司", Name: "陈经理",
			Mobile: "13900000101"}, Login: "chen", Source: directory.ContactByAdmin, Password: "Demo1234!"},
		{ContactInput: directory.ContactInput{Party: directory.PartySupplier, Company: "江南物流", Name: "刘工",
			Mobile: "13900000102"}, Login: "liu", Source: directory.ContactByAdmin, Password: "Demo1234!"},
	}
}
