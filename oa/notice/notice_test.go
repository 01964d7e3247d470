package notice_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/notice/noticetest"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/testkit"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

func newStore(t *testing.T) (*noticetest.Env, *notice.Store) {
	t.Helper()
	env := noticetest.New(t, dsn)
	return env, notice.NewStore(env.DB, env.Dir, env.Clock.Now)
}

func toAll(kind notice.Kind, title string) notice.PublishInput {
	return notice.PublishInput{Kind: kind, Title: title, Body: "<p>正文</p>", Audience: notice.Audience{All: true}}
}

func mustPublish(t *testing.T, s *notice.Store, tn noticetest.Tenant, in notice.PublishInput) notice.Notice {
	t.Helper()
	n, err := s.Publish(tn.Ctx, tn.Admin, directory.RoleAdmin, in)
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	return n
}

// TestPublishPermission: only tenant admins publish; a member's attempt writes nothing.
func TestPublishPermission(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	for _, role := range []directory.Role{directory.RoleMember, "", "owner"} {
		_, err := s.Publish(tn.Ctx, tn.Ann, role, toAll(notice.KindNotice, "成员发布"))
		noticetest.WantCode(t, err, apperr.Forbidden)
	}
	if n := env.Count(t, tn.Ctx, &notice.Notice{}); n != 0 {
		t.Errorf("%d notices written by refused publishes", n)
	}
	if _, err := s.Publish(tn.Ctx, tn.Admin, directory.RoleAdmin, toAll(notice.KindNotice, "管理员发布")); err != nil {
		t.Fatalf("admin publish: %v", err)
	}
}

// TestPublishInvalid: each bad input is a typed invalid error naming its field, and nothing is written.
func TestPublishInvalid(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	other := env.Tenant(t)
	onlyGone := env.AddDepartment(t, tn.Ctx, tn.Gone)
	base := toAll(notice.KindNotice, "标题")
	with := func(f func(*notice.PublishInput)) notice.PublishInput {
		in := base
		f(&in)
		return in
	}
	tests := []struct {
		name  string
		in    notice.PublishInput
		field string
	}{
		{"UnknownKind", with(func(in *notice.PublishInput) { in.Kind = "memo" }), "kind"},
		{"EmptyTitle", with(func(in *notice.PublishInput) { in.Title = "  " }), "title"},
		{"LongTitle", with(func(in *notice.PublishInput) { in.Title = strings.Repeat("长", oa.MaxTitleRunes+1) }), "title"},
		{"EmptyBody", with(func(in *notice.PublishInput) { in.Body = "" }), "body"},
		{"BodyOnlyScript", with(func(in *notice.PublishInput) { in.Body = "<script>alert(1)</script>" }), "body"},
		{"HugeBody", with(func(in *notice.PublishInput) { in.Body = strings.Repeat("x", notice.MaxBodyBytes+1) }), "body"},
		{"NoAudience", with(func(in *notice.PublishInput) { in.Audience = notice.Audience{} }), "audience"},
		{"AllAndDepartments", with(func(in *notice.PublishInput) {
			in.Audience = notice.Audience{All: true, DepartmentIDs: []uint64{tn.Sales}}
		}), "audience"},
		{"ZeroDepartment", with(func(in *notice.PublishInput) { in.Audience = notice.Audience{DepartmentIDs: []uint64{0}} }), "departmentIds"},
		{"OtherTenantsDepartment", with(func(in *notice.PublishInput) {
			in.Audience = notice.Audience{DepartmentIDs: []uint64{tn.Sales, other.Dev}}
		}), "departmentIds"},
		{"NobodyActive", with(func(in *notice.PublishInput) { in.Audience = notice.Audience{DepartmentIDs: []uint64{onlyGone}} }), "audience"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Publish(tn.Ctx, tn.Admin, directory.RoleAdmin, tt.in)
			var ae *apperr.Error
			if !apperr.Is(err, apperr.Invalid) || !errors.As(err, &ae) || ae.Field != tt.field {
				t.Fatalf("err = %v, want invalid on %s", err, tt.field)
			}
		})
	}
	t.Run("HugeBodySaysTheLimit", func(t *testing.T) {
		_, err := s.Publish(tn.Ctx, tn.Admin, directory.RoleAdmin, with(func(in *notice.PublishInput) {
			in.Body = strings.Repeat("x", notice.MaxBodyBytes+1)
		}))
		if msg := apperr.MessageOf(err); !strings.Contains(msg, strconv.Itoa(notice.MaxBodyBytes)) {
			t.Errorf("message %q does not say the limit, %d", msg, notice.MaxBodyBytes)
		}
	})
	if n := env.Count(t, tn.Ctx, &notice.Notice{}) + env.Count(t, tn.Ctx, &notice.Receipt{}) + env.Count(t, tn.Ctx, &outbox.Message{}); n != 0 {
		t.Errorf("%d rows written by invalid publishes", n)
	}
}

