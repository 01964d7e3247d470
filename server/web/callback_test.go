package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
	"github.com/qiao-hq/qiao/worker/relay"
)

// receiverKeys returns the keys of t's receivers by name.
func receiverKeys(t *testing.T, env *apptest.Env, tn apptest.Tenant) map[string]tenants.ReceiverKeys {
	t.Helper()
	b, err := env.Tenants.Binding(tn.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]tenants.ReceiverKeys{}
	for _, r := range b.Receivers {
		out[r.Name] = r
	}
	return out
}

// intakeURL is the address of t's receiver name, with WeCom's signature of enc (and echostr, for a GET) at ts.
func intakeURL(base string, tn apptest.Tenant, name string, cr *wxcrypt.Crypter, ts time.Time, enc, echostr string) string {
	tsText, nonce := strconv.FormatInt(ts.Unix(), 10), "5831"
	q := url.Values{"msg_signature": {cr.Signature(tsText, nonce, enc)}, "timestamp": {tsText}, "nonce": {nonce}}
	if echostr != "" {
		q.Set("echostr", echostr)
	}
	return base + "/callback/wecom/" + tn.Slug + "/" + name + "?" + q.Encode()
}

func do(t *testing.T, method, u string, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestCallbackIntake: the HTTP edge of the intake: WeCom's URL verification answers the plaintext exactly, an
// event is acknowledged with an empty 200, and each refusal has its status.
func TestCallbackIntake(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "cbh")
	keys := receiverKeys(t, env, tn)
	cr, err := wxcrypt.New(keys["oa"].Token, keys["oa"].AESKey, tn.CorpID)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := wxcrypt.New(keys["contacts"].Token, keys["contacts"].AESKey, tn.CorpID)
	now := time.Now()
	echo, _ := cr.Encrypt([]byte("6371842198725613457"))
	ev := wxcrypt.Event{ToUserName: tn.CorpID, FromUserName: "sys", CreateTime: now.Unix(), MsgType: "event",
		Event: "change_contact", ChangeType: "create_user", UserID: "newcomer"}
	enc, _ := cr.Encrypt(ev.XML())
	body := string(cr.Envelope(enc, tn.AgentID))
	base := env.HTTP.URL

	t.Run("Verification", func(t *testing.T) {
		status, got := do(t, http.MethodGet, intakeURL(base, tn, "oa", cr, now, echo, echo), "")
		if status != http.StatusOK || got != "6371842198725613457" {
			t.Fatalf("GET = %d %q, want 200 and the plaintext exactly", status, got)
		}
	})
	t.Run("Event", func(t *testing.T) {
		u := intakeURL(base, tn, "oa", cr, now, enc, "")
		for range 2 { // WeCom's retry of the same request
			if status, got := do(t, http.MethodPost, u, body); status != http.StatusOK || got != "" {
				t.Fatalf("POST = %d %q, want an empty 200", status, got)
			}
		}
		p, err := env.Callbacks.List(tn.Ctx(), callbacks.Filter{}, 10, "")
		if err != nil || len(p.Events) != 1 {
			t.Fatalf("inbox = %+v, %v; want one row", p.Events, err)
		}
	})
	big := "<xml><Encrypt>" + strings.Repeat("A", callbacks.MaxEventBody) + "</Encrypt></xml>"
	for _, c := range []struct {
		name, method, url, body string
		want                    int
	}{
		{"UnknownTenant", http.MethodPost, strings.Replace(intakeURL(base, tn, "oa", cr, now, enc, ""), tn.Slug, "nobody-here", 1), body, http.StatusNotFound},
		{"UnknownReceiver", http.MethodPost, intakeURL(base, tn, "hr", cr, now, enc, ""), body, http.StatusNotFound},
		{"BadSignature", http.MethodPost, intakeURL(base, tn, "oa", other, now, enc, ""), body, http.StatusForbidden},
		{"Stale", http.MethodPost, intakeURL(base, tn, "oa", cr, now.Add(-time.Hour), enc, ""), body, http.StatusForbidden},
		{"Garbage", http.MethodPost, intakeURL(base, tn, "oa", cr, now, enc, ""), "\x00\xff garbage", http.StatusBadRequest},
		{"NoQuery", http.MethodPost, base + "/callback/wecom/" + tn.Slug + "/oa", body, http.StatusBadRequest},
		{"TooLarge", http.MethodPost, intakeURL(base, tn, "oa", cr, now, enc, ""), big, http.StatusRequestEntityTooLarge},
		{"VerificationBadSignature", http.MethodGet, intakeURL(base, tn, "oa", other, now, echo, echo), "", http.StatusForbidden},
		{"VerificationNoEchostr", http.MethodGet, intakeURL(base, tn, "oa", cr, now, echo, ""), "", http.StatusBadRequest},
		{"Method", http.MethodPut, intakeURL(base, tn, "oa", cr, now, enc, ""), body, http.StatusMethodNotAllowed},
	} {
		t.Run(c.name, func(t *testing.T) {
			if status, got := do(t, c.method, c.url, c.body); status != c.want {
				t.Errorf("%s = %d %q, want %d", c.method, status, got, c.want)
			}
		})
	}
}

