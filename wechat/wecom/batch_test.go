package wecom_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/wecom"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

const (
	jobToken  = "jobToken1"
	jobAESKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
)

// mustUploadCSV writes rows with write and uploads them as a file.
func (e *env) mustUploadCSV(tb testing.TB, write func(io.Writer) error) string {
	tb.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		tb.Fatal(err)
	}
	m, err := e.client.UploadMedia(context.Background(), contacts, wecom.MediaFile, "import.csv", b.Bytes())
	if err != nil {
		tb.Fatal(err)
	}
	return m.ID
}

// waitJob polls JobResult until the job is done.
func (e *env) waitJob(tb testing.TB, jobID string) wecom.JobResult {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r, err := e.client.JobResult(context.Background(), contacts, jobID)
		if err != nil {
			tb.Fatal(err)
		}
		if r.Status == wecom.JobDone {
			return r
		}
		if time.Now().After(deadline) {
			tb.Fatalf("job stuck: %+v", r)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// jobReceiver collects the events posted to a job's callback.
type jobReceiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	events []wxcrypt.Event
	errs   []error
}

func newJobReceiver(tb testing.TB) *jobReceiver {
	tb.Helper()
	cr, err := wxcrypt.New(jobToken, jobAESKey, corpID)
	if err != nil {
		tb.Fatal(err)
	}
	rc := &jobReceiver{}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		q := r.URL.Query()
		plain, err := cr.DecryptMsg(q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), body)
		var ev wxcrypt.Event
		if err == nil {
			ev, err = wxcrypt.ParseEvent(plain)
		}
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if err != nil {
			rc.errs = append(rc.errs, err)
			return
		}
		rc.events = append(rc.events, ev)
	}))
	// This cleanup runs before mustContactEnv's WaitIdle: a delivery still
	// in flight then fails fast instead of being left behind.
	tb.Cleanup(func() {
		rc.srv.Close()
		for _, err := range rc.errs {
			tb.Errorf("job callback: %v", err)
		}
	})
	return rc
}

func (rc *jobReceiver) got() []wxcrypt.Event {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]wxcrypt.Event(nil), rc.events...)
}

func TestSyncUsersJob(t *testing.T) {
	e := mustContactEnv(t)
	ctx := context.Background()
	rc := newJobReceiver(t)
	sales := e.mustDept(t, "Sales", 1)
	if err := e.sim.SetBatchPace(corpID, 0, true); err != nil {
		t.Fatal(err)
	}
	users := []wecom.User{
		{UserID: "carol", Name: "Carol", Mobile: "13800000001", Departments: []int64{1, sales},
			Orders: []int64{1, 2}, LeaderInDept: []bool{false, true}, Position: "Rep", Gender: wecom.GenderFemale},
		{UserID: "alice", Name: "Alice Liddell", Email: "alice@example.com", Departments: []int64{1}},
	}
	media := e.mustUploadCSV(t, func(w io.Writer) error { return wecom.WriteUsersCSV(w, users) })
	job, err := e.client.SyncUsers(ctx, contacts, wecom.ImportJob{MediaID: media, SkipInvite: true,
		Callback: &wecom.JobCallback{URL: rc.srv.URL + "/job", Token: jobToken, EncodingAESKey: jobAESKey}})
	if err != nil {
		t.Fatalf("SyncUsers: %v", err)
	}
	r, err := e.client.JobResult(ctx, contacts, job)
	if err != nil || r.Status != wecom.JobStarted || r.Total != 2 || r.Percentage != 0 || r.Type != wecom.JobSyncUsers {
		t.Errorf("paused job: %+v, %v", r, err)
	}
	if err := e.sim.StepBatch(corpID, 1); err != nil {
		t.Fatal(err)
	}
	for r.Percentage == 0 {
		time.Sleep(5 * time.Millisecond)
		if r, err = e.client.JobResult(ctx, contacts, job); err != nil {
			t.Fatal(err)
		}
	}
	if r.Status != wecom.JobRunning || r.Percentage != 50 || len(r.Users) != 1 {
		t.Errorf("half done: %+v", r)
	}
	if err := e.sim.SetBatchPace(corpID, 0, false); err != nil {
		t.Fatal(err)
	}
	r = e.waitJob(t, job)
	want := wecom.JobResult{Status: wecom.JobDone, Type: wecom.JobSyncUsers, Total: 2, Percentage: 100,
		Users: []wecom.UserJobResult{{UserID: "carol", ErrMsg: "ok"}, {UserID: "alice", ErrMsg: "ok"}}}
	if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("JobResult (-want +got):\n%s", diff)
	}
	carol, err := e.client.GetUser(ctx, contacts, "carol")
	users[0].Status, users[0].MainDepartment = wecom.UserActive, 1 // WeCom takes the first
	if diff := cmp.Diff(users[0], carol); diff != "" || err != nil {
		t.Errorf("imported carol (-want +got):\n%s %v", diff, err)
	}
	if alice, _ := e.client.GetUser(ctx, contacts, "alice"); alice.Name != "Alice Liddell" || alice.Email != "alice@example.com" {
		t.Errorf("synced alice: %+v", alice)
	}
	if err := e.sim.WaitIdle(ctx); err != nil {
		t.Fatal(err)
	}
	evs := rc.got()
	if len(evs) != 1 || evs[0].Event != "batch_job_result" || evs[0].JobId != job || evs[0].JobType != wecom.JobSyncUsers ||
		evs[0].ErrCode != 0 {
		t.Errorf("job callback events: %+v", evs)
	}
}

