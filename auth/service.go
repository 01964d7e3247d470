package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
)

// Config configures a Service.
type Config struct {
	// JWTSecret is the HS256 key of access tokens: at least MinSecretLen random bytes (NewService panics
	// otherwise). Changing it ends every access token, which clients then renew with their refresh token (an
	// opaque value kept in the database, not signed with this key), so a rotation signs nobody out.
	JWTSecret []byte
	// AccessTTL is the lifetime of an access token. Default 15 minutes.
	AccessTTL time.Duration
	// RefreshTTL is the lifetime of a refresh token; each refresh starts a new one. Default 30 days.
	RefreshTTL time.Duration
	// SSOTicketTTL is how long a one-time SSO ticket can be exchanged. Default 2 minutes.
	SSOTicketTTL time.Duration
	// ClientFailures is how many failed sign-ins one client (address) may make within ClientWindow, on any logins,
	// before its sign-ins are refused for the rest of the window: the password-spraying limit. Default
	// DefaultClientFailures (50) in DefaultClientWindow (15 minutes).
	ClientFailures int
	ClientWindow   time.Duration
	// LoginHourlyFailures caps failed sign-ins on one login within an hour from all clients together, after which
	// every client is refused for the rest of the hour. Default DefaultLoginHourlyFailures (100, OWASP ASVS V2.2.1).
	LoginHourlyFailures int
	// Now is the clock, for tests. Default time.Now.
	Now func() time.Time
}

// MinSecretLen is the shortest Config.JWTSecret NewService accepts: RFC 7518 §3.2 requires an HS256 key of at
// least the hash's output, 32 bytes.
const MinSecretLen = 32

// Defaults of Config.
const (
	DefaultAccessTTL    = 15 * time.Minute
	DefaultRefreshTTL   = 30 * 24 * time.Hour
	DefaultSSOTicketTTL = 2 * time.Minute
)

// Service issues and checks sessions. It is safe for concurrent use.
type Service struct {
	cfg     Config
	tenants *tenants.Store
	dir     *directory.Store
	db      *gorm.DB
	rdb     redis.UniversalClient
}

// Session is what a successful sign-in returns: a short-lived access token (a JWT for the Authorization header),
// a single-use refresh token, and the account as of issuing (Account.MustChangePassword tells the client to send
// the user to the change-password page first).
type Session struct {
	AccessToken          string
	AccessTokenExpiresAt time.Time
	RefreshToken         string
	Account              directory.Account
}

