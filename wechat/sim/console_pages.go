package sim

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The admin console's pages (管理后台) under /_sim/console/: what an admin
// clicks through during onboarding, each form calling the Go method the
// control API calls (console.go and the files it names) and showing the
// page again with 保存成功 or the console's refusal in red. Form elements
// and the result message carry data-testid attributes for browser tests.
//
// Cross-site posts: every form carries the simulator's per-process token
// in a hidden field "csrf"; a POST without it answers 403. Another site's
// page cannot read the token (it is only in the console's HTML), so it
// cannot make a browser post to the console.

// consoleMsg is the result line of a form: OK picks green or red.
type consoleMsg struct {
	OK   bool
	Text string
}

// consoleFrame is what every console page has: its corp, the form token,
// the page's own path (Base), the way back and the result of a form.
type consoleFrame struct {
	CorpID, CSRF, Base, Back string
	Msg                      *consoleMsg
}

func (f *consoleFrame) setMsg(m *consoleMsg) { f.Msg = m }

// framed is a page's data: a pointer to it can take a form's result.
type framed[T any] interface {
	*T
	setMsg(*consoleMsg)
}

// renderConsole shows page name with d, found false meaning the corp or
// app does not exist; msg is the form's result and edit, when not nil,
// puts what the admin typed back into the page.
func renderConsole[T any, P framed[T]](s *Server, w http.ResponseWriter, name string, d T, found bool,
	status int, msg *consoleMsg, edit func(*T)) {
	if !found {
		s.page(w, http.StatusNotFound, "error", "no such corp or app")
		return
	}
	P(&d).setMsg(msg)
	if edit != nil {
		edit(&d)
	}
	s.page(w, status, name, d)
}

// callbackForm is one 接收事件服务器 form: Prefix makes its testids unique
// on a page ("" on an app's page, "contact-" and "external-" on the
// corp's), Action is where it posts, SavedURL the URL in force.
type callbackForm struct {
	Prefix, Action, CSRF string
	URL, Token, AESKey   string
	SavedURL             string
}

func callbackFormOf(t *callbackTarget, prefix, action, csrf string) callbackForm {
	f := callbackForm{Prefix: prefix, Action: action, CSRF: csrf}
	if t != nil {
		f.URL, f.Token, f.AESKey, f.SavedURL = t.URL, t.Token, t.AESKey, t.URL
	}
	return f
}

// refill puts what the admin typed back into a form the console refused.
func (f *callbackForm) refill(r *http.Request) {
	f.URL, f.Token, f.AESKey = r.PostFormValue("url"), r.PostFormValue("token"), r.PostFormValue("encodingaeskey")
}

type consoleApp struct {
	AgentID int64
	Name    string
	Href    string
}

type consoleMember struct {
	UserID, Name, Mobile, Status string
	InboxHref, CustomerHref      string
}

type consoleCorpData struct {
	consoleFrame
	Apps             []consoleApp
	ContactSecret    string
	ContactCallback  callbackForm
	ContactIPs       string
	ExternalCallback callbackForm
	Members          []consoleMember
	MemberForm       Member
	CustomersHref    string
}

type consoleMenuItem struct {
	Name, Detail string
	Sub          []consoleMenuItem
}

type consoleAppData struct {
	consoleFrame
	AgentID                           int64
	Name, Secret, Scope               string
	Callback                          callbackForm
	TrustedIPs                        string
	VerifyName, VerifyContent, Verify string
	Domain, FormDomain, FetchOrigin   string
	Menu                              []consoleMenuItem
}

type consoleFollower struct{ UserID, Name, Remark string }

type consoleCustomer struct {
	ID, Name, Type, CorpName string
	Followers                []consoleFollower
}

type consoleCustomersData struct {
	consoleFrame
	Members   []consoleMember
	Customers []consoleCustomer
	Form      ExternalContact
	FormUser  string
}

func consoleBase(corpID string) string { return "/_sim/console/" + url.PathEscape(corpID) }

func consoleAppBase(corpID string, agentID int64) string {
	return consoleBase(corpID) + "/apps/" + strconv.FormatInt(agentID, 10)
}