func TestReplaceUsersJob(t *testing.T) {
	e := mustContactEnv(t)
	ctx := context.Background()
	keep := []wecom.User{
		{UserID: "alice", Name: "Alice", Email: "alice@example.com", Departments: []int64{1}},
		{UserID: "carol", Name: "Carol", Mobile: "13800000001", Departments: []int64{1}},
	}
	media := e.mustUploadCSV(t, func(w io.Writer) error { return wecom.WriteUsersCSV(w, keep) })
	job, err := e.client.ReplaceUsers(ctx, contacts, wecom.ImportJob{MediaID: media})
	if err != nil {
		t.Fatal(err)
	}
	r := e.waitJob(t, job)
	if r.Type != wecom.JobReplaceUsers || len(r.Users) != 2 || r.Users[0].ErrCode != 0 || r.Users[1].ErrCode != 0 {
		t.Errorf("JobResult %+v", r)
	}
	if _, err := e.client.GetUser(ctx, contacts, "bob"); wecom.CodeOf(err) != wecom.CodeUserNotFound {
		t.Errorf("bob, missing from the file: %v, want deleted", err)
	}

	// Deleting both of the 2 others (100%) trips the delete guard.
	only := []wecom.User{{UserID: "dave", Name: "Dave", Mobile: "13800000002", Departments: []int64{1}}}
	media = e.mustUploadCSV(t, func(w io.Writer) error { return wecom.WriteUsersCSV(w, only) })
	if job, err = e.client.ReplaceUsers(ctx, contacts, wecom.ImportJob{MediaID: media}); err != nil {
		t.Fatal(err)
	}
	r = e.waitJob(t, job)
	if len(r.Users) != 1 || r.Users[0].ErrCode != 45026 {
		t.Errorf("guarded job: %+v, want row errcode 45026", r)
	}
	if _, err := e.client.GetUser(ctx, contacts, "alice"); err != nil {
		t.Errorf("guarded job deleted alice: %v", err)
	}
	if _, err := e.client.GetUser(ctx, contacts, "dave"); wecom.CodeOf(err) != wecom.CodeUserNotFound {
		t.Errorf("guarded job added dave: %v", err)
	}
}

func TestReplaceDepartmentsJob(t *testing.T) {
	e := mustContactEnv(t)
	ctx := context.Background()
	old := e.mustDept(t, "Old", 1)
	depts := []wecom.Department{
		{ID: 11, Name: "East", ParentID: 10},
		{ID: 10, Name: "Regions", ParentID: 1, Order: 5},
		{ID: 1, Name: "Acme"},
	}
	media := e.mustUploadCSV(t, func(w io.Writer) error { return wecom.WriteDepartmentsCSV(w, depts) })
	job, err := e.client.ReplaceDepartments(ctx, contacts, wecom.ImportJob{MediaID: media})
	if err != nil {
		t.Fatal(err)
	}
	r := e.waitJob(t, job)
	want := []wecom.DepartmentJobResult{
		{Action: wecom.DepartmentRenamed, DepartmentID: 1, ErrMsg: "ok"},
		{Action: wecom.DepartmentCreated, DepartmentID: 10, ErrMsg: "ok"},
		{Action: wecom.DepartmentCreated, DepartmentID: 11, ErrMsg: "ok"},
	}
	if diff := cmp.Diff(want, r.Departments); diff != "" || r.Type != wecom.JobReplaceDepartments || r.Users != nil {
		t.Errorf("JobResult %+v (-want +got):\n%s", r, diff)
	}
	if _, err := e.client.GetDepartment(ctx, contacts, old); wecom.CodeOf(err) != wecom.CodeBadDepartment {
		t.Errorf("Old, empty and missing from the file: %v, want deleted", err)
	}
	if d, err := e.client.GetDepartment(ctx, contacts, 11); err != nil || d.ParentID != 10 {
		t.Errorf("East: %+v, %v", d, err)
	}
}

