package contactsync

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/text"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// Run is the job of outbox message outboxID (KindContactSync): it plans the sync afresh, writes it to WeCom, keeps
// the mirror to what WeCom accepted after each write, records every row, and finishes the run and the message. A
// run that died resumes from the mirror: what was written is not written again. WeCom refusing the whole run (its
// IP rule, a wrong secret, the delete guard) fails the run with the admin's words; a rate limit or a network
// error is for the queue to retry. It returns not_found when the message is gone.
func (s *Service) Run(ctx context.Context, outboxID uint64) error {
	db := s.d.DB.WithContext(ctx)
	var m outbox.Message
	if err := db.Where("id = ?", outboxID).Take(&m).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return apperr.E(apperr.NotFound, "队列消息 %d 不存在", outboxID)
		}
		return fmt.Errorf("contactsync: load message: %w", err)
	}
	if m.Kind != outbox.KindContactSync {
		return apperr.E(apperr.NotFound, "队列消息 %d 不是通讯录同步", outboxID)
	}
	var p outbox.ContactSyncPayload
	if err := json.Unmarshal([]byte(m.Payload), &p); err != nil || p.SyncID == 0 {
		return s.markDone(ctx, m.ID)
	}
	var run Run
	if err := db.Where("id = ?", p.SyncID).Take(&run).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return s.markDone(ctx, m.ID)
		}
		return fmt.Errorf("contactsync: load run: %w", err)
	}
	if run.State == StateDone || run.State == StateFailed {
		return s.markDone(ctx, m.ID)
	}
	r := &runner{s: s, ctx: ctx, run: &run}
	err := r.execute()
	if err != nil && !fatal(err) {
		// The queue tries again; meanwhile the admin sees why the run waits, in words (the log has the error).
		msg := "重试中：" + apperr.MessageOf(r.s.d.Explain(err))
		var netErr net.Error
		switch code := wecom.CodeOf(err); {
		case code == wecom.CodeRateLimited:
			msg = "重试中：企业微信限制了本企业的接口调用频率（45009），稍后自动继续"
		case code == 0 && errors.As(err, &netErr):
			msg = "重试中：与企业微信的连接出错（网络或超时），稍后自动继续"
		case code == 0:
			msg = "重试中：同步暂时出错，稍后自动继续（详情见服务日志）"
		}
		s.d.Log.WarnContext(ctx, "contact sync will be retried", "sync", run.ID, "err", err)
		msg = text.Clip(msg, 1000)
		r.run.Error = &msg
		_ = r.progress()
		return fmt.Errorf("contactsync: run %d: %w", run.ID, err)
	}
	return r.finish(m.ID, err)
}

func (s *Service) markDone(ctx context.Context, id uint64) error {
	if err := outbox.MarkDone(ctx, s.d.DB.WithContext(ctx), id, s.d.Now().UTC()); err != nil {
		return apperr.Wrap(err, apperr.Internal, "mark outbox done")
	}
	return nil
}

// runFailure is an error that ends a run: retrying would meet it again.
type runFailure struct{ msg string }

func (f *runFailure) Error() string { return f.msg }

func fatal(err error) bool {
	var f *runFailure
	return errors.As(err, &f)
}

// fatalCodes are WeCom's answers that refuse every write of the run alike: the IP rule, the secret, the API
// permission. Any other errcode refuses one member or department.
var fatalCodes = map[int]bool{60020: true, 48002: true, 40001: true, 40013: true, 40014: true, 42001: true,
	41001: true, 40091: true, 48009: true}

// codeDeleteGuard is the errcode WeCom's replace job stops with when it would delete too many members.
const codeDeleteGuard = 45026

type runner struct {
	s    *Service
	ctx  context.Context
	run  *Run
	app  wecom.App
	seq  int
	rows []RunRow
	// remap maps the ids the plan gave new departments to the ids WeCom gave them.
	remap map[int64]int64
}

// call counts one API call.
func (r *runner) call() { r.run.APICalls++ }

// wecomErr turns a WeCom error into a retry (rate limit, network) or, for a fatal code, the run's failure.
func (r *runner) wecomErr(err error) error {
	code := wecom.CodeOf(err)
	if code == 0 || code == wecom.CodeRateLimited || code == -1 {
		return err
	}
	return &runFailure{msg: apperr.MessageOf(r.s.d.Explain(err))}
}

