package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenancy"
)

// ssoKeyPrefix namespaces SSO tickets in Redis; the key ends in the ticket's SHA-256, so a Redis dump holds no
// usable ticket.
const ssoKeyPrefix = "qiao:sso:"

func ssoKey(ticket string) string { return ssoKeyPrefix + hashToken(ticket) }

func invalidTicket(cause error) error {
	return apperr.Wrap(cause, apperr.Unauthenticated, "登录链接已失效或已使用过，请从企业微信重新打开")
}

// IssueSSOTicket returns a one-time ticket for an account of the tenant in ctx, valid for Config.SSOTicketTTL. The
// WeChat OAuth callback hands it to the H5 page in a redirect, and the page exchanges it for a session, so no token
// ever sits in a URL. It returns not_found for an unknown account, forbidden for a resigned or frozen employee,
// internal when ctx has no tenant or Redis fails.
func (s *Service) IssueSSOTicket(ctx context.Context, accountID uint64) (string, error) {
	return s.issueTicket(ctx, accountID, "", false)
}

// IssueWebTicket is IssueSSOTicket for a sign-in outside WeChat (an admin scanning WeCom's QR code at a desk): its
// session is a web one (ChannelWeb), which the WeChat gate does not govern.
func (s *Service) IssueWebTicket(ctx context.Context, accountID uint64) (string, error) {
	return s.issueTicket(ctx, accountID, webTicket, false)
}

// webTicket marks a ticket's value as a web sign-in's.
const webTicket = "web"

// bindingTicket prefixes the WeChat binding a ticket's session rides on.
const bindingTicket = "wb"

// IssueBindingTicket is IssueSSOTicket for a personal WeChat bound to the account (binding): the session it is
// exchanged for lives only as long as the binding. The WeChat gate comes first, as for every WeChat session: a
// person it refuses never holds a ticket (forbidden, with the gate's message).
func (s *Service) IssueBindingTicket(ctx context.Context, accountID, binding uint64) (string, error) {
	return s.issueTicket(ctx, accountID, bindingTicket+strconv.FormatUint(binding, 10), true)
}

// issueTicket stores a ticket of kind for active account accountID; gated, only past the WeChat gate.
func (s *Service) issueTicket(ctx context.Context, accountID uint64, kind string, gated bool) (string, error) {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "issue sso ticket")
	}
	acct, err := s.activeAccount(ctx, accountID)
	if err != nil {
		return "", err
	}
	if gated {
		if err := s.weChatGate(ctx, acct); err != nil {
			return "", err
		}
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", apperr.Wrap(fmt.Errorf("read random: %w", err), apperr.Internal, "issue sso ticket")
	}
	ticket := "st_" + base64.RawURLEncoding.EncodeToString(b)
	val := strconv.FormatUint(tid, 10) + ":" + strconv.FormatUint(accountID, 10)
	if kind != "" {
		val += ":" + kind
	}
	if err := s.rdb.Set(ctx, ssoKey(ticket), val, s.cfg.SSOTicketTTL).Err(); err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "store sso ticket")
	}
	return ticket, nil
}

// ExchangeSSOTicket trades a ticket from IssueSSOTicket for a session. The ticket is deleted as it is read
// (GETDEL), so it works exactly once even under concurrent exchanges. An unknown, used or expired ticket is
// unauthenticated; otherwise errors are those of SessionFor. When ctx already carries a tenant, a ticket of another
// tenant is unauthenticated.
func (s *Service) ExchangeSSOTicket(ctx context.Context, ticket string) (Session, error) {
	ticket = strings.TrimSpace(ticket)
	if !strings.HasPrefix(ticket, "st_") || len(ticket) > 64 {
		return Session{}, invalidTicket(errors.New("malformed ticket"))
	}
	val, err := s.rdb.GetDel(ctx, ssoKey(ticket)).Result()
	if errors.Is(err, redis.Nil) {
		return Session{}, invalidTicket(err)
	}
	if err != nil {
		return Session{}, apperr.Wrap(err, apperr.Internal, "redeem sso ticket")
	}
	tidText, rest, _ := strings.Cut(val, ":")
	aidText, kind, _ := strings.Cut(rest, ":")
	tid, err1 := strconv.ParseUint(tidText, 10, 64)
	aid, err2 := strconv.ParseUint(aidText, 10, 64)
	if err := errors.Join(err1, err2); err != nil || tid == 0 || aid == 0 {
		return Session{}, apperr.Wrap(fmt.Errorf("sso ticket value %q: %w", val, err), apperr.Internal, "redeem sso ticket")
	}
	if cur, ok := tenancy.FromContext(ctx); ok && cur != tid {
		return Session{}, invalidTicket(fmt.Errorf("ticket of tenant %d in context of tenant %d", tid, cur))
	}
	if kind == webTicket {
		return s.webSessionFor(tenancy.WithTenant(ctx, tid), aid)
	}
	if b, ok := strings.CutPrefix(kind, bindingTicket); ok {
		binding, err := strconv.ParseUint(b, 10, 64)
		if err != nil || binding == 0 {
			return Session{}, apperr.Wrap(fmt.Errorf("sso ticket value %q", val), apperr.Internal, "redeem sso ticket")
		}
		return s.sessionVia(tenancy.WithTenant(ctx, tid), aid, via{channel: ChannelWeChat, binding: binding})
	}
	return s.SessionFor(tenancy.WithTenant(ctx, tid), aid)
}

// sessionVia begins a session for an active account on v, checked as every request of it will be.
func (s *Service) sessionVia(ctx context.Context, accountID uint64, v via) (Session, error) {
	acct, err := s.activeAccount(ctx, accountID)
	if err != nil {
		return Session{}, err
	}
	if err := s.viaGate(ctx, acct, v); err != nil {
		return Session{}, err
	}
	return s.issue(s.db.WithContext(ctx), acct, "", v)
}

// webSessionFor begins a web session for an active account, as a password sign-in outside WeChat would.
func (s *Service) webSessionFor(ctx context.Context, accountID uint64) (Session, error) {
	acct, err := s.activeAccount(ctx, accountID)
	if err != nil {
		return Session{}, err
	}
	return s.issue(s.db.WithContext(ctx), acct, "", via{channel: ChannelWeb})
}
