package callbacks_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// jobs is push's side of TEMPLATESENDJOBFINISH: it knows the msgids in known.
type jobs struct{ known map[string]string }

func (j jobs) JobFinished(_ context.Context, msgID, status string) (bool, error) {
	if _, ok := j.known[msgID]; !ok {
		return false, nil
	}
	j.known[msgID] = status
	return true, nil
}

// TestMPIntake: the service account's verification answers echostr under the Token's signature; an event is taken
// in safe mode (msg_signature, decryption for the AppID) and refused with a wrong signature or as a plain post to a
// safe account; a job-finish naming no delivery yet is tried again until ten minutes have passed, and recorded when
// the delivery knows its msgid.
func TestMPIntake(t *testing.T) {
	e := newEnv(t)
	tn := e.tenant(t)
	const appID = "wx00000000000000c1"
	ctx := tn.ctx()
	if err := e.tenants.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: ptrTo(appID),
		Secret: ptrTo("0123456789abcdef0123456789abcdef")}); err != nil {
		t.Fatal(err)
	}
	target, err := e.tenants.MPReceiver(context.Background(), tn.Slug)
	if err != nil {
		t.Fatal(err)
	}
	j := jobs{known: map[string]string{}}
	svc := callbacks.NewService(callbacks.Deps{DB: e.db, Tenants: e.tenants, Directory: e.dir, Outbox: e.outbox,
		MPTenants: e.tenants, Templates: j, Now: e.clock.Now})

	ts, nonce := strconv.FormatInt(e.clock.Now().Unix(), 10), "nonce1"
	sig := wxcrypt.PlainSignature(target.Token, ts, nonce)
	echo, err := svc.VerifyMP(context.Background(), tn.Slug, callbacks.MPSigned{Signature: sig, Timestamp: ts, Nonce: nonce}, "echo-123")
	if err != nil || string(echo) != "echo-123" {
		t.Fatalf("VerifyMP = %q, %v", echo, err)
	}
	if _, err := svc.VerifyMP(context.Background(), tn.Slug, callbacks.MPSigned{Signature: "bad", Timestamp: ts, Nonce: nonce}, "x"); !errors.Is(err, callbacks.ErrSignature) {
		t.Errorf("a wrong signature verified: %v", err)
	}

	post := func(ev wxcrypt.Event, plain bool) error {
		cr, err := wxcrypt.New(target.Token, target.AESKey, appID)
		if err != nil {
			t.Fatal(err)
		}
		q := callbacks.MPSigned{Signature: sig, Timestamp: ts, Nonce: nonce}
		body := ev.XML()
		if !plain {
			enc, err := cr.Encrypt(body)
			if err != nil {
				t.Fatal(err)
			}
			q.EncryptType, q.MsgSignature, body = "aes", cr.Signature(ts, nonce, enc), cr.MPEnvelope(enc)
		}
		_, err = svc.ReceiveMP(context.Background(), tn.Slug, q, body)
		return err
	}
	job := func(msgID string) wxcrypt.Event {
		return wxcrypt.Event{ToUserName: "gh_account", FromUserName: "o-1", CreateTime: e.clock.Now().Unix(), MsgType: "event",
			Event: "TEMPLATESENDJOBFINISH", MsgId: msgID, Status: "failed:user block"}
	}
	if err := post(job("1001"), true); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("a plain post to a safe account: %v", err)
	}
	if err := post(job("1001"), false); err != nil {
		t.Fatal(err)
	}
	process := func() error {
		var ms []outbox.Message
		if err := e.db.WithContext(ctx).Where("done_at IS NULL AND kind = ?", outbox.KindWeComEvent).Find(&ms).Error; err != nil {
			t.Fatal(err)
		}
		var errs []error
		for _, m := range ms {
			errs = append(errs, svc.Process(ctx, m.ID))
		}
		return errors.Join(errs...)
	}
	if err := process(); err == nil {
		t.Fatal("a job-finish naming no delivery was taken as handled at once")
	}
	j.known["1001"] = ""
	if err := process(); err != nil || j.known["1001"] != "failed:user block" {
		t.Fatalf("once the delivery knows its msgid: %v, status %q", err, j.known["1001"])
	}

	// One that never finds its delivery is ignored after ten minutes, with why.
	if err := post(job("2002"), false); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(11 * time.Minute)
	if err := process(); err != nil {
		t.Fatalf("an old job-finish naming no delivery: %v", err)
	}
	ignored := 0
	for _, ev := range e.inbox(t, tn) {
		if ev.Receiver == callbacks.ReceiverMP && ev.Status == callbacks.StatusIgnored {
			ignored++
		}
	}
	if ignored != 1 {
		t.Errorf("%d service-account events ignored, want 1", ignored)
	}
}

func ptrTo[T any](v T) *T { return &v }
