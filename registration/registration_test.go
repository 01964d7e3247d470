package registration_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/registration"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

func sp(s string) *string { return &s }

// TestApplyAndDecide: a tenant takes applications only when it allows them; an application is checked field by
// field and followed by its token; an approval makes the employee (a refusal of their record keeps the application
// pending), a refusal needs a reason, and a decision is made once.
func TestApplyAndDecide(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "reg")
	ctx := tn.Ctx()
	var syncs []string
	svc := registration.New(env.DB, env.Tenants, env.Directory, func(_ context.Context, by string) error {
		syncs = append(syncs, by)
		return nil
	}, nil, nil)
	in := registration.Input{Name: "王五", Login: "wangwu", Mobile: "+86 13800000077", Position: "销售"}

	if _, _, err := svc.Apply(context.Background(), tn.Slug, in); !errors.Is(err, registration.ErrClosed) {
		t.Fatalf("applying to a tenant that takes none: %v", err)
	}
	allow := true
	if err := env.Tenants.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: sp("wx0000000000000aaa"),
		Secret: sp("0123456789abcdef0123456789abcdef"), AllowRegister: &allow}); err != nil {
		t.Fatal(err)
	}
	dept, err := env.Directory.CreateDepartment(ctx, "销售部", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, form, err := svc.Open(context.Background(), tn.Slug)
	if err != nil || len(form.Departments) != 1 || form.Departments[0].Path != "销售部" {
		t.Fatalf("form = %+v, %v", form, err)
	}
	for _, bad := range []struct {
		field string
		in    registration.Input
	}{
		{"login", registration.Input{Name: "王五", Login: "王", Mobile: "13800000077"}},
		{"name", registration.Input{Name: " ", Login: "wangwu", Mobile: "13800000077"}},
		{"mobile", registration.Input{Name: "王五", Login: "wangwu"}},
		{"departmentId", registration.Input{Name: "王五", Login: "wangwu", Mobile: "13800000077", DepartmentID: func() *uint64 { v := uint64(999999); return &v }()}},
		{"note", registration.Input{Name: "王五", Login: "wangwu", Mobile: "13800000077", Note: strings.Repeat("长", registration.MaxNote+1)}},
	} {
		var e *apperr.Error
		if _, _, err := svc.Apply(context.Background(), tn.Slug, bad.in); !errors.As(err, &e) || e.Code != apperr.Invalid || e.Field != bad.field {
			t.Errorf("%s: %v, want invalid naming it", bad.field, err)
		}
	}
	in.DepartmentID = &dept.ID
	a, token, err := svc.Apply(context.Background(), tn.Slug, in)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := svc.Status(context.Background(), tn.Slug, token); err != nil || st.Status != registration.Pending || *st.Mobile != "13800000077" {
		t.Fatalf("status by token = %+v, %v", st, err)
	}
	if _, err := svc.Status(context.Background(), tn.Slug, token+"x"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another token: %v", err)
	}

	// The account is someone's already: the approval is refused naming it, and the application stays pending.
	taken := in
	taken.Login = tn.Sender.Login
	b, _, err := svc.Apply(context.Background(), tn.Slug, taken)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Decide(ctx, b.ID, true, "", "admin"); !apperr.Is(err, apperr.Conflict) || !strings.Contains(apperr.MessageOf(err), tn.Sender.Login) {
		t.Errorf("approving a taken account: %v", err)
	}
	if list, _, _ := svc.List(ctx, registration.Pending, 10, 0); len(list) != 2 {
		t.Errorf("%d pending after the refused approval, want 2", len(list))
	}
	if _, _, err := svc.Decide(ctx, b.ID, false, "", "admin"); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("refusing without a reason: %v", err)
	}
	if _, _, err := svc.Decide(ctx, b.ID, false, strings.Repeat("长", registration.MaxReason+1), "admin"); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("refusing with a reason over its column: %v", err)
	}
	if got, _, err := svc.Decide(ctx, b.ID, false, "账号重复，请联系人事", "admin"); err != nil || got.Status != registration.Refused || *got.Reason != "账号重复，请联系人事" {
		t.Errorf("refusing: %+v, %v", got, err)
	}

	got, synced, err := svc.Decide(ctx, a.ID, true, "", "admin")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != registration.Approved || got.EmployeeID == nil || !synced || len(syncs) != 1 || syncs[0] != "admin" {
		t.Fatalf("approved = %+v, synced %v, syncs %v", got, synced, syncs)
	}
	d, err := env.Directory.EmployeeDetail(ctx, *got.EmployeeID)
	if err != nil || d.Name != "王五" || d.Login != "wangwu" || len(d.Departments) != 1 || d.Departments[0].ID != dept.ID {
		t.Errorf("the employee made: %+v, %v", d, err)
	}
	if _, _, err := svc.Decide(ctx, a.ID, false, "晚了", "admin"); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("deciding twice: %v", err)
	}
}

// TestPendingCap: a tenant with MaxPending applications waiting takes no more until some are decided.
func TestPendingCap(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "regcap")
	ctx := tn.Ctx()
	allow := true
	if err := env.Tenants.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: sp("wx0000000000000aab"),
		Secret: sp("0123456789abcdef0123456789abcdef"), AllowRegister: &allow}); err != nil {
		t.Fatal(err)
	}
	rows := make([]registration.Application, registration.MaxPending)
	for i := range rows {
		rows[i] = registration.Application{Name: "甲", Login: "jia", TokenHash: fmt.Sprintf("%064d", i), Status: registration.Pending,
			CreatedAt: time.Now()}
	}
	if err := env.DB.WithContext(ctx).CreateInBatches(&rows, 500).Error; err != nil {
		t.Fatal(err)
	}
	svc := registration.New(env.DB, env.Tenants, env.Directory, nil, nil, nil)
	_, _, err := svc.Apply(context.Background(), tn.Slug, registration.Input{Name: "乙", Login: "yi", Mobile: "13800000088"})
	if !apperr.Is(err, apperr.RateLimited) {
		t.Errorf("applying past the cap: %v, want rate_limited", err)
	}
}
