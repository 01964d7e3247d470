package embedded_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// TestCallbackInbox: the callback intake's statements run on the embedded engine as on MariaDB (the demo of make
// run takes the simulator's events through them): a group commit of a burst, a retry found by its hash, the
// processing that records the outcome and marks the outbox row done.
func TestCallbackInbox(t *testing.T) {
	db := mustMigrated(t)
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		t.Fatal(err)
	}
	sealer, err := tenants.NewSealer("embedded-callbacks-key-0123456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	ts := tenants.NewStore(db, sealer)
	tn, err := ts.Create(tenancy.System(context.Background()), "emb", "嵌入")
	if err != nil {
		t.Fatal(err)
	}
	ctx := tenancy.WithTenant(context.Background(), tn.ID)
	if err := ts.BindWeCom(ctx, "wwembedded", 1000002, "secret"); err != nil {
		t.Fatal(err)
	}
	b, err := ts.Binding(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var cr *wxcrypt.Crypter
	for _, r := range b.Receivers {
		if r.Name == "contacts" {
			cr, _ = wxcrypt.New(r.Token, r.AESKey, "wwembedded")
		}
	}
	ob := outbox.NewStore(db)
	svc := callbacks.NewService(callbacks.Deps{DB: db, Tenants: ts, Directory: directory.NewStore(db, nil), Outbox: ob})
	now := time.Now()
	post := func(i int) (callbacks.Receipt, error) {
		ev := wxcrypt.Event{ToUserName: "wwembedded", FromUserName: "sys", CreateTime: now.Unix() + int64(i), MsgType: "event",
			Event: "change_contact", ChangeType: "create_user", UserID: "u" + strconv.Itoa(i)}
		enc, _ := cr.Encrypt(ev.XML())
		tsText := strconv.FormatInt(now.Unix(), 10)
		q := callbacks.Signed{Signature: cr.Signature(tsText, "1", enc), Timestamp: tsText, Nonce: "1"}
		return svc.Receive(context.Background(), "emb", "contacts", q, cr.Envelope(enc, 0))
	}
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for i := range 2 * n {
		wg.Add(1)
		go func() { defer wg.Done(); _, err := post(i % n); errs <- err }()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("Receive: %v", err)
		}
	}
	if r, err := post(3); err != nil || !r.Duplicate {
		t.Fatalf("a retry = %+v, %v; want a duplicate", r, err)
	}
	var ms []outbox.Message
	if err := db.WithContext(ctx).Where("kind = ?", outbox.KindWeComEvent).Find(&ms).Error; err != nil || len(ms) != n {
		t.Fatalf("outbox rows = %d, %v; want %d", len(ms), err, n)
	}
	for _, m := range ms {
		if err := svc.Process(ctx, m.ID); err != nil {
			t.Fatalf("Process %d: %v", m.ID, err)
		}
	}
	p, err := svc.List(ctx, callbacks.Filter{Status: callbacks.StatusKept}, 100, "")
	if err != nil || len(p.Events) != n {
		t.Errorf("kept rows = %d, %v; want %d", len(p.Events), err, n)
	}
	if err := svc.Replay(ctx, p.Events[0].ID); err != nil {
		t.Errorf("Replay: %v", err)
	}
}
