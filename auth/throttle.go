package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenants"
)

// The sign-in throttle. The policy, and why (OWASP ASVS 4.0.3 V2.2.1; ASVS 5.0 V6.3.1 and V6.3.8; the README's
// "Signing in" has the table):
//
//   - Failures are counted per login *name* (tenant slug and login as typed, case folded), never per account row,
//     and checked before anything is looked up, so a login that does not exist, or a tenant that does not exist,
//     goes through exactly the same steps, answers and timing as a real one: counting, "账号或密码错误", then
//     "账号已锁定，请 N 分钟后再试".
//   - A client (the caller's address) that fails LockoutThreshold times on one login within LockoutMinutes is
//     locked out of that login for the rest of the window, even with the right password: the lock stops guessing
//     rather than hiding its results, so no password is checked while it holds.
//   - The lock is not a weapon. When a login has collected LockoutThreshold failures from any clients, clients
//     that have been failing on it are refused, but a client that has not failed on it still gets its password
//     checked: the colleague at their own desk signs in while someone else hammers their login. A wrong password
//     from that client counts and is answered as locked, so it gets one guess, not five.
//   - Distributed guessing is capped: LoginHourlyFailures failures on one login within an hour, from any number of
//     clients, refuse every client for the rest of that hour. ASVS V2.2.1 asks for at most 100 failed attempts an
//     hour on one account; this is the only case a crowd of addresses can keep a person out, and it costs them
//     100 guesses an hour.
//   - Password spraying (one or two passwords tried across many logins) is stopped per client: ClientFailures
//     failures from one client within ClientWindow, on any logins of any tenants, refuse that client's sign-ins
//     for the rest of the window ("登录尝试过于频繁"). The default is high enough for an office behind one
//     address, where people mistype.
//   - A success forgets that client's failures on that login; the login's own count stays, so an owner's success
//     does not reopen the hourly cap for an attacker.
//   - Counts live in Redis, shared by every server. Windows slide (attempt times in sorted sets). If Redis is
//     down, sign-in goes on unthrottled rather than locking everybody out; the password hashing (bcrypt) still
//     limits guessing speed.
//
// Not done here: CAPTCHA, breached-password lists (4.0.3 V2.1.7) and multi-factor sign-in (V2.2.3+) are for later
// issues; WeCom OAuth, the usual way in, asks for no password at all.

// Throttle defaults, in Config.
const (
	DefaultClientFailures      = 50
	DefaultClientWindow        = 15 * time.Minute
	DefaultLoginHourlyFailures = 100
)

// signinAttempt is one password sign-in under the throttle: the counts read before the password is checked.
type signinAttempt struct {
	s                   *Service
	now                 time.Time
	lock                time.Duration // the tenant's LockoutMinutes
	threshold           int           // the tenant's LockoutThreshold
	client, login, pair string        // Redis keys
	// Attempt times within their windows, oldest first: the client's (ClientWindow), this client's on this login
	// (lock) and this login's from everywhere (the longer of an hour and lock).
	clientTimes, pairTimes, loginTimes []time.Time
}

// signinKeys folds case and spaces the way the sign-in form does, so "ZhangSan " and "zhangsan" share a count.
func signinKeys(slug, login, client string) (clientKey, loginKey, pairKey string) {
	slug = strings.ToLower(strings.TrimSpace(slug))
	login = strings.ToLower(strings.TrimSpace(login))
	if client == "" {
		client = "-"
	}
	name := slug + "\x00" + login
	return "qiao:signin:client:" + client, "qiao:signin:login:" + name, "qiao:signin:pair:" + name + "\x00" + client
}

// beginSignin reads the counts that decide whether this attempt may check a password, under the tenant's rules
// (the defaults for a tenant that does not exist).
func (s *Service) beginSignin(ctx context.Context, slug, login string, st tenants.Settings) *signinAttempt {
	a := &signinAttempt{s: s, now: s.cfg.Now(), lock: time.Duration(st.LockoutMinutes) * time.Minute, threshold: st.LockoutThreshold}
	a.client, a.login, a.pair = signinKeys(slug, login, ClientFrom(ctx))
	if s.rdb == nil {
		return a
	}
	pipe := s.rdb.TxPipeline()
	ranges := make(map[string]*redis.ZSliceCmd, 3)
	for key, window := range a.windows() {
		pipe.ZRemRangeByScore(ctx, key, "-inf", score(a.now.Add(-window)))
		ranges[key] = pipe.ZRangeWithScores(ctx, key, 0, -1)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return a // Redis down: unthrottled (see the policy)
	}
	a.clientTimes = times(ranges[a.client].Val())
	a.pairTimes = times(ranges[a.pair].Val())
	a.loginTimes = times(ranges[a.login].Val())
	return a
}

