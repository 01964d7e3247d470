package directory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/text"
)

// Customers' and suppliers' contact people (seed 004 §2, 客户、供应商门户). A contact is an account of the tenant
// with role RoleContact and no employee (accounts.employee_id is NULL): every staff list, audience, picker and sync
// reads employees, so none can reach a contact, and @hasRole(MEMBER) refuses the contact's own requests. The
// contact signs in only from the service account, with a password like anyone, and reads the messages addressed to
// them (sysmsg keeps those whole).

// Party says whom a contact speaks for.
type Party string

// The parties.
const (
	PartyCustomer Party = "customer"
	PartySupplier Party = "supplier"
)

// Valid reports whether p is a known party.
func (p Party) Valid() bool { return p == PartyCustomer || p == PartySupplier }

// The sources of a contact: an admin, an approved application, or a system's code (PB, CRM…) through the API.
const (
	ContactByAdmin        = "admin"
	ContactByRegistration = "registration"
)

// Contact is a customer's or supplier's contact person (table party_contacts), with the login of their account.
type Contact struct {
	TenantID  uint64 `gorm:"primaryKey"`
	AccountID uint64 `gorm:"primaryKey"`
	Party     Party
	Company   string
	Name      string
	Mobile    *string
	Status    Status // active or frozen
	Source    string
	CreatedAt time.Time
	UpdatedAt time.Time
	Login     string `gorm:"-"`
}

// TableName implements gorm's tabler.
func (Contact) TableName() string { return "party_contacts" }

// ContactInput is what an admin or a system says of a contact.
type ContactInput struct {
	Party   Party
	Company string
	Name    string
	Mobile  string
}

// MaxCompany bounds a contact's company name (its column).
const MaxCompany = 128

// CheckContact returns in as a contact keeps it, or invalid naming the field.
func CheckContact(in ContactInput) (ContactInput, error) { return in.normalize() }

// normalize checks in, invalid naming the field.
func (in ContactInput) normalize() (ContactInput, error) {
	var err error
	if !in.Party.Valid() {
		return in, apperr.InvalidField("party", "请选择客户或供应商")
	}
	if in.Company, err = text.Line("company", "公司", in.Company); err != nil {
		return in, err
	}
	if in.Company == "" || utf8.RuneCountInString(in.Company) > MaxCompany {
		return in, apperr.InvalidField("company", "公司名称须为 1–%d 个字符", MaxCompany)
	}
	// The name and mobile follow an employee's rules.
	mobile := strings.TrimSpace(in.Mobile)
	e, err := Employee{Name: in.Name, Mobile: &mobile}.Normalize()
	if err != nil {
		return in, err
	}
	in.Name, in.Mobile = e.Name, ""
	if e.Mobile != nil {
		in.Mobile = *e.Mobile
	}
	return in, nil
}

// NewContact is a contact to create: Password is the one they will sign in with (checked against the tenant's
// policy; empty: a one-time password is made and returned); MustChange makes them change it at the first sign-in.
type NewContact struct {
	ContactInput
	Login      string
	Source     string
	Password   string
	MustChange bool
	hash       string
}

// WithPasswordHash is c with a password already hashed (an application keeps the one its applicant chose hashed
// until the decision) instead of Password.
func (c NewContact) WithPasswordHash(hash string) NewContact {
	c.hash = hash
	return c
}

// HashNewPassword checks pw against the tenant's policy and hashes it, for a password kept until an account is made.
func (s *Store) HashNewPassword(ctx context.Context, pw string) (string, error) {
	settings, err := s.settings(ctx)
	if err != nil {
		return "", err
	}
	if err := CheckPassword(PolicyOf(settings), pw); err != nil {
		return "", err
	}
	h, err := hashPassword(pw)
	if err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "hash password")
	}
	return h, nil
}