// NewService returns a Service. db must have tenancy.Plugin registered; rdb holds SSO tickets. It panics when
// cfg.JWTSecret is shorter than MinSecretLen, because a short HMAC key lets others guess it and mint tokens; the
// service's configuration refuses such a key first.
func NewService(cfg Config, tenants *tenants.Store, dir *directory.Store, db *gorm.DB, rdb redis.UniversalClient) *Service {
	if len(cfg.JWTSecret) < MinSecretLen {
		panic(fmt.Sprintf("auth: Config.JWTSecret is %d bytes, want at least %d", len(cfg.JWTSecret), MinSecretLen))
	}
	if cfg.AccessTTL <= 0 {
		cfg.AccessTTL = DefaultAccessTTL
	}
	if cfg.RefreshTTL <= 0 {
		cfg.RefreshTTL = DefaultRefreshTTL
	}
	if cfg.SSOTicketTTL <= 0 {
		cfg.SSOTicketTTL = DefaultSSOTicketTTL
	}
	if cfg.ClientFailures <= 0 {
		cfg.ClientFailures = DefaultClientFailures
	}
	if cfg.ClientWindow <= 0 {
		cfg.ClientWindow = DefaultClientWindow
	}
	if cfg.LoginHourlyFailures <= 0 {
		cfg.LoginHourlyFailures = DefaultLoginHourlyFailures
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.JWTSecret = append([]byte(nil), cfg.JWTSecret...) // the caller's slice may change under us
	return &Service{cfg: cfg, tenants: tenants, dir: dir, db: db, rdb: rdb}
}

func badCredentials() error { return apperr.E(apperr.Unauthenticated, "账号或密码错误") }

// Login signs in with a password at the tenant named by tenantSlug, under the sign-in throttle (throttle.go):
// rate_limited "账号已锁定，请 N 分钟后再试" for a client locked out of this login, rate_limited "登录尝试过于频繁" for
// a client that has failed on too many logins. An unknown tenant and an unknown login go through the same steps and
// answers as a wrong password, "账号或密码错误". A resigned or frozen employee gets forbidden, but only after the
// right password. When ctx already carries a tenant (resolved from the Host header), a slug of another tenant is an
// unknown tenant. Inside WeChat (WithWeChatClient) the session is a WeChat-channel one: the WeChat gate must let
// the person in (forbidden with its message otherwise) and checks every later request.
func (s *Service) Login(ctx context.Context, tenantSlug, login, password string) (Session, error) {
	return s.LoginThen(ctx, tenantSlug, login, password, nil)
}

// LoginThen is Login for a sign-in that binds a personal WeChat: once the password is right and the WeChat gate lets
// the person in, then binds (in the tenant of its ctx) and returns the binding, and the session, a WeChat one, rides
// on it. then's error ends the sign-in without a session.
func (s *Service) LoginThen(ctx context.Context, tenantSlug, login, password string, then func(context.Context, directory.Account) (uint64, error)) (Session, error) {
	t, err := s.tenants.BySlug(ctx, tenantSlug)
	known := err == nil
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return Session{}, err
	}
	if cur, ok := tenancy.FromContext(ctx); ok && known && cur != t.ID {
		known = false
	}
	settings := tenants.DefaultSettings()
	if known {
		settings = t.Settings()
	}
	attempt := s.beginSignin(ctx, tenantSlug, login, settings)
	if err := attempt.refusal(ctx); err != nil {
		return Session{}, err
	}
	if !known {
		// The same work as a wrong password, or the answer's speed would tell which tenants exist.
		s.dir.SpendPasswordCheck(ctx, password)
		return Session{}, attempt.fail()
	}
	ctx = tenancy.WithTenant(ctx, t.ID)
	acct, err := s.dir.Authenticate(ctx, login, password)
	switch {
	case apperr.Is(err, apperr.Unauthenticated):
		return Session{}, attempt.fail()
	case err != nil:
		// No verdict on the password (an outage), or the right password of a frozen or resigned person: no
		// failure, and no sign-in either.
		attempt.release(ctx)
		return Session{}, err
	}
	attempt.succeed(ctx)
	if acct.Role == directory.RoleContact && !fromWeChatClient(ctx) && then == nil {
		// Customers' and suppliers' contacts use only the service account (seed 004 §2): their messages, links and
		// binding live in WeChat.
		return Session{}, apperr.E(apperr.Forbidden, "客户、供应商联系人请在微信中从服务号登录")
	}
	v := via{channel: ChannelWeb}
	if fromWeChatClient(ctx) || then != nil {
		v.channel = ChannelWeChat
		if err := s.weChatGate(ctx, acct); err != nil {
			return Session{}, err
		}
	}
	if then != nil {
		if v.binding, err = then(ctx, acct); err != nil {
			return Session{}, err
		}
	}
	return s.issue(s.db.WithContext(ctx), acct, "", v)
}

// Authenticate checks an access token (with or without the "Bearer " prefix) and returns its Actor, with the role
// as it is now rather than as it was at sign-in. A malformed, expired, wrongly signed or wrongly addressed token,
// one whose account is gone from its tenant, and one issued before the account's last password change (token
// version) are unauthenticated "登录已失效，请重新登录"; a resigned or frozen employee is forbidden. A
// WeChat-channel token is checked against the WeChat gate (directory.Store.WeChatAccess for OA) on every call,
// so turning a role's allowWeChat off, or taking the role away, takes effect at the next request: forbidden, with
// the gate's message. When ctx already carries a tenant, a token of another tenant is unauthenticated.
func (s *Service) Authenticate(ctx context.Context, bearer string) (Actor, error) {
	c, accountID, err := s.parseAccess(bearer)
	if err != nil {
		return Actor{}, err
	}
	return s.actorOf(ctx, c, accountID)
}

// actorOf is the Actor a verified token names, checked against the account as it is now: same tenant as ctx (when
// ctx has one), same employee, same token version (a revocation ends every token issued before it), an active
// employee, and the WeChat gate for WeChat-channel sessions.
func (s *Service) actorOf(ctx context.Context, c *claims, accountID uint64) (Actor, error) {
	if cur, ok := tenancy.FromContext(ctx); ok && cur != c.TenantID {
		return Actor{}, invalidToken(fmt.Errorf("token of tenant %d in context of tenant %d", c.TenantID, cur))
	}
	ctx = tenancy.WithTenant(ctx, c.TenantID)
	// One query for the account and its employee's status: this runs on every request.
	acct, status, err := s.dir.AccountAndStatus(ctx, accountID)
	if apperr.Is(err, apperr.NotFound) {
		return Actor{}, invalidToken(err)
	}
	if err != nil {
		return Actor{}, err
	}
	if acct.EmployeeID != c.EmployeeID {
		return Actor{}, invalidToken(fmt.Errorf("account %d: employee %d, token says %d", acct.ID, acct.EmployeeID, c.EmployeeID))
	}
	if acct.TokenVersion != c.TokenVersion {
		return Actor{}, invalidToken(fmt.Errorf("account %d: token version %d revoked (now %d)", acct.ID, c.TokenVersion, acct.TokenVersion))
	}
	if err := directory.ActiveError(directory.Employee{ID: acct.EmployeeID, Status: status}); err != nil {
		return Actor{}, err
	}
	v := via{channel: normalizeChannel(c.Channel), binding: c.Binding}
	if err := s.viaGate(ctx, acct, v); err != nil {
		return Actor{}, err
	}
	return Actor{TenantID: acct.TenantID, AccountID: acct.ID, EmployeeID: acct.EmployeeID, Role: acct.Role,
		MustChangePassword: acct.MustChangePassword, Channel: v.channel, Binding: v.binding}, nil
}

