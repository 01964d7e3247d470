package oa_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

// env is the OA service on the package database with the real directory (people and departments) and attachments
// on a temporary directory.
type env struct {
	db       *gorm.DB
	dir      *deptDir
	files    *oa.DiskStore
	filesDir string
	oa       *oa.Service
	clock    *testkit.Clock
}

// deptDir creates real departments through the directory store; it remembers each employee's departments so that
// putting someone in a second department keeps the first (SetEmployeeDepartments replaces the whole list).
type deptDir struct {
	store   *directory.Store
	mu      sync.Mutex
	n       int
	belongs map[uint64][]uint64 // employee → departments
}

// department creates a department of t holding members and returns its id.
func (d *deptDir) department(tb testing.TB, t tenant, members ...uint64) uint64 {
	tb.Helper()
	d.mu.Lock()
	defer d.mu.Unlock()
	d.n++
	dep, err := d.store.CreateDepartment(t.ctx, fmt.Sprintf("部门%d", d.n), nil, 0)
	if err != nil {
		tb.Fatal(err)
	}
	if d.belongs == nil {
		d.belongs = map[uint64][]uint64{}
	}
	for _, m := range members {
		d.belongs[m] = append(d.belongs[m], dep.ID)
		if err := d.store.SetEmployeeDepartments(t.ctx, m, d.belongs[m], d.belongs[m][0]); err != nil {
			tb.Fatal(err)
		}
	}
	return dep.ID
}

func newEnv(t *testing.T, opts ...oa.Option) *env {
	t.Helper()
	return newEnvOn(t, dsn, opts...)
}

// newEnvOn is newEnv on the database dsn, for a test that needs a database of its own.
func newEnvOn(t *testing.T, dsn string, opts ...oa.Option) *env {
	t.Helper()
	db := testkit.MustGorm(t, dsn)
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		t.Fatalf("use tenancy plugin: %v", err)
	}
	e := &env{db: db, clock: testkit.NewClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)), filesDir: t.TempDir()}
	e.dir = &deptDir{store: directory.NewStore(db, e.clock.Now)}
	files, err := oa.NewDiskStore(e.filesDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = files.Close() })
	e.files = files
	e.oa = oa.NewService(db, e.dir.store, e.clock.Now, append([]oa.Option{oa.WithAttachments(files)}, opts...)...)
	return e
}

// tenant is a seeded tenant with four active people.
type tenant struct {
	id                               tenancy.ID
	ctx                              context.Context
	sender, approver, third, outside uint64
}

func (e *env) tenant(t *testing.T) tenant {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	tn, err := tenants.NewStore(e.db, nil).Create(tenancy.System(context.Background()), "oa-"+hex.EncodeToString(b), "测试企业")
	if err != nil {
		t.Fatalf("create tenant: %v", err)
	}
	out := tenant{id: tn.ID, ctx: tenancy.WithTenant(context.Background(), tn.ID)}
	out.sender = e.employee(t, out, "张发起", directory.StatusActive)
	out.approver = e.employee(t, out, "李审批", directory.StatusActive)
	out.third = e.employee(t, out, "王三", directory.StatusActive)
	out.outside = e.employee(t, out, "赵旁观", directory.StatusActive)
	return out
}

func (e *env) employee(t *testing.T, tn tenant, name string, status directory.Status) uint64 {
	t.Helper()
	emp := directory.Employee{Name: name, Status: status}
	if err := e.db.WithContext(tn.ctx).Create(&emp).Error; err != nil {
		t.Fatalf("create employee: %v", err)
	}
	return emp.ID
}

// send sends a plain item from tn.sender, failing the test on error.
func (e *env) send(t *testing.T, tn tenant, in oa.SendInput) oa.Item {
	t.Helper()
	if in.Title == "" {
		in.Title = "请审批"
	}
	it, err := e.oa.Send(tn.ctx, tn.sender, in)
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	return it
}

// rows counts the tenant's rows of model matching where (all when where is "").
func (e *env) rows(t *testing.T, tn tenant, model any, where string, args ...any) int64 {
	t.Helper()
	q := e.db.WithContext(tn.ctx).Model(model)
	if where != "" {
		q = q.Where(where, args...)
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// snapshot is every collaboration row count of a tenant and the sums of its box counts, to show that a failed
// call wrote nothing.
type snapshot struct {
	items, recipients, comments, attachments, related, outbox int64
	todo, sent, done                                          int64
}

func (e *env) snapshot(t *testing.T, tn tenant) snapshot {
	t.Helper()
	var related int64
	if err := e.db.WithContext(tn.ctx).Raw("SELECT COUNT(*) FROM collab_related WHERE tenant_id = ?", tn.id).Scan(&related).Error; err != nil {
		t.Fatal(err)
	}
	var sums struct{ Todo, Sent, Done int64 }
	if err := e.db.WithContext(tn.ctx).Raw("SELECT COALESCE(SUM(todo), 0) AS todo, COALESCE(SUM(sent), 0) AS sent, COALESCE(SUM(done), 0) AS done FROM collab_box_counts WHERE tenant_id = ?",
		tn.id).Scan(&sums).Error; err != nil {
		t.Fatal(err)
	}
	return snapshot{
		todo:        sums.Todo,
		sent:        sums.Sent,
		done:        sums.Done,
		items:       e.rows(t, tn, &oa.Item{}, ""),
		related:     related,
		recipients:  e.rows(t, tn, &oa.Recipient{}, ""),
		comments:    e.rows(t, tn, &oa.Comment{}, ""),
		attachments: e.rows(t, tn, &oa.Attachment{}, ""),
		outbox:      e.rows(t, tn, &outbox.Message{}, ""),
	}
}

// wantCode fails unless err carries code.
func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("err = %v, want %s", err, code)
	}
}

// wantField fails unless err is invalid on field.
func wantField(t *testing.T, err error, field string) {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Field != field {
		t.Fatalf("err = %v, want invalid %s", err, field)
	}
}

// states maps each recipient of item id to their state.
func (e *env) states(t *testing.T, tn tenant, id uint64) map[uint64]oa.State {
	t.Helper()
	var rs []oa.Recipient
	if err := e.db.WithContext(tn.ctx).Where("item_id = ?", id).Find(&rs).Error; err != nil {
		t.Fatal(err)
	}
	out := map[uint64]oa.State{}
	for _, r := range rs {
		out[r.RecipientID] = r.State
	}
	return out
}

// outboxKeys returns the dedup keys of the tenant's outbox messages of kind, sorted.
func (e *env) outboxKeys(t *testing.T, tn tenant, kind string) []string {
	t.Helper()
	var keys []string
	if err := e.db.WithContext(tn.ctx).Model(&outbox.Message{}).Where("kind = ?", kind).Order("dedup_key").
		Pluck("dedup_key", &keys).Error; err != nil {
		t.Fatal(err)
	}
	return keys
}

func key(kind string, a, b uint64) string { return fmt.Sprintf("%s:%d:%d", kind, a, b) }

func itoa(n uint64) string { return fmt.Sprint(n) }
