package contactsync

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// Directory is what the sync reads of the directory and writes into it from WeCom's events.
type Directory interface {
	SyncSource(ctx context.Context) (directory.SyncSource, error)
}

// Credentials gives the contact-sync secret's credentials (tenants.Store has it).
type Credentials interface {
	Credentials(ctx context.Context, cred tenants.Credential) (wecom.App, error)
}

// WeCom is the part of the WeCom client the sync calls.
type WeCom interface {
	ListUserIDs(ctx context.Context, app wecom.App, cursor string, limit int) (wecom.UserIDPage, error)
	CreateDepartment(ctx context.Context, app wecom.App, d wecom.Department) (int64, error)
	UpdateDepartment(ctx context.Context, app wecom.App, d wecom.DepartmentUpdate) error
	DeleteDepartment(ctx context.Context, app wecom.App, id int64) error
	CreateUser(ctx context.Context, app wecom.App, u wecom.User) error
	UpdateUser(ctx context.Context, app wecom.App, u wecom.UserUpdate) error
	BatchDeleteUsers(ctx context.Context, app wecom.App, userIDs []string) error
	UploadMedia(ctx context.Context, app wecom.App, typ wecom.MediaType, filename string, data []byte) (wecom.UploadedMedia, error)
	SyncUsers(ctx context.Context, app wecom.App, j wecom.ImportJob) (string, error)
	ReplaceUsers(ctx context.Context, app wecom.App, j wecom.ImportJob) (string, error)
	ReplaceDepartments(ctx context.Context, app wecom.App, j wecom.ImportJob) (string, error)
	JobResult(ctx context.Context, app wecom.App, jobID string) (wecom.JobResult, error)
	GetUser(ctx context.Context, app wecom.App, userID string) (wecom.User, error)
	ListDepartments(ctx context.Context, app wecom.App, id int64) ([]wecom.Department, error)
	ListUsers(ctx context.Context, app wecom.App, departmentID int64, fetchChild bool) ([]wecom.User, error)
}

// Deps are what a Service needs. Explain turns a WeCom refusal into the admin's words (binding.Service.Explain);
// JobCallback, when set, names where WeCom posts a batch job's batch_job_result event (the tenant's contact-change
// receiver), so a run reads each job's result once instead of polling.
type Deps struct {
	DB        *gorm.DB
	Directory Directory
	// Inbound writes WeCom's contact changes into the directory; nil keeps them out.
	Inbound     Inbound
	Credentials Credentials
	WeCom       WeCom
	Explain     func(error) error
	JobCallback func(ctx context.Context) (*wecom.JobCallback, error)
	Log         *slog.Logger
	Now         func() time.Time
	// Sleep waits between looks at a batch job; tests make it instant.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Service syncs tenants' directories with WeCom.
type Service struct{ d Deps }

// New returns a Service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Explain == nil {
		d.Explain = func(err error) error { return err }
	}
	if d.Sleep == nil {
		d.Sleep = sleep
	}
	return &Service{d: d}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Preview is what a sync to WeCom would do now, before anything is written.
type Preview struct {
	Plan
	// Blocked, when not "", is why nothing can be written (no contact-sync secret, WeCom refusing this server's
	// IP …), in the admin's words; the sync is then refused.
	Blocked string
	// WeComMembers is how many members WeCom has now and ReplaceDeletes how many a replace would delete; -1 when
	// WeCom does not let this server read its directory (48009). Read for a replace only.
	WeComMembers   int
	ReplaceDeletes int
	// Running is the sync under way, if one is.
	Running *Run
}

// probeLimit is the page size of the probe that reads WeCom's member list (list_id allows 10,000).
const probeLimit = 10000

// Preview computes the sync's plan for the tenant in ctx and asks WeCom whether it would accept writes from this
// server: a replace reads WeCom's member list to count whom it would delete. It returns internal only; WeCom's
// refusals go in Blocked.
func (s *Service) Preview(ctx context.Context) (Preview, error) {
	p, err := s.plan(ctx)
	if err != nil {
		return Preview{}, err
	}
	pv := Preview{Plan: p, WeComMembers: -1, ReplaceDeletes: -1}
	if pv.Running, err = s.running(ctx); err != nil {
		return Preview{}, err
	}
	app, err := s.d.Credentials.Credentials(ctx, tenants.ContactsCredential)
	if apperr.Is(err, apperr.NotFound) {
		pv.Blocked = apperr.MessageOf(err) + "：请先在「企业微信绑定」中填写通讯录同步的 Secret"
		return pv, nil
	}
	if err != nil {
		return Preview{}, err
	}
	limit := 1
	if p.Mode == ModeReplace {
		limit = probeLimit
	}
	ours := make(map[string]bool, len(p.wantMembers))
	for _, m := range p.wantMembers {
		ours[strings.ToLower(m.UserID)] = true
	}
	seen, deletes, cursor := map[string]bool{}, 0, ""
	for {
		page, err := s.d.WeCom.ListUserIDs(ctx, app, cursor, limit)
		switch code := wecom.CodeOf(err); {
		case code == 48009 || code == 48002:
			// Reading is refused to new IPs; writing is not. The count stays unknown.
			return pv, nil
		case code != 0:
			pv.Blocked = apperr.MessageOf(s.d.Explain(err))
			return pv, nil
		case err != nil:
			return Preview{}, apperr.Wrap(err, apperr.Internal, "probe wecom directory")
		}
		if p.Mode != ModeReplace {
			return pv, nil
		}
		for _, u := range page.Users {
			id := strings.ToLower(u.UserID)
			if seen[id] {
				continue
			}
			seen[id] = true
			if !ours[id] {
				deletes++
			}
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	pv.WeComMembers, pv.ReplaceDeletes = len(seen), deletes
	return pv, nil
}

// plan reads the directory and the mirror and diffs them.
func (s *Service) plan(ctx context.Context) (Plan, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return Plan{}, apperr.Wrap(err, apperr.Internal, "plan contact sync")
	}
	src, err := s.d.Directory.SyncSource(ctx)
	if err != nil {
		return Plan{}, err
	}
	db := s.d.DB.WithContext(ctx)
	var depts []mirrorDepartment
	if err := db.Order("wecom_id").Find(&depts).Error; err != nil {
		return Plan{}, apperr.Wrap(err, apperr.Internal, "load sync mirror")
	}
	var members []mirrorMember
	if err := db.Order("employee_id").Find(&members).Error; err != nil {
		return Plan{}, apperr.Wrap(err, apperr.Internal, "load sync mirror")
	}
	settings, err := s.settingsRow(ctx)
	if err != nil {
		return Plan{}, err
	}
	return plan(src, depts, members, planOptions{first: settings.FirstSyncedAt == nil, wecomOwned: settings.owned()}), nil
}

func (s *Service) running(ctx context.Context) (*Run, error) {
	var r Run
	err := s.d.DB.WithContext(ctx).Where("running = 1").Take(&r).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return nil, nil
	case err != nil:
		return nil, apperr.Wrap(err, apperr.Internal, "load running sync")
	}
	return &r, nil
}

