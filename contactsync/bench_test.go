package contactsync_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/contactsync"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wecom"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// syncPaths are the WeCom APIs a sync may call; their sum is a run's calls as WeCom counts them.
var syncPaths = []string{"/cgi-bin/gettoken", "/cgi-bin/media/upload", "/cgi-bin/batch/replaceparty",
	"/cgi-bin/batch/replaceuser", "/cgi-bin/batch/syncuser", "/cgi-bin/batch/getresult", "/cgi-bin/user/create",
	"/cgi-bin/user/update", "/cgi-bin/user/batchdelete", "/cgi-bin/user/delete", "/cgi-bin/department/create",
	"/cgi-bin/department/update", "/cgi-bin/department/delete"}

func (e *env) calls() int {
	n := 0
	for _, p := range syncPaths {
		n += e.sim.CallCount(p)
	}
	return n
}

// jobReceiver is the tenant's contact-change receiver as far as a sync needs it: WeCom's batch_job_result event,
// decrypted and handed to JobFinished (in production the callback intake does this through the inbox).
func jobReceiver(tb testing.TB, e *env, tid *tenancy.ID, corpID *string, told *atomic.Int32) *wecom.JobCallback {
	const token, key = "benchtoken", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cr, err := wxcrypt.New(token, key, *corpID)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		body, _ := io.ReadAll(r.Body)
		q := r.URL.Query()
		plain, err := cr.DecryptMsg(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), body)
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		ev, err := wxcrypt.ParseEvent(plain)
		if err == nil && ev.Event == "batch_job_result" {
			if waiting, _ := e.svc.JobFinished(tenancy.WithTenant(context.Background(), *tid), ev.JobId); waiting {
				told.Add(1)
			}
		}
		_, _ = io.WriteString(w, "success")
	}))
	tb.Cleanup(srv.Close)
	return &wecom.JobCallback{URL: srv.URL, Token: token, EncodingAESKey: key}
}

// seedCompany gives tn depts departments (10 roots, the rest under them) and staff employees spread over them.
func seedCompany(b *testing.B, e *env, tn tenant, depts, staff int) []directory.Employee {
	ids := make([]uint64, 0, depts)
	for i := range depts {
		var parent *uint64
		if i >= 10 {
			parent = &ids[i%10]
		}
		ids = append(ids, e.dept(b, tn, fmt.Sprintf("部门%04d", i), parent))
	}
	hidden, err := directory.NewHiddenPassword()
	if err != nil {
		b.Fatal(err)
	}
	for from := 0; from < staff; from += 1000 {
		items := make([]directory.NewEmployee, 0, 1000)
		for i := from; i < min(from+1000, staff); i++ {
			mobile := fmt.Sprintf("139%08d", i)
			items = append(items, directory.NewEmployee{Employee: directory.Employee{Name: fmt.Sprintf("员工%06d", i),
				Mobile: &mobile}, Login: fmt.Sprintf("u%06d", i), DepartmentIDs: []uint64{ids[i%depts]}})
		}
		errs, err := e.dir.CreateStaffBatch(tn.ctx, items, hidden)
		if err != nil {
			b.Fatal(err)
		}
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	src, err := e.dir.SyncSource(tn.ctx)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]directory.Employee, 0, staff)
	for _, r := range src.Staff {
		out = append(out, r.Employee)
	}
	return out
}

// BenchmarkContactSync (-benchtime 1x) syncs a company of 100,000 staff in 1,000 departments to the simulator with
// WeCom's limits on: the first sync (aim: at most 10 calls, under 30 s), then 100 changes (aim: at most 110 calls,
// under 3 s); and beside them the naive way, a call per member, for 10,000 members and for the 100 changes.
func BenchmarkContactSync(b *testing.B) {
	var tid tenancy.ID
	var corpID string
	var cb *wecom.JobCallback
	e := newEnvWith(b, func(e *env, d *contactsync.Deps) {
		d.Sleep = nil // real waits
		d.Now = time.Now
		d.JobCallback = func(context.Context) (*wecom.JobCallback, error) { return cb, nil }
	})
	cb = jobReceiver(b, e, &tid, &corpID, new(atomic.Int32))
	tn := e.tenant(b)
	tid, corpID = tn.ID, tn.CorpID
	const staff, depts = 100000, 1000
	start := time.Now()
	people := seedCompany(b, e, tn, depts, staff)
	b.Logf("seeded %d staff in %d departments in %s", staff, depts, time.Since(start).Round(time.Millisecond))

	measure := func(b *testing.B, name string, aimCalls int, aim time.Duration) {
		before := e.calls()
		start := time.Now()
		run := e.sync(b, tn, true)
		took := time.Since(start)
		calls := e.calls() - before
		if run.State != contactsync.StateDone || run.Failed != 0 {
			b.Fatalf("%s: %+v", name, run)
		}
		b.ReportMetric(float64(calls), "calls")
		b.ReportMetric(took.Seconds(), "s")
		b.Logf("%s: %d WeCom calls (aim ≤ %d), %s (aim < %s), mode %s, %d written", name, calls, aimCalls,
			took.Round(time.Millisecond), aim, run.Mode, run.Done)
	}
	b.Run("first-sync-100000", func(b *testing.B) { measure(b, "first sync", 10, 30*time.Second) })

	b.Run("incremental-100", func(b *testing.B) {
		admin := tn.people["admin"].ID
		for i := range 40 {
			name := fmt.Sprintf("改名%06d", i)
			if _, err := e.dir.UpdateStaff(tn.ctx, people[i+1].ID, directory.StaffPatch{Name: &name}); err != nil {
				b.Fatal(err)
			}
		}
		var freeze, resign []uint64
		for i := range 20 {
			freeze = append(freeze, people[100+i].ID)
			resign = append(resign, people[200+i].ID)
		}
		for _, c := range []struct {
			ids []uint64
			a   directory.StaffAction
		}{{freeze, directory.ActionFreeze}, {resign, directory.ActionResign}} {
			if _, err := e.dir.ChangeStanding(tn.ctx, admin, c.ids, c.a); err != nil {
				b.Fatal(err)
			}
		}
		for i := range 20 {
			e.hire(b, tn, fmt.Sprintf("new%03d", i), fmt.Sprintf("新人%03d", i), fmt.Sprintf("137%08d", i))
		}
		measure(b, "incremental sync of 100 changes", 110, 3*time.Second)
	})

	// The naive way: a user/create per member, as peers do, for 10,000 members of a fresh corp (100,000 would
	// spend WeCom's 10,000 calls a minute ten times over); and a call per change for the 100 changes.
	b.Run("naive-10000", func(b *testing.B) {
		b2 := e.tenant(b)
		app, err := e.tenants.Credentials(b2.ctx, tenants.ContactsCredential)
		if err != nil {
			b.Fatal(err)
		}
		before := e.calls()
		start := time.Now()
		for i := range 10000 {
			u := wecom.User{UserID: fmt.Sprintf("n%06d", i), Name: fmt.Sprintf("员工%06d", i),
				Mobile: fmt.Sprintf("136%08d", i), Departments: []int64{1}}
			if err := e.wc.CreateUser(b2.ctx, app, u); err != nil {
				b.Fatalf("member %d: %v", i, err)
			}
		}
		took := time.Since(start)
		b.ReportMetric(float64(e.calls()-before), "calls")
		b.ReportMetric(took.Seconds(), "s")
		b.Logf("naive: 10,000 members a call each: %d calls, %s; 100,000 would take %d calls and, at WeCom's 10,000 "+
			"a minute, at least 10 minutes", e.calls()-before, took.Round(time.Millisecond), 100000)
	})
}
