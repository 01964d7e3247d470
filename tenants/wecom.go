package tenants

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// Mode is how a tenant's WeCom access tokens are obtained. Every credential Qiao uses for a tenant comes through
// Store.credentials, which switches on it: a second way (代开发 authorisation, where the vendor receives each app's
// secret as a permanent code) is a new case there and a new Mode, not a change at the call sites.
type Mode string

// ModeSecret: the admin pasted the corp's secrets (seed 000 §2.3–2.6), right for a private deployment and for
// apps created before 2022-06-20.
const ModeSecret Mode = "secret"

// Corp is a tenant's WeCom corp (table wecom_corps): its ID, the contact-sync (通讯录) and customer-contact (客户联系)
// secrets, sealed, and the trusted domain (可信域名).
type Corp struct {
	TenantID             uint64 `gorm:"primaryKey;autoIncrement:false"`
	CorpID               string
	Mode                 Mode
	ContactSecretSealed  []byte
	CustomerSecretSealed []byte
	TrustedDomain        *string
	Preflight            *string
	PreflightAt          *time.Time
	CreatedAt            time.Time
	UpdatedAt            time.Time
}

// TableName implements gorm's tabler.
func (Corp) TableName() string { return "wecom_corps" }

// App is the WeCom app an associated system sends from and signs in through (table wecom_apps).
type App struct {
	TenantID     uint64 `gorm:"primaryKey;autoIncrement:false"`
	SystemCode   string `gorm:"primaryKey"`
	AgentID      int64
	SecretSealed []byte
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// TableName implements gorm's tabler.
func (App) TableName() string { return "wecom_apps" }

// Receiver is an event server WeCom posts to (table wecom_receivers): an app's callback, or the contact-change or
// customer-contact one. Its Token and EncodingAESKey are sealed at rest.
type Receiver struct {
	TenantID     uint64 `gorm:"primaryKey;autoIncrement:false"`
	Name         string `gorm:"primaryKey"`
	TokenSealed  []byte
	AESKeySealed []byte
	VerifiedAt   *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// TableName implements gorm's tabler.
func (Receiver) TableName() string { return "wecom_receivers" }

// The receivers that are not an app's: WeCom's contact-change events (通讯录回调) and customer-contact events (客户联系).
const (
	ReceiverContacts  = "contacts"
	ReceiverCustomers = "customers"
)

// ReceiverForSystem names the receiver of a system's app: its code in lower case ("oa").
func ReceiverForSystem(system string) string { return strings.ToLower(system) }

// ReceiverKeys are a receiver's Token and EncodingAESKey in the clear, as the admin pastes them into WeCom.
type ReceiverKeys struct {
	Name       string
	Token      string
	AESKey     string
	VerifiedAt *time.Time
}

// Binding is a tenant's WeCom binding as an admin may see it: secrets only masked (audit.Mask).
type Binding struct {
	CorpID         string
	Mode           Mode
	ContactSecret  string // masked; "" when not set
	CustomerSecret string // masked; "" when not set
	TrustedDomain  string
	Apps           []BoundApp
	Receivers      []ReceiverKeys
	Preflight      *string
	PreflightAt    *time.Time
}

// BoundApp is an app of the binding, its secret masked.
type BoundApp struct {
	System  string
	AgentID int64
	Secret  string
}

// CorpPatch changes the corp; nil fields stay as they are. A secret is write-only: it can be replaced, never read.
type CorpPatch struct {
	CorpID         *string
	ContactSecret  *string
	CustomerSecret *string
	TrustedDomain  *string
}

var (
	corpIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	secretRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)
	tokenRE  = regexp.MustCompile(`^[A-Za-z0-9]{1,32}$`)
	aesKeyRE = regexp.MustCompile(`^[A-Za-z0-9]{43}$`)
	// A registered domain, or localhost or an IPv4 address for a deployment on a private network and the demo.
	hostPortRE = regexp.MustCompile(`^(([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}|localhost|[0-9]{1,3}(\.[0-9]{1,3}){3})(:[0-9]{1,5})?$`)
)

func checkSecret(field, label, v string) (string, error) {
	v = strings.TrimSpace(v)
	if !secretRE.MatchString(v) {
		return "", apperr.InvalidField(field, "%s 只能包含字母、数字、下划线和连字符（从企业微信管理后台复制），最多 128 个字符", label)
	}
	return v, nil
}

// NormalizeDomain checks a trusted domain or a tenant's host name: a host name with its port where that is not 80
// or 443 (seed 000 warns that WeCom compares the port too), without scheme or path.
func NormalizeDomain(field, v string) (string, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	v = strings.TrimSuffix(v, "/")
	if strings.Contains(v, "://") {
		return "", apperr.InvalidField(field, "只填域名（可带端口），不要带 http:// 或 https://")
	}
	if strings.ContainsAny(v, "/?#") {
		return "", apperr.InvalidField(field, "只填域名（可带端口），不要带路径")
	}
	if !hostPortRE.MatchString(v) || len(v) > 255 {
		return "", apperr.InvalidField(field, "%q 不是有效的域名，例如 oa.example.com 或 oa.example.com:8443", v)
	}
	return v, nil
}

// Validate checks the patch and returns it trimmed.
func (p CorpPatch) normalize() (CorpPatch, error) {
	if p.CorpID != nil {
		v := strings.TrimSpace(*p.CorpID)
		if !corpIDRE.MatchString(v) {
			return p, apperr.InvalidField("corpId", "企业 ID 只能包含字母和数字（在企业微信管理后台「我的企业」页底部），最多 64 个字符")
		}
		p.CorpID = &v
	}
	for _, s := range []struct {
		v            **string
		field, label string
	}{{&p.ContactSecret, "contactSecret", "通讯录 Secret"}, {&p.CustomerSecret, "customerSecret", "客户联系 Secret"}} {
		if *s.v == nil {
			continue
		}
		v, err := checkSecret(s.field, s.label, **s.v)
		if err != nil {
			return p, err
		}
		*s.v = &v
	}
	if p.TrustedDomain != nil && strings.TrimSpace(*p.TrustedDomain) != "" {
		v, err := NormalizeDomain("trustedDomain", *p.TrustedDomain)
		if err != nil {
			return p, err
		}
		p.TrustedDomain = &v
	}
	return p, nil
}

// Changes describes the patch for the audit log, secrets masked.
func (p CorpPatch) Changes() map[string]any {
	c := map[string]any{}
	if p.CorpID != nil {
		c["corpId"] = *p.CorpID
	}
	if p.ContactSecret != nil {
		c["contactSecret"] = audit.Mask(*p.ContactSecret)
	}
	if p.CustomerSecret != nil {
		c["customerSecret"] = audit.Mask(*p.CustomerSecret)
	}
	if p.TrustedDomain != nil {
		c["trustedDomain"] = *p.TrustedDomain
	}
	return c
}

func (s *Store) requireSealer(op string) error {
	if s.sealer == nil {
		return apperr.E(apperr.Internal, "%s: store has no sealer", op)
	}
	return nil
}

func (s *Store) sealString(v string) ([]byte, error) { return s.sealer.Seal([]byte(v)) }

// masked opens a sealed secret and masks it (audit.Mask) for an admin's eyes; "" when none is sealed.
func (s *Store) masked(sealed []byte) (string, error) {
	if len(sealed) == 0 {
		return "", nil
	}
	v, err := s.sealer.Open(sealed)
	return audit.Mask(string(v)), err
}

// SaveCorp creates or changes the corp of the tenant in ctx. Creating it needs a corp ID; it also creates the
// contact-change and customer-contact receivers with fresh keys. It returns invalid for a malformed field (named as
// in GraphQL), internal without a tenant or sealer.
func (s *Store) SaveCorp(ctx context.Context, patch CorpPatch) error {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "save wecom corp")
	}
	if err := s.requireSealer("save wecom corp"); err != nil {
		return err
	}
	if patch, err = patch.normalize(); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var c Corp
		err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Take(&c).Error
		exists := err == nil
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return apperr.Wrap(err, apperr.Internal, "load wecom corp")
		}
		if !exists {
			if patch.CorpID == nil {
				return apperr.InvalidField("corpId", "请填写企业 ID")
			}
			c = Corp{TenantID: tid, Mode: ModeSecret}
		}
		if patch.CorpID != nil {
			c.CorpID = *patch.CorpID
		}
		if patch.ContactSecret != nil {
			if c.ContactSecretSealed, err = s.sealString(*patch.ContactSecret); err != nil {
				return err
			}
		}
		if patch.CustomerSecret != nil {
			if c.CustomerSecretSealed, err = s.sealString(*patch.CustomerSecret); err != nil {
				return err
			}
		}
		if patch.TrustedDomain != nil {
			if *patch.TrustedDomain == "" {
				c.TrustedDomain = nil
			} else {
				c.TrustedDomain = patch.TrustedDomain
			}
		}
		if exists {
			err = tx.Save(&c).Error
		} else {
			err = tx.Create(&c).Error
		}
		if err != nil {
			return apperr.Wrap(err, apperr.Internal, "save wecom corp")
		}
		for _, name := range []string{ReceiverContacts, ReceiverCustomers} {
			if err := s.ensureReceiver(tx, tid, name); err != nil {
				return err
			}
		}
		return nil
	})
}

