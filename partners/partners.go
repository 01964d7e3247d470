// Package partners keeps the resellers and ISVs that bring their customers onto Qiao through the API, and their
// API keys. A key is shown once, when issued, and kept as its SHA-256. Issuing a new key does not end the ones in
// use at once: they get an end an overlap window later, so a partner's integration keeps working while it moves to
// the new key (rotation without an outage).
package partners

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/text"
)

// Partner is a reseller or ISV (table partners).
type Partner struct {
	ID        uint64 `gorm:"primaryKey"`
	Slug      string
	Name      string
	CreatedAt time.Time
}

// TableName implements gorm's tabler.
func (Partner) TableName() string { return "partners" }

// Key is one of a partner's API keys as stored: never the key itself (table partner_keys).
type Key struct {
	ID        uint64 `gorm:"primaryKey"`
	PartnerID uint64
	KeyHash   []byte `json:"-"`
	Prefix    string
	CreatedAt time.Time
	// ExpiresAt is when the key stops working; nil for a key without an end.
	ExpiresAt *time.Time
}

// TableName implements gorm's tabler.
func (Key) TableName() string { return "partner_keys" }

// Active reports whether the key works at now.
func (k Key) Active(now time.Time) bool { return k.ExpiresAt == nil || k.ExpiresAt.After(now) }

// Store reads and writes partners. Partners stand above tenants: every statement runs in a tenancy.System context,
// whatever ctx carries.
type Store struct {
	db  *gorm.DB
	now func() time.Time
}