// CreateContact makes a contact and their account, and returns the one-time password it made (empty when in gave
// one). Invalid names the field; conflict names "login" (another account's) or "mobile" (another contact's). also,
// when given, runs in the same transaction once the contact exists: its error undoes the contact.
func (s *Store) CreateContact(ctx context.Context, in NewContact, also ...func(tx *gorm.DB, c Contact) error) (Contact, string, error) {
	tid, err := requireTenant(ctx, "create contact")
	if err != nil {
		return Contact{}, "", err
	}
	login := strings.TrimSpace(in.Login)
	if !ValidLogin(login) {
		return Contact{}, "", apperr.InvalidField("login", "账号只能包含字母、数字和 _ . @ -，长度 2–64")
	}
	if in.ContactInput, err = in.normalize(); err != nil {
		return Contact{}, "", err
	}
	hash, oneTime := in.hash, ""
	if hash == "" {
		pw := in.Password
		if pw == "" {
			settings, err := s.settings(ctx)
			if err != nil {
				return Contact{}, "", err
			}
			if oneTime, err = OneTimePassword(PolicyOf(settings).MinLength); err != nil {
				return Contact{}, "", apperr.Wrap(err, apperr.Internal, "one-time password")
			}
			pw, in.MustChange = oneTime, true
		}
		if hash, err = s.HashNewPassword(ctx, pw); err != nil {
			return Contact{}, "", err
		}
	}
	now := s.now().UTC()
	a := Account{TenantID: tid, Login: login, PasswordHash: hash, Role: RoleContact, TokenVersion: 1,
		MustChangePassword: in.MustChange, CreatedAt: now, UpdatedAt: now}
	c := Contact{TenantID: tid, Party: in.Party, Company: in.Company, Name: in.Name, Status: StatusActive,
		Source: in.Source, CreatedAt: now, UpdatedAt: now, Login: login}
	if in.Mobile != "" {
		c.Mobile = &in.Mobile
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// employee_id is left NULL: the account has no employee.
		if err := tx.Omit("employee_id").Create(&a).Error; err != nil {
			if database.IsDuplicate(err) {
				return &apperr.Error{Code: apperr.Conflict, Field: "login", Err: err, Msg: fmt.Sprintf("账号 %q 已被使用", login)}
			}
			return fmt.Errorf("insert account: %w", err)
		}
		c.AccountID = a.ID
		if err := tx.Create(&c).Error; err != nil {
			if database.IsDuplicate(err) {
				return &apperr.Error{Code: apperr.Conflict, Field: "mobile", Err: err, Msg: "该手机号已是另一位联系人的"}
			}
			return fmt.Errorf("insert contact: %w", err)
		}
		for _, f := range also {
			if err := f(tx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Contact{}, "", apperr.OrInternal(err, "create contact")
	}
	return c, oneTime, nil
}

// PutContact makes or updates the contact whose login is in.Login for system in.Source (a system keeps its contacts
// by their login, idempotently): created says which. A new contact's one-time password is returned as CreateContact
// returns it; resetPassword gives an existing one a new one-time password (a system that lost the answer of the call
// that made them asks again), and a password is otherwise set only at creation. A system changes only the contacts
// it made: another's (an admin's, an application's, another system's) is conflict naming "login", and so is an
// employee's login. Each change is audited in its transaction (contact.create, contact.update), made by the actor
// in ctx (the system).
func (s *Store) PutContact(ctx context.Context, in NewContact, resetPassword bool) (c Contact, created bool, oneTime string, err error) {
	login := strings.TrimSpace(in.Login)
	cur, found, err := s.systemContact(ctx, in.Source, login)
	if err != nil {
		return Contact{}, false, "", err
	}
	record := func(action string) func(tx *gorm.DB, c Contact) error {
		return func(tx *gorm.DB, c Contact) error {
			return audit.Record(ctx, tx, s.now().UTC(), audit.Change{Action: action, Target: c.Login,
				Changes: map[string]any{"party": c.Party, "company": c.Company, "name": c.Name, "mobile": c.Mobile}})
		}
	}
	if found {
		if c, err = s.UpdateContact(ctx, cur.AccountID, in.ContactInput, record("contact.update")); err != nil {
			return Contact{}, false, "", err
		}
		if resetPassword {
			oneTime, err = s.ResetContactPassword(ctx, cur.AccountID)
		}
		return c, false, oneTime, err
	}
	c, oneTime, err = s.CreateContact(ctx, in, record("contact.create"))
	if e, ok := errors.AsType[*apperr.Error](err); ok && e.Code == apperr.Conflict && e.Field == "login" {
		// Taken since the look-up above: by an employee, or by a contact another call made meanwhile.
		return Contact{}, false, "", &apperr.Error{Code: apperr.Conflict, Field: "login", Err: err,
			Msg: fmt.Sprintf("账号 %q 已被使用，请重试或换一个账号", login)}
	}
	return c, err == nil, oneTime, err
}

// DeleteSystemContact takes back the contact whose login is login, made by system; not_found when there is none,
// conflict when another made them. The ending is audited (contact.delete) by the actor in ctx.
func (s *Store) DeleteSystemContact(ctx context.Context, system, login string) error {
	cur, found, err := s.systemContact(ctx, system, login)
	if err != nil {
		return err
	}
	if !found {
		return apperr.E(apperr.NotFound, "联系人 %q 不存在", login)
	}
	return s.DeleteContact(ctx, cur.AccountID, func(tx *gorm.DB) error {
		return audit.Record(ctx, tx, s.now().UTC(), audit.Change{Action: "contact.delete", Target: login})
	})
}

// sourceName is who made a contact, as a message names them.
func sourceName(source string) string {
	switch source {
	case ContactByAdmin:
		return "管理员"
	case ContactByRegistration:
		return "注册申请"
	}
	return " " + source + " "
}

// systemContact finds the contact of login for system: found false when the login is nobody's, conflict naming
// "login" when it is an employee's or a contact system did not make.
func (s *Store) systemContact(ctx context.Context, system, login string) (Contact, bool, error) {
	cs, err := s.ContactsByLogin(ctx, []string{login})
	if err != nil {
		return Contact{}, false, err
	}
	if c, ok := cs[login]; ok {
		if c.Source != system {
			return Contact{}, false, &apperr.Error{Code: apperr.Conflict, Field: "login",
				Msg: fmt.Sprintf("联系人 %q 由%s创建，%s 不能修改或收回", login, sourceName(c.Source), system)}
		}
		return c, true, nil
	}
	var n int64
	if err := s.db.WithContext(ctx).Model(&Account{}).Where("login = ?", login).Count(&n).Error; err != nil {
		return Contact{}, false, apperr.Wrap(err, apperr.Internal, "look up login")
	}
	if n > 0 {
		return Contact{}, false, &apperr.Error{Code: apperr.Conflict, Field: "login",
			Msg: fmt.Sprintf("账号 %q 是本企业员工的账号，不能用作联系人", login)}
	}
	return Contact{}, false, nil
}

// contactColumns are Contact's columns with the account's login, for scanContact.
const contactColumns = `c.tenant_id, c.account_id, c.party, c.company, c.name, c.mobile, c.status, c.source,
	c.created_at, c.updated_at, a.login`

func scanContact(r *sql.Rows) (Contact, error) {
	var c Contact
	err := r.Scan(&c.TenantID, &c.AccountID, &c.Party, &c.Company, &c.Name, &c.Mobile, &c.Status, &c.Source,
		&c.CreatedAt, &c.UpdatedAt, &c.Login)
	return c, err
}

// contacts returns the contacts of the tenant matching where (over party_contacts c and accounts a), in order.
func (s *Store) contacts(ctx context.Context, where, order string, args ...any) ([]Contact, error) {
	tid, err := requireTenant(ctx, "load contacts")
	if err != nil {
		return nil, err
	}
	var out []Contact
	q := `SELECT ` + contactColumns + ` FROM party_contacts c
		JOIN accounts a ON a.tenant_id = c.tenant_id AND a.id = c.account_id
		WHERE c.tenant_id = ? AND (` + where + `) ` + order
	err = database.EachRow(s.db.WithContext(ctx), func(r *sql.Rows) error {
		c, err := scanContact(r)
		out = append(out, c)
		return err
	}, q, append([]any{tid}, args...)...)
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "load contacts")
	}
	return out, nil
}