// ErrNeverSynced is the refusal of a scheduled sync for a tenant that never had its first (manual, confirmed)
// sync: only an admin may let Qiao replace WeCom's directory.
var ErrNeverSynced = errors.New("contact sync: first sync not done")

// Start queues a sync to WeCom for the tenant in ctx, started by who (an admin's account, or "schedule"). A
// first sync replaces WeCom's directory: an admin must confirm it (confirmReplace), and the schedule never starts
// one (ErrNeverSynced). It returns conflict while another sync of the tenant is queued or running, invalid for a
// replace not confirmed or without the contact-sync secret. It does not ask WeCom: a run WeCom refuses (the
// preview's Blocked) fails with WeCom's reason, having written nothing. The run is an outbox message: it is neither
// lost nor run twice if Redis loses everything.
func (s *Service) Start(ctx context.Context, trigger Trigger, by string, confirmReplace bool) (Run, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return Run{}, apperr.Wrap(err, apperr.Internal, "start contact sync")
	}
	if _, err := s.d.Credentials.Credentials(ctx, tenants.ContactsCredential); err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return Run{}, &apperr.Error{Code: apperr.Invalid, Msg: apperr.MessageOf(err) + "：请先在「企业微信绑定」中填写通讯录同步的 Secret", Err: err}
		}
		return Run{}, err
	}
	synced, err := s.firstSynced(ctx)
	if err != nil {
		return Run{}, err
	}
	mode := ModeIncremental
	if !synced {
		mode = ModeReplace
		switch {
		case trigger == TriggerScheduled:
			return Run{}, ErrNeverSynced
		case !confirmReplace:
			return Run{}, apperr.InvalidField("confirmReplace",
				"首次同步会以桥的通讯录替换企业微信通讯录，删除企业微信中桥没有的成员和部门：请先预览并确认")
		}
	}
	return s.queue(ctx, Run{Direction: ToWeCom, Trigger: trigger, Mode: mode, StartedBy: by})
}

// Get returns run id of the tenant in ctx; not_found when there is none.
func (s *Service) Get(ctx context.Context, id uint64) (Run, error) {
	var r Run
	if err := s.d.DB.WithContext(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return Run{}, database.NotFoundOr(err, "同步记录不存在", "load sync")
	}
	return r, nil
}

// List returns the tenant's latest runs, newest first, at most limit (1–100).
func (s *Service) List(ctx context.Context, limit int) ([]Run, error) {
	limit = min(max(limit, 1), 100)
	var list []Run
	if err := s.d.DB.WithContext(ctx).Order("id DESC").Limit(limit).Find(&list).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list syncs")
	}
	return list, nil
}

// Rows returns up to first rows of run id after seq afterSeq, in order; problemsOnly keeps those not written
// (failed, skipped) and conflicts. more says whether others follow.
func (s *Service) Rows(ctx context.Context, id uint64, problemsOnly bool, first, afterSeq int) ([]RunRow, bool, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, false, err
	}
	first = min(max(first, 1), 500)
	q := s.d.DB.WithContext(ctx).Where("sync_id = ? AND seq > ?", id, afterSeq)
	if problemsOnly {
		q = q.Where("result <> ? OR action = ?", ResultOK, ActionConflict)
	}
	rows, more, err := database.FindPage[RunRow](q.Order("seq"), first)
	if err != nil {
		return nil, false, apperr.Wrap(err, apperr.Internal, "list sync rows")
	}
	return rows, more, nil
}

// JobFinished records WeCom's batch_job_result event for jobID on the tenant's running sync, which reads the job's
// result when it is the job it waits for; it reports whether a sync was running.
func (s *Service) JobFinished(ctx context.Context, jobID string) (bool, error) {
	res := s.d.DB.WithContext(ctx).Model(&Run{}).Where("running = 1").UpdateColumn("wecom_job_done", jobID)
	if res.Error != nil {
		return false, apperr.Wrap(res.Error, apperr.Internal, "record batch job result")
	}
	return res.RowsAffected > 0, nil
}

var lockForUpdate = clause.Locking{Strength: "UPDATE"}
