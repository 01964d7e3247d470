package directory

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
)

// badCredentials is the one answer to a wrong login and to a wrong password, so the sign-in form cannot be used
// to find out which logins exist.
func badCredentials() *apperr.Error {
	return apperr.E(apperr.Unauthenticated, "账号或密码错误")
}

// Authenticate checks a login and password in the tenant of ctx and returns the account.
//
// A wrong login and a wrong password both return the same unauthenticated "账号或密码错误", after the same amount of
// hashing work. A resigned or frozen employee gets forbidden, but only after the right password, so the state of
// an account is not disclosed to guessers. Counting failures and locking out is the caller's (auth's sign-in
// throttle), by login name, so that unknown logins are counted alike. It returns internal when ctx has no tenant.
func (s *Store) Authenticate(ctx context.Context, login, password string) (Account, error) {
	if _, err := requireTenant(ctx, "authenticate"); err != nil {
		return Account{}, err
	}
	var a Account
	found := false
	if ValidLogin(login) && len(password) <= 4*MaxPasswordLength {
		var err error
		a, err = s.account(s.db.WithContext(ctx), "login = ?", login)
		switch {
		case err == nil:
			found = true
		case !apperr.Is(err, apperr.NotFound):
			return Account{}, err
		}
	}
	if !found {
		s.SpendPasswordCheck(ctx, password)
		return Account{}, badCredentials()
	}
	ok, err := s.verify(ctx, a.PasswordHash, password)
	if err != nil {
		return Account{}, apperr.Wrap(fmt.Errorf("account %d: %w", a.ID, err), apperr.Internal, "verify password")
	}
	if !ok {
		return Account{}, badCredentials()
	}
	if a.Role == RoleContact {
		st, err := contactStatus(s.db.WithContext(ctx), a.ID)
		if err != nil {
			return Account{}, apperr.Wrap(fmt.Errorf("contact of account %d: %w", a.ID, err), apperr.Internal, "authenticate")
		}
		if err := ActiveError(Employee{Status: st}); err != nil {
			return Account{}, err
		}
		return a, nil
	}
	e, err := s.Employee(ctx, a.EmployeeID)
	if err != nil {
		// An account without its employee is broken data, not a caller error.
		return Account{}, apperr.Wrap(fmt.Errorf("employee of account %d: %w", a.ID, err), apperr.Internal, "authenticate")
	}
	if err := ActiveError(e); err != nil {
		return Account{}, err
	}
	return a, nil
}

// ActiveError returns nil for an active employee and forbidden for a resigned or frozen one, with a message fit
// for the sign-in page.
func ActiveError(e Employee) error {
	switch e.Status {
	case StatusActive:
		return nil
	case StatusFrozen:
		return apperr.E(apperr.Forbidden, "账号已被冻结，请联系管理员")
	default:
		return apperr.E(apperr.Forbidden, "账号已停用")
	}
}

