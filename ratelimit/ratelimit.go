// Package ratelimit counts actions per key in fixed windows kept in Redis, shared by every server process, and
// refuses the ones over a limit with a rate_limited error that says when to try again.
package ratelimit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/qiao-hq/qiao/apperr"
)

// Limiter counts in Redis.
type Limiter struct {
	rdb *redis.Client
}

// New returns a Limiter on rdb.
func New(rdb *redis.Client) *Limiter { return &Limiter{rdb: rdb} }

// count adds one to key's window and returns the count and the time left in the window; the first count of a
// window starts its expiry, in the same script so a crash between the two cannot leave a key that never expires.
var count = redis.NewScript(`
local n = redis.call("INCR", KEYS[1])
if n == 1 then redis.call("PEXPIRE", KEYS[1], ARGV[1]) end
return {n, redis.call("PTTL", KEYS[1])}`)

// Allow counts one action for key in a window of the given length and returns nil while the window holds at most
// limit of them. Over it, it returns rate_limited with the time until the window ends, and message as the
// user-facing text (it may use %d for the seconds to wait). A Redis failure lets the action through: a limiter
// that is down must not stop people working.
func (l *Limiter) Allow(ctx context.Context, key string, limit int, window time.Duration, message string) error {
	res, err := count.Run(ctx, l.rdb, []string{"qiao:rl:" + key}, window.Milliseconds()).Int64Slice()
	if err != nil || len(res) != 2 {
		return nil
	}
	if res[0] <= int64(limit) {
		return nil
	}
	wait := time.Duration(max(res[1], 1)) * time.Millisecond
	return apperr.RateLimit(wait, message, int((wait+time.Second-1)/time.Second))
}

// take records one action, named ARGV[1], in every log of KEYS only if each has room (ARGV: each key's limit and
// window in milliseconds, in turn): a log keeps the actions of the last window, so no span of a window's length
// ever holds more than the limit. When any is full it records nothing, since a share refused must not spend the
// others, and returns how long until the fullest has room. The clock is Redis's, the same for every process.
var take = redis.NewScript(`
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
for i, k in ipairs(KEYS) do
  local limit, window = tonumber(ARGV[2*i]), tonumber(ARGV[2*i+1])
  redis.call("ZREMRANGEBYSCORE", k, "-inf", now - window)
  local n = redis.call("ZCARD", k)
  if n >= limit then
    local oldest = redis.call("ZRANGE", k, n - limit, n - limit, "WITHSCORES")
    local left = tonumber(oldest[2]) + window - now
    if left > wait then wait = left end
  end
end
if wait > 0 then return wait end
for i, k in ipairs(KEYS) do
  redis.call("ZADD", k, now, ARGV[1])
  redis.call("PEXPIRE", k, ARGV[2*i+1])
end
return 0`)

// Share is one log an action is recorded in: its key, at most Limit actions in any Window.
type Share struct {
	Key    string
	Limit  int
	Window time.Duration
}

// Take counts one action against every share, or, when any of them is full, against none and returns how long
// until the fullest has room (0: taken). A Redis failure lets the action through.
func (l *Limiter) Take(ctx context.Context, shares ...Share) time.Duration {
	return l.TakeEach(ctx, [][]Share{shares})[0]
}

// TakeEach is Take for many actions in one round trip, each with its own shares.
func (l *Limiter) TakeEach(ctx context.Context, actions [][]Share) []time.Duration {
	waits := make([]time.Duration, len(actions))
	if len(actions) == 0 {
		return waits
	}
	pipe := l.rdb.Pipeline()
	cmds := make([]*redis.Cmd, len(actions))
	for i, shares := range actions {
		keys := make([]string, len(shares))
		args := make([]any, 0, 1+2*len(shares))
		args = append(args, actionID())
		for j, sh := range shares {
			keys[j] = "qiao:rl:log:" + sh.Key
			args = append(args, sh.Limit, sh.Window.Milliseconds())
		}
		// EVAL, not EVALSHA: a pipeline cannot fall back when Redis has not cached the script yet.
		cmds[i] = take.Eval(ctx, pipe, keys, args...)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return waits
	}
	for i, c := range cmds {
		if ms, err := c.Int64(); err == nil && ms > 0 {
			waits[i] = time.Duration(ms) * time.Millisecond
		}
	}
	return waits
}

// giveBack removes the newest action from each log of KEYS.
var giveBack = redis.NewScript(`
for _, k in ipairs(KEYS) do redis.call("ZPOPMAX", k) end
return 0`)

// Give returns what Take recorded for an action that did not happen after all (the call was refused before it
// reached anyone): the newest action of each share's log. Errors are ignored: an action kept is only a little early
// waiting.
func (l *Limiter) Give(ctx context.Context, keys ...string) {
	if len(keys) == 0 {
		return
	}
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = "qiao:rl:log:" + k
	}
	_ = giveBack.Eval(ctx, l.rdb, full).Err()
}

// actionID names one action in the logs.
func actionID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
