package sim_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/sim"
)

// uploadCode posts media/upload with the file in the multipart field
// "media"; filelength "" writes the true length, "-" none.
func (e *env) uploadCode(tb testing.TB, tok, typ, field, name string, data []byte, filelength string) (string, int) {
	tb.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	cd := fmt.Sprintf(`form-data; name="%s"; filename="%s"`, field, name)
	switch filelength {
	case "":
		cd += fmt.Sprintf("; filelength=%d", len(data))
	case "-":
	default:
		cd += "; filelength=" + filelength
	}
	part, err := w.CreatePart(textproto.MIMEHeader{"Content-Disposition": {cd}, "Content-Type": {"application/octet-stream"}})
	if err != nil {
		tb.Fatal(err)
	}
	_, _ = part.Write(data)
	_ = w.Close()
	req, err := http.NewRequest("POST", e.srv.URL+"/cgi-bin/media/upload?access_token="+url.QueryEscape(tok)+"&type="+typ, &b)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := e.browser.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		ErrCode   int    `json:"errcode"`
		MediaID   string `json:"media_id"`
		Type      string `json:"type"`
		CreatedAt string `json:"created_at"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		tb.Fatal(err)
	}
	if out.ErrCode == 0 && (out.MediaID == "" || out.Type != typ || out.CreatedAt != fmt.Sprint(e.clock.Now().Unix())) {
		tb.Errorf("upload answer %+v", out)
	}
	return out.MediaID, out.ErrCode
}

func (e *env) upload(tb testing.TB, tok, typ, name string, data []byte) string {
	tb.Helper()
	id, code := e.uploadCode(tb, tok, typ, "media", name, data, "")
	if code != 0 {
		tb.Fatalf("upload %s: errcode %d", name, code)
	}
	return id
}

// usersCSV is a member file with the columns 帐号,姓名,手机号,邮箱,所在部门
// (in that order; WeCom matches columns by header).
func usersCSV(rows ...string) []byte {
	return []byte("帐号,姓名,手机号,邮箱,所在部门\n" + strings.Join(rows, "\n") + "\n")
}

// startJob starts batch/<api> with media_id and extra body fields.
func (e *contactEnv) startJob(tb testing.TB, api, mediaID, extra string) string {
	tb.Helper()
	var out struct {
		JobID string `json:"jobid"`
	}
	e.mustOK(tb, "POST", "batch/"+api, e.tok, "", `{"media_id":"`+mediaID+`"`+extra+`}`, &out)
	if out.JobID == "" {
		tb.Fatal("no jobid")
	}
	return out.JobID
}

type jobResult struct {
	Status     int              `json:"status"`
	Type       string           `json:"type"`
	Total      int              `json:"total"`
	Percentage int              `json:"percentage"`
	Result     []map[string]any `json:"result"`
}

func (e *contactEnv) result(tb testing.TB, jobID string) jobResult {
	tb.Helper()
	var out jobResult
	e.mustOK(tb, "GET", "batch/getresult", e.tok, "jobid="+url.QueryEscape(jobID), "", &out)
	return out
}

// waitResult polls getresult until done says so.
func (e *contactEnv) waitResult(tb testing.TB, jobID string, done func(jobResult) bool) jobResult {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := e.result(tb, jobID)
		if done(r) {
			return r
		}
		if time.Now().After(deadline) {
			tb.Fatalf("job %s stuck at %+v", jobID, r)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (e *contactEnv) waitJob(tb testing.TB, jobID string) jobResult {
	tb.Helper()
	return e.waitResult(tb, jobID, func(r jobResult) bool { return r.Status == 3 })
}

func rowCodes(r jobResult, key string) map[string]float64 {
	out := map[string]float64{}
	for _, row := range r.Result {
		out[fmt.Sprint(row[key])] = row["errcode"].(float64)
	}
	return out
}

func TestMediaUpload(t *testing.T) {
	e := mustContactEnv(t)
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 16)...)
	big := func(prefix string, n int) []byte { return append([]byte(prefix), make([]byte, n-len(prefix))...) }
	cases := []struct {
		name, tok, typ, field, filename string
		data                            []byte
		filelength                      string
		code                            int
	}{
		{"OKFileWithAppToken", e.appTok, "file", "media", "a.csv", []byte("a,b,c\n"), "", 0},
		{"OKImage", e.tok, "image", "media", "p.png", png, "", 0},
		{"OKWithoutFilelength", e.tok, "file", "media", "a.csv", []byte("123456"), "-", 0},
		{"OKFile20MB", e.tok, "file", "media", "a.bin", big("x", 20<<20), "", 0},
		{"ErrFiveBytes", e.tok, "file", "media", "a.csv", []byte("12345"), "", 40006},
		{"ErrImageFormat", e.tok, "image", "media", "p.png", []byte("not an image"), "", 40004},
		{"ErrImageSize", e.tok, "image", "media", "p.jpg", big("\xFF\xD8\xFF", 10<<20+1), "", 40009},
		{"ErrVoiceSize", e.tok, "voice", "media", "v.amr", big("#!AMR\n", 2<<20+1), "", 40006},
		{"ErrVideoFormat", e.tok, "video", "media", "v.mp4", []byte("plainly not mp4"), "", 40004},
		{"ErrFileSize", e.tok, "file", "media", "a.bin", big("x", 20<<20+1), "", 40006},
		{"ErrType", e.tok, "doc", "media", "a.doc", []byte("123456"), "", 40005},
		{"ErrNoMediaField", e.tok, "file", "file", "a.csv", []byte("123456"), "", 44001},
		{"ErrFilelength", e.tok, "file", "media", "a.csv", []byte("123456"), "7", 44001},
		{"ErrNoToken", "", "file", "media", "a.csv", []byte("123456"), "", 41001},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, code := e.uploadCode(t, c.tok, c.typ, c.field, c.filename, c.data, c.filelength); code != c.code {
				t.Errorf("errcode %d, want %d", code, c.code)
			}
		})
	}

	// Media live three days.
	id := e.upload(t, e.tok, "file", "u.csv", usersCSV("carol,Carol,13800000001,,1"))
	e.clock.Advance(72*time.Hour - time.Second)
	e.tok = e.mustToken(t, contactSecret) // the old one expired
	e.waitJob(t, e.startJob(t, "syncuser", id, ""))
	e.clock.Advance(time.Second)
	if code := e.wxDo(t, "POST", "batch/syncuser", e.mustToken(t, contactSecret), "", `{"media_id":"`+id+`"}`, nil); code != 40007 {
		t.Errorf("expired media: errcode %d, want 40007", code)
	}
	waitIdle(t, e.sim)
}

// TestSyncUserProgress pauses the job to watch it go from status 1 to 2
// to 3, and checks the rows, the members and the batch_job_result event.
func TestSyncUserProgress(t *testing.T) {
	e := mustContactEnv(t)
	fastRetries(t, e.sim, time.Second)
	rc := newReceiver(t, e.sim, nil)
	mustSaveCallback(t, e.sim, 0, rc.url(), rcvToken, rcvAESKey)
	sales := e.mustDept(t, "Sales", 1)
	waitIdle(t, e.sim)
	if resp, b := e.do(t, "PUT", "/_sim/corps/"+corpID+"/batch-pace", `{"paused":true}`); resp.StatusCode != 204 {
		t.Fatalf("batch-pace: HTTP %d: %s", resp.StatusCode, b)
	}
	file := "\uFEFF姓名,帐号,手机号,邮箱,所在部门,职位,性别,是否部门内领导,排序,别名,地址,座机,禁用,禁用项说明：(0-启用;1-禁用)\n" +
		fmt.Sprintf("Carol,carol,13800000001,,1;%d,Rep,女,0;1,5;6,cc,,,1,\n", sales) +
		",alice,,alice@example.com,,Boss,,,,,,,,\n" +
		"Nobody,,13800000003,,1,,,,,,,,,\n"
	id := e.upload(t, e.tok, "file", "users.csv", []byte(file))
	job := e.startJob(t, "syncuser", id, `,"to_invite":false`)

	r := e.result(t, job)
	if r.Status != 1 || r.Percentage != 0 || r.Total != 3 || r.Type != "sync_user" || len(r.Result) != 0 {
		t.Errorf("paused job: %+v, want status 1 at 0%% of 3", r)
	}
	if resp, _ := e.do(t, "POST", "/_sim/corps/"+corpID+"/batch-step", `{"rows":1}`); resp.StatusCode != 204 {
		t.Fatalf("batch-step: HTTP %d", resp.StatusCode)
	}
	r = e.waitResult(t, job, func(r jobResult) bool { return r.Percentage > 0 })
	if r.Status != 2 || r.Percentage != 33 || len(r.Result) != 1 {
		t.Errorf("after one row: %+v, want status 2 at 33%%", r)
	}
	if err := e.sim.StepBatch(corpID, 2); err != nil {
		t.Fatal(err)
	}
	r = e.waitJob(t, job)
	if r.Percentage != 100 || r.Total != 3 {
		t.Errorf("done: %+v", r)
	}
	if diff := cmp.Diff(map[string]float64{"carol": 0, "alice": 0, "": 41009}, rowCodes(r, "userid")); diff != "" {
		t.Errorf("row errcodes (-want +got):\n%s", diff)
	}

	carol, err := e.sim.GetUser(corpID, "carol")
	if err != nil {
		t.Fatal(err)
	}
	want := sim.Member{UserID: "carol", Name: "Carol", Alias: "cc", Mobile: "13800000001", Department: []int64{1, sales},
		Order: []int64{5, 6}, IsLeaderInDept: []int{0, 1}, MainDepartment: 1, Position: "Rep", Gender: "2",
		Enable: new(0), Status: 2}
	if diff := cmp.Diff(want, carol); diff != "" {
		t.Errorf("imported member (-want +got):\n%s", diff)
	}
	alice, _ := e.sim.GetUser(corpID, "alice")
	if alice.Name != "Alice" || alice.Email != "alice@example.com" || alice.Position != "Boss" ||
		!slices.Equal(alice.Department, []int64{1}) {
		t.Errorf("synced alice: %+v, want empty cells to leave fields as they were", alice)
	}

	waitIdle(t, e.sim)
	evs, _ := rc.got()
	if len(evs) != 2 || evs[1].Event != "batch_job_result" || evs[1].JobId != job || evs[1].JobType != "sync_user" ||
		evs[1].ErrCode != 0 || evs[1].ErrMsg != "ok" {
		t.Errorf("contact-sync callback events: %+v, want create_party then batch_job_result", evs)
	}
}

func TestReplaceUserDeleteGuard(t *testing.T) {
	cases := []struct {
		name        string
		headcount   int
		keep        int
		wantAborted bool
	}{
		{"AbortFewerThan50AndOver80Percent", 10, 1, true},
		{"Proceed80PercentExactly", 10, 2, false},
		{"AbortOver50AndOver20Percent", 100, 49, true},
		{"ProceedOver50Under20Percent", 300, 245, false},
		// 50 is neither "more than 50" nor "fewer than 50".
		{"Proceed50Exactly", 100, 50, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := mustContactEnv(t)
			fastRetries(t, e.sim, time.Second)
			contacts := newReceiver(t, e.sim, nil)
			jobRcv := newReceiver(t, e.sim, nil)
			mustSaveCallback(t, e.sim, 0, contacts.url(), rcvToken, rcvAESKey)
			ids := []string{"alice", "Bob"}
			for i := len(ids); i < c.headcount; i++ {
				id := fmt.Sprintf("u%03d", i)
				if err := e.sim.AddUser(corpID, id, ""); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, id)
			}
			waitIdle(t, e.sim)
			before := contacts.hitCount()
			var rows []string
			for _, id := range ids[:c.keep] {
				rows = append(rows, fmt.Sprintf("%s,New %s,,%s@example.com,1", id, id, id))
			}
			rows = append(rows, "newbie,Newbie,13800000001,,1")
			media := e.upload(t, e.tok, "file", "all.csv", usersCSV(rows...))
			cb := `,"callback":{"url":"` + jobRcv.url() + `","token":"` + rcvToken + `","encodingaeskey":"` + rcvAESKey + `"}`
			r := e.waitJob(t, e.startJob(t, "replaceuser", media, cb))
			waitIdle(t, e.sim)

			us, _ := e.sim.ListUsers(corpID)
			alice, _ := e.sim.GetUser(corpID, "alice")
			evs, _ := jobRcv.got()
			if len(evs) != 1 || evs[0].Event != "batch_job_result" || evs[0].JobType != "replace_user" {
				t.Fatalf("job callback got %+v", evs)
			}
			if contacts.hitCount() != before {
				t.Errorf("the contact-sync callback got the job's event too")
			}
			if c.wantAborted {
				if len(us) != c.headcount || alice.Name != "Alice" || evs[0].ErrCode != 45026 {
					t.Errorf("aborted job: %d members (want %d untouched), alice %q, event errcode %d (want 45026)",
						len(us), c.headcount, alice.Name, evs[0].ErrCode)
				}
				for _, row := range r.Result {
					if row["errcode"].(float64) != 45026 {
						t.Errorf("aborted row %v, want errcode 45026", row)
					}
				}
				return
			}
			if len(us) != c.keep+1 || alice.Name != "New alice" || evs[0].ErrCode != 0 {
				t.Errorf("job: %d members (want %d), alice %q, event errcode %d", len(us), c.keep+1, alice.Name, evs[0].ErrCode)
			}
			for _, row := range r.Result {
				if row["errcode"].(float64) != 0 {
					t.Errorf("row %v failed", row)
				}
			}
		})
	}
}

func TestReplaceParty(t *testing.T) {
	e := mustContactEnv(t)
	sales := e.mustDept(t, "Sales", 1)
	e.mustDept(t, "Old", 1) // empty: deleted by the import
	legacy := e.mustDept(t, "Legacy", 1)
	for _, m := range []sim.Member{
		{UserID: "carol", Name: "Carol", Department: []int64{sales}},
		{UserID: "dave", Name: "Dave", Email: "dave@example.com", Department: []int64{legacy}},
	} {
		if err := e.sim.CreateUser(corpID, m); err != nil {
			t.Fatal(err)
		}
	}
	file := "部门名称,部门ID,父部门ID,排序\n" +
		"East,11,10,\n" + // before its parent
		"Regions,10,1,5\n" +
		fmt.Sprintf("Sales Team,%d,10,20\n", sales) +
		"Bad,12,404,\n" +
		"Root,1,0,\n"
	media := e.upload(t, e.tok, "file", "parties.csv", []byte(file))
	r := e.waitJob(t, e.startJob(t, "replaceparty", media, ""))
	if r.Type != "replace_party" || r.Total != 5 {
		t.Errorf("result %+v", r)
	}
	type row struct {
		Action  float64
		PartyID float64
		ErrCode float64
	}
	var rows []row
	for _, x := range r.Result {
		rows = append(rows, row{x["action"].(float64), x["partyid"].(float64), x["errcode"].(float64)})
	}
	// Parents first: rows whose parent is outside the file, then the rest.
	want := []row{{0, 12, 60123}, {0, 1, 0}, {1, 10, 0}, {1, 11, 0}, {2 | 4 | 8, float64(sales), 0}}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	ids := func() []int64 {
		ds, _ := e.sim.ListDepartments(corpID)
		var out []int64
		for _, d := range ds {
			out = append(out, d.ID)
		}
		return out
	}
	// Old was empty and missing: deleted. Legacy still has dave: kept
	// until a member import empties it.
	if got := ids(); !slices.Equal(got, []int64{1, sales, legacy, 10, 11}) {
		t.Errorf("departments %v, want [1 %d %d 10 11]", got, sales, legacy)
	}
	media = e.upload(t, e.tok, "file", "dave.csv", usersCSV("dave,Dave,,dave@example.com,11"))
	e.waitJob(t, e.startJob(t, "syncuser", media, ""))
	if got := ids(); !slices.Equal(got, []int64{1, sales, 10, 11}) {
		t.Errorf("departments after moving dave out of Legacy %v, want [1 %d 10 11]", got, sales)
	}
}

func TestBatchErrors(t *testing.T) {
	e := mustContactEnv(t)
	usersFile := e.upload(t, e.tok, "file", "u.csv", usersCSV("carol,Carol,13800000001,,1"))
	image := e.upload(t, e.tok, "image", "p.png", append([]byte("\x89PNG\r\n\x1a\n"), 1, 2, 3))
	noHeader := e.upload(t, e.tok, "file", "x.csv", []byte("a,b\n1,2\n"))
	gbk := e.upload(t, e.tok, "file", "g.csv", []byte{0xD5, 0xCA, 0xBA, 0xC5, ',', 0xD0, 0xD5, 0xC3, 0xFB, '\n'})
	cases := []struct {
		name, api, tok, body string
		code                 int
	}{
		{"ErrAppToken", "syncuser", e.appTok, `{"media_id":"` + usersFile + `"}`, 48002},
		{"ErrNoMedia", "syncuser", e.tok, `{}`, 41006},
		{"ErrUnknownMedia", "replaceuser", e.tok, `{"media_id":"3-nope"}`, 40007},
		{"ErrImageMedia", "syncuser", e.tok, `{"media_id":"` + image + `"}`, 40007},
		{"ErrHeader", "syncuser", e.tok, `{"media_id":"` + noHeader + `"}`, 40092},
		{"ErrNotUTF8", "syncuser", e.tok, `{"media_id":"` + gbk + `"}`, 40092},
		{"ErrPartyFileIsUsers", "replaceparty", e.tok, `{"media_id":"` + usersFile + `"}`, 40092},
		{"ErrCallbackURL", "syncuser", e.tok, `{"media_id":"` + usersFile + `","callback":{"url":"nope","token":"t","encodingaeskey":"` + rcvAESKey + `"}}`, 40057},
		{"ErrCallbackKey", "syncuser", e.tok, `{"media_id":"` + usersFile + `","callback":{"url":"http://x","token":"t","encodingaeskey":"k"}}`, 40057},
		{"ErrJSON", "syncuser", e.tok, `{`, 47001},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if code := e.wxDo(t, "POST", "batch/"+c.api, c.tok, "", c.body, nil); code != c.code {
				t.Errorf("errcode %d, want %d", code, c.code)
			}
		})
	}
	if code := e.wxDo(t, "GET", "batch/getresult", e.tok, "jobid=nope", "", nil); code != 40088 {
		t.Errorf("unknown jobid: errcode %d, want 40088", code)
	}
	first := e.startJob(t, "syncuser", usersFile, "")
	if code := e.wxDo(t, "GET", "batch/getresult", e.appTok, "jobid="+first, "", nil); code != 48002 {
		t.Errorf("getresult with an app token: errcode %d, want 48002", code)
	}
	for range 5 {
		e.startJob(t, "syncuser", usersFile, "")
	}
	if code := e.wxDo(t, "GET", "batch/getresult", e.tok, "jobid="+first, "", nil); code != 40089 {
		t.Errorf("sixth-newest job: errcode %d, want 40089", code)
	}
	waitIdle(t, e.sim)
	if err := e.sim.SetBatchPace(corpID, -time.Second, false); err == nil {
		t.Error("negative pace accepted")
	}
	// A row delay over 10 s would park the job's goroutine for long.
	if resp, _ := e.do(t, "PUT", "/_sim/corps/"+corpID+"/batch-pace", `{"row_delay_ms":10001}`); resp.StatusCode != 400 {
		t.Errorf("batch-pace 10001 ms: HTTP %d, want 400", resp.StatusCode)
	}
	if resp, _ := e.do(t, "PUT", "/_sim/corps/"+corpID+"/batch-pace", `{"row_delay_ms":10000}`); resp.StatusCode != 204 {
		t.Errorf("batch-pace 10000 ms: HTTP %d, want 204", resp.StatusCode)
	}
	if resp, _ := e.do(t, "POST", "/_sim/corps/"+corpID+"/batch-step", `{"rows":0}`); resp.StatusCode != 400 {
		t.Errorf("batch-step 0 rows: HTTP %d, want 400", resp.StatusCode)
	}
}

func TestInvite(t *testing.T) {
	e := mustContactEnv(t)
	sales := e.mustDept(t, "Sales", 1)
	if err := e.sim.CreateUser(corpID, sim.Member{UserID: "carol", Name: "Carol", Department: []int64{sales}}); err != nil {
		t.Fatal(err)
	}
	var tag struct {
		TagID int64 `json:"tagid"`
	}
	resp, body := e.do(t, "POST", "/_sim/corps/"+corpID+"/tags", fmt.Sprintf(`{"tagname":"Managers","userlist":["Bob"],"partylist":[%d]}`, sales))
	if resp.StatusCode != 201 || json.Unmarshal([]byte(body), &tag) != nil {
		t.Fatalf("tag: HTTP %d: %s", resp.StatusCode, body)
	}
	type answer struct {
		InvalidUser  []string `json:"invaliduser"`
		InvalidParty []int64  `json:"invalidparty"`
		InvalidTag   []int64  `json:"invalidtag"`
	}
	var out answer
	e.mustOK(t, "POST", "batch/invite", e.tok, "",
		fmt.Sprintf(`{"user":["alice","ghost"],"party":[%d,404],"tag":[%d,99]}`, sales, tag.TagID), &out)
	if diff := cmp.Diff(answer{[]string{"ghost"}, []int64{404}, []int64{99}}, out); diff != "" {
		t.Errorf("contact-sync invite (-want +got):\n%s", diff)
	}

	if err := e.sim.SetVisibleScope(corpID, agentID, sim.Scope{Departments: []int64{sales}}); err != nil {
		t.Fatal(err)
	}
	out = answer{}
	e.mustOK(t, "POST", "batch/invite", e.appTok, "",
		fmt.Sprintf(`{"user":["alice","carol"],"party":[1,%d],"tag":[%d]}`, sales, tag.TagID), &out)
	if diff := cmp.Diff(answer{[]string{"alice"}, []int64{1}, []int64{tag.TagID}}, out); diff != "" {
		t.Errorf("scoped app invite (-want +got):\n%s", diff)
	}

	many := make([]string, 1001)
	for i := range many {
		many[i] = `"alice"`
	}
	for _, c := range []struct {
		body string
		code int
	}{{`{}`, 40035}, {`{"user":[` + strings.Join(many, ",") + `]}`, 40058}} {
		if code := e.wxDo(t, "POST", "batch/invite", e.tok, "", c.body, nil); code != c.code {
			t.Errorf("invite %.40s: errcode %d, want %d", c.body, code, c.code)
		}
	}
}
