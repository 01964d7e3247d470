// Package demo seeds the demo tenant "Demo Co" and its simulated WeCom corp, so a newcomer can click through every
// page offline. Seeding is idempotent: the database part runs once, the simulator (in memory) every start.
package demo

import (
	"context"
	"errors"
	"fmt"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/sim"
)

// The demo's fixed names; the README and the browser journey use them.
const (
	TenantSlug = "demo"
	TenantName = "Demo Co"
	CorpID     = "wwdemo00000001"
	AgentID    = 1000002
	// AppSecret is the simulated OA app's secret. It is only ever valid against the simulator.
	AppSecret = "demo-oa-app-secret-not-for-production"
)

// Person is a seeded account.
type Person struct {
	Login, Password, Name, WeComUserID string
	Role                               directory.Role
}

// People are the demo's accounts: an admin, a sender and an approver.
var People = []Person{
	{Login: "admin", Password: "Admin1234!", Name: "管理员", WeComUserID: "admin", Role: directory.RoleAdmin},
	{Login: "zhangsan", Password: "Demo1234!", Name: "张三", WeComUserID: "zhangsan", Role: directory.RoleMember},
	{Login: "lisi", Password: "Demo1234!", Name: "李四", WeComUserID: "lisi", Role: directory.RoleMember},
}

// Seed creates the demo tenant, binding and people unless the tenant exists, and always (re)creates the corp in
// the simulator when one is given.
func Seed(ctx context.Context, ts *tenants.Store, dir *directory.Store, s *sim.Server) error {
	if s != nil {
		s.CreateCorp(CorpID)
		if err := s.AddApp(CorpID, AgentID, AppSecret, "协同办公系统"); err != nil {
			return fmt.Errorf("demo: simulator app: %w", err)
		}
		for _, p := range People {
			if err := s.AddUser(CorpID, p.WeComUserID, p.Name); err != nil {
				return fmt.Errorf("demo: simulator user %s: %w", p.Login, err)
			}
		}
	}
	_, err := ts.BySlug(ctx, TenantSlug)
	if err == nil {
		return nil
	}
	if !apperr.Is(err, apperr.NotFound) {
		return fmt.Errorf("demo: look up tenant: %w", err)
	}
	t, err := ts.Create(tenancy.System(ctx), TenantSlug, TenantName)
	if err != nil {
		return fmt.Errorf("demo: create tenant: %w", err)
	}
	ctx = tenancy.WithTenant(ctx, t.ID)
	if err := ts.BindWeCom(ctx, CorpID, AgentID, AppSecret); err != nil {
		return fmt.Errorf("demo: bind wecom: %w", err)
	}
	var errs []error
	for _, p := range People {
		uid := p.WeComUserID
		_, _, err := dir.CreateEmployee(ctx, directory.Employee{Name: p.Name, WeComUserID: &uid, Status: directory.StatusActive}, p.Login, p.Password, p.Role)
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("demo: people: %w", err)
	}
	return nil
}