// Contact returns the contact of account id; not_found when there is none in the tenant.
func (s *Store) Contact(ctx context.Context, accountID uint64) (Contact, error) {
	cs, err := s.contacts(ctx, "c.account_id = ?", "", accountID)
	if err != nil {
		return Contact{}, err
	}
	if len(cs) == 0 {
		return Contact{}, apperr.E(apperr.NotFound, "联系人不存在")
	}
	return cs[0], nil
}

// ContactsByAccount returns the contacts among accounts ids, keyed by account; the others are absent.
func (s *Store) ContactsByAccount(ctx context.Context, ids []uint64) (map[uint64]Contact, error) {
	out := map[uint64]Contact{}
	if len(ids) == 0 {
		return out, nil
	}
	cs, err := s.contacts(ctx, "c.account_id IN ?", "", ids)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		out[c.AccountID] = c
	}
	return out, nil
}

// ContactsByLogin returns the contacts whose logins are among logins, keyed by login.
func (s *Store) ContactsByLogin(ctx context.Context, logins []string) (map[string]Contact, error) {
	out := map[string]Contact{}
	if len(logins) == 0 {
		return out, nil
	}
	cs, err := s.contacts(ctx, "a.login IN ?", "", logins)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		out[c.Login] = c
	}
	return out, nil
}