// SaveApp binds system (OA, PB, CRM) to the app agentID of the tenant's corp. The secret is needed when the
// system has no app yet and may be nil afterwards to keep the one saved. The app's receiver is created with fresh
// keys when missing. Errors: invalid (no corp yet, a malformed field, an agentID another system uses), internal.
func (s *Store) SaveApp(ctx context.Context, system string, agentID int64, secret *string) error {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "save wecom app")
	}
	if err := s.requireSealer("save wecom app"); err != nil {
		return err
	}
	if agentID <= 0 || agentID > 1<<31 {
		return apperr.InvalidField("agentId", "AgentId 是应用详情页上的正整数，例如 1000002")
	}
	if secret != nil {
		v, err := checkSecret("secret", "应用 Secret", *secret)
		if err != nil {
			return err
		}
		secret = &v
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Take(&Corp{}).Error; errors.Is(err, gorm.ErrRecordNotFound) {
			return apperr.InvalidField("corpId", "请先填写并保存企业 ID")
		} else if err != nil {
			return apperr.Wrap(err, apperr.Internal, "load wecom corp")
		}
		var a App
		err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("system_code = ?", system).Take(&a).Error
		exists := err == nil
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return apperr.Wrap(err, apperr.Internal, "load wecom app")
		}
		if !exists && secret == nil {
			return apperr.InvalidField("secret", "请填写应用 Secret")
		}
		a.TenantID, a.SystemCode, a.AgentID = tid, system, agentID
		if secret != nil {
			if a.SecretSealed, err = s.sealString(*secret); err != nil {
				return err
			}
		}
		if exists {
			err = tx.Save(&a).Error
		} else {
			err = tx.Create(&a).Error
		}
		if database.IsDuplicate(err) {
			return apperr.InvalidField("agentId", "AgentId %d 已用于另一个系统，一个应用只能关联一个系统", agentID)
		}
		if err != nil {
			return apperr.Wrap(err, apperr.Internal, "save wecom app")
		}
		return s.ensureReceiver(tx, tid, ReceiverForSystem(system))
	})
}

