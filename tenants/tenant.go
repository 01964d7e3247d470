// Package tenants holds the customer companies Qiao serves: their per-tenant account rules (lockout and password
// policy) and their WeChat Work binding, whose secret is sealed at rest.
package tenants

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/text"
)

// Tenant is one customer company (table tenants). Its ID is the tenant key: the tenancy plugin scopes every
// statement on this model to the tenant in the context, so a tenant sees only its own row.
type Tenant struct {
	ID                    uint64 `gorm:"primaryKey" tenant:"key"`
	Slug                  string
	Name                  string
	LockoutThreshold      int
	LockoutMinutes        int
	PasswordMinLength     int
	PasswordRequireSymbol bool
	ForcePasswordChange   bool
	CreatedAt             time.Time
	UpdatedAt             time.Time
}

// TableName implements gorm's tabler.
func (Tenant) TableName() string { return "tenants" }

// Settings returns the tenant's account rules.
func (t Tenant) Settings() Settings {
	return Settings{
		LockoutThreshold:      t.LockoutThreshold,
		LockoutMinutes:        t.LockoutMinutes,
		PasswordMinLength:     t.PasswordMinLength,
		PasswordRequireSymbol: t.PasswordRequireSymbol,
		ForcePasswordChange:   t.ForcePasswordChange,
	}
}

// Settings are a tenant's account rules: when to lock an account after failed sign-ins and what a password must
// look like.
type Settings struct {
	// LockoutThreshold is how many failed sign-ins on a login lock the failing client out of it (1–100, default 5).
	LockoutThreshold int
	// LockoutMinutes is the window failures are counted in and the lock lasts (1–1440, default 15).
	LockoutMinutes int
	// PasswordMinLength is the minimum password length in characters (8–64, default 8).
	PasswordMinLength int
	// PasswordRequireSymbol demands a symbol besides letters and digits (default false).
	PasswordRequireSymbol bool
	// ForcePasswordChange makes new accounts change their password at first sign-in (default false).
	ForcePasswordChange bool
}

// DefaultSettings are the rules a new tenant starts with; they match the column defaults of the tenants table.
func DefaultSettings() Settings {
	return Settings{LockoutThreshold: 5, LockoutMinutes: 15, PasswordMinLength: 8}
}

// SettingsPatch changes some settings; nil fields stay as they are. Field names in errors are the GraphQL input's.
type SettingsPatch struct {
	LockoutThreshold      *int
	LockoutMinutes        *int
	PasswordMinLength     *int
	PasswordRequireSymbol *bool
	ForcePasswordChange   *bool
}

// Bounds of the settings, inclusive.
const (
	MinLockoutThreshold  = 1
	MaxLockoutThreshold  = 100
	MinLockoutMinutes    = 1
	MaxLockoutMinutes    = 1440
	MinPasswordMinLength = 8
	MaxPasswordMinLength = 64
)

// Validate checks the patch's fields one by one: every bound is independent of the other settings, so the patch
// can be checked without reading the row. It returns an invalid error naming the first offending field.
func (p SettingsPatch) Validate() error {
	check := func(field string, v *int, lo, hi int) error {
		if v != nil && (*v < lo || *v > hi) {
			return apperr.InvalidField(field, "%s 必须在 %d 到 %d 之间", field, lo, hi)
		}
		return nil
	}
	if err := check("lockoutThreshold", p.LockoutThreshold, MinLockoutThreshold, MaxLockoutThreshold); err != nil {
		return err
	}
	if err := check("lockoutMinutes", p.LockoutMinutes, MinLockoutMinutes, MaxLockoutMinutes); err != nil {
		return err
	}
	return check("passwordMinLength", p.PasswordMinLength, MinPasswordMinLength, MaxPasswordMinLength)
}

// columns maps the patch to the columns it changes.
func (p SettingsPatch) columns() map[string]any {
	cols := map[string]any{}
	if p.LockoutThreshold != nil {
		cols["lockout_threshold"] = *p.LockoutThreshold
	}
	if p.LockoutMinutes != nil {
		cols["lockout_minutes"] = *p.LockoutMinutes
	}
	if p.PasswordMinLength != nil {
		cols["password_min_length"] = *p.PasswordMinLength
	}
	if p.PasswordRequireSymbol != nil {
		cols["password_require_symbol"] = *p.PasswordRequireSymbol
	}
	if p.ForcePasswordChange != nil {
		cols["force_password_change"] = *p.ForcePasswordChange
	}
	return cols
}

// slugRE is the shape of a tenant slug: it appears in URLs and sign-in forms, so it stays lower-case ASCII.
var slugRE = regexp.MustCompile(`^[a-z0-9-]{2,64}$`)

// ValidSlug reports whether s has the shape of a tenant slug ([a-z0-9-]{2,64}).
func ValidSlug(s string) bool { return slugRE.MatchString(s) }

// normalizeNew trims and checks the fields of a new tenant, its name under text.Line's rule.
func normalizeNew(slug, name string) (string, string, error) {
	slug = strings.TrimSpace(slug)
	if !ValidSlug(slug) {
		return "", "", apperr.InvalidField("slug", "标识只能包含小写字母、数字和连字符，长度 2–64")
	}
	name, err := text.Line("name", "名称", name)
	if err != nil {
		return "", "", err
	}
	if name == "" {
		return "", "", apperr.InvalidField("name", "名称不能为空")
	}
	if utf8.RuneCountInString(name) > 128 {
		return "", "", apperr.InvalidField("name", "名称最多 128 个字符")
	}
	return slug, name, nil
}
