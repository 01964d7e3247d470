package binding

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wecom"
	"github.com/qiao-hq/qiao/wechat/wxapi"
)

// Check is one line of a preflight: what was checked, whether it works, and when not, WeCom's errcode, what it
// means and what to do.
type Check struct {
	Key     string `json:"key"`
	Title   string `json:"title"`
	OK      bool   `json:"ok"`
	Errcode int    `json:"errcode,omitempty"`
	Message string `json:"message"`
	Advice  string `json:"advice,omitempty"`
}

// Report is a preflight's result: OK when every check is.
type Report struct {
	OK        bool      `json:"ok"`
	CheckedAt time.Time `json:"checkedAt"`
	Checks    []Check   `json:"checks"`
}

// explanation is what an errcode means and what the admin does about it.
type explanation struct{ Meaning, Advice string }

// explain returns the admin's words for a WeCom errcode met while checking a binding.
func explain(code int, egress []string, hosted bool) explanation {
	ips := "本服务的出口 IP"
	if len(egress) > 0 {
		ips = strings.Join(egress, "、")
	}
	switch code {
	case 40013:
		return explanation{"企业 ID（CorpID）不正确", "在企业微信管理后台「我的企业」页底部复制企业 ID，重新填写"}
	case 40001, 40091:
		return explanation{"Secret 不正确，或已在管理后台重置", "在企业微信管理后台对应应用（或通讯录同步、客户联系）的详情页查看 Secret，复制后重新填写"}
	case 60020:
		if hosted {
			return explanation{"调用来源 IP 不在应用的企业可信 IP 中",
				"2022 年 6 月 20 日后新建的自建应用只能从企业自己的服务器调用，服务商的 IP 不能加入可信 IP。请改用代开发应用授权，或把桥部署在贵企业自己的服务器上"}
		}
		return explanation{"调用来源 IP 不在应用的企业可信 IP 中", "在企业微信管理后台该应用的「企业可信IP」中加入 " + ips + "，保存后重新检测"}
	case 48002:
		return explanation{"该 Secret 没有这项接口权限", "通讯录写入请用「通讯录同步」的 Secret 并开启 API 编辑通讯录；客户联系请在「客户联系」的 API 设置中把本应用加入可调用应用"}
	case 48009:
		return explanation{"通讯录同步 Secret 不能从新 IP 读取通讯录", "这是企业微信对 2022 年后新 IP 的限制，不影响桥向企业微信写入通讯录；桥不依赖读取通讯录"}
	case 60011:
		return explanation{"应用的可见范围不包含要访问的成员或部门", "在企业微信管理后台该应用的「可见范围」中加入全公司（根部门）"}
	case 301002:
		return explanation{"应用没有权限访问该成员", "把该成员加入应用的可见范围"}
	case 40056, 301001:
		return explanation{"AgentId 不正确，或与 Secret 不属于同一个应用", "在企业微信管理后台应用详情页复制 AgentId 和 Secret，两者须来自同一个应用"}
	case 84061:
		return explanation{"客户联系尚未开启，或本应用不在客户联系的可调用应用中", "在企业微信管理后台「客户与上下游 → 客户联系 → API」中配置可调用应用"}
	case 45009:
		return explanation{"接口调用超过企业微信的频率限制", "稍后再检测"}
	case -1:
		return explanation{"企业微信系统繁忙", "稍后再检测"}
	}
	return explanation{"企业微信拒绝了请求", "对照企业微信的错误码说明处理：https://developer.work.weixin.qq.com/devtool/query?e=" + fmt.Sprint(code)}
}

