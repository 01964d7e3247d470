// Package tokencache shares WeChat access tokens and JS-SDK tickets between
// every process of the service through Redis.
//
// A value is fetched by one caller at a time across all processes: inside a
// process callers share one flight, and across processes a Redis lock
// (SET NX PX) elects the fetcher while the others wait for its result. A
// value is stored with its hard expiry and an optional earlier refresh
// time: after the refresh time the lock holder fetches a new value while
// everyone else keeps using the current one, so callers never wait for a
// refresh that could be done ahead of time.
//
// Keys hold the kind, the account (corpid, appid) and a hash of the secret,
// never the account alone: two apps of one corp have separate tokens, a
// rotated secret gets a fresh entry, and no secret reaches Redis.
package tokencache

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"
)

// Options configures a Cache.
type Options struct {
	// Prefix is prepended to every key. Default "qiao:".
	Prefix string
	// FetchTimeout bounds one fetch. The Redis lock lives twice as long, so
	// a crashed fetcher's lock goes by itself, and a waiter waits three
	// times as long, so it outlives such a lock. Default 20s.
	FetchTimeout time.Duration
	// Poll is how often a waiting process looks for the fetcher's result.
	// Default 20ms.
	Poll time.Duration
	// Now is the clock. Default time.Now.
	Now func() time.Time
	// Logger receives fetches and cache problems. Default: discard.
	Logger *slog.Logger
}

// Cache is safe for concurrent use; share one per process.
type Cache struct {
	rdb     redis.UniversalClient
	prefix  string
	timeout time.Duration
	poll    time.Duration
	now     func() time.Time
	log     *slog.Logger

	flights singleflight.Group
	// ahead holds the keys this process is refreshing ahead of expiry, so
	// callers in the refresh window start at most one goroutine.
	ahead sync.Map
	// unlock and dropIfSame delete a key only while it holds the value the
	// caller put there, so a lock or value someone else wrote survives.
	dropIfSame *redis.Script
}

