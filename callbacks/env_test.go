package callbacks_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/server/demo"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wecom"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

// env is the callback service on a fresh database, calling the simulator through the real WeCom client.
type env struct {
	db      *gorm.DB
	tenants *tenants.Store
	dir     *directory.Store
	outbox  *outbox.Store
	sim     *sim.Server
	clock   *testkit.Clock
	svc     *callbacks.Service
}

func newEnv(tb testing.TB) *env {
	tb.Helper()
	db := testkit.MustGorm(tb, dsn)
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		tb.Fatal(err)
	}
	sealer, err := tenants.NewSealer("callbacks-test-master-key-0123456789")
	if err != nil {
		tb.Fatal(err)
	}
	s := sim.New(sim.Options{})
	srv := httptest.NewServer(s)
	tb.Cleanup(srv.Close)
	e := &env{db: db, tenants: tenants.NewStore(db, sealer), dir: directory.NewStore(db, nil), outbox: outbox.NewStore(db),
		sim: s, clock: testkit.NewClock(time.Now())}
	wc := wecom.New(wecom.Config{BaseURL: srv.URL, Redis: testkit.MustRedis(tb)})
	e.svc = callbacks.NewService(callbacks.Deps{DB: db, Tenants: e.tenants, Directory: e.dir, Outbox: e.outbox, WeCom: wc,
		Now: e.clock.Now})
	return e
}

// tenant is a provisioned tenant bound to a simulated corp of its own, with three employees (admin, sender,
// approver, their WeCom user IDs slug-login) and the keys of its receivers.
type tenant struct {
	ID        tenancy.ID
	Slug      string
	CorpID    string
	AgentID   int64
	Employees map[string]directory.Employee
	Keys      map[string]tenants.ReceiverKeys
}

func (t tenant) ctx() context.Context { return tenancy.WithTenant(context.Background(), t.ID) }

func (t tenant) userID(login string) string { return *t.Employees[login].WeComUserID }

func (e *env) tenant(tb testing.TB) tenant {
	tb.Helper()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	slug := "cb-" + hex.EncodeToString(b)
	person := func(login string) demo.Person {
		return demo.Person{Login: login, Password: "Passw0rd!", Name: slug + " " + login, WeComUserID: slug + "-" + login}
	}
	spec := demo.Spec{Slug: slug, Name: "Tenant " + slug, CorpID: "ww" + hex.EncodeToString(b), AgentID: 1000002,
		Secret: "secret-" + slug, People: []demo.Person{person("admin"), person("sender"), person("approver")}}
	if err := demo.Simulate(e.sim, spec); err != nil {
		tb.Fatal(err)
	}
	p, err := demo.Provision(context.Background(), e.tenants, e.dir, spec)
	if err != nil {
		tb.Fatal(err)
	}
	t := tenant{ID: p.Tenant.ID, Slug: slug, CorpID: spec.CorpID, AgentID: spec.AgentID, Employees: p.Employees,
		Keys: map[string]tenants.ReceiverKeys{}}
	bnd, err := e.tenants.Binding(t.ctx())
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range bnd.Receivers {
		t.Keys[r.Name] = r
	}
	if _, ok := t.Keys["oa"]; !ok {
		tb.Fatalf("tenant %s has no oa receiver: %+v", slug, bnd.Receivers)
	}
	return t
}

// post is one signed request as WeCom sends it.
type post struct {
	q    callbacks.Signed
	body []byte
}

// sign encrypts plain for corpID with receiver keys k and signs it at ts, as WeCom does.
func sign(tb testing.TB, k tenants.ReceiverKeys, corpID string, agentID int64, ts time.Time, plain []byte) post {
	tb.Helper()
	cr, err := wxcrypt.New(k.Token, k.AESKey, corpID)
	if err != nil {
		tb.Fatal(err)
	}
	enc, err := cr.Encrypt(plain)
	if err != nil {
		tb.Fatal(err)
	}
	tsText, nonce := strconv.FormatInt(ts.Unix(), 10), "1372623149"
	return post{q: callbacks.Signed{Signature: cr.Signature(tsText, nonce, enc), Timestamp: tsText, Nonce: nonce},
		body: cr.Envelope(enc, agentID)}
}

// event is a change_external_contact event of t's corp.
func (t tenant) event(changeType, userID, externalUserID string, at time.Time) wxcrypt.Event {
	return wxcrypt.Event{ToUserName: t.CorpID, FromUserName: "sys", CreateTime: at.Unix(), MsgType: "event",
		Event: "change_external_contact", ChangeType: changeType, UserID: userID, ExternalUserID: externalUserID}
}

// receive posts ev to t's receiver name and fails the test on a refusal.
func (e *env) receive(tb testing.TB, t tenant, name string, ev wxcrypt.Event) callbacks.Receipt {
	tb.Helper()
	p := sign(tb, t.Keys[name], t.CorpID, t.AgentID, e.clock.Now(), ev.XML())
	r, err := e.svc.Receive(context.Background(), t.Slug, name, p.q, p.body)
	if err != nil {
		tb.Fatalf("Receive %s/%s: %v", ev.Event, ev.ChangeType, err)
	}
	return r
}

// drain processes every due outbox message of t as the worker would, and returns how many it processed.
func (e *env) drain(tb testing.TB, t tenant) int {
	tb.Helper()
	var ms []outbox.Message
	if err := e.db.WithContext(t.ctx()).Where("done_at IS NULL").Order("id").Find(&ms).Error; err != nil {
		tb.Fatal(err)
	}
	for _, m := range ms {
		var err error
		switch m.Kind {
		case outbox.KindWeComEvent:
			err = e.svc.Process(t.ctx(), m.ID)
		case outbox.KindWeComPull:
			_, err = e.svc.RunPull(t.ctx(), m.ID)
		default:
			continue
		}
		if err != nil {
			tb.Fatalf("process outbox %d (%s): %v", m.ID, m.Kind, err)
		}
	}
	return len(ms)
}

func (e *env) inbox(tb testing.TB, t tenant) []callbacks.Event {
	tb.Helper()
	p, err := e.svc.List(t.ctx(), callbacks.Filter{}, callbacks.MaxPageSize, "")
	if err != nil {
		tb.Fatal(err)
	}
	return p.Events
}

// unboundTenant is a tenant without a WeCom binding.
func (e *env) unboundTenant(tb testing.TB) context.Context {
	tb.Helper()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	tn, err := e.tenants.Create(tenancy.System(context.Background()), "cbu-"+hex.EncodeToString(b), "未绑定")
	if err != nil {
		tb.Fatal(err)
	}
	return tenancy.WithTenant(context.Background(), tn.ID)
}

func asAppErr(err error, target **apperr.Error) bool { return errors.As(err, target) }
