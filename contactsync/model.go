// Package contactsync keeps a tenant's WeCom directory in step with Qiao's (seed 000 §2.4, 同步通讯录): the sync to
// WeCom diffs the directory against a mirror of what Qiao last wrote (WeCom no longer lets a self-built app read
// mobiles and emails back), writes the difference with whichever calls cost the fewest (the batch replace jobs on a
// first sync), and records every run and row as history; WeCom's contact-change events come back the other way,
// an echo of Qiao's own write recognised by the mirror, a conflict settled by the tenant's field ownership.
package contactsync

import (
	"strconv"
	"strings"
	"time"
)

// mirrorDepartment is a department as Qiao last wrote it to WeCom (table wecom_sync_departments): one of the
// tenant's departments (DepartmentID) or a system's department (SystemCode).
type mirrorDepartment struct {
	TenantID      uint64 `gorm:"primaryKey;autoIncrement:false"`
	WeComID       int64  `gorm:"primaryKey;autoIncrement:false;column:wecom_id"`
	DepartmentID  *uint64
	SystemCode    *string
	Name          string
	ParentWeComID int64 `gorm:"column:parent_wecom_id"`
	UpdatedAt     time.Time
}

func (mirrorDepartment) TableName() string { return "wecom_sync_departments" }

// mirrorMember is a member as Qiao last wrote it to WeCom (table wecom_sync_members), or as WeCom's event said it
// became.
type mirrorMember struct {
	TenantID   uint64 `gorm:"primaryKey;autoIncrement:false"`
	EmployeeID uint64 `gorm:"primaryKey;autoIncrement:false"`
	UserID     string `gorm:"column:userid"`
	Name       string
	Mobile     string
	Email      string
	Position   string
	// Departments are the WeCom department ids, the main one first, ";"-joined as WeCom's files join them.
	Departments string
	Disabled    bool
	UpdatedAt   time.Time
}

func (mirrorMember) TableName() string { return "wecom_sync_members" }

func (m mirrorMember) departmentIDs() []int64 { return splitIDs(m.Departments) }

// field is where m holds field f (the departments as their ";"-joined ids); nil for a field it does not hold.
func (m *mirrorMember) field(f Field) *string {
	switch f {
	case FieldName:
		return &m.Name
	case FieldMobile:
		return &m.Mobile
	case FieldEmail:
		return &m.Email
	case FieldPosition:
		return &m.Position
	case FieldDepartments:
		return &m.Departments
	}
	return nil
}

// same reports whether m and o say the same of a member in WeCom.
func (m mirrorMember) same(o mirrorMember) bool {
	return m.UserID == o.UserID && m.Name == o.Name && m.Mobile == o.Mobile && m.Email == o.Email &&
		m.Position == o.Position && m.Departments == o.Departments && m.Disabled == o.Disabled
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ";")
}

func splitIDs(s string) []int64 {
	var out []int64
	for p := range strings.SplitSeq(s, ";") {
		if n, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// Direction says which way a run went.
type Direction string

// The directions.
const (
	ToWeCom   Direction = "out" // Qiao's directory written to WeCom
	FromWeCom Direction = "in"  // WeCom's contact-change events applied to Qiao's directory
)

// Trigger is what started a run.
type Trigger string

// The triggers.
const (
	TriggerManual    Trigger = "manual"    // an admin's 同步至企业微信
	TriggerScheduled Trigger = "scheduled" // the tenant's schedule
	TriggerEvents    Trigger = "events"    // WeCom's contact-change events of one day
)

// Mode is how a run to WeCom writes.
type Mode string

// The modes.
const (
	// ModeReplace is a first sync: WeCom's batch replace jobs make its directory Qiao's, deleting members and
	// departments Qiao does not have.
	ModeReplace Mode = "replace"
	// ModeIncremental writes only what changed since the mirror, with the fewest calls.
	ModeIncremental Mode = "incremental"
	// ModeEvents is a run of WeCom's events (FromWeCom).
	ModeEvents Mode = "events"
	// ModePull reads WeCom's departments and members into Qiao (FromWeCom; seed 003's 一键同步): a company already
	// on WeCom starts from its directory, and its first sync to WeCom then writes only the difference.
	ModePull Mode = "pull"
)

// State is a run's progress.
type State string

// The states of a run.
const (
	StateQueued  State = "queued"
	StateRunning State = "running"
	StateDone    State = "done"   // finished; some rows may have failed (Run.Failed)
	StateFailed  State = "failed" // stopped by an error (Run.Error); what was written before it is in the mirror
)

// Run is one sync (table wecom_syncs): to WeCom, manual or scheduled; or the day's events from WeCom.
type Run struct {
	ID        uint64 `gorm:"primaryKey"`
	TenantID  uint64
	Direction Direction
	Trigger   Trigger `gorm:"column:trigger_kind"`
	Mode      Mode
	State     State
	// Running is 1 while a run to WeCom is queued or running, nil otherwise (a unique key: one at a time).
	Running   *int
	StartedBy string
	// InDay is the day (in the tenant's zone) of a run from WeCom, which holds that day's events.
	InDay       *string `gorm:"type:date"`
	DeptCreates int
	DeptUpdates int
	DeptDeletes int
	Creates     int
	Updates     int
	Disables    int
	Deletes     int
	Invalid     int
	Conflicts   int
	// Total is how many writes the run plans, Done how many it made and Failed how many WeCom refused.
	Total    int
	Done     int
	Failed   int
	APICalls int `gorm:"column:api_calls"`
	// WeComJobDone is the last batch job WeCom's batch_job_result event said is done while the run ran.
	WeComJobDone *string `gorm:"column:wecom_job_done"`
	Error        *string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	FinishedAt   *time.Time
}

func (Run) TableName() string { return "wecom_syncs" }

// Row kinds.
const (
	KindMember     = "member"
	KindDepartment = "department"
)

// Row actions: what a run did, or meant to do, with one member or department.
const (
	ActionCreate   = "create"
	ActionUpdate   = "update"
	ActionDisable  = "disable"
	ActionDelete   = "delete"
	ActionInvalid  = "invalid"  // not written: it breaks a rule (Reason)
	ActionConflict = "conflict" // an event changed a field Qiao owns: Qiao's value stays
	ActionApply    = "apply"    // an event applied to Qiao's directory
	ActionEcho     = "echo"     // an event that only repeats Qiao's own write
	ActionLink     = "link"     // a pull matched WeCom's member or department to Qiao's
)

// Row results.
const (
	ResultOK      = "ok"
	ResultFailed  = "failed"
	ResultSkipped = "skipped"
)

// RunRow is one member or department of a run (table wecom_sync_rows).
type RunRow struct {
	TenantID uint64 `gorm:"primaryKey;autoIncrement:false"`
	SyncID   uint64 `gorm:"primaryKey;autoIncrement:false"`
	Seq      int    `gorm:"primaryKey;autoIncrement:false"`
	Kind     string
	Subject  string
	Ref      string
	Action   string
	Result   string
	Reason   *string
}

func (RunRow) TableName() string { return "wecom_sync_rows" }
