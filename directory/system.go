package directory

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/text"
)

// The associated systems (关联系统) every tenant has. OA is Qiao itself; PB and CRM are message-only over WeChat
// (seed 000 §3.2.2) and post their messages with an API key. A tenant adds further message-only systems of its own
// (HR, ERP, 一卡通: seed 001 §5) with AddSystem; they work as PB and CRM do.
const (
	SystemOA  = "OA"
	SystemPB  = "PB"
	SystemCRM = "CRM"
)

// SystemCodes lists the built-in systems in display order; a tenant's own systems follow them (CompareSystemCodes).
var SystemCodes = []string{SystemOA, SystemPB, SystemCRM}

// CompareSystemCodes orders system codes for display: the built-in ones first, in SystemCodes order, then the
// tenant's own by code.
func CompareSystemCodes(a, b string) int {
	ia, ib := slices.Index(SystemCodes, a), slices.Index(SystemCodes, b)
	switch {
	case ia >= 0 && ib >= 0:
		return ia - ib
	case ia >= 0:
		return -1
	case ib >= 0:
		return 1
	}
	return strings.Compare(a, b)
}

// Builtin reports whether code is one of the systems every tenant has, which cannot be removed.
func Builtin(code string) bool { return slices.Contains(SystemCodes, code) }

// A system's code is part of its API key (qk_<tenant>_<code>_…, so no '_') and, in lower case, the name of its WeCom
// app's callback receiver (so not the event servers' names, reservedSystemCodes); the tables keep it in 8
// characters, room for ERP, HR, FINANCE or YKT (一卡通).
const (
	minSystemCode = 2
	maxSystemCode = 8
	// MaxSystemName bounds a system's display name (the column holds 64).
	MaxSystemName = 32
)

// reservedSystemCodes would name the contact-change and customer-contact event servers' receivers in lower case.
var reservedSystemCodes = []string{"CONTACTS", "CUSTOMERS"}

var systemNames = map[string]string{
	SystemOA:  "协同办公",
	SystemPB:  "PB",
	SystemCRM: "客户关系管理",
}