// RemoveApp unbinds system's app and deletes its receiver; not_found when the system has no app.
func (s *Store) RemoveApp(ctx context.Context, system string) error {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return apperr.Wrap(err, apperr.Internal, "remove wecom app")
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Where("system_code = ?", system).Delete(&App{})
		if res.Error != nil {
			return apperr.Wrap(res.Error, apperr.Internal, "remove wecom app")
		}
		if res.RowsAffected == 0 {
			return apperr.E(apperr.NotFound, "%s 没有关联企业微信应用", system)
		}
		if err := tx.Where("name = ?", ReceiverForSystem(system)).Delete(&Receiver{}).Error; err != nil {
			return apperr.Wrap(err, apperr.Internal, "remove wecom receiver")
		}
		return nil
	})
}

// ensureReceiver creates the receiver name with fresh keys unless it exists.
func (s *Store) ensureReceiver(tx *gorm.DB, tid uint64, name string) error {
	token, aesKey := NewReceiverKeys()
	ts, err := s.sealString(token)
	if err != nil {
		return err
	}
	ks, err := s.sealString(aesKey)
	if err != nil {
		return err
	}
	r := Receiver{TenantID: tid, Name: name, TokenSealed: ts, AESKeySealed: ks}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&r).Error; err != nil {
		return apperr.Wrap(err, apperr.Internal, "create wecom receiver")
	}
	return nil
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// NewReceiverKeys returns a fresh Token (32 letters and digits, WeCom's longest) and EncodingAESKey (43 letters and
// digits, which WeCom decodes as 32 bytes of AES key).
func NewReceiverKeys() (token, aesKey string) {
	return randomAlnum(32), randomAlnum(43)
}

