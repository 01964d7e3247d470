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

// TestTakeEach: every share of an action is taken, or none: a full share refuses the action with the time left in
// its window and leaves the others untouched; many actions go in one round trip; Give returns a count.
func TestTakeEach(t *testing.T) {
	l := ratelimit.New(testkit.MustRedis(t))
	ctx := context.Background()
	corp := ratelimit.Share{Key: "take:corp", Limit: 3, Window: time.Minute}
	member := func(m string) ratelimit.Share {
		return ratelimit.Share{Key: "take:" + m, Limit: 1, Window: time.Minute}
	}
	if w := l.Take(ctx, corp, member("a")); w != 0 {
		t.Fatalf("first action waits %v", w)
	}
	// a's share is full: refused, and the corp's count is not spent by the refusal.
	if w := l.Take(ctx, corp, member("a")); w <= 0 || w > time.Minute {
		t.Fatalf("a's second action waits %v, want the time left in a's window", w)
	}
	waits := l.TakeEach(ctx, [][]ratelimit.Share{{corp, member("b")}, {corp, member("c")}, {corp, member("d")}})
	if waits[0] != 0 || waits[1] != 0 || waits[2] <= 0 {
		t.Fatalf("waits %v: want b and c taken (the corp's 2nd and 3rd), d refused by the corp's full share", waits)
	}
	l.Give(ctx, corp.Key)
	if w := l.Take(ctx, corp, member("d")); w != 0 {
		t.Errorf("after a count given back, d waits %v", w)
	}
}