func (r *runner) execute() error {
	// A run the queue tries again numbers its rows on from the last try's.
	db := r.s.d.DB.WithContext(r.ctx)
	var last struct{ Seq *int }
	if err := db.Model(&RunRow{}).Select("MAX(seq) AS seq").Where("sync_id = ?", r.run.ID).Scan(&last).Error; err != nil {
		return fmt.Errorf("contactsync: load rows: %w", err)
	}
	resumed := last.Seq != nil
	if resumed {
		r.seq = *last.Seq
	}
	if r.run.Mode == ModePull {
		r.run.State = StateRunning
		return r.pull()
	}
	app, err := r.s.d.Credentials.Credentials(r.ctx, tenants.ContactsCredential)
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return &runFailure{msg: apperr.MessageOf(err)}
		}
		return err
	}
	r.app = app
	p, err := r.s.plan(r.ctx)
	if err != nil {
		return err
	}
	if r.run.Mode == ModeReplace && p.Mode != ModeReplace && !resumed {
		// Another sync filled the mirror since this one was queued: an incremental one does the rest.
		r.run.Mode = ModeIncremental
	}
	now := r.s.d.Now().UTC()
	r.run.State, r.run.UpdatedAt = StateRunning, now
	if !resumed {
		r.run.DeptCreates, r.run.DeptUpdates, r.run.DeptDeletes = p.deptCount(ActionCreate), p.deptCount(ActionUpdate), p.deptCount(ActionDelete)
		r.run.Creates, r.run.Updates = p.count(ActionCreate), p.count(ActionUpdate)
		r.run.Disables, r.run.Deletes, r.run.Invalid = p.count(ActionDisable), p.count(ActionDelete), len(p.Invalid)
		r.run.Total = p.Writes()
		if r.run.Mode == ModeReplace {
			r.run.Total = len(p.wantDepts) + len(p.wantMembers)
		}
		for _, iv := range p.Invalid {
			r.add(KindMember, iv.Name, iv.UserID, ActionInvalid, ResultSkipped, strings.Join(iv.Rules, "；"))
		}
	}
	if err := r.progress(); err != nil {
		return err
	}
	if r.run.Mode == ModeReplace {
		return r.replace(p)
	}
	return r.incremental(p)
}

// add records a row; progress writes the rows and the counts.
func (r *runner) add(kind, subject, ref, action, result, reason string) {
	r.seq++
	row := RunRow{TenantID: r.run.TenantID, SyncID: r.run.ID, Seq: r.seq, Kind: kind, Subject: text.Clip(subject, 255),
		Ref: text.Clip(ref, 64), Action: action, Result: result}
	if reason != "" {
		reason = text.Clip(reason, 1000)
		row.Reason = &reason
	}
	r.rows = append(r.rows, row)
	if action == ActionInvalid || action == ActionConflict {
		return
	}
	if result == ResultOK {
		r.run.Done++
	} else {
		r.run.Failed++
	}
}

// progress writes the rows recorded since the last call and the run's counts.
func (r *runner) progress() error {
	db := r.s.d.DB.WithContext(r.ctx)
	r.run.UpdatedAt = r.s.d.Now().UTC()
	err := db.Transaction(func(tx *gorm.DB) error {
		if len(r.rows) > 0 {
			if err := tx.CreateInBatches(r.rows, 500).Error; err != nil {
				return err
			}
		}
		return tx.Model(&Run{}).Where("id = ?", r.run.ID).Select("mode", "state", "dept_creates", "dept_updates",
			"dept_deletes", "creates", "updates", "disables", "deletes", "invalid", "total", "done", "failed",
			"api_calls", "error", "updated_at").Updates(r.run).Error
	})
	if err != nil {
		return fmt.Errorf("contactsync: record progress: %w", err)
	}
	r.rows = r.rows[:0]
	return nil
}

// finish ends the run, failed with runErr's words when there is one, and marks the message done.
func (r *runner) finish(outboxID uint64, runErr error) error {
	now := r.s.d.Now().UTC()
	r.run.State, r.run.FinishedAt, r.run.Error = StateDone, &now, nil
	if runErr != nil {
		r.run.State = StateFailed
		msg := text.Clip(runErr.Error(), 1000)
		r.run.Error = &msg
	}
	db := r.s.d.DB.WithContext(r.ctx)
	r.run.UpdatedAt = now
	err := db.Transaction(func(tx *gorm.DB) error {
		if len(r.rows) > 0 {
			if err := tx.CreateInBatches(r.rows, 500).Error; err != nil {
				return err
			}
		}
		if runErr == nil && (r.run.Mode == ModeReplace || r.run.Mode == ModePull) {
			// From now on syncs to WeCom are incremental, and the schedule may run them.
			if err := r.s.markFirstSynced(r.ctx, tx, now); err != nil {
				return err
			}
		}
		err := tx.Model(&Run{}).Where("id = ?", r.run.ID).Updates(map[string]any{"state": r.run.State,
			"running": nil, "error": r.run.Error, "finished_at": now, "updated_at": now, "done": r.run.Done,
			"failed": r.run.Failed, "api_calls": r.run.APICalls, "mode": r.run.Mode}).Error
		if err != nil {
			return err
		}
		return outbox.MarkDone(r.ctx, tx, outboxID, now)
	})
	if err != nil {
		return fmt.Errorf("contactsync: finish run: %w", err)
	}
	r.s.d.Log.InfoContext(r.ctx, "contact sync done", "sync", r.run.ID, "mode", r.run.Mode, "state", r.run.State,
		"done", r.run.Done, "failed", r.run.Failed, "calls", r.run.APICalls)
	return nil
}

