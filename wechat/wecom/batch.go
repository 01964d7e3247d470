package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Batch job types, as JobResult.Type and the batch_job_result event name
// them.
const (
	JobSyncUsers          = "sync_user"
	JobReplaceUsers       = "replace_user"
	JobReplaceDepartments = "replace_party"
)

// JobStatus is a batch job's progress.
type JobStatus int

// Job states of batch/getresult.
const (
	JobStarted JobStatus = 1
	JobRunning JobStatus = 2
	JobDone    JobStatus = 3
)

// DepartmentAction is what a replace-departments row did: bit flags.
type DepartmentAction int

// Department row actions.
const (
	DepartmentCreated   DepartmentAction = 1
	DepartmentRenamed   DepartmentAction = 2
	DepartmentMoved     DepartmentAction = 4
	DepartmentReordered DepartmentAction = 8
)

// Limits of batch/invite.
const (
	MaxInviteUsers       = 1000
	MaxInviteDepartments = 100
	MaxInviteTags        = 100
)

// ImportJob starts a batch import from an uploaded CSV (UploadMedia with
// MediaFile; see WriteUsersCSV and WriteDepartmentsCSV).
type ImportJob struct {
	MediaID string
	// SkipInvite stops WeCom inviting the members the job adds (it does by
	// default).
	SkipInvite bool
	// Callback receives the batch_job_result event; nil sends it to the
	// contact-sync callback.
	Callback *JobCallback
}

// JobCallback is where a job's batch_job_result event goes: the URL, and
// the Token (1–32 letters or digits) and EncodingAESKey (43 letters or
// digits) it is signed and encrypted with.
type JobCallback struct {
	URL, Token, EncodingAESKey string
}

// String shows the URL only: the token and key are secrets.
func (j JobCallback) String() string { return "JobCallback{" + j.URL + "}" }

// GoString keeps %#v from printing the token and key.
func (j JobCallback) GoString() string {
	return fmt.Sprintf("wecom.JobCallback{URL:%q, Token:[redacted], EncodingAESKey:[redacted]}", j.URL)
}

// LogValue logs the URL, never the token or key.
func (j JobCallback) LogValue() slog.Value { return slog.GroupValue(slog.String("url", j.URL)) }

// JobResult is batch/getresult's answer. Users is set for the user jobs,
// Departments for replace-departments; both hold the rows processed so
// far.
type JobResult struct {
	Status      JobStatus
	Type        string
	Total       int
	Percentage  int
	Users       []UserJobResult
	Departments []DepartmentJobResult
}

// UserJobResult is the outcome of one member row; ErrCode 0 is success.
type UserJobResult struct {
	UserID  string
	ErrCode int
	ErrMsg  string
}

// DepartmentJobResult is the outcome of one department row.
type DepartmentJobResult struct {
	Action       DepartmentAction
	DepartmentID int64
	ErrCode      int
	ErrMsg       string
}

var (
	validCallbackToken  = regexp.MustCompile(`^[A-Za-z0-9]{1,32}$`)
	validEncodingAESKey = regexp.MustCompile(`^[A-Za-z0-9]{43}$`)
)

func (j ImportJob) body() (map[string]any, error) {
	if j.MediaID == "" {
		return nil, errors.New("import job without media_id")
	}
	b := map[string]any{"media_id": j.MediaID}
	if j.SkipInvite {
		b["to_invite"] = false
	}
	if cb := j.Callback; cb != nil {
		u, err := url.Parse(cb.URL)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			return nil, errors.New("job callback URL must be an absolute http(s) URL")
		case !validCallbackToken.MatchString(cb.Token):
			return nil, errors.New("job callback token must be 1-32 letters or digits")
		case !validEncodingAESKey.MatchString(cb.EncodingAESKey):
			return nil, errors.New("job callback EncodingAESKey must be 43 letters or digits")
		}
		b["callback"] = map[string]string{"url": cb.URL, "token": cb.Token, "encodingaeskey": cb.EncodingAESKey}
	}
	return b, nil
}

func (c *Client) startJob(ctx context.Context, app App, api string, j ImportJob) (string, error) {
	b, err := j.body()
	if err != nil {
		return "", fmt.Errorf("wecom %s: %w", api, err)
	}
	// A -1 is repeated (post's default): WeCom did not act on it, and an
	// import applied twice ends in the same state anyway.
	r, err := post(api, b)
	if err != nil {
		return "", err
	}
	var out struct {
		JobID string `json:"jobid"`
	}
	if err := c.call(ctx, app, r, &out); err != nil {
		return "", err
	}
	if out.JobID == "" {
		return "", fmt.Errorf("wecom %s: answer without jobid", api)
	}
	return out.JobID, nil
}

// SyncUsers starts an incremental member import (POST
// /cgi-bin/batch/syncuser): members in the file are added or updated,
// others stay. It returns the jobid for JobResult. It needs the
// contact-sync secret.
func (c *Client) SyncUsers(ctx context.Context, app App, j ImportJob) (string, error) {
	return c.startJob(ctx, app, "batch/syncuser", j)
}

// ReplaceUsers starts a full member import (POST /cgi-bin/batch/replaceuser):
// members in the file are added or overwritten, members missing from it
// are deleted. WeCom stops the whole job when it would delete more than 50
// members and more than 20% of them, or fewer than 50 and more than 80%.
func (c *Client) ReplaceUsers(ctx context.Context, app App, j ImportJob) (string, error) {
	return c.startJob(ctx, app, "batch/replaceuser", j)
}

