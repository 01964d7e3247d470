// Package noticetest seeds tenants, people and departments for the tests of the published items (notices,
// surveys, discussions), on a real database, and stands in for the directory's department methods until they land.
package noticetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
)

// Env is one test's handle on the package database: the tenancy plugin, a settable clock and the real directory.
type Env struct {
	DB    *gorm.DB
	Clock *testkit.Clock
	Dir   *directory.Store

	failTable atomic.Pointer[string]
	mu        sync.Mutex
	n         int
	belongs   map[uint64][]uint64 // employee → departments
}

// ErrInjected is the error of inserts failed by FailInserts.
var ErrInjected = errors.New("noticetest: injected insert failure")

// New opens dsn (a database made by testkit.Main) for one test.
func New(tb testing.TB, dsn string) *Env {
	tb.Helper()
	db := testkit.MustGorm(tb, dsn)
	if err := db.Use(tenancy.Plugin{}); err != nil {
		tb.Fatalf("noticetest: tenancy plugin: %v", err)
	}
	e := &Env{DB: db, Clock: testkit.NewClock(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)), Dir: directory.NewStore(db, nil)}
	err := db.Callback().Create().Before("gorm:create").Register("noticetest:fail", func(db *gorm.DB) {
		if t := e.failTable.Load(); t != nil && db.Statement.Table == *t {
			_ = db.AddError(fmt.Errorf("insert into %s: %w", *t, ErrInjected))
		}
	})
	if err != nil {
		tb.Fatalf("noticetest: register callback: %v", err)
	}
	return e
}

// FailInserts makes every insert into table fail until the test ends, to show what a failure part-way through a
// transaction leaves behind.
func (e *Env) FailInserts(tb testing.TB, table string) {
	tb.Helper()
	e.failTable.Store(&table)
	tb.Cleanup(func() { e.failTable.Store(nil) })
}

// Tenant is a seeded tenant: an admin, three active members, one resigned member, and two departments. Sales
// holds Ann, Ben and the resigned Gone; Dev holds Cat. The admin is in no department.
type Tenant struct {
	ID                        tenancy.ID
	Ctx                       context.Context
	Admin, Ann, Ben, Cat      uint64
	Gone                      uint64
	Sales, Dev                uint64
	ActiveIDs, SalesActiveIDs []uint64
}

// Tenant seeds a new tenant with a unique slug.
func (e *Env) Tenant(tb testing.TB) Tenant {
	tb.Helper()
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	tn, err := tenants.NewStore(e.DB, nil).Create(tenancy.System(context.Background()), "pub-"+hex.EncodeToString(b), "发布测试")
	if err != nil {
		tb.Fatalf("noticetest: create tenant: %v", err)
	}
	t := Tenant{ID: tn.ID, Ctx: tenancy.WithTenant(context.Background(), tn.ID)}
	person := func(name string, status directory.Status) uint64 {
		now := e.Clock.Now()
		emp := directory.Employee{Name: name, Status: status, CreatedAt: now, UpdatedAt: now}
		if err := e.DB.WithContext(t.Ctx).Create(&emp).Error; err != nil {
			tb.Fatalf("noticetest: create employee %s: %v", name, err)
		}
		return emp.ID
	}
	t.Admin = person("管理员", directory.StatusActive)
	t.Ann = person("安", directory.StatusActive)
	t.Ben = person("本", directory.StatusActive)
	t.Cat = person("凯特", directory.StatusActive)
	t.Gone = person("离职", directory.StatusResigned)
	t.Sales = e.AddDepartment(tb, t.Ctx, t.Ann, t.Ben, t.Gone)
	t.Dev = e.AddDepartment(tb, t.Ctx, t.Cat)
	t.ActiveIDs = sorted(t.Admin, t.Ann, t.Ben, t.Cat)
	t.SalesActiveIDs = sorted(t.Ann, t.Ben)
	return t
}

func sorted(ids ...uint64) []uint64 {
	slices.Sort(ids)
	return ids
}

// AddDepartment creates a real department of the tenant in ctx holding members (active or not) and returns its id.
// An employee put in a second department keeps the first.
func (e *Env) AddDepartment(tb testing.TB, ctx context.Context, members ...uint64) uint64 {
	tb.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	e.n++
	dep, err := e.Dir.CreateDepartment(ctx, fmt.Sprintf("部门%d", e.n), nil, 0)
	if err != nil {
		tb.Fatalf("noticetest: create department: %v", err)
	}
	if e.belongs == nil {
		e.belongs = map[uint64][]uint64{}
	}
	for _, m := range members {
		e.belongs[m] = append(e.belongs[m], dep.ID)
		if err := e.Dir.SetEmployeeDepartments(ctx, m, e.belongs[m], e.belongs[m][0]); err != nil {
			tb.Fatalf("noticetest: department members: %v", err)
		}
	}
	return dep.ID
}

// SetStatus sets an employee's status directly, as an admin freezing, unfreezing or offboarding them would.
func (e *Env) SetStatus(tb testing.TB, ctx context.Context, employeeID uint64, st directory.Status) {
	tb.Helper()
	if err := e.DB.WithContext(ctx).Model(&directory.Employee{}).Where("id = ?", employeeID).Update("status", st).Error; err != nil {
		tb.Fatalf("noticetest: set status: %v", err)
	}
}

// Outbox returns the outbox messages of the tenant in ctx of the given kind, by id.
func (e *Env) Outbox(tb testing.TB, ctx context.Context, kind string) []outbox.Message {
	tb.Helper()
	var ms []outbox.Message
	if err := e.DB.WithContext(ctx).Where("kind = ?", kind).Order("id").Find(&ms).Error; err != nil {
		tb.Fatalf("noticetest: outbox: %v", err)
	}
	return ms
}

// Count counts the rows of model's table in the tenant of ctx matching the optional condition.
func (e *Env) Count(tb testing.TB, ctx context.Context, model any, cond ...any) int {
	tb.Helper()
	q := e.DB.WithContext(ctx).Model(model)
	if len(cond) > 0 {
		q = q.Where(cond[0], cond[1:]...)
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		tb.Fatalf("noticetest: count: %v", err)
	}
	return int(n)
}

// WantCode fails the test unless err carries code.
func WantCode(tb testing.TB, err error, code apperr.Code) {
	tb.Helper()
	if !apperr.Is(err, code) {
		tb.Fatalf("err = %v, want code %s", err, code)
	}
}