func TestJobErrors(t *testing.T) {
	e := mustContactEnv(t)
	ctx := context.Background()
	if _, err := e.client.JobResult(ctx, contacts, "nope"); wecom.CodeOf(err) != 40088 {
		t.Errorf("unknown job: %v, want 40088", err)
	}
	if _, err := e.client.SyncUsers(ctx, contacts, wecom.ImportJob{MediaID: "3-nope"}); wecom.CodeOf(err) != 40007 {
		t.Errorf("unknown media: %v, want 40007", err)
	}
	if _, err := e.client.SyncUsers(ctx, app, wecom.ImportJob{MediaID: "3-nope"}); wecom.CodeOf(err) != wecom.CodeNotAllowed {
		t.Errorf("app secret: %v, want 48002", err)
	}
	calls := e.sim.CallCount("/cgi-bin/batch/syncuser")
	for name, j := range map[string]wecom.ImportJob{
		"NoMedia":  {},
		"URL":      {MediaID: "m", Callback: &wecom.JobCallback{URL: "nope", Token: "t", EncodingAESKey: jobAESKey}},
		"Token":    {MediaID: "m", Callback: &wecom.JobCallback{URL: "http://x", Token: "a-b", EncodingAESKey: jobAESKey}},
		"AESKey":   {MediaID: "m", Callback: &wecom.JobCallback{URL: "http://x", Token: "t", EncodingAESKey: "short"}},
		"AESChars": {MediaID: "m", Callback: &wecom.JobCallback{URL: "http://x", Token: "t", EncodingAESKey: strings.Repeat("+", 43)}},
	} {
		if _, err := e.client.SyncUsers(ctx, contacts, j); err == nil || wecom.CodeOf(err) != 0 {
			t.Errorf("%s: %v, want a validation error", name, err)
		}
	}
	if _, err := e.client.JobResult(ctx, contacts, ""); err == nil {
		t.Error("empty jobid accepted")
	}
	if n := e.sim.CallCount("/cgi-bin/batch/syncuser"); n != calls {
		t.Errorf("invalid jobs reached WeCom: %d calls", n-calls)
	}
}

func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	err := wecom.WriteUsersCSV(&b, []wecom.User{
		{UserID: "zhangsan", Name: "张三", Mobile: "+86 13800000000", Email: "z@example.com", Departments: []int64{1, 2},
			Orders: []int64{10, 20}, LeaderInDept: []bool{true, false}, Position: "经理, 销售", Gender: wecom.GenderMale,
			Alias: "Zed", Disabled: true},
		{UserID: "lisi", Name: "李四", Email: "l@example.com", Departments: []int64{3}, Gender: wecom.GenderFemale},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "姓名,帐号,手机号,邮箱,所在部门,职位,性别,是否部门内领导,排序,别名,地址,座机,禁用,禁用项说明：(0-启用;1-禁用)\n" +
		"张三,zhangsan,+86 13800000000,z@example.com,1;2,\"经理, 销售\",男,1;0,10;20,Zed,,,1,\n" +
		"李四,lisi,,l@example.com,3,,女,,,,,,0,\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("users CSV (-want +got):\n%s", diff)
	}
	b.Reset()
	if err := wecom.WriteDepartmentsCSV(&b, []wecom.Department{{ID: 1, Name: "Acme"}, {ID: 2, Name: "Sales", ParentID: 1, Order: 7}}); err != nil {
		t.Fatal(err)
	}
	if want := "部门名称,部门ID,父部门ID,排序\nAcme,1,0,\nSales,2,1,7\n"; b.String() != want {
		t.Errorf("departments CSV %q, want %q", b.String(), want)
	}

	b.Reset()
	if err := wecom.WriteUsersCSV(&b, []wecom.User{{UserID: "bad id", Name: "X", Mobile: "13800000000", Departments: []int64{1}}}); err == nil || b.Len() != 0 {
		t.Errorf("user with an invalid userid: err %v, wrote %q", err, b.String())
	}
	// A member WeCom has already needs no mobile or email in the file (WeCom keeps its own).
	b.Reset()
	if err := wecom.WriteUsersCSV(&b, []wecom.User{{UserID: "x", Name: "X", Departments: []int64{1}}}); err != nil {
		t.Errorf("user without mobile or email: %v", err)
	}
	b.Reset()
	for _, d := range []wecom.Department{{Name: "NoID", ParentID: 1}, {ID: 2, Name: "NoParent"}, {ID: 3, Name: "a|b", ParentID: 1}} {
		if err := wecom.WriteDepartmentsCSV(&b, []wecom.Department{d}); err == nil || b.Len() != 0 {
			t.Errorf("department %+v: err %v, wrote %q", d, err, b.String())
		}
	}
}
