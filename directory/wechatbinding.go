package directory

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/database"
)

// WeChatBinding is a personal WeChat bound to an account (seed 004 §4): the openid the tenant's service account
// (AppID) knows the person by. The first sign-in from that WeChat asked for the account's password; later ones do
// not. Sessions begun through a binding name it and end with it.
type WeChatBinding struct {
	ID         uint64 `gorm:"primaryKey"`
	TenantID   uint64
	AppID      string
	OpenID     string
	AccountID  uint64
	EmployeeID uint64
	// Subscribed is whether the WeChat follows the service account, as its last subscribe or unsubscribe event
	// said: template messages reach followers only.
	Subscribed bool
	BoundAt    time.Time
	LastSeenAt time.Time
}

// TableName implements gorm's tabler.
func (WeChatBinding) TableName() string { return "wechat_bindings" }

// UnbindReason says why a binding ended, in the audit log and to the person.
type UnbindReason string

// The reasons a binding ends (seed 004 §4: 注销, 修改密码, 离职收回帐号, and an admin's decision), and the two of
// Qiao's own rules: one WeChat an account and one account a WeChat.
const (
	UnbindLogout          UnbindReason = "logout"           // the person signed out on the phone
	UnbindPasswordChanged UnbindReason = "password_changed" // the person changed their password
	UnbindPasswordReset   UnbindReason = "password_reset"   // an admin gave the account a new password
	UnbindResigned        UnbindReason = "resigned"         // the employee left; the account is taken back
	UnbindAdmin           UnbindReason = "admin"            // an admin ended it
	UnbindRebound         UnbindReason = "rebound"          // the WeChat or the account was bound anew
	UnbindAccountChanged  UnbindReason = "account_changed"  // the tenant bound another service account
)

// EndBindingsOfOtherAccounts ends every binding of the tenant in ctx made under another service account than appID
// (UnbindAccountChanged): an openid is the account's own, so another account's cannot be messaged or signed in with,
// and the tenant may have changed accounts because the last one was compromised. It is idempotent.
func (s *Store) EndBindingsOfOtherAccounts(ctx context.Context, appID string) error {
	if _, err := requireTenant(ctx, "end bindings of other accounts"); err != nil {
		return err
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return endWeChatBindings(ctx, tx, s.now().UTC(), UnbindAccountChanged, "app_id <> ?", appID)
	})
	return apperr.OrInternal(err, "end bindings of other accounts")
}

// BindWeChat binds the WeChat openID of service account appID to account acct of the tenant in ctx, in one
// transaction with its audit entry ("wechat.bind", made by the actor in ctx). A binding the new one replaces (the
// same WeChat bound to another account, or another WeChat bound to this account) ends with UnbindRebound. It
// returns internal when ctx has no tenant or no audit actor.
func (s *Store) BindWeChat(ctx context.Context, appID, openID string, acct Account) (WeChatBinding, error) {
	if _, err := requireTenant(ctx, "bind wechat"); err != nil {
		return WeChatBinding{}, err
	}
	now := s.now().UTC()
	b := WeChatBinding{AppID: appID, OpenID: openID, AccountID: acct.ID, EmployeeID: acct.EmployeeID, Subscribed: true,
		BoundAt: now, LastSeenAt: now}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := endWeChatBindings(ctx, tx, now, UnbindRebound,
			"(app_id = ? AND open_id = ?) OR account_id = ?", appID, openID, acct.ID); err != nil {
			return err
		}
		if err := tx.Create(&b).Error; err != nil {
			if database.IsDuplicate(err) {
				// Another sign-in bound the same WeChat or account between the ending above and this insert.
				return &apperr.Error{Code: apperr.Conflict, Msg: "该微信正在绑定，请重试", Err: err}
			}
			return fmt.Errorf("insert binding: %w", err)
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: "wechat.bind", Target: acct.Login,
			Changes: map[string]any{"appId": appID, "openId": maskOpenID(openID), "employeeId": acct.EmployeeID, "accountId": acct.ID}})
	})
	if err != nil {
		return WeChatBinding{}, apperr.OrInternal(err, "bind wechat")
	}
	return b, nil
}

// WeChatBindingByOpenID returns the binding of openID under service account appID in the tenant of ctx, and whether
// there is one.
func (s *Store) WeChatBindingByOpenID(ctx context.Context, appID, openID string) (WeChatBinding, bool, error) {
	if _, err := requireTenant(ctx, "load wechat binding"); err != nil {
		return WeChatBinding{}, false, err
	}
	var b WeChatBinding
	err := s.db.WithContext(ctx).Where("app_id = ? AND open_id = ?", appID, openID).Take(&b).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return b, false, nil
	}
	if err != nil {
		return b, false, apperr.Wrap(err, apperr.Internal, "load wechat binding")
	}
	return b, true, nil
}

