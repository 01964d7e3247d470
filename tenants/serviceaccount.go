package tenants

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/wechat/mp"
)

// MPEncryptMode is how a service account encrypts the events it posts (消息加解密方式).
type MPEncryptMode string

// The modes WeChat offers: plain (明文), both plain and encrypted (兼容), encrypted only (安全, the one to use).
const (
	MPPlain  MPEncryptMode = "plain"
	MPCompat MPEncryptMode = "compat"
	MPSafe   MPEncryptMode = "safe"
)

// IdentityColumn is the column of the staff record a person signs in with from personal WeChat (seed 004 §3.7
// 人员档案登录列): the login, the employee number (工号) or the mobile.
type IdentityColumn string

// The identity columns.
const (
	IdentityLogin  IdentityColumn = "login"
	IdentityNumber IdentityColumn = "number"
	IdentityMobile IdentityColumn = "mobile"
)

// PushChannel is which channel carries a tenant's pushes.
type PushChannel string

// The channels: WeCom alone (every tenant's until it chooses), the service account alone, or WeCom for people
// with an active WeCom membership and the service account for the others (not joined, or not in WeCom at all).
const (
	PushWeCom      PushChannel = "wecom"
	PushMP         PushChannel = "mp"
	PushWeComFirst PushChannel = "wecom_first"
)

