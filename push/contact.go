package push

import (
	"context"
	"fmt"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
)

// deliverToContact sends outbox message m to the customer's or supplier's contact whose account is accountID. A
// contact is reached only through the service account, whatever the tenant's push channel: they have no WeCom
// membership. The message is kept in their message list whether or not it reaches their WeChat, so a contact who
// has not bound theirs yet finds it there at their first sign-in.
func (s *Service) deliverToContact(ctx context.Context, m outbox.Message, accountID uint64) error {
	c, err := s.d.Directory.Contact(ctx, accountID)
	gone := apperr.Is(err, apperr.NotFound)
	if err != nil && !gone {
		return fmt.Errorf("push: contact of %s: %w", m.DedupKey, err)
	}
	actx, cancel := context.WithTimeout(ctx, AttemptTimeout)
	defer cancel()
	r, err := s.contactRoute(actx, accountID)
	if err != nil {
		return err
	}
	a := attempt{s: s, m: m, log: s.d.Log.With("tenant", m.TenantID, "outbox", m.ID, "kind", m.Kind, "contact", accountID)}
	d, done, err := claim(actx, s.d.DB, s.d.Now().UTC(), s.d.ClaimTTL,
		Delivery{DedupKey: m.DedupKey, OutboxID: m.ID, Kind: m.Kind, Channel: r.channel, Recipient: r.recipient, Route: routeText(r.why), AccountID: &accountID})
	if done {
		return outbox.MarkDone(ctx, s.d.DB, m.ID, s.d.Now().UTC())
	}
	if err != nil {
		return err
	}
	a.d = d
	switch {
	case gone:
		return a.skip(ctx, "contact deleted", "the contact's account was taken back")
	case c.Status != directory.StatusActive:
		return a.skip(ctx, "contact not active", "contact is "+string(c.Status))
	case r.channel == "" && a.d.FirstSentAt == nil:
		return a.skip(ctx, "no channel", r.why)
	}
	if err := a.reroute(actx, r); err != nil {
		return a.fail(ctx, err)
	}
	return s.sendMP(actx, &a)
}

// contactRoute is the service account's route to contact accountID: their bound WeChat, when it follows the
// tenant's current account.
func (s *Service) contactRoute(ctx context.Context, accountID uint64) (route, error) {
	const why = "客户或供应商联系人，仅服务号"
	if s.d.MP == nil {
		return route{why: "本服务未配置服务号的发送"}, nil
	}
	st, err := s.d.Tenants.MPSettings(ctx)
	if apperr.Is(err, apperr.NotFound) {
		return route{why: why + "；但本企业未绑定服务号"}, nil
	}
	if err != nil {
		return route{}, fmt.Errorf("push: service account settings: %w", err)
	}
	b, bound, err := s.d.Directory.WeChatBindingOfAccount(ctx, accountID)
	if err != nil {
		return route{}, fmt.Errorf("push: wechat binding: %w", err)
	}
	switch {
	case !bound || b.AppID != st.AppID:
		return route{why: why + "；但其微信尚未绑定账号（从服务号登录一次即绑定），消息留在其消息列表"}, nil
	case !b.Subscribed:
		return route{why: why + "；但其微信已取消关注服务号，消息留在其消息列表"}, nil
	}
	return route{channel: ChannelMP, recipient: b.OpenID, why: why}, nil
}
