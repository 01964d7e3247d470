package tenants

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"gorm.io/gorm"

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
	// hosts caches each tenant's first host name (PublicHost): tenant ID → cachedHost.
	hosts *sync.Map
}

// NewStore returns a Store on db, which must have tenancy.Plugin registered. sealer seals WeCom secrets; it may be
// nil for callers that only read tenants and settings (BindWeCom and WeComApp then fail with internal).
func NewStore(db *gorm.DB, sealer *Sealer) *Store {
	return &Store{db: db, sealer: sealer, hosts: &sync.Map{}}
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

// BindWeCom binds the tenant in ctx to a WeCom corp with its OA app, as the demo seed and tests do in one call;
// admins save the corp and each app apart (SaveCorp, SaveApp). It returns invalid for a malformed corp ID, agent ID
// or secret, before anything is written, and internal when ctx has no tenant or the Store has no Sealer.
func (s *Store) BindWeCom(ctx context.Context, corpID string, agentID int64, secret string) error {
	if _, err := (CorpPatch{CorpID: &corpID}).normalize(); err != nil {
		return err
	}
	if agentID <= 0 {
		return apperr.InvalidField("agentId", "AgentId 是应用详情页上的正整数，例如 1000002")
	}
	if _, err := checkSecret("secret", "应用 Secret", secret); err != nil {
		return err
	}
	if err := s.SaveCorp(ctx, CorpPatch{CorpID: &corpID}); err != nil {
		return err
	}
	return s.SaveApp(ctx, "OA", agentID, &secret)
}

// WeComApp returns the OA app of the tenant in ctx, its secret opened (wecom.App never prints it): Credentials for
// the OA app.
func (s *Store) WeComApp(ctx context.Context) (wecom.App, error) {
	return s.Credentials(ctx, AppCredential("OA"))
}

// SenderApp returns the app that carries system's messages to WeChat: the system's own app (seed 000 §2.6: each
// associated system is an app of its own, so its messages arrive under its name), or the OA app while the system
// has none. Errors are Credentials'.
func (s *Store) SenderApp(ctx context.Context, system string) (wecom.App, error) {
	app, err := s.Credentials(ctx, AppCredential(system))
	if apperr.Is(err, apperr.NotFound) && system != "OA" {
		return s.WeComApp(ctx)
	}
	return app, err
}
