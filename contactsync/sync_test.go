package contactsync_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/binding"
	"github.com/qiao-hq/qiao/contactsync"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/server/demo"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wecom"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

// env is the sync on a fresh database, writing to the simulator through the real WeCom client.
type env struct {
	db      *gorm.DB
	tenants *tenants.Store
	dir     *directory.Store
	sim     *sim.Server
	clock   *testkit.Clock
	wc      *wecom.Client
	svc     *contactsync.Service
}

func newEnv(tb testing.TB) *env { return newEnvWith(tb, nil) }

// newEnvWith is newEnv with the service's deps changed by tune.
func newEnvWith(tb testing.TB, tune func(e *env, d *contactsync.Deps)) *env {
	tb.Helper()
	db := testkit.MustGorm(tb, dsn)
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		tb.Fatal(err)
	}
	sealer, err := tenants.NewSealer("contactsync-test-master-key-0123456789")
	if err != nil {
		tb.Fatal(err)
	}
	s := sim.New(sim.Options{})
	srv := httptest.NewServer(s)
	tb.Cleanup(srv.Close)
	e := &env{db: db, tenants: tenants.NewStore(db, sealer), dir: directory.NewStore(db, nil), sim: s,
		clock: testkit.NewClock(time.Now())}
	wc := wecom.New(wecom.Config{BaseURL: srv.URL, Redis: testkit.MustRedis(tb)})
	e.wc = wc
	d := contactsync.Deps{DB: db, Directory: e.dir, Inbound: e.dir, Credentials: e.tenants, WeCom: wc,
		Explain: func(err error) error { return binding.Explain(err, []string{"203.0.113.9"}, false) },
		Now:     e.clock.Now,
		Sleep:   func(ctx context.Context, d time.Duration) error { time.Sleep(time.Millisecond); return ctx.Err() }}
	if tune != nil {
		tune(e, &d)
	}
	e.svc = contactsync.New(d)
	return e
}

// tenant is a tenant bound to a simulated corp of its own with the contact-sync secret saved, and its ctx.
type tenant struct {
	ID     tenancy.ID
	CorpID string
	ctx    context.Context
	people map[string]directory.Employee
}

func (e *env) tenant(tb testing.TB) tenant {
	tb.Helper()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	slug := "cs-" + hex.EncodeToString(b)
	spec := demo.Spec{Slug: slug, Name: "Tenant " + slug, CorpID: "ww" + hex.EncodeToString(b), AgentID: 1000002,
		Secret: "secret-" + slug, People: []demo.Person{{Login: "admin", Password: "Passw0rd!", Name: "管理员", WeComUserID: "admin"}}}
	if err := demo.Simulate(e.sim, spec); err != nil {
		tb.Fatal(err)
	}
	p, err := demo.Provision(context.Background(), e.tenants, e.dir, spec)
	if err != nil {
		tb.Fatal(err)
	}
	t := tenant{ID: p.Tenant.ID, CorpID: spec.CorpID, ctx: tenancy.WithTenant(context.Background(), p.Tenant.ID),
		people: map[string]directory.Employee{}}
	secret := "contact-" + slug
	if err := e.sim.SetContactSecret(spec.CorpID, secret); err != nil {
		tb.Fatal(err)
	}
	if err := e.tenants.SaveCorp(t.ctx, tenants.CorpPatch{ContactSecret: &secret}); err != nil {
		tb.Fatal(err)
	}
	mobile := "13800000000"
	if _, err := e.dir.UpdateStaff(t.ctx, p.Employees["admin"].ID, directory.StaffPatch{Mobile: &mobile}); err != nil {
		tb.Fatal(err)
	}
	t.people["admin"] = p.Employees["admin"]
	return t
}

// hire adds an employee with login (also the userid), mobile and departments.
func (e *env) hire(tb testing.TB, t tenant, login, name, mobile string, depts ...uint64) directory.Employee {
	tb.Helper()
	in := directory.NewEmployee{Employee: directory.Employee{Name: name}, Login: login, DepartmentIDs: depts}
	if mobile != "" {
		in.Mobile = &mobile
	}
	d, _, err := e.dir.CreateStaff(t.ctx, in)
	if err != nil {
		tb.Fatalf("hire %s: %v", login, err)
	}
	t.people[login] = d.Employee
	return d.Employee
}

func (e *env) dept(tb testing.TB, t tenant, name string, parent *uint64) uint64 {
	tb.Helper()
	d, err := e.dir.CreateDepartment(t.ctx, name, parent, 0)
	if err != nil {
		tb.Fatal(err)
	}
	return d.ID
}

// sync starts a sync and runs its job as the worker would, returning the finished run.
func (e *env) sync(tb testing.TB, t tenant, confirm bool) contactsync.Run {
	tb.Helper()
	r, err := e.svc.Start(t.ctx, contactsync.TriggerManual, "admin", confirm)
	if err != nil {
		tb.Fatalf("Start: %v", err)
	}
	return e.runJob(tb, t, r)
}