// TestSanitize: the body keeps formatting and loses scripts and event handlers; the title is trimmed text.
func TestSanitize(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	in := toAll(notice.KindNews, "  新闻  ")
	in.Body = `<p onclick="steal()">放假<b>通知</b><script>alert(1)</script><a href="javascript:x()">链接</a></p>`
	n := mustPublish(t, s, tn, in)
	got, err := s.Get(tn.Ctx, tn.Ann, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Notice.Title != "新闻" {
		t.Errorf("title %q", got.Notice.Title)
	}
	for _, bad := range []string{"script", "onclick", "javascript"} {
		if strings.Contains(got.Notice.Body, bad) {
			t.Errorf("body %q keeps %s", got.Notice.Body, bad)
		}
	}
	if !strings.Contains(got.Notice.Body, "<b>通知</b>") {
		t.Errorf("body %q lost its formatting", got.Notice.Body)
	}
}

// TestAudience: all staff reaches every active employee; departments reach their active members only; people
// outside the audience neither list nor open it; each recipient but the publisher gets one push.
func TestAudience(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)

	t.Run("AllStaff", func(t *testing.T) {
		n := mustPublish(t, s, tn, toAll(notice.KindNotice, "全员"))
		if n.RecipientCount != len(tn.ActiveIDs) || !n.AudienceAll {
			t.Errorf("recipients %d all %v, want %d true", n.RecipientCount, n.AudienceAll, len(tn.ActiveIDs))
		}
		wantRecipients(t, env, tn, n.ID, tn.ActiveIDs)
		wantPushes(t, env, tn, n.ID, outbox.KindNoticePublished, []uint64{tn.Ann, tn.Ben, tn.Cat})
		// The publisher is in the audience and has read what they wrote.
		e, err := s.Get(tn.Ctx, tn.Admin, n.ID)
		if err != nil || e.ReadAt == nil {
			t.Errorf("publisher's entry %+v %v, want read", e, err)
		}
		if _, err := s.Get(tn.Ctx, tn.Gone, n.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("resigned employee sees it: %v", err)
		}
	})
	t.Run("Departments", func(t *testing.T) {
		in := toAll(notice.KindNews, "销售部")
		in.Audience = notice.Audience{DepartmentIDs: []uint64{tn.Sales, tn.Sales}}
		n := mustPublish(t, s, tn, in)
		if diff := cmp.Diff([]uint64{tn.Sales}, n.AudienceDepartments); diff != "" || n.AudienceAll {
			t.Errorf("stored audience (-want +got):\n%s", diff)
		}
		wantRecipients(t, env, tn, n.ID, tn.SalesActiveIDs)
		wantPushes(t, env, tn, n.ID, outbox.KindNewsPublished, tn.SalesActiveIDs)
		if _, err := s.Get(tn.Ctx, tn.Cat, n.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Cat (Dev) opens a Sales notice: %v", err)
		}
		page, err := s.List(tn.Ctx, tn.Cat, notice.KindNews, 10, "")
		if err != nil || page.TotalCount != 0 || len(page.Entries) != 0 {
			t.Errorf("Cat's news list %+v %v, want empty", page, err)
		}
		// The publisher is outside this audience but still sees the detail, unread as far as receipts go.
		e, err := s.Get(tn.Ctx, tn.Admin, n.ID)
		if err != nil || e.ReadAt != nil {
			t.Errorf("publisher's entry %+v %v", e, err)
		}
		stored, err := s.Lookup(tn.Ctx, n.ID)
		if err != nil || stored.Audience().All || len(stored.Audience().DepartmentIDs) != 1 {
			t.Errorf("lookup %+v %v", stored, err)
		}
	})
}