// NewStore returns a Store on db, which must have tenancy.Plugin registered; now is the clock (nil: time.Now).
func NewStore(db *gorm.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// sys is the store's database in a System context: partners belong to no tenant.
func (s *Store) sys(ctx context.Context) *gorm.DB { return s.db.WithContext(tenancy.System(ctx)) }

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,31}$`)

// MaxOverlap is the longest a replaced key may keep working.
const MaxOverlap = 30 * 24 * time.Hour

// Create registers a partner. It returns invalid for a malformed slug or name, conflict for a slug in use.
func (s *Store) Create(ctx context.Context, slug, name string) (Partner, error) {
	slug = strings.TrimSpace(slug)
	if !slugRE.MatchString(slug) {
		return Partner{}, apperr.InvalidField("slug", "标识须为 2–32 个小写字母、数字或 -，以字母或数字开头")
	}
	name, err := text.Line("name", "名称", name)
	if err != nil {
		return Partner{}, err
	}
	if name == "" || len([]rune(name)) > 128 {
		return Partner{}, apperr.InvalidField("name", "名称须为 1–128 个字")
	}
	p := Partner{Slug: slug, Name: name, CreatedAt: s.now().UTC()}
	if err := s.sys(ctx).Create(&p).Error; err != nil {
		if database.IsDuplicate(err) {
			return Partner{}, &apperr.Error{Code: apperr.Conflict, Field: "slug", Msg: fmt.Sprintf("标识 %q 已被使用", slug), Err: err}
		}
		return Partner{}, apperr.Wrap(err, apperr.Internal, "create partner")
	}
	return p, nil
}

// BySlug returns the partner of slug, or not_found.
func (s *Store) BySlug(ctx context.Context, slug string) (Partner, error) {
	var p Partner
	if err := s.sys(ctx).Where("slug = ?", strings.TrimSpace(slug)).Take(&p).Error; err != nil {
		return Partner{}, database.NotFoundOr(err, "合作伙伴不存在", "load partner")
	}
	return p, nil
}

// List returns every partner, oldest first.
func (s *Store) List(ctx context.Context) ([]Partner, error) {
	var all []Partner
	if err := s.sys(ctx).Order("id").Find(&all).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list partners")
	}
	return all, nil
}

// keyPrefix starts every partner key, so a leaked one is recognised for what it is (by secret scanners too).
const keyPrefix = "qp_"

// IssueKey makes a new key for the partner of slug and returns it, the only time it is shown. The partner's keys
// still working stop working overlap from now (at once for 0), unless they end sooner already. It returns invalid
// for an overlap outside 0–MaxOverlap, not_found for an unknown partner.
func (s *Store) IssueKey(ctx context.Context, slug string, overlap time.Duration) (string, Key, error) {
	if overlap < 0 || overlap > MaxOverlap {
		return "", Key{}, apperr.InvalidField("overlap", "旧密钥的过渡期须在 0 到 %d 天之间", int(MaxOverlap/(24*time.Hour)))
	}
	p, err := s.BySlug(ctx, slug)
	if err != nil {
		return "", Key{}, err
	}
	raw := make([]byte, 25)
	if _, err := rand.Read(raw); err != nil {
		return "", Key{}, apperr.Wrap(err, apperr.Internal, "partner key")
	}
	secret := keyPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw))
	sum := sha256.Sum256([]byte(secret))
	now := s.now().UTC()
	k := Key{PartnerID: p.ID, KeyHash: sum[:], Prefix: secret[:len(keyPrefix)+6], CreatedAt: now}
	end := now.Add(overlap)
	err = s.sys(ctx).Transaction(func(tx *gorm.DB) error {
		// The partner's row lock serialises two issues for one partner, so neither ends the other's new key.
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Select("id").Where("id = ?", p.ID).Take(&Partner{}).Error; err != nil {
			return err
		}
		if err := tx.Model(&Key{}).Where("partner_id = ? AND (expires_at IS NULL OR expires_at > ?)", p.ID, end).
			Update("expires_at", end).Error; err != nil {
			return err
		}
		return tx.Create(&k).Error
	})
	if err != nil {
		return "", Key{}, apperr.Wrap(err, apperr.Internal, "issue partner key")
	}
	return secret, k, nil
}

// Keys returns the partner's keys, oldest first.
func (s *Store) Keys(ctx context.Context, partnerID uint64) ([]Key, error) {
	var keys []Key
	if err := s.sys(ctx).Where("partner_id = ?", partnerID).Order("id").Find(&keys).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list partner keys")
	}
	return keys, nil
}

// KeysInUse returns the partner's keys that work now (Key.Active at the store's clock), oldest first.
func (s *Store) KeysInUse(ctx context.Context, partnerID uint64) ([]Key, error) {
	keys, err := s.Keys(ctx, partnerID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	return slices.DeleteFunc(keys, func(k Key) bool { return !k.Active(now) }), nil
}

// Authenticate returns the partner whose key secret is, while the key works. Every other key (unknown, ended,
// malformed) is the same unauthenticated answer.
func (s *Store) Authenticate(ctx context.Context, secret string) (Partner, error) {
	p, _, err := s.AuthenticateKey(ctx, secret)
	return p, err
}

// AuthenticateKey is Authenticate that also returns the key, whose prefix names it in the audit log.
func (s *Store) AuthenticateKey(ctx context.Context, secret string) (Partner, Key, error) {
	bad := apperr.E(apperr.Unauthenticated, "API 密钥无效")
	secret = strings.TrimSpace(secret)
	if !strings.HasPrefix(secret, keyPrefix) || len(secret) > 128 {
		return Partner{}, Key{}, bad
	}
	sum := sha256.Sum256([]byte(secret))
	var k Key
	if err := s.sys(ctx).Where("key_hash = ?", sum[:]).Take(&k).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return Partner{}, Key{}, bad
		}
		return Partner{}, Key{}, apperr.Wrap(err, apperr.Internal, "load partner key")
	}
	if !k.Active(s.now()) {
		return Partner{}, Key{}, bad
	}
	var p Partner
	if err := s.sys(ctx).Where("id = ?", k.PartnerID).Take(&p).Error; err != nil {
		return Partner{}, Key{}, apperr.Wrap(err, apperr.Internal, "load partner")
	}
	return p, k, nil
}

// Customer is a tenant a partner brought on (table partner_customers).
type Customer struct {
	TenantID  uint64 `gorm:"primaryKey;autoIncrement:false"`
	PartnerID uint64
	CreatedAt time.Time
}

// TableName implements gorm's tabler.
func (Customer) TableName() string { return "partner_customers" }

// AddCustomer records that partnerID brought tenantID on, in tx (the creation's own transaction, or after it).
func AddCustomer(ctx context.Context, tx *gorm.DB, partnerID, tenantID uint64, now time.Time) error {
	c := Customer{TenantID: tenantID, PartnerID: partnerID, CreatedAt: now.UTC()}
	if err := tx.WithContext(tenancy.System(ctx)).Create(&c).Error; err != nil {
		return apperr.Wrap(err, apperr.Internal, "record partner customer")
	}
	return nil
}

// Owns reports whether tenantID is one of partnerID's customers.
func (s *Store) Owns(ctx context.Context, partnerID, tenantID uint64) (bool, error) {
	var n int64
	// The tenancy plugin scopes the count to tenantID, as every tenant-scoped read.
	err := s.db.WithContext(tenancy.WithTenant(ctx, tenantID)).Model(&Customer{}).Where("partner_id = ?", partnerID).Count(&n).Error
	if err != nil {
		return false, apperr.Wrap(err, apperr.Internal, "check partner customer")
	}
	return n > 0, nil
}

// Customers returns the IDs of partnerID's customers, oldest first.
func (s *Store) Customers(ctx context.Context, partnerID uint64) ([]uint64, error) {
	var ids []uint64
	err := s.sys(ctx).Model(&Customer{}).Where("partner_id = ?", partnerID).Order("tenant_id").Pluck("tenant_id", &ids).Error
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list partner customers")
	}
	return ids, nil
}

// Access is a partner acting through the API: which partner, with which key, and the customer it named for the
// request (0 when it named none).
type Access struct {
	PartnerID uint64
	Partner   string // slug
	KeyPrefix string
	TenantID  uint64
}

type accessKey struct{}

// WithAccess returns ctx carrying a partner's access, which the HTTP edge puts there for a partner key.
func WithAccess(ctx context.Context, a Access) context.Context {
	return context.WithValue(ctx, accessKey{}, a)
}

// AccessFrom returns the partner access of ctx, if any.
func AccessFrom(ctx context.Context) (Access, bool) {
	a, ok := ctx.Value(accessKey{}).(Access)
	return a, ok && a.PartnerID != 0
}

// TenantHeader is how a partner names the customer a request acts on: its tenant's slug.
const TenantHeader = "X-Qiao-Tenant"

// KeyPrefix tells a partner key from an account's token: a bearer token with it is a partner key.
const KeyPrefix = keyPrefix