// TestCallbackEndToEnd: the simulator's console saves our intake as the corp's callbacks (its verification
// request passes), a member adds a customer on the phone, and the customer is in the directory within seconds;
// the member deleting them takes them out again.
func TestCallbackEndToEnd(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "cbe")
	ctx := tn.Ctx()
	// apptest binds the tenant to its simulated corp (BindWeCom: SaveCorp and the OA app). The simulator knows no
	// customer-contact secret, so customer contact runs on the OA app's, as WeCom's newer arrangement has it.
	keys := receiverKeys(t, env, tn)
	at := func(name string) string { return env.HTTP.URL + "/callback/wecom/" + tn.Slug + "/" + name }
	if err := env.Sim.SaveCallback(context.Background(), tn.CorpID, tn.AgentID, at("oa"), keys["oa"].Token, keys["oa"].AESKey); err != nil {
		t.Fatalf("saving the OA app's callback: %v", err)
	}
	if err := env.Sim.SaveExternalContactCallback(context.Background(), tn.CorpID, at("customers"), keys["customers"].Token,
		keys["customers"].AESKey); err != nil {
		t.Fatalf("saving the customer-contact callback: %v", err)
	}
	for name, k := range receiverKeys(t, env, tn) {
		if (name == "oa" || name == "customers") != (k.VerifiedAt != nil) {
			t.Errorf("receiver %s verified at %v", name, k.VerifiedAt)
		}
	}
	env.RunWorker(t)

	start := time.Now()
	id, err := env.Sim.AddExternalContact(tn.CorpID, tn.Sender.WeComUserID, sim.ExternalContact{Name: "客户端到端", Remark: "展会"})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the contact in the directory", func() bool {
		c, err := env.Directory.ExternalContact(ctx, id)
		return err == nil && len(c.Followers) == 1 && c.Followers[0].EmployeeID == tn.Sender.EmployeeID
	})
	t.Logf("external contact in the directory %s after it was added", time.Since(start).Round(time.Millisecond))

	// The same event reached both receivers: one row, processed once (its outcome is recorded just after the
	// directory's write).
	waitFor(t, 5*time.Second, "the event recorded processed", func() bool {
		p, err := env.Callbacks.List(ctx, callbacks.Filter{Event: "change_external_contact"}, 10, "")
		if err != nil || len(p.Events) != 1 {
			t.Fatalf("inbox = %+v, %v; want one row", p.Events, err)
		}
		return p.Events[0].Status == callbacks.StatusProcessed && p.Events[0].Attempts == 1
	})
	if err := env.Sim.DeleteExternalContact(tn.CorpID, tn.Sender.WeComUserID, id); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the contact gone", func() bool {
		_, err := env.Directory.ExternalContact(ctx, id)
		return err != nil
	})
	for _, a := range env.Sim.CallbackAttempts(tn.CorpID) {
		if !a.OK {
			t.Errorf("callback attempt not acknowledged: %+v", a)
		}
	}
}

// TestCallbackRedisFlush: events acknowledged while the queue loses everything (Redis flushed after the relay
// handed them over) are processed once the relay hands them over again: delayed, not lost.
func TestCallbackRedisFlush(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "cbf")
	keys := receiverKeys(t, env, tn)
	cr, _ := wxcrypt.New(keys["contacts"].Token, keys["contacts"].AESKey, tn.CorpID)
	now := time.Now()
	const n = 5
	for i := range n {
		ev := wxcrypt.Event{ToUserName: tn.CorpID, FromUserName: "sys", CreateTime: now.Unix() + int64(i), MsgType: "event",
			Event: "change_contact", ChangeType: "delete_user", UserID: "gone" + strconv.Itoa(i)}
		enc, _ := cr.Encrypt(ev.XML())
		if status, _ := do(t, http.MethodPost, intakeURL(env.HTTP.URL, tn, "contacts", cr, now, enc, ""), string(cr.Envelope(enc, 0))); status != http.StatusOK {
			t.Fatalf("POST = %d", status)
		}
	}
	// The relay hands the rows to the queue, then the queue forgets everything.
	client := asynq.NewClient(env.Redis)
	defer client.Close()
	r := relay.New(env.Outbox, client, slog.New(slog.DiscardHandler), relay.Config{Lease: 500 * time.Millisecond})
	if moved, err := r.Flush(context.Background()); err != nil || moved != n {
		t.Fatalf("relay Flush = %d, %v; want %d", moved, err, n)
	}
	rdb := redis.NewClient(&redis.Options{Addr: env.Redis.Addr, DB: env.Redis.DB})
	defer rdb.Close()
	if err := rdb.FlushDB(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	env.RelayConfig = relay.Config{Lease: 500 * time.Millisecond, Interval: 50 * time.Millisecond}
	env.RunWorker(t)
	waitFor(t, 15*time.Second, "every event processed", func() bool {
		// The members deleted are nobody of the tenant's: each event is ignored, once.
		p, err := env.Callbacks.List(tn.Ctx(), callbacks.Filter{Status: callbacks.StatusIgnored}, 10, "")
		return err == nil && len(p.Events) == n
	})
	var open int64
	if err := env.DB.WithContext(tn.Ctx()).Model(&outbox.Message{}).Where("done_at IS NULL").Count(&open).Error; err != nil || open != 0 {
		t.Errorf("open outbox rows = %d (%v), want 0", open, err)
	}
}

func waitFor(t *testing.T, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
