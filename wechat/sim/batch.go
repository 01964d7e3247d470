package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// Batch job types, as getresult and batch_job_result name them.
const (
	jobSyncUser     = "sync_user"
	jobReplaceUser  = "replace_user"
	jobReplaceParty = "replace_party"
)

// Job statuses of getresult.
const (
	jobStarted = 1
	jobRunning = 2
	jobDone    = 3
)

const (
	// keptJobs: WeCom keeps the results of the 5 most recent jobs; older
	// jobids get 40089.
	keptJobs = 5
	// codeDeleteGuard is the errcode of a replaceuser that would delete
	// too many members ("触发删除用户数的保护" in WeCom's table). sim:
	// WeCom documents that the import stops "with an errcode" without
	// naming it; the simulator reports 45026 in the batch_job_result event
	// and on every row of getresult, and changes nothing.
	codeDeleteGuard = 45026
)

// batchJob is one async import.
type batchJob struct {
	id       string
	typ      string
	status   int
	done     int
	users    []csvRow
	parties  []csvRow
	callback *callbackTarget
	checked  bool
	errCode  int
	errMsg   string
	result   []any // jobUserRow or jobPartyRow, one per processed row
}

type jobUserRow struct {
	UserID  string `json:"userid"`
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// Party actions: bit flags of what a replaceparty row did.
const (
	partyNew     = 1
	partyRename  = 2
	partyMove    = 4
	partyReorder = 8
)

type jobPartyRow struct {
	Action  int    `json:"action"`
	PartyID int64  `json:"partyid"`
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

func (j *batchJob) total() int { return len(j.users) + len(j.parties) }

// jobStore keeps a corp's recent jobs.
type jobStore struct {
	byID    map[string]*batchJob
	order   []string
	cleared map[string]bool
}

func newJobStore() jobStore {
	return jobStore{byID: map[string]*batchJob{}, cleared: map[string]bool{}}
}

func (js *jobStore) add(j *batchJob) {
	js.byID[j.id] = j
	js.order = append(js.order, j.id)
	if len(js.order) > keptJobs {
		old := js.order[0]
		js.order = js.order[1:]
		delete(js.byID, old)
		if len(js.cleared) < 10000 {
			js.cleared[old] = true
		}
	}
}

// batchPace is how fast a corp's jobs go: a pause before each row, or
// paused with a number of rows allowed through (tests watch a job run).
type batchPace struct {
	delay   time.Duration
	paused  bool
	credits int
	wake    chan struct{} // closed and replaced on every change
}

func (p *batchPace) kick() {
	close(p.wake)
	p.wake = make(chan struct{})
}

// batchLocked returns the handler of batch/syncuser, replaceuser or
// replaceparty: it checks the request, parses the file and starts the
// job in the background.
func (s *Server) batchLocked(typ string) func(r *http.Request, body []byte) (map[string]any, *apiError) {
	return func(r *http.Request, body []byte) (map[string]any, *apiError) {
		c, e := s.contactAuthLocked(r)
		if e != nil {
			return nil, e
		}
		var in struct {
			MediaID  string `json:"media_id"`
			ToInvite *bool  `json:"to_invite"` // decoded only: a wrong type is wrong JSON
			Callback *struct {
				URL            string `json:"url"`
				Token          string `json:"token"`
				EncodingAESKey string `json:"encodingaeskey"`
			} `json:"callback"`
		}
		if json.Unmarshal(body, &in) != nil {
			return nil, wrongJSON()
		}
		m, e := s.mediaLocked(c, in.MediaID)
		if e != nil {
			return nil, e
		}
		if m.typ != "file" {
			return nil, apiErr(40007, "invalid media_id: upload the CSV as type file")
		}
		j := &batchJob{id: newID() + newID(), typ: typ, status: jobStarted}
		if cb := in.Callback; cb != nil && (cb.URL != "" || cb.Token != "" || cb.EncodingAESKey != "") {
			t, err := newCallbackTarget(c, cb.URL, cb.Token, cb.EncodingAESKey)
			if err != nil {
				// sim: 40057 is WeCom's "invalid callback url"; which code a
				// bad token or key gets is not documented.
				return nil, apiErr(40057, "invalid callback: "+strings.TrimPrefix(err.Error(), ErrInvalid.Error()+": "))
			}
			j.callback = t
		}
		// sim: WeCom reports a malformed file either here or in the job;
		// the simulator answers 40092 at once.
		var err error
		if typ == jobReplaceParty {
			j.parties, err = parseCSV(m.data, partyColumns, []string{"name", "id", "parentid"})
			j.parties = orderParties(j.parties)
		} else {
			j.users, err = parseCSV(m.data, userColumns, []string{"userid", "name"})
		}
		if err != nil {
			return nil, apiErr(40092, "invalid import file: "+err.Error())
		}
		c.dir.jobs.add(j)
		c.dir.hub.start()
		go s.runJob(c, j)
		return map[string]any{"jobid": j.id}, nil
	}
}

// runJob processes a job row by row at the corp's pace, each row under
// s.mu, and ends when it is done or the corp is gone (Reset).
func (s *Server) runJob(c *corp, j *batchJob) {
	defer c.dir.hub.done()
	for {
		if !s.waitTurn(c) {
			return
		}
		s.mu.Lock()
		finished := s.corps[c.id] != c || s.jobStepLocked(c, j)
		s.mu.Unlock()
		if finished {
			return
		}
	}
}

// waitTurn waits for the pace to let the next row through; false means
// the corp is gone (Reset stops its hub).
func (s *Server) waitTurn(c *corp) bool {
	h := c.dir.hub
	for {
		s.mu.Lock()
		if s.corps[c.id] != c {
			s.mu.Unlock()
			return false
		}
		p := &c.dir.pace
		if !p.paused {
			d := p.delay
			s.mu.Unlock()
			return h.pause(d)
		}
		if p.credits > 0 {
			p.credits--
			s.mu.Unlock()
			return true
		}
		wake := p.wake
		s.mu.Unlock()
		select {
		case <-wake:
		case <-h.life.Done():
			return false
		}
	}
}

// jobStepLocked processes the next row, or finishes the job; it reports
// whether the job is done.
func (s *Server) jobStepLocked(c *corp, j *batchJob) bool {
	if !j.checked {
		j.checked = true
		if j.typ == jobReplaceUser {
			if del := len(c.usersMissingFrom(j.users)); deleteGuard(del, len(c.users)) {
				for _, row := range j.users {
					j.result = append(j.result, jobUserRow{UserID: row.cells["userid"], ErrCode: codeDeleteGuard,
						ErrMsg: fmt.Sprintf("import stopped: it would delete %d of %d members", del, len(c.users))})
				}
				j.done = j.total()
				s.finishJobLocked(c, j, codeDeleteGuard, "delete protection triggered: too many members to delete")
				return true
			}
		}
	}
	if j.done < j.total() {
		j.status = jobRunning
		if j.typ == jobReplaceParty {
			j.result = append(j.result, c.importPartyLocked(j.parties, j.done))
		} else {
			j.result = append(j.result, c.importUserLocked(j.users[j.done], j.typ == jobReplaceUser))
		}
		j.done++
		if j.done < j.total() {
			return false
		}
	}
	switch j.typ {
	case jobReplaceUser:
		for _, u := range c.usersMissingFrom(j.users) {
			c.deleteUserLocked(u)
		}
		c.sweepDepartmentsLocked()
	case jobSyncUser:
		c.sweepDepartmentsLocked()
	case jobReplaceParty:
		listed := map[int64]bool{rootDepartment: true}
		for _, row := range j.parties {
			if id, ok := parseID(row.cells["id"]); ok {
				listed[id] = true
			}
		}
		for id, d := range c.dir.depts {
			if !listed[id] {
				d.pendingDelete = true
			}
		}
		c.sweepDepartmentsLocked()
	}
	s.finishJobLocked(c, j, 0, "ok")
	return true
}

// deleteGuard is replaceuser's safety rule: stop when the deletions are
// more than 50 members and more than 20% of the headcount, or fewer than
// 50 and more than 80%.
func deleteGuard(del, headcount int) bool {
	return del > 50 && del*5 > headcount || del < 50 && del*5 > headcount*4
}

func (s *Server) finishJobLocked(c *corp, j *batchJob, code int, msg string) {
	j.status, j.errCode, j.errMsg = jobDone, code, msg
	t := j.callback
	if t == nil {
		t = c.dir.contactCallback
	}
	s.postEvent(t, c.id, 0, s.batchJobEvent(c, j))
}

// usersMissingFrom lists the corp's members a replaceuser file leaves out.
func (c *corp) usersMissingFrom(rows []csvRow) []*user {
	in := map[string]bool{}
	for _, row := range rows {
		in[strings.ToLower(row.cells["userid"])] = true
	}
	var out []*user
	for _, u := range c.sortedUsers() {
		if !in[strings.ToLower(u.id)] {
			out = append(out, u)
		}
	}
	return out
}

// sweepDepartmentsLocked deletes departments marked for deletion once they
// are empty; repeated so that parents emptied by their children's
// deletion go too. After a member import it removes what an earlier
// replaceparty left pending.
func (c *corp) sweepDepartmentsLocked() {
	for {
		progress := false
		for _, d := range c.sortedDepartments() {
			if d.pendingDelete && d.id != rootDepartment && !c.hasChildren(d.id) && !c.hasMembers(d.id) {
				_ = c.deleteDeptLocked(d.id) // empty and not the root: cannot fail
				progress = true
			}
		}
		if !progress {
			return
		}
	}
}

func (s *Server) jobResultLocked(r *http.Request, _ []byte) (map[string]any, *apiError) {
	c, e := s.contactAuthLocked(r)
	if e != nil {
		return nil, e
	}
	id := r.URL.Query().Get("jobid")
	j := c.dir.jobs.byID[id]
	if j == nil {
		if c.dir.jobs.cleared[id] {
			return nil, apiErr(40089, "job result cleared: only the 5 most recent jobs are kept")
		}
		return nil, apiErr(40088, "jobid not found")
	}
	pct := 100
	if n := j.total(); n > 0 {
		pct = j.done * 100 / n
	}
	result := slices.Clone(j.result)
	if result == nil {
		result = []any{}
	}
	return map[string]any{"status": j.status, "type": j.typ, "total": j.total(), "percentage": pct,
		"result": result}, nil
}

// SetBatchPace sets how the corp's batch jobs progress: rowDelay before
// each row, or, when paused, one row per StepBatch credit, so tests can
// watch a job at status 1 and 2. It returns ErrNotFound for an unknown
// corp and ErrInvalid for a delay that is negative or over 10 s.
func (s *Server) SetBatchPace(corpID string, rowDelay time.Duration, paused bool) error {
	if rowDelay < 0 || rowDelay > maxPause {
		return fmt.Errorf("%w: row delay must be within 0..%s", ErrInvalid, maxPause)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.corpLocked(corpID)
	if err != nil {
		return err
	}
	p := &c.dir.pace
	p.delay, p.paused, p.credits = rowDelay, paused, 0
	p.kick()
	return nil
}

// StepBatch lets rows more rows of the corp's paused jobs through. It
// returns ErrNotFound for an unknown corp and ErrInvalid when rows < 1.
func (s *Server) StepBatch(corpID string, rows int) error {
	if rows < 1 {
		return fmt.Errorf("%w: rows must be positive", ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.corpLocked(corpID)
	if err != nil {
		return err
	}
	c.dir.pace.credits += rows
	c.dir.pace.kick()
	return nil
}

// PUT /_sim/corps/{corpid}/batch-pace {"row_delay_ms","paused"} → 204.
func (s *Server) handleBatchPace(w http.ResponseWriter, r *http.Request) {
	var in struct {
		RowDelayMS int  `json:"row_delay_ms"`
		Paused     bool `json:"paused"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if err := s.SetBatchPace(r.PathValue("corpid"), time.Duration(in.RowDelayMS)*time.Millisecond, in.Paused); err != nil {
		writeControlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// POST /_sim/corps/{corpid}/batch-step {"rows"} → 204.
func (s *Server) handleBatchStep(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Rows int `json:"rows"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if err := s.StepBatch(r.PathValue("corpid"), in.Rows); err != nil {
		writeControlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// batchJobEvent is the batch_job_result event of a finished job.
func (s *Server) batchJobEvent(c *corp, j *batchJob) []byte {
	return wxcrypt.Event{ToUserName: c.id, FromUserName: "sys", CreateTime: s.now().Unix(), MsgType: "event",
		Event: "batch_job_result", JobId: j.id, JobType: j.typ, ErrCode: int64(j.errCode), ErrMsg: j.errMsg}.XML()
}
