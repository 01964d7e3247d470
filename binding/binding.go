// Package binding is the admin's side of binding a tenant to WeCom (seed 000 §2.3–2.9, 002 §一, 003 §2): the
// binding as the portal shows it, with the callback URL of every receiver; preflight (检测配置), a real call per
// credential that proves it works for what Qiao uses it for and says in the admin's words what a failure means and
// what to do; and the OA app's menu, generated from Qiao's pages. The rules of what may be saved live in tenants;
// this package talks to WeCom.
package binding

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/mptemplates"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// Deps are what the Service needs.
type Deps struct {
	Tenants   *tenants.Store
	Directory *directory.Store
	WeCom     *wecom.Client
	Links     *deeplink.Builder
	// PublicURL is how WeCom and phones reach this service (PUBLIC_URL); receivers' URLs start with it.
	PublicURL string
	// EgressIPs are the addresses this service calls WeCom from, which an app's trusted IPs (企业可信IP) must
	// list; shown when WeCom answers 60020.
	EgressIPs []string
	// Hosted is a Qiao run by a vendor for many companies, where WeCom refuses pasted secrets of apps created
	// since 2022-06-20 from the vendor's IPs (60020); a private deployment runs on the customer's own server.
	Hosted bool
	// QRBase is the host of WeCom's QR sign-in page (https://login.work.weixin.qq.com; the simulator in the demo).
	QRBase string
	// MP is the service-account client; nil leaves the service account's preflight unable to run. Templates keeps
	// each kind of message's template mapping.
	MP        MP
	Templates *mptemplates.Store
	Now       func() time.Time
}

// Service binds tenants to WeCom.
type Service struct{ d Deps }

// New returns a Service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	d.PublicURL = strings.TrimRight(d.PublicURL, "/")
	return &Service{d: d}
}

// CallbackPath is where WeCom posts a receiver's events: CallbackPath + "{tenant}/{receiver}".
const CallbackPath = "/callback/wecom/"

// Receiver is a receiver as the admin pastes it into WeCom: its URL, Token and EncodingAESKey.
type Receiver struct {
	tenants.ReceiverKeys
	// System is the app's system for an app's receiver, "" for the contact-change and customer-contact ones.
	System string
	URL    string
}

// View is the binding as the portal shows it.
type View struct {
	tenants.Binding
	Receivers []Receiver
	Report    *Report
	EgressIPs []string
	// ExpectedDomain is the host (and port) phones reach this service at: the trusted domain WeCom must have.
	ExpectedDomain string
}

// View returns the tenant's binding; not_found when it has none.
func (s *Service) View(ctx context.Context) (View, error) {
	t, err := s.d.Tenants.Current(ctx)
	if err != nil {
		return View{}, err
	}
	b, err := s.d.Tenants.Binding(ctx)
	if err != nil {
		return View{}, err
	}
	base, host, err := s.base(ctx)
	if err != nil {
		return View{}, err
	}
	v := View{Binding: b, EgressIPs: s.d.EgressIPs, ExpectedDomain: host}
	for _, k := range b.Receivers {
		r := Receiver{ReceiverKeys: k, URL: base + CallbackPath + url.PathEscape(t.Slug) + "/" + k.Name}
		if k.Name != tenants.ReceiverContacts && k.Name != tenants.ReceiverCustomers {
			r.System = strings.ToUpper(k.Name)
		}
		v.Receivers = append(v.Receivers, r)
	}
	v.Report = parseReport(b.Preflight)
	return v, nil
}

// State is a tenant's binding at a glance: the overview's, and a partner's customer list's.
type State string

// The states of a binding.
const (
	StateNone      State = "NONE"      // no corp saved
	StateUnchecked State = "UNCHECKED" // saved, no preflight yet
	StateOK        State = "OK"        // the last preflight passed
	StateFailing   State = "FAILING"   // the last preflight found a problem
)

// State is the binding's state.
func (v View) State() State { return reportState(v.Report) }

// CorpState is the state of a tenant's corp row as it is stored (nil: not bound), without opening its secrets.
func CorpState(c *tenants.Corp) State {
	if c == nil {
		return StateNone
	}
	return reportState(parseReport(c.Preflight))
}

func reportState(rep *Report) State {
	switch {
	case rep == nil:
		return StateUnchecked
	case rep.OK:
		return StateOK
	}
	return StateFailing
}

// parseReport reads a kept preflight report; nil when there is none (or it does not read).
func parseReport(raw *string) *Report {
	if raw == nil {
		return nil
	}
	var rep Report
	if err := json.Unmarshal([]byte(*raw), &rep); err != nil {
		return nil
	}
	return &rep
}

// base is where WeCom and phones reach the tenant: its first own host name (with PublicURL's scheme) when it
// brought one, else PublicURL; and that host (with its port), which the trusted domain must name.
func (s *Service) base(ctx context.Context) (string, string, error) {
	u, err := url.Parse(s.d.PublicURL)
	if err != nil {
		return "", "", apperr.Wrap(err, apperr.Internal, "PUBLIC_URL")
	}
	hosts, err := s.d.Tenants.Hosts(ctx)
	if err != nil {
		return "", "", err
	}
	if len(hosts) > 0 {
		return u.Scheme + "://" + hosts[0], hosts[0], nil
	}
	return s.d.PublicURL, strings.ToLower(u.Host), nil
}

// MenuEntry is one page of the OA app's menu.
type MenuEntry struct{ Name, Path string }

