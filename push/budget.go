package push

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/qiao-hq/qiao/ratelimit"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// WeCom counts calls per corp and API, whichever process makes them: beyond 10,000 message/send calls a minute it
// answers 45009 and bans the corp's sends for a while (and beyond 150,000 an hour), and it silently drops a member's messages from one app beyond
// 30 a minute and 1,000 an hour. Every worker and server takes its share from one count in Redis before a call, so
// a burst is spread out instead of refused, and a member's 31st card waits instead of being lost.
// The shares are logs of the last window (ratelimit.Take), so no span of a minute ever holds more than the limit,
// whichever minute WeCom counts.

// Limiter counts actions in windows shared by every process; *ratelimit.Limiter implements it.
type Limiter interface {
	TakeEach(ctx context.Context, actions [][]ratelimit.Share) []time.Duration
	Give(ctx context.Context, keys ...string)
}

// Budget is how much of WeCom's limits Qiao spends; zero fields take the defaults.
type Budget struct {
	// CorpPerMinute is the message/send calls of one corp in any minute (default 9,000: WeCom allows 10,000, and
	// other software of the company may call too).
	CorpPerMinute int
	// CorpPerHour is the message/send calls of one corp in any hour (default 135,000 of WeCom's 150,000).
	CorpPerHour int
	// MemberPerMinute and MemberPerHour are one app's cards to a member in any minute and hour (default 30 and
	// 1,000, WeCom's).
	MemberPerMinute, MemberPerHour int
}

func (b Budget) withDefaults() Budget {
	if b.CorpPerMinute <= 0 {
		b.CorpPerMinute = 9000
	}
	if b.CorpPerHour <= 0 {
		b.CorpPerHour = 135000
	}
	if b.MemberPerMinute <= 0 {
		b.MemberPerMinute = 30
	}
	if b.MemberPerHour <= 0 {
		b.MemberPerHour = 1000
	}
	return b
}

// limiterTimeout bounds the budget's round trip: a Redis that hangs must not eat the attempt's time, and lets the
// call through like a Redis that is down.
const limiterTimeout = 300 * time.Millisecond

// corpShares are a corp's message/send calls in a minute and in an hour.
func corpShares(b Budget, app wecom.App) []ratelimit.Share {
	k := "wecom:send:" + app.CorpID
	return []ratelimit.Share{{Key: k, Limit: b.CorpPerMinute, Window: time.Minute},
		{Key: k + ":h", Limit: b.CorpPerHour, Window: time.Hour}}
}

func memberShares(b Budget, app wecom.App, member string) []ratelimit.Share {
	m := fmt.Sprintf("wecom:member:%s:%d:%s", app.CorpID, app.AgentID, strings.ToLower(member))
	return []ratelimit.Share{{Key: m + ":m", Limit: b.MemberPerMinute, Window: time.Minute},
		{Key: m + ":h", Limit: b.MemberPerHour, Window: time.Hour}}
}

// jittered spreads the cards that waited for one window over its first moments, so they do not all come back in
// the same millisecond.
func jittered(d time.Duration) time.Duration {
	return d + time.Duration(rand.Int64N(int64(d/5)+1))
}

// spend takes one message/send call from app's corp and one card from member's shares, all or none: it returns
// how long to wait when one is spent (nothing taken), 0 to go. Without a Limiter nothing is counted.
func (s *Service) spend(ctx context.Context, app wecom.App, member string) time.Duration {
	if s.d.Limiter == nil {
		return 0
	}
	b := s.d.Budget.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, limiterTimeout)
	defer cancel()
	if w := s.d.Limiter.TakeEach(ctx, [][]ratelimit.Share{append(corpShares(b, app), memberShares(b, app, member)...)})[0]; w > 0 {
		return jittered(w)
	}
	return 0
}

// refund gives back what spend took for a call WeCom refused before sending anything.
func (s *Service) refund(ctx context.Context, app wecom.App, members ...string) {
	if s.d.Limiter == nil {
		return
	}
	b := s.d.Budget.withDefaults()
	var keys []string
	for _, sh := range corpShares(b, app) {
		keys = append(keys, sh.Key)
	}
	for _, m := range members {
		for _, sh := range memberShares(b, app, m) {
			keys = append(keys, sh.Key)
		}
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), limiterTimeout)
	defer cancel()
	s.d.Limiter.Give(ctx, keys...)
}

// spendBatch takes a batch's call from app's corp and, for each of members, one card from their shares: it returns
// how long the corp's share makes the whole batch wait (nothing taken), or which members' shares are spent (those
// are not counted, and go alone; the others are).
func (s *Service) spendBatch(ctx context.Context, app wecom.App, members []string) (time.Duration, []bool) {
	spent := make([]bool, len(members))
	if s.d.Limiter == nil {
		return 0, spent
	}
	b := s.d.Budget.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, limiterTimeout)
	defer cancel()
	if w := s.d.Limiter.TakeEach(ctx, [][]ratelimit.Share{corpShares(b, app)})[0]; w > 0 {
		return jittered(w), spent
	}
	actions := make([][]ratelimit.Share, len(members))
	for i, m := range members {
		actions[i] = memberShares(b, app, m)
	}
	for i, w := range s.d.Limiter.TakeEach(ctx, actions) {
		spent[i] = w > 0
	}
	return 0, spent
}
