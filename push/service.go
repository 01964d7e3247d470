package push

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/discussion"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/survey"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// Sender is the part of the WeCom client that push uses.
type Sender interface {
	SendMessage(ctx context.Context, app wecom.App, m wecom.Message) (wecom.SendResult, error)
}

// Deps are the services a push needs to render and address a card.
type Deps struct {
	DB        *gorm.DB
	Outbox    *outbox.Store
	Tenants   *tenants.Store
	Directory *directory.Store
	OA        *oa.Service
	Links     *deeplink.Builder
	Sender    Sender
	// Notices, Surveys and Discussions read the published items a card shows; nil means a read-only store on DB.
	Notices     *notice.Store
	Surveys     *survey.Store
	Discussions *discussion.Store
	Now         func() time.Time
	Log         *slog.Logger
}

// Service delivers outbox messages.
type Service struct{ d Deps }

// NewService returns a Service.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Notices == nil {
		d.Notices = notice.NewStore(d.DB, nil, nil)
	}
	if d.Surveys == nil {
		d.Surveys = survey.NewStore(d.DB, nil, nil)
	}
	if d.Discussions == nil {
		d.Discussions = discussion.NewStore(d.DB, nil, nil)
	}
	return &Service{d: d}
}

// Deliver sends outbox message id of the tenant in ctx. It is idempotent: a message already delivered is not sent
// again. It returns nil when nothing more can be done (sent, skipped, refused by WeChat) and an error when a retry
// may help (WeChat or the network failed, or another worker holds the delivery).
func (s *Service) Deliver(ctx context.Context, id uint64) error {
	m, err := s.d.Outbox.Get(ctx, id)
	if err != nil {
		return err
	}
	// Only the recipient is read here; the kind's renderer decodes the whole payload into its own struct, so no
	// kind loses fields another kind's struct lacks.
	var h recipientHeader
	if err := json.Unmarshal([]byte(m.Payload), &h); err != nil {
		return fmt.Errorf("push: decode %s: %w", m.DedupKey, err)
	}
	to, err := s.d.Directory.Employee(ctx, h.ToID)
	if err != nil {
		return fmt.Errorf("push: recipient of %s: %w", m.DedupKey, err)
	}
	userID := ""
	if to.WeComUserID != nil {
		userID = *to.WeComUserID
	}
	now := s.d.Now().UTC()
	d, done, err := claim(ctx, s.d.DB, now, Delivery{DedupKey: m.DedupKey, OutboxID: m.ID, Channel: ChannelWeCom, Recipient: userID})
	if err != nil || done {
		return err
	}
	log := s.d.Log.With("tenant", m.TenantID, "outbox", m.ID, "kind", m.Kind, "to", to.ID)
	if userID == "" || to.Status != directory.StatusActive {
		log.Info("push skipped", "reason", "no active WeCom member")
		return finish(ctx, s.d.DB, now, d.ID, StatusSkipped, "", "recipient has no active WeCom account")
	}
	// A card the WeChat gate would refuse to open is not sent: since the event was written, the person's roles
	// or the system may have changed, or (published items) the audience was never gated.
	if err := s.d.Directory.WeChatAccessOfActive(ctx, to.ID, h.system()); apperr.Is(err, apperr.Forbidden) {
		log.Info("push skipped", "reason", "WeChat gate", "err", err)
		return finish(ctx, s.d.DB, now, d.ID, StatusSkipped, "", "the WeChat gate refuses the recipient: "+apperr.MessageOf(err))
	} else if err != nil {
		return s.fail(ctx, d.ID, fmt.Errorf("push: wechat gate: %w", err))
	}
	app, err := s.d.Tenants.WeComApp(ctx)
	if apperr.Is(err, apperr.NotFound) {
		log.Info("push skipped", "reason", "tenant has no WeCom binding")
		return finish(ctx, s.d.DB, now, d.ID, StatusSkipped, "", "tenant has no WeCom binding")
	}
	if err != nil {
		return s.fail(ctx, d.ID, fmt.Errorf("push: wecom app: %w", err))
	}
	msg, err := s.render(ctx, m.Kind, json.RawMessage(m.Payload), app)
	if err != nil {
		return s.fail(ctx, d.ID, err)
	}
	msg.ToUser = []string{userID}
	// Our delivery row guards against our own repeats; WeCom's duplicate check guards the window where a send
	// succeeded but its answer was lost (a timeout) or we crashed before recording it. Its longest window is
	// asked for, and a delivery first tried longer ago than that is not sent again: WeCom would no longer
	// recognise a second copy.
	if now.Sub(d.CreatedAt) >= duplicateWindow {
		log.Warn("push not resent", "reason", "older than WeCom's duplicate check window", "first_try", d.CreatedAt)
		return finish(ctx, s.d.DB, now, d.ID, StatusUndeliverable, "",
			"not resent: first tried more than 4 hours ago, when WeCom's duplicate check no longer prevents a second copy")
	}
	msg.EnableDuplicateCheck, msg.DuplicateCheckInterval = true, int(duplicateWindow/time.Second)
	res, err := s.d.Sender.SendMessage(ctx, app, msg)
	switch code := wecom.CodeOf(err); {
	case err == nil && slices.ContainsFunc(res.InvalidUser, func(u string) bool { return strings.EqualFold(u, userID) }):
		log.Warn("push undeliverable", "reason", "invalid user")
		return finish(ctx, s.d.DB, s.d.Now().UTC(), d.ID, StatusUndeliverable, res.MsgID, "WeCom: invalid user")
	case err == nil:
		log.Info("push sent", "msgid", res.MsgID)
		return finish(ctx, s.d.DB, s.d.Now().UTC(), d.ID, StatusSent, res.MsgID, "")
	case code == 81013 || code == 60111 || code == 60011:
		log.Warn("push undeliverable", "code", code)
		return finish(ctx, s.d.DB, s.d.Now().UTC(), d.ID, StatusUndeliverable, "", err.Error())
	default:
		return s.fail(ctx, d.ID, fmt.Errorf("push: send %s: %w", m.DedupKey, err))
	}
}

// recipientHeader is the part every outbox payload shares: the employee the message is for.
type recipientHeader struct {
	ToID uint64 `json:"to_id"`
	// System is set by system messages (PB, CRM); every other kind is OA's.
	System string `json:"system"`
}

// system is the system whose WeChat gate the message passes.
func (h recipientHeader) system() string {
	if h.System != "" {
		return h.System
	}
	return directory.SystemOA
}

// duplicateWindow is the longest duplicate_check_interval WeCom accepts.
const duplicateWindow = wecom.MaxDuplicateCheckInterval

func (s *Service) fail(ctx context.Context, id uint64, cause error) error {
	if err := finish(ctx, s.d.DB, s.d.Now().UTC(), id, StatusFailed, "", cause.Error()); err != nil {
		return errors.Join(cause, err)
	}
	return cause
}