// TouchWeChatBinding records that binding id signed in now (the portal's 最近使用).
func (s *Store) TouchWeChatBinding(ctx context.Context, id uint64) error {
	if _, err := requireTenant(ctx, "touch wechat binding"); err != nil {
		return err
	}
	err := s.db.WithContext(ctx).Model(&WeChatBinding{}).Where("id = ?", id).UpdateColumn("last_seen_at", s.now().UTC()).Error
	return apperr.OrInternal(err, "touch wechat binding")
}

// WeChatBindingLive reports whether binding id of account accountID still exists: a session begun through it lives
// only as long as it does. It runs on every request of such a session.
func (s *Store) WeChatBindingLive(ctx context.Context, id, accountID uint64) (bool, error) {
	if _, err := requireTenant(ctx, "check wechat binding"); err != nil {
		return false, err
	}
	var n int64
	if err := s.db.WithContext(ctx).Model(&WeChatBinding{}).Where("id = ? AND account_id = ?", id, accountID).
		Limit(1).Count(&n).Error; err != nil {
		return false, apperr.Wrap(err, apperr.Internal, "check wechat binding")
	}
	return n > 0, nil
}

// WeChatBindingsOf returns the bindings of employees ids in the tenant of ctx, by employee; those without one are
// absent.
func (s *Store) WeChatBindingsOf(ctx context.Context, ids []uint64) (map[uint64]WeChatBinding, error) {
	return s.bindingsBy(ctx, "employee_id", ids, func(b WeChatBinding) uint64 { return b.EmployeeID })
}

// bindingsBy returns the bindings whose column is among ids in the tenant of ctx, keyed by key.
func (s *Store) bindingsBy(ctx context.Context, column string, ids []uint64, key func(WeChatBinding) uint64) (map[uint64]WeChatBinding, error) {
	if _, err := requireTenant(ctx, "load wechat bindings"); err != nil {
		return nil, err
	}
	out := make(map[uint64]WeChatBinding, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []WeChatBinding
	if err := s.db.WithContext(ctx).Where(column+" IN ?", ids).Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "load wechat bindings")
	}
	for _, b := range rows {
		out[key(b)] = b
	}
	return out, nil
}

// WeChatBindingOfAccount returns the binding of account id in the tenant of ctx, and whether there is one.
func (s *Store) WeChatBindingOfAccount(ctx context.Context, accountID uint64) (WeChatBinding, bool, error) {
	bs, err := s.WeChatBindingsOfAccounts(ctx, []uint64{accountID})
	b, ok := bs[accountID]
	return b, ok, err
}

// WeChatBindingsOfAccounts returns the bindings of accounts ids in the tenant of ctx, keyed by account.
func (s *Store) WeChatBindingsOfAccounts(ctx context.Context, ids []uint64) (map[uint64]WeChatBinding, error) {
	return s.bindingsBy(ctx, "account_id", ids, func(b WeChatBinding) uint64 { return b.AccountID })
}

// UnbindWeChat ends binding id of the tenant in ctx for reason, with its audit entry, in one transaction; every
// session begun through it ends with it. not_found when there is none.
func (s *Store) UnbindWeChat(ctx context.Context, id uint64, reason UnbindReason) error {
	if _, err := requireTenant(ctx, "unbind wechat"); err != nil {
		return err
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var b WeChatBinding
		if err := tx.Where("id = ?", id).Take(&b).Error; err != nil {
			return database.NotFoundOr(err, "该微信绑定不存在或已解除", "load wechat binding")
		}
		return endWeChatBindings(ctx, tx, s.now().UTC(), reason, "id = ?", id)
	})
	return apperr.OrInternal(err, "unbind wechat")
}

// SetWeChatSubscribed records whether openID follows service account appID, as its subscribe and unsubscribe
// events say; a WeChat bound to nobody is not recorded.
func (s *Store) SetWeChatSubscribed(ctx context.Context, appID, openID string, subscribed bool) error {
	if _, err := requireTenant(ctx, "record subscription"); err != nil {
		return err
	}
	err := s.db.WithContext(ctx).Model(&WeChatBinding{}).Where("app_id = ? AND open_id = ?", appID, openID).
		UpdateColumn("subscribed", subscribed).Error
	return apperr.OrInternal(err, "record subscription")
}