// MenuGroups are the OA app's menu as seed 000 §2.9 lists it: 待办 / 已发 / 已办; 公告 / 新闻 / 调查 / 讨论;
// 员工通讯录 / 外部联系人, each opening its H5 page.
var MenuGroups = []struct {
	Name    string
	Entries []MenuEntry
}{
	{"协同", []MenuEntry{{"待办", "/?box=todo"}, {"已发", "/?box=sent"}, {"已办", "/?box=done"}}},
	{"信息", []MenuEntry{{"公告", "/notices?kind=notice"}, {"新闻", "/notices?kind=news"}, {"调查", "/surveys"}, {"讨论", "/discussions"}}},
	{"通讯录", []MenuEntry{{"员工通讯录", "/contacts"}, {"外部联系人", "/external"}}},
}

// GenerateMenu builds the OA app's menu, every entry opening its H5 page through WeCom OAuth, sets it in WeCom
// and returns it as WeCom reads it back. Errors: not_found when the OA app is not bound; a WeCom refusal as
// invalid with its explanation.
func (s *Service) GenerateMenu(ctx context.Context) (wecom.Menu, error) {
	t, err := s.d.Tenants.Current(ctx)
	if err != nil {
		return wecom.Menu{}, err
	}
	app, err := s.d.Tenants.Credentials(ctx, tenants.AppCredential("OA"))
	if err != nil {
		return wecom.Menu{}, err
	}
	_, host, err := s.base(ctx)
	if err != nil {
		return wecom.Menu{}, err
	}
	links := s.d.Links.ForHost(host)
	var m wecom.Menu
	for _, g := range MenuGroups {
		group := wecom.MenuButton{Name: g.Name}
		for _, e := range g.Entries {
			group.SubButtons = append(group.SubButtons, wecom.MenuButton{Type: wecom.ButtonView, Name: e.Name,
				URL: links.WeCom(t.Slug, app.CorpID, app.AgentID, e.Path)})
		}
		m.Buttons = append(m.Buttons, group)
	}
	if err := s.d.WeCom.CreateMenu(ctx, app, m); err != nil {
		return wecom.Menu{}, Explain(err, s.d.EgressIPs, s.d.Hosted)
	}
	return s.Menu(ctx)
}

// Menu returns the OA app's menu as WeCom has it; an app without one has an empty Menu.
func (s *Service) Menu(ctx context.Context) (wecom.Menu, error) {
	app, err := s.d.Tenants.Credentials(ctx, tenants.AppCredential("OA"))
	if err != nil {
		return wecom.Menu{}, err
	}
	m, err := s.d.WeCom.GetMenu(ctx, app)
	if wecom.CodeOf(err) == wecom.CodeNoMenu {
		return wecom.Menu{}, nil
	}
	if err != nil {
		return wecom.Menu{}, Explain(err, s.d.EgressIPs, s.d.Hosted)
	}
	return m, nil
}

// Explain turns a WeCom refusal into an invalid error the admin can act on (its message is the explanation and
// what to do); other errors pass unchanged.
func Explain(err error, egress []string, hosted bool) error {
	code := wecom.CodeOf(err)
	if code == 0 {
		return err
	}
	e := explain(code, egress, hosted)
	return &apperr.Error{Code: apperr.Invalid, Msg: fmt.Sprintf("企业微信返回 %d：%s。%s", code, e.Meaning, e.Advice), Err: err}
}

// JoinQRCode returns the address of the corp's join QR code (加入企业二维码) in size 1 (171 px) to 4 (2052 px), as
// WeCom serves it; it needs the contact-sync secret. Errors: invalid for another size, not_found without the secret,
// a WeCom refusal explained.
func (s *Service) JoinQRCode(ctx context.Context, size int) (string, error) {
	if size < 1 || size > 4 {
		return "", apperr.InvalidField("size", "尺寸为 1–4")
	}
	app, err := s.d.Tenants.Credentials(ctx, tenants.ContactsCredential)
	if err != nil {
		return "", err
	}
	u, err := s.d.WeCom.JoinQRCode(ctx, app, wecom.JoinQRSize(size))
	if err != nil {
		return "", Explain(err, s.d.EgressIPs, s.d.Hosted)
	}
	return u, nil
}

// Explain is the package's Explain with this service's egress IPs and deployment, for WeCom refusals met by others
// (a pull of external contacts, a sync).
func (s *Service) Explain(err error) error { return Explain(err, s.d.EgressIPs, s.d.Hosted) }

// QRLoginURL is the address of WeCom's QR sign-in page (企业微信扫码登录) for the admins of tenant slug, returning to
// the portal's path next; "" when the tenant is unknown or its OA app not bound (the sign-in page then offers only
// the password, and says nothing about which tenants exist).
func (s *Service) QRLoginURL(ctx context.Context, slug, next string) (string, error) {
	t, err := s.d.Tenants.BySlug(ctx, slug)
	if apperr.Is(err, apperr.NotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if !strings.HasPrefix(next, "/admin/") {
		next = "/admin/"
	}
	app, err := s.d.Tenants.Credentials(tenancy.WithTenant(ctx, t.ID), tenants.AppCredential("OA"))
	if apperr.Is(err, apperr.NotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return wecom.QRLoginURL(s.d.QRBase, app.CorpID, app.AgentID, s.d.Links.QRCallbackURL(t.Slug, next),
		s.d.Links.State(t.Slug, next)), nil
}

// ContactsJobCallback is where WeCom posts a batch job's batch_job_result event for the tenant in ctx: its
// contact-change receiver, with that receiver's Token and EncodingAESKey; nil when the tenant has none.
func (s *Service) ContactsJobCallback(ctx context.Context) (*wecom.JobCallback, error) {
	v, err := s.View(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range v.Receivers {
		if r.Name == tenants.ReceiverContacts {
			return &wecom.JobCallback{URL: r.URL, Token: r.Token, EncodingAESKey: r.AESKey}, nil
		}
	}
	return nil, nil
}