// New returns a Cache over rdb.
func New(rdb redis.UniversalClient, opts Options) *Cache {
	if rdb == nil {
		panic("tokencache.New: Redis is required")
	}
	c := &Cache{rdb: rdb, prefix: opts.Prefix, timeout: opts.FetchTimeout, poll: opts.Poll, now: opts.Now, log: opts.Logger,
		dropIfSame: redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("DEL", KEYS[1])
end
return 0`)}
	if c.prefix == "" {
		c.prefix = "qiao:"
	}
	if c.timeout <= 0 {
		c.timeout = 20 * time.Second
	}
	if c.poll <= 0 {
		c.poll = 20 * time.Millisecond
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c
}

// Key names an entry: kind ("wecom:token", "wecom:jsapi", "mp:token", …),
// the account, and the first 16 hex digits of sha256(secret).
func Key(kind, account, secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return kind + ":" + account + ":" + hex.EncodeToString(sum[:])[:16]
}

// Token is what a fetch returns.
type Token struct {
	Value string
	// ExpiresIn is the life WeChat gave the value, counted from the moment
	// the request was sent (so the cache never outlives the server's copy).
	ExpiresIn time.Duration
	// RefreshBefore asks for a new value this long before expiry, while the
	// current one is still served. Zero refreshes at expiry: WeCom's
	// gettoken hands back the same token until it expires, so an early
	// fetch would only spend a call.
	RefreshBefore time.Duration
}

// Fetch asks WeChat for a new value. It runs in at most one caller across
// all processes at a time.
type Fetch func(ctx context.Context) (Token, error)

// entry is stored as "<refreshAtUnixMilli>|<value>"; the key's own TTL is
// the hard expiry.
func encode(refreshAt time.Time, value string) string {
	return strconv.FormatInt(refreshAt.UnixMilli(), 10) + "|" + value
}

func decode(s string) (refreshAt time.Time, value string, ok bool) {
	ms, v, found := strings.Cut(s, "|")
	n, err := strconv.ParseInt(ms, 10, 64)
	if !found || err != nil || v == "" {
		return time.Time{}, "", false
	}
	return time.UnixMilli(n), v, true
}

// ErrTimeout means another process held the fetch lock for the whole wait
// without producing a value.
var ErrTimeout = errors.New("tokencache: timed out waiting for another process to fetch")

// Get returns the value under key, fetching it when missing or due for
// refresh. A Redis failure is returned rather than calling fetch on every
// request.
func (c *Cache) Get(ctx context.Context, key string, fetch Fetch) (string, error) {
	k := c.prefix + key
	raw, err := c.rdb.Get(ctx, k).Result()
	switch {
	case err == nil:
		refreshAt, v, ok := decode(raw)
		if ok && c.now().Before(refreshAt) {
			return v, nil
		}
		if ok {
			// Due for refresh but still valid: one caller refreshes in the
			// background of this one's request; everyone keeps the value.
			c.refreshAhead(ctx, k, raw, fetch)
			return v, nil
		}
	case !errors.Is(err, redis.Nil):
		return "", fmt.Errorf("tokencache: reading %s: %w", key, err)
	}

	ch := c.flights.DoChan(k, func() (any, error) {
		// Detached from this caller's cancellation: other callers share the
		// flight, and one impatient caller must not fail them all.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*c.timeout)
		defer cancel()
		return c.fetchLocked(fctx, k, "", fetch)
	})
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case r := <-ch:
		if r.Err != nil {
			return "", r.Err
		}
		return r.Val.(string), nil
	}
}

// refreshAhead starts a refresh unless this process or another one is
// already doing it. It never makes the caller wait.
func (c *Cache) refreshAhead(ctx context.Context, k, seen string, fetch Fetch) {
	if _, running := c.ahead.LoadOrStore(k, struct{}{}); running {
		return
	}
	go func() {
		defer c.ahead.Delete(k)
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*c.timeout)
		defer cancel()
		if _, err := c.fetchLocked(fctx, k, seen, fetch); err != nil {
			c.log.LogAttrs(fctx, slog.LevelWarn, "token refresh ahead of expiry failed; the current value is still served",
				slog.String("key", k), slog.String("error", err.Error()))
		}
	}()
}

// fetchLocked takes the cross-process lock and fetches, or waits for the
// process that holds it. stale is the raw entry the caller saw and wants
// replaced ("" when there was none): any other entry found under the lock
// is someone else's fresh result and is used as is.
func (c *Cache) fetchLocked(ctx context.Context, k, stale string, fetch Fetch) (string, error) {
	for {
		if v, ok, err := c.fresh(ctx, k, stale); err != nil || ok {
			return v, err
		}
		release, err := c.tryLock(ctx, k)
		if err != nil {
			return "", err
		}
		if release != nil {
			defer release()
			// Someone may have stored a value between our read and the lock.
			if v, ok, err := c.fresh(ctx, k, stale); err != nil || ok {
				return v, err
			}
			return c.fetchAndStore(ctx, k, fetch)
		}
		// Another process is fetching; wait for its value or its lock to go.
		if !c.pause(ctx) {
			return "", ErrTimeout
		}
	}
}

// tryLock takes k's cross-process lock (SET NX PX, living twice the fetch
// timeout so a crashed holder's lock goes by itself). It returns a release
// func when the lock is ours and nil when another caller holds it; release
// drops the lock only while it is still ours.
func (c *Cache) tryLock(ctx context.Context, k string) (release func(), err error) {
	lockKey := k + ":lock"
	owner := rand.Text()
	got, err := c.rdb.SetNX(ctx, lockKey, owner, 2*c.timeout).Result()
	if err != nil {
		return nil, fmt.Errorf("tokencache: taking lock: %w", err)
	}
	if !got {
		return nil, nil
	}
	return func() {
		if err := c.dropIfSame.Run(context.WithoutCancel(ctx), c.rdb, []string{lockKey}, owner).Err(); err != nil && !errors.Is(err, redis.Nil) {
			c.log.LogAttrs(ctx, slog.LevelWarn, "tokencache: releasing lock failed; it expires by itself",
				slog.String("key", k), slog.String("error", err.Error()))
		}
	}, nil
}

// pause waits one poll interval for the lock holder and reports false when
// ctx ended first.
func (c *Cache) pause(ctx context.Context) bool {
	t := time.NewTimer(c.poll)
	select {
	case <-ctx.Done():
		t.Stop()
		return false
	case <-t.C:
		return true
	}
}

// fresh reads k and reports a value that is not the stale one.
func (c *Cache) fresh(ctx context.Context, k, stale string) (string, bool, error) {
	raw, err := c.rdb.Get(ctx, k).Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("tokencache: reading: %w", err)
	}
	if raw == stale {
		return "", false, nil
	}
	_, v, ok := decode(raw)
	return v, ok, nil
}

func (c *Cache) fetchAndStore(ctx context.Context, k string, fetch Fetch) (string, error) {
	sent := c.now()
	fctx, cancel := context.WithTimeout(ctx, c.timeout)
	t, err := fetch(fctx)
	cancel()
	if err != nil {
		return "", err
	}
	if t.Value == "" || t.ExpiresIn <= 0 {
		return "", errors.New("tokencache: fetch returned no value or no lifetime")
	}
	refreshAt, err := c.store(ctx, k, t, sent)
	if refreshAt.IsZero() {
		// The value is already dead by our clock; hand it out once without
		// caching rather than failing the callers.
		return t.Value, nil
	}
	if err != nil {
		// The value is good; only sharing it failed.
		c.log.LogAttrs(ctx, slog.LevelWarn, "tokencache: write failed",
			slog.String("key", k), slog.String("error", err.Error()))
	}
	c.log.LogAttrs(ctx, slog.LevelInfo, "token fetched",
		slog.String("key", k), slog.Duration("expires_in", t.ExpiresIn), slog.Time("refresh_at", refreshAt))
	return t.Value, nil
}

// store writes t, fetched by a request sent at sent, under k until its
// expiry and returns when it is due for refresh. A value already dead by
// our clock is not written: the zero time and no error.
func (c *Cache) store(ctx context.Context, k string, t Token, sent time.Time) (refreshAt time.Time, err error) {
	expires := sent.Add(t.ExpiresIn)
	ttl := expires.Sub(c.now())
	if ttl <= 0 {
		return time.Time{}, nil
	}
	refreshAt = expires.Add(-t.RefreshBefore)
	if t.RefreshBefore <= 0 || t.RefreshBefore >= t.ExpiresIn {
		refreshAt = expires
	}
	return refreshAt, c.rdb.Set(ctx, k, encode(refreshAt, t.Value), ttl).Err()
}

// Put stores t under key, replacing whatever is there, for a value the
// caller fetched itself (a forced refresh that revoked the cached one).
// sent is when the caller sent the request that returned t, so expiry and
// refresh time count from it as they do for a fetch by Get. A value already
// dead by the cache's clock is not stored.
//
// Put takes the same cross-process lock as a fetch and waits for it, at
// most three fetch timeouts (then ErrTimeout) or until ctx ends: a fetch in
// flight elsewhere may have been sent before the caller's and would
// otherwise overwrite t with the value t replaced. Under the lock, t is
// written last; fetches that come after find it. Unlike Get, a Redis
// failure, the write included, is returned, since storing is all Put does.
func (c *Cache) Put(ctx context.Context, key string, t Token, sent time.Time) error {
	if t.Value == "" || t.ExpiresIn <= 0 {
		return errors.New("tokencache: put without value or lifetime")
	}
	k := c.prefix + key
	ctx, cancel := context.WithTimeoutCause(ctx, 3*c.timeout, ErrTimeout)
	defer cancel()
	for {
		release, err := c.tryLock(ctx, k)
		if err != nil {
			return err
		}
		if release != nil {
			defer release()
			refreshAt, err := c.store(ctx, k, t, sent)
			if err != nil {
				return fmt.Errorf("tokencache: writing %s: %w", key, err)
			}
			if !refreshAt.IsZero() {
				c.log.LogAttrs(ctx, slog.LevelInfo, "token stored",
					slog.String("key", k), slog.Duration("expires_in", t.ExpiresIn), slog.Time("refresh_at", refreshAt))
			}
			return nil
		}
		if !c.pause(ctx) {
			return context.Cause(ctx)
		}
	}
}

// Invalidate drops the entry under key if it still holds value, so a value
// another caller just refreshed survives. Call it when WeChat refused the
// value (40001, 40014, 42001) before fetching again.
func (c *Cache) Invalidate(ctx context.Context, key, value string) error {
	k := c.prefix + key
	raw, err := c.rdb.Get(ctx, k).Result()
	if errors.Is(err, redis.Nil) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("tokencache: reading %s: %w", key, err)
	}
	if _, v, ok := decode(raw); ok && v != value {
		return nil
	}
	if err := c.dropIfSame.Run(ctx, c.rdb, []string{k}, raw).Err(); err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("tokencache: dropping %s: %w", key, err)
	}
	return nil
}