// endWeChatBindings deletes the bindings cond and args select and writes one audit entry
// ("wechat.unbind") for each, with the reason, inside tx. The actor in ctx made the change; with none, Qiao did,
// following reason.
func endWeChatBindings(ctx context.Context, tx *gorm.DB, now time.Time, reason UnbindReason, cond string, args ...any) error {
	var ended []WeChatBinding
	if err := tx.Where(cond, args...).Find(&ended).Error; err != nil {
		return fmt.Errorf("load bindings to end: %w", err)
	}
	if len(ended) == 0 {
		return nil
	}
	ids := make([]uint64, len(ended))
	for i, b := range ended {
		ids[i] = b.ID
	}
	if err := tx.Where("id IN ?", ids).Delete(&WeChatBinding{}).Error; err != nil {
		return fmt.Errorf("end bindings: %w", err)
	}
	actx := ctx
	if a, ok := audit.ActorFrom(ctx); !ok || a.Kind == "" {
		actx = audit.WithActor(ctx, audit.Actor{Kind: audit.System, ID: "qiao", Source: string(reason)})
	}
	for _, b := range ended {
		if err := audit.Record(actx, tx, now, audit.Change{Action: "wechat.unbind", Target: bindingHolder(b),
			Changes: map[string]any{"reason": string(reason), "appId": b.AppID, "openId": maskOpenID(b.OpenID),
				"employeeId": b.EmployeeID, "accountId": b.AccountID}}); err != nil {
			return err
		}
	}
	return nil
}

// bindingHolder is whom a binding's audit entry is about: the employee, or the account of a customer's or
// supplier's contact (who has none).
func bindingHolder(b WeChatBinding) string {
	if b.EmployeeID == 0 {
		return fmt.Sprintf("account:%d", b.AccountID)
	}
	return fmt.Sprint(b.EmployeeID)
}

// maskOpenID shows an openid as the audit log keeps it: enough to tell two apart, not enough to message anyone.
func maskOpenID(openID string) string { return audit.Mask(openID) }

// LoginBy returns the login of the current (not resigned) employee whose employee number (byNumber) or mobile
// (otherwise; then a contact's mobile when no employee has it) is value, and whether there is one: a tenant may have people sign in from WeChat with either (seed
// 004 §3.7 人员档案登录列). A mobile is compared as NormalizeMobile writes it.
func (s *Store) LoginBy(ctx context.Context, byNumber bool, value string) (string, bool, error) {
	if _, err := requireTenant(ctx, "find login"); err != nil {
		return "", false, err
	}
	col, v := "mobile", NormalizeMobile(value)
	if byNumber {
		col, v = "employee_no", strings.TrimSpace(value)
	}
	if v == "" {
		return "", false, nil
	}
	db := s.db.WithContext(ctx)
	var ids []uint64
	if err := db.Model(&Employee{}).Where(col+" = ? AND status <> ?", v, StatusResigned).Limit(2).Pluck("id", &ids).Error; err != nil {
		return "", false, apperr.Wrap(err, apperr.Internal, "find login")
	}
	if len(ids) == 0 && !byNumber {
		// A customer's or supplier's contact signs in by mobile too; they have no employee number.
		cs, err := s.contacts(ctx, "c.mobile = ?", "LIMIT 1", v)
		if err != nil || len(cs) == 0 {
			return "", false, err
		}
		return cs[0].Login, true, nil
	}
	if len(ids) != 1 {
		return "", false, nil
	}
	var logins []string
	if err := db.Model(&Account{}).Where("employee_id = ?", ids[0]).Limit(1).Pluck("login", &logins).Error; err != nil {
		return "", false, apperr.Wrap(err, apperr.Internal, "find login")
	}
	if len(logins) == 0 {
		return "", false, nil
	}
	return logins[0], true, nil
}

// MaxBindingPage bounds a page of WeChatBindings.
const MaxBindingPage = 200

// WeChatBindings lists the tenant's bindings newest first, up to first of them bound before the binding after
// (0: from the newest), whose employee's name or login contains query; more says whether more follow. Invalid
// (Field "first") outside 1–MaxBindingPage.
func (s *Store) WeChatBindings(ctx context.Context, first int, after uint64, query string) (page []WeChatBinding, more bool, err error) {
	if _, err := requireTenant(ctx, "list wechat bindings"); err != nil {
		return nil, false, err
	}
	if first < 1 || first > MaxBindingPage {
		return nil, false, apperr.InvalidField("first", "每页 1–%d 条", MaxBindingPage)
	}
	db := s.db.WithContext(ctx)
	q := db.Order("id DESC")
	if after != 0 {
		q = q.Where("id < ?", after)
	}
	if query = strings.TrimSpace(query); query != "" {
		like := "%" + database.EscapeLike(query) + "%"
		q = q.Where("employee_id IN (?) OR account_id IN (?) OR account_id IN (?)",
			db.Model(&Employee{}).Select("id").Where("name LIKE ?", like),
			db.Model(&Account{}).Select("id").Where("login LIKE ?", like),
			db.Model(&Contact{}).Select("account_id").Where("name LIKE ? OR company LIKE ?", like, like))
	}
	page, more, err = database.FindPage[WeChatBinding](q, first)
	if err != nil {
		return nil, false, apperr.Wrap(err, apperr.Internal, "list wechat bindings")
	}
	return page, more, nil
}
