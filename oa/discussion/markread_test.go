package discussion_test

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/oa/discussion"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/notice/noticetest"
)

// TestMarkReadUpTo: a page marks the discussion read up to the newest reply it showed, so a reply that arrived while
// it loaded stays unread; a read time never goes back, and one in the future counts as now.
func TestMarkReadUpTo(t *testing.T) {
	env, s := newStore(t)
	tick := func() { env.Clock.Advance(time.Second) }
	// mark marks d read for Ann up to upTo and checks what it answers against her count and Get (each case has a
	// tenant of its own, so d is the only discussion counted).
	mark := func(t *testing.T, tn noticetest.Tenant, d uint64, upTo time.Time, wantUnread bool) {
		t.Helper()
		got, err := s.MarkReadUpTo(tn.Ctx, tn.Ann, d, upTo)
		if err != nil {
			t.Fatalf("MarkReadUpTo: %v", err)
		}
		g, err := s.Get(tn.Ctx, tn.Ann, d)
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.UnreadCount(tn.Ctx, tn.Ann)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if wantUnread {
			want = 1
		}
		if got.Unread != wantUnread || g.Unread != wantUnread || n != want {
			t.Errorf("after marking up to %v: answered unread %v, Get unread %v, count %d; want unread %v",
				upTo, got.Unread, g.Unread, n, wantUnread)
		}
	}

	t.Run("ReplyWhileLoading", func(t *testing.T) {
		tn := env.Tenant(t)
		sales := notice.Audience{DepartmentIDs: []uint64{tn.Sales}}
		d := mustStart(t, s, tn, tn.Admin, sales).ID
		tick()
		seen := mustReply(t, s, tn, tn.Ben, d, 0)
		tick()
		mustReply(t, s, tn, tn.Ben, d, 0) // after Ann's page loaded, before it marked the discussion read
		tick()
		mark(t, tn, d, seen.CreatedAt, true)
		latest, err := s.Get(tn.Ctx, tn.Ann, d)
		if err != nil {
			t.Fatal(err)
		}
		mark(t, tn, d, *latest.LastReplyAt, false)
		// An older page of hers marking again does not bring the reply back.
		mark(t, tn, d, seen.CreatedAt, false)
	})

	t.Run("NoReplies", func(t *testing.T) {
		tn := env.Tenant(t)
		sales := notice.Audience{DepartmentIDs: []uint64{tn.Sales}}
		d := mustStart(t, s, tn, tn.Admin, sales)
		tick()
		mark(t, tn, d.ID, d.CreatedAt, false)
		tick()
		mustReply(t, s, tn, tn.Ben, d.ID, 0)
		if g, _ := s.Get(tn.Ctx, tn.Ann, d.ID); !g.Unread {
			t.Error("a reply after the marked time should make it unread")
		}
		mark(t, tn, d.ID, time.Time{}, false) // zero: now, every reply so far
	})

	t.Run("FutureIsNow", func(t *testing.T) {
		tn := env.Tenant(t)
		sales := notice.Audience{DepartmentIDs: []uint64{tn.Sales}}
		d := mustStart(t, s, tn, tn.Admin, sales).ID
		tick()
		mark(t, tn, d, env.Clock.Now().Add(time.Hour), false)
		tick()
		mustReply(t, s, tn, tn.Ben, d, 0)
		if g, _ := s.Get(tn.Ctx, tn.Ann, d); !g.Unread {
			t.Error("marking read up to an hour ahead hid the next reply")
		}
	})

	t.Run("OldMembership", func(t *testing.T) {
		tn := env.Tenant(t)
		sales := notice.Audience{DepartmentIDs: []uint64{tn.Sales}}
		d := mustStart(t, s, tn, tn.Admin, sales)
		tick()
		mustReply(t, s, tn, tn.Ben, d.ID, 0)
		// A membership from before unread counts holds the column's far-future default: any mark replaces it.
		if err := env.DB.WithContext(tn.Ctx).Model(&discussion.Member{}).Where("discussion_id = ? AND employee_id = ?", d.ID, tn.Ann).
			Update("read_at", gorm.Expr("DEFAULT(read_at)")).Error; err != nil {
			t.Fatal(err)
		}
		tick()
		mark(t, tn, d.ID, d.CreatedAt, true)
	})

	t.Run("ErrNotMember", func(t *testing.T) {
		tn := env.Tenant(t)
		sales := notice.Audience{DepartmentIDs: []uint64{tn.Sales}}
		d := mustStart(t, s, tn, tn.Admin, sales).ID
		if _, err := s.MarkReadUpTo(tn.Ctx, tn.Cat, d, env.Clock.Now()); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("MarkReadUpTo by a non-member: %v, want not_found", err)
		}
	})
}