// routesConsolePages registers the console's pages and their forms.
func (s *Server) routesConsolePages(m *http.ServeMux) {
	const corp, app = "/_sim/console/{corpid}", "/_sim/console/{corpid}/apps/{agentid}"
	m.HandleFunc("GET "+corp, s.handleConsoleCorp)
	m.HandleFunc("POST "+corp+"/contact-callback", s.consolePost(s.postContactCallback))
	m.HandleFunc("POST "+corp+"/contact-trusted-ips", s.consolePost(s.postContactIPs))
	m.HandleFunc("POST "+corp+"/external-callback", s.consolePost(s.postExternalCallback))
	m.HandleFunc("POST "+corp+"/members", s.consolePost(s.postMember))
	m.HandleFunc("GET "+app, s.handleConsoleApp)
	m.HandleFunc("GET "+app+"/verify-file", s.handleConsoleVerifyFile)
	m.HandleFunc("POST "+app+"/callback", s.consolePost(s.postAppCallback))
	m.HandleFunc("POST "+app+"/trusted-ips", s.consolePost(s.postAppIPs))
	m.HandleFunc("POST "+app+"/domain", s.consolePost(s.postAppDomain))
	m.HandleFunc("GET "+corp+"/customers", s.handleConsoleCustomers)
	m.HandleFunc("POST "+corp+"/customers", s.consolePost(s.postCustomer))
	m.HandleFunc("POST "+corp+"/customers/{external_userid}/remark", s.consolePost(s.postCustomerRemark))
	m.HandleFunc("POST "+corp+"/customers/{external_userid}/delete", s.consolePost(s.postCustomerDelete))
}

// consolePost refuses a form without the per-process token, then runs h.
func (s *Server) consolePost(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		if err := r.ParseForm(); err != nil {
			s.page(w, http.StatusBadRequest, "error", "bad form: "+err.Error())
			return
		}
		if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(s.consoleToken)) != 1 {
			s.page(w, http.StatusForbidden, "error", "cross-site post refused: the form lacks the console token")
			return
		}
		h(w, r)
	}
}

// consoleResult turns a method's error into the page's message and status.
func consoleResult(err error, ok string) (*consoleMsg, int) {
	if err == nil {
		return &consoleMsg{OK: true, Text: ok}, http.StatusOK
	}
	return &consoleMsg{Text: consoleErrText(err)}, controlStatus(err)
}

// consoleErrText is what the console shows for err: a refusal as
// "回调地址请求不通过：reason", other errors without the sim's prefix.
func consoleErrText(err error) string {
	var ce *ConsoleError
	if errors.As(err, &ce) {
		return ce.Msg + "：" + ce.Reason
	}
	text := err.Error()
	for _, p := range []error{ErrInvalid, ErrNotFound, ErrConflict} {
		text = strings.TrimPrefix(text, p.Error()+": ")
	}
	return text
}

