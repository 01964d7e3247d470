package callbacks_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// TestRefusals: every refusal is typed, answers before anything is stored, and stores nothing.
func TestRefusals(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	other := e.tenant(t)
	now := e.clock.Now()
	ev := tn.event("add_external_contact", tn.userID("sender"), "wmRefused", now)
	good := sign(t, tn.Keys["oa"], tn.CorpID, tn.AgentID, now, ev.XML())
	otherCorp := ev
	otherCorp.ToUserName = other.CorpID

	cases := []struct {
		name       string
		slug, recv string
		p          post
		want       error
		code       apperr.Code
	}{
		{"UnknownTenant", "no-such-tenant", "oa", good, callbacks.ErrUnknownReceiver, apperr.NotFound},
		{"UnknownReceiver", tn.Slug, "hr", good, callbacks.ErrUnknownReceiver, apperr.NotFound},
		{"NoSignature", tn.Slug, "oa", post{q: callbacks.Signed{Timestamp: good.q.Timestamp, Nonce: good.q.Nonce}, body: good.body},
			callbacks.ErrMalformed, apperr.Invalid},
		{"TimestampNotANumber", tn.Slug, "oa", post{q: callbacks.Signed{Signature: good.q.Signature, Timestamp: "soon", Nonce: "1"},
			body: good.body}, callbacks.ErrMalformed, apperr.Invalid},
		{"BadSignature", tn.Slug, "oa", post{q: callbacks.Signed{Signature: strings.Repeat("0", 40), Timestamp: good.q.Timestamp,
			Nonce: good.q.Nonce}, body: good.body}, callbacks.ErrSignature, apperr.Forbidden},
		{"OtherReceiversKeys", tn.Slug, "contacts", good, callbacks.ErrSignature, apperr.Forbidden},
		{"AnotherTenantsKeys", tn.Slug, "oa", sign(t, other.Keys["oa"], tn.CorpID, tn.AgentID, now, ev.XML()),
			callbacks.ErrSignature, apperr.Forbidden},
		{"EncryptedForAnotherCorp", tn.Slug, "oa", sign(t, tn.Keys["oa"], other.CorpID, tn.AgentID, now, ev.XML()),
			callbacks.ErrWrongCorp, apperr.Forbidden},
		{"EventNamesAnotherCorp", tn.Slug, "oa", sign(t, tn.Keys["oa"], tn.CorpID, tn.AgentID, now, otherCorp.XML()),
			callbacks.ErrWrongCorp, apperr.Forbidden},
		{"Stale", tn.Slug, "oa", sign(t, tn.Keys["oa"], tn.CorpID, tn.AgentID, now.Add(-callbacks.MaxClockSkew-time.Minute), ev.XML()),
			callbacks.ErrStale, apperr.Forbidden},
		{"FromTheFuture", tn.Slug, "oa", sign(t, tn.Keys["oa"], tn.CorpID, tn.AgentID, now.Add(callbacks.MaxClockSkew+time.Minute), ev.XML()),
			callbacks.ErrStale, apperr.Forbidden},
		{"GarbageBody", tn.Slug, "oa", post{q: good.q, body: []byte("not xml at all")}, callbacks.ErrMalformed, apperr.Invalid},
		{"EnvelopeWithoutEncrypt", tn.Slug, "oa", post{q: good.q, body: []byte("<xml><ToUserName>x</ToUserName></xml>")},
			callbacks.ErrMalformed, apperr.Invalid},
		{"SignedGarbageCiphertext", tn.Slug, "oa", signedCiphertext(t, tn.Keys["oa"], now, "bm90IGEgY2lwaGVydGV4dA=="),
			callbacks.ErrMalformed, apperr.Invalid},
		{"SignedPlaintextNotXML", tn.Slug, "oa", sign(t, tn.Keys["oa"], tn.CorpID, tn.AgentID, now, []byte("hello")),
			callbacks.ErrMalformed, apperr.Invalid},
		{"NoMsgType", tn.Slug, "oa", sign(t, tn.Keys["oa"], tn.CorpID, tn.AgentID, now,
			[]byte("<xml><ToUserName>"+tn.CorpID+"</ToUserName></xml>")), callbacks.ErrMalformed, apperr.Invalid},
		{"TooLarge", tn.Slug, "oa", post{q: good.q, body: bytes.Repeat([]byte(" "), callbacks.MaxEventBody+1)},
			callbacks.ErrTooLarge, apperr.Invalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.svc.Receive(context.Background(), tc.slug, tc.recv, tc.p.q, tc.p.body)
			if !errors.Is(err, tc.want) || apperr.CodeOf(err) != tc.code {
				t.Fatalf("Receive = %v, want %v (%s)", err, tc.want, tc.code)
			}
			if apperr.MessageOf(err) == "internal error" {
				t.Errorf("refusal without a message: %v", err)
			}
		})
	}
	if got := e.inbox(t, tn); len(got) != 0 {
		t.Errorf("refused requests stored %d rows: %+v", len(got), got)
	}
	var n int64
	if err := e.db.WithContext(tn.ctx()).Model(&outbox.Message{}).Where("kind = ?", outbox.KindWeComEvent).Count(&n).Error; err != nil || n != 0 {
		t.Errorf("refused requests wrote %d outbox rows (%v)", n, err)
	}

	t.Run("VerifyRefusals", func(t *testing.T) {
		cr, _ := wxcrypt.New(tn.Keys["oa"].Token, tn.Keys["oa"].AESKey, tn.CorpID)
		echo, _ := cr.Encrypt([]byte("1616140317555161061"))
		ts := good.q.Timestamp
		q := callbacks.Signed{Signature: cr.Signature(ts, "n1", echo), Timestamp: ts, Nonce: "n1"}
		for _, c := range []struct {
			name, slug, recv, echo string
			q                      callbacks.Signed
			want                   error
		}{
			{"NoEchostr", tn.Slug, "oa", "", q, callbacks.ErrMalformed},
			{"BadSignature", tn.Slug, "oa", echo + "x", q, callbacks.ErrSignature},
			{"WrongReceiver", tn.Slug, "customers", echo, q, callbacks.ErrSignature},
			{"UnknownReceiver", tn.Slug, "nope", echo, q, callbacks.ErrUnknownReceiver},
		} {
			if _, err := e.svc.Verify(context.Background(), c.slug, c.recv, c.q, c.echo); !errors.Is(err, c.want) {
				t.Errorf("%s: Verify = %v, want %v", c.name, err, c.want)
			}
		}
		got, err := e.svc.Verify(context.Background(), tn.Slug, "oa", q, echo)
		if err != nil || string(got) != "1616140317555161061" {
			t.Fatalf("Verify = %q, %v", got, err)
		}
		b, err := e.tenants.Binding(tn.ctx())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range b.Receivers {
			if (r.VerifiedAt != nil) != (r.Name == "oa") {
				t.Errorf("receiver %s verified at %v", r.Name, r.VerifiedAt)
			}
		}
	})
}