func wantRecipients(t *testing.T, env *noticetest.Env, tn noticetest.Tenant, id uint64, want []uint64) {
	t.Helper()
	var got []uint64
	if err := env.DB.WithContext(tn.Ctx).Model(&notice.Receipt{}).Where("notice_id = ?", id).
		Order("employee_id").Pluck("employee_id", &got).Error; err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
}

func wantPushes(t *testing.T, env *noticetest.Env, tn noticetest.Tenant, id uint64, kind string, want []uint64) {
	t.Helper()
	var got []uint64
	for _, m := range env.Outbox(t, tn.Ctx, kind) {
		var p outbox.PublishedPayload
		if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
			t.Fatal(err)
		}
		if p.ItemID != id {
			continue
		}
		if m.DedupKey != fmt.Sprintf("notice:%d:to:%d", id, p.ToID) || p.ActorID != tn.Admin {
			t.Errorf("push %q payload %+v", m.DedupKey, p)
		}
		got = append(got, p.ToID)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pushes (-want +got):\n%s", diff)
	}
}

// TestReceipts: marking read is idempotent and keeps the first time; unread counts follow per kind; the publisher
// sees read counts, an audience member is refused them, an outsider cannot mark or ask.
func TestReceipts(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	n1 := mustPublish(t, s, tn, toAll(notice.KindNotice, "一"))
	n2 := mustPublish(t, s, tn, toAll(notice.KindNotice, "二"))
	mustPublish(t, s, tn, toAll(notice.KindNews, "三"))

	unread := func(who uint64) map[notice.Kind]int {
		t.Helper()
		got, err := s.UnreadCounts(tn.Ctx, who)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if diff := cmp.Diff(map[notice.Kind]int{notice.KindNotice: 2, notice.KindNews: 1}, unread(tn.Ann)); diff != "" {
		t.Errorf("Ann's unread before (-want +got):\n%s", diff)
	}
	first, err := s.MarkRead(tn.Ctx, tn.Ann, n1.ID)
	if err != nil || first.ReadAt == nil || !first.ReadAt.Equal(env.Clock.Now()) {
		t.Fatalf("mark read: %+v %v", first, err)
	}
	env.Clock.Advance(time.Hour)
	again, err := s.MarkRead(tn.Ctx, tn.Ann, n1.ID)
	if err != nil || again.ReadAt == nil || !again.ReadAt.Equal(*first.ReadAt) {
		t.Fatalf("second mark read: %+v %v, want the first time kept", again, err)
	}
	if diff := cmp.Diff(map[notice.Kind]int{notice.KindNotice: 1, notice.KindNews: 1}, unread(tn.Ann)); diff != "" {
		t.Errorf("Ann's unread after (-want +got):\n%s", diff)
	}
	if got := unread(tn.Ben)[notice.KindNotice]; got != 2 {
		t.Errorf("Ben's unread notices %d, want 2: Ann's read is hers only", got)
	}
	if got := unread(tn.Admin); got[notice.KindNotice]+got[notice.KindNews] != 0 {
		t.Errorf("publisher's unread %v, want none", got)
	}
	if _, err := s.MarkRead(tn.Ctx, tn.Gone, n1.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("outsider marks read: %v", err)
	}
	if _, err := s.MarkRead(tn.Ctx, tn.Ann, n2.ID+1000); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("unknown notice: %v", err)
	}

	stats, err := s.ReadStats(tn.Ctx, tn.Admin, directory.RoleAdmin, n1.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Four recipients: the admin (read on publishing) and Ann have read it.
	if diff := cmp.Diff(notice.Stats{NoticeID: n1.ID, Recipients: 4, Read: 2, Unread: 2}, stats); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	_, err = s.ReadStats(tn.Ctx, tn.Ann, directory.RoleMember, n1.ID)
	noticetest.WantCode(t, err, apperr.Forbidden)
	_, err = s.ReadStats(tn.Ctx, tn.Gone, directory.RoleMember, n1.ID)
	noticetest.WantCode(t, err, apperr.NotFound)
}

// TestList walks a person's notices page by page: every item once, newest first, only the asked kind, a stable
// total and read state per entry.
func TestList(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	var want []uint64
	for i := range 7 {
		n := mustPublish(t, s, tn, toAll(notice.KindNotice, fmt.Sprint("公告", i)))
		want = append([]uint64{n.ID}, want...)
		mustPublish(t, s, tn, toAll(notice.KindNews, fmt.Sprint("新闻", i)))
	}
	if _, err := s.MarkRead(tn.Ctx, tn.Ben, want[0]); err != nil {
		t.Fatal(err)
	}
	var got []uint64
	after := ""
	for pages := 0; ; pages++ {
		p, err := s.List(tn.Ctx, tn.Ben, notice.KindNotice, 3, after)
		if err != nil {
			t.Fatal(err)
		}
		if p.TotalCount != 7 {
			t.Errorf("total %d, want 7", p.TotalCount)
		}
		for _, e := range p.Entries {
			got = append(got, e.Notice.ID)
			if e.Notice.Kind != notice.KindNotice || e.Notice.Body != "" {
				t.Errorf("entry %+v: wrong kind or carries a body", e.Notice)
			}
			if read := e.ReadAt != nil; read != (e.Notice.ID == want[0]) {
				t.Errorf("entry %d read %v", e.Notice.ID, read)
			}
		}
		if !p.HasNext {
			break
		}
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
		after = p.EndCursor
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	for _, bad := range []struct {
		kind  notice.Kind
		first int
		after string
	}{{"memo", 3, ""}, {notice.KindNews, 0, ""}, {notice.KindNews, oa.MaxPageSize + 1, ""}, {notice.KindNews, 3, "!!"}} {
		if _, err := s.List(tn.Ctx, tn.Ben, bad.kind, bad.first, bad.after); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("List(%q, %d, %q): %v, want invalid", bad.kind, bad.first, bad.after, err)
		}
	}
}

// TestTenantIsolation: another tenant's people see nothing of a notice, by id or in lists and counts, and its
// pushes stay in its own tenant.
func TestTenantIsolation(t *testing.T) {
	env, s := newStore(t)
	a, b := env.Tenant(t), env.Tenant(t)
	n := mustPublish(t, s, a, toAll(notice.KindNotice, "A 的公告"))
	if _, err := s.Get(b.Ctx, b.Ann, n.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("tenant B reads A's notice: %v", err)
	}
	// Even an id that is an audience member in A finds nothing in B's context.
	if _, err := s.Get(b.Ctx, a.Ann, n.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("A's member id in B's context: %v", err)
	}
	if _, err := s.MarkRead(b.Ctx, a.Ann, n.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("mark read across tenants: %v", err)
	}
	if _, err := s.ReadStats(b.Ctx, b.Admin, directory.RoleAdmin, n.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B's admin reads A's stats: %v", err)
	}
	if p, err := s.List(b.Ctx, a.Ann, notice.KindNotice, 10, ""); err != nil || p.TotalCount != 0 {
		t.Errorf("B's list %+v %v", p, err)
	}
	if c, err := s.UnreadCounts(b.Ctx, a.Ann); err != nil || c[notice.KindNotice] != 0 {
		t.Errorf("B's unread %v %v", c, err)
	}
	if got := len(env.Outbox(t, b.Ctx, outbox.KindNoticePublished)); got != 0 {
		t.Errorf("%d of A's pushes in B", got)
	}
	if got := len(env.Outbox(t, a.Ctx, outbox.KindNoticePublished)); got != 3 {
		t.Errorf("A has %d pushes, want 3", got)
	}
}

// TestPublishAtomic: the notice, its receipts and its pushes commit together: a failure writing any of them
// leaves none.
func TestPublishAtomic(t *testing.T) {
	for _, table := range []string{"outbox", "notice_receipts"} {
		t.Run(table, func(t *testing.T) {
			env, s := newStore(t)
			tn := env.Tenant(t)
			env.FailInserts(t, table)
			_, err := s.Publish(tn.Ctx, tn.Admin, directory.RoleAdmin, toAll(notice.KindNotice, "失败"))
			if err == nil || !apperr.Is(err, apperr.Internal) {
				t.Fatalf("publish with a failing %s: %v, want internal", table, err)
			}
			for name, model := range map[string]any{"notices": &notice.Notice{}, "receipts": &notice.Receipt{}, "outbox": &outbox.Message{}} {
				if n := env.Count(t, tn.Ctx, model); n != 0 {
					t.Errorf("%d %s left behind", n, name)
				}
			}
		})
	}
}