// --- mirror ---

// stamped is a mirror row (a department or a member), which records when it was saved.
type stamped[T any] interface {
	*T
	stamp(at time.Time)
}

func (d *mirrorDepartment) stamp(at time.Time) { d.UpdatedAt = at }
func (m *mirrorMember) stamp(at time.Time)     { m.UpdatedAt = at }

// saveMirror writes rows to the mirror as WeCom now holds them, inserting or replacing each.
func saveMirror[T any, P stamped[T]](ctx context.Context, s *Service, rows []T) error {
	if len(rows) == 0 {
		return nil
	}
	now := s.d.Now().UTC()
	for i := range rows {
		P(&rows[i]).stamp(now)
	}
	if err := s.d.DB.WithContext(ctx).Clauses(clause.OnConflict{UpdateAll: true}).CreateInBatches(rows, 500).Error; err != nil {
		return fmt.Errorf("contactsync: save mirror: %w", err)
	}
	return nil
}

func (r *runner) forgetMembers(employeeIDs []uint64) error {
	if len(employeeIDs) == 0 {
		return nil
	}
	if err := r.s.d.DB.WithContext(r.ctx).Where("employee_id IN ?", employeeIDs).Delete(&mirrorMember{}).Error; err != nil {
		return fmt.Errorf("contactsync: forget mirror members: %w", err)
	}
	return nil
}

func (r *runner) forgetDepartment(id int64) error {
	if err := r.s.d.DB.WithContext(r.ctx).Where("wecom_id = ?", id).Delete(&mirrorDepartment{}).Error; err != nil {
		return fmt.Errorf("contactsync: forget mirror department: %w", err)
	}
	return nil
}

// --- batch jobs ---

// maxImportFile is WeCom's limit for a file medium, which the import files are (about 200,000 members).
const maxImportFile = 20 << 20

// upload sends an import file and returns its media id. A file that cannot be written or is over WeCom's limit
// fails the run: trying again would meet the same.
func (r *runner) upload(name string, write func(*bytes.Buffer) error) (string, error) {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return "", &runFailure{msg: fmt.Sprintf("无法生成导入文件 %s：%v", name, err)}
	}
	if buf.Len() > maxImportFile {
		return "", &runFailure{msg: fmt.Sprintf("导入文件 %s 有 %.1f MB，超过企业微信 20 MB 的上限", name, float64(buf.Len())/(1<<20))}
	}
	r.call()
	m, err := r.s.d.WeCom.UploadMedia(r.ctx, r.app, wecom.MediaFile, name, buf.Bytes())
	if err != nil {
		return "", r.wecomErr(err)
	}
	return m.ID, nil
}

// job starts a batch job with start and waits for its result.
func (r *runner) job(rows int, start func(wecom.ImportJob) (string, error), mediaID string) (wecom.JobResult, error) {
	j := wecom.ImportJob{MediaID: mediaID, SkipInvite: false}
	if r.s.d.JobCallback != nil {
		cb, err := r.s.d.JobCallback(r.ctx)
		if err != nil {
			return wecom.JobResult{}, err
		}
		j.Callback = cb
	}
	r.call()
	id, err := start(j)
	if err != nil {
		return wecom.JobResult{}, r.wecomErr(err)
	}
	db := r.s.d.DB.WithContext(r.ctx)
	// WeCom's event says when the job is done; without it (no callback, or it is late), the result is polled,
	// first after the time a job of this size takes, then less and less often.
	const tick = 100 * time.Millisecond
	expect := time.Second + time.Duration(rows)*20*time.Microsecond
	waited := time.Duration(0)
	for waited < expect && j.Callback != nil {
		if err := r.s.d.Sleep(r.ctx, tick); err != nil {
			return wecom.JobResult{}, err
		}
		waited += tick
		var now Run
		if err := db.Select("wecom_job_done").Where("id = ?", r.run.ID).Take(&now).Error; err != nil {
			return wecom.JobResult{}, fmt.Errorf("contactsync: read job state: %w", err)
		}
		if now.WeComJobDone != nil && *now.WeComJobDone == id {
			break
		}
	}
	if j.Callback == nil {
		if err := r.s.d.Sleep(r.ctx, expect); err != nil {
			return wecom.JobResult{}, err
		}
	}
	pause := time.Second
	for {
		r.call()
		res, err := r.s.d.WeCom.JobResult(r.ctx, r.app, id)
		if err != nil {
			return wecom.JobResult{}, r.wecomErr(err)
		}
		if res.Status == wecom.JobDone {
			return res, nil
		}
		if err := r.s.d.Sleep(r.ctx, pause); err != nil {
			return wecom.JobResult{}, err
		}
		pause = min(2*pause, 10*time.Second)
	}
}

// explainRow is a refused row's reason in the admin's words.
func (r *runner) explainRow(code int, msg string) string {
	err := &wecom.Error{Service: "wecom", Code: code, Msg: msg}
	return apperr.MessageOf(r.s.d.Explain(err))
}