// runJob runs the job of run r as the worker would and returns the run as it ends.
func (e *env) runJob(tb testing.TB, t tenant, r contactsync.Run) contactsync.Run {
	tb.Helper()
	var m outbox.Message
	if err := e.db.WithContext(t.ctx).Where("kind = ? AND dedup_key = ?", outbox.KindContactSync,
		fmt.Sprintf("%s:%d", outbox.KindContactSync, r.ID)).Take(&m).Error; err != nil {
		tb.Fatalf("the run's outbox message: %v", err)
	}
	if err := e.svc.Run(t.ctx, m.ID); err != nil {
		tb.Fatalf("Run: %v", err)
	}
	r, err := e.svc.Get(t.ctx, r.ID)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// wecomUsers is the simulated corp's members by userid.
func (e *env) wecomUsers(tb testing.TB, t tenant) map[string]sim.Member {
	tb.Helper()
	list, err := e.sim.ListUsers(t.CorpID)
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]sim.Member{}
	for _, m := range list {
		out[m.UserID] = m
	}
	return out
}

// wecomDepts is the simulated corp's departments by name.
func (e *env) wecomDepts(tb testing.TB, t tenant) map[string]sim.Department {
	tb.Helper()
	list, err := e.sim.ListDepartments(t.CorpID)
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]sim.Department{}
	for _, d := range list {
		out[d.Name] = d
	}
	return out
}

func (e *env) rows(tb testing.TB, t tenant, id uint64) []contactsync.RunRow {
	tb.Helper()
	rows, _, err := e.svc.Rows(t.ctx, id, false, 500, 0)
	if err != nil {
		tb.Fatal(err)
	}
	return rows
}

