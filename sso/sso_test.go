package sso_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/sso"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

// fakeWeCom answers getuserinfo from a table of codes; an unknown code is WeCom's 40029.
type fakeWeCom struct{ users map[string]string }

func (f fakeWeCom) GetUserInfo(_ context.Context, _ wecom.App, code string) (wecom.UserInfo, error) {
	uid, ok := f.users[code]
	if !ok {
		return wecom.UserInfo{}, &wecom.Error{Service: "wecom", API: "auth/getuserinfo", Code: 40029, Msg: "invalid code"}
	}
	return wecom.UserInfo{UserID: uid}, nil
}

// fakeTickets records the accounts it issued tickets for.
type fakeTickets struct {
	mu     sync.Mutex
	issued []uint64
}

func (f *fakeTickets) IssueSSOTicket(_ context.Context, accountID uint64) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.issued = append(f.issued, accountID)
	return fmt.Sprintf("st_fake_%d", accountID), nil
}

func (f *fakeTickets) IssueWebTicket(_ context.Context, accountID uint64) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.issued = append(f.issued, accountID)
	return fmt.Sprintf("st_web_%d", accountID), nil
}

func (f *fakeTickets) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.issued)
}

type env struct {
	db      *gorm.DB
	tenants *tenants.Store
	dir     *directory.Store
	tickets *fakeTickets
	svc     *sso.Service
}

func newEnv(t *testing.T, users map[string]string) *env {
	t.Helper()
	db := testkit.MustGorm(t, dsn)
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		t.Fatal(err)
	}
	sealer, err := tenants.NewSealer("sso-test-master-key-0123456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, tenants: tenants.NewStore(db, sealer), dir: directory.NewStore(db, nil), tickets: &fakeTickets{}}
	e.svc = sso.NewService(e.tenants, e.dir, fakeWeCom{users: users}, e.tickets)
	return e
}

// tenant creates a bound tenant whose employees are named by their WeCom user IDs.
func (e *env) tenant(t *testing.T, wecomUsers ...string) (tenants.Tenant, context.Context, map[string]directory.Account) {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	tn, err := e.tenants.Create(tenancy.System(context.Background()), "s-"+hex.EncodeToString(b), "测试企业")
	if err != nil {
		t.Fatal(err)
	}
	ctx := tenancy.WithTenant(context.Background(), tn.ID)
	if err := e.tenants.BindWeCom(ctx, "ww"+hex.EncodeToString(b), 1000002, "secret"); err != nil {
		t.Fatal(err)
	}
	accts := map[string]directory.Account{}
	for _, uid := range wecomUsers {
		_, a, err := e.dir.CreateEmployee(ctx, directory.Employee{Name: uid, WeComUserID: &uid}, uid, "Passw0rd-2025", "")
		if err != nil {
			t.Fatal(err)
		}
		accts[uid] = a
	}
	return tn, ctx, accts
}

func (e *env) setStatus(t *testing.T, ctx context.Context, employeeID uint64, s directory.Status) {
	t.Helper()
	if err := e.db.WithContext(ctx).Model(&directory.Employee{}).Where("id = ?", employeeID).Update("status", s).Error; err != nil {
		t.Fatal(err)
	}
}

