package sysmsg_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/sysmsg"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

// Employees of every fake directory: sender, approver and third may use PB over WeChat, admin may not.
const (
	sender   uint64 = 11
	approver uint64 = 12
	admin    uint64 = 13
	third    uint64 = 14
)

// fakeDir is the directory of every tenant of these tests; the gate's real rules are directory's and web's tests.
type fakeDir struct{}

func (fakeDir) EmployeeIDsByLogin(_ context.Context, logins []string) (map[string]uint64, error) {
	known := map[string]uint64{"sender": sender, "approver": approver, "admin": admin, "third": third}
	out := map[string]uint64{}
	for _, l := range logins {
		if id, ok := known[l]; ok {
			out[l] = id
		}
	}
	return out, nil
}

// The contacts of every fake directory: client is a customer's contact, frozen a frozen supplier's.
const (
	client  uint64 = 901
	frozen  uint64 = 902
	client2 uint64 = 903
)

func (fakeDir) ContactsByLogin(_ context.Context, logins []string) (map[string]directory.Contact, error) {
	known := map[string]directory.Contact{
		"client":  {AccountID: client, Party: directory.PartyCustomer, Status: directory.StatusActive},
		"frozen":  {AccountID: frozen, Party: directory.PartySupplier, Status: directory.StatusFrozen},
		"client2": {AccountID: client2, Party: directory.PartySupplier, Status: directory.StatusActive},
	}
	out := map[string]directory.Contact{}
	for _, l := range logins {
		if c, ok := known[l]; ok {
			c.Login = l
			out[l] = c
		}
	}
	return out, nil
}

func (fakeDir) WeChatAccessMany(_ context.Context, ids []uint64, _ string) (map[uint64]error, error) {
	out := map[uint64]error{}
	for _, id := range ids {
		out[id] = nil
		if id == admin {
			out[id] = directory.ErrWeChatNotAllowed
		}
	}
	return out, nil
}

// env is one tenant on db (the package's database unless the test made its own).
type env struct {
	db    *gorm.DB
	clock *testkit.Clock
	svc   *sysmsg.Service
	ctx   context.Context // scoped to the tenant
	id    tenancy.ID
}

// mustDB opens dsn with the tenancy plugin.
func mustDB(t *testing.T, dsn string) *gorm.DB {
	t.Helper()
	db := testkit.MustGorm(t, dsn)
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		t.Fatal(err)
	}
	return db
}

// newEnv makes a tenant on db, with its systems (OA, PB, CRM), and a service whose clock starts at at.
func newEnv(t *testing.T, db *gorm.DB, at time.Time) *env {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	tn, err := tenants.NewStore(db, nil).Create(tenancy.System(context.Background()), "s-"+hex.EncodeToString(b), "测试企业")
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, clock: testkit.NewClock(at), svc: sysmsg.NewService(fakeDir{}, db),
		ctx: tenancy.WithTenant(context.Background(), tn.ID), id: tn.ID}
	sysmsg.SetClock(e.svc, e.clock.Now)
	if err := directory.NewStore(db, e.clock.Now).EnsureSystems(e.ctx); err != nil {
		t.Fatal(err)
	}
	return e
}

// outboxRows returns the tenant's system.message rows by dedup key.
func (e *env) outboxRows(t *testing.T) map[string]outbox.SystemPayload {
	t.Helper()
	var ms []outbox.Message
	if err := e.db.WithContext(e.ctx).Where("kind = ?", outbox.KindSystemMessage).Find(&ms).Error; err != nil {
		t.Fatal(err)
	}
	out := make(map[string]outbox.SystemPayload, len(ms))
	for _, m := range ms {
		var p outbox.SystemPayload
		if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
			t.Fatal(err)
		}
		out[m.DedupKey] = p
	}
	return out
}

// pruneOutbox deletes the tenant's system.message rows, as the outbox's retention does once they are delivered.
func (e *env) pruneOutbox(t *testing.T) {
	t.Helper()
	if err := e.db.WithContext(e.ctx).Where("kind = ?", outbox.KindSystemMessage).Delete(&outbox.Message{}).Error; err != nil {
		t.Fatal(err)
	}
}

