package oa_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/tenancy"
)

// The list reads (Search's pages and counts, the box counts) write their SQL and scan their rows by hand. These
// tests hold them to what gorm's query builder reads from the same rows: searchByGorm is the same read built and
// scanned by gorm, so a column added to Item and forgotten in the hand-written scan, or a filter that drifts,
// fails here.

// TestSearchMatchesGorm walks every box of every person, with and without keywords, two items a page, and compares
// each page with gorm's.
func TestSearchMatchesGorm(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenant(t), e.tenant(t)
	for _, tn := range []tenant{a, b} {
		seedBoxes(t, e, tn)
	}
	keywords := []string{"", "采购", "invoice", "张发", "100%", "无此词"}
	for _, v := range []struct {
		name string
		id   uint64
	}{{"Sender", a.sender}, {"Approver", a.approver}, {"Third", a.third}, {"Outside", a.outside}} {
		for _, box := range []oa.Box{oa.BoxTodo, oa.BoxSent, oa.BoxDone} {
			for _, kw := range keywords {
				t.Run(fmt.Sprintf("%s/%s/%q", v.name, box, kw), func(t *testing.T) {
					after, pages := "", 0
					for {
						q := oa.ListQuery{Box: box, First: 2, After: after, Keyword: kw}
						want, err := searchByGorm(e.db.WithContext(a.ctx), a.ctx, v.id, q)
						if err != nil {
							t.Fatal(err)
						}
						got, err := e.oa.Search(a.ctx, v.id, q)
						if err != nil {
							t.Fatal(err)
						}
						// An empty page is the same page whether its slice is nil or empty.
						if diff := gocmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
							t.Fatalf("page %d differs from gorm (-gorm +hand):\n%s", pages, diff)
						}
						if pages++; !got.HasNext {
							break
						}
						after = got.EndCursor
					}
				})
			}
		}
	}
}

// TestCountsMatchGorm compares Counts with gorm's read of the person's collab_box_counts row, for people with every
// box filled, with some empty, and with no row at all.
func TestCountsMatchGorm(t *testing.T) {
	e := newEnv(t)
	a := e.tenant(t)
	seedBoxes(t, e, a)
	nobody := e.employee(t, a, "无事", directory.StatusActive)
	for name, id := range map[string]uint64{"Sender": a.sender, "Approver": a.approver, "Third": a.third, "NoRow": nobody} {
		t.Run(name, func(t *testing.T) {
			var rows []struct{ Todo, Sent, Done int }
			err := e.db.WithContext(a.ctx).Table("collab_box_counts").Select("todo, sent, done").
				Where("tenant_id = ? AND employee_id = ?", a.id, id).Limit(1).Find(&rows).Error
			if err != nil {
				t.Fatal(err)
			}
			var want oa.Counts
			if len(rows) == 1 {
				want = oa.Counts{Todo: rows[0].Todo, Sent: rows[0].Sent, Done: rows[0].Done}
			}
			got, err := e.oa.Counts(a.ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("Counts = %+v, gorm %+v", got, want)
			}
		})
	}
}

// TestListReadsNeedTenant: the hand-written list reads go through gorm and name the tenant of the context, so
// without one they are refused before any SQL is sent.
func TestListReadsNeedTenant(t *testing.T) {
	e := newEnv(t)
	a := e.tenant(t)
	for name, ctx := range map[string]context.Context{"Bare": context.Background(), "System": tenancy.System(context.Background())} {
		t.Run(name, func(t *testing.T) {
			if _, err := e.oa.Search(ctx, a.approver, oa.ListQuery{Box: oa.BoxTodo, First: 20}); !errors.Is(err, tenancy.ErrNoTenant) {
				t.Errorf("Search: err = %v, want ErrNoTenant", err)
			}
			if _, err := e.oa.Counts(ctx, a.approver); !errors.Is(err, tenancy.ErrNoTenant) {
				t.Errorf("Counts: err = %v, want ErrNoTenant", err)
			}
		})
	}
}