// ServiceAccount is a tenant's WeChat service account (服务号, table mp_accounts).
type ServiceAccount struct {
	TenantID     uint64 `gorm:"primaryKey;autoIncrement:false"`
	AppID        string `gorm:"column:app_id"`
	SecretSealed []byte
	TokenSealed  []byte
	AESKeySealed []byte `gorm:"column:aes_key_sealed"`
	EncryptMode  MPEncryptMode
	Preflight    *string
	PreflightAt  *time.Time
	// IdentityColumn, AllowRegister and PushChannel are the account's settings in Qiao (seed 004 §3.7).
	IdentityColumn IdentityColumn
	AllowRegister  bool
	PushChannel    PushChannel
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// TableName implements gorm's tabler.
func (ServiceAccount) TableName() string { return "mp_accounts" }

// ServiceAccountView is the service account as an admin sees it: the AppSecret masked, the server configuration's
// Token and EncodingAESKey in the clear (the admin pastes them into WeChat's 服务器配置).
type ServiceAccountView struct {
	AppID       string
	Secret      string // masked
	Token       string
	AESKey      string
	EncryptMode MPEncryptMode
	Preflight   *string
	PreflightAt *time.Time
	// The settings (seed 004 §3.7).
	IdentityColumn IdentityColumn
	AllowRegister  bool
	PushChannel    PushChannel
}

// ServiceAccountPatch changes the service account; nil fields stay. The secret is write-only.
type ServiceAccountPatch struct {
	AppID          *string
	Secret         *string
	EncryptMode    *MPEncryptMode
	IdentityColumn *IdentityColumn
	AllowRegister  *bool
	PushChannel    *PushChannel
}

var (
	// A service account's AppID is "wx" and 16 hex digits; its AppSecret 32.
	mpAppIDRE  = regexp.MustCompile(`^wx[0-9a-f]{16}$`)
	mpSecretRE = regexp.MustCompile(`^[0-9a-zA-Z]{32}$`)
)

func (p ServiceAccountPatch) normalize() (ServiceAccountPatch, error) {
	if p.AppID != nil {
		v := strings.ToLower(strings.TrimSpace(*p.AppID))
		if !mpAppIDRE.MatchString(v) {
			return p, apperr.InvalidField("appId", "AppID 是 wx 开头的 18 位字符（在服务号后台「设置与开发 → 基本配置」中复制）")
		}
		p.AppID = &v
	}
	if p.Secret != nil {
		v := strings.TrimSpace(*p.Secret)
		if !mpSecretRE.MatchString(v) {
			return p, apperr.InvalidField("secret", "AppSecret 是 32 位字母和数字（在服务号后台「基本配置」中启用或重置后复制）")
		}
		p.Secret = &v
	}
	if p.EncryptMode != nil {
		switch *p.EncryptMode {
		case MPPlain, MPCompat, MPSafe:
		default:
			return p, apperr.InvalidField("encryptMode", "消息加解密方式只能是明文、兼容或安全模式")
		}
	}
	if p.IdentityColumn != nil {
		switch *p.IdentityColumn {
		case IdentityLogin, IdentityNumber, IdentityMobile:
		default:
			return p, apperr.InvalidField("identityColumn", "登录列只能是账号、工号或手机号")
		}
	}
	if p.PushChannel != nil {
		switch *p.PushChannel {
		case PushWeCom, PushMP, PushWeComFirst:
		default:
			return p, apperr.InvalidField("pushChannel", "推送渠道只能是仅企业微信、仅服务号或企业微信优先")
		}
	}
	return p, nil
}

// Changes describes the patch for the audit log, the secret masked.
func (p ServiceAccountPatch) Changes() map[string]any {
	c := map[string]any{}
	if p.AppID != nil {
		c["appId"] = *p.AppID
	}
	if p.Secret != nil {
		c["secret"] = audit.Mask(*p.Secret)
	}
	if p.EncryptMode != nil {
		c["encryptMode"] = string(*p.EncryptMode)
	}
	if p.IdentityColumn != nil {
		c["identityColumn"] = string(*p.IdentityColumn)
	}
	if p.AllowRegister != nil {
		c["allowRegister"] = *p.AllowRegister
	}
	if p.PushChannel != nil {
		c["pushChannel"] = string(*p.PushChannel)
	}
	return c
}

// SaveServiceAccount binds or changes the tenant's service account. Binding needs the AppID and AppSecret; it makes
// the server configuration's Token and EncodingAESKey, and chooses the safe mode. It returns invalid for a
// malformed field (named as in GraphQL) or a first binding without both, internal without a tenant or sealer.
func (s *Store) SaveServiceAccount(ctx context.Context, patch ServiceAccountPatch) error {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "save service account")
	}
	if err := s.requireSealer("save service account"); err != nil {
		return err
	}
	if patch, err = patch.normalize(); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var a ServiceAccount
		err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Take(&a).Error
		exists := err == nil
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return apperr.Wrap(err, apperr.Internal, "load service account")
		}
		if !exists {
			switch {
			case patch.AppID == nil:
				return apperr.InvalidField("appId", "请填写服务号的 AppID")
			case patch.Secret == nil:
				return apperr.InvalidField("secret", "请填写服务号的 AppSecret")
			}
			token, aesKey := NewReceiverKeys()
			a = ServiceAccount{TenantID: uint64(tid), EncryptMode: MPSafe, IdentityColumn: IdentityLogin, PushChannel: PushWeCom}
			if a.TokenSealed, err = s.sealString(token); err != nil {
				return err
			}
			if a.AESKeySealed, err = s.sealString(aesKey); err != nil {
				return err
			}
		}
		if patch.AppID != nil {
			if exists && *patch.AppID != a.AppID {
				// Another account: the last one's preflight says nothing of it.
				a.Preflight, a.PreflightAt = nil, nil
			}
			a.AppID = *patch.AppID
		}
		if patch.Secret != nil {
			if a.SecretSealed, err = s.sealString(*patch.Secret); err != nil {
				return err
			}
		}
		if patch.EncryptMode != nil {
			a.EncryptMode = *patch.EncryptMode
		}
		if patch.IdentityColumn != nil {
			a.IdentityColumn = *patch.IdentityColumn
		}
		if patch.AllowRegister != nil {
			a.AllowRegister = *patch.AllowRegister
		}
		if patch.PushChannel != nil {
			a.PushChannel = *patch.PushChannel
		}
		if exists {
			err = tx.Save(&a).Error
		} else {
			err = tx.Create(&a).Error
		}
		if err != nil {
			return apperr.Wrap(err, apperr.Internal, "save service account")
		}
		return nil
	})
}

// ServiceAccount returns the tenant's service account as an admin sees it; not_found when none is bound.
func (s *Store) ServiceAccount(ctx context.Context) (ServiceAccountView, error) {
	a, err := s.serviceAccount(ctx)
	if err != nil {
		return ServiceAccountView{}, err
	}
	v := ServiceAccountView{AppID: a.AppID, EncryptMode: a.EncryptMode, Preflight: a.Preflight, PreflightAt: a.PreflightAt,
		IdentityColumn: a.IdentityColumn, AllowRegister: a.AllowRegister, PushChannel: a.PushChannel}
	if v.Secret, err = s.masked(a.SecretSealed); err != nil {
		return ServiceAccountView{}, err
	}
	if v.Token, v.AESKey, err = s.mpKeys(a); err != nil {
		return ServiceAccountView{}, err
	}
	return v, nil
}

