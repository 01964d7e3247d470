package ratelimit_test

import (
	"context"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/ratelimit"
	"github.com/qiao-hq/qiao/testkit"
)

// TestAllow: a key gets limit actions a window; the next is refused rate_limited with the time left in the window,
// another key is counted apart, and a new window starts afresh.
func TestAllow(t *testing.T) {
	l := ratelimit.New(testkit.MustRedis(t))
	ctx := context.Background()
	const window = 400 * time.Millisecond
	for i := range 3 {
		if err := l.Allow(ctx, "a", 3, window, "wait %d s"); err != nil {
			t.Fatalf("action %d: %v", i+1, err)
		}
	}
	err := l.Allow(ctx, "a", 3, window, "wait %d s")
	var ae *apperr.Error
	if !apperr.Is(err, apperr.RateLimited) {
		t.Fatalf("action 4: %v, want rate_limited", err)
	}
	if ae = err.(*apperr.Error); ae.RetryAfter <= 0 || ae.RetryAfter > window || ae.Msg != "wait 1 s" {
		t.Errorf("refusal %+v: want a wait within the window and the message with its seconds", ae)
	}
	if err := l.Allow(ctx, "b", 3, window, ""); err != nil {
		t.Errorf("another key: %v", err)
	}
	time.Sleep(ae.RetryAfter + 50*time.Millisecond)
	if err := l.Allow(ctx, "a", 3, window, ""); err != nil {
		t.Errorf("after the window: %v", err)
	}
}

// TestAllowMany: many keys counted in one round trip, each as Allow counts it: the ones over the limit get the time
// left in their window, the others 0.
func TestAllowMany(t *testing.T) {
	l := ratelimit.New(testkit.MustRedis(t))
	ctx := context.Background()
	if err := l.Allow(ctx, "many:a", 1, time.Minute, "x"); err != nil {
		t.Fatal(err)
	}
	waits := l.AllowMany(ctx, []string{"many:a", "many:b", "many:b"}, 1, time.Minute)
	if len(waits) != 3 || waits[0] <= 0 || waits[0] > time.Minute || waits[1] != 0 || waits[2] <= 0 {
		t.Errorf("waits %v, want a over (its second), b's first allowed, b's second over", waits)
	}
	if err := l.Allow(ctx, "many:b", 1, time.Minute, "x"); !apperr.Is(err, apperr.RateLimited) {
		t.Errorf("Allow after AllowMany counted b twice: %v, want rate_limited", err)
	}
}