// System is one associated system of a tenant (table systems). APIKeyHash is the SHA-256 of its API key; the key
// itself is shown once, by RotateSystemAPIKey.
type System struct {
	TenantID   uint64 `gorm:"primaryKey;autoIncrement:false"`
	Code       string `gorm:"primaryKey"`
	Name       string
	Enabled    bool
	APIKeyHash *string `gorm:"column:api_key_hash" json:"-"`
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// TableName implements gorm's tabler.
func (System) TableName() string { return "systems" }

// Builtin reports whether the system is one every tenant has (OA, PB, CRM), which can be disabled, not removed.
func (s System) Builtin() bool { return Builtin(s.Code) }

// HasAPIKey reports whether the system has an API key.
func (s System) HasAPIKey() bool { return s.APIKeyHash != nil }

// normalizeSystemCode upper-cases a system code and checks its shape (validSystemCode); invalid with field
// otherwise. Whether the tenant has the system is for the caller's query to find.
func normalizeSystemCode(field, code string) (string, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if !validSystemCode(code) {
		return "", apperr.InvalidField(field, "未知的系统 %q", code)
	}
	return code, nil
}

// validSystemCode: 2–8 upper-case ASCII letters and digits, a letter first.
func validSystemCode(code string) bool {
	if len(code) < minSystemCode || len(code) > maxSystemCode || code[0] < 'A' || code[0] > 'Z' {
		return false
	}
	for _, c := range []byte(code) {
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// Default role every new account gets: OA, usable over WeChat (seed 000 §4: "缺省是允许").
const DefaultSystemRoleName = "员工"

// EnsureSystems registers OA, PB and CRM for the tenant in ctx and creates its default role (DefaultSystemRoleName,
// granting OA, allowWeChat on) when they are missing; it is idempotent and safe to call concurrently. When it
// creates the default role it also gives it to every account that holds no system role yet, so tenants created
// before systems existed keep their WeChat access. New systems are enabled. It returns internal only (including
// when ctx has no tenant).
func (s *Store) EnsureSystems(ctx context.Context) error {
	if _, err := requireTenant(ctx, "ensure systems"); err != nil {
		return err
	}
	db := s.db.WithContext(ctx)
	// Fast path, without the lock: everything is there after the first call.
	var n, defaults int64
	if err := db.Model(&System{}).Where("code IN ?", SystemCodes).Count(&n).Error; err != nil {
		return apperr.Wrap(err, apperr.Internal, "ensure systems")
	}
	if err := db.Model(&SystemRole{}).Where("is_default = ?", true).Count(&defaults).Error; err != nil {
		return apperr.Wrap(err, apperr.Internal, "ensure systems")
	}
	if int(n) >= len(SystemCodes) && defaults > 0 {
		return nil
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		// Serialise with other EnsureSystems calls of this tenant, so one default role is created.
		if err := lockTenant(tx); err != nil {
			return err
		}
		now := s.now().UTC()
		rows := make([]System, 0, len(SystemCodes))
		for _, c := range SystemCodes {
			rows = append(rows, System{Code: c, Name: systemNames[c], Enabled: true, CreatedAt: now, UpdatedAt: now})
		}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error; err != nil {
			return fmt.Errorf("insert systems: %w", err)
		}
		var roles []SystemRole
		if err := tx.Where("is_default = ?", true).Find(&roles).Error; err != nil {
			return fmt.Errorf("find default role: %w", err)
		}
		if len(roles) > 0 {
			return nil
		}
		return s.createDefaultRole(tx, now)
	})
	return apperr.OrInternal(err, "ensure systems")
}

// createDefaultRole creates the default role and gives it to every account without a system role. A role an admin
// already named DefaultSystemRoleName becomes the default as it is.
func (s *Store) createDefaultRole(tx *gorm.DB, now time.Time) error {
	role := SystemRole{Name: DefaultSystemRoleName, AllowWeChat: true, IsDefault: true, CreatedAt: now, UpdatedAt: now}
	var existing []SystemRole
	if err := tx.Where("name = ?", role.Name).Find(&existing).Error; err != nil {
		return fmt.Errorf("find role by name: %w", err)
	}
	if len(existing) > 0 {
		role = existing[0]
		if err := tx.Model(&SystemRole{}).Where("id = ?", role.ID).UpdateColumn("is_default", true).Error; err != nil {
			return fmt.Errorf("adopt default role: %w", err)
		}
	} else {
		if err := tx.Create(&role).Error; err != nil {
			return fmt.Errorf("insert default role: %w", err)
		}
		if err := tx.Create(&systemRoleGrant{RoleID: role.ID, SystemCode: SystemOA}).Error; err != nil {
			return fmt.Errorf("grant default role: %w", err)
		}
	}
	var all, holding []uint64
	// Staff accounts only: a customer's or supplier's contact holds no system role.
	if err := tx.Model(&Account{}).Where("employee_id IS NOT NULL").Order("id").Pluck("id", &all).Error; err != nil {
		return fmt.Errorf("list accounts: %w", err)
	}
	if err := tx.Model(&accountSystemRole{}).Distinct("account_id").Pluck("account_id", &holding).Error; err != nil {
		return fmt.Errorf("list accounts with roles: %w", err)
	}
	has := make(map[uint64]bool, len(holding))
	for _, id := range holding {
		has[id] = true
	}
	var add []accountSystemRole
	for _, id := range all {
		if !has[id] {
			add = append(add, accountSystemRole{AccountID: id, RoleID: role.ID})
		}
	}
	if len(add) > 0 {
		if err := tx.CreateInBatches(&add, 500).Error; err != nil {
			return fmt.Errorf("give accounts the default role: %w", err)
		}
	}
	return nil
}

// Systems returns the tenant's systems in CompareSystemCodes order (none before EnsureSystems). It returns internal
// only.
func (s *Store) Systems(ctx context.Context) ([]System, error) {
	if _, err := requireTenant(ctx, "list systems"); err != nil {
		return nil, err
	}
	var list []System
	if err := s.db.WithContext(ctx).Find(&list).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list systems")
	}
	slices.SortFunc(list, func(a, b System) int { return CompareSystemCodes(a.Code, b.Code) })
	return list, nil
}

// AddSystem registers a message-only system of the tenant's own (HR, ERP …, seed 001 §5), enabled and without an
// API key yet: like PB and CRM it posts messages through the system API once RotateSystemAPIKey has given it a key,
// and reaches WeChat through its own WeCom app when one is bound (the OA app's otherwise). It returns invalid (Field
// "code": 2–8 upper-case letters and digits, a letter first, not a reserved word; Field "name": 1–MaxSystemName
// characters), conflict (Field "code") when the tenant has the code already, internal when ctx has no tenant.
func (s *Store) AddSystem(ctx context.Context, code, name string) (System, error) {
	if _, err := requireTenant(ctx, "add system"); err != nil {
		return System{}, err
	}
	code = strings.ToUpper(strings.TrimSpace(code))
	if !validSystemCode(code) {
		return System{}, apperr.InvalidField("code", "系统代码须为 %d–%d 位大写字母或数字，以字母开头，例如 HR、ERP",
			minSystemCode, maxSystemCode)
	}
	if slices.Contains(reservedSystemCodes, code) {
		return System{}, apperr.InvalidField("code", "%s 是保留字，请换一个系统代码", code)
	}
	name, err := text.Line("name", "系统名称", name)
	if err != nil {
		return System{}, err
	}
	if name == "" || utf8.RuneCountInString(name) > MaxSystemName {
		return System{}, apperr.InvalidField("name", "系统名称须为 1–%d 个字符", MaxSystemName)
	}
	if err := s.EnsureSystems(ctx); err != nil {
		return System{}, err
	}
	now := s.now().UTC()
	sys := System{Code: code, Name: name, Enabled: true, CreatedAt: now, UpdatedAt: now}
	err = s.db.WithContext(ctx).Create(&sys).Error
	if database.IsDuplicate(err) {
		return System{}, &apperr.Error{Code: apperr.Conflict, Field: "code", Msg: fmt.Sprintf("系统 %s 已存在", code)}
	}
	if err != nil {
		return System{}, apperr.Wrap(err, apperr.Internal, "add system")
	}
	return sys, nil
}

// RemoveSystem removes a system the tenant added, with its grants in every role and its API key; the messages it
// posted stay. A role left granting nothing keeps existing and grants nothing. It returns invalid (Field "code")
// for a built-in system, which can be disabled but not removed; not_found when the tenant has no such system;
// internal when ctx has no tenant. Its WeCom app, if any, is the binding's to unbind (binding.Service.RemoveSystem
// does both).
func (s *Store) RemoveSystem(ctx context.Context, code string) error {
	if _, err := requireTenant(ctx, "remove system"); err != nil {
		return err
	}
	code, err := normalizeSystemCode("code", code)
	if err != nil {
		return err
	}
	if Builtin(code) {
		return apperr.InvalidField("code", "%s 是内置系统，可以停用，不能删除", code)
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Where("code = ?", code).Delete(&System{})
		if res.Error != nil {
			return fmt.Errorf("delete system: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return systemNotFound()
		}
		if err := tx.Where("system_code = ?", code).Delete(&systemRoleGrant{}).Error; err != nil {
			return fmt.Errorf("delete grants: %w", err)
		}
		return nil
	})
	return apperr.OrInternal(err, "remove system")
}

// SetSystemEnabled enables or disables a system of the tenant. A disabled system is refused over WeChat (see
// WeChatAccess) and its API key stops working. It returns invalid (Field "code") for an unknown code, not_found
// when the tenant has not registered it (EnsureSystems), internal when ctx has no tenant.
func (s *Store) SetSystemEnabled(ctx context.Context, code string, enabled bool) (System, error) {
	if _, err := requireTenant(ctx, "enable system"); err != nil {
		return System{}, err
	}
	code, err := normalizeSystemCode("code", code)
	if err != nil {
		return System{}, err
	}
	db := s.db.WithContext(ctx)
	sys, err := findSystem(db, code)
	if err != nil {
		return System{}, err
	}
	sys.Enabled, sys.UpdatedAt = enabled, s.now().UTC()
	if err := db.Model(&System{}).Where("code = ?", code).
		UpdateColumns(map[string]any{"enabled": enabled, "updated_at": sys.UpdatedAt}).Error; err != nil {
		return System{}, apperr.Wrap(err, apperr.Internal, "enable system")
	}
	return sys, nil
}

// API keys look like qk_<tenant>_<system>_<32 random bytes, base64url>. The tenant and system in the clear let
// SystemByAPIKey scope its lookup to one row before it knows anything else (as refresh tokens do); they are not
// secrets. Only the key's SHA-256 is stored.
const (
	apiKeyPrefix   = "qk_"
	apiKeyRandSize = 32
)

// RotateSystemAPIKey gives a message-only system (PB, CRM or one the tenant added) a new API key and returns it; the previous key stops working at once. The
// key is not stored, only its hash: show it to the admin now, it cannot be read again. It returns invalid (Field
// "code") for an unknown system or for OA, which posts no messages from outside; not_found when the tenant has not
// registered the system; internal when ctx has no tenant.
func (s *Store) RotateSystemAPIKey(ctx context.Context, code string) (string, error) {
	tid, err := requireTenant(ctx, "rotate api key")
	if err != nil {
		return "", err
	}
	if code, err = normalizeSystemCode("code", code); err != nil {
		return "", err
	}
	if code == SystemOA {
		return "", apperr.InvalidField("code", "协同办公不使用 API 密钥")
	}
	b := make([]byte, apiKeyRandSize)
	if _, err := rand.Read(b); err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "rotate api key")
	}
	key := apiKeyPrefix + strconv.FormatUint(tid, 10) + "_" + code + "_" + base64.RawURLEncoding.EncodeToString(b)
	hash := hashAPIKey(key)
	res := s.db.WithContext(ctx).Model(&System{}).Where("code = ?", code).
		UpdateColumns(map[string]any{"api_key_hash": hash, "updated_at": s.now().UTC()})
	if res.Error != nil {
		return "", apperr.Wrap(res.Error, apperr.Internal, "rotate api key")
	}
	if res.RowsAffected == 0 {
		return "", systemNotFound()
	}
	return key, nil
}

