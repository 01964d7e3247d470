package survey_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/notice/noticetest"
)

// TestToVote: the badge counts the surveys waiting for the person's vote: open now, in their audience, not voted
// in. Voting takes one off; one that has not opened yet counts once it opens; one past its deadline no longer
// counts.
func TestToVote(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	count := func(who uint64) int {
		t.Helper()
		n, err := s.ToVote(tn.Ctx, who)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	now := env.Clock.Now()
	open := mustPublish(t, s, tn, input())
	later := input()
	opens, closes := now.Add(time.Hour), now.Add(3*time.Hour)
	later.OpensAt, later.ClosesAt = &opens, &closes
	mustPublish(t, s, tn, later)
	closing := input()
	soon := now.Add(2 * time.Hour)
	closing.ClosesAt = &soon
	mustPublish(t, s, tn, closing)
	dev := input()
	dev.Audience = notice.Audience{DepartmentIDs: []uint64{tn.Dev}}
	mustPublish(t, s, tn, dev)

	steps := []struct {
		name string
		act  func()
		ann  int
		cat  int
	}{
		{"Published", func() {}, 2, 3},
		{"AnnVoted", func() {
			if _, err := s.Vote(tn.Ctx, tn.Ann, open.Survey.ID, choose(open, 0)); err != nil {
				t.Fatal(err)
			}
		}, 1, 3},
		{"LaterOpened", func() { env.Clock.Advance(time.Hour) }, 2, 4},
		// The closing instant still takes votes (StateAt), so it still counts; a moment after, it does not.
		{"AtTheDeadline", func() { env.Clock.Advance(time.Hour) }, 2, 4},
		{"PastTheDeadline", func() { env.Clock.Advance(time.Microsecond) }, 1, 3},
		{"AllClosed", func() { env.Clock.Advance(time.Hour) }, 0, 2},
	}
	for _, st := range steps {
		st.act()
		if got := [2]int{count(tn.Ann), count(tn.Cat)}; got != [2]int{st.ann, st.cat} {
			t.Errorf("%s: Ann and Cat have %v to vote, want [%d %d]", st.name, got, st.ann, st.cat)
		}
	}
	if n, err := s.ToVote(env.Tenant(t).Ctx, tn.Cat); err != nil || n != 0 {
		t.Errorf("Cat's id in another tenant: %d to vote (%v), want 0", n, err)
	}
}

// TestSearch: a keyword keeps the viewer's surveys whose title contains it, page by page with the matches as the
// total; surveys for others never match.
func TestSearch(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	publish := func(title string, a notice.Audience) uint64 {
		in := input()
		in.Title, in.Audience = title, a
		return mustPublish(t, s, tn, in).Survey.ID
	}
	all := notice.Audience{All: true}
	lunch := publish("午餐 Lunch 调查", all)
	party := publish("年会形式调查", all)
	publish("研发午餐", notice.Audience{DepartmentIDs: []uint64{tn.Dev}}) // not Ann's
	for _, tc := range []struct {
		name, keyword string
		want          []uint64
	}{
		{"All", "", []uint64{party, lunch}},
		{"Substring", "午餐", []uint64{lunch}},
		{"CaseInsensitive", "lunch", []uint64{lunch}},
		{"Both", "调查", []uint64{party, lunch}},
		{"NoMatch", "%", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := noticetest.CollectPages(t, len(tc.want), func(after string) (noticetest.Page, error) {
				p, err := s.Search(tn.Ctx, tn.Ann, tc.keyword, 1, after)
				out := noticetest.Page{Total: p.TotalCount, EndCursor: p.EndCursor, HasNext: p.HasNext}
				for _, e := range p.Entries {
					out.IDs = append(out.IDs, e.Survey.ID)
				}
				return out, err
			})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("matches (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := s.Search(tn.Ctx, tn.Ann, strings.Repeat("长", 51), 10, ""); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("a keyword of 51 characters: err = %v, want invalid", err)
	}
}