// viaGate checks what a session's way in requires now: a WeChat session passes the WeChat gate, and one begun
// through a WeChat binding needs the binding still there (unauthenticated "此微信已解除绑定" once it ended: the
// person signs in with the password again, as at first).
func (s *Service) viaGate(ctx context.Context, acct directory.Account, v via) error {
	if v.channel != ChannelWeChat {
		return nil
	}
	if v.binding != 0 {
		live, err := s.dir.WeChatBindingLive(ctx, v.binding, acct.ID)
		if err != nil {
			return err
		}
		if !live {
			return apperr.Wrap(fmt.Errorf("wechat binding %d of account %d ended", v.binding, acct.ID),
				apperr.Unauthenticated, "此微信已解除绑定，请重新登录")
		}
	}
	return s.weChatGate(ctx, acct)
}

// ChangePassword changes the actor's password (see directory.Store.ChangePassword for the rules and errors),
// revokes every refresh token of the account and returns a fresh session. Every access token issued before stops
// working because the token version moved on. The new session keeps the actor's channel. ctx must carry the
// actor's tenant or none; another tenant is forbidden.
func (s *Service) ChangePassword(ctx context.Context, actor Actor, oldPassword, newPassword string) (Session, error) {
	ctx, err := s.actorTenant(ctx, actor)
	if err != nil {
		return Session{}, err
	}
	ctx, err = s.asEmployee(ctx, actor.AccountID)
	if err != nil {
		return Session{}, err
	}
	// The refresh tokens are revoked and the new session issued in the password change's own transaction: a
	// change that commits without the revocation would leave a stolen refresh token working, and the reason to
	// change a password is often that something was stolen.
	var sess Session
	_, err = s.dir.ChangePassword(ctx, actor.AccountID, oldPassword, newPassword, actor.Binding, func(tx *gorm.DB, acct directory.Account) error {
		if err := s.revokeAccount(tx, acct.ID, s.cfg.Now().UTC()); err != nil {
			return err
		}
		var err error
		// The WeChat binding ended with the password (the new session is a WeChat one without it), unless this was
		// the change owed at the first sign-in, which keeps it.
		v := via{channel: normalizeChannel(actor.Channel)}
		if actor.MustChangePassword {
			v.binding = actor.Binding
		}
		sess, err = s.issue(tx, acct, "", v)
		return err
	})
	if err != nil {
		return Session{}, err
	}
	return sess, nil
}

// RevokeSessions signs an account out everywhere: it bumps the token version, so every access token stops
// working, and revokes every refresh token, so none can mint new ones. Use it on unbinding, on resignation and for
// "sign out on all devices". ctx must carry the tenant (internal otherwise); not_found for an unknown account.
func (s *Service) RevokeSessions(ctx context.Context, accountID uint64) error {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return apperr.Wrap(err, apperr.Internal, "revoke sessions")
	}
	if err := s.dir.BumpTokenVersion(ctx, accountID); err != nil {
		return err
	}
	return s.revokeAccount(s.db.WithContext(ctx), accountID, s.cfg.Now().UTC())
}