// windows is how long each key keeps an attempt.
func (a *signinAttempt) windows() map[string]time.Duration {
	return map[string]time.Duration{a.client: a.s.cfg.ClientWindow, a.pair: a.lock, a.login: max(time.Hour, a.lock)}
}

// refusal is the answer for an attempt that must not check a password, or nil.
func (a *signinAttempt) refusal() error {
	cfg := a.s.cfg
	if wait, ok := reached(a.clientTimes, a.now, cfg.ClientWindow, cfg.ClientFailures); ok {
		return apperr.RateLimit(wait, "登录尝试过于频繁，请 %d 分钟后再试", minutes(wait))
	}
	if wait, ok := reached(within(a.loginTimes, a.now, time.Hour), a.now, time.Hour, cfg.LoginHourlyFailures); ok {
		return lockedError(wait)
	}
	return a.locked()
}

// locked is the lock of this client on this login: it has failed threshold times itself, or it has failed here
// while the login collected threshold failures from anywhere. A client that has not failed here is never locked.
func (a *signinAttempt) locked() error {
	pair := within(a.pairTimes, a.now, a.lock)
	if wait, ok := reached(pair, a.now, a.lock, a.threshold); ok {
		return lockedError(wait)
	}
	if len(pair) == 0 {
		return nil
	}
	if wait, ok := reached(within(a.loginTimes, a.now, a.lock), a.now, a.lock, a.threshold); ok {
		// Free again when the login calms down or this client's own failures age out, whichever comes first.
		return lockedError(min(wait, pair[len(pair)-1].Add(a.lock).Sub(a.now)))
	}
	return nil
}

// fail counts a failed attempt and returns its answer: the lock when this failure reached it (as the next attempt
// would be told), "账号或密码错误" otherwise.
func (a *signinAttempt) fail(ctx context.Context) error {
	if a.s.rdb != nil {
		z := redis.Z{Score: float64(a.now.UnixMilli()), Member: score(a.now) + ":" + nonce()}
		pipe := a.s.rdb.TxPipeline()
		for key, window := range a.windows() {
			pipe.ZAdd(ctx, key, z)
			pipe.PExpire(ctx, key, window+time.Minute)
		}
		_, _ = pipe.Exec(ctx) // a lost count only makes the throttle kinder
	}
	a.clientTimes = append(a.clientTimes, a.now)
	a.pairTimes = append(a.pairTimes, a.now)
	a.loginTimes = append(a.loginTimes, a.now)
	if err := a.locked(); err != nil {
		return err
	}
	return badCredentials()
}

// succeed forgets this client's failures on this login.
func (a *signinAttempt) succeed(ctx context.Context) {
	if a.s.rdb != nil {
		a.s.rdb.Del(ctx, a.pair)
	}
}

func lockedError(wait time.Duration) error {
	return apperr.RateLimit(wait, "账号已锁定，请 %d 分钟后再试", minutes(wait))
}

// reached reports whether ts (oldest first, all within window of now) holds at least n entries, and how long until
// enough of them leave the window for the count to drop below n.
func reached(ts []time.Time, now time.Time, window time.Duration, n int) (time.Duration, bool) {
	if n <= 0 || len(ts) < n {
		return 0, false
	}
	return max(ts[len(ts)-n].Add(window).Sub(now), time.Second), true
}

// within returns the tail of ts (oldest first) newer than window before now.
func within(ts []time.Time, now time.Time, window time.Duration) []time.Time {
	from := now.Add(-window)
	for i, t := range ts {
		if t.After(from) {
			return ts[i:]
		}
	}
	return nil
}

func minutes(d time.Duration) int { return max(int(math.Ceil(d.Minutes())), 1) }

func score(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

func times(zs []redis.Z) []time.Time {
	out := make([]time.Time, len(zs))
	for i, z := range zs {
		out[i] = time.UnixMilli(int64(z.Score))
	}
	return out
}

func nonce() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