// ReplaceDepartments starts a full department import (POST
// /cgi-bin/batch/replaceparty): departments in the file are added or
// updated; departments missing from it are deleted once they are empty.
func (c *Client) ReplaceDepartments(ctx context.Context, app App, j ImportJob) (string, error) {
	return c.startJob(ctx, app, "batch/replaceparty", j)
}

// JobResult reads a batch job's progress and row results (GET
// /cgi-bin/batch/getresult). WeCom keeps the 5 most recent jobs: an older
// jobid gets 40089, an unknown one 40088.
func (c *Client) JobResult(ctx context.Context, app App, jobID string) (JobResult, error) {
	const api = "batch/getresult"
	if jobID == "" || len(jobID) > 64 {
		return JobResult{}, fmt.Errorf("wecom %s: invalid jobid", api)
	}
	var out struct {
		Status     JobStatus         `json:"status"`
		Type       string            `json:"type"`
		Total      int               `json:"total"`
		Percentage int               `json:"percentage"`
		Result     []json.RawMessage `json:"result"`
	}
	if err := c.call(ctx, app, get(api, url.Values{"jobid": {jobID}}), &out); err != nil {
		return JobResult{}, err
	}
	res := JobResult{Status: out.Status, Type: out.Type, Total: out.Total, Percentage: out.Percentage}
	for _, raw := range out.Result {
		var row struct {
			UserID  string           `json:"userid"`
			Action  DepartmentAction `json:"action"`
			PartyID int64            `json:"partyid"`
			ErrCode int              `json:"errcode"`
			ErrMsg  string           `json:"errmsg"`
		}
		if err := json.Unmarshal(raw, &row); err != nil {
			return JobResult{}, fmt.Errorf("wecom %s: decoding result row: %w", api, err)
		}
		if out.Type == JobReplaceDepartments {
			res.Departments = append(res.Departments,
				DepartmentJobResult{Action: row.Action, DepartmentID: row.PartyID, ErrCode: row.ErrCode, ErrMsg: row.ErrMsg})
		} else {
			res.Users = append(res.Users, UserJobResult{UserID: row.UserID, ErrCode: row.ErrCode, ErrMsg: row.ErrMsg})
		}
	}
	return res, nil
}

// Invitation names members to invite to join: users, everyone in
// departments, everyone with tags.
type Invitation struct {
	Users       []string
	Departments []int64
	Tags        []int64
}

// InviteResult lists what WeCom could not invite (unknown, or outside the
// app's visible range).
type InviteResult struct {
	InvalidUsers       []string
	InvalidDepartments []int64
	InvalidTags        []int64
}

// idList decodes a JSON array of ids or WeCom's older "a|b" string.
type idList []string

func (l *idList) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*l = splitIDs(s)
		return nil
	}
	var arr []json.RawMessage
	if err := json.Unmarshal(b, &arr); err != nil {
		return err
	}
	*l = nil
	for _, v := range arr {
		*l = append(*l, strings.Trim(string(v), `"`))
	}
	return nil
}

func (l idList) ints() ([]int64, error) {
	var out []int64
	for _, v := range l {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("id %q is not a number", v)
		}
		out = append(out, n)
	}
	return out, nil
}

// Invite sends invitations (POST /cgi-bin/batch/invite): at most
// MaxInviteUsers users, MaxInviteDepartments departments and MaxInviteTags
// tags, at least one in all. Invalid entries do not fail the call; they
// come back in the result.
func (c *Client) Invite(ctx context.Context, app App, inv Invitation) (InviteResult, error) {
	const api = "batch/invite"
	switch {
	case len(inv.Users)+len(inv.Departments)+len(inv.Tags) == 0:
		return InviteResult{}, fmt.Errorf("wecom %s: nobody to invite", api)
	case len(inv.Users) > MaxInviteUsers || len(inv.Departments) > MaxInviteDepartments || len(inv.Tags) > MaxInviteTags:
		return InviteResult{}, fmt.Errorf("wecom %s: at most %d users, %d departments and %d tags",
			api, MaxInviteUsers, MaxInviteDepartments, MaxInviteTags)
	}
	for _, u := range inv.Users {
		if !ValidUserID(u) {
			return InviteResult{}, fmt.Errorf("wecom %s: invalid userid %q", api, u)
		}
	}
	b := map[string]any{}
	if len(inv.Users) > 0 {
		b["user"] = inv.Users
	}
	if len(inv.Departments) > 0 {
		b["party"] = inv.Departments
	}
	if len(inv.Tags) > 0 {
		b["tag"] = inv.Tags
	}
	r, err := post(api, b)
	if err != nil {
		return InviteResult{}, err
	}
	var out struct {
		InvalidUser  idList `json:"invaliduser"`
		InvalidParty idList `json:"invalidparty"`
		InvalidTag   idList `json:"invalidtag"`
	}
	if err := c.call(ctx, app, r, &out); err != nil {
		return InviteResult{}, err
	}
	res := InviteResult{InvalidUsers: out.InvalidUser}
	if res.InvalidDepartments, err = out.InvalidParty.ints(); err == nil {
		res.InvalidTags, err = out.InvalidTag.ints()
	}
	if err != nil {
		return InviteResult{}, fmt.Errorf("wecom %s: %w", api, err)
	}
	return res, nil
}
