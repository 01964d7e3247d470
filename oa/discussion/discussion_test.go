package discussion_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/oa/discussion"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/notice/noticetest"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/testkit"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

func newStore(t *testing.T) (*noticetest.Env, *discussion.Store) {
	t.Helper()
	env := noticetest.New(t, dsn)
	return env, discussion.NewStore(env.DB, env.Dir, env.Clock.Now)
}

func mustStart(t *testing.T, s *discussion.Store, tn noticetest.Tenant, author uint64, a notice.Audience) discussion.Discussion {
	t.Helper()
	d, err := s.Start(tn.Ctx, author, discussion.StartInput{Title: "周末团建去哪", Body: "<p>大家说说</p>", Audience: a})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	return d
}

func mustReply(t *testing.T, s *discussion.Store, tn noticetest.Tenant, who, id uint64, quote uint64) discussion.Reply {
	t.Helper()
	r, err := s.Reply(tn.Ctx, who, id, discussion.ReplyInput{Body: fmt.Sprint("回复 from ", who), QuoteID: quote})
	if err != nil {
		t.Fatalf("reply: %v", err)
	}
	return r
}

// pushes returns the recipients of each message of kind for discussion id, keyed by reply id (0 for the start),
// checking every dedup key.
func pushes(t *testing.T, env *noticetest.Env, tn noticetest.Tenant, kind string, id uint64) map[uint64][]uint64 {
	t.Helper()
	out := map[uint64][]uint64{}
	for _, m := range env.Outbox(t, tn.Ctx, kind) {
		var p outbox.PublishedPayload
		if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
			t.Fatal(err)
		}
		if p.ItemID != id {
			continue
		}
		want := fmt.Sprintf("discussion:%d:to:%d", id, p.ToID)
		if kind == outbox.KindDiscussionReplied {
			want = fmt.Sprintf("discussion:%d:reply:%d:to:%d", id, p.ReplyID, p.ToID)
		}
		if m.DedupKey != want {
			t.Errorf("dedup key %q, want %q", m.DedupKey, want)
		}
		out[p.ReplyID] = append(out[p.ReplyID], p.ToID)
	}
	for k := range out {
		slices.Sort(out[k])
	}
	return out
}

// TestStart: members are the audience plus the author; each member but the author gets a push; outsiders and other
// tenants see nothing; any employee may start one.
func TestStart(t *testing.T) {
	env, s := newStore(t)
	tn, other := env.Tenant(t), env.Tenant(t)
	// Cat (Dev) starts a discussion for Sales: she is a member as its author though not in the audience.
	d := mustStart(t, s, tn, tn.Cat, notice.Audience{DepartmentIDs: []uint64{tn.Sales}})
	if d.MemberCount != 3 {
		t.Errorf("members %d, want 3 (Ann, Ben, Cat)", d.MemberCount)
	}
	if diff := cmp.Diff(map[uint64][]uint64{0: tn.SalesActiveIDs}, pushes(t, env, tn, outbox.KindDiscussionPublished, d.ID)); diff != "" {
		t.Errorf("start pushes (-want +got):\n%s", diff)
	}
	for _, who := range []uint64{tn.Ann, tn.Ben, tn.Cat} {
		if _, err := s.Get(tn.Ctx, who, d.ID); err != nil {
			t.Errorf("member %d: %v", who, err)
		}
	}
	for _, who := range []uint64{tn.Admin, tn.Gone} {
		if _, err := s.Get(tn.Ctx, who, d.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("outsider %d sees it: %v", who, err)
		}
	}
	parts, err := s.Participants(tn.Ctx, tn.Ann, d.ID)
	if err != nil || !slices.Equal(parts, []uint64{tn.Cat}) {
		t.Errorf("participants %v %v, want the author only", parts, err)
	}
	if _, err := s.Get(other.Ctx, tn.Ann, d.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another tenant sees it: %v", err)
	}
	if _, err := s.Reply(other.Ctx, other.Ann, d.ID, discussion.ReplyInput{Body: "hi"}); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another tenant replies: %v", err)
	}
	if p, err := s.List(other.Ctx, tn.Ann, 10, ""); err != nil || p.TotalCount != 0 {
		t.Errorf("another tenant's list %+v %v", p, err)
	}
	if n := len(env.Outbox(t, other.Ctx, outbox.KindDiscussionPublished)); n != 0 {
		t.Errorf("%d pushes in the other tenant", n)
	}
}

