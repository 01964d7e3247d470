package tenants

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// Store reads and writes tenants and their WeCom bindings. Every method except Create and BySlug works on the
// tenant in ctx (tenancy.WithTenant); without one they fail with internal, never fall back to "all tenants".
type Store struct {
	db     *gorm.DB
	sealer *Sealer
}

// NewStore returns a Store on db, which must have tenancy.Plugin registered. sealer seals WeCom secrets; it may be
// nil for callers that only read tenants and settings (BindWeCom and WeComApp then fail with internal).
func NewStore(db *gorm.DB, sealer *Sealer) *Store {
	return &Store{db: db, sealer: sealer}
}

// Create registers a new tenant with DefaultSettings. Creating a tenant is cross-tenant work, so ctx is normally
// tenancy.System(ctx). It returns invalid for a malformed slug or name, conflict when the slug is taken.
func (s *Store) Create(ctx context.Context, slug, name string) (Tenant, error) {
	slug, name, err := normalizeNew(slug, name)
	if err != nil {
		return Tenant{}, err
	}
	def := DefaultSettings()
	t := Tenant{
		Slug:                  slug,
		Name:                  name,
		LockoutThreshold:      def.LockoutThreshold,
		LockoutMinutes:        def.LockoutMinutes,
		PasswordMinLength:     def.PasswordMinLength,
		PasswordRequireSymbol: def.PasswordRequireSymbol,
		ForcePasswordChange:   def.ForcePasswordChange,
	}
	if err := s.db.WithContext(ctx).Create(&t).Error; err != nil {
		if database.IsDuplicate(err) {
			return Tenant{}, &apperr.Error{Code: apperr.Conflict, Field: "slug", Msg: fmt.Sprintf("标识 %q 已被使用", slug), Err: err}
		}
		return Tenant{}, apperr.Wrap(err, apperr.Internal, "create tenant")
	}
	return t, nil
}

// List returns every tenant, oldest first. It is the operator's cross-tenant view and, like BySlug, runs in a System
// context whatever ctx carries.
func (s *Store) List(ctx context.Context) ([]Tenant, error) {
	var all []Tenant
	if err := s.db.WithContext(tenancy.System(ctx)).Order("id").Find(&all).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list tenants")
	}
	return all, nil
}

// BySlug resolves a tenant from its slug, as sign-in must before any tenant is known; it is cross-tenant by
// nature and runs in a System context whatever ctx carries. It returns not_found for an unknown or malformed slug.
func (s *Store) BySlug(ctx context.Context, slug string) (Tenant, error) {
	slug = strings.TrimSpace(slug)
	if !ValidSlug(slug) {
		return Tenant{}, apperr.E(apperr.NotFound, "企业不存在")
	}
	var t Tenant
	err := s.db.WithContext(tenancy.System(ctx)).Where("slug = ?", slug).Take(&t).Error
	if err != nil {
		return Tenant{}, database.NotFoundOr(err, "企业不存在", "load tenant by slug")
	}
	return t, nil
}

// Current returns the tenant in ctx. It returns internal when ctx carries no tenant (a System context is not a
// tenant either) and not_found when the tenant row is gone.
func (s *Store) Current(ctx context.Context) (Tenant, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return Tenant{}, apperr.Wrap(err, apperr.Internal, "current tenant")
	}
	var t Tenant
	// The plugin adds `id = <tenant>` because Tenant.ID is the tenant key.
	if err := s.db.WithContext(ctx).Take(&t).Error; err != nil {
		return Tenant{}, database.NotFoundOr(err, "企业不存在", "load current tenant")
	}
	return t, nil
}

// Settings returns the account rules of the tenant in ctx; errors as Current.
func (s *Store) Settings(ctx context.Context) (Settings, error) {
	t, err := s.Current(ctx)
	if err != nil {
		return Settings{}, err
	}
	return t.Settings(), nil
}

// UpdateSettings applies patch to the tenant in ctx and returns the resulting settings. Only the patched columns
// are written, so concurrent patches of different fields do not undo each other. It returns invalid (with the
// GraphQL field name) for an out-of-range value, plus the errors of Current.
func (s *Store) UpdateSettings(ctx context.Context, patch SettingsPatch) (Settings, error) {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return Settings{}, apperr.Wrap(err, apperr.Internal, "update tenant settings")
	}
	if err := patch.Validate(); err != nil {
		return Settings{}, err
	}
	cols := patch.columns()
	if len(cols) > 0 {
		res := s.db.WithContext(ctx).Model(&Tenant{ID: tid}).Updates(cols)
		if res.Error != nil {
			return Settings{}, apperr.Wrap(res.Error, apperr.Internal, "update tenant settings")
		}
	}
	return s.Settings(ctx)
}

// BindWeCom binds the tenant in ctx to a WeCom corp and app, replacing any earlier binding. The secret is sealed
// before it is written. It returns invalid for an empty corp ID or secret or a non-positive agent ID, internal
// when ctx has no tenant or the Store has no Sealer.
func (s *Store) BindWeCom(ctx context.Context, corpID string, agentID int64, secret string) error {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "bind wecom")
	}
	corpID, secret = strings.TrimSpace(corpID), strings.TrimSpace(secret)
	switch {
	case corpID == "":
		return apperr.InvalidField("corpId", "企业 ID 不能为空")
	case len(corpID) > 64:
		return apperr.InvalidField("corpId", "企业 ID 最多 64 个字符")
	case agentID <= 0:
		return apperr.InvalidField("agentId", "应用 AgentId 必须为正整数")
	case secret == "":
		return apperr.InvalidField("secret", "应用 Secret 不能为空")
	}
	if s.sealer == nil {
		return apperr.E(apperr.Internal, "bind wecom: store has no sealer")
	}
	sealed, err := s.sealer.Seal([]byte(secret))
	if err != nil {
		return err
	}
	b := WeComBinding{TenantID: tid, CorpID: corpID, AgentID: agentID, SecretSealed: sealed}
	err = s.db.WithContext(ctx).Clauses(clause.OnConflict{
		DoUpdates: clause.AssignmentColumns([]string{"corp_id", "agent_id", "secret_sealed", "updated_at"}),
	}).Create(&b).Error
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "bind wecom")
	}
	return nil
}

// WeComApp returns the WeCom binding of the tenant in ctx as the app the WeCom client acts for, its secret opened
// (wecom.App never prints the secret). It returns not_found when the
// tenant is not bound, internal when the secret does not open (wrong master key or tampering).
func (s *Store) WeComApp(ctx context.Context) (wecom.App, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return wecom.App{}, apperr.Wrap(err, apperr.Internal, "load wecom binding")
	}
	if s.sealer == nil {
		return wecom.App{}, apperr.E(apperr.Internal, "load wecom binding: store has no sealer")
	}
	var b WeComBinding
	if err := s.db.WithContext(ctx).Take(&b).Error; err != nil {
		return wecom.App{}, database.NotFoundOr(err, "尚未绑定企业微信", "load wecom binding")
	}
	secret, err := s.sealer.Open(b.SecretSealed)
	if err != nil {
		return wecom.App{}, err
	}
	return wecom.App{CorpID: b.CorpID, AgentID: b.AgentID, Secret: string(secret)}, nil
}
