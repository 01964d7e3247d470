package auth_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

var testSecret = []byte("0123456789abcdef0123456789abcdef")

// env is a Service on the package database and a leased Redis, with a settable clock shared by every part.
type env struct {
	db      *gorm.DB
	clock   *testkit.Clock
	tenants *tenants.Store
	dir     *directory.Store
	svc     *auth.Service
}

func newEnv(t *testing.T) *env { return newEnvWith(t, auth.Config{}) }

// newEnvWith is newEnv with cfg's throttle settings (the secret and the clock are the env's).
func newEnvWith(t *testing.T, cfg auth.Config) *env {
	t.Helper()
	db := testkit.MustGorm(t, dsn)
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		t.Fatalf("use tenancy plugin: %v", err)
	}
	// Real time, so Redis TTLs and token times agree; tests move it forward.
	e := &env{db: db, clock: testkit.NewClock(time.Now().UTC().Truncate(time.Second)), tenants: tenants.NewStore(db, nil)}
	e.dir = directory.NewStore(db, e.clock.Now)
	cfg.JWTSecret, cfg.Now = testSecret, e.clock.Now
	e.svc = auth.NewService(cfg, e.tenants, e.dir, db, testkit.MustRedis(t))
	return e
}

// tenant is one tenant of an env with one member account.
type tenant struct {
	tenants.Tenant
	ctx     context.Context
	account directory.Account
}

const (
	login    = "zhangsan"
	password = "Passw0rd-2025"
)

func (e *env) newTenant(t *testing.T, patch tenants.SettingsPatch) tenant {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	tn, err := e.tenants.Create(tenancy.System(context.Background()), "a-"+hex.EncodeToString(b), "测试企业")
	if err != nil {
		t.Fatalf("create tenant: %v", err)
	}
	ctx := tenancy.WithTenant(context.Background(), tn.ID)
	if _, err := e.tenants.UpdateSettings(ctx, patch); err != nil {
		t.Fatalf("settings: %v", err)
	}
	_, acct, err := e.dir.CreateEmployee(ctx, directory.Employee{Name: "张三"}, login, password, directory.RoleMember)
	if err != nil {
		t.Fatalf("create employee: %v", err)
	}
	return tenant{Tenant: tn, ctx: ctx, account: acct}
}

func (e *env) login(t *testing.T, tn tenant) auth.Session {
	t.Helper()
	s, err := e.svc.Login(context.Background(), tn.Slug, login, password)
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	return s
}

func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if got := apperr.CodeOf(err); got != code {
		t.Fatalf("err = %v (code %q), want code %q", err, got, code)
	}
}

func ptr[T any](v T) *T { return &v }
