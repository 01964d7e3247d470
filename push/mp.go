package push

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/mptemplates"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/text"
	"github.com/qiao-hq/qiao/wechat/mp"
	"github.com/qiao-hq/qiao/wechat/wxapi"
)

// MPSender is the part of the service-account client push uses.
type MPSender interface {
	// AccessToken is asked before a send is recorded as attempted, as for WeCom.
	AccessToken(ctx context.Context, acct mp.Account) (string, error)
	SendTemplate(ctx context.Context, acct mp.Account, m mp.TemplateMessage) (int64, error)
}

// ChannelMP is the service account's template messages.
const ChannelMP = "mp"

// mpDuplicateWindow is how long WeChat's client_msg_id keeps a repeated template message from reaching the phone
// twice: a resend later than this could.
const mpDuplicateWindow = mp.ClientMsgIDWindow

// route is the channel a message takes to a person, whom it addresses there, and why that channel; channel ""
// means none can carry it, and why says so.
type route struct {
	channel, recipient, why string
}

// routeOf chooses the channel for employee to by the tenant's choice (tenants.PushChannel): WeCom only (also every
// tenant without a service account), the service account only, or WeCom for people with an active WeCom membership
// and the service account for the others. The service account reaches a person whose WeChat is bound and follows
// it. Under "WeCom first", a WeCom account whose state no event has reported yet is not known to be active: the
// service account carries the message when it can, and WeCom is tried when it cannot.
func (s *Service) routeOf(ctx context.Context, to directory.Employee) (route, error) {
	wecomRoute := route{channel: ChannelWeCom, why: "企业微信成员"}
	if to.WeComUserID != nil {
		wecomRoute.recipient = *to.WeComUserID
	}
	st, err := s.channelSettings(ctx)
	if err != nil {
		return route{}, err
	}
	if r, ok := weComRoute(st, to); ok {
		return r, nil
	}
	switch {
	case s.d.MP == nil:
		return route{why: "本服务未配置服务号的发送"}, nil
	}
	bs, err := s.d.Directory.WeChatBindingsOf(ctx, []uint64{to.ID})
	if err != nil {
		return route{}, fmt.Errorf("push: wechat binding: %w", err)
	}
	b, bound := bs[to.ID]
	bound = bound && b.AppID == st.AppID // a binding of an account the tenant had before names an openid of that one
	why := "仅服务号"
	if st.PushChannel == tenants.PushWeComFirst {
		why = "企业微信优先：未加入企业微信，改用服务号"
		if to.WeComUserID != nil {
			why = "企业微信优先：企业微信未激活或已停用，改用服务号"
		}
		if to.WeComUserID != nil && to.WeComStatus == nil && (!bound || !b.Subscribed) {
			wecomRoute.why = "企业微信优先：企业微信状态未知且微信未绑定或未关注服务号，仍发企业微信"
			return wecomRoute, nil
		}
	}
	switch {
	case !bound:
		return route{why: why + "；但其微信尚未绑定账号（从服务号登录一次即绑定）"}, nil
	case !b.Subscribed:
		return route{why: why + "；但其微信已取消关注服务号"}, nil
	}
	return route{channel: ChannelMP, recipient: b.OpenID, why: why}, nil
}

// channelSettings is how the tenant of ctx chooses channels: WeCom only when it has no service account.
func (s *Service) channelSettings(ctx context.Context) (tenants.MPSettings, error) {
	st, err := s.d.Tenants.MPSettings(ctx)
	if apperr.Is(err, apperr.NotFound) {
		return tenants.MPSettings{PushChannel: tenants.PushWeCom}, nil
	}
	if err != nil {
		return tenants.MPSettings{}, fmt.Errorf("push: service account settings: %w", err)
	}
	return st, nil
}

// weComRoute is the route of employee to under st when it is WeCom's alone to decide: the tenant sends through
// WeCom only, or WeCom first and to is an active member. ok is false when the service account may carry it.
func weComRoute(st tenants.MPSettings, to directory.Employee) (route, bool) {
	member := to.WeComUserID != nil && to.WeComStatus != nil && *to.WeComStatus == directory.WeComActive
	if st.PushChannel != tenants.PushWeCom && (st.PushChannel != tenants.PushWeComFirst || !member) {
		return route{}, false
	}
	if to.WeComUserID == nil {
		return route{why: "没有企业微信账号"}, true
	}
	return route{channel: ChannelWeCom, recipient: *to.WeComUserID, why: "企业微信成员"}, true
}