// ErrBadAPIKey is the cause of every refused API key; the message does not say why, so keys cannot be probed.
var ErrBadAPIKey = errors.New("directory: invalid api key")

func badAPIKey(cause error) error {
	return &apperr.Error{Code: apperr.Unauthenticated, Msg: "API 密钥无效", Err: errors.Join(ErrBadAPIKey, cause)}
}

// SystemByAPIKey returns the system an API key belongs to; its TenantID is the tenant to scope the request to.
// The key's hash is compared in constant time. A malformed, unknown, rotated-away key, or one of another tenant
// than the one ctx already carries, is unauthenticated "invalid API key"; the key of a disabled system is
// forbidden. ctx needs no tenant: the key names it.
func (s *Store) SystemByAPIKey(ctx context.Context, plainKey string) (System, error) {
	plainKey = strings.TrimSpace(plainKey)
	tid, code, err := parseAPIKey(plainKey)
	if err != nil {
		return System{}, badAPIKey(err)
	}
	if cur, ok := tenancy.FromContext(ctx); ok && cur != tid {
		return System{}, badAPIKey(fmt.Errorf("key of tenant %d in context of tenant %d", tid, cur))
	}
	ctx = tenancy.WithTenant(ctx, tid)
	var sys System
	err = s.db.WithContext(ctx).Where("code = ?", code).Take(&sys).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return System{}, badAPIKey(err)
	}
	if err != nil {
		return System{}, apperr.Wrap(err, apperr.Internal, "look up api key")
	}
	want := make([]byte, sha256.Size*2) // no key yet: compare against zeros, which no hash equals
	if sys.APIKeyHash != nil {
		want = []byte(*sys.APIKeyHash)
	}
	if subtle.ConstantTimeCompare([]byte(hashAPIKey(plainKey)), want) != 1 {
		return System{}, badAPIKey(fmt.Errorf("tenant %d system %s: hash mismatch", tid, code))
	}
	if !sys.Enabled {
		return System{}, apperr.E(apperr.Forbidden, "%s 系统已停用", code)
	}
	return sys, nil
}

