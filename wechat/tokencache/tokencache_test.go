package tokencache_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/goleak"

	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/tokencache"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fetcher counts fetches and hands out "v1", "v2", … .
type fetcher struct {
	n       atomic.Int64
	life    time.Duration
	before  time.Duration
	delay   time.Duration
	failing atomic.Bool
	// gate, when set, holds every fetch after the first until it is closed.
	gate chan struct{}
}

func (f *fetcher) fetch(ctx context.Context) (tokencache.Token, error) {
	n := f.n.Add(1)
	if f.gate != nil && n > 1 {
		select {
		case <-f.gate:
		case <-ctx.Done():
			return tokencache.Token{}, ctx.Err()
		}
	}
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-ctx.Done():
			return tokencache.Token{}, ctx.Err()
		}
	}
	if f.failing.Load() {
		return tokencache.Token{}, errors.New("wechat said no")
	}
	return tokencache.Token{Value: fmt.Sprintf("v%d", n), ExpiresIn: f.life, RefreshBefore: f.before}, nil
}

// processes returns n caches over one Redis database: separate in-process
// flights, as separate processes would have.
func processes(rdb redis.UniversalClient, n int, opts tokencache.Options) []*tokencache.Cache {
	cs := make([]*tokencache.Cache, n)
	for i := range cs {
		cs[i] = tokencache.New(rdb, opts)
	}
	return cs
}

func TestOneFetchAcrossProcesses(t *testing.T) {
	rdb := testkit.MustRedis(t)
	f := &fetcher{life: time.Hour, delay: 50 * time.Millisecond}
	caches := processes(rdb, 4, tokencache.Options{Prefix: "t:"})
	var wg sync.WaitGroup
	got := make(chan string, 800)
	for _, c := range caches {
		for range 200 {
			wg.Go(func() {
				v, err := c.Get(context.Background(), "wecom:token:corp:abc", f.fetch)
				if err != nil {
					t.Error(err)
				}
				got <- v
			})
		}
	}
	wg.Wait()
	close(got)
	for v := range got {
		if v != "v1" {
			t.Fatalf("a caller got %q, want v1", v)
		}
	}
	if n := f.n.Load(); n != 1 {
		t.Errorf("%d fetches for 800 callers in 4 processes, want 1", n)
	}
	if ttl := rdb.TTL(context.Background(), "t:wecom:token:corp:abc").Val(); ttl < 59*time.Minute || ttl > time.Hour {
		t.Errorf("entry TTL = %v, want the token's life", ttl)
	}
}

func TestExpiryFetchesOnce(t *testing.T) {
	rdb := testkit.MustRedis(t)
	f := &fetcher{life: 300 * time.Millisecond}
	caches := processes(rdb, 2, tokencache.Options{})
	ctx := context.Background()
	if v, _ := caches[0].Get(ctx, "k", f.fetch); v != "v1" {
		t.Fatalf("first value %q", v)
	}
	if v, _ := caches[1].Get(ctx, "k", f.fetch); v != "v1" {
		t.Fatalf("second process got %q, want the cached v1", v)
	}
	time.Sleep(400 * time.Millisecond)
	var wg sync.WaitGroup
	for _, c := range caches {
		for range 50 {
			wg.Go(func() {
				if v, err := c.Get(ctx, "k", f.fetch); err != nil || v != "v2" {
					t.Errorf("after expiry got %q, %v; want v2", v, err)
				}
			})
		}
	}
	wg.Wait()
	if n := f.n.Load(); n != 2 {
		t.Errorf("fetches = %d, want 2 (one per lifetime)", n)
	}
}

func TestRefreshAhead(t *testing.T) {
	rdb := testkit.MustRedis(t)
	clk := testkit.NewClock(time.Now())
	// The refresh is held until every caller has its answer: a caller that waited for it would never return, and
	// the test would time out instead of passing on a fast machine only.
	f := &fetcher{life: time.Hour, before: 10 * time.Minute, gate: make(chan struct{})}
	caches := processes(rdb, 3, tokencache.Options{Now: clk.Now})
	ctx := context.Background()
	if v, _ := caches[0].Get(ctx, "k", f.fetch); v != "v1" {
		t.Fatalf("first value %q", v)
	}
	clk.Advance(51 * time.Minute) // inside the refresh window

	// Everyone keeps getting v1 at once while one refresh runs.
	var wg sync.WaitGroup
	for _, c := range caches {
		for range 100 {
			wg.Go(func() {
				if v, err := c.Get(ctx, "k", f.fetch); err != nil || v != "v1" {
					t.Errorf("during refresh got %q, %v; want v1", v, err)
				}
			})
		}
	}
	wg.Wait()
	close(f.gate)
	deadline := time.Now().Add(5 * time.Second)
	for {
		v, err := caches[2].Get(ctx, "k", f.fetch)
		if err != nil {
			t.Fatal(err)
		}
		if v == "v2" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the refreshed value never arrived")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := f.n.Load(); n != 2 {
		t.Errorf("fetches = %d, want 2 (the first and one refresh)", n)
	}
}