func TestWeComGate(t *testing.T) {
	users := map[string]string{}
	for _, u := range []string{"ok", "resigned", "frozen", "noroles", "pconly", "outsider", "stranger"} {
		users["code-"+u] = u
	}
	e := newEnv(t, users)
	tn, ctx, accts := e.tenant(t, "ok", "resigned", "frozen", "noroles", "pconly")
	other, _, _ := e.tenant(t, "stranger")
	e.setStatus(t, ctx, accts["resigned"].EmployeeID, directory.StatusResigned)
	e.setStatus(t, ctx, accts["frozen"].EmployeeID, directory.StatusFrozen)
	if err := e.dir.AssignSystemRoles(ctx, accts["noroles"].ID, nil); err != nil {
		t.Fatal(err)
	}
	pc, err := e.dir.CreateSystemRole(ctx, "仅限电脑 / PC only", []string{directory.SystemOA}, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.dir.AssignSystemRoles(ctx, accts["pconly"].ID, []uint64{pc.ID}); err != nil {
		t.Fatal(err)
	}

	t.Run("DefaultRoleSignsIn", func(t *testing.T) {
		ticket, err := e.svc.WeCom(context.Background(), tn.Slug, "code-ok")
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("st_fake_%d", accts["ok"].ID); ticket != want {
			t.Errorf("ticket %q, want %q", ticket, want)
		}
	})
	for _, tc := range []struct {
		name   string
		code   string
		cause  error
		reason sso.Reason
	}{
		{"Resigned", "code-resigned", directory.ErrResigned, sso.ReasonResigned},
		{"Frozen", "code-frozen", directory.ErrFrozen, sso.ReasonFrozen},
		{"NoRole", "code-noroles", directory.ErrNoSystemRole, sso.ReasonNoSystemRole},
		{"AllowWeChatOff", "code-pconly", directory.ErrWeChatNotAllowed, sso.ReasonWeChatNotAllowed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.tickets.count()
			_, err := e.svc.WeCom(context.Background(), tn.Slug, tc.code)
			if got := apperr.CodeOf(err); got != apperr.Forbidden {
				t.Fatalf("err = %v (code %q), want forbidden", err, got)
			}
			if !errors.Is(err, tc.cause) {
				t.Errorf("err = %v, want cause %v", err, tc.cause)
			}
			if got := sso.ReasonOf(err); got != tc.reason {
				t.Errorf("ReasonOf = %q, want %q", got, tc.reason)
			}
			wantChinese(t, err)
			if e.tickets.count() != before {
				t.Error("a ticket was issued for a refused employee")
			}
		})
	}
	t.Run("AllowWeChatTurnedOn", func(t *testing.T) {
		on := true
		if _, err := e.dir.UpdateSystemRole(ctx, pc.ID, directory.SystemRolePatch{AllowWeChat: &on}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.WeCom(context.Background(), tn.Slug, "code-pconly"); err != nil {
			t.Errorf("allowed role still refused: %v", err)
		}
	})
	t.Run("NotAnEmployeeHere", func(t *testing.T) {
		// "stranger" is an employee of the other tenant only.
		for _, code := range []string{"code-outsider", "code-stranger"} {
			_, err := e.svc.WeCom(context.Background(), tn.Slug, code)
			if got := apperr.CodeOf(err); got != apperr.Unauthenticated {
				t.Errorf("%s: err = %v, want unauthenticated", code, err)
			}
			if got := sso.ReasonOf(err); got != sso.ReasonNoEmployee {
				t.Errorf("%s: ReasonOf = %q, want %q", code, got, sso.ReasonNoEmployee)
			}
			wantChinese(t, err)
		}
		if _, err := e.svc.WeCom(context.Background(), other.Slug, "code-stranger"); err != nil {
			t.Errorf("stranger at their own tenant: %v", err)
		}
	})
	t.Run("CodeUsed", func(t *testing.T) {
		_, err := e.svc.WeCom(context.Background(), tn.Slug, "used-code")
		if !errors.Is(err, sso.ErrCodeUsed) {
			t.Errorf("err = %v, want ErrCodeUsed", err)
		}
		// Not a refusal: the page carries on with a session it has, or asks to open the card again.
		if got := sso.ReasonOf(err); got != "" {
			t.Errorf("ReasonOf = %q, want none", got)
		}
		wantChinese(t, err)
	})
}

// latinWord is a word of English in a message: a person reads one language (the code is English, for programs).
// The directory names a system by its code ("OA"), which is not a word.
var latinWord = regexp.MustCompile(`[A-Za-z]{3,}`)

// wantChinese fails unless err's message, shown to the person signing in, is Chinese only.
func wantChinese(t *testing.T, err error) {
	t.Helper()
	if msg := apperr.MessageOf(err); msg == "" || latinWord.MatchString(msg) {
		t.Errorf("message %q should be one sentence in Chinese", msg)
	}
}