func randomAlnum(n int) string {
	b := make([]byte, n)
	// 62 letters and digits; rejection sampling keeps them uniform.
	buf := make([]byte, 1)
	for i := 0; i < n; {
		_, _ = rand.Read(buf)
		if buf[0] >= 248 {
			continue
		}
		b[i] = alnum[int(buf[0])%len(alnum)]
		i++
	}
	return string(b)
}

// SetReceiverKeys replaces a receiver's keys: with the ones pasted from WeCom (seed 002 §一.2 has the admin press
// 随机获取 there), or, when both are empty, with fresh ones (重新生成). The receiver must then be verified again. It
// returns the keys now in force; invalid for a malformed key, not_found for an unknown receiver.
func (s *Store) SetReceiverKeys(ctx context.Context, name, token, aesKey string) (ReceiverKeys, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return ReceiverKeys{}, apperr.Wrap(err, apperr.Internal, "set receiver keys")
	}
	if err := s.requireSealer("set receiver keys"); err != nil {
		return ReceiverKeys{}, err
	}
	token, aesKey = strings.TrimSpace(token), strings.TrimSpace(aesKey)
	switch {
	case token == "" && aesKey == "":
		token, aesKey = NewReceiverKeys()
	case !tokenRE.MatchString(token):
		return ReceiverKeys{}, apperr.InvalidField("token", "Token 为 1–32 位英文字母或数字")
	case !aesKeyRE.MatchString(aesKey):
		return ReceiverKeys{}, apperr.InvalidField("encodingAESKey", "EncodingAESKey 为 43 位英文字母或数字")
	}
	ts, err := s.sealString(token)
	if err != nil {
		return ReceiverKeys{}, err
	}
	ks, err := s.sealString(aesKey)
	if err != nil {
		return ReceiverKeys{}, err
	}
	res := s.db.WithContext(ctx).Model(&Receiver{}).Where("name = ?", name).
		Updates(map[string]any{"token_sealed": ts, "aes_key_sealed": ks, "verified_at": nil})
	if res.Error != nil {
		return ReceiverKeys{}, apperr.Wrap(res.Error, apperr.Internal, "set receiver keys")
	}
	if res.RowsAffected == 0 {
		return ReceiverKeys{}, apperr.E(apperr.NotFound, "没有名为 %s 的回调", name)
	}
	return ReceiverKeys{Name: name, Token: token, AESKey: aesKey}, nil
}

// MarkReceiverVerified records that WeCom's URL verification of the receiver succeeded at now.
func (s *Store) MarkReceiverVerified(ctx context.Context, name string, now time.Time) error {
	err := s.db.WithContext(ctx).Model(&Receiver{}).Where("name = ?", name).Update("verified_at", now).Error
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "mark receiver verified")
	}
	return nil
}

// ReceiverVerified reports whether WeCom has verified receiver name of the tenant in ctx: only then does WeCom post
// its events there (an interactive card's taps among them).
func (s *Store) ReceiverVerified(ctx context.Context, name string) (bool, error) {
	var rs []Receiver
	if err := s.db.WithContext(ctx).Select("verified_at").Where("name = ?", name).Limit(1).Find(&rs).Error; err != nil {
		return false, apperr.Wrap(err, apperr.Internal, "load receiver")
	}
	return len(rs) == 1 && rs[0].VerifiedAt != nil, nil
}

func (s *Store) openReceiver(r Receiver) (ReceiverKeys, error) {
	token, err := s.sealer.Open(r.TokenSealed)
	if err != nil {
		return ReceiverKeys{}, err
	}
	key, err := s.sealer.Open(r.AESKeySealed)
	if err != nil {
		return ReceiverKeys{}, err
	}
	return ReceiverKeys{Name: r.Name, Token: string(token), AESKey: string(key), VerifiedAt: r.VerifiedAt}, nil
}

