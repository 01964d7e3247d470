package binding

import (
	"context"
	"fmt"
	"strings"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/mp"
)

// MP is the part of the service-account client the binding checks with.
type MP interface {
	AccessToken(ctx context.Context, acct mp.Account) (string, error)
	Templates(ctx context.Context, acct mp.Account) ([]mp.Template, error)
	GetMenu(ctx context.Context, acct mp.Account) (mp.Menu, error)
	CreateMenu(ctx context.Context, acct mp.Account, m mp.Menu) error
}

// ServiceAccountView is the service account as the portal shows it: what is saved (the secret masked), what the
// admin enters in the account's back office (the IP whitelist, the domains), and the last preflight.
type ServiceAccountView struct {
	tenants.ServiceAccountView
	EgressIPs []string
	// Domain is the host phones reach this service at: the JS safe domain and the OAuth domain the account needs.
	Domain string
	// EventURL is where the account posts its events (服务器配置's URL).
	EventURL string
	Report   *Report
}

// MPCallbackPath is where a service account posts its events: MPCallbackPath + "{tenant}".
const MPCallbackPath = "/callback/mp/"

// ServiceAccount returns the tenant's service account; not_found when none is bound.
func (s *Service) ServiceAccount(ctx context.Context) (ServiceAccountView, error) {
	v, err := s.d.Tenants.ServiceAccount(ctx)
	if err != nil {
		return ServiceAccountView{}, err
	}
	base, host, err := s.base(ctx)
	if err != nil {
		return ServiceAccountView{}, err
	}
	t, err := s.d.Tenants.Current(ctx)
	if err != nil {
		return ServiceAccountView{}, err
	}
	return ServiceAccountView{ServiceAccountView: v, EgressIPs: s.d.EgressIPs, Domain: host, Report: parseReport(v.Preflight),
		EventURL: base + MPCallbackPath + t.Slug}, nil
}

// SaveServiceAccount binds or changes the service account and returns it; invalid for a malformed field.
// Another AppID ends the WeChat bindings made under the account before (directory.UnbindAccountChanged).
func (s *Service) SaveServiceAccount(ctx context.Context, p tenants.ServiceAccountPatch) (ServiceAccountView, error) {
	if err := s.d.Tenants.SaveServiceAccount(ctx, p); err != nil {
		return ServiceAccountView{}, err
	}
	v, err := s.ServiceAccount(ctx)
	if err != nil {
		return ServiceAccountView{}, err
	}
	// After the save, and on every save: an ending that failed once is made by the next.
	if err := s.d.Directory.EndBindingsOfOtherAccounts(ctx, v.AppID); err != nil {
		return ServiceAccountView{}, err
	}
	return v, nil
}

// explainMP returns the admin's words for a service account's errcode.
func explainMP(code int, egress []string) explanation {
	ips := "本服务的出口 IP"
	if len(egress) > 0 {
		ips = strings.Join(egress, "、")
	}
	switch code {
	case 40013:
		return explanation{"AppID 不正确", "在服务号后台「设置与开发 → 基本配置」复制开发者ID（AppID），重新填写"}
	case 40125, 40001:
		return explanation{"AppSecret 不正确，或已在后台重置", "在服务号后台「基本配置」重置 AppSecret，复制后重新填写"}
	case 40164, 61004:
		return explanation{"调用来源 IP 不在服务号的 IP 白名单中", "在服务号后台「基本配置 → IP白名单」中加入 " + ips + "，保存后重新检测"}
	case 48001:
		return explanation{"服务号未认证，或没有这项接口权限", "模板消息和网页授权需要已认证的服务号：在服务号后台完成微信认证"}
	case 45009:
		return explanation{"接口调用超过微信的频率限制", "稍后再检测"}
	case -1:
		return explanation{"微信系统繁忙", "稍后再检测"}
	}
	return explanation{"微信拒绝了请求", "对照微信公众平台的全局返回码说明处理（错误码 " + fmt.Sprint(code) + "）"}
}

// ServiceAccountPreflight checks the service account against seed 004's checklist (§3.8) with a real call where
// one exists: the AppID and AppSecret and the IP whitelist (a token), the account's verification and its
// templates (the template list), its menu; the domains need the MP_verify file, whose presence is checked. It keeps
// the report and returns it. Errors: not_found without a service account, internal.
func (s *Service) ServiceAccountPreflight(ctx context.Context) (Report, error) {
	if s.d.MP == nil {
		return Report{}, apperr.E(apperr.Internal, "service account preflight: no client")
	}
	acct, err := s.d.Tenants.MPAccount(ctx)
	if err != nil {
		return Report{}, err
	}
	var checks []Check
	add := func(c Check) { checks = append(checks, c) }
	fromErr := func(key, title string, err error, okMsg string) Check {
		return checkOf(key, title, err, okMsg, "微信", "api.weixin.qq.com",
			func(code int) explanation { return explainMP(code, s.d.EgressIPs) })
	}
	_, err = s.d.MP.AccessToken(ctx, acct)
	add(fromErr("mp:credentials", "AppID 与 AppSecret、IP 白名单", err, "AppID 和 AppSecret 有效，本服务器在 IP 白名单中"))
	if err == nil {
		templates, err := s.d.MP.Templates(ctx, acct)
		c := fromErr("mp:templates", "认证与消息模板", err, fmt.Sprintf("服务号已认证，已添加 %d 个模板", len(templates)))
		if err == nil && len(templates) == 0 {
			c.OK, c.Message = false, "服务号还没有添加任何消息模板"
			c.Advice = "在服务号后台「广告与服务 → 模板消息」开通并从模板库添加模板"
		}
		add(c)
		_, err = s.d.MP.GetMenu(ctx, acct)
		c = fromErr("mp:menu", "服务号菜单", err, "服务号已设置菜单")
		if mp.CodeOf(err) == mp.CodeMenuNotExist {
			c.Errcode, c.Message, c.Advice = 0, "服务号还没有菜单", "设置一个进入桥的菜单（网页授权登录）"
		}
		add(c)
	}
	_, host, err := s.base(ctx)
	if err != nil {
		return Report{}, err
	}
	files, err := s.d.Tenants.VerifyFiles(ctx)
	if err != nil {
		return Report{}, err
	}
	c := Check{Key: "mp:domain", Title: "JS 接口安全域名、网页授权域名",
		Message: "服务号后台须把 " + host + " 设为 JS 接口安全域名和网页授权域名；设置时微信要求下载的 MP_verify 文件尚未上传",
		Advice:  "在服务号后台「设置与开发 → 公众号设置 → 功能设置」中设置这两个域名，把微信给的 MP_verify_*.txt 上传到「企业微信绑定」的域名校验文件"}
	for _, f := range files {
		if strings.HasPrefix(f.Name, "MP_verify_") {
			c.OK, c.Advice = true, ""
			c.Message = "已上传 " + f.Name + "，服务号后台的 JS 接口安全域名和网页授权域名应为 " + host
		}
	}
	add(c)

	return s.keep(ctx, checks, s.d.Tenants.SaveServiceAccountPreflight)
}
