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
//     and checked before the login is looked up (only the tenant is, for its rules), so a login that does not
//     exist, or a tenant that does not exist, goes through exactly the same steps, answers and timing as a real
//     one: counting, "账号或密码错误", then "账号已锁定，请 N 分钟后再试". (A tenant whose lockout settings differ
//     from the defaults locks after another count than an unknown slug does; slugs are in every URL anyway.)
//   - Each attempt is counted in, atomically, before its password is checked, so attempts sent at the same time
//     count each other: a burst gets no more checks than a sequence. An attempt refused, or ended without a
//     verdict, is taken out again.
//   - A client (the caller's address) that fails LockoutThreshold times on one login within LockoutMinutes is
//     locked out of that login for the rest of the window, even with the right password: the lock stops guessing
//     rather than hiding its results, so no password is checked while it holds.
//   - The lock is not a weapon. When a login has collected LockoutThreshold failures from any clients, clients
//     that have been failing on it are refused, but a client that has not failed on it still gets its password
//     checked: the colleague at their own desk signs in while someone else hammers their login. A wrong password
//     from that client counts and is answered as locked, so it gets one guess, not five.
//   - A client the person signed in from within KnownClientTTL (30 days) is known to the login: only its own
//     failures lock it, not the crowd's, and the hourly cap below does not apply to it. The person keeps working
//     from their usual desk or phone while the login is under attack, even after a typo. (The client is an
//     address, a /64 for IPv6: an office shares one, so an attacker inside it shares the exemption too.)
//   - Distributed guessing is capped: LoginHourlyFailures failures on one login within an hour, from any number of
//     clients, refuse every client that is not known to the login for the rest of that hour. ASVS V2.2.1 asks for
//     at most 100 failed attempts an hour on one account; this is the only case a crowd of addresses can keep a
//     person out, and then only from a place the person has not signed in from before.
//   - Password spraying (one or two passwords tried across many logins) is stopped per client: ClientFailures
//     failures from one client within ClientWindow, on any logins of any tenants, refuse that client's sign-ins
//     for the rest of the window ("登录尝试过于频繁"). The default is high enough for an office behind one
//     address, where people mistype.
//   - A success forgets that client's failures on that login; the login's own count stays, so an owner's success
//     does not reopen the hourly cap for an attacker.
//   - Counts live in Redis, shared by every server. Windows slide (attempt times in sorted sets). If Redis is
//     down, sign-in goes on unthrottled rather than locking everybody out; argon2id hashing still limits
//     guessing speed, and at most two password checks a core run at once (directory.Store).
//
// Not done here: CAPTCHA, breached-password lists (4.0.3 V2.1.7) and multi-factor sign-in (V2.2.3+) are for later
// issues; WeCom OAuth, the usual way in, asks for no password at all.

// Throttle defaults, in Config.
const (
	DefaultClientFailures      = 50
	DefaultClientWindow        = 15 * time.Minute
	DefaultLoginHourlyFailures = 100
)

// KnownClientTTL is how long a client that signed in to a login stays known to it (see the policy).
const KnownClientTTL = 30 * 24 * time.Hour

// signinAttempt is one password sign-in under the throttle: the counts read before the password is checked.
type signinAttempt struct {
	s         *Service
	now       time.Time
	lock      time.Duration // the tenant's LockoutMinutes
	threshold int           // the tenant's LockoutThreshold
	// The Redis keys: failures of this client, of this client on this login, of this login; clients known to it.
	client, pair, login, known string
	clientName                 string
	// member is this attempt in the three failure sets, added before the password is checked so that attempts
	// running at the same time count each other; "" when Redis did not answer.
	member string
	// Attempt times within their windows, oldest first, this attempt's own left out: the client's (ClientWindow),
	// this client's on this login (lock) and this login's from everywhere (the longer of an hour and lock).
	clientTimes, pairTimes, loginTimes []time.Time
	// knownClient is set when this client signed in to this login within KnownClientTTL.
	knownClient bool
}

// signinKeys are the Redis keys of an attempt. Slug and login are trimmed and case folded, so every spelling of a
// name shares its counts (logins are case-sensitive, so "Li" and "li" share one count: the throttle errs on the
// careful side).
func signinKeys(slug, login, client string) (clientKey, pairKey, loginKey, knownKey string) {
	slug = strings.ToLower(strings.TrimSpace(slug))
	login = strings.ToLower(strings.TrimSpace(login))
	name := slug + "\x00" + login
	return "qiao:signin:client:" + client, "qiao:signin:pair:" + name + "\x00" + client,
		"qiao:signin:login:" + name, "qiao:signin:known:" + name
}

// beginScript, for the keys client, pair, login and known, and the arguments now (ms), the attempt's member, the
// three failure windows (ms), the client and the known window (ms): trims each failure set to its window, reads
// it, then adds the attempt to it, all at once, so concurrent attempts see each other; and tells whether the
// client is known to the login.
var beginScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local out = {}
for i = 1, 3 do
  local w = tonumber(ARGV[2 + i])
  redis.call("ZREMRANGEBYSCORE", KEYS[i], "-inf", now - w)
  out[i] = redis.call("ZRANGE", KEYS[i], 0, -1, "WITHSCORES")
  redis.call("ZADD", KEYS[i], now, ARGV[2])
  redis.call("PEXPIRE", KEYS[i], w + 60000)