// TestStartInvalid: bad input is invalid naming its field, and nothing is written.
func TestStartInvalid(t *testing.T) {
	env, s := newStore(t)
	tn, other := env.Tenant(t), env.Tenant(t)
	all := notice.Audience{All: true}
	tests := []struct {
		name  string
		in    discussion.StartInput
		field string
	}{
		{"NoTitle", discussion.StartInput{Body: "b", Audience: all}, "title"},
		{"NoBody", discussion.StartInput{Title: "t", Body: "<script></script>", Audience: all}, "body"},
		{"NoAudience", discussion.StartInput{Title: "t", Body: "b"}, "audience"},
		{"OtherTenantsDepartment", discussion.StartInput{Title: "t", Body: "b", Audience: notice.Audience{DepartmentIDs: []uint64{other.Sales}}}, "departmentIds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Start(tn.Ctx, tn.Ann, tt.in)
			var ae *apperr.Error
			if !apperr.Is(err, apperr.Invalid) || !errors.As(err, &ae) || ae.Field != tt.field {
				t.Fatalf("err = %v, want invalid on %s", err, tt.field)
			}
		})
	}
	for _, model := range []any{&discussion.Discussion{}, &discussion.Member{}, &discussion.Participant{}, &outbox.Message{}} {
		if n := env.Count(t, tn.Ctx, model); n != 0 {
			t.Errorf("%T: %d rows written", model, n)
		}
	}
}

// TestReplyNotifiesParticipants: each reply is pushed to the participants but the replier; replying makes one a
// participant; members who never replied are not told of replies.
func TestReplyNotifiesParticipants(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	d := mustStart(t, s, tn, tn.Admin, notice.Audience{All: true})
	r1 := mustReply(t, s, tn, tn.Ann, d.ID, 0)     // told: Admin
	r2 := mustReply(t, s, tn, tn.Ben, d.ID, r1.ID) // told: Admin, Ann
	r3 := mustReply(t, s, tn, tn.Ann, d.ID, 0)     // told: Admin, Ben
	r4 := mustReply(t, s, tn, tn.Admin, d.ID, 0)   // told: Ann, Ben
	want := map[uint64][]uint64{
		r1.ID: {tn.Admin},
		r2.ID: sorted(tn.Admin, tn.Ann),
		r3.ID: sorted(tn.Admin, tn.Ben),
		r4.ID: sorted(tn.Ann, tn.Ben),
	}
	if diff := cmp.Diff(want, pushes(t, env, tn, outbox.KindDiscussionReplied, d.ID)); diff != "" {
		t.Errorf("reply pushes (-want +got):\n%s", diff)
	}
	parts, err := s.Participants(tn.Ctx, tn.Cat, d.ID)
	if err != nil || !slices.Equal(parts, sorted(tn.Admin, tn.Ann, tn.Ben)) {
		t.Errorf("participants %v %v", parts, err)
	}
	got, err := s.Get(tn.Ctx, tn.Cat, d.ID)
	if err != nil || got.ReplyCount != 4 || got.LastReplyAt == nil {
		t.Errorf("discussion after replies %+v %v", got, err)
	}
}

func sorted(ids ...uint64) []uint64 {
	slices.Sort(ids)
	return ids
}

