package push

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// WeCom counts calls per corp and API, whichever process makes them: beyond 10,000 message/send calls a minute it
// answers 45009 and bans the corp's sends for a while, and it silently drops a member's messages from one app beyond
// 30 a minute and 1,000 an hour. Every worker and server takes its share from one count in Redis before a call, so
// a burst is spread out instead of refused, and a member's 31st card waits for the next minute instead of being lost.

// Limiter counts actions per key in windows shared by every process; *ratelimit.Limiter implements it.
type Limiter interface {
	Allow(ctx context.Context, key string, limit int, window time.Duration, message string) error
	AllowMany(ctx context.Context, keys []string, limit int, window time.Duration) []time.Duration
}

// Budget is how much of WeCom's limits Qiao spends; zero fields take the defaults.
type Budget struct {
	// CorpPerMinute is the message/send calls a minute of one corp (default 9,000: WeCom allows 10,000, and other
	// software of the company may call too).
	CorpPerMinute int
	// MemberPerMinute and MemberPerHour are one app's cards a member (default 30 and 1,000, WeCom's).
	MemberPerMinute, MemberPerHour int
}

func (b Budget) withDefaults() Budget {
	if b.CorpPerMinute <= 0 {
		b.CorpPerMinute = 9000
	}
	if b.MemberPerMinute <= 0 {
		b.MemberPerMinute = 30
	}
	if b.MemberPerHour <= 0 {
		b.MemberPerHour = 1000
	}
	return b
}

// spend takes one message/send call from app's corp, and one card from member's share (none for a batch's call,
// "" member): it returns how long to wait when a share is spent, 0 to go. Without a Limiter nothing is counted.
func (s *Service) spend(ctx context.Context, app wecom.App, member string) time.Duration {
	if s.d.Limiter == nil {
		return 0
	}
	b := s.d.Budget.withDefaults()
	type share struct {
		key    string
		limit  int
		window time.Duration
	}
	checks := []share{{fmt.Sprintf("wecom:send:%s", app.CorpID), b.CorpPerMinute, time.Minute}}
	if member != "" {
		m := memberKey(app, member)
		checks = append(checks, share{m + ":m", b.MemberPerMinute, time.Minute}, share{m + ":h", b.MemberPerHour, time.Hour})
	}
	for _, c := range checks {
		err := s.d.Limiter.Allow(ctx, c.key, c.limit, c.window, "")
		var ae *apperr.Error
		if errors.As(err, &ae) && ae.Code == apperr.RateLimited {
			return max(ae.RetryAfter, time.Second)
		}
	}
	return 0
}

// memberKey is the count of app's cards to member.
func memberKey(app wecom.App, member string) string {
	return fmt.Sprintf("wecom:member:%s:%d:%s", app.CorpID, app.AgentID, strings.ToLower(member))
}

// spendMembers takes one card from each of members' shares (a batch's people, in one round trip) and reports
// which have none left this minute or hour: they wait, alone, instead of being dropped by WeCom.
func (s *Service) spendMembers(ctx context.Context, app wecom.App, members []string) []bool {
	spent := make([]bool, len(members))
	if s.d.Limiter == nil {
		return spent
	}
	b := s.d.Budget.withDefaults()
	keys := make([]string, len(members))
	for i, m := range members {
		keys[i] = memberKey(app, m)
	}
	suffixed := func(suffix string) []string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = k + suffix
		}
		return out
	}
	perMinute := s.d.Limiter.AllowMany(ctx, suffixed(":m"), b.MemberPerMinute, time.Minute)
	perHour := s.d.Limiter.AllowMany(ctx, suffixed(":h"), b.MemberPerHour, time.Hour)
	for i := range members {
		spent[i] = perMinute[i] > 0 || perHour[i] > 0
	}
	return spent
}