// ChangePassword replaces an account's password after checking the current one. The new password must satisfy
// the tenant's policy and differ from the old one. It clears must_change_password, stamps password_changed_at
// and increments token_version, which revokes every access token issued before. The account's WeChat binding
// ends with it (UnbindPasswordChanged), except binding keep when this is the change the account owed at its first
// sign-in (0: none kept).
//
// also, when given, runs in the same transaction right after the change, with the changed account: what must
// happen with the change or not at all (auth revokes the account's sessions there). Its error undoes the change.
//
// It returns unauthenticated when oldPassword is wrong, invalid with Field "newPassword" when the new password is
// refused, not_found for an unknown account, conflict when the password changed concurrently, internal when ctx
// has no tenant.
func (s *Store) ChangePassword(ctx context.Context, accountID uint64, oldPassword, newPassword string, keep uint64, also ...func(tx *gorm.DB, a Account) error) (Account, error) {
	if _, err := requireTenant(ctx, "change password"); err != nil {
		return Account{}, err
	}
	db := s.db.WithContext(ctx)
	a, err := s.account(db, "id = ?", accountID)
	if err != nil {
		return Account{}, err
	}
	ok, err := s.verify(ctx, a.PasswordHash, oldPassword)
	if err != nil {
		return Account{}, apperr.Wrap(fmt.Errorf("account %d: %w", a.ID, err), apperr.Internal, "verify password")
	}
	if !ok {
		return Account{}, &apperr.Error{Code: apperr.Unauthenticated, Field: "oldPassword", Msg: "原密码错误"}
	}
	settings, err := s.settings(ctx)
	if err != nil {
		return Account{}, err
	}
	if err := CheckPassword(PolicyOf(settings), newPassword); err != nil {
		return Account{}, apperr.AsField(err, "newPassword")
	}
	if newPassword == oldPassword {
		return Account{}, apperr.InvalidField("newPassword", "新密码不能与原密码相同")
	}
	hash, err := hashPassword(newPassword)
	if err != nil {
		return Account{}, apperr.Wrap(err, apperr.Internal, "hash password")
	}

	now := s.now().UTC()
	var changed Account
	err = db.Transaction(func(tx *gorm.DB) error {
		// Conditional on the hash we verified against: of two concurrent changes, only one applies.
		res := tx.Model(&Account{}).Where("id = ? AND password_hash = ?", a.ID, a.PasswordHash).UpdateColumns(map[string]any{
			"password_hash":        hash,
			"must_change_password": false,
			"password_changed_at":  now,
			"token_version":        gorm.Expr("token_version + 1"),
			"updated_at":           now,
		})
		if res.Error != nil {
			return apperr.Wrap(res.Error, apperr.Internal, "change password")
		}
		if res.RowsAffected == 0 {
			return apperr.E(apperr.Conflict, "密码已被修改，请重试")
		}
		var err error
		if changed, err = s.account(tx, "id = ?", a.ID); err != nil {
			return err
		}
		// Seed 004 §4: a new password unbinds the account's WeChat; the next visit from it asks for the password.
		// The change owed at a first sign-in keeps the binding it is made from (keep): that WeChat was bound with the
		// one-time password a moment ago by the person who now sets their own. Any other binding ends: it may be
		// someone's who also saw the one-time password.
		if !a.MustChangePassword {
			keep = 0
		}
		if err := endWeChatBindings(ctx, tx, now, UnbindPasswordChanged, "account_id = ? AND id <> ?", a.ID, keep); err != nil {
			return err
		}
		for _, f := range also {
			if err := f(tx, changed); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Account{}, apperr.OrInternal(err, "change password")
	}
	return changed, nil
}

// BumpTokenVersion increments an account's token_version, revoking every access token issued before. Refresh
// tokens live in the auth package and survive it; auth.Service.RevokeSessions ends both. It returns not_found for
// an unknown account, internal when ctx has no tenant.
func (s *Store) BumpTokenVersion(ctx context.Context, accountID uint64) error {
	if _, err := requireTenant(ctx, "bump token version"); err != nil {
		return err
	}
	res := s.db.WithContext(ctx).Model(&Account{}).Where("id = ?", accountID).
		UpdateColumns(map[string]any{"token_version": gorm.Expr("token_version + 1"), "updated_at": s.now().UTC()})
	if res.Error != nil {
		return apperr.Wrap(res.Error, apperr.Internal, "bump token version")
	}
	if res.RowsAffected == 0 {
		return apperr.E(apperr.NotFound, "账号不存在")
	}
	return nil
}

// RequirePasswordChange makes the account change its password at its next sign-in, whatever the tenant's policy:
// the password it has was handed to it by someone else (a one-time password printed for a new tenant's first
// admin). It returns not_found for an unknown account, internal when ctx has no tenant.
func (s *Store) RequirePasswordChange(ctx context.Context, accountID uint64) error {
	if _, err := requireTenant(ctx, "require password change"); err != nil {
		return err
	}
	res := s.db.WithContext(ctx).Model(&Account{}).Where("id = ?", accountID).
		UpdateColumns(map[string]any{"must_change_password": true, "updated_at": s.now().UTC()})
	if res.Error != nil {
		return apperr.Wrap(res.Error, apperr.Internal, "require password change")
	}
	if res.RowsAffected == 0 {
		return apperr.E(apperr.NotFound, "账号不存在")
	}
	return nil
}
