package registration_test

import (
	"context"
	"errors"
	"testing"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/registration"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/tenants"
)

// TestContactApplication: a customer's contact person applies with their company and their own password (checked
// against the tenant's rules, kept only hashed); approving makes their contact account, no employee and no sync,
// and they sign in with the password they chose; the hash is gone from the application once decided.
func TestContactApplication(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "regc")
	ctx := tn.Ctx()
	synced := 0
	svc := registration.New(env.DB, env.Tenants, env.Directory, func(context.Context, string) error { synced++; return nil }, nil, nil)
	allow := true
	if err := env.Tenants.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: sp("wx0000000000000abc"),
		Secret: sp("0123456789abcdef0123456789abcdef"), AllowRegister: &allow}); err != nil {
		t.Fatal(err)
	}
	in := registration.Input{Name: "陈经理", Login: "chen.jl", Mobile: "13900000123", Party: directory.PartyCustomer,
		Company: "华东建材有限公司", Password: "Chen-own-2026!"}
	for _, bad := range []struct {
		field string
		edit  func(*registration.Input)
	}{
		{"company", func(i *registration.Input) { i.Company = " " }},
		{"password", func(i *registration.Input) { i.Password = "" }},
		{"password", func(i *registration.Input) { i.Password = "short" }},
		{"party", func(i *registration.Input) { i.Party = "partner" }},
		{"email", func(i *registration.Input) { i.Email = "chen@example.com" }},
		{"position", func(i *registration.Input) { i.Position = "经理" }},
	} {
		b := in
		bad.edit(&b)
		if _, _, err := svc.Apply(context.Background(), tn.Slug, b); !apperr.Is(err, apperr.Invalid) || fieldOf(err) != bad.field {
			t.Errorf("applying with a bad %s: %v", bad.field, err)
		}
	}
	app, token, err := svc.Apply(context.Background(), tn.Slug, in)
	if err != nil {
		t.Fatal(err)
	}
	if app.PasswordHash == nil || *app.PasswordHash == in.Password || app.DepartmentID != nil {
		t.Fatalf("application %+v: want the password hashed", app)
	}
	got, synced2, err := svc.Decide(ctx, app.ID, true, "", "admin")
	if err != nil || got.Status != registration.Approved || got.AccountID == nil || got.EmployeeID != nil || synced2 || synced != 0 {
		t.Fatalf("approved %+v, synced %v (%d), %v; want a contact account and no sync", got, synced2, synced, err)
	}
	if got.PasswordHash != nil {
		t.Error("the password's hash outlived the decision")
	}
	c, err := env.Directory.Contact(ctx, *got.AccountID)
	if err != nil || c.Company != "华东建材有限公司" || c.Party != directory.PartyCustomer || c.Source != directory.ContactByRegistration {
		t.Fatalf("contact %+v, %v", c, err)
	}
	if _, err := env.Auth.Login(context.Background(), tn.Slug, "chen.jl", "Chen-own-2026!"); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("the contact's sign-in outside WeChat: %v, want forbidden", err)
	}
	s, err := env.Auth.Login(auth.WithWeChatClient(context.Background()), tn.Slug, "chen.jl", "Chen-own-2026!")
	if err != nil || s.Account.Role != directory.RoleContact || s.Account.MustChangePassword {
		t.Fatalf("the contact's sign-in: %+v, %v; want their own password, nothing to change", s.Account, err)
	}
	// A refusal clears the password the applicant chose.
	other := in
	other.Login, other.Mobile = "zhou.k", "13900000124"
	refused, _, err := svc.Apply(context.Background(), tn.Slug, other)
	if err != nil {
		t.Fatal(err)
	}
	if got, _, err := svc.Decide(ctx, refused.ID, false, "非合作客户", "admin"); err != nil || got.PasswordHash != nil || got.Status != registration.Refused {
		t.Fatalf("refused %+v, %v; want no password kept", got, err)
	}
	// An approval that finds the login taken makes nothing and leaves the application pending.
	clash := in
	clash.Mobile = "13900000125"
	dup, _, err := svc.Apply(context.Background(), tn.Slug, clash)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Decide(ctx, dup.ID, true, "", "admin"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("approving a taken login: %v, want conflict", err)
	}
	if list, _, err := svc.List(ctx, registration.Pending, 10, 0); err != nil || len(list) != 1 || list[0].ID != dup.ID {
		t.Fatalf("pending after a refused approval: %+v, %v", list, err)
	}
	st, err := svc.Status(context.Background(), tn.Slug, token)
	if err != nil || st.Status != registration.Approved || st.Party == nil {
		t.Fatalf("status %+v, %v", st, err)
	}
}

// fieldOf is the field an invalid error names.
func fieldOf(err error) string {
	if e, ok := errors.AsType[*apperr.Error](err); ok {
		return e.Field
	}
	return ""
}
