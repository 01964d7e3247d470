package web_test

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/server/web"
	"github.com/qiao-hq/qiao/sysmsg"
	"github.com/qiao-hq/qiao/testkit"
)

type refusal struct{ Account, Reason string }

type accepted struct {
	Accepted []string
	Unknown  []string
	Refused  []refusal
}

type apiError struct {
	Error struct{ Code, Message, Field string }
}

// systemTenant is a seeded tenant whose sender and approver may use PB over WeChat, whose admin has PB only on the
// desktop (allowWeChat off), and which has "nopb" (OA only) and "frozen" (a frozen account) besides.
type systemTenant struct {
	apptest.Tenant
	Key string // PB's API key
}

func newSystemTenant(t *testing.T, env *apptest.Env, prefix string) systemTenant {
	t.Helper()
	tn := env.Tenant(t, prefix+"-"+strings.ToLower(rand.Text()[:6]))
	ctx, dir := tn.Ctx(), env.Directory
	roles, err := dir.SystemRoles(ctx)
	if err != nil || len(roles) != 1 {
		t.Fatalf("roles = %v, %v; want the default role", roles, err)
	}
	def := roles[0].ID
	wechat, err := dir.CreateSystemRole(ctx, "PB 微信", []string{directory.SystemPB}, true)
	if err != nil {
		t.Fatal(err)
	}
	desk, err := dir.CreateSystemRole(ctx, "PB 仅电脑", []string{directory.SystemPB}, false)
	if err != nil {
		t.Fatal(err)
	}
	for acc, role := range map[uint64]uint64{tn.Sender.AccountID: wechat.ID, tn.Approver.AccountID: wechat.ID, tn.Admin.AccountID: desk.ID} {
		if err := dir.AssignSystemRoles(ctx, acc, []uint64{def, role}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := dir.CreateEmployee(ctx, directory.Employee{Name: "无 PB"}, "nopb", apptest.Password, ""); err != nil {
		t.Fatal(err)
	}
	frozen, fa, err := dir.CreateEmployee(ctx, directory.Employee{Name: "冻结", Status: directory.StatusFrozen}, "frozen", apptest.Password, "")
	if err != nil || frozen.Status != directory.StatusFrozen {
		t.Fatalf("frozen employee: %v, %v", frozen.Status, err)
	}
	if err := dir.AssignSystemRoles(ctx, fa.ID, []uint64{def, wechat.ID}); err != nil {
		t.Fatal(err)
	}
	key, err := dir.RotateSystemAPIKey(ctx, directory.SystemPB)
	if err != nil {
		t.Fatal(err)
	}
	return systemTenant{Tenant: tn, Key: key}
}

// post sends body (a value to encode, or raw bytes) with the key and returns the status and the answer.
func post(t *testing.T, base, key string, body any) (int, []byte) {
	t.Helper()
	raw, ok := body.([]byte)
	if !ok {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, base+web.SystemMessagesPath, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, out
}

func decode[T any](t *testing.T, raw []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return v
}

// systemRows returns the system.message rows of the tenant, by dedup key.
func systemRows(t *testing.T, env *apptest.Env, tn apptest.Tenant) map[string]outbox.SystemPayload {
	t.Helper()
	var ms []outbox.Message
	if err := env.DB.WithContext(tn.Ctx()).Where("kind = ?", outbox.KindSystemMessage).Find(&ms).Error; err != nil {
		t.Fatal(err)
	}
	out := make(map[string]outbox.SystemPayload, len(ms))
	for _, m := range ms {
		out[m.DedupKey] = decode[outbox.SystemPayload](t, []byte(m.Payload))
	}
	return out
}

type card struct{ Title, Description, URL string }

// waitCards waits until userID's inbox holds n textcards and returns them.
func waitCards(t *testing.T, env *apptest.Env, corpID, userID string, n int) []card {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var cards []card
		for _, m := range env.Sim.Messages(corpID, userID) {
			if m.MsgType == "textcard" && !m.Duplicate {
				cards = append(cards, decode[card](t, m.Payload))
			}
		}
		if len(cards) >= n || time.Now().After(deadline) {
			if len(cards) != n {
				t.Fatalf("%s has %d cards, want %d: %+v", userID, len(cards), n, cards)
			}
			return cards
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSystemMessages drives POST /api/systems/messages end to end: PB's key posts for employees by login, the
// outbox gets one row per employee the WeChat gate lets through, and the worker puts a 【PB】 textcard on each phone.
func TestSystemMessages(t *testing.T) {
	env := apptest.New(t, dsn)
	env.RunWorker(t)
	a := newSystemTenant(t, env, "sysa")
	b := newSystemTenant(t, env, "sysb")
	base := env.HTTP.URL
	bearer := func(k string) string { return "Bearer " + k }
	msg := map[string]any{"messageId": "order-7:approved", "accounts": []string{"sender", "approver"},
		"title": "订单 7 已审核", "content": "订单 <7> 已由 A&B 审核", "url": "https://pb.example/orders/7"}

	t.Run("OK", func(t *testing.T) {
		status, body := post(t, base, bearer(a.Key), msg)
		if status != http.StatusAccepted {
			t.Fatalf("status %d: %s", status, body)
		}
		want := accepted{Accepted: []string{"sender", "approver"}, Unknown: []string{}, Refused: []refusal{}}
		if diff := cmp.Diff(want, decode[accepted](t, body)); diff != "" {
			t.Errorf("answer (-want +got):\n%s", diff)
		}
		rows := systemRows(t, env, a.Tenant)
		for _, p := range []apptest.Person{a.Sender, a.Approver} {
			got, ok := rows[outbox.SystemMessageKey("PB", "order-7:approved", p.EmployeeID)]
			if !ok || got.ToID != p.EmployeeID || got.System != "PB" || got.Title != "订单 7 已审核" || got.URL != "https://pb.example/orders/7" {
				t.Errorf("outbox row for %s = %+v (present %v)", p.Login, got, ok)
			}
		}
		if len(rows) != 2 {
			t.Errorf("%d outbox rows, want 2", len(rows))
		}
		for _, p := range []apptest.Person{a.Sender, a.Approver} {
			c := waitCards(t, env, a.CorpID, p.WeComUserID, 1)[0]
			want := card{Title: "【PB】订单 7 已审核", Description: `<div class="normal">订单 &lt;7&gt; 已由 A&amp;B 审核</div><div class="gray">编号 order-7:approved</div>`, URL: "https://pb.example/orders/7"}
			if diff := cmp.Diff(want, c); diff != "" {
				t.Errorf("%s's card (-want +got):\n%s", p.Login, diff)
			}
		}
	})

	// Two messages PB sends with the same words (two orders approved alike) are two events: both reach the phone.
	// Before, their cards were identical and WeCom's duplicate check hid the second.
	t.Run("SameTextTwoMessages", func(t *testing.T) {
		c := newSystemTenant(t, env, "sysc")
		for _, id := range []string{"order-8:approved", "order-9:approved"} {
			m := map[string]any{"messageId": id, "accounts": []string{"approver"}, "title": "订单已审核", "content": "您的订单已审核",
				"url": "https://pb.example/orders"}
			if status, body := post(t, base, bearer(c.Key), m); status != http.StatusAccepted {
				t.Fatalf("%s: status %d: %s", id, status, body)
			}
		}
		cards := waitCards(t, env, c.CorpID, c.Approver.WeComUserID, 2)
		if cards[0].Title != cards[1].Title || cards[0].Description == cards[1].Description {
			t.Errorf("cards %+v: want the same title, each naming its own messageId", cards)
		}
	})

	t.Run("RetryWritesNothing", func(t *testing.T) {
		before := systemRows(t, env, a.Tenant)
		status, body := post(t, base, bearer(a.Key), msg)
		if status != http.StatusAccepted || len(decode[accepted](t, body).Accepted) != 2 {
			t.Fatalf("retry: %d %s", status, body)
		}
		if diff := cmp.Diff(before, systemRows(t, env, a.Tenant)); diff != "" {
			t.Errorf("the retry changed the outbox (-before +after):\n%s", diff)
		}
	})

	t.Run("UnknownAndRefused", func(t *testing.T) {
		before := len(systemRows(t, env, a.Tenant))
		m := map[string]any{"messageId": "mixed-1", "title": "t", "content": "c",
			"accounts": []string{"sender", "ghost", "admin", " sender ", "nopb", "frozen", "not a login!"}}
		status, body := post(t, base, bearer(a.Key), m)
		if status != http.StatusAccepted {
			t.Fatalf("status %d: %s", status, body)
		}
		want := accepted{
			Accepted: []string{"sender"},
			Unknown:  []string{"ghost", "frozen", "not a login!"},
			Refused:  []refusal{{"admin", "wechat_not_allowed"}, {"nopb", "no_system_role"}},
		}
		if diff := cmp.Diff(want, decode[accepted](t, body)); diff != "" {
			t.Errorf("answer (-want +got):\n%s", diff)
		}
		rows := systemRows(t, env, a.Tenant)
		if _, ok := rows[outbox.SystemMessageKey("PB", "mixed-1", a.Sender.EmployeeID)]; !ok || len(rows) != before+1 {
			t.Errorf("%d new rows (sender's present: %v), want the sender's only", len(rows)-before, ok)
		}
	})

	t.Run("Rejected", func(t *testing.T) {
		with := func(k string, v any) map[string]any {
			m := map[string]any{"messageId": "rejected-1", "accounts": []string{"sender"}, "title": "t", "content": "c"}
			if v == nil {
				delete(m, k)
			} else {
				m[k] = v
			}
			return m
		}
		// A's tenant and system with B's secret: a valid shape, the wrong hash.
		swapped := a.Key[:strings.Index(a.Key, "_PB_")+4] + b.Key[strings.Index(b.Key, "_PB_")+4:]
		oaKey := strings.Replace(a.Key, "_PB_", "_OA_", 1)
		tests := []struct {
			name   string
			auth   string
			body   any
			status int
			code   string
			field  string
		}{
			{"NoAuthorization", "", with("", nil), 401, "unauthenticated", ""},
			{"NotBearer", "Basic " + a.Key, with("", nil), 401, "unauthenticated", ""},
			{"EmptyBearer", "Bearer  ", with("", nil), 401, "unauthenticated", ""},
			{"GarbageKey", bearer("qk_nonsense"), with("", nil), 401, "unauthenticated", ""},
			{"OAKey", bearer(oaKey), with("", nil), 401, "unauthenticated", ""},
			{"OtherTenantsSecret", bearer(swapped), with("", nil), 401, "unauthenticated", ""},
			{"BadJSON", bearer(a.Key), []byte(`{"messageId":`), 400, "invalid", ""},
			{"TrailingData", bearer(a.Key), []byte(`{"messageId":"x","accounts":["sender"],"title":"t","content":"c"} {}`), 400, "invalid", ""},
			{"UnknownField", bearer(a.Key), with("acounts", []string{"sender"}), 400, "invalid", "acounts"},
			{"NoMessageID", bearer(a.Key), with("messageId", nil), 400, "invalid", "messageId"},
			{"LongMessageID", bearer(a.Key), with("messageId", strings.Repeat("m", 65)), 400, "invalid", "messageId"},
			{"SpaceInMessageID", bearer(a.Key), with("messageId", "a b"), 400, "invalid", "messageId"},
			{"NoAccounts", bearer(a.Key), with("accounts", []string{}), 400, "invalid", "accounts"},
			{"TooManyAccounts", bearer(a.Key), with("accounts", make([]string, 1001)), 400, "invalid", "accounts"},
			{"NoTitle", bearer(a.Key), with("title", "  "), 400, "invalid", "title"},
			{"LongTitle", bearer(a.Key), with("title", strings.Repeat("审", 43)), 400, "invalid", "title"},
			{"ControlInTitle", bearer(a.Key), with("title", "a\nb"), 400, "invalid", "title"},
			{"NoContent", bearer(a.Key), with("content", nil), 400, "invalid", "content"},
			{"LongContent", bearer(a.Key), with("content", strings.Repeat("c", 513)), 400, "invalid", "content"},
			{"ScriptURL", bearer(a.Key), with("url", "javascript:alert(1)"), 400, "invalid", "url"},
			{"FTPURL", bearer(a.Key), with("url", "ftp://pb.example/x"), 400, "invalid", "url"},
			{"RelativeURL", bearer(a.Key), with("url", "/orders/7"), 400, "invalid", "url"},
			{"TooLarge", bearer(a.Key), with("content", strings.Repeat("c", 65<<10)), 413, "invalid", ""},
			{"AllUnknown", bearer(a.Key), with("accounts", []string{"ghost", "frozen"}), 422, "not_found", "accounts"},
		}
		before := systemRows(t, env, a.Tenant)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				status, body := post(t, base, tt.auth, tt.body)
				got := decode[apiError](t, body)
				if status != tt.status || got.Error.Code != tt.code || got.Error.Field != tt.field || got.Error.Message == "" {
					t.Errorf("%d %s, want %d code %q field %q", status, body, tt.status, tt.code, tt.field)
				}
			})
		}
		if diff := cmp.Diff(before, systemRows(t, env, a.Tenant)); diff != "" {
			t.Errorf("refused calls wrote to the outbox (-before +after):\n%s", diff)
		}
	})

	t.Run("SchemeAnyCase", func(t *testing.T) {
		m := map[string]any{"messageId": "case-1", "accounts": []string{"sender"}, "title": "t", "content": "c"}
		if status, body := post(t, base, "bearer "+a.Key, m); status != http.StatusAccepted {
			t.Errorf("lower-case scheme: %d %s, want 202", status, body)
		}
	})

	t.Run("OtherTenantsKey", func(t *testing.T) {
		if _, _, err := env.Directory.CreateEmployee(a.Ctx(), directory.Employee{Name: "只在 A"}, "onlya", apptest.Password, ""); err != nil {
			t.Fatal(err)
		}
		beforeA := systemRows(t, env, a.Tenant)
		status, body := post(t, base, bearer(b.Key), map[string]any{"messageId": "b-1", "accounts": []string{"onlya"}, "title": "t", "content": "c"})
		if status != http.StatusUnprocessableEntity {
			t.Errorf("B's key to A's login: %d %s, want 422", status, body)
		}
		// The same login in both tenants: B's key reaches B's approver only.
		status, body = post(t, base, bearer(b.Key), map[string]any{"messageId": "b-2", "accounts": []string{"approver"}, "title": "来自 B", "content": "c"})
		if status != http.StatusAccepted {
			t.Fatalf("B's key to B's approver: %d %s", status, body)
		}
		if diff := cmp.Diff(beforeA, systemRows(t, env, a.Tenant)); diff != "" {
			t.Errorf("B's key wrote to A's outbox:\n%s", diff)
		}
		if c := waitCards(t, env, b.CorpID, b.Approver.WeComUserID, 1)[0]; c.Title != "【PB】来自 B" {
			t.Errorf("B's approver got %q", c.Title)
		}
		if n := len(env.Sim.Messages(a.CorpID, a.Approver.WeComUserID)); n != 1 {
			t.Errorf("A's approver has %d messages, want only the first test's", n)
		}
	})

	t.Run("RotatedKey", func(t *testing.T) {
		old := a.Key
		key, err := env.Directory.RotateSystemAPIKey(a.Ctx(), directory.SystemPB)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]any{"messageId": "rotated-1", "accounts": []string{"sender"}, "title": "t", "content": "c"}
		if status, body := post(t, base, bearer(old), m); status != http.StatusUnauthorized {
			t.Errorf("old key: %d %s, want 401", status, body)
		}
		if _, ok := systemRows(t, env, a.Tenant)[outbox.SystemMessageKey("PB", "rotated-1", a.Sender.EmployeeID)]; ok {
			t.Error("the old key wrote to the outbox")
		}
		if status, body := post(t, base, bearer(key), m); status != http.StatusAccepted {
			t.Errorf("new key: %d %s, want 202", status, body)
		}
		a.Key = key
	})

	t.Run("DisabledSystem", func(t *testing.T) {
		if _, err := env.Directory.SetSystemEnabled(a.Ctx(), directory.SystemPB, false); err != nil {
			t.Fatal(err)
		}
		m := map[string]any{"messageId": "disabled-1", "accounts": []string{"sender"}, "title": "t", "content": "c"}
		status, body := post(t, base, bearer(a.Key), m)
		if status != http.StatusUnauthorized || decode[apiError](t, body).Error.Code != "unauthenticated" {
			t.Errorf("disabled PB: %d %s, want 401 unauthenticated", status, body)
		}
		if _, ok := systemRows(t, env, a.Tenant)[outbox.SystemMessageKey("PB", "disabled-1", a.Sender.EmployeeID)]; ok {
			t.Error("a disabled system wrote to the outbox")
		}
		if _, err := env.Directory.SetSystemEnabled(a.Ctx(), directory.SystemPB, true); err != nil {
			t.Fatal(err)
		}
		if status, body := post(t, base, bearer(a.Key), m); status != http.StatusAccepted {
			t.Errorf("re-enabled PB: %d %s, want 202", status, body)
		}
	})
}

// TestSystemMessagesAudit: an accepted call logs the tenant, the system, the messageId and the counts, and
// neither an accepted nor a refused call logs the key.
func TestSystemMessagesAudit(t *testing.T) {
	env := apptest.New(t, dsn)
	a := newSystemTenant(t, env, "sysaudit")
	var logs testkit.LogBuffer
	srv := httptest.NewServer(web.NewRouter(web.Deps{Directory: env.Directory, SystemMessages: sysmsg.NewService(env.Directory, env.DB),
		Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}))
	defer srv.Close()
	m := map[string]any{"messageId": "audit-1", "accounts": []string{"sender", "ghost", "admin"}, "title": "t", "content": "c"}
	if status, body := post(t, srv.URL, "Bearer "+a.Key, m); status != http.StatusAccepted {
		t.Fatalf("status %d: %s", status, body)
	}
	if status, _ := post(t, srv.URL, "Bearer "+a.Key+"x", m); status != http.StatusUnauthorized {
		t.Fatalf("a bad key answered %d", status)
	}
	out := logs.String()
	want := fmt.Sprintf("msg=\"system message accepted\" tenant=%d system=PB message_id=audit-1 accepted=1 unknown=1 refused=1", a.ID)
	if !strings.Contains(out, want) {
		t.Errorf("no audit line %q in:\n%s", want, out)
	}
	secret := a.Key[strings.Index(a.Key, "_PB_")+4:]
	if strings.Contains(out, secret) {
		t.Errorf("the log holds the key:\n%s", out)
	}
}

// TestSystemMessagesMessageIDReuse: a messageId names one message. Retrying it, for the same or other recipients,
// answers 202 and tells nobody twice; reusing it for another title, content or url answers 409 conflict and writes
// nothing, where it used to answer 202 and drop the new message silently.
func TestSystemMessagesMessageIDReuse(t *testing.T) {
	env := apptest.New(t, dsn)
	a := newSystemTenant(t, env, "reusea")
	b := newSystemTenant(t, env, "reuseb")
	base := env.HTTP.URL
	msg := func(id, title, content, url string, accounts ...string) map[string]any {
		m := map[string]any{"messageId": id, "accounts": accounts, "title": title, "content": content}
		if url != "" {
			m["url"] = url
		}
		return m
	}
	const submitted, rejected, orderURL = "订单 9 已提交", "订单 9 已驳回", "https://pb.example/orders/9"
	mustPost := func(t *testing.T, tn systemTenant, m map[string]any) {
		t.Helper()
		if status, body := post(t, base, "Bearer "+tn.Key, m); status != http.StatusAccepted {
			t.Fatalf("first post: %d %s", status, body)
		}
	}
	mustPost(t, a, msg("order-9", submitted, "请审核", orderURL, "sender", "approver"))
	mustPost(t, a, msg("order-10", submitted, "请审核", "", "sender"))
	mustPost(t, a, msg("order-11", submitted, "请审核", "", "sender"))
	mustPost(t, a, msg("order-12:to:1", submitted, "请审核", "", "sender"))
	both := accepted{Accepted: []string{"sender", "approver"}, Unknown: []string{}, Refused: []refusal{}}
	key := func(id string, p apptest.Person) string { return outbox.SystemMessageKey("PB", id, p.EmployeeID) }

	tests := []struct {
		name   string
		tn     systemTenant
		body   map[string]any
		status int
		answer *accepted // for 202
		added  []string  // dedup keys of the rows a 202 adds to A's outbox
	}{
		{"SameMessage", a, msg("order-9", submitted, "请审核", orderURL, "sender", "approver"), 202, &both, nil},
		{"SameMessageSubset", a, msg("order-9", submitted, "请审核", orderURL, "approver"), 202,
			&accepted{Accepted: []string{"approver"}, Unknown: []string{}, Refused: []refusal{}}, nil},
		{"SameMessageSuperset", a, msg("order-10", submitted, "请审核", "", "sender", "approver"), 202, &both,
			[]string{key("order-10", a.Approver)}},
		{"OtherTitle", a, msg("order-9", rejected, "请审核", orderURL, "sender", "approver"), 409, nil, nil},
		{"OtherContent", a, msg("order-9", submitted, "金额有误", orderURL, "sender", "approver"), 409, nil, nil},
		{"OtherURL", a, msg("order-9", submitted, "请审核", orderURL+"?v=2", "sender", "approver"), 409, nil, nil},
		{"NoURL", a, msg("order-9", submitted, "请审核", "", "sender", "approver"), 409, nil, nil},
		{"OtherTitleOtherRecipient", a, msg("order-11", rejected, "请审核", "", "approver"), 409, nil, nil},
		{"OtherTitleAllRefused", a, msg("order-9", rejected, "请审核", orderURL, "admin"), 409, nil, nil},
		// messageIds that a prefix match or an unescaped LIKE wildcard would take for order-9.
		{"LongerMessageID", a, msg("order-9:to:1", rejected, "金额有误", "", "sender"), 202,
			&accepted{Accepted: []string{"sender"}, Unknown: []string{}, Refused: []refusal{}},
			[]string{key("order-9:to:1", a.Sender)}},
		{"ShorterMessageID", a, msg("order-12", rejected, "金额有误", "", "sender"), 202,
			&accepted{Accepted: []string{"sender"}, Unknown: []string{}, Refused: []refusal{}},
			[]string{key("order-12", a.Sender)}},
		{"WildcardMessageID", a, msg("order-_", rejected, "金额有误", "", "sender"), 202,
			&accepted{Accepted: []string{"sender"}, Unknown: []string{}, Refused: []refusal{}},
			[]string{key("order-_", a.Sender)}},
		// B's order-9 is not A's: B may post it with its own title (and A's outbox stays as it was).
		{"OtherTenant", b, msg("order-9", rejected, "金额有误", "", "approver"), 202,
			&accepted{Accepted: []string{"approver"}, Unknown: []string{}, Refused: []refusal{}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := systemRows(t, env, a.Tenant)
			status, body := post(t, base, "Bearer "+tt.tn.Key, tt.body)
			if status != tt.status {
				t.Fatalf("status %d %s, want %d", status, body, tt.status)
			}
			if tt.answer != nil {
				if diff := cmp.Diff(*tt.answer, decode[accepted](t, body)); diff != "" {
					t.Errorf("answer (-want +got):\n%s", diff)
				}
			} else {
				got := decode[apiError](t, body).Error
				if got.Code != "conflict" || got.Field != "messageId" || !strings.Contains(got.Message, "messageId 已用于另一条消息") ||
					strings.Contains(got.Message, "was already used") {
					t.Errorf("error %+v, want conflict on messageId with a message in Chinese only", got)
				}
			}
			after := systemRows(t, env, a.Tenant)
			for _, k := range tt.added {
				if _, ok := after[k]; !ok {
					t.Errorf("no row %s", k)
				}
				delete(after, k)
			}
			if diff := cmp.Diff(before, after); diff != "" {
				t.Errorf("the outbox changed (-before +after):\n%s", diff)
			}
		})
	}

	t.Run("Stored", func(t *testing.T) {
		rows := systemRows(t, env, a.Tenant)
		for _, k := range []string{key("order-9", a.Sender), key("order-9", a.Approver)} {
			if p := rows[k]; p.Title != submitted || p.Content != "请审核" || p.URL != orderURL {
				t.Errorf("row %s = %+v, want the first message", k, p)
			}
		}
		if p := rows[key("order-10", a.Approver)]; p.Title != submitted || p.Content != "请审核" {
			t.Errorf("the superset's new row = %+v, want the same message", p)
		}
		if p, ok := rows[key("order-11", a.Approver)]; ok {
			t.Errorf("the reused order-11 reached the approver: %+v", p)
		}
	})

	// Two posts of one messageId with different titles at once, to different employees (so the unique key cannot
	// stop either): exactly one is accepted and every row holds its title.
	t.Run("Concurrent", func(t *testing.T) {
		for i := range 10 {
			id := fmt.Sprintf("race-%d", i)
			statuses := make([]int, 2)
			var wg sync.WaitGroup
			for j, acc := range []string{"sender", "approver"} {
				raw, _ := json.Marshal(msg(id, acc, "c", "", acc))
				// Not post: t.Fatal must not run outside the test's goroutine.
				wg.Go(func() {
					req, _ := http.NewRequest(http.MethodPost, base+web.SystemMessagesPath, bytes.NewReader(raw))
					req.Header.Set("Authorization", "Bearer "+a.Key)
					res, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					statuses[j] = res.StatusCode
					res.Body.Close()
				})
			}
			wg.Wait()
			slices.Sort(statuses)
			if !slices.Equal(statuses, []int{202, 409}) {
				t.Errorf("%s: statuses %v, want one 202 and one 409", id, statuses)
			}
			titles := map[string]bool{}
			for k, p := range systemRows(t, env, a.Tenant) {
				if strings.HasPrefix(k, "system:PB:"+id+":") {
					titles[p.Title] = true
				}
			}
			if len(titles) != 1 {
				t.Errorf("%s: rows hold titles %v, want one", id, titles)
			}
		}
	})
}

// TestOwnSystemMessages: a system the tenant added (HR, seed 001 §5) posts messages as PB does, and they reach the
// phone through HR's own WeCom app, titled with its code; PB, which has no app of its own here, goes out through
// OA's. Once HR is removed, its key is refused and its app unbound.
func TestOwnSystemMessages(t *testing.T) {
	env := apptest.New(t, dsn)
	env.RunWorker(t)
	a := newSystemTenant(t, env, "own")
	ctx, dir := a.Ctx(), env.Directory
	const hrAgent = 1000042
	if _, err := dir.AddSystem(ctx, "HR", "人力资源"); err != nil {
		t.Fatal(err)
	}
	if err := env.Sim.AddApp(a.CorpID, hrAgent, "hr-app-secret", "人力资源"); err != nil {
		t.Fatal(err)
	}
	secret := "hr-app-secret"
	if err := env.Binding.SaveApp(ctx, "hr", hrAgent, &secret); err != nil {
		t.Fatal(err)
	}
	role, err := dir.CreateSystemRole(ctx, "人事", []string{"HR"}, true)
	if err != nil {
		t.Fatal(err)
	}
	roles, err := dir.SystemRolesOf(ctx, a.Approver.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	ids := []uint64{role.ID}
	for _, r := range roles {
		ids = append(ids, r.ID)
	}
	if err := dir.AssignSystemRoles(ctx, a.Approver.AccountID, ids); err != nil {
		t.Fatal(err)
	}
	hrKey, err := dir.RotateSystemAPIKey(ctx, "HR")
	if err != nil {
		t.Fatal(err)
	}

	for _, m := range []struct{ key, id, title string }{{hrKey, "payslip-2026-11", "11 月工资条"}, {a.Key, "order-1", "订单 1 已审核"}} {
		body := map[string]any{"messageId": m.id, "accounts": []string{"approver"}, "title": m.title, "content": "请查看"}
		status, raw := post(t, env.HTTP.URL, "Bearer "+m.key, body)
		if status != http.StatusAccepted || len(decode[accepted](t, raw).Accepted) != 1 {
			t.Fatalf("%s: status %d: %s", m.id, status, raw)
		}
	}
	waitCards(t, env, a.CorpID, a.Approver.WeComUserID, 2)
	agents := map[string]int64{}
	for _, m := range env.Sim.Messages(a.CorpID, a.Approver.WeComUserID) {
		agents[decode[card](t, m.Payload).Title] = m.AgentID
	}
	want := map[string]int64{"【HR】11 月工资条": hrAgent, "【PB】订单 1 已审核": a.AgentID}
	if diff := cmp.Diff(want, agents); diff != "" {
		t.Errorf("card → app (-want +got):\n%s", diff)
	}

	if err := env.Binding.RemoveSystem(ctx, "HR"); err != nil {
		t.Fatal(err)
	}
	status, raw := post(t, env.HTTP.URL, "Bearer "+hrKey, map[string]any{"messageId": "late", "accounts": []string{"approver"}, "title": "t", "content": "c"})
	if status != http.StatusUnauthorized {
		t.Errorf("removed system's key: status %d: %s", status, raw)
	}
	b, err := env.Tenants.Binding(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, app := range b.Apps {
		if app.System == "HR" {
			t.Errorf("HR's app still bound: %+v", b.Apps)
		}
	}
	for _, r := range b.Receivers {
		if r.Name == "hr" {
			t.Errorf("HR's receiver left behind: %+v", r)
		}
	}
}