func TestCrashedFetcherLockExpires(t *testing.T) {
	rdb := testkit.MustRedis(t)
	ctx := context.Background()
	// A process took the lock and died.
	if err := rdb.Set(ctx, "qiao:k:lock", "dead", 300*time.Millisecond).Err(); err != nil {
		t.Fatal(err)
	}
	f := &fetcher{life: time.Hour}
	c := tokencache.New(rdb, tokencache.Options{FetchTimeout: 150 * time.Millisecond})
	start := time.Now()
	v, err := c.Get(ctx, "k", f.fetch)
	if err != nil || v != "v1" {
		t.Fatalf("Get = %q, %v; want v1 once the dead lock expired", v, err)
	}
	if waited := time.Since(start); waited < 250*time.Millisecond {
		t.Errorf("fetched after %v, before the other process's lock expired", waited)
	}
}

func TestFetchErrorNotCached(t *testing.T) {
	rdb := testkit.MustRedis(t)
	ctx := context.Background()
	f := &fetcher{life: time.Hour}
	f.failing.Store(true)
	c := tokencache.New(rdb, tokencache.Options{})
	if _, err := c.Get(ctx, "k", f.fetch); err == nil || !strings.Contains(err.Error(), "wechat said no") {
		t.Fatalf("err = %v, want the fetch's error", err)
	}
	if n := rdb.Exists(ctx, "qiao:k", "qiao:k:lock").Val(); n != 0 {
		t.Errorf("%d keys left after a failed fetch, want none (no value, lock released)", n)
	}
	f.failing.Store(false)
	if v, err := c.Get(ctx, "k", f.fetch); err != nil || v != "v2" {
		t.Errorf("after recovery Get = %q, %v; want v2", v, err)
	}
}

func TestInvalidate(t *testing.T) {
	rdb := testkit.MustRedis(t)
	ctx := context.Background()
	f := &fetcher{life: time.Hour}
	c := tokencache.New(rdb, tokencache.Options{})
	if v, _ := c.Get(ctx, "k", f.fetch); v != "v1" {
		t.Fatal(v)
	}
	// A caller refused with an older value must not drop the current one.
	if err := c.Invalidate(ctx, "k", "v0"); err != nil {
		t.Fatal(err)
	}
	if v, _ := c.Get(ctx, "k", f.fetch); v != "v1" {
		t.Errorf("after invalidating another value got %q, want v1 kept", v)
	}
	if err := c.Invalidate(ctx, "k", "v1"); err != nil {
		t.Fatal(err)
	}
	if v, _ := c.Get(ctx, "k", f.fetch); v != "v2" {
		t.Errorf("after invalidating v1 got %q, want a fresh v2", v)
	}
	if err := c.Invalidate(ctx, "missing", "x"); err != nil {
		t.Errorf("invalidating a missing key: %v", err)
	}
}

func TestRedisDown(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialTimeout: 100 * time.Millisecond})
	defer rdb.Close()
	f := &fetcher{life: time.Hour}
	_, err := tokencache.New(rdb, tokencache.Options{}).Get(context.Background(), "k", f.fetch)
	if err == nil {
		t.Fatal("Get succeeded without Redis")
	}
	if n := f.n.Load(); n != 0 {
		t.Errorf("fetched %d times without a shared cache, want 0", n)
	}
}

func TestCallerContext(t *testing.T) {
	rdb := testkit.MustRedis(t)
	f := &fetcher{life: time.Hour, delay: 300 * time.Millisecond}
	c := tokencache.New(rdb, tokencache.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.Get(ctx, "k", f.fetch); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the caller's deadline", err)
	}
	// The flight went on for the others and cached its value.
	v, err := c.Get(context.Background(), "k", f.fetch)
	if err != nil || v != "v1" || f.n.Load() != 1 {
		t.Errorf("Get = %q, %v after %d fetches; want v1 from the one flight", v, err, f.n.Load())
	}
}

func TestKey(t *testing.T) {
	a := tokencache.Key("wecom:token", "ww1", "secret-a")
	b := tokencache.Key("wecom:token", "ww1", "secret-b")
	if a == b {
		t.Error("two secrets of one corp share a key")
	}
	if strings.Contains(a, "secret-a") || !strings.HasPrefix(a, "wecom:token:ww1:") {
		t.Errorf("Key = %q, want kind:account:hash without the secret", a)
	}
}