// TestConcurrentReplies: two people replying at once to a discussion: whichever commits second tells the first,
// so the first replier never misses the second's reply.
func TestConcurrentReplies(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	for round := range 5 {
		d := mustStart(t, s, tn, tn.Admin, notice.Audience{All: true})
		var wg sync.WaitGroup
		for _, who := range []uint64{tn.Ann, tn.Ben} {
			wg.Go(func() {
				if _, err := s.Reply(tn.Ctx, who, d.ID, discussion.ReplyInput{Body: "同时"}); err != nil {
					t.Errorf("reply: %v", err)
				}
			})
		}
		wg.Wait()
		total, cross := 0, 0
		for _, to := range pushes(t, env, tn, outbox.KindDiscussionReplied, d.ID) {
			total += len(to)
			for _, id := range to {
				if id != tn.Admin {
					cross++
				}
			}
		}
		if total != 3 || cross != 1 {
			t.Errorf("round %d: %d reply pushes, %d between the repliers; want 3 and 1", round, total, cross)
		}
	}
}

// TestQuote: a reply may quote an earlier reply of the same discussion, shown with it; quoting another
// discussion's reply or no reply is invalid and writes nothing.
func TestQuote(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	d := mustStart(t, s, tn, tn.Admin, notice.Audience{All: true})
	elsewhere := mustStart(t, s, tn, tn.Admin, notice.Audience{All: true})
	r1 := mustReply(t, s, tn, tn.Ann, d.ID, 0)
	foreign := mustReply(t, s, tn, tn.Ann, elsewhere.ID, 0)
	r2 := mustReply(t, s, tn, tn.Ben, d.ID, r1.ID)

	for name, quote := range map[string]uint64{"OtherDiscussion": foreign.ID, "Unknown": r2.ID + 100} {
		t.Run(name, func(t *testing.T) {
			before := env.Count(t, tn.Ctx, &discussion.Reply{}) + env.Count(t, tn.Ctx, &outbox.Message{})
			_, err := s.Reply(tn.Ctx, tn.Cat, d.ID, discussion.ReplyInput{Body: "引用", QuoteID: quote})
			var ae *apperr.Error
			if !apperr.Is(err, apperr.Invalid) || !errors.As(err, &ae) || ae.Field != "quoteId" {
				t.Fatalf("err = %v, want invalid on quoteId", err)
			}
			if after := env.Count(t, tn.Ctx, &discussion.Reply{}) + env.Count(t, tn.Ctx, &outbox.Message{}); after != before {
				t.Errorf("%d rows written by a refused reply", after-before)
			}
			if parts, _ := s.Participants(tn.Ctx, tn.Cat, d.ID); slices.Contains(parts, tn.Cat) {
				t.Error("a refused reply made its author a participant")
			}
		})
	}

	page, err := s.Replies(tn.Ctx, tn.Cat, d.ID, 10, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Replies) != 2 || page.TotalCount != 2 {
		t.Fatalf("replies %+v", page)
	}
	if page.Replies[0].Quote != nil || page.Replies[1].Quote == nil || page.Replies[1].Quote.ID != r1.ID ||
		page.Replies[1].Quote.Body != r1.Body {
		t.Errorf("quotes: %+v / %+v", page.Replies[0].Quote, page.Replies[1].Quote)
	}
}

// TestReplyRefused: only members reply, with a body; the sanitiser strips scripts from replies too.
func TestReplyRefused(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	d := mustStart(t, s, tn, tn.Ann, notice.Audience{DepartmentIDs: []uint64{tn.Sales}})
	_, err := s.Reply(tn.Ctx, tn.Cat, d.ID, discussion.ReplyInput{Body: "我不在范围内"})
	noticetest.WantCode(t, err, apperr.NotFound)
	_, err = s.Reply(tn.Ctx, tn.Ben, d.ID, discussion.ReplyInput{Body: "  <script>x()</script> "})
	noticetest.WantCode(t, err, apperr.Invalid)
	_, err = s.Reply(tn.Ctx, tn.Ben, d.ID, discussion.ReplyInput{Body: strings.Repeat("字", discussion.MaxReplyBytes)})
	noticetest.WantCode(t, err, apperr.Invalid)
	_, err = s.Reply(tn.Ctx, tn.Ben, d.ID+100, discussion.ReplyInput{Body: "x"})
	noticetest.WantCode(t, err, apperr.NotFound)
	r := mustReply(t, s, tn, tn.Ben, d.ID, 0)
	if r.Body != fmt.Sprint("回复 from ", tn.Ben) {
		t.Errorf("body %q", r.Body)
	}
	if n := env.Count(t, tn.Ctx, &discussion.Reply{}); n != 1 {
		t.Errorf("%d replies, want 1", n)
	}
}

