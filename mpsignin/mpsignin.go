// Package mpsignin signs people in from their personal WeChat through the tenant's service account (seed 004 §4).
// A tap on a template message or the account's menu runs the account's web OAuth; the code becomes the person's
// openid; a WeChat bound to an account gets a one-time ticket at once, and an unknown one a bind ticket for the
// password page, where a successful sign-in binds that WeChat to the account (视同第一次登录 after the binding
// ends). The binding itself, and its endings, are the directory's (directory.WeChatBinding).
package mpsignin

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/sso"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/mp"
)

// MP is the part of the service-account client sign-in uses.
type MP interface {
	ExchangeCode(ctx context.Context, acct mp.Account, code string) (mp.OAuthResult, error)
	CreateTempQR(ctx context.Context, acct mp.Account, scene string, ttl time.Duration) (mp.QRCode, error)
}

// Deps are what the service needs.
type Deps struct {
	Tenants   *tenants.Store
	Directory *directory.Store
	Auth      *auth.Service
	MP        MP
	Redis     redis.UniversalClient
	// QRBase is where QR codes' images are served (mp.DefaultShowQRBase; the simulator's /mp in the demo).
	QRBase string
	// BindTTL is how long the password page may bind the WeChat that reached it; default DefaultBindTTL.
	BindTTL time.Duration
}

// DefaultBindTTL leaves time to look a forgotten password up, not to keep a link around.
const DefaultBindTTL = 15 * time.Minute

// Service signs people in from personal WeChat.
type Service struct{ d Deps }

// New returns a Service.
func New(d Deps) *Service {
	if d.BindTTL <= 0 {
		d.BindTTL = DefaultBindTTL
	}
	return &Service{d: d}
}

// Result is where an OAuth code leads: Ticket, a one-time sign-in ticket for a bound WeChat (the H5 exchanges it),
// or Bind, a bind ticket for the password page, which asks for what Identity names (login, employee number or
// mobile). Browser goes with a bind ticket: the caller keeps it in the browser that ran the OAuth (BrowserCookie),
// and only that browser's sign-in may use the ticket.
type Result struct {
	Ticket   string
	Bind     string
	Browser  string
	Identity tenants.IdentityColumn
}

// BrowserCookie names the cookie that ties a bind ticket to the browser the account's OAuth ran in. Without it, a
// password page's link copied from one WeChat and opened by someone else would bind the first WeChat to the second
// person's account, and sign it in as them from then on.
const BrowserCookie = "qiao_bind"

type browserKey struct{}

// WithBrowser returns ctx carrying the request's BrowserCookie value.
func WithBrowser(ctx context.Context, nonce string) context.Context {
	return context.WithValue(ctx, browserKey{}, nonce)
}

func browserFrom(ctx context.Context) string {
	v, _ := ctx.Value(browserKey{}).(string)
	return v
}

// ErrNotBound refuses the password page's bind ticket: unknown, used or expired.
var ErrNotBound = apperr.E(apperr.Unauthenticated, "绑定链接已失效，请从微信重新打开")

// SignIn redeems the code of tenant slug's service-account OAuth. Errors: not_found (unknown tenant, no service
// account), sso.ErrCodeUsed (a code WeChat already redeemed: the person pressed Back), the WeChat gate's forbidden
// for a bound person it refuses (sso.ReasonOf names it), internal.
func (s *Service) SignIn(ctx context.Context, slug, code string) (Result, error) {
	t, err := s.d.Tenants.BySlug(ctx, slug)
	if err != nil {
		return Result{}, err
	}
	ctx = tenancy.WithTenant(ctx, t.ID)
	acct, err := s.d.Tenants.MPAccount(ctx)
	if err != nil {
		return Result{}, err
	}
	res, err := s.d.MP.ExchangeCode(ctx, acct, code)
	if mp.IsCodeRejected(err) {
		return Result{}, sso.ErrCodeUsed
	}
	if err != nil {
		return Result{}, fmt.Errorf("mpsignin: exchange code: %w", err)
	}
	b, found, err := s.d.Directory.WeChatBindingByOpenID(ctx, acct.AppID, res.OpenID)
	if err != nil {
		return Result{}, err
	}
	if !found {
		st, err := s.d.Tenants.MPSettings(ctx)
		if err != nil {
			return Result{}, err
		}
		bind, browser, err := s.bindTicket(ctx, t.ID, acct.AppID, res.OpenID)
		return Result{Bind: bind, Browser: browser, Identity: st.IdentityColumn}, err
	}
	// The ticket is issued only past the WeChat gate, as for WeCom: a refused person never holds one.
	ticket, err := s.d.Auth.IssueBindingTicket(ctx, b.AccountID, b.ID)
	if err != nil {
		return Result{}, err
	}
	if err := s.d.Directory.TouchWeChatBinding(ctx, b.ID); err != nil {
		return Result{}, err
	}
	return Result{Ticket: ticket}, nil
}

