package oa_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
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

// env is the OA service on the package database with a real directory, departments from testDir and attachments
// on a temporary directory.
type env struct {
	db       *gorm.DB
	dir      *testDir
	files    *oa.DiskStore
	filesDir string
	oa       *oa.Service
	clock    *testkit.Clock
}

// testDir is the service's Directory: the real store for people, and departments from a map until the lead
// switches these tests to the directory's own departments.
type testDir struct {
	store *directory.Store
	mu    sync.Mutex
	depts map[tenancy.ID]map[uint64][]uint64 // tenant → department → members (any status)
}

func (d *testDir) ActiveEmployeeIDs(ctx context.Context, ids []uint64) (map[uint64]bool, error) {
	return d.store.ActiveEmployeeIDs(ctx, ids)
}

// DepartmentMemberIDs keeps the directory's contract: active members only, sorted, each once; an unknown
// department (another tenant's included) is invalid "departmentIds".
func (d *testDir) DepartmentMemberIDs(ctx context.Context, ids []uint64) ([]uint64, error) {
	tenant, err := tenancy.MustFrom(ctx)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	var all []uint64
	for _, id := range ids {
		members, ok := d.depts[tenant][id]
		if !ok {
			d.mu.Unlock()
			return nil, apperr.InvalidField("departmentIds", "部门 %d 不存在 (unknown department)", id)
		}
		all = append(all, members...)
	}
	d.mu.Unlock()
	active, err := d.store.ActiveEmployeeIDs(ctx, all)
	if err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(all, func(id uint64) bool { return !active[id] })
	slices.Sort(out)
	return slices.Compact(out), nil
}

// department registers a department of t with members and returns its id.
func (d *testDir) department(t tenant, members ...uint64) uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.depts == nil {
		d.depts = map[tenancy.ID]map[uint64][]uint64{}
	}
	if d.depts[t.id] == nil {
		d.depts[t.id] = map[uint64][]uint64{}
	}
	id := uint64(len(d.depts[t.id]) + 1 + int(t.id)*1000)
	d.depts[t.id][id] = members
	return id
}

func newEnv(t *testing.T, opts ...oa.Option) *env {
	t.Helper()
	db := testkit.MustGorm(t, dsn)
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		t.Fatalf("use tenancy plugin: %v", err)
	}
	e := &env{db: db, clock: testkit.NewClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)), filesDir: t.TempDir()}
	e.dir = &testDir{store: directory.NewStore(db, e.clock.Now)}
	files, err := oa.NewDiskStore(e.filesDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = files.Close() })
	e.files = files
	e.oa = oa.NewService(db, e.dir, e.clock.Now, append([]oa.Option{oa.WithAttachments(files)}, opts...)...)
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

// snapshot is every collaboration row count of a tenant, to show that a failed call wrote nothing.
type snapshot struct{ items, recipients, comments, attachments, related, outbox int64 }

func (e *env) snapshot(t *testing.T, tn tenant) snapshot {
	t.Helper()
	var related int64
	if err := e.db.WithContext(tn.ctx).Raw("SELECT COUNT(*) FROM collab_related WHERE tenant_id = ?", tn.id).Scan(&related).Error; err != nil {
		t.Fatal(err)
	}
	return snapshot{
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