// maxRoute is the characters push_deliveries.route holds.
const maxRoute = 200

// routeText is a route's reason as its column holds it, nil for none.
func routeText(why string) *string {
	if why == "" {
		return nil
	}
	v := text.Clip(why, maxRoute)
	return &v
}

// reroute points a delivery that never reached a channel at r: the person's channel may differ from a try before
// (they joined WeCom, bound their WeChat). A delivery sent once keeps its channel, to be resent as it was.
func (a *attempt) reroute(ctx context.Context, r route) error {
	if a.d.FirstSentAt != nil || (a.d.Channel == r.channel && a.d.Recipient == r.recipient && a.d.Route != nil && *a.d.Route == r.why) {
		return nil
	}
	upd := map[string]any{"channel": r.channel, "recipient": r.recipient, "route": routeText(r.why)}
	if err := a.s.d.DB.WithContext(ctx).Model(&Delivery{}).Where("id = ? AND first_sent_at IS NULL", a.d.ID).Updates(upd).Error; err != nil {
		return fmt.Errorf("push: route delivery %d: %w", a.d.ID, err)
	}
	a.d.Channel, a.d.Recipient, a.d.Route = r.channel, r.recipient, routeText(r.why)
	return nil
}

// sendMP sends the attempt's message as a template message to the follower a.d.Recipient names, under the same
// rules as a WeCom card: the message as first sent is repeated byte for byte, and WeChat's client_msg_id, which
// keeps a repeat from the phone for 10 minutes, bounds how late a resend may go.
func (s *Service) sendMP(ctx context.Context, a *attempt) error {
	acct, err := s.d.Tenants.MPAccount(ctx)
	if apperr.Is(err, apperr.NotFound) {
		return a.skip(ctx, "tenant has no service account", "tenant has no service account")
	}
	if err != nil {
		return a.fail(ctx, fmt.Errorf("push: service account: %w", err))
	}
	now := s.d.Now().UTC()
	if a.d.FirstSentAt != nil && now.Add(resendMargin).Sub(*a.d.FirstSentAt) >= mpDuplicateWindow {
		return a.end(ctx, outcome{status: StatusUndeliverable, err: fmt.Sprintf(
			"not resent: first sent at %s, and a resend could arrive after the service account's %g-minute "+
				"client_msg_id check no longer prevents a second copy", a.d.FirstSentAt.Format(time.RFC3339), mpDuplicateWindow.Minutes())})
	}
	var msg mp.TemplateMessage
	var replacing *time.Time
	if a.d.Card != nil {
		if err := json.Unmarshal([]byte(*a.d.Card), &msg); err != nil {
			return a.fail(ctx, fmt.Errorf("decode the template message of delivery %d: %w", a.d.ID, err))
		}
		if msg.ToUser != a.d.Recipient {
			replacing, a.d.FirstSentAt, a.d.Card = a.d.FirstSentAt, nil, nil
		}
	}
	if a.d.Card == nil {
		var ok bool
		if msg, ok, err = s.templateMessage(ctx, a, acct); errors.Is(err, errUnchangeable) {
			return a.skip(ctx, "outcome only", "a template message cannot be changed once sent, and this one only "+
				"changes the card the reader has")
		} else if err != nil {
			return a.fail(ctx, err)
		} else if !ok {
			return a.end(ctx, outcome{status: StatusUndeliverable,
				err: "the service account has no template chosen for " + a.m.Kind + " (服务号 → 模板消息)"})
		}
	}
	if _, err := s.d.MP.AccessToken(ctx, acct); err != nil {
		return a.fail(ctx, fmt.Errorf("push: service account token: %w", err))
	}
	first, err := markAttempted(ctx, s.d.DB, now, &a.d, msg, replacing)
	if err != nil {
		return a.fail(ctx, err)
	}
	id, err := s.d.MP.SendTemplate(ctx, acct, msg)
	a.firstRefused = first && (refused(err) || errors.Is(err, mp.ErrInvalid))
	return a.sentMP(ctx, acct.AppID, id, err)
}