// ContactFilter narrows Contacts: Search matches the name, company, login or mobile; Party and Status match exactly
// when set.
type ContactFilter struct {
	Search string
	Party  Party
	Status Status
}

// MaxContactPage bounds a page of Contacts.
const MaxContactPage = 200

// Contacts returns the tenant's contacts under f, newest first, first of them made before account after (0: from
// the newest), and whether more follow.
func (s *Store) Contacts(ctx context.Context, f ContactFilter, first int, after uint64) ([]Contact, bool, error) {
	if first < 1 || first > MaxContactPage {
		return nil, false, apperr.InvalidField("first", "每页 1–%d 条", MaxContactPage)
	}
	where, args := "TRUE", []any{}
	if v := strings.TrimSpace(f.Search); v != "" {
		like := "%" + database.EscapeLike(v) + "%"
		where += " AND (c.name LIKE ? OR c.company LIKE ? OR a.login LIKE ? OR c.mobile LIKE ?)"
		args = append(args, like, like, like, like)
	}
	if f.Party != "" {
		where += " AND c.party = ?"
		args = append(args, f.Party)
	}
	if f.Status != "" {
		where += " AND c.status = ?"
		args = append(args, f.Status)
	}
	if after != 0 {
		where += " AND c.account_id < ?"
		args = append(args, after)
	}
	cs, err := s.contacts(ctx, where, fmt.Sprintf("ORDER BY c.account_id DESC LIMIT %d", first+1), args...)
	if err != nil {
		return nil, false, err
	}
	more := len(cs) > first
	if more {
		cs = cs[:first]
	}
	return cs, more, nil
}