// Preflight checks every credential of the tenant's binding with a real call for what Qiao uses it for, and the
// trusted domain and the receivers, keeps the report (the overview shows it) and returns it. It fails only when the
// tenant is not bound (not_found) or on internal errors: a credential that does not work is a failed check.
func (s *Service) Preflight(ctx context.Context) (Report, error) {
	b, err := s.d.Tenants.Binding(ctx)
	if err != nil {
		return Report{}, err
	}
	var checks []Check
	add := func(c Check) { checks = append(checks, c) }
	fromErr := func(key, title string, err error, okMsg string) Check {
		return checkOf(key, title, err, okMsg, "企业微信", "qyapi.weixin.qq.com",
			func(code int) explanation { return explain(code, s.d.EgressIPs, s.d.Hosted) })
	}

	// Each app: its token (CorpID and secret), then agent/get, which also proves the trusted IPs, and its visible
	// range.
	if len(b.Apps) == 0 {
		add(Check{Key: "app:OA", Title: "OA 应用", Message: "尚未关联 OA 应用", Advice: "填写 OA 应用的 AgentId 和 Secret"})
	}
	for _, a := range b.Apps {
		title := a.System + " 应用（AgentId " + fmt.Sprint(a.AgentID) + "）"
		app, err := s.d.Tenants.Credentials(ctx, tenants.AppCredential(a.System))
		if err != nil {
			return Report{}, err
		}
		agent, err := s.d.WeCom.GetAgent(ctx, app)
		c := fromErr("app:"+a.System, title, err, "Secret 有效，可以发送消息和网页授权登录")
		if err == nil && agent.Closed {
			c.OK, c.Message, c.Advice = false, "应用已停用", "在企业微信管理后台启用该应用"
		} else if err == nil && !slices.Contains(agent.AllowParties, 1) {
			c.OK = false
			c.Message = fmt.Sprintf("应用的可见范围不是全公司（%d 个部门、%d 名成员），范围外的员工收不到消息", len(agent.AllowParties), len(agent.AllowUsers))
			c.Advice = "在企业微信管理后台该应用的「可见范围」中选择根部门（全公司）"
		}
		add(c)
		if err == nil && a.System == "OA" {
			_, host, herr := s.base(ctx)
			if herr != nil {
				return Report{}, herr
			}
			add(checkDomain(host, b.TrustedDomain, agent.RedirectDomain))
		}
	}

	if b.ContactSecret == "" {
		add(Check{Key: "contacts", Title: "通讯录同步", Message: "尚未填写通讯录 Secret", Advice: "在「管理工具 → 通讯录同步」开启 API 编辑通讯录并复制 Secret；同步通讯录需要它"})
	} else {
		app, err := s.d.Tenants.Credentials(ctx, tenants.ContactsCredential)
		if err != nil {
			return Report{}, err
		}
		_, err = s.d.WeCom.ListDepartmentsSimple(ctx, app, 0)
		c := fromErr("contacts", "通讯录同步", err, "Secret 有效，可以同步通讯录")
		if wecom.CodeOf(err) == 48009 {
			// Reading is refused from new IPs, writing is not: the secret itself works.
			c.OK = true
		}
		add(c)
	}

	app, err := s.d.Tenants.Credentials(ctx, tenants.CustomersCredential)
	switch {
	case apperr.Is(err, apperr.NotFound):
		add(Check{Key: "customers", Title: "客户联系", Message: "尚未填写客户联系 Secret，也没有 OA 应用", Advice: "填写客户联系 Secret，或把 OA 应用加入客户联系的可调用应用"})
	case err != nil:
		return Report{}, err
	default:
		_, err := s.d.WeCom.ListFollowUsers(ctx, app)
		add(fromErr("customers", "客户联系", err, "可以读取外部联系人"))
	}

	for _, r := range b.Receivers {
		title := map[string]string{tenants.ReceiverContacts: "通讯录事件回调", tenants.ReceiverCustomers: "客户联系事件回调"}[r.Name]
		if title == "" {
			title = strings.ToUpper(r.Name) + " 应用的接收消息"
		}
		if r.VerifiedAt != nil {
			add(Check{Key: "receiver:" + r.Name, Title: title, OK: true, Message: "回调地址已通过企业微信验证"})
		} else {
			add(Check{Key: "receiver:" + r.Name, Title: title, Message: "回调地址尚未通过企业微信验证",
				Advice: "把本页显示的 URL、Token 和 EncodingAESKey 填入企业微信管理后台对应的「接收消息」设置并保存"})
		}
	}

	return s.keep(ctx, checks, s.d.Tenants.SavePreflight)
}

// checkOf is a preflight line from a call's outcome: passed with okMsg, or failed with the errcode explained by
// explainCode, or, when the service (who, at host) could not be reached, saying so.
func checkOf(key, title string, err error, okMsg, who, host string, explainCode func(int) explanation) Check {
	if err == nil {
		return Check{Key: key, Title: title, OK: true, Message: okMsg}
	}
	code := wxapi.CodeOf(err)
	if code == 0 {
		return Check{Key: key, Title: title, Message: "无法连接" + who + "：" + apperr.MessageOf(err),
			Advice: "检查本服务器能否访问 " + host + "，稍后重新检测"}
	}
	e := explainCode(code)
	return Check{Key: key, Title: title, Errcode: code, Message: e.Meaning, Advice: e.Advice}
}

// keep makes the report of checks (passed when every line did), keeps it with save and returns it.
func (s *Service) keep(ctx context.Context, checks []Check, save func(context.Context, string, time.Time) error) (Report, error) {
	rep := Report{OK: true, CheckedAt: s.d.Now().UTC(), Checks: checks}
	for _, c := range checks {
		rep.OK = rep.OK && c.OK
	}
	js, err := json.Marshal(rep)
	if err != nil {
		return Report{}, apperr.Wrap(err, apperr.Internal, "encode preflight")
	}
	if err := save(ctx, string(js), rep.CheckedAt); err != nil {
		return Report{}, err
	}
	return rep, nil
}

// checkDomain compares the trusted domain saved here, the one WeCom has for the OA app, and the host phones reach
// us at: OAuth sign-in from a card works only when all three agree.
func checkDomain(host, saved, inWeCom string) Check {
	c := Check{Key: "domain", Title: "可信域名"}
	switch {
	case saved == "":
		c.Message, c.Advice = "尚未填写可信域名", "填写 "+host+"，并在企业微信管理后台 OA 应用的「网页授权及JS-SDK」中设置同一域名"
	case saved != host:
		c.Message = fmt.Sprintf("可信域名 %s 与本服务的地址 %s 不一致，点卡片登录会失败", saved, host)
		c.Advice = "可信域名须与员工打开的地址相同（端口不是 80 或 443 时须带端口）"
	case inWeCom != "" && !strings.EqualFold(inWeCom, saved):
		c.Message = fmt.Sprintf("企业微信中 OA 应用的可信域名是 %s，与这里填写的 %s 不一致", inWeCom, saved)
		c.Advice = "在企业微信管理后台 OA 应用的「网页授权及JS-SDK」中改为 " + saved
	default:
		c.OK, c.Message = true, "可信域名 "+saved+" 与本服务地址一致"
	}
	return c
}
