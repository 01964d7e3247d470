package callbacks

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// outcome is what processing made of an event: its status and, for ignored and kept, the reason.
type outcome struct {
	status Status
	reason string
}

func processed(reason string) outcome { return outcome{StatusProcessed, reason} }
func ignored(reason string) outcome   { return outcome{StatusIgnored, reason} }
func kept(reason string) outcome      { return outcome{StatusKept, reason} }

// Process is ProcessBatch of the one message outboxID on a try that is not the last: a failure trying again may
// mend is returned, not given up.
func (s *Service) Process(ctx context.Context, outboxID uint64) error {
	return s.ProcessBatch(ctx, []uint64{outboxID}, false)
}

// message loads outbox message id of the tenant in ctx and checks its kind.
func (s *Service) message(ctx context.Context, id uint64, kind string) (outbox.Message, uint64, error) {
	if err := requireTenant(ctx, "process callback event"); err != nil {
		return outbox.Message{}, 0, err
	}
	m, err := s.Outbox.Get(ctx, id)
	if err != nil {
		return outbox.Message{}, 0, err
	}
	if m.Kind != kind {
		return outbox.Message{}, 0, apperr.E(apperr.NotFound, "队列消息 %d 的类型是 %s，不是 %s", id, m.Kind, kind)
	}
	return m, m.ID, nil
}

func (s *Service) markDone(ctx context.Context, outboxID uint64) error {
	if err := outbox.MarkDone(ctx, s.db, outboxID, s.Now().UTC()); err != nil {
		return apperr.Wrap(err, apperr.Internal, "mark outbox done")
	}
	return nil
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// Replay processes inbox row id of the tenant in ctx again, whatever became of it: the row goes back to received
// and a new outbox message has it processed (each replay is a message of its own). It returns not_found when there
// is no such row.
func (s *Service) Replay(ctx context.Context, id uint64) error {
	if err := requireTenant(ctx, "replay callback event"); err != nil {
		return err
	}
	now := s.Now().UTC()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var e Event
		if err := tx.Clauses(lockForUpdate).Take(&e, id).Error; err != nil {
			return err
		}
		e.Replays++
		err := tx.Model(&Event{}).Where("id = ?", id).Updates(map[string]any{"status": StatusReceived,
			"replays": e.Replays, "reason": nil, "error": nil, "processed_at": nil, "updated_at": now}).Error
		if err != nil {
			return err
		}
		return outbox.Add(ctx, tx, now, outbox.KindWeComEvent, outbox.WeComEventKey(id, e.Replays),
			outbox.WeComEventPayload{InboxID: id})
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return apperr.E(apperr.NotFound, "回调事件不存在")
	}
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "replay callback event")
	}
	return nil
}

// handle decides what an event means and acts on it.
func (s *Service) handle(ctx context.Context, e Event) (outcome, error) {
	ev, err := wxcrypt.ParseEvent([]byte(e.Body))
	if err != nil {
		return ignored("无法解析的事件"), nil
	}
	switch {
	case e.Receiver == ReceiverMP && ev.MsgType == "event":
		return s.handleMP(ctx, ev)
	case ev.MsgType != "event":
		return ignored(fmt.Sprintf("暂不处理 %s 消息", ev.MsgType)), nil
	case ev.Event == "change_external_contact":
		return s.externalContactChanged(ctx, ev)
	case ev.Event == "enter_agent":
		// Only an activated member can open the app.
		return s.memberStatus(ctx, ev.FromUserName, directory.WeComActive, ev.CreateTime, "进入应用")
	case ev.Event == "change_contact":
		return s.contactChanged(ctx, ev)
	case ev.Event == "template_card_event" && s.Cards != nil:
		return s.cardTapped(ctx, ev)
	case ev.Event == "batch_job_result" && s.Contacts != nil:
		waiting, err := s.Contacts.JobFinished(ctx, ev.JobId)
		switch {
		case err != nil:
			return outcome{}, err
		case !waiting:
			return ignored(fmt.Sprintf("批量任务 %s 已结束，没有同步在等它", ev.JobId)), nil
		}
		return processed(fmt.Sprintf("批量任务 %s（%s）已结束，同步将读取其结果", ev.JobId, ev.JobType)), nil
	default:
		return ignored(fmt.Sprintf("暂不处理的事件 %s", ev.Event)), nil
	}
}

// TapWindow is how long after a tap on a card's button its event may still decide: past it (an admin's replay, a
// queue held up for long) the tap is recorded and ignored, and the person decides again in the card or the H5.
const TapWindow = 30 * time.Minute

