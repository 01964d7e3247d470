package sim

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// WeCom QR sign-in (企业微信扫码登录, the web login component): a web page
// sends the browser to
//
//	https://login.work.weixin.qq.com/wwlogin/sso/login?login_type=CorpApp&appid=CORPID&agentid=AGENTID&redirect_uri=URLENC&state=STATE
//
// (or the older https://open.work.weixin.qq.com/wwopen/sso/qrConnect?appid=&agentid=&redirect_uri=&state=),
// which shows a QR code; a member scans it with WeCom, and the browser goes
// on to redirect_uri?code=CODE&state=STATE. The code is exchanged through
// auth/getuserinfo like an OAuth code. The simulator's page stands in for
// the phone with a list of the members who may sign in: choosing one is the
// scan.

// qrLoginPaths are where the sign-in page is served: the current path and
// the older one.
const (
	qrLoginPath    = "/wwlogin/sso/login"
	qrConnectPath  = "/wwopen/sso/qrConnect"
	qrScanPath     = "/_sim/qrlogin/scan"
	qrLoginPixels  = 171
	qrLoginAppType = "CorpApp"
)

type qrLoginData struct {
	CorpID, AppName string
	QR              template.URL // a data: URL of the fake code
	Users           []userLink
}

// qrLoginRequest is a validated sign-in request.
type qrLoginRequest struct {
	corpID  string
	agentID int64
	target  *url.URL
	state   string
}

// parseQRLogin checks the parameters WeCom checks before showing a code;
// the answer is a Chinese message for the error page when they are wrong.
// loginType is required on the current path and must be CorpApp (sim:
// ServiceApp, third-party sign-in, is not simulated).
func parseQRLogin(q url.Values, requireLoginType bool) (qrLoginRequest, string) {
	if lt := q.Get("login_type"); (requireLoginType || lt != "") && lt != qrLoginAppType {
		return qrLoginRequest{}, "参数错误：login_type 须为 CorpApp（模拟器只支持企业自建应用和代开发应用的登录）"
	}
	if q.Get("appid") == "" {
		return qrLoginRequest{}, "参数错误：缺少 appid"
	}
	agentID, err := strconv.ParseInt(q.Get("agentid"), 10, 64)
	if err != nil || agentID <= 0 {
		return qrLoginRequest{}, "参数错误：agentid 无效"
	}
	target, err := url.Parse(q.Get("redirect_uri"))
	if q.Get("redirect_uri") == "" || err != nil || !target.IsAbs() || target.Host == "" ||
		(target.Scheme != "http" && target.Scheme != "https") {
		return qrLoginRequest{}, "参数错误：redirect_uri 须为完整的 http(s) 地址"
	}
	return qrLoginRequest{corpID: q.Get("appid"), agentID: agentID, target: target, state: q.Get("state")}, ""
}

// appForLoginLocked finds the request's corp and app and checks the
// redirect against the app's trusted domain.
func (s *Server) appForLoginLocked(lr qrLoginRequest) (*corp, *app, string) {
	c := s.corps[lr.corpID]
	if c == nil {
		return nil, nil, "参数错误：appid 不是有效的企业 ID"
	}
	a := c.apps[lr.agentID]
	if a == nil {
		return nil, nil, "参数错误：agentid 不是该企业的应用"
	}
	if !a.trusts(lr.target) {
		return nil, nil, "redirect_uri 的域名与应用的可信域名 " + a.settings.redirectDomain + " 不一致（50001）"
	}
	return c, a, ""
}

// openLogin checks the sign-in request q and returns with s.mu held; on
// a refusal it answers the error page itself, with s.mu released, and ok
// is false.
func (s *Server) openLogin(w http.ResponseWriter, q url.Values, requireLoginType bool) (
	lr qrLoginRequest, c *corp, a *app, ok bool) {
	lr, msg := parseQRLogin(q, requireLoginType)
	if msg == "" {
		s.mu.Lock()
		if c, a, msg = s.appForLoginLocked(lr); msg == "" {
			return lr, c, a, true
		}
		s.mu.Unlock()
	}
	s.page(w, http.StatusBadRequest, "qrerror", msg)
	return lr, nil, nil, false
}

// handleQRLogin shows the sign-in page: a fake QR code and, for the phone,
// the members of the corp who may sign in to the app (enabled, activated,
// in its visible range).
func (s *Server) handleQRLogin(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lr, c, a, ok := s.openLogin(w, q, r.URL.Path == qrLoginPath)
	if !ok {
		return
	}
	data := qrLoginData{CorpID: c.id, AppName: a.name}
	for _, u := range c.sortedUsers() {
		if !u.enabled || u.pending || !a.sees(c, u) {
			continue
		}
		scan := url.Values{}
		for k, v := range q {
			scan[k] = v
		}
		scan.Set("userid", u.id)
		data.Users = append(data.Users, userLink{ID: u.id, Name: u.name, Href: qrScanPath + "?" + scan.Encode()})
	}
	s.mu.Unlock()
	// A data: URL of the simulator's own PNG, so it is safe as it is.
	data.QR = template.URL("data:image/png;base64," +
		base64.StdEncoding.EncodeToString(fakeQRPNG(lr.corpID+"/"+lr.state, qrLoginPixels)))
	s.page(w, http.StatusOK, "qrlogin", data)
}

// handleQRScan is the member scanning the code and confirming on the
// phone: the browser goes on to redirect_uri with a fresh code.
func (s *Server) handleQRScan(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lr, c, a, ok := s.openLogin(w, q, false)
	if !ok {
		return
	}
	u := c.users[strings.ToLower(q.Get("userid"))]
	var msg string
	switch {
	case u == nil:
		msg = "该帐号不是企业成员"
	case !u.enabled:
		msg = "该帐号已被停用，无法登录"
	case u.pending:
		msg = "该帐号尚未激活，请先加入企业微信"
	case !a.sees(c, u):
		msg = "你不在应用的可见范围内，无法登录"
	}
	if msg != "" {
		s.mu.Unlock()
		s.page(w, http.StatusForbidden, "qrerror", msg)
		return
	}
	code := s.issueCodeLocked(c.id, u.id)
	s.mu.Unlock()
	redirectWithCode(w, r, lr.target, code, lr.state)
}

const qrLoginTemplates = `
{{define "qrlogin"}}{{template "head" "企业微信登录"}}
<header><h1>企业微信登录</h1><div class="meta">{{.AppName}} · {{.CorpID}}</div></header>
<main>
<div class="card" style="text-align:center">
<img data-testid="sim-qr-code" alt="二维码" width="171" height="171" src="{{.QR}}">
<div class="gray">请使用企业微信扫描二维码登录</div>
</div>
<div class="meta">模拟扫码：选择扫码的成员</div>
{{range .Users}}<a class="pick" data-testid="sim-qr-user" href="{{.Href}}">{{.Name}}（{{.ID}}）</a>
{{else}}<div class="empty" data-testid="sim-qr-empty">没有可登录此应用的成员</div>{{end}}
</main></body></html>{{end}}

{{define "qrerror"}}{{template "head" "企业微信登录"}}
<header><h1>企业微信登录</h1></header><main><div class="text" data-testid="sim-qr-error">{{.}}</div></main></body></html>{{end}}
`
