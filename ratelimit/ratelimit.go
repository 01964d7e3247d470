// Package ratelimit counts actions per key in fixed windows kept in Redis, shared by every server process, and
// refuses the ones over a limit with a rate_limited error that says when to try again.
package ratelimit

import (
	"context"
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

// AllowMany is Allow for many keys in one round trip: waits[i] is 0 while keys[i]'s window holds at most limit
// actions, and otherwise the time until it ends. A Redis failure lets every action through.
func (l *Limiter) AllowMany(ctx context.Context, keys []string, limit int, window time.Duration) []time.Duration {
	waits := make([]time.Duration, len(keys))
	if len(keys) == 0 {
		return waits
	}
	pipe := l.rdb.Pipeline()
	cmds := make([]*redis.Cmd, len(keys))
	for i, k := range keys {
		// EVAL, not EVALSHA: a pipeline cannot fall back when Redis has not cached the script yet.
		cmds[i] = count.Eval(ctx, pipe, []string{"qiao:rl:" + k}, window.Milliseconds())
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return waits
	}
	for i, c := range cmds {
		res, err := c.Int64Slice()
		if err == nil && len(res) == 2 && res[0] > int64(limit) {
			waits[i] = time.Duration(max(res[1], 1)) * time.Millisecond
		}
	}
	return waits
}