func TestFirstSyncReplacesWeCom(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	gy := e.dept(t, tn, "广研", nil)
	product := e.dept(t, tn, "产品中心", &gy)
	e.hire(t, tn, "zhangsan", "张三", "13800000001", product)
	e.hire(t, tn, "lisi", "李四", "13800000002", gy)
	// A member from before the directory checked contacts (an older import): no mobile, no email.
	nc := e.hire(t, tn, "nocontact", "无联系方式", "13800000003")
	if err := e.db.WithContext(tn.ctx).Model(&directory.Employee{}).Where("id = ?", nc.ID).
		Update("mobile", nil).Error; err != nil {
		t.Fatal(err)
	}
	// WeCom has a member Qiao does not: the replace deletes it.
	if err := e.sim.AddUser(tn.CorpID, "stranger", "陌生人"); err != nil {
		t.Fatal(err)
	}

	pv, err := e.svc.Preview(tn.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Mode != contactsync.ModeReplace || pv.Blocked != "" {
		t.Fatalf("preview: mode %s blocked %q, want a replace that may run", pv.Mode, pv.Blocked)
	}
	// admin and stranger are in WeCom; admin is ours, stranger is not, nocontact breaks a rule.
	if pv.WeComMembers != 2 || pv.ReplaceDeletes != 1 {
		t.Errorf("preview: WeCom has %d, replace deletes %d; want 2 and 1", pv.WeComMembers, pv.ReplaceDeletes)
	}
	if len(pv.Invalid) != 1 || pv.Invalid[0].UserID != "nocontact" || pv.Invalid[0].Rules[0] != contactsync.RuleNoContact {
		t.Errorf("preview invalid = %+v, want nocontact for %q", pv.Invalid, contactsync.RuleNoContact)
	}

	if _, err := e.svc.Start(tn.ctx, contactsync.TriggerManual, "admin", false); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a replace without confirmation: %v, want invalid", err)
	}
	if _, err := e.svc.Start(tn.ctx, contactsync.TriggerScheduled, "schedule", true); !errors.Is(err, contactsync.ErrNeverSynced) {
		t.Fatalf("a scheduled first sync: %v, want ErrNeverSynced", err)
	}
	run := e.sync(t, tn, true)
	if run.State != contactsync.StateDone || run.Mode != contactsync.ModeReplace || run.Failed != 0 || run.Invalid != 1 {
		t.Fatalf("run = %+v, want a replace done with one invalid member and no failure", run)
	}
	if run.APICalls > 10 {
		t.Errorf("the replace made %d calls, want at most 10", run.APICalls)
	}

	users := e.wecomUsers(t, tn)
	if _, ok := users["stranger"]; ok {
		t.Error("stranger is still in WeCom after the replace")
	}
	if _, ok := users["nocontact"]; ok {
		t.Error("an invalid member was written to WeCom")
	}
	depts := e.wecomDepts(t, tn)
	for _, name := range []string{"广研", "产品中心", "OA", "PB", "CRM"} {
		if _, ok := depts[name]; !ok {
			t.Errorf("WeCom has no department %s: %v", name, slices.Collect(mapKeys(depts)))
		}
	}
	if depts["产品中心"].ParentID != depts["广研"].ID {
		t.Errorf("产品中心's parent is %d, want 广研 (%d)", depts["产品中心"].ParentID, depts["广研"].ID)
	}
	zs := users["zhangsan"]
	// 张三 is in 产品中心 (main) and, with the default role granting OA over WeChat, in the OA department.
	if zs.Mobile != "13800000001" || !slices.Equal(zs.Department, []int64{depts["产品中心"].ID, depts["OA"].ID}) {
		t.Errorf("zhangsan in WeCom = %+v, want mobile 13800000001 in 产品中心 and OA", zs)
	}

	// Nothing changed: a second sync is incremental and writes nothing.
	pv, err = e.svc.Preview(tn.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Mode != contactsync.ModeIncremental || pv.Writes() != 0 {
		t.Errorf("preview after the first sync: mode %s, %d writes; want incremental with none", pv.Mode, pv.Writes())
	}
}

// TestJobResultFromEvent: with the contact receiver as the jobs' callback, a run learns from WeCom's
// batch_job_result that a job is done and reads its result once: a first sync in nine calls, none spent polling.
func TestJobResultFromEvent(t *testing.T) {
	var tid tenancy.ID
	var corpID string
	var cb *wecom.JobCallback
	e := newEnvWith(t, func(e *env, d *contactsync.Deps) {
		d.JobCallback = func(context.Context) (*wecom.JobCallback, error) { return cb, nil }
		d.Sleep = func(ctx context.Context, d time.Duration) error { time.Sleep(d); return ctx.Err() }
	})
	var told atomic.Int32
	cb = jobReceiver(t, e, &tid, &corpID, &told)
	tn := e.tenant(t)
	tid, corpID = tn.ID, tn.CorpID
	e.hire(t, tn, "zs", "张三", "13700000001")
	before := e.sim.CallCount("/cgi-bin/batch/getresult")
	run := e.sync(t, tn, true)
	if run.State != contactsync.StateDone || run.Failed != 0 {
		t.Fatalf("run = %+v", run)
	}
	if n := told.Load(); n != 3 {
		t.Errorf("the run was told of %d jobs' end by WeCom's event, want 3", n)
	}
	if n := e.sim.CallCount("/cgi-bin/batch/getresult") - before; n != 3 {
		t.Errorf("getresult was called %d times for three jobs, want once each", n)
	}
	if run.APICalls != 8 {
		t.Errorf("the replace made %d calls, want 8 (2 uploads, 3 jobs, 3 results)", run.APICalls)
	}
}

func TestIncrementalSync(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	sales := e.dept(t, tn, "销售部", nil)
	people := map[string]directory.Employee{}
	for i, login := range []string{"a1", "a2", "a3", "a4", "a5"} {
		people[login] = e.hire(t, tn, login, "员工"+login, fmt.Sprintf("1390000000%d", i), sales)
	}
	if run := e.sync(t, tn, true); run.State != contactsync.StateDone {
		t.Fatalf("first sync: %+v", run)
	}

	// One of each change: renamed, frozen, resigned, hired; a department added; the default role stops allowing
	// WeChat for nobody (the roles test is below).
	name := "改名的a1"
	if _, err := e.dir.UpdateStaff(tn.ctx, people["a1"].ID, directory.StaffPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	admin := tn.people["admin"].ID
	if _, err := e.dir.ChangeStanding(tn.ctx, admin, []uint64{people["a2"].ID}, directory.ActionFreeze); err != nil {
		t.Fatal(err)
	}
	if _, err := e.dir.ChangeStanding(tn.ctx, admin, []uint64{people["a3"].ID}, directory.ActionResign); err != nil {
		t.Fatal(err)
	}
	hr := e.dept(t, tn, "人事部", nil)
	e.hire(t, tn, "b1", "新人", "13900000009", hr)

	pv, err := e.svc.Preview(tn.ctx)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, c := range pv.Members {
		counts[c.Action+":"+c.UserID()]++
	}
	for _, c := range pv.Deletes {
		counts[c.Action+":"+c.UserID()]++
	}
	want := map[string]int{"update:a1": 1, "disable:a2": 1, "delete:a3": 1, "create:b1": 1}
	if fmt.Sprint(counts) != fmt.Sprint(want) || len(pv.Departments) != 1 || pv.Departments[0].Action != contactsync.ActionCreate {
		t.Fatalf("preview members %v departments %+v; want %v and 人事部 created", counts, pv.Departments, want)
	}

	run := e.sync(t, tn, false)
	if run.State != contactsync.StateDone || run.Failed != 0 || run.Mode != contactsync.ModeIncremental {
		t.Fatalf("incremental run = %+v, rows %+v", run, e.rows(t, tn, run.ID))
	}
	// A call each (under batchFrom), plus the department: at most a handful.
	if run.APICalls > 6 {
		t.Errorf("the incremental sync made %d calls, want at most 6", run.APICalls)
	}
	users := e.wecomUsers(t, tn)
	if users["a1"].Name != name {
		t.Errorf("a1 in WeCom is named %q, want %q", users["a1"].Name, name)
	}
	if users["a2"].Enable == nil || *users["a2"].Enable != 0 {
		t.Errorf("frozen a2 in WeCom: enable %v, want 0 (disabled, not deleted)", users["a2"].Enable)
	}
	if _, ok := users["a3"]; ok {
		t.Error("resigned a3 is still in WeCom")
	}
	if _, ok := users["b1"]; !ok {
		t.Error("b1 was not created in WeCom")
	}
	if _, ok := e.wecomDepts(t, tn)["人事部"]; !ok {
		t.Error("人事部 was not created in WeCom")
	}
}

// TestSyncRetriesAfterLostAnswer: WeCom applies a write but its answer is lost; the run says it is retrying, the
// queue's next try resumes from the mirror and finishes, and WeCom ends as it should.
func TestSyncRetriesAfterLostAnswer(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	zs := e.hire(t, tn, "zs", "张三", "13700000001")
	e.sync(t, tn, true)
	name := "张三丰"
	if _, err := e.dir.UpdateStaff(tn.ctx, zs.ID, directory.StaffPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.InjectFault(sim.Fault{Path: "/cgi-bin/user/update", Count: 1, DropAfter: true}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.sim.ClearFaults)
	r, err := e.svc.Start(tn.ctx, contactsync.TriggerManual, "admin", false)
	if err != nil {
		t.Fatal(err)
	}
	var m outbox.Message
	if err := e.db.WithContext(tn.ctx).Where("dedup_key = ?", fmt.Sprintf("%s:%d", outbox.KindContactSync, r.ID)).Take(&m).Error; err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Run(tn.ctx, m.ID); err == nil {
		t.Fatal("the run with its answer lost ended without an error for the queue to retry")
	}
	mid, err := e.svc.Get(tn.ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if mid.State != contactsync.StateRunning || mid.Error == nil || !strings.HasPrefix(*mid.Error, "重试中：与企业微信的连接出错") {
		t.Errorf("between tries the run = %+v, want running with the retry's reason", mid)
	}
	if err := e.svc.Run(tn.ctx, m.ID); err != nil {
		t.Fatalf("the retry: %v", err)
	}
	done, _ := e.svc.Get(tn.ctx, r.ID)
	if done.State != contactsync.StateDone || done.Error != nil || done.Failed != 0 {
		t.Errorf("after the retry the run = %+v, want done without an error", done)
	}
	if got := e.wecomUsers(t, tn)["zs"].Name; got != name {
		t.Errorf("zs in WeCom is named %q, want %q", got, name)
	}
}

func TestSystemDepartmentsFollowRoles(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	e.hire(t, tn, "zs", "张三", "13700000001")
	if run := e.sync(t, tn, true); run.State != contactsync.StateDone {
		t.Fatalf("first sync: %+v", run)
	}
	oa := e.wecomDepts(t, tn)["OA"].ID
	if !slices.Contains(e.wecomUsers(t, tn)["zs"].Department, oa) {
		t.Fatalf("zs is not in the OA department after the first sync")
	}
	roles, err := e.dir.SystemRoles(tn.ctx)
	if err != nil {
		t.Fatal(err)
	}
	off := false
	for _, r := range roles {
		if _, err := e.dir.UpdateSystemRole(tn.ctx, r.ID, directory.SystemRolePatch{AllowWeChat: &off}); err != nil {
			t.Fatal(err)
		}
	}
	if run := e.sync(t, tn, false); run.State != contactsync.StateDone || run.Updates == 0 {
		t.Fatalf("sync after allowWeChat off: %+v", run)
	}
	if d := e.wecomUsers(t, tn)["zs"].Department; slices.Contains(d, oa) {
		t.Errorf("zs is still in OA (%v) after the role stopped allowing WeChat", d)
	}
}

func TestSyncBlockedByWeComIPRule(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	e.hire(t, tn, "zs", "张三", "13700000001")
	if err := e.sim.SetTrustedIPs(tn.CorpID, 0, []string{"198.51.100.7"}); err != nil {
		t.Fatal(err)
	}
	before := e.wecomUsers(t, tn)
	pv, err := e.svc.Preview(tn.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pv.Blocked, "60020") || !strings.Contains(pv.Blocked, "203.0.113.9") {
		t.Errorf("preview Blocked = %q, want 60020 explained with the egress IP", pv.Blocked)
	}
	run := e.sync(t, tn, true)
	if run.State != contactsync.StateFailed || run.Error == nil || !strings.Contains(*run.Error, "60020") {
		t.Fatalf("run under the IP rule = %+v, want failed naming 60020", run)
	}
	if after := e.wecomUsers(t, tn); len(after) != len(before) {
		t.Errorf("WeCom's members changed under 60020: %d before, %d after", len(before), len(after))
	}
	if n := len(e.wecomDepts(t, tn)); n != 1 {
		t.Errorf("WeCom has %d departments after a refused sync, want its root only", n)
	}
}

func TestDeleteGuardStopsReplace(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	for i := range 60 {
		if err := e.sim.AddUser(tn.CorpID, fmt.Sprintf("old%02d", i), ""); err != nil {
			t.Fatal(err)
		}
	}
	run := e.sync(t, tn, true)
	if run.State != contactsync.StateFailed || run.Error == nil || !strings.Contains(*run.Error, "删除保护") {
		t.Fatalf("run = %+v, want failed by the delete guard", run)
	}
	if n := len(e.wecomUsers(t, tn)); n != 61 {
		t.Errorf("WeCom has %d members after the guard, want the 61 it had", n)
	}
	// The guard ended the run, and the first sync is still to do: the next one is a replace to confirm again, and
	// the schedule leaves the tenant alone.
	if _, err := e.svc.Start(tn.ctx, contactsync.TriggerManual, "admin", false); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("an unconfirmed sync after the guard: %v, want invalid (still a replace)", err)
	}
	if _, err := e.svc.Start(tn.ctx, contactsync.TriggerManual, "admin", true); err != nil {
		t.Errorf("a sync after a failed one: %v", err)
	}
}

func TestOneSyncAtATime(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	if _, err := e.svc.Start(tn.ctx, contactsync.TriggerManual, "admin", true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Start(tn.ctx, contactsync.TriggerManual, "admin", true); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("a second sync while one is queued: %v, want conflict", err)
	}
	other := e.tenant(t)
	if _, err := e.svc.Start(other.ctx, contactsync.TriggerManual, "admin", true); err != nil {
		t.Errorf("another tenant's sync: %v", err)
	}
}

func TestScheduledSync(t *testing.T) {
	e := newEnv(t)
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().In(shanghai)
	at := func(h, m int) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, shanghai)
	}
	e.clock.Set(at(7, 0))
	tn := e.tenant(t)
	never := e.tenant(t) // never synced: the schedule leaves it alone
	// Other tests' tenants share the database: Tick's count covers them too, so each check reads tn's own runs.
	scheduled := func(tn tenant) int {
		t.Helper()
		runs, err := e.svc.List(tn.ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range runs {
			if r.Trigger == contactsync.TriggerScheduled {
				n++
			}
		}
		return n
	}
	tick := func() {
		t.Helper()
		if _, err := e.svc.Tick(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	tick()
	e.hire(t, tn, "zs", "张三", "13700000001")
	e.sync(t, tn, true)
	// A member who breaks a rule: the scheduled sync skips them and reports it, and goes on.
	bad := e.hire(t, tn, "bad", "坏数据", "13700000002")
	if err := e.db.WithContext(tn.ctx).Model(&directory.Employee{}).Where("id = ?", bad.ID).Update("mobile", nil).Error; err != nil {
		t.Fatal(err)
	}
	e.hire(t, tn, "ls", "李四", "13700000003")

	settings, err := e.svc.Settings(tn.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !settings.ScheduleEnabled || fmt.Sprint(settings.Times) != "[08:00 12:00 20:00]" || settings.NextRunAt == nil ||
		settings.NextRunAt.Before(at(8, 0)) || !settings.NextRunAt.Before(at(8, 10)) {
		t.Fatalf("default settings = %+v, want 08:00, 12:00, 20:00 and the next run within 10 minutes after 08:00", settings)
	}
	e.clock.Set(at(7, 59))
	tick()
	if n := scheduled(tn); n != 0 {
		t.Fatalf("Tick at 07:59 started %d syncs", n)
	}
	e.clock.Set(at(8, 10))
	tick()
	tick()
	if n := scheduled(tn); n != 1 {
		t.Fatalf("two Ticks at 08:10 started %d syncs, want 1", n)
	}
	runs, err := e.svc.List(tn.ctx, 1)
	if err != nil || len(runs) != 1 || runs[0].Trigger != contactsync.TriggerScheduled {
		t.Fatalf("latest run = %+v, %v; want the scheduled one", runs, err)
	}
	run := e.runJob(t, tn, runs[0])
	if run.State != contactsync.StateDone || run.Invalid != 1 || run.Creates != 1 || run.Failed != 0 {
		t.Fatalf("scheduled run = %+v, want done with ls created and bad reported invalid", run)
	}
	if _, ok := e.wecomUsers(t, tn)["ls"]; !ok {
		t.Error("the scheduled sync did not create ls")
	}
	if n := scheduled(never); n != 0 {
		t.Errorf("the never-synced tenant got %d scheduled runs", n)
	}

	// Switched off, or moved to another time and zone.
	off := false
	if _, err := e.svc.SaveSettings(tn.ctx, contactsync.SettingsPatch{ScheduleEnabled: &off}); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(at(12, 10))
	tick()
	if n := scheduled(tn); n != 1 {
		t.Fatalf("Tick with the schedule off started another sync (%d in all)", n)
	}
	for _, c := range []struct {
		name  string
		patch contactsync.SettingsPatch
		field string
	}{
		{"a time not HH:MM", contactsync.SettingsPatch{Times: &[]string{"25:00"}}, "times"},
		{"no time", contactsync.SettingsPatch{Times: &[]string{}}, "times"},
		{"an unknown zone", contactsync.SettingsPatch{TimeZone: new("Mars/Olympus")}, "timeZone"},
		{"an unknown field", contactsync.SettingsPatch{WeComOwned: &[]contactsync.Field{"salary"}}, "wecomOwnedFields"},
	} {
		_, err := e.svc.SaveSettings(tn.ctx, c.patch)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Field != c.field {
			t.Errorf("%s: %v, want invalid on %s", c.name, err, c.field)
		}
	}
}

// TestEventsFromWeCom: WeCom's contact changes reach the directory by the tenant's field ownership; Qiao's own
// writes coming back change nothing; a conflict is kept in the day's run and undone by the next sync.
func TestEventsFromWeCom(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	sales := e.dept(t, tn, "销售部", nil)
	zs := e.hire(t, tn, "zs", "张三", "13700000001", sales)
	if run := e.sync(t, tn, true); run.State != contactsync.StateDone {
		t.Fatalf("first sync: %+v", run)
	}
	wdepts := e.wecomDepts(t, tn)
	salesID := wdepts["销售部"].ID
	userEv := func(change, userID, name, mobile string, depts ...int64) wxcrypt.Event {
		return wxcrypt.Event{ToUserName: tn.CorpID, FromUserName: "sys", MsgType: "event", Event: "change_contact",
			ChangeType: change, UserID: userID, Name: name, Mobile: mobile, Department: depts}
	}
	partyEv := func(change string, id int64, name string, parent int64) wxcrypt.Event {
		return wxcrypt.Event{ToUserName: tn.CorpID, FromUserName: "sys", MsgType: "event", Event: "change_contact",
			ChangeType: change, Id: id, Name: name, ParentId: parent}
	}
	name := func(id uint64) string {
		t.Helper()
		d, err := e.dir.EmployeeDetail(tn.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Name
	}
	// 王五 is added in the console (the event below is what WeCom then sends): WeCom has him, mobile and all.
	if err := e.sim.CreateUser(tn.CorpID, sim.Member{UserID: "wangwu", Name: "王五", Mobile: "13700000055",
		Department: []int64{salesID}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name        string
		wecomOwned  []contactsync.Field
		ev          wxcrypt.Event
		wantApplied bool
		wantReason  string
		check       func(t *testing.T)
	}{
		{name: "Qiao's own write comes back", ev: userEv("update_user", "zs", "张三", "13700000001", salesID, wdepts["OA"].ID),
			wantReason: "回送", check: func(t *testing.T) {
				if n := name(zs.ID); n != "张三" {
					t.Errorf("name = %q", n)
				}
			}},
		{name: "a name changed in WeCom, Qiao owning names", ev: userEv("update_user", "ZS", "张三丰", ""),
			wantApplied: true, wantReason: "由桥维护", check: func(t *testing.T) {
				if n := name(zs.ID); n != "张三" {
					t.Errorf("Qiao's name became %q, want 张三 kept", n)
				}
			}},
		{name: "a mobile changed in WeCom, WeCom owning mobiles", wecomOwned: []contactsync.Field{contactsync.FieldMobile},
			ev: userEv("update_user", "zs", "张三丰", "13700000099"), wantApplied: true, wantReason: "按企业微信更新了手机",
			check: func(t *testing.T) {
				d, _ := e.dir.EmployeeDetail(tn.ctx, zs.ID)
				if d.Mobile == nil || *d.Mobile != "13700000099" {
					t.Errorf("mobile = %v, want 13700000099", d.Mobile)
				}
			}},
		{name: "a member added in WeCom's console, userid and department only", ev: userEv("create_user", "wangwu", "", "", salesID),
			wantApplied: true, wantReason: "已加入桥", check: func(t *testing.T) {
				emp, err := e.dir.EmployeeByWeComUserID(tn.ctx, "wangwu")
				if err != nil {
					t.Fatalf("wangwu is not in the directory: %v", err)
				}
				if emp.Name != "王五" {
					t.Errorf("wangwu is named %q in Qiao, want 王五 as the OA app reads it", emp.Name)
				}
				if emp.WeComStatus == nil || *emp.WeComStatus != directory.WeComActive {
					t.Errorf("wangwu's WeCom state = %v, want active as the OA app reads it", emp.WeComStatus)
				}
				ds, _ := e.dir.DepartmentsOf(tn.ctx, []uint64{emp.ID})
				if len(ds[emp.ID]) != 1 || ds[emp.ID][0].ID != sales {
					t.Errorf("wangwu's departments = %+v, want 销售部", ds[emp.ID])
				}
			}},
		{name: "a member's departments all outside Qiao, WeCom owning departments",
			wecomOwned: []contactsync.Field{contactsync.FieldDepartments},
			ev:         userEv("update_user", "zs", "张三丰", "13700000099", wdepts["OA"].ID),
			wantReason: "不在桥中", check: func(t *testing.T) {
				ds, _ := e.dir.DepartmentsOf(tn.ctx, []uint64{zs.ID})
				if len(ds[zs.ID]) != 1 || ds[zs.ID][0].ID != sales {
					t.Errorf("zs's departments = %+v, want 销售部 kept", ds[zs.ID])
				}
			}},
		{name: "a department added in WeCom", ev: partyEv("create_party", 900, "客服部", salesID), wantApplied: true,
			wantReason: "已加入桥", check: func(t *testing.T) {
				_, byPath, _ := e.dir.DepartmentPaths(tn.ctx)
				if _, ok := byPath["销售部/客服部"]; !ok {
					t.Errorf("客服部 is not under 销售部: %v", byPath)
				}
			}},
		{name: "a department renamed in WeCom, Qiao owning departments", ev: partyEv("update_party", salesID, "销售一部", 0),
			wantApplied: true, wantReason: "由桥维护"},
		{name: "a member on staff deleted in WeCom", ev: userEv("delete_user", "zs", "", ""), wantApplied: true,
			wantReason: "下次同步将重新添加"},
		{name: "a tag change", ev: wxcrypt.Event{MsgType: "event", Event: "change_contact", ChangeType: "update_tag"},
			wantReason: "暂不处理"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fields := c.wecomOwned
			if fields == nil {
				fields = []contactsync.Field{}
			}
			if _, err := e.svc.SaveSettings(tn.ctx, contactsync.SettingsPatch{WeComOwned: &fields}); err != nil {
				t.Fatal(err)
			}
			o, err := e.svc.ContactChanged(tn.ctx, c.ev)
			if err != nil {
				t.Fatal(err)
			}
			if o.Applied != c.wantApplied || !strings.Contains(o.Reason, c.wantReason) {
				t.Errorf("outcome = %+v, want applied %v with %q", o, c.wantApplied, c.wantReason)
			}
			if c.check != nil {
				c.check(t)
			}
		})
	}

	// The day's run from WeCom holds the conflicts; the next sync writes Qiao's values back and adds 张三 again.
	runs, err := e.svc.List(tn.ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var in *contactsync.Run
	for i := range runs {
		if runs[i].Direction == contactsync.FromWeCom {
			in = &runs[i]
		}
	}
	if in == nil || in.Conflicts != 4 {
		t.Fatalf("the run from WeCom = %+v, want 4 conflicts (a name, departments outside Qiao, a department, a deletion)", in)
	}
	run := e.sync(t, tn, false)
	if run.State != contactsync.StateDone || run.Failed != 0 {
		t.Fatalf("sync after the events: %+v rows %+v", run, e.rows(t, tn, run.ID))
	}
	users := e.wecomUsers(t, tn)
	if users["zs"].Name != "张三" || users["zs"].Mobile != "13700000099" {
		t.Errorf("zs in WeCom = %+v, want 张三 again (Qiao's name) with WeCom's mobile", users["zs"])
	}
	if _, ok := e.wecomDepts(t, tn)["销售部"]; !ok {
		t.Error("销售部 was not renamed back in WeCom")
	}
}

// TestPullFromWeCom: a company already on WeCom brings its directory into Qiao in one go (一键同步, seed 003):
// departments matched by name or created, members matched by account or added; the first sync to WeCom after it
// writes only what Qiao adds and deletes nobody.
func TestPullFromWeCom(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	rd, err := e.sim.CreateDepartment(tn.CorpID, sim.Department{Name: "研发部", ParentID: 1})
	if err != nil {
		t.Fatal(err)
	}
	fe, err := e.sim.CreateDepartment(tn.CorpID, sim.Department{Name: "前端组", ParentID: rd})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []sim.Member{
		{UserID: "zs", Name: "张三（企业微信）", Mobile: "13700000001", Department: []int64{fe}},
		{UserID: "veteran", Name: "老员工", Mobile: "13700000077", Department: []int64{rd}},
	} {
		if err := e.sim.CreateUser(tn.CorpID, m); err != nil {
			t.Fatal(err)
		}
	}
	ours := e.dept(t, tn, "研发部", nil) // Qiao has 研发部 already: matched, not made twice
	zs := e.hire(t, tn, "zs", "张三", "13700000001", ours)
	e.hire(t, tn, "newbie", "新人", "13700000002", ours) // only in Qiao

	r, err := e.svc.StartPull(tn.ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.StartPull(tn.ctx, "admin"); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("a second pull while one is queued: %v, want conflict", err)
	}
	run := e.runJob(t, tn, r)
	if run.State != contactsync.StateDone || run.Failed != 0 || run.Direction != contactsync.FromWeCom {
		t.Fatalf("pull = %+v rows %+v", run, e.rows(t, tn, run.ID))
	}
	_, byPath, err := e.dir.DepartmentPaths(tn.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if byPath["研发部"] != ours || byPath["研发部/前端组"] == 0 {
		t.Errorf("departments after the pull = %v, want 研发部 (ours) with 前端组 under it", byPath)
	}
	vet, err := e.dir.EmployeeByWeComUserID(tn.ctx, "veteran")
	if err != nil || vet.Name != "老员工" || vet.WeComStatus == nil || *vet.WeComStatus != directory.WeComActive {
		t.Fatalf("veteran = %+v, %v; want added as 老员工, active in WeCom", vet, err)
	}
	if d, _ := e.dir.EmployeeDetail(tn.ctx, zs.ID); d.Name != "张三" {
		t.Errorf("zs was renamed by the pull to %q: Qiao's name stays", d.Name)
	}

	pv, err := e.svc.Preview(tn.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Mode != contactsync.ModeIncremental || len(pv.Deletes) != 0 || len(pv.Invalid) != 0 {
		t.Fatalf("preview after the pull: mode %s, deletes %+v, invalid %+v; want incremental, none", pv.Mode, pv.Deletes, pv.Invalid)
	}
	out := e.sync(t, tn, false)
	if out.State != contactsync.StateDone || out.Failed != 0 {
		t.Fatalf("sync after the pull = %+v rows %+v", out, e.rows(t, tn, out.ID))
	}
	users := e.wecomUsers(t, tn)
	for _, id := range []string{"zs", "veteran", "newbie", "admin"} {
		if _, ok := users[id]; !ok {
			t.Errorf("%s is not in WeCom after the sync", id)
		}
	}
	if users["zs"].Name != "张三" || users["veteran"].Mobile != "13700000077" {
		t.Errorf("WeCom after the sync: zs %+v, veteran %+v; want Qiao's name for zs, veteran's mobile kept", users["zs"], users["veteran"])
	}
}

// TestAccountRenamedInWeCom: WeCom's console alone renames an account (update_user with NewUserID); the employee and
// the mirror follow, so the next sync has nothing to write and a later resignation deletes the renamed member.
func TestAccountRenamedInWeCom(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	ww := e.hire(t, tn, "ww", "王五", "13700000055")
	e.sync(t, tn, true)
	ev := wxcrypt.Event{ToUserName: tn.CorpID, FromUserName: "sys", MsgType: "event", Event: "change_contact",
		ChangeType: "update_user", UserID: "ww", NewUserID: "wangwu"}
	o, err := e.svc.ContactChanged(tn.ctx, ev)
	if err != nil || !o.Applied || !strings.Contains(o.Reason, "桥已跟随") {
		t.Fatalf("rename = %+v, %v; want applied, followed", o, err)
	}
	emp, err := e.dir.EmployeeByWeComUserID(tn.ctx, "wangwu")
	if err != nil || emp.ID != ww.ID {
		t.Fatalf("wangwu = %+v, %v; want 王五 under the new account", emp, err)
	}
	pv, err := e.svc.Preview(tn.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Writes() != 0 {
		t.Errorf("after the rename the sync would write %+v %+v, want nothing (the mirror followed)", pv.Members, pv.Deletes)
	}
	// The same event again (WeCom retries) finds the employee under the new account and changes nothing more.
	if o, err := e.svc.ContactChanged(tn.ctx, ev); err != nil || o.Applied {
		t.Errorf("the rename again = %+v, %v; want nothing applied", o, err)
	}
}

// TestIncrementalEdges: what WeCom holds that Qiao did not write is respected, and what Qiao changes reaches WeCom
// whole, one case a subtest on one company synced once.
func TestIncrementalEdges(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	a := e.hire(t, tn, "ea", "甲", "13600000001")
	b := e.hire(t, tn, "eb", "乙", "13600000002")
	c := e.hire(t, tn, "ec", "丙", "13600000003")
	e.sync(t, tn, true)
	sync := func(t *testing.T) contactsync.Run {
		t.Helper()
		run := e.sync(t, tn, false)
		if run.State != contactsync.StateDone || run.Failed != 0 {
			t.Fatalf("sync = %+v rows %+v", run, e.rows(t, tn, run.ID))
		}
		return run
	}

	t.Run("an account renamed in Qiao: the old member goes first, so the new one can take the mobile", func(t *testing.T) {
		id := "ea-new"
		if _, err := e.dir.UpdateStaff(tn.ctx, a.ID, directory.StaffPatch{WeComUserID: &id}); err != nil {
			t.Fatal(err)
		}
		sync(t)
		users := e.wecomUsers(t, tn)
		if _, old := users["ea"]; old || users["ea-new"].Mobile != "13600000001" {
			t.Errorf("WeCom after the rename: ea present %v, ea-new %+v", old, users["ea-new"])
		}
	})
	t.Run("a department added in the console is not taken over by one added in Qiao", func(t *testing.T) {
		theirs, err := e.sim.CreateDepartment(tn.CorpID, sim.Department{Name: "控制台部门", ParentID: 1})
		if err != nil {
			t.Fatal(err)
		}
		e.dept(t, tn, "桥的新部门", nil)
		sync(t)
		depts := e.wecomDepts(t, tn)
		if depts["控制台部门"].ID != theirs || depts["桥的新部门"].ID == 0 || depts["桥的新部门"].ID == theirs {
			t.Errorf("WeCom's departments = %+v; want 控制台部门 (%d) kept and 桥的新部门 beside it", depts, theirs)
		}
	})
	t.Run("a member disabled in the console stays disabled when Qiao changes them", func(t *testing.T) {
		if err := e.sim.UpdateUser(tn.CorpID, "eb", func(m *sim.Member) { m.Enable = new(0) }); err != nil {
			t.Fatal(err)
		}
		pos := "工程师"
		if _, err := e.dir.UpdateStaff(tn.ctx, b.ID, directory.StaffPatch{Position: &pos}); err != nil {
			t.Fatal(err)
		}
		sync(t)
		m := e.wecomUsers(t, tn)["eb"]
		if m.Position != pos || m.Enable == nil || *m.Enable != 0 {
			t.Errorf("eb in WeCom = %+v, want the position written and still disabled", m)
		}
	})
	t.Run("a frozen member who breaks a rule is disabled all the same", func(t *testing.T) {
		if err := e.db.WithContext(tn.ctx).Model(&directory.Employee{}).Where("id = ?", c.ID).Update("mobile", nil).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := e.dir.ChangeStanding(tn.ctx, tn.people["admin"].ID, []uint64{c.ID}, directory.ActionFreeze); err != nil {
			t.Fatal(err)
		}
		sync(t)
		if m := e.wecomUsers(t, tn)["ec"]; m.Enable == nil || *m.Enable != 0 {
			t.Errorf("frozen ec in WeCom = %+v, want disabled", m)
		}
	})
}

// TestPullOfRootOnlyWeCom: a WeCom whose members are all in its root has no department to mirror; the pull still
// counts as the first sync, so the next one is incremental and needs no confirmation.
func TestPullOfRootOnlyWeCom(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	if err := e.sim.CreateUser(tn.CorpID, sim.Member{UserID: "rootonly", Name: "根部门成员", Mobile: "13600000009"}); err != nil {
		t.Fatal(err)
	}
	r, err := e.svc.StartPull(tn.ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	if run := e.runJob(t, tn, r); run.State != contactsync.StateDone {
		t.Fatalf("pull = %+v", run)
	}
	if run := e.sync(t, tn, false); run.State != contactsync.StateDone || run.Mode != contactsync.ModeIncremental {
		t.Fatalf("the sync after the pull = %+v, want an incremental one, unconfirmed", run)
	}
	if _, ok := e.wecomUsers(t, tn)["rootonly"]; !ok {
		t.Error("the member WeCom had was deleted")
	}
}

func mapKeys[M ~map[K]V, K comparable, V any](m M) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