// TestReplyAtomic: when the pushes cannot be written, the reply, its count and the new participant are not either.
func TestReplyAtomic(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	d := mustStart(t, s, tn, tn.Admin, notice.Audience{All: true})
	env.FailInserts(t, "outbox")
	if _, err := s.Reply(tn.Ctx, tn.Ann, d.ID, discussion.ReplyInput{Body: "失败"}); !apperr.Is(err, apperr.Internal) {
		t.Fatalf("reply: %v, want internal", err)
	}
	got, err := s.Get(tn.Ctx, tn.Ann, d.ID)
	if err != nil || got.ReplyCount != 0 || got.LastReplyAt != nil {
		t.Errorf("discussion %+v %v", got, err)
	}
	if n := env.Count(t, tn.Ctx, &discussion.Reply{}); n != 0 {
		t.Errorf("%d replies left behind", n)
	}
	if parts, _ := s.Participants(tn.Ctx, tn.Ann, d.ID); !slices.Equal(parts, []uint64{tn.Admin}) {
		t.Errorf("participants %v", parts)
	}
}

// TestStartAtomic: a failure writing the author as participant leaves no discussion, member or push.
func TestStartAtomic(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	env.FailInserts(t, "discussion_participants")
	_, err := s.Start(tn.Ctx, tn.Admin, discussion.StartInput{Title: "t", Body: "b", Audience: notice.Audience{All: true}})
	noticetest.WantCode(t, err, apperr.Internal)
	for _, model := range []any{&discussion.Discussion{}, &discussion.Member{}, &outbox.Message{}} {
		if n := env.Count(t, tn.Ctx, model); n != 0 {
			t.Errorf("%T: %d rows left behind", model, n)
		}
	}
}

// TestLists: a person's discussions newest first, and a discussion's replies oldest first, page by page.
func TestLists(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	var want []uint64
	for i := range 5 {
		a := notice.Audience{All: true}
		if i == 1 {
			a = notice.Audience{DepartmentIDs: []uint64{tn.Dev}}
		}
		d := mustStart(t, s, tn, tn.Admin, a)
		if i != 1 {
			want = append([]uint64{d.ID}, want...)
		}
	}
	var got []uint64
	after := ""
	for range 5 {
		p, err := s.List(tn.Ctx, tn.Ann, 2, after)
		if err != nil {
			t.Fatal(err)
		}
		if p.TotalCount != 4 {
			t.Errorf("total %d, want 4", p.TotalCount)
		}
		for _, d := range p.Discussions {
			got = append(got, d.ID)
		}
		if !p.HasNext {
			break
		}
		after = p.EndCursor
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}

	d := want[0]
	var replies []uint64
	for range 5 {
		replies = append(replies, mustReply(t, s, tn, tn.Ann, d, 0).ID)
	}
	var seen []uint64
	after = ""
	for range 5 {
		p, err := s.Replies(tn.Ctx, tn.Ben, d, 2, after)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Replies {
			seen = append(seen, r.ID)
		}
		if !p.HasNext {
			break
		}
		after = p.EndCursor
	}
	if diff := cmp.Diff(replies, seen); diff != "" {
		t.Errorf("replies (-want +got):\n%s", diff)
	}
	if _, err := s.Replies(tn.Ctx, tn.Gone, d, 2, ""); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("outsider reads replies: %v", err)
	}
}