// Logout ends the actor's session: the refresh token's family (this device's sign-in) is revoked, and a session
// begun through a personal WeChat binding ends the binding (seed 004 §4: 注销 unbinds), with its audit entry made by
// the person, so that the next visit from that WeChat asks for the password as at first. The access token still in
// hand stops working with the binding; a password session's lasts its few minutes. refresh may be "" (the
// client lost it). ctx must carry the actor's tenant or none.
func (s *Service) Logout(ctx context.Context, actor Actor, refresh string) error {
	ctx, err := s.actorTenant(ctx, actor)
	if err != nil {
		return err
	}
	now := s.cfg.Now().UTC()
	if tok := strings.TrimSpace(refresh); tok != "" {
		var row refreshToken
		err := s.db.WithContext(ctx).Where("token_hash = ? AND account_id = ?", hashToken(tok), actor.AccountID).Take(&row).Error
		if err == nil {
			if err := s.revokeFamily(s.db.WithContext(ctx), row.Family, now); err != nil {
				return err
			}
		} else if !errors.Is(err, gorm.ErrRecordNotFound) {
			return apperr.Wrap(err, apperr.Internal, "load refresh token")
		}
	}
	if actor.Binding == 0 {
		return nil
	}
	if ctx, err = s.asEmployee(ctx, actor.AccountID); err != nil {
		return err
	}
	if err := s.dir.UnbindWeChat(ctx, actor.Binding, directory.UnbindLogout); err != nil && !apperr.Is(err, apperr.NotFound) {
		return err
	}
	return nil
}

// asEmployee names the holder of account accountID as the audit actor of ctx: what they do to their own account
// (a password change, a sign-out) may end a WeChat binding, which the audit log records as theirs.
func (s *Service) asEmployee(ctx context.Context, accountID uint64) (context.Context, error) {
	acct, err := s.dir.Account(ctx, accountID)
	if err != nil {
		return ctx, err
	}
	return audit.WithActor(ctx, audit.Actor{Kind: audit.Employee, ID: acct.Login, Source: ClientFrom(ctx)}), nil
}

// SessionFor issues a WeChat-channel session for an account whose holder proved who they are through WeChat OAuth.
// ctx must carry the tenant (internal otherwise). It returns not_found for an unknown account and forbidden for a
// resigned or frozen employee or one the WeChat gate refuses (directory.Store.WeChatAccess for OA).
func (s *Service) SessionFor(ctx context.Context, accountID uint64) (Session, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return Session{}, apperr.Wrap(err, apperr.Internal, "session for account")
	}
	acct, err := s.activeAccount(ctx, accountID)
	if err != nil {
		return Session{}, err
	}
	if err := s.weChatGate(ctx, acct); err != nil {
		return Session{}, err
	}
	return s.issue(s.db.WithContext(ctx), acct, "", via{channel: ChannelWeChat})
}

// weChatGate is the directory's WeChat gate for the system Qiao is: OA. Every caller has just read the employee
// as active, so the gate does not read them again.
func (s *Service) weChatGate(ctx context.Context, acct directory.Account) error {
	if acct.Role == directory.RoleContact {
		// A customer's or supplier's contact holds no system role: WeChat is their only way in, and what they may
		// do there is what RoleContact allows.
		return nil
	}
	return s.dir.WeChatAccessOfActive(ctx, acct.EmployeeID, directory.SystemOA)
}

// issue mints an access token and a refresh token for acct on v, storing the refresh token through db (which
// carries the tenant, and may be a transaction). An empty family starts a new one.
func (s *Service) issue(db *gorm.DB, acct directory.Account, family string, v via) (Session, error) {
	if family == "" {
		f, err := randomHex(16)
		if err != nil {
			return Session{}, apperr.Wrap(err, apperr.Internal, "issue session")
		}
		family = f
	}
	access, exp, err := s.signAccess(acct, v)
	if err != nil {
		return Session{}, err
	}
	refresh, row, err := newRefreshToken(acct.TenantID, acct.ID, family, v, s.cfg.Now().UTC(), s.cfg.RefreshTTL)
	if err != nil {
		return Session{}, apperr.Wrap(err, apperr.Internal, "issue session")
	}
	if err := db.Create(&row).Error; err != nil {
		return Session{}, apperr.Wrap(err, apperr.Internal, "store refresh token")
	}
	return Session{AccessToken: access, AccessTokenExpiresAt: exp, RefreshToken: refresh, Account: acct}, nil
}

// actorTenant scopes ctx to the actor's tenant, refusing a ctx scoped to another.
func (s *Service) actorTenant(ctx context.Context, actor Actor) (context.Context, error) {
	if actor.TenantID == 0 || actor.AccountID == 0 {
		return nil, apperr.E(apperr.Unauthenticated, "请先登录")
	}
	if cur, ok := tenancy.FromContext(ctx); ok {
		if cur != actor.TenantID {
			return nil, &apperr.Error{Code: apperr.Forbidden, Msg: "无权访问该企业",
				Err: fmt.Errorf("actor of tenant %d in context of tenant %d", actor.TenantID, cur)}
		}
		return ctx, nil
	}
	return tenancy.WithTenant(ctx, actor.TenantID), nil
}