// linesOf splits a textarea into its non-empty trimmed lines.
func linesOf(v string) []string {
	var out []string
	for _, l := range strings.Split(v, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func pathAgent(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("agentid"), 10, 64)
	return id, err == nil && id != 0
}

// corpData gathers the 我的企业 page; false for an unknown corp.
func (s *Server) corpData(corpID string) (consoleCorpData, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.corps[corpID]
	if c == nil {
		return consoleCorpData{}, false
	}
	base := consoleBase(corpID)
	d := consoleCorpData{consoleFrame: consoleFrame{CorpID: corpID, CSRF: s.consoleToken, Base: base},
		ContactSecret:    c.contactSecret,
		ContactCallback:  callbackFormOf(c.dir.contactCallback, "contact-", base+"/contact-callback", s.consoleToken),
		ExternalCallback: callbackFormOf(c.msg.external.callback, "external-", base+"/external-callback", s.consoleToken),
		ContactIPs:       prefixLines(c.contactIPs),
		CustomersHref:    base + "/customers"}
	for _, id := range sortedAgentIDs(c) {
		d.Apps = append(d.Apps, consoleApp{AgentID: id, Name: c.apps[id].name, Href: consoleAppBase(corpID, id)})
	}
	d.Members = consoleMembers(c)
	return d, true
}

func consoleMembers(c *corp) []consoleMember {
	var out []consoleMember
	for _, u := range c.sortedUsers() {
		status := "已激活"
		switch {
		case !u.enabled:
			status = "已禁用"
		case u.pending:
			status = "未激活"
		}
		out = append(out, consoleMember{UserID: u.id, Name: u.name, Mobile: u.mobile, Status: status,
			InboxHref:    inboxPath(c.id, u.id),
			CustomerHref: consoleBase(c.id) + "/customers?userid=" + url.QueryEscape(u.id)})
	}
	return out
}

func (s *Server) renderCorp(w http.ResponseWriter, r *http.Request, status int, msg *consoleMsg, edit func(*consoleCorpData)) {
	d, ok := s.corpData(r.PathValue("corpid"))
	renderConsole(s, w, "console-corp", d, ok, status, msg, edit)
}

// GET /_sim/console/{corpid}: 我的企业.
func (s *Server) handleConsoleCorp(w http.ResponseWriter, r *http.Request) {
	s.renderCorp(w, r, http.StatusOK, nil, nil)
}

func (s *Server) postContactCallback(w http.ResponseWriter, r *http.Request) {
	err := s.SaveCallback(r.Context(), r.PathValue("corpid"), 0, r.PostFormValue("url"), r.PostFormValue("token"), r.PostFormValue("encodingaeskey"))
	msg, status := consoleResult(err, "保存成功，回调地址已通过验证")
	s.renderCorp(w, r, status, msg, func(d *consoleCorpData) {
		if err != nil {
			d.ContactCallback.refill(r)
		}
	})
}

func (s *Server) postExternalCallback(w http.ResponseWriter, r *http.Request) {
	err := s.SaveExternalContactCallback(r.Context(), r.PathValue("corpid"), r.PostFormValue("url"), r.PostFormValue("token"), r.PostFormValue("encodingaeskey"))
	msg, status := consoleResult(err, "保存成功，回调地址已通过验证")
	s.renderCorp(w, r, status, msg, func(d *consoleCorpData) {
		if err != nil {
			d.ExternalCallback.refill(r)
		}
	})
}

func (s *Server) postContactIPs(w http.ResponseWriter, r *http.Request) {
	err := s.SetTrustedIPs(r.PathValue("corpid"), 0, linesOf(r.PostFormValue("ips")))
	msg, status := consoleResult(err, "企业可信IP已保存")
	s.renderCorp(w, r, status, msg, func(d *consoleCorpData) {
		if err != nil {
			d.ContactIPs = r.PostFormValue("ips")
		}
	})
}

func (s *Server) postMember(w http.ResponseWriter, r *http.Request) {
	m := Member{UserID: strings.TrimSpace(r.PostFormValue("userid")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Mobile: strings.TrimSpace(r.PostFormValue("mobile"))}
	err := s.CreateUser(r.PathValue("corpid"), m)
	msg, status := consoleResult(err, "已添加成员 "+m.UserID)
	s.renderCorp(w, r, status, msg, func(d *consoleCorpData) {
		if err != nil {
			d.MemberForm = m
		}
	})
}

// appData gathers an app's page; false for an unknown corp or app.
func (s *Server) appData(corpID string, agentID int64) (consoleAppData, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.appLocked(corpID, agentID)
	if err != nil {
		return consoleAppData{}, false
	}
	base := consoleAppBase(corpID, agentID)
	code := a.verifyCodeLocked()
	d := consoleAppData{consoleFrame: consoleFrame{CorpID: corpID, CSRF: s.consoleToken, Base: base, Back: consoleBase(corpID)},
		AgentID: agentID, Name: a.name, Secret: a.secret, Scope: scopeSummary(a.scope),
		Callback:   callbackFormOf(a.callback, "", base+"/callback", s.consoleToken),
		TrustedIPs: prefixLines(a.trustedIPs), VerifyName: verifyFileName(code), VerifyContent: code,
		Verify: base + "/verify-file", Domain: a.settings.redirectDomain, FormDomain: a.settings.redirectDomain}
	if a.settings.menu != nil {
		var m wcMenu
		_ = json.Unmarshal(a.settings.menu, &m) // the simulator wrote it
		d.Menu = menuItems(m.Button)
	}
	return d, true
}

func menuItems(bs []wcButton) []consoleMenuItem {
	out := make([]consoleMenuItem, 0, len(bs))
	for _, b := range bs {
		it := consoleMenuItem{Name: b.Name, Sub: menuItems(b.SubButton)}
		if b.Type != "" {
			it.Detail = b.Type
			for _, v := range []string{b.Key, b.URL, b.AppID + " " + b.PagePath} {
				if v = strings.TrimSpace(v); v != "" {
					it.Detail += " · " + v
					break
				}
			}
		}
		out = append(out, it)
	}
	return out
}

func scopeSummary(sc visibleScope) string {
	if !sc.limited {
		return "全部成员"
	}
	var parts []string
	if len(sc.depts) > 0 {
		parts = append(parts, "部门 "+joinInts(sc.depts))
	}
	if len(sc.users) > 0 {
		parts = append(parts, "成员 "+strings.Join(sc.users, ", "))
	}
	if len(sc.tags) > 0 {
		parts = append(parts, "标签 "+joinInts(sc.tags))
	}
	if len(parts) == 0 {
		return "无"
	}
	return strings.Join(parts, "；")
}

func joinInts(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
}

func (s *Server) renderApp(w http.ResponseWriter, r *http.Request, status int, msg *consoleMsg, edit func(*consoleAppData)) {
	agentID, _ := pathAgent(r)
	d, ok := s.appData(r.PathValue("corpid"), agentID)
	renderConsole(s, w, "console-app", d, ok, status, msg, edit)
}

// GET /_sim/console/{corpid}/apps/{agentid}: an app's page.
func (s *Server) handleConsoleApp(w http.ResponseWriter, r *http.Request) {
	s.renderApp(w, r, http.StatusOK, nil, nil)
}

// GET /_sim/console/{corpid}/apps/{agentid}/verify-file: the WW_verify_
// file to put at the domain's root, as a download.
func (s *Server) handleConsoleVerifyFile(w http.ResponseWriter, r *http.Request) {
	agentID, _ := pathAgent(r)
	name, content, err := s.DomainVerifyFile(r.PathValue("corpid"), agentID)
	if err != nil {
		s.page(w, http.StatusNotFound, "error", "no such corp or app")
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, _ = w.Write([]byte(content))
}

func (s *Server) postAppCallback(w http.ResponseWriter, r *http.Request) {
	agentID, ok := pathAgent(r)
	if !ok {
		s.page(w, http.StatusNotFound, "error", "no such app")
		return
	}
	err := s.SaveCallback(r.Context(), r.PathValue("corpid"), agentID, r.PostFormValue("url"), r.PostFormValue("token"), r.PostFormValue("encodingaeskey"))
	msg, status := consoleResult(err, "保存成功，回调地址已通过验证")
	s.renderApp(w, r, status, msg, func(d *consoleAppData) {
		if err != nil {
			d.Callback.refill(r)
		}
	})
}

func (s *Server) postAppIPs(w http.ResponseWriter, r *http.Request) {
	agentID, ok := pathAgent(r)
	if !ok {
		s.page(w, http.StatusNotFound, "error", "no such app")
		return
	}
	err := s.SetTrustedIPs(r.PathValue("corpid"), agentID, linesOf(r.PostFormValue("ips")))
	msg, status := consoleResult(err, "企业可信IP已保存")
	s.renderApp(w, r, status, msg, func(d *consoleAppData) {
		if err != nil {
			d.TrustedIPs = r.PostFormValue("ips")
		}
	})
}

func (s *Server) postAppDomain(w http.ResponseWriter, r *http.Request) {
	agentID, ok := pathAgent(r)
	if !ok {
		s.page(w, http.StatusNotFound, "error", "no such app")
		return
	}
	domain, origin := strings.TrimSpace(r.PostFormValue("domain")), strings.TrimSpace(r.PostFormValue("fetch_origin"))
	err := s.SaveTrustedDomain(r.Context(), r.PathValue("corpid"), agentID, domain, origin)
	msg, status := consoleResult(err, "可信域名已保存")
	s.renderApp(w, r, status, msg, func(d *consoleAppData) {
		d.FetchOrigin = origin
		if err != nil {
			d.FormDomain = domain
		}
	})
}