// cardTapped hands a tap on a card's button to the cards' owner: processed when the answer was taken, ignored with
// the reason when it was refused (the item decided meanwhile, the WeChat gate, a card Qiao does not know).
func (s *Service) cardTapped(ctx context.Context, ev wxcrypt.Event) (outcome, error) {
	at := time.Unix(ev.CreateTime, 0)
	if age := s.Now().Sub(at); age > TapWindow {
		// A decision is the tapper's only while it is fresh: an event replayed, or held up for long, decides nothing.
		return ignored(fmt.Sprintf("卡片 %s 上 %s 的选择「%s」发生于 %s 前，超过 %s，未执行", ev.TaskId, ev.FromUserName,
			ev.EventKey, age.Round(time.Minute), TapWindow)), nil
	}
	what, err := s.Cards.CardTapped(ctx, ev.FromUserName, ev.TaskId, ev.EventKey, ev.ResponseCode, at)
	switch {
	case err == nil:
		return processed(what), nil
	case slices.Contains([]apperr.Code{apperr.NotFound, apperr.Conflict, apperr.Forbidden, apperr.Invalid}, apperr.CodeOf(err)):
		return ignored(fmt.Sprintf("卡片 %s 上 %s 的选择「%s」未执行：%s", ev.TaskId, ev.FromUserName, ev.EventKey,
			apperr.MessageOf(err))), nil
	default:
		return outcome{}, err
	}
}

// contactChanged handles a change_contact event: a member's state is recorded on the employee, and the change itself
// goes to the contact sync (Deps.Contacts), which applies it to the directory by the tenant's field ownership.
func (s *Service) contactChanged(ctx context.Context, ev wxcrypt.Event) (outcome, error) {
	var reasons []string
	changed := false
	if ev.ChangeType == "update_user" && ev.Status != "" {
		st, ok := directory.WeComStatusOf(ev.Status)
		if !ok {
			reasons = append(reasons, fmt.Sprintf("成员状态 %s 未知", ev.Status))
		} else {
			o, err := s.memberStatus(ctx, ev.UserID, st, ev.CreateTime, "成员状态变更")
			if err != nil || s.Contacts == nil {
				return o, err
			}
			changed = o.status == StatusProcessed
			reasons = append(reasons, o.reason)
		}
	}
	if s.Contacts == nil {
		reasons = append(reasons, "通讯录变更事件已保存，留待通讯录同步处理")
		return kept(strings.Join(reasons, "；")), nil
	}
	o, err := s.Contacts.ContactChanged(ctx, ev)
	if err != nil {
		return outcome{}, err
	}
	changed = changed || o.Applied
	if o.Reason != "" {
		reasons = append(reasons, o.Reason)
	}
	if changed {
		return processed(strings.Join(reasons, "；")), nil
	}
	return ignored(strings.Join(reasons, "；")), nil
}

// memberStatus records a member's WeCom state, reported by an event of time created (Unix seconds), on the employee
// with that userid: processed when it changed, ignored when it did not (the same state again, or an older event)
// or when the member is not an employee. The rest of a contact change is for the directory sync (a later issue).
func (s *Service) memberStatus(ctx context.Context, userID string, st directory.WeComStatus, created int64, what string) (outcome, error) {
	changed, err := s.Directory.SetWeComStatus(ctx, userID, st, time.Unix(created, 0))
	switch {
	case apperr.Is(err, apperr.NotFound):
		return ignored(fmt.Sprintf("%s 不是本企业员工", userID)), nil
	case err != nil:
		return outcome{}, err
	case !changed:
		return ignored(fmt.Sprintf("%s：%s 的企业微信状态无变化（已是 %s，或事件早于已记录的状态）", what, userID, st)), nil
	}
	return processed(fmt.Sprintf("%s：%s 的企业微信状态记为 %s", what, userID, st)), nil
}

// Retention is how long the inbox keeps an event after it was received, unless it waits for processing or was
// kept for a later consumer: far longer than WeCom's retries or MaxClockSkew, so a retry or a replay always finds
// its row.
const Retention = 30 * 24 * time.Hour

// Prune deletes up to limit inbox rows of every tenant received before cutoff that are processed, ignored or failed
// (rows waiting for processing and rows kept for the directory sync stay), and returns how many it deleted.
// Callers loop while it returns limit.
func (s *Service) Prune(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	res := s.db.WithContext(tenancy.System(ctx)).
		Where("received_at < ? AND status IN ?", cutoff, []Status{StatusProcessed, StatusIgnored, StatusFailed}).
		Order("received_at").Limit(limit).Delete(&Event{})
	if res.Error != nil {
		return 0, fmt.Errorf("callbacks: prune: %w", res.Error)
	}
	return res.RowsAffected, nil
}