// count returns the tenant's rows of table (system_messages or system_message_recipients).
func (e *env) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := e.db.WithContext(e.ctx).Raw("SELECT COUNT(*) FROM "+table+" WHERE tenant_id = ?", e.id).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func key(id string, to uint64) string { return outbox.SystemMessageKey("PB", id, to) }

func msg(id, title string, accounts ...string) sysmsg.Message {
	return sysmsg.Message{ID: id, Accounts: accounts, Title: title, Content: "请审核", URL: "https://pb.example/orders/9"}
}

func accepted(logins ...string) sysmsg.Result {
	return sysmsg.Result{Accepted: logins, Unknown: []string{}, Refused: []sysmsg.Refusal{}}
}

// TestPostAfterOutboxPruned: the messageId's record, not the outbox, makes a post idempotent. With the message's
// outbox rows deleted (as retention deletes them), a retry answers alike and writes nothing, a retry naming more
// people tells only the new ones, and another message under the messageId is still refused.
func TestPostAfterOutboxPruned(t *testing.T) {
	e := newEnv(t, mustDB(t, dsn), time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	const title = "订单 9 已提交"
	first, err := e.svc.Post(e.ctx, "PB", msg("order-9", title, "sender", "approver"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(accepted("sender", "approver"), first); diff != "" {
		t.Fatalf("first post (-want +got):\n%s", diff)
	}
	if n := len(e.outboxRows(t)); n != 2 {
		t.Fatalf("first post wrote %d rows, want 2", n)
	}
	e.clock.Advance(30 * 24 * time.Hour)

	tests := []struct {
		name  string
		msg   sysmsg.Message
		want  sysmsg.Result
		err   error
		added []string // dedup keys the post writes
	}{
		{"SameMessage", msg("order-9", title, "sender", "approver"), first, nil, nil},
		{"SameMessageSubset", msg("order-9", title, "approver"), accepted("approver"), nil, nil},
		{"SameMessageSuperset", msg("order-9", title, "sender", "third", "approver"), accepted("sender", "third", "approver"),
			nil, []string{key("order-9", third)}},
		{"SupersetAgain", msg("order-9", title, "sender", "third", "approver"), accepted("sender", "third", "approver"), nil, nil},
		{"OtherTitle", msg("order-9", "订单 9 已驳回", "sender", "approver"), sysmsg.Result{}, sysmsg.ErrMessageIDReused, nil},
		{"OtherContent", func() sysmsg.Message { m := msg("order-9", title, "sender"); m.Content = "金额有误"; return m }(),
			sysmsg.Result{}, sysmsg.ErrMessageIDReused, nil},
		{"NoURL", func() sysmsg.Message { m := msg("order-9", title, "sender"); m.URL = ""; return m }(),
			sysmsg.Result{}, sysmsg.ErrMessageIDReused, nil},
		{"OtherTitleOnlyNewPeople", msg("order-9", "订单 9 已驳回", "admin", "ghost"), sysmsg.Result{}, sysmsg.ErrMessageIDReused, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.pruneOutbox(t) // every post finds the outbox emptied by retention
			got, err := e.svc.Post(e.ctx, "PB", tt.msg)
			if !errors.Is(err, tt.err) {
				t.Fatalf("Post: %v, want %v", err, tt.err)
			}
			if tt.err == nil {
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("answer (-want +got):\n%s", diff)
				}
			}
			after := e.outboxRows(t)
			for _, k := range tt.added {
				if p, ok := after[k]; !ok || p.Title != title {
					t.Errorf("row %s = %+v (present %v), want the first message", k, p, ok)
				}
				delete(after, k)
			}
			if len(after) != 0 {
				t.Errorf("the post wrote %v", after)
			}
		})
	}
	if n, r := e.count(t, "system_messages"), e.count(t, "system_message_recipients"); n != 1 || r != 3 {
		t.Errorf("%d records with %d recipients, want 1 with 3 (sender, approver, third)", n, r)
	}

	t.Run("OtherTenant", func(t *testing.T) {
		b := newEnv(t, e.db, e.clock.Now())
		if _, err := b.svc.Post(b.ctx, "PB", msg("order-9", "另一个企业", "sender")); err != nil {
			t.Fatalf("another tenant's order-9: %v", err)
		}
		if _, ok := b.outboxRows(t)[key("order-9", sender)]; !ok {
			t.Error("another tenant's order-9 wrote no row")
		}
	})
	t.Run("OtherSystem", func(t *testing.T) {
		if _, err := e.svc.Post(e.ctx, "CRM", msg("order-9", "CRM 的消息", "sender")); err != nil {
			t.Fatalf("CRM's order-9: %v", err)
		}
	})
}

// TestPostAllRefused: a post whose people are all refused answers 202 and records the messageId, so the messageId
// names that message from then on.
func TestPostAllRefused(t *testing.T) {
	e := newEnv(t, mustDB(t, dsn), time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	res, err := e.svc.Post(e.ctx, "PB", msg("refused-1", "t", "admin"))
	if err != nil || len(res.Refused) != 1 {
		t.Fatalf("Post: %+v, %v", res, err)
	}
	if _, err := e.svc.Post(e.ctx, "PB", msg("refused-1", "another", "sender")); !errors.Is(err, sysmsg.ErrMessageIDReused) {
		t.Errorf("another message under refused-1: %v, want ErrMessageIDReused", err)
	}
	if _, err := e.svc.Post(e.ctx, "PB", msg("refused-1", "t", "sender")); err != nil {
		t.Errorf("the same message to someone allowed: %v", err)
	}
	if rows := e.outboxRows(t); len(rows) != 1 {
		t.Errorf("outbox %v, want the sender's row only", rows)
	}
}

// TestPostLegacy: a messageId posted before its record existed (migration 0009) is known by its outbox rows. The
// first post after takes it over, message and people, and keeps it after the outbox rows are gone.
func TestPostLegacy(t *testing.T) {
	e := newEnv(t, mustDB(t, dsn), time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	legacy := func(id, title string, to ...uint64) {
		t.Helper()
		m := msg(id, title)
		var entries []outbox.Entry
		for _, emp := range to {
			entries = append(entries, outbox.Entry{DedupKey: key(id, emp), Payload: outbox.SystemPayload{System: "PB",
				MessageID: id, Title: m.Title, Content: m.Content, URL: m.URL, ToID: emp, EventTime: 1}})
		}
		err := e.db.WithContext(e.ctx).Transaction(func(tx *gorm.DB) error {
			return outbox.AddAll(e.ctx, tx, e.clock.Now(), outbox.KindSystemMessage, entries)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	legacy("old-1", "旧消息", sender, approver)
	legacy("old-2", "旧消息", sender)
	legacy("old-1:to:13", "更长的 messageId", sender) // a longer messageId that starts alike is another message

	t.Run("SameMessageMorePeople", func(t *testing.T) {
		before := e.outboxRows(t)
		if _, err := e.svc.Post(e.ctx, "PB", msg("old-1", "旧消息", "sender", "approver", "third")); err != nil {
			t.Fatal(err)
		}
		after := e.outboxRows(t)
		if _, ok := after[key("old-1", third)]; !ok || len(after) != len(before)+1 {
			t.Errorf("%d new rows (third's present: %v), want third's only", len(after)-len(before), ok)
		}
		e.pruneOutbox(t)
		if _, err := e.svc.Post(e.ctx, "PB", msg("old-1", "旧消息", "sender", "approver", "third")); err != nil {
			t.Fatal(err)
		}
		if rows := e.outboxRows(t); len(rows) != 0 {
			t.Errorf("a retry after the outbox was pruned wrote %v", rows)
		}
		if _, err := e.svc.Post(e.ctx, "PB", msg("old-1", "新消息", "sender")); !errors.Is(err, sysmsg.ErrMessageIDReused) {
			t.Errorf("another message under old-1: %v, want ErrMessageIDReused", err)
		}
	})
	t.Run("OtherMessage", func(t *testing.T) {
		legacy("old-3", "旧消息", sender)
		records := e.count(t, "system_messages")
		if _, err := e.svc.Post(e.ctx, "PB", msg("old-3", "新消息", "approver")); !errors.Is(err, sysmsg.ErrMessageIDReused) {
			t.Errorf("another message under old-3: %v, want ErrMessageIDReused", err)
		}
		if n := e.count(t, "system_messages"); n != records {
			t.Errorf("the refused post left a record (%d, was %d)", n, records)
		}
		if _, ok := e.outboxRows(t)[key("old-3", approver)]; ok {
			t.Error("the refused post wrote to the outbox")
		}
	})
}

// TestPostConcurrent: posts of one messageId at once take turns on its record. Identical posts tell everyone once,
// posts naming overlapping people tell each once, and of two different messages one is refused. Posts of
// different messageIds do not block or deadlock each other.
func TestPostConcurrent(t *testing.T) {
	e := newEnv(t, mustDB(t, dsn), time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	// run posts every message at once and returns their errors, in order.
	run := func(ms []sysmsg.Message) []error {
		errs := make([]error, len(ms))
		var wg sync.WaitGroup
		for i, m := range ms {
			wg.Go(func() { _, errs[i] = e.svc.Post(e.ctx, "PB", m) })
		}
		wg.Wait()
		return errs
	}
	told := func(t *testing.T, id string) map[uint64]int {
		t.Helper()
		out := map[uint64]int{}
		for k, p := range e.outboxRows(t) {
			if p.MessageID == id {
				out[p.ToID]++
				if k != key(id, p.ToID) {
					t.Errorf("row %s holds %s to %d", k, p.MessageID, p.ToID)
				}
			}
		}
		return out
	}

	t.Run("Identical", func(t *testing.T) {
		for round := range 5 {
			id := fmt.Sprintf("same-%d", round)
			ms := make([]sysmsg.Message, 8)
			for i := range ms {
				ms[i] = msg(id, "t", "sender", "approver")
			}
			for i, err := range run(ms) {
				if err != nil {
					t.Errorf("%s post %d: %v", id, i, err)
				}
			}
			if diff := cmp.Diff(map[uint64]int{sender: 1, approver: 1}, told(t, id)); diff != "" {
				t.Errorf("%s: rows per employee (-want +got):\n%s", id, diff)
			}
			e.pruneOutbox(t) // the next round checks the record alone
			for i, err := range run(ms) {
				if err != nil {
					t.Errorf("%s retry %d: %v", id, i, err)
				}
			}
			if got := told(t, id); len(got) != 0 {
				t.Errorf("%s: retries after the outbox was pruned told %v", id, got)
			}
		}
	})
	t.Run("Overlapping", func(t *testing.T) {
		for round := range 5 {
			id := fmt.Sprintf("overlap-%d", round)
			errs := run([]sysmsg.Message{msg(id, "t", "sender"), msg(id, "t", "approver", "sender"),
				msg(id, "t", "third", "approver"), msg(id, "t", "sender", "approver", "third")})
			for i, err := range errs {
				if err != nil {
					t.Errorf("%s post %d: %v", id, i, err)
				}
			}
			if diff := cmp.Diff(map[uint64]int{sender: 1, approver: 1, third: 1}, told(t, id)); diff != "" {
				t.Errorf("%s: rows per employee (-want +got):\n%s", id, diff)
			}
		}
	})
	t.Run("Conflicting", func(t *testing.T) {
		for round := range 5 {
			id := fmt.Sprintf("race-%d", round)
			errs := run([]sysmsg.Message{msg(id, "sender's", "sender"), msg(id, "approver's", "approver")})
			refused := func(err error) bool { return errors.Is(err, sysmsg.ErrMessageIDReused) }
			if !(errs[0] == nil && refused(errs[1])) && !(errs[1] == nil && refused(errs[0])) {
				t.Errorf("%s: %v, want one post accepted and one refused", id, errs)
			}
			titles := map[string]bool{}
			for _, p := range e.outboxRows(t) {
				if p.MessageID == id {
					titles[p.Title] = true
				}
			}
			if len(titles) != 1 {
				t.Errorf("%s: rows hold titles %v, want one", id, titles)
			}
		}
	})
	t.Run("DifferentMessageIDs", func(t *testing.T) {
		ms := make([]sysmsg.Message, 16)
		for i := range ms {
			ms[i] = msg(fmt.Sprintf("many-%d", i), "t", "sender", "approver", "third")
		}
		for i, err := range run(ms) {
			if err != nil {
				t.Errorf("post %d: %v", i, err)
			}
		}
		for i := range ms {
			if got := told(t, ms[i].ID); len(got) != 3 {
				t.Errorf("%s told %v, want 3 people", ms[i].ID, got)
			}
		}
	})
}
