package discussion_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/oa/discussion"
	"github.com/qiao-hq/qiao/oa/notice"
)

// TestUnread: a discussion is unread for a member until they open it (MarkReadUpTo) and again after someone else
// replies; their own reply or start never makes it unread for them. The count, the list rows and the detail agree
// at every step.
func TestUnread(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	other := env.Tenant(t)
	// unread is each person's view: their count, the ids marked unread in their list, and Get's flag for d.
	type view struct {
		Count  int
		Listed []uint64
		Get    bool
	}
	look := func(t *testing.T, who, d uint64) view {
		t.Helper()
		var v view
		var err error
		if v.Count, err = s.UnreadCount(tn.Ctx, who); err != nil {
			t.Fatal(err)
		}
		p, err := s.List(tn.Ctx, who, 20, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range p.Discussions {
			if x.Unread {
				v.Listed = append(v.Listed, x.ID)
			}
		}
		g, err := s.Get(tn.Ctx, who, d)
		if err != nil {
			t.Fatal(err)
		}
		v.Get = g.Unread
		return v
	}
	step := func(t *testing.T, name string, d uint64, want map[uint64]view) {
		t.Helper()
		for who, w := range want {
			if diff := cmp.Diff(w, look(t, who, d)); diff != "" {
				t.Errorf("%s: employee %d (-want +got):\n%s", name, who, diff)
			}
		}
	}
	tick := func() { env.Clock.Advance(time.Second) }

	d := mustStart(t, s, tn, tn.Admin, notice.Audience{DepartmentIDs: []uint64{tn.Sales}}).ID
	step(t, "started", d, map[uint64]view{
		tn.Admin: {Count: 0, Get: false}, // the author wrote it
		tn.Ann:   {Count: 1, Listed: []uint64{d}, Get: true},
		tn.Ben:   {Count: 1, Listed: []uint64{d}, Get: true},
	})
	tick()
	if got, err := s.MarkReadUpTo(tn.Ctx, tn.Ann, d, time.Time{}); err != nil || got.Unread {
		t.Fatalf("MarkRead: unread %v, err %v", got.Unread, err)
	}
	step(t, "Ann read it", d, map[uint64]view{
		tn.Ann: {Count: 0, Get: false},
		tn.Ben: {Count: 1, Listed: []uint64{d}, Get: true},
	})
	tick()
	mustReply(t, s, tn, tn.Ben, d, 0)
	step(t, "Ben replied without opening it first", d, map[uint64]view{
		tn.Admin: {Count: 1, Listed: []uint64{d}, Get: true},
		tn.Ann:   {Count: 1, Listed: []uint64{d}, Get: true},
		tn.Ben:   {Count: 0, Get: false},
	})
	tick()
	mustReply(t, s, tn, tn.Ann, d, 0)
	step(t, "Ann replied", d, map[uint64]view{
		tn.Ann: {Count: 0, Get: false},
		tn.Ben: {Count: 1, Listed: []uint64{d}, Get: true},
	})

	// Cat is not in Sales: a discussion for Dev is the only one unread for Cat, and none for Ann.
	dev := mustStart(t, s, tn, tn.Admin, notice.Audience{DepartmentIDs: []uint64{tn.Dev}}).ID
	step(t, "a discussion for Dev", dev, map[uint64]view{tn.Cat: {Count: 1, Listed: []uint64{dev}, Get: true}})
	if n, _ := s.UnreadCount(tn.Ctx, tn.Ann); n != 0 {
		t.Errorf("Ann counts %d unread, want 0: discussion %d is Dev's", n, dev)
	}
	if _, err := s.MarkReadUpTo(tn.Ctx, tn.Cat, d, time.Time{}); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("MarkRead by a non-member: %v, want not_found", err)
	}
	mustStart(t, s, other, other.Admin, notice.Audience{All: true})
	if n, _ := s.UnreadCount(other.Ctx, tn.Ann); n != 0 {
		t.Errorf("Ann's id in the other tenant counts %d unread, want 0", n)
	}

	// A membership written before migration 0015 (or by the release before while this one rolls out) has the
	// column's default: read, so the badge does not light up for every old discussion; once opened, later replies
	// count as for anyone.
	if err := env.DB.WithContext(tn.Ctx).Model(&discussion.Member{}).Where("discussion_id = ? AND employee_id = ?", dev, tn.Cat).
		Update("read_at", gorm.Expr("DEFAULT(read_at)")).Error; err != nil {
		t.Fatal(err)
	}
	tick()
	mustReply(t, s, tn, tn.Admin, dev, 0)
	step(t, "an old membership, a new reply", dev, map[uint64]view{tn.Cat: {Count: 0, Get: false}})
	tick()
	if _, err := s.MarkReadUpTo(tn.Ctx, tn.Cat, dev, time.Time{}); err != nil {
		t.Fatal(err)
	}
	tick()
	mustReply(t, s, tn, tn.Admin, dev, 0)
	step(t, "the old membership opened, then a reply", dev, map[uint64]view{tn.Cat: {Count: 1, Listed: []uint64{dev}, Get: true}})
}