// IntakeTarget is what the callback intake needs to check and open an event: the tenant, the corp ID events must
// name, and the receiver's keys.
type IntakeTarget struct {
	TenantID uint64
	Slug     string
	CorpID   string
	Keys     ReceiverKeys
}

// Receiver finds the receiver name of the tenant slug, for the callback intake, which runs before any tenant is
// known. It returns not_found for an unknown tenant, an unbound one or an unknown receiver, alike.
func (s *Store) Receiver(ctx context.Context, slug, name string) (IntakeTarget, error) {
	if err := s.requireSealer("load receiver"); err != nil {
		return IntakeTarget{}, err
	}
	t, err := s.BySlug(ctx, slug)
	if err != nil {
		return IntakeTarget{}, apperr.E(apperr.NotFound, "回调地址不存在")
	}
	ctx = tenancy.WithTenant(ctx, t.ID)
	var c Corp
	var r Receiver
	db := s.db.WithContext(ctx)
	if err := db.Take(&c).Error; err != nil {
		return IntakeTarget{}, database.NotFoundOr(err, "回调地址不存在", "load wecom corp")
	}
	if err := db.Where("name = ?", name).Take(&r).Error; err != nil {
		return IntakeTarget{}, database.NotFoundOr(err, "回调地址不存在", "load receiver")
	}
	keys, err := s.openReceiver(r)
	if err != nil {
		return IntakeTarget{}, err
	}
	return IntakeTarget{TenantID: t.ID, Slug: t.Slug, CorpID: c.CorpID, Keys: keys}, nil
}

// Binding returns the WeCom binding of the tenant in ctx, secrets masked: not_found when there is none.
func (s *Store) Binding(ctx context.Context) (Binding, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return Binding{}, apperr.Wrap(err, apperr.Internal, "load wecom binding")
	}
	if err := s.requireSealer("load wecom binding"); err != nil {
		return Binding{}, err
	}
	db := s.db.WithContext(ctx)
	var c Corp
	if err := db.Take(&c).Error; err != nil {
		return Binding{}, database.NotFoundOr(err, "尚未绑定企业微信", "load wecom corp")
	}
	masked := s.masked
	b := Binding{CorpID: c.CorpID, Mode: c.Mode, Preflight: c.Preflight, PreflightAt: c.PreflightAt}
	if c.TrustedDomain != nil {
		b.TrustedDomain = *c.TrustedDomain
	}
	var err error
	if b.ContactSecret, err = masked(c.ContactSecretSealed); err != nil {
		return Binding{}, err
	}
	if b.CustomerSecret, err = masked(c.CustomerSecretSealed); err != nil {
		return Binding{}, err
	}
	var apps []App
	if err := db.Find(&apps).Error; err != nil {
		return Binding{}, apperr.Wrap(err, apperr.Internal, "load wecom apps")
	}
	slices.SortFunc(apps, func(a, b App) int {
		return cmp.Or(systemOrder(a.SystemCode)-systemOrder(b.SystemCode), strings.Compare(a.SystemCode, b.SystemCode))
	})
	for _, a := range apps {
		m, err := masked(a.SecretSealed)
		if err != nil {
			return Binding{}, err
		}
		b.Apps = append(b.Apps, BoundApp{System: a.SystemCode, AgentID: a.AgentID, Secret: m})
	}
	var rs []Receiver
	if err := db.Find(&rs).Error; err != nil {
		return Binding{}, apperr.Wrap(err, apperr.Internal, "load wecom receivers")
	}
	for _, r := range rs {
		k, err := s.openReceiver(r)
		if err != nil {
			return Binding{}, err
		}
		b.Receivers = append(b.Receivers, k)
	}
	slices.SortFunc(b.Receivers, func(x, y ReceiverKeys) int {
		return cmp.Or(receiverOrder(x.Name)-receiverOrder(y.Name), strings.Compare(x.Name, y.Name))
	})
	return b, nil
}