// templateMessage renders the attempt's message as a template message under the tenant's mapping of its kind;
// ok is false when the kind has none.
func (s *Service) templateMessage(ctx context.Context, a *attempt, acct mp.Account) (mp.TemplateMessage, bool, error) {
	d, err := s.describe(ctx, a.m)
	if err != nil {
		return mp.TemplateMessage{}, false, err
	}
	if d.OutcomeOnly {
		return mp.TemplateMessage{}, false, errUnchangeable
	}
	m, ok, err := s.d.Templates.ForKind(ctx, a.m.Kind)
	if err != nil || !ok {
		return mp.TemplateMessage{}, false, err
	}
	link, err := s.opens(ctx, d, a.m.ID, func(b *deeplink.Builder, slug, path string) string {
		return b.MP(slug, acct.AppID, path)
	})
	if err != nil {
		return mp.TemplateMessage{}, false, err
	}
	return mp.TemplateMessage{ToUser: a.d.Recipient, TemplateID: m.TemplateID, URL: link,
		ClientMsgID: clientMsgID(a.m.TenantID, a.m.DedupKey), Data: mptemplates.Fill(m, d)}, true, nil
}

// clientMsgID names a message to WeChat for its 10-minute duplicate check: the same for every try of one outbox
// message, different for every other.
func clientMsgID(tenantID uint64, dedupKey string) string {
	sum := sha256.Sum256([]byte(strconv.FormatUint(tenantID, 10) + "\x00" + dedupKey))
	return "q" + hex.EncodeToString(sum[:16])
}

// sentMP records WeChat's answer to a template message.
func (a *attempt) sentMP(ctx context.Context, appID string, msgID int64, err error) error {
	ans := map[string]any{"errcode": mp.CodeOf(err)}
	if msgID != 0 {
		ans["msgid"] = msgID
	}
	if err != nil && mp.CodeOf(err) == 0 {
		ans["error"] = err.Error()
	}
	b, _ := json.Marshal(ans)
	answer := string(b)
	switch code := mp.CodeOf(err); {
	case err == nil:
		a.log.Info("push sent", "channel", ChannelMP, "msgid", msgID)
		return a.end(ctx, outcome{status: StatusSent, msgID: strconv.FormatInt(msgID, 10), answer: answer})
	case code == 43004:
		// The follower left: no message reaches them until they follow again, which their subscribe event says.
		if serr := a.s.d.Directory.SetWeChatSubscribed(ctx, appID, a.d.Recipient, false); serr != nil {
			return a.fail(ctx, serr)
		}
		return a.end(ctx, outcome{status: StatusUndeliverable, answer: answer, err: "the WeChat no longer follows the service account (43004)"})
	case code == 40003 || code == 40037 || code == 47003 || errors.Is(err, mp.ErrInvalid):
		// Permanent: an openid of another account, a template deleted, a value its field's type refuses. Trying
		// again would spend the account's daily quota for nothing; an admin fixes the mapping and retries.
		a.log.Warn("push undeliverable", "channel", ChannelMP, "code", code, "err", err)
		return a.end(ctx, outcome{status: StatusUndeliverable, answer: answer, err: err.Error()})
	default:
		if wait, ok := wxapi.RetryAfterOf(err); ok {
			if rerr := a.end(ctx, outcome{status: StatusFailed, answer: answer, err: err.Error()}); rerr != nil {
				return rerr
			}
			return &Wait{Reason: "service account rate limit", After: wait, Err: err}
		}
		return a.fail(ctx, fmt.Errorf("push: send %s: %w", a.m.DedupKey, err))
	}
}

// JobFinished records what WeChat's TEMPLATESENDJOBFINISH event says of the template message msgID: "success"
// confirms it; a refusal ("failed:user block": the follower blocks the account's messages; "failed: system
// failed") makes its delivery undeliverable with WeChat's word. It reports whether a delivery has that msgid: one
// whose answer was lost learns it only when its retry is answered, which may come after the event.
func (s *Service) JobFinished(ctx context.Context, msgID, status string) (bool, error) {
	if msgID == "" {
		return false, nil
	}
	upd := map[string]any{"answer": clipped(fmt.Sprintf(`{"errcode":0,"msgid":%q,"status":%q}`, msgID, status)),
		"updated_at": s.d.Now().UTC()}
	if status != "success" {
		upd["status"], upd["error"] = StatusUndeliverable, clipped("WeChat: "+status)
	}
	res := s.d.DB.WithContext(ctx).Model(&Delivery{}).
		Where("channel = ? AND msg_id = ? AND status IN ?", ChannelMP, msgID, []string{StatusSent, StatusUndeliverable}).
		Updates(upd)
	if res.Error != nil && !errors.Is(res.Error, gorm.ErrRecordNotFound) {
		return false, fmt.Errorf("push: template job finished %s: %w", msgID, res.Error)
	}
	return res.RowsAffected > 0, nil
}
