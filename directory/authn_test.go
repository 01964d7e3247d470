package directory_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenants"
)

func TestAuthenticate(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{})
	emp, acct := e.mustEmployee(t, "张三", "zhangsan")

	t.Run("OK", func(t *testing.T) {
		got, err := e.dir.Authenticate(e.ctx, "zhangsan", goodPassword)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != acct.ID {
			t.Errorf("account id = %d, want %d", got.ID, acct.ID)
		}
	})
	t.Run("NoUserEnumeration", func(t *testing.T) {
		_, errUnknown := e.dir.Authenticate(e.ctx, "nobody", goodPassword)
		_, errWrong := e.dir.Authenticate(e.ctx, "zhangsan", "Wrong-pass1")
		_, errMalformed := e.dir.Authenticate(e.ctx, "no such login!", goodPassword)
		for _, err := range []error{errUnknown, errWrong, errMalformed} {
			ae := wantCode(t, err, apperr.Unauthenticated)
			if ae.Msg != "账号或密码错误" {
				t.Errorf("message = %q", ae.Msg)
			}
		}
		if diff := cmp.Diff(errUnknown.Error(), errWrong.Error()); diff != "" {
			t.Errorf("unknown login and wrong password differ (-unknown +wrong):\n%s", diff)
		}
	})
	t.Run("ErrInactive", func(t *testing.T) {
		for _, st := range []directory.Status{directory.StatusFrozen, directory.StatusResigned} {
			e.setStatus(t, emp.ID, st)
			_, err := e.dir.Authenticate(e.ctx, "zhangsan", goodPassword)
			wantCode(t, err, apperr.Forbidden)
			// A guesser learns nothing about the state.
			_, err = e.dir.Authenticate(e.ctx, "zhangsan", "Wrong-pass1")
			wantCode(t, err, apperr.Unauthenticated)
		}
		e.setStatus(t, emp.ID, directory.StatusActive)
	})
}

func TestChangePassword(t *testing.T) {
	e := newEnv(t, tenants.SettingsPatch{PasswordRequireSymbol: ptr(true)})
	_, acct := e.mustEmployee(t, "张三", "zhangsan")

	t.Run("ErrWrongOld", func(t *testing.T) {
		_, err := e.dir.ChangePassword(e.ctx, acct.ID, "Wrong-pass1", "New-passw0rd", 0)
		wantCode(t, err, apperr.Unauthenticated)
	})
	t.Run("ErrPolicy", func(t *testing.T) {
		for _, pw := range []string{"short1!", "NoSymbol1234", "no-digits-here"} {
			_, err := e.dir.ChangePassword(e.ctx, acct.ID, goodPassword, pw, 0)
			ae := wantCode(t, err, apperr.Invalid)
			if ae.Field != "newPassword" || !strings.Contains(ae.Msg, "密码") || strings.Contains(ae.Msg, "password") {
				t.Errorf("%q: field %q, message %q", pw, ae.Field, ae.Msg)
			}
		}
	})
	t.Run("ErrSameAsOld", func(t *testing.T) {
		_, err := e.dir.ChangePassword(e.ctx, acct.ID, goodPassword, goodPassword, 0)
		if ae := wantCode(t, err, apperr.Invalid); ae.Field != "newPassword" {
			t.Errorf("field = %q", ae.Field)
		}
	})
	t.Run("AlsoFailsUndoesTheChange", func(t *testing.T) {
		// What must go with the change (auth revokes the sessions) failing leaves the old password in place.
		_, err := e.dir.ChangePassword(e.ctx, acct.ID, goodPassword, "Other-passw0rd", 0, func(*gorm.DB, directory.Account) error {
			return errors.New("revocation failed")
		})
		wantCode(t, err, apperr.Internal)
		if _, err := e.dir.Authenticate(e.ctx, "zhangsan", goodPassword); err != nil {
			t.Errorf("old password refused after a failed change: %v", err)
		}
		if a, _ := e.dir.Account(e.ctx, acct.ID); a.TokenVersion != acct.TokenVersion {
			t.Errorf("token version %d after a failed change, want %d", a.TokenVersion, acct.TokenVersion)
		}
	})
	t.Run("OK", func(t *testing.T) {
		got, err := e.dir.ChangePassword(e.ctx, acct.ID, goodPassword, "New-passw0rd", 0)
		if err != nil {
			t.Fatal(err)
		}
		if got.TokenVersion != acct.TokenVersion+1 {
			t.Errorf("token version = %d, want %d", got.TokenVersion, acct.TokenVersion+1)
		}
		if got.PasswordChangedAt == nil || !got.PasswordChangedAt.Equal(e.clock.Now()) {
			t.Errorf("password changed at = %v, want %v", got.PasswordChangedAt, e.clock.Now())
		}
		wantCode(t, func() error { _, err := e.dir.Authenticate(e.ctx, "zhangsan", goodPassword); return err }(), apperr.Unauthenticated)
		if _, err := e.dir.Authenticate(e.ctx, "zhangsan", "New-passw0rd"); err != nil {
			t.Errorf("new password refused: %v", err)
		}
	})
	t.Run("BumpTokenVersion", func(t *testing.T) {
		before, _ := e.dir.Account(e.ctx, acct.ID)
		if err := e.dir.BumpTokenVersion(e.ctx, acct.ID); err != nil {
			t.Fatal(err)
		}
		after, _ := e.dir.Account(e.ctx, acct.ID)
		if after.TokenVersion != before.TokenVersion+1 {
			t.Errorf("token version %d -> %d", before.TokenVersion, after.TokenVersion)
		}
		wantCode(t, e.dir.BumpTokenVersion(e.ctx, 987654321), apperr.NotFound)
	})
}