// parseAPIKey returns the tenant and system an API key names, after checking its shape.
func parseAPIKey(key string) (tenancy.ID, string, error) {
	rest, ok := strings.CutPrefix(key, apiKeyPrefix)
	if !ok {
		return 0, "", errors.New("missing prefix")
	}
	parts := strings.SplitN(rest, "_", 3) // the random part may itself contain '_'
	if len(parts) != 3 {
		return 0, "", errors.New("missing parts")
	}
	tid, err := strconv.ParseUint(parts[0], 10, 64)
	if err != nil || tid == 0 {
		return 0, "", fmt.Errorf("bad tenant %q", parts[0])
	}
	if !validSystemCode(parts[1]) || parts[1] == SystemOA {
		return 0, "", fmt.Errorf("bad system %q", parts[1])
	}
	if raw, err := base64.RawURLEncoding.DecodeString(parts[2]); err != nil || len(raw) != apiKeyRandSize {
		return 0, "", errors.New("bad secret")
	}
	return tid, parts[1], nil
}

func hashAPIKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// System returns the tenant's system code; invalid (Field "code") for a malformed code, not_found when the tenant
// has no such system, internal when ctx has no tenant.
func (s *Store) System(ctx context.Context, code string) (System, error) {
	if _, err := requireTenant(ctx, "load system"); err != nil {
		return System{}, err
	}
	code, err := normalizeSystemCode("code", code)
	if err != nil {
		return System{}, err
	}
	return findSystem(s.db.WithContext(ctx), code)
}

func systemNotFound() error {
	return apperr.E(apperr.NotFound, "该系统尚未登记")
}

// findSystem loads one system of the tenant; not_found when it is not registered.
func findSystem(db *gorm.DB, code string) (System, error) {
	var sys System
	if err := db.Where("code = ?", code).Take(&sys).Error; err != nil {
		return System{}, database.NotFoundOr(err, "该系统尚未登记", "load system")
	}
	return sys, nil
}