// seedBoxes gives tn's people items in every state: pending, approved, rejected, closed (an "any" item another
// recipient approved, and a withdrawn one), titled so the keywords above match some by title (in either case, and with a
// literal %) and some only by their sender's name.
func seedBoxes(t *testing.T, e *env, tn tenant) {
	t.Helper()
	both := []uint64{tn.approver, tn.third}
	items := []struct {
		title string
		rule  oa.Rule
		to    []uint64
		then  func(id uint64) error // what happens to the item after it is sent
	}{
		{"采购申请", oa.RuleAll, both, nil},
		{"Invoice 2025", oa.RuleAll, []uint64{tn.approver}, func(id uint64) error { return handle(e, tn, tn.approver, id, oa.ActionApprove) }},
		{"INVOICE 复核", oa.RuleAll, both, func(id uint64) error { return handle(e, tn, tn.approver, id, oa.ActionReject) }},
		{"报销 100%", oa.RuleAny, both, func(id uint64) error { return handle(e, tn, tn.third, id, oa.ActionApprove) }}, // closes the approver's row
		{"请假", oa.RuleAll, both, func(id uint64) error { _, err := e.oa.Withdraw(tn.ctx, tn.sender, id); return err }},
		{"采购 合同", oa.RuleAny, []uint64{tn.approver}, nil},
		{"出差", oa.RuleAll, both, func(id uint64) error { return handle(e, tn, tn.third, id, oa.ActionApprove) }},
	}
	for _, it := range items {
		sent := e.send(t, tn, oa.SendInput{Title: it.title, Body: "<p>正文 " + it.title + "</p>", Rule: it.rule, RecipientIDs: it.to})
		if it.then != nil {
			if err := it.then(sent.ID); err != nil {
				t.Fatalf("%s: %v", it.title, err)
			}
		}
	}
	// Items the approver sends to the third person, so the sent box is not the sender's alone.
	for _, title := range []string{"采购 回执", "周报"} {
		if _, err := e.oa.Send(tn.ctx, tn.approver, oa.SendInput{Title: title, Body: "<p>x</p>", RecipientIDs: []uint64{tn.third}}); err != nil {
			t.Fatal(err)
		}
	}
}

// searchByGorm is Search's read built and scanned by gorm's query builder (as Search was before its SQL was
// written by hand): the reference the hand-written reads are compared with. db carries ctx.
func searchByGorm(db *gorm.DB, ctx context.Context, viewerID uint64, q oa.ListQuery) (oa.Page, error) {
	before, err := oa.ParseCursor(q.After)
	if err != nil {
		return oa.Page{}, err
	}
	kw := strings.TrimSpace(q.Keyword)
	pat := database.ContainsPattern(kw)
	var page oa.Page
	var total int64
	count := func(matches *gorm.DB) error {
		if kw != "" {
			return matches.Count(&total).Error
		}
		var rows []struct{ Todo, Sent, Done int }
		err := db.Table("collab_box_counts").Select("todo, sent, done").
			Where("tenant_id = ? AND employee_id = ?", mustTenant(ctx), viewerID).Limit(1).Find(&rows).Error
		if len(rows) == 1 {
			total = int64(oa.Counts{Todo: rows[0].Todo, Sent: rows[0].Sent, Done: rows[0].Done}.Of(q.Box))
		}
		return err
	}
	if q.Box == oa.BoxSent {
		base := func() *gorm.DB {
			b := db.Model(&oa.Item{}).Where("sender_id = ?", viewerID)
			if kw != "" {
				b = b.Where("LOWER(title) LIKE ? ESCAPE '!'", pat)
			}
			return b
		}
		if err := count(base()); err != nil {
			return oa.Page{}, err
		}
		qq := base()
		if before > 0 {
			qq = qq.Where("id < ?", before)
		}
		if err := qq.Order("id DESC").Limit(q.First + 1).Find(&page.Items).Error; err != nil {
			return oa.Page{}, err
		}
	} else {
		states := []oa.State{oa.StatePending}
		if q.Box == oa.BoxDone {
			states = []oa.State{oa.StateApproved, oa.StateRejected, oa.StateClosed}
		}
		base := func(states ...oa.State) *gorm.DB {
			b := db.Model(&oa.Recipient{}).
				Joins("JOIN collab_items i ON i.tenant_id = collab_recipients.tenant_id AND i.id = collab_recipients.item_id").
				Where("collab_recipients.recipient_id = ? AND collab_recipients.state IN ?", viewerID, states)
			if kw != "" {
				senders := db.Model(&directory.Employee{}).Select("id").Where("LOWER(name) LIKE ? ESCAPE '!'", pat)
				b = b.Where("(LOWER(i.title) LIKE ? ESCAPE '!' OR i.sender_id IN (?))", pat, senders)
			}
			return b
		}
		if err := count(base(states...)); err != nil {
			return oa.Page{}, err
		}
		for _, st := range states {
			qq := base(st)
			if before > 0 {
				qq = qq.Where("collab_recipients.item_id < ?", before)
			}
			var part []oa.Item
			if err := qq.Select("i.*").Order("collab_recipients.item_id DESC").Limit(q.First + 1).Scan(&part).Error; err != nil {
				return oa.Page{}, err
			}
			page.Items = append(page.Items, part...)
		}
		slices.SortFunc(page.Items, func(a, b oa.Item) int { return cmp.Compare(b.ID, a.ID) })
	}
	page.TotalCount = int(total)
	if len(page.Items) > q.First {
		page.Items, page.HasNext = page.Items[:q.First], true
	}
	if n := len(page.Items); n > 0 {
		page.EndCursor = oa.Cursor(page.Items[n-1].ID)
	}
	return page, nil
}

func mustTenant(ctx context.Context) tenancy.ID {
	id, _ := tenancy.FromContext(ctx)
	return id
}

func handle(e *env, tn tenant, who, id uint64, act oa.Action) error {
	_, err := e.oa.Handle(tn.ctx, who, id, act, "意见")
	return err
}