// UpdateContact changes contact id's party, company, name and mobile; invalid or conflict as CreateContact,
// not_found when there is none. also runs in the same transaction, with the contact as changed.
func (s *Store) UpdateContact(ctx context.Context, id uint64, in ContactInput, also ...func(tx *gorm.DB, c Contact) error) (Contact, error) {
	if _, err := requireTenant(ctx, "update contact"); err != nil {
		return Contact{}, err
	}
	in, err := in.normalize()
	if err != nil {
		return Contact{}, err
	}
	cur, err := s.Contact(ctx, id)
	if err != nil {
		return Contact{}, err
	}
	c := cur
	c.Party, c.Company, c.Name, c.Mobile, c.UpdatedAt = in.Party, in.Company, in.Name, nil, s.now().UTC()
	if in.Mobile != "" {
		c.Mobile = &in.Mobile
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Model(&Contact{}).Where("account_id = ?", id).Updates(map[string]any{
			"party": c.Party, "company": c.Company, "name": c.Name, "mobile": c.Mobile, "updated_at": c.UpdatedAt}).Error
		if database.IsDuplicate(err) {
			return &apperr.Error{Code: apperr.Conflict, Field: "mobile", Err: err, Msg: "该手机号已是另一位联系人的"}
		}
		if err != nil {
			return fmt.Errorf("update contact: %w", err)
		}
		for _, f := range also {
			if err := f(tx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Contact{}, apperr.OrInternal(err, "update contact")
	}
	return c, nil
}

// SetContactStatus freezes (StatusFrozen) or reactivates (StatusActive) contact id. Freezing ends every session of
// the account at once, as an employee's freezing does; their WeChat binding stays, and signs them in again once they
// are active.
func (s *Store) SetContactStatus(ctx context.Context, id uint64, to Status) (Contact, error) {
	if _, err := requireTenant(ctx, "change contact"); err != nil {
		return Contact{}, err
	}
	if to != StatusActive && to != StatusFrozen {
		return Contact{}, apperr.InvalidField("status", "联系人只能启用或冻结")
	}
	now := s.now().UTC()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Contact{}).Where("account_id = ?", id).Updates(map[string]any{"status": to, "updated_at": now})
		if res.Error != nil {
			return fmt.Errorf("update contact: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return apperr.E(apperr.NotFound, "联系人不存在")
		}
		return tx.Model(&Account{}).Where("id = ? AND role = ?", id, RoleContact).
			UpdateColumns(map[string]any{"token_version": gorm.Expr("token_version + 1"), "updated_at": now}).Error
	})
	if err != nil {
		return Contact{}, apperr.OrInternal(err, "change contact")
	}
	return s.Contact(ctx, id)
}

// DeleteContact takes contact id's account back (seed 004 §4: 收回帐号): the account, its sessions and its WeChat
// binding end (UnbindResigned, with its audit entry); the messages they were sent stay with their system's record.
func (s *Store) DeleteContact(ctx context.Context, id uint64, also ...func(tx *gorm.DB) error) error {
	if _, err := requireTenant(ctx, "delete contact"); err != nil {
		return err
	}
	now := s.now().UTC()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Where("account_id = ?", id).Delete(&Contact{})
		if res.Error != nil {
			return fmt.Errorf("delete contact: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return apperr.E(apperr.NotFound, "联系人不存在")
		}
		if err := endWeChatBindings(ctx, tx, now, UnbindResigned, "account_id = ?", id); err != nil {
			return err
		}
		if err := tx.Where("account_id = ?", id).Delete(&refreshTokenRow{}).Error; err != nil {
			return fmt.Errorf("delete refresh tokens: %w", err)
		}
		if err := tx.Where("id = ? AND role = ?", id, RoleContact).Delete(&Account{}).Error; err != nil {
			return fmt.Errorf("delete account: %w", err)
		}
		for _, f := range also {
			if err := f(tx); err != nil {
				return err
			}
		}
		return nil
	})
	return apperr.OrInternal(err, "delete contact")
}

// refreshTokenRow names refresh_tokens for DeleteContact: a deleted account's tokens are dead already (its id is
// gone), but nothing should outlive the account it belongs to.
type refreshTokenRow struct {
	ID        uint64 `gorm:"primaryKey"`
	TenantID  uint64
	AccountID uint64
}

// TableName implements gorm's tabler.
func (refreshTokenRow) TableName() string { return "refresh_tokens" }

// ResetContactPassword gives contact id a one-time password, as ResetPassword gives an employee.
func (s *Store) ResetContactPassword(ctx context.Context, id uint64) (string, error) {
	return s.resetPassword(ctx, "id = ? AND role = ?", []any{id, RoleContact}, "联系人不存在")
}

// contactStatus is the status of contact account id, not_found when there is none.
func contactStatus(tx *gorm.DB, id uint64) (Status, error) {
	var c Contact
	if err := tx.Select("status").Where("account_id = ?", id).Take(&c).Error; err != nil {
		return "", database.NotFoundOr(err, "联系人不存在", "load contact")
	}
	return c.Status, nil
}