// Login is the password page reached from WeChat with a bind ticket: identifier is what the tenant's identity
// column says people sign in with (login, employee number or mobile), checked under the sign-in throttle like any
// password. Once the password is right and the WeChat gate lets the person in, the WeChat is bound to the account
// (its audit entry made by the person) and the session rides on the binding. The ticket works once; a wrong
// password keeps it for another try. Errors: ErrNotBound for a bad ticket or one of another tenant, then those of
// auth.Service.Login.
func (s *Service) Login(ctx context.Context, slug, identifier, password, bindTicket string) (auth.Session, error) {
	t, err := s.d.Tenants.BySlug(ctx, slug)
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return auth.Session{}, ErrNotBound
		}
		return auth.Session{}, err
	}
	tctx := tenancy.WithTenant(ctx, t.ID)
	appID, openID, err := s.peek(tctx, t.ID, bindTicket)
	if err != nil {
		return auth.Session{}, err
	}
	login := strings.TrimSpace(identifier)
	if st, err := s.d.Tenants.MPSettings(tctx); err == nil && st.IdentityColumn != tenants.IdentityLogin {
		// An identifier that names nobody goes on as it is: the throttle and the answer are a wrong password's.
		if l, ok, err := s.d.Directory.LoginBy(tctx, st.IdentityColumn == tenants.IdentityNumber, identifier); err != nil {
			return auth.Session{}, err
		} else if ok {
			login = l
		}
	} else if err != nil && !apperr.Is(err, apperr.NotFound) {
		return auth.Session{}, err
	}
	return s.d.Auth.LoginThen(auth.WithWeChatClient(ctx), slug, login, password,
		func(ctx context.Context, acct directory.Account) (uint64, error) {
			// Taken now, not before the password: a mistyped password must not spend the link.
			if err := s.take(ctx, bindTicket); err != nil {
				return 0, err
			}
			ctx = audit.WithActor(ctx, audit.Actor{Kind: audit.Employee, ID: acct.Login, Source: auth.ClientFrom(ctx)})
			b, err := s.d.Directory.BindWeChat(ctx, appID, openID, acct)
			if err != nil {
				return 0, err
			}
			return b.ID, nil
		})
}

// bindKeyPrefix namespaces bind tickets in Redis; the key ends in the ticket's SHA-256, so a Redis dump holds no
// usable ticket.
const bindKeyPrefix = "qiao:mpbind:"

func bindKey(ticket string) string { return bindKeyPrefix + hashOf(ticket) }

// bindTicket stores which WeChat reached the password page of tenant tid, and the browser nonce that must come
// with the ticket.
func (s *Service) bindTicket(ctx context.Context, tid uint64, appID, openID string) (ticket, browser string, err error) {
	b := make([]byte, 56)
	if _, err := rand.Read(b); err != nil {
		return "", "", apperr.Wrap(err, apperr.Internal, "bind ticket")
	}
	ticket, browser = "bt_"+base64.RawURLEncoding.EncodeToString(b[:32]), base64.RawURLEncoding.EncodeToString(b[32:])
	val := strconv.FormatUint(tid, 10) + "\x00" + appID + "\x00" + openID + "\x00" + hashOf(browser)
	if err := s.d.Redis.Set(ctx, bindKey(ticket), val, s.d.BindTTL).Err(); err != nil {
		return "", "", apperr.Wrap(err, apperr.Internal, "store bind ticket")
	}
	return ticket, browser, nil
}

func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// peek reads a bind ticket of tenant tid without spending it.
func (s *Service) peek(ctx context.Context, tid uint64, ticket string) (appID, openID string, err error) {
	ticket = strings.TrimSpace(ticket)
	if !strings.HasPrefix(ticket, "bt_") || len(ticket) > 64 {
		return "", "", ErrNotBound
	}
	val, err := s.d.Redis.Get(ctx, bindKey(ticket)).Result()
	if errors.Is(err, redis.Nil) {
		return "", "", ErrNotBound
	}
	if err != nil {
		return "", "", apperr.Wrap(err, apperr.Internal, "read bind ticket")
	}
	parts := strings.Split(val, "\x00")
	browser := browserFrom(ctx)
	if len(parts) != 4 || parts[0] != strconv.FormatUint(tid, 10) || browser == "" ||
		subtle.ConstantTimeCompare([]byte(hashOf(browser)), []byte(parts[3])) != 1 {
		return "", "", ErrNotBound
	}
	return parts[1], parts[2], nil
}

// take spends a bind ticket: of two sign-ins racing with one, one binds.
func (s *Service) take(ctx context.Context, ticket string) error {
	n, err := s.d.Redis.Del(ctx, bindKey(strings.TrimSpace(ticket))).Result()
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "spend bind ticket")
	}
	if n == 0 {
		return ErrNotBound
	}
	return nil
}