end
redis.call("ZREMRANGEBYSCORE", KEYS[4], "-inf", now - tonumber(ARGV[7]))
out[4] = redis.call("ZSCORE", KEYS[4], ARGV[6]) and 1 or 0
return out`)

// beginSignin counts this attempt in before its password is checked and reads the counts that decide whether it
// may be, under the tenant's rules (the defaults for a tenant that does not exist). Every path after it ends
// in release (refusal's included), fail or succeed.
func (s *Service) beginSignin(ctx context.Context, slug, login string, st tenants.Settings) *signinAttempt {
	a := &signinAttempt{s: s, now: s.cfg.Now(), lock: time.Duration(st.LockoutMinutes) * time.Minute,
		threshold: st.LockoutThreshold, clientName: ClientFrom(ctx)}
	if a.clientName == "" {
		a.clientName = "-"
	}
	a.client, a.pair, a.login, a.known = signinKeys(slug, login, a.clientName)
	if s.rdb == nil {
		return a
	}
	member := score(a.now) + ":" + nonce()
	w := a.windows()
	res, err := beginScript.Run(ctx, s.rdb, []string{a.client, a.pair, a.login, a.known},
		a.now.UnixMilli(), member, w[0].Milliseconds(), w[1].Milliseconds(), w[2].Milliseconds(),
		a.clientName, KnownClientTTL.Milliseconds()).Slice()
	if err != nil || len(res) != 4 {
		return a // Redis down: unthrottled (see the policy)
	}
	a.member = member
	a.clientTimes, a.pairTimes, a.loginTimes = flatTimes(res[0]), flatTimes(res[1]), flatTimes(res[2])
	known, _ := res[3].(int64)
	a.knownClient = known == 1
	return a
}

// windows is how long the client, pair and login sets keep an attempt.
func (a *signinAttempt) windows() [3]time.Duration {
	return [3]time.Duration{a.s.cfg.ClientWindow, a.lock, max(time.Hour, a.lock)}
}

// refusal is the answer for an attempt that must not check a password, or nil. A refused attempt is no failure:
// it is taken out of the counts again, so hammering a lock does not extend it or fill the login's hourly cap.
func (a *signinAttempt) refusal(ctx context.Context) error {
	err := a.refused()
	if err != nil {
		a.release(ctx)
	}
	return err
}

// release takes the attempt out of the failure counts: it was refused, or it ended without a verdict on the
// password (an outage).
func (a *signinAttempt) release(ctx context.Context) {
	if a.member == "" {
		return
	}
	pipe := a.s.rdb.TxPipeline()
	for _, key := range []string{a.client, a.pair, a.login} {
		pipe.ZRem(ctx, key, a.member)
	}
	_, _ = pipe.Exec(ctx)
}

func (a *signinAttempt) refused() error {
	cfg := a.s.cfg
	if wait, ok := reached(a.clientTimes, a.now, cfg.ClientWindow, cfg.ClientFailures); ok {
		return apperr.RateLimit(wait, "登录尝试过于频繁，请 %d 分钟后再试", minutes(wait))
	}
	if !a.knownClient {
		if wait, ok := reached(within(a.loginTimes, a.now, time.Hour), a.now, time.Hour, cfg.LoginHourlyFailures); ok {
			return lockedError(wait)
		}
	}
	return a.locked()
}

// locked is the lock of this client on this login: it has failed threshold times itself, or, unless it is known
// to the login, it has failed here while the login collected threshold failures from anywhere. A client that has
// not failed here is never locked.
func (a *signinAttempt) locked() error {
	pair := within(a.pairTimes, a.now, a.lock)
	if wait, ok := reached(pair, a.now, a.lock, a.threshold); ok {
		return lockedError(wait)
	}
	if len(pair) == 0 || a.knownClient {
		return nil
	}
	if wait, ok := reached(within(a.loginTimes, a.now, a.lock), a.now, a.lock, a.threshold); ok {
		// Free again when the login calms down or this client's own failures age out, whichever comes first.
		return lockedError(min(wait, pair[len(pair)-1].Add(a.lock).Sub(a.now)))
	}
	return nil
}

// fail answers a failed attempt, already counted by beginSignin: the lock when this failure reached it (as the
// next attempt would be told), "账号或密码错误" otherwise.
func (a *signinAttempt) fail() error {
	a.clientTimes = append(a.clientTimes, a.now)
	a.pairTimes = append(a.pairTimes, a.now)
	a.loginTimes = append(a.loginTimes, a.now)
	if err := a.locked(); err != nil {
		return err
	}
	return badCredentials()
}

// succeed takes the attempt out of the failure counts, forgets this client's failures on this login, and makes the
// client known to the login.
func (a *signinAttempt) succeed(ctx context.Context) {
	if a.member == "" {
		return
	}
	pipe := a.s.rdb.TxPipeline()
	pipe.ZRem(ctx, a.client, a.member)
	pipe.ZRem(ctx, a.login, a.member)
	pipe.Del(ctx, a.pair)
	pipe.ZAdd(ctx, a.known, redis.Z{Score: float64(a.now.UnixMilli()), Member: a.clientName})
	pipe.PExpire(ctx, a.known, KnownClientTTL)
	_, _ = pipe.Exec(ctx)
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

// flatTimes reads a ZRANGE WITHSCORES reply (member, score, member, score…) as the scores' times.
func flatTimes(v any) []time.Time {
	flat, _ := v.([]any)
	out := make([]time.Time, 0, len(flat)/2)
	for i := 1; i < len(flat); i += 2 {
		str, _ := flat[i].(string)
		ms, err := strconv.ParseFloat(str, 64)
		if err == nil {
			out = append(out, time.UnixMilli(int64(ms)))
		}
	}
	return out
}

func nonce() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