// systemOrder puts OA, PB, CRM first, in that order, and any other system after them (by code, as
// directory.CompareSystemCodes, which this package cannot import).
func systemOrder(code string) int {
	if i := slices.Index([]string{"OA", "PB", "CRM"}, code); i >= 0 {
		return i
	}
	return 100
}

func receiverOrder(name string) int {
	switch name {
	case ReceiverContacts:
		return 200
	case ReceiverCustomers:
		return 201
	}
	return systemOrder(strings.ToUpper(name))
}

// SavePreflight keeps the report of the last preflight (JSON, written by the binding service) and its time.
func (s *Store) SavePreflight(ctx context.Context, report string, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&Corp{}).Where("1 = 1").
		Updates(map[string]any{"preflight": report, "preflight_at": at}).Error
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "save preflight")
	}
	return nil
}

// Credential names what a token is for: a system's app (its messages, OAuth and menu), contact writes (通讯录), or
// customer contact (客户联系).
type Credential struct {
	Kind   CredentialKind
	System string // for CredentialApp
}

// CredentialKind is the kind of a Credential.
type CredentialKind int

// The kinds of credential.
const (
	CredentialApp CredentialKind = iota
	CredentialContacts
	CredentialCustomers
)

// AppCredential, ContactsCredential and CustomersCredential name the credentials.
func AppCredential(system string) Credential { return Credential{Kind: CredentialApp, System: system} }

var (
	ContactsCredential  = Credential{Kind: CredentialContacts}
	CustomersCredential = Credential{Kind: CredentialCustomers}
)

// Credentials returns what the WeCom client needs to get a token for cred of the tenant in ctx, however the tenant
// obtains its tokens (Mode). A contact or customer credential has AgentID 0. It returns not_found, naming what is
// missing in the admin's words, when the tenant is not bound or that secret was never saved; internal when a secret
// does not open. The customer-contact credential falls back to the OA app's secret, which the newer arrangement of
// WeCom uses for customer contact (seed 003).
func (s *Store) Credentials(ctx context.Context, cred Credential) (wecom.App, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return wecom.App{}, apperr.Wrap(err, apperr.Internal, "load wecom credentials")
	}
	if err := s.requireSealer("load wecom credentials"); err != nil {
		return wecom.App{}, err
	}
	db := s.db.WithContext(ctx)
	var c Corp
	if err := db.Take(&c).Error; err != nil {
		return wecom.App{}, database.NotFoundOr(err, "尚未绑定企业微信", "load wecom corp")
	}
	switch c.Mode {
	case ModeSecret, "":
	default:
		return wecom.App{}, apperr.E(apperr.Internal, "load wecom credentials: unknown mode %q", c.Mode)
	}
	open := func(sealed []byte, agentID int64) (wecom.App, error) {
		v, err := s.sealer.Open(sealed)
		if err != nil {
			return wecom.App{}, err
		}
		return wecom.App{CorpID: c.CorpID, AgentID: agentID, Secret: string(v)}, nil
	}
	switch cred.Kind {
	case CredentialContacts:
		if len(c.ContactSecretSealed) == 0 {
			return wecom.App{}, apperr.E(apperr.NotFound, "尚未填写通讯录 Secret")
		}
		return open(c.ContactSecretSealed, 0)
	case CredentialCustomers:
		if len(c.CustomerSecretSealed) > 0 {
			return open(c.CustomerSecretSealed, 0)
		}
		cred = AppCredential("OA")
	}
	var a App
	if err := db.Where("system_code = ?", cred.System).Take(&a).Error; err != nil {
		return wecom.App{}, database.NotFoundOr(err, cred.System+" 尚未关联企业微信应用", "load wecom app")
	}
	return open(a.SecretSealed, a.AgentID)
}

// Corp returns the corp row of the tenant in ctx, secrets still sealed, for a glance at its state (bound, last
// preflight); not_found when the tenant is not bound.
func (s *Store) Corp(ctx context.Context) (Corp, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return Corp{}, apperr.Wrap(err, apperr.Internal, "load wecom corp")
	}
	var c Corp
	if err := s.db.WithContext(ctx).Take(&c).Error; err != nil {
		return Corp{}, database.NotFoundOr(err, "尚未绑定企业微信", "load wecom corp")
	}
	return c, nil
}
