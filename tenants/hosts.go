package tenants

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/tenancy"
)

// Host is a host name a tenant brings (table tenant_hosts): WeCom accepts a trusted domain and callback URLs only
// on a domain whose ICP filing is the customer's own, so the customer points one of theirs at this service.
type Host struct {
	Host      string `gorm:"primaryKey"`
	TenantID  uint64
	CreatedAt time.Time
}

// TableName implements gorm's tabler.
func (Host) TableName() string { return "tenant_hosts" }

// VerifyFile is a domain verification file WeCom or the service account hands out (table domain_verify_files),
// served at the root of the tenant's hosts.
type VerifyFile struct {
	TenantID  uint64 `gorm:"primaryKey;autoIncrement:false"`
	Name      string `gorm:"primaryKey"`
	Content   string
	CreatedAt time.Time
}

// TableName implements gorm's tabler.
func (VerifyFile) TableName() string { return "domain_verify_files" }

// MaxHosts is the most host names a tenant may bring.
const MaxHosts = 5

var (
	verifyNameRE    = regexp.MustCompile(`^(WW|MP)_verify_[A-Za-z0-9]{1,40}\.txt$`)
	verifyContentRE = regexp.MustCompile(`^[A-Za-z0-9]{1,64}$`)
)

// IsVerifyFileName reports whether name has the shape of a WeCom or service-account verification file.
func IsVerifyFileName(name string) bool { return verifyNameRE.MatchString(name) }

// hostTTL is how long a process keeps a tenant's first host name (PublicHost) before reading it again: a change of
// hosts reaches other processes' card links within it.
const hostTTL = 30 * time.Second

type cachedHost struct {
	host    string
	expires time.Time
}

// PublicHost is the tenant's first host name, the one its card links and receivers use, or "" when it brought none
// (this service's own address then). It is read once per hostTTL per process, since every card asks.
func (s *Store) PublicHost(ctx context.Context) (string, error) {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "public host")
	}
	now := time.Now()
	if v, ok := s.hosts.Load(tid); ok && now.Before(v.(cachedHost).expires) {
		return v.(cachedHost).host, nil
	}
	hosts, err := s.Hosts(ctx)
	if err != nil {
		return "", err
	}
	h := ""
	if len(hosts) > 0 {
		h = hosts[0]
	}
	s.hosts.Store(tid, cachedHost{host: h, expires: now.Add(hostTTL)})
	return h, nil
}

// Hosts returns the tenant's host names, in the order saved.
func (s *Store) Hosts(ctx context.Context) ([]string, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list hosts")
	}
	var hs []Host
	if err := s.db.WithContext(ctx).Order("created_at, host").Find(&hs).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list hosts")
	}
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Host
	}
	return out, nil
}

// SetHosts replaces the tenant's host names. Errors: invalid for a malformed one or more than MaxHosts, conflict
// for one another tenant has; nothing is written then.
func (s *Store) SetHosts(ctx context.Context, hosts []string, now time.Time) ([]string, error) {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "set hosts")
	}
	if len(hosts) > MaxHosts {
		return nil, apperr.InvalidField("hosts", "最多 %d 个域名", MaxHosts)
	}
	var clean []string
	for _, h := range hosts {
		v, err := NormalizeDomain("hosts", h)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(clean, v) {
			clean = append(clean, v)
		}
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("1 = 1").Delete(&Host{}).Error; err != nil {
			return apperr.Wrap(err, apperr.Internal, "set hosts")
		}
		for i, h := range clean {
			// created_at keeps the order the admin gave: the first host is the one links use.
			row := Host{Host: h, TenantID: tid, CreatedAt: now.UTC().Add(time.Duration(i) * time.Microsecond)}
			if err := tx.Create(&row).Error; database.IsDuplicate(err) {
				return apperr.InvalidField("hosts", "域名 %s 已被其他企业使用", h)
			} else if err != nil {
				return apperr.Wrap(err, apperr.Internal, "set hosts")
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.hosts.Delete(tid)
	return clean, nil
}

// VerifyFiles returns the tenant's verification files by name.
func (s *Store) VerifyFiles(ctx context.Context) ([]VerifyFile, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list verify files")
	}
	var fs []VerifyFile
	if err := s.db.WithContext(ctx).Order("name").Find(&fs).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list verify files")
	}
	return fs, nil
}

// SaveVerifyFile keeps a verification file: its name as WeCom gives it (WW_verify_….txt, or MP_verify_….txt for the
// service account) and its content (the code inside). Saving a name again replaces its content. Errors: invalid.
func (s *Store) SaveVerifyFile(ctx context.Context, name, content string, now time.Time) error {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "save verify file")
	}
	name, content = strings.TrimSpace(name), strings.TrimSpace(content)
	if !verifyNameRE.MatchString(name) {
		return apperr.InvalidField("name", "文件名应形如 WW_verify_xxxx.txt 或 MP_verify_xxxx.txt（从企业微信或公众号后台下载的文件名）")
	}
	if !verifyContentRE.MatchString(content) {
		return apperr.InvalidField("content", "文件内容应为下载文件里的一串字母和数字")
	}
	f := VerifyFile{TenantID: tid, Name: name, Content: content, CreatedAt: now.UTC()}
	if err := s.db.WithContext(ctx).Save(&f).Error; err != nil {
		return apperr.Wrap(err, apperr.Internal, "save verify file")
	}
	return nil
}

// DeleteVerifyFile removes one; not_found when the tenant has none of that name.
func (s *Store) DeleteVerifyFile(ctx context.Context, name string) error {
	res := s.db.WithContext(ctx).Where("name = ?", name).Delete(&VerifyFile{})
	if res.Error != nil {
		return apperr.Wrap(res.Error, apperr.Internal, "delete verify file")
	}
	if res.RowsAffected == 0 {
		return apperr.E(apperr.NotFound, "没有名为 %s 的验证文件", name)
	}
	return nil
}

// ServeVerifyFile finds the content of file name for a request to host: the file of the tenant the host belongs
// to, or, on a host no tenant brought (this service's own address, where a private deployment serves one
// company), the file of that name whichever tenant saved it. not_found otherwise.
func (s *Store) ServeVerifyFile(ctx context.Context, host, name string) (string, error) {
	if !verifyNameRE.MatchString(name) {
		return "", apperr.E(apperr.NotFound, "文件不存在")
	}
	fileCtx := tenancy.System(ctx)
	var h Host
	err := s.db.WithContext(fileCtx).Where("host = ?", strings.ToLower(host)).Take(&h).Error
	switch {
	case err == nil:
		fileCtx = tenancy.WithTenant(ctx, h.TenantID)
	case !errors.Is(err, gorm.ErrRecordNotFound):
		return "", apperr.Wrap(err, apperr.Internal, "load host")
	}
	var f VerifyFile
	if err := s.db.WithContext(fileCtx).Where("name = ?", name).Order("tenant_id").Take(&f).Error; err != nil {
		return "", database.NotFoundOr(err, "文件不存在", "load verify file")
	}
	return f.Content, nil
}