// signedCiphertext signs a ciphertext that is not one (a correct signature over garbage).
func signedCiphertext(tb testing.TB, k tenants.ReceiverKeys, ts time.Time, enc string) post {
	tb.Helper()
	cr, err := wxcrypt.New(k.Token, k.AESKey, "")
	if err != nil {
		tb.Fatal(err)
	}
	p := sign(tb, k, "", 0, ts, []byte("<xml/>"))
	p.q.Signature = cr.Signature(p.q.Timestamp, p.q.Nonce, enc)
	p.body = cr.Envelope(enc, 0)
	return p
}

// TestIdempotentIntake: the same POST twice (WeCom's retry, or a replayed request) is one inbox row and one outbox
// row, processed once; the same event reaching two receivers (an app's and the customer-contact one) too.
func TestIdempotentIntake(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	ev := tn.event("edit_external_contact", tn.userID("sender"), "wmNobody", e.clock.Now())
	p := sign(t, tn.Keys["oa"], tn.CorpID, tn.AgentID, e.clock.Now(), ev.XML())
	first, err := e.svc.Receive(context.Background(), tn.Slug, "oa", p.q, p.body)
	if err != nil || first.Duplicate || first.ID == 0 {
		t.Fatalf("first Receive = %+v, %v", first, err)
	}
	again, err := e.svc.Receive(context.Background(), tn.Slug, "oa", p.q, p.body)
	if err != nil || !again.Duplicate || again.ID != first.ID {
		t.Fatalf("second Receive = %+v, %v; want a duplicate of %d", again, err, first.ID)
	}
	viaCustomers := e.receive(t, tn, "customers", ev)
	if !viaCustomers.Duplicate || viaCustomers.ID != first.ID {
		t.Errorf("the same event at the customers receiver = %+v, want a duplicate of %d", viaCustomers, first.ID)
	}
	if n := e.drain(t, tn); n != 1 {
		t.Errorf("outbox rows processed = %d, want 1", n)
	}
	if n := e.drain(t, tn); n != 0 {
		t.Errorf("outbox rows left after processing = %d", n)
	}
	rows := e.inbox(t, tn)
	if len(rows) != 1 || rows[0].Attempts != 1 || rows[0].Status != callbacks.StatusProcessed {
		t.Fatalf("inbox = %+v, want one row processed in one attempt", rows)
	}
	// A task that runs again (asynq delivers at least once) does not process it again.
	var m outbox.Message
	if err := e.db.WithContext(tn.ctx()).Where("kind = ?", outbox.KindWeComEvent).Take(&m).Error; err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Process(tn.ctx(), m.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.svc.Get(tn.ctx(), first.ID); got.Attempts != 1 {
		t.Errorf("attempts after a second run = %d, want 1", got.Attempts)
	}
}

// FuzzIntake: whatever arrives, Receive refuses it with one of its typed refusals or takes it in; it never panics
// and never answers internal. Each input is either a raw request (signature, timestamp, nonce, body) or, with
// signed set, plain encrypted and signed with the receiver's keys, so that the decryption, the event's parse and
// the corp check meet the fuzzer's bytes too. Seeds: a valid event, its tampered variants and garbage.
func FuzzIntake(f *testing.F) {
	e := newEnv(f)
	tn := e.tenant(f)
	now := e.clock.Now()
	event := tn.event("add_external_contact", "u", "wm1", now).XML()
	valid := sign(f, tn.Keys["oa"], tn.CorpID, tn.AgentID, now, event)
	raw := func(sig, ts, nonce string, body []byte) { f.Add(sig, ts, nonce, body, false) }
	raw(valid.q.Signature, valid.q.Timestamp, valid.q.Nonce, valid.body)
	raw(valid.q.Signature, valid.q.Timestamp, valid.q.Nonce, append([]byte{}, valid.body[:len(valid.body)/2]...))
	raw("", "", "", []byte{})
	raw(valid.q.Signature, "-9999999999999", valid.q.Nonce, valid.body)
	raw(valid.q.Signature, valid.q.Timestamp, valid.q.Nonce, []byte("<xml><Encrypt><![CDATA[AAAA]]></Encrypt></xml>"))
	raw(strings.Repeat("f", 40), valid.q.Timestamp, "x", []byte("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><xml>&a;</xml>"))
	raw(valid.q.Signature, valid.q.Timestamp, valid.q.Nonce, bytes.ReplaceAll(valid.body, []byte("<xml>"), []byte("<xml><xml>")))
	signed := func(plain string) { f.Add("", "", "", []byte(plain), true) }
	signed(string(event))
	signed("<xml><ToUserName>" + tn.CorpID + "</ToUserName><MsgType>event</MsgType><CreateTime>x</CreateTime></xml>")
	signed("<xml><ToUserName>" + tn.CorpID + "</ToUserName><MsgType>event</MsgType><Department>1,a</Department></xml>")
	signed("<xml><ToUserName>wwsomeoneelse</ToUserName><MsgType>event</MsgType></xml>")
	signed("")
	signed("\xff\xfe<xml>")
	refusals := []error{callbacks.ErrMalformed, callbacks.ErrTooLarge, callbacks.ErrSignature, callbacks.ErrWrongCorp,
		callbacks.ErrStale, callbacks.ErrUnknownReceiver}
	f.Fuzz(func(t *testing.T, sig, ts, nonce string, body []byte, signPlain bool) {
		q := callbacks.Signed{Signature: sig, Timestamp: ts, Nonce: nonce}
		if signPlain {
			p := sign(t, tn.Keys["oa"], tn.CorpID, tn.AgentID, now, body)
			q, body = p.q, p.body
		}
		_, err := e.svc.Receive(context.Background(), tn.Slug, "oa", q, body)
		if err == nil {
			return
		}
		for _, r := range refusals {
			if errors.Is(err, r) {
				return
			}
		}
		t.Fatalf("Receive = %v, want nil or a typed refusal", err)
	})
}

// TestGroupCommit: a burst of events, each posted twice at the same moment (WeCom's retry racing the first try),
// is written once each, whichever group commit carries them, with one outbox row each; every post learns the row.
func TestGroupCommit(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	now := e.clock.Now()
	const n = 150
	posts := make([]post, n)
	for i := range posts {
		ev := wxcrypt.Event{ToUserName: tn.CorpID, FromUserName: "sys", CreateTime: now.Unix() + int64(i), MsgType: "event",
			Event: "change_contact", ChangeType: "delete_user", UserID: "burst"}
		posts[i] = sign(t, tn.Keys["contacts"], tn.CorpID, 0, now, ev.XML())
	}
	type result struct {
		i   int
		r   callbacks.Receipt
		err error
	}
	results := make(chan result, 2*n)
	var wg sync.WaitGroup
	for i := range 2 * n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := posts[i%n]
			r, err := e.svc.Receive(context.Background(), tn.Slug, "contacts", p.q, p.body)
			results <- result{i % n, r, err}
		}()
	}
	wg.Wait()
	close(results)
	ids := map[int]map[uint64]bool{}
	fresh := map[int]int{}
	for r := range results {
		if r.err != nil {
			t.Fatalf("Receive %d: %v", r.i, r.err)
		}
		if ids[r.i] == nil {
			ids[r.i] = map[uint64]bool{}
		}
		ids[r.i][r.r.ID] = true
		if !r.r.Duplicate {
			fresh[r.i]++
		}
	}
	for i := range n {
		if len(ids[i]) != 1 || fresh[i] != 1 {
			t.Errorf("event %d: rows %v, %d posts not duplicates; want one row, written once", i, ids[i], fresh[i])
		}
	}
	var rows, msgs int64
	e.db.WithContext(tn.ctx()).Model(&callbacks.Event{}).Count(&rows)
	e.db.WithContext(tn.ctx()).Model(&outbox.Message{}).Where("kind = ?", outbox.KindWeComEvent).Count(&msgs)
	if rows != n || msgs != n {
		t.Errorf("%d inbox rows and %d outbox rows, want %d of each", rows, msgs, n)
	}
	if got := e.drain(t, tn); got != n {
		t.Errorf("processed %d outbox rows, want %d", got, n)
	}
}