// SaveServiceAccountPreflight keeps the service account's last preflight report (JSON) and when it ran.
func (s *Store) SaveServiceAccountPreflight(ctx context.Context, report string, at time.Time) error {
	if _, err := s.serviceAccount(ctx); err != nil {
		return err
	}
	err := s.db.WithContext(ctx).Model(&ServiceAccount{}).Where("1 = 1").
		Updates(map[string]any{"preflight": report, "preflight_at": at.UTC()}).Error
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "save service account preflight")
	}
	return nil
}

// MPAccount returns what the service-account client needs for the tenant in ctx; not_found when none is bound.
func (s *Store) MPAccount(ctx context.Context) (mp.Account, error) {
	a, err := s.serviceAccount(ctx)
	if err != nil {
		return mp.Account{}, err
	}
	secret, err := s.sealer.Open(a.SecretSealed)
	if err != nil {
		return mp.Account{}, apperr.Wrap(err, apperr.Internal, "open service account secret")
	}
	return mp.Account{AppID: a.AppID, Secret: string(secret)}, nil
}

// MPSettings are what sign-in and push need of the tenant's service account: its AppID and settings, without
// opening any secret. not_found when none is bound.
type MPSettings struct {
	AppID          string
	IdentityColumn IdentityColumn
	AllowRegister  bool
	PushChannel    PushChannel
}

// MPSettings returns the service account's AppID and settings for the tenant in ctx; not_found when none is bound.
func (s *Store) MPSettings(ctx context.Context) (MPSettings, error) {
	a, err := s.serviceAccount(ctx)
	if err != nil {
		return MPSettings{}, err
	}
	return MPSettings{AppID: a.AppID, IdentityColumn: a.IdentityColumn, AllowRegister: a.AllowRegister,
		PushChannel: a.PushChannel}, nil
}

func (s *Store) serviceAccount(ctx context.Context) (ServiceAccount, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return ServiceAccount{}, apperr.Wrap(err, apperr.Internal, "load service account")
	}
	if err := s.requireSealer("load service account"); err != nil {
		return ServiceAccount{}, err
	}
	var a ServiceAccount
	if err := s.db.WithContext(ctx).Take(&a).Error; err != nil {
		return ServiceAccount{}, database.NotFoundOr(err, "尚未绑定服务号", "load service account")
	}
	return a, nil
}

// MPIntakeTarget is what the intake of a service account's events needs: whose account it is, its AppID (the
// receiveid of its encrypted events), the server configuration's Token and EncodingAESKey, and the mode chosen.
type MPIntakeTarget struct {
	TenantID uint64
	Slug     string
	AppID    string
	Token    string
	AESKey   string
	Mode     MPEncryptMode
}

// MPReceiver finds the service account of tenant slug for the event intake, which runs before any tenant is known;
// not_found for an unknown tenant or one without a service account, alike.
func (s *Store) MPReceiver(ctx context.Context, slug string) (MPIntakeTarget, error) {
	t, err := s.BySlug(ctx, slug)
	if err != nil {
		return MPIntakeTarget{}, apperr.E(apperr.NotFound, "回调地址不存在")
	}
	a, err := s.serviceAccount(tenancy.WithTenant(ctx, t.ID))
	if err != nil {
		return MPIntakeTarget{}, err
	}
	out := MPIntakeTarget{TenantID: t.ID, Slug: t.Slug, AppID: a.AppID, Mode: a.EncryptMode}
	if out.Token, out.AESKey, err = s.mpKeys(a); err != nil {
		return MPIntakeTarget{}, err
	}
	return out, nil
}

// mpKeys opens the server configuration's Token and EncodingAESKey of a.
func (s *Store) mpKeys(a ServiceAccount) (token, aesKey string, err error) {
	t, err := s.sealer.Open(a.TokenSealed)
	if err != nil {
		return "", "", apperr.Wrap(err, apperr.Internal, "open service account keys")
	}
	k, err := s.sealer.Open(a.AESKeySealed)
	if err != nil {
		return "", "", apperr.Wrap(err, apperr.Internal, "open service account keys")
	}
	return string(t), string(k), nil
}
