package directory_test

import (
	"testing"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenants"
)

// TestContacts: a customer's or supplier's contact is an account without an employee. Their fields are checked
// and their login and mobile unique; they sign in with their password (a one-time one changed at the first sign-in),
// also by mobile where the tenant signs people in by mobile; freezing refuses them and ends their sessions; a reset
// or taking the account back ends their WeChat binding; no staff query finds them.
func TestContacts(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	_, staff := e.mustEmployee(t, "张三", "zhangsan")
	in := directory.ContactInput{Party: directory.PartyCustomer, Company: "华东建材", Name: "陈经理", Mobile: "+86 13900000123"}
	for _, bad := range []struct {
		field string
		in    directory.NewContact
	}{
		{"party", directory.NewContact{ContactInput: directory.ContactInput{Company: "x", Name: "y"}, Login: "x1"}},
		{"company", directory.NewContact{ContactInput: directory.ContactInput{Party: directory.PartySupplier, Company: " ", Name: "y"}, Login: "x1"}},
		{"name", directory.NewContact{ContactInput: directory.ContactInput{Party: directory.PartySupplier, Company: "x", Name: ""}, Login: "x1"}},
		{"login", directory.NewContact{ContactInput: in, Login: "陈"}},
		{"login", directory.NewContact{ContactInput: in, Login: "zhangsan"}},
		{"password", directory.NewContact{ContactInput: in, Login: "x1", Password: "short"}},
	} {
		_, _, err := e.dir.CreateContact(e.ctx, bad.in)
		if ae, ok := err.(*apperr.Error); !ok || ae.Field != bad.field {
			t.Errorf("contact with a bad %s: %v", bad.field, err)
		}
	}
	c, pw, err := e.dir.CreateContact(e.ctx, directory.NewContact{ContactInput: in, Login: "chen.jl", Source: directory.ContactByAdmin})
	if err != nil || pw == "" || c.Mobile == nil || *c.Mobile != "13900000123" || c.Status != directory.StatusActive {
		t.Fatalf("contact %+v, password %q, %v", c, pw, err)
	}
	if _, _, err := e.dir.CreateContact(e.ctx, directory.NewContact{ContactInput: in, Login: "chen2"}); err == nil {
		t.Error("a second contact with the same mobile was made")
	}
	a, err := e.dir.Authenticate(e.ctx, "chen.jl", pw)
	if err != nil || a.Role != directory.RoleContact || a.EmployeeID != 0 || !a.MustChangePassword {
		t.Fatalf("contact's sign-in: %+v, %v", a, err)
	}
	if login, ok, err := e.dir.LoginBy(e.ctx, false, "13900000123"); err != nil || !ok || login != "chen.jl" {
		t.Errorf("LoginBy the contact's mobile: %q %v %v", login, ok, err)
	}
	if ids, err := e.dir.EmployeeIDsByLogin(e.ctx, []string{"chen.jl", "zhangsan"}); err != nil || len(ids) != 1 || ids["zhangsan"] != staff.EmployeeID {
		t.Errorf("EmployeeIDsByLogin names a contact: %v, %v", ids, err)
	}
	if page, err := e.dir.Roster(e.ctx); err != nil || len(page) != 1 {
		t.Errorf("the roster: %d rows, %v; want the one employee", len(page), err)
	}

	e.bind(t, "o-chen", a)
	list, more, err := e.dir.Contacts(e.ctx, directory.ContactFilter{Search: "华东"}, 10, 0)
	if err != nil || more || len(list) != 1 || list[0].Login != "chen.jl" {
		t.Fatalf("contacts: %+v %v %v", list, more, err)
	}
	if list, _, _ := e.dir.Contacts(e.ctx, directory.ContactFilter{Party: directory.PartySupplier}, 10, 0); len(list) != 0 {
		t.Errorf("suppliers: %+v", list)
	}

	frozen, err := e.dir.SetContactStatus(e.ctx, c.AccountID, directory.StatusFrozen)
	if err != nil || frozen.Status != directory.StatusFrozen {
		t.Fatalf("freeze: %+v %v", frozen, err)
	}
	wantCode(t, func() error { _, err := e.dir.Authenticate(e.ctx, "chen.jl", pw); return err }(), apperr.Forbidden)
	if _, st, err := e.dir.AccountAndStatus(e.ctx, c.AccountID); err != nil || st != directory.StatusFrozen {
		t.Errorf("AccountAndStatus of a frozen contact: %v, %v", st, err)
	}
	if _, err := e.dir.SetContactStatus(e.ctx, c.AccountID, directory.StatusResigned); err == nil {
		t.Error("a contact was marked resigned")
	}
	if _, err := e.dir.SetContactStatus(e.ctx, c.AccountID, directory.StatusActive); err != nil {
		t.Fatal(err)
	}
	if _, ok := e.bound(t)["o-chen"]; !ok {
		t.Error("freezing ended the binding")
	}
	if _, err := e.dir.ResetContactPassword(e.ctx, staff.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("ResetContactPassword of an employee's account: %v", err)
	}
	pw2, err := e.dir.ResetContactPassword(e.ctx, c.AccountID)
	if err != nil || pw2 == pw {
		t.Fatal(err)
	}
	if _, ok := e.bound(t)["o-chen"]; ok {
		t.Error("a reset kept the binding")
	}
	e.bind(t, "o-chen", a)
	if err := e.dir.DeleteContact(e.ctx, staff.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("DeleteContact of an employee's account: %v", err)
	}
	if err := e.dir.DeleteContact(e.ctx, c.AccountID); err != nil {
		t.Fatal(err)
	}
	if len(e.bound(t)) != 0 {
		t.Error("taking the account back kept the binding")
	}
	if _, err := e.dir.Authenticate(e.ctx, "chen.jl", pw2); !apperr.Is(err, apperr.Unauthenticated) {
		t.Errorf("a taken-back contact signs in: %v", err)
	}
}
