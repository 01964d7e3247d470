package web_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/mpsignin"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/tenants"
)

// mpPhone is a follower's phone in WeChat: the simulator knows whose it is from its cookie, and it follows a
// service account's link through the account's OAuth to our callback.
type mpPhone struct {
	t      *testing.T
	env    *apptest.Env
	client *http.Client
	link   string
}

func newMPPhone(t *testing.T, env *apptest.Env, appID, openID, link string) *mpPhone {
	jar, _ := cookiejar.New(nil)
	p := &mpPhone{t: t, env: env, link: link,
		client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	res, err := p.client.Get(env.SimURL + "/_sim/mp/phone/" + appID + "/" + openID)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return p
}

// cookie is the browser cookie our callback left on the phone: the bind ticket works only with it.
func (p *mpPhone) cookie() map[string]string {
	u, _ := url.Parse(p.env.HTTP.URL)
	for _, c := range p.client.Jar.Cookies(u) {
		if c.Name == mpsignin.BrowserCookie {
			return map[string]string{"Cookie": c.Name + "=" + c.Value}
		}
	}
	return nil
}

// tap opens the link and returns where our callback sends the browser: its path and query.
func (p *mpPhone) tap() (string, url.Values) {
	p.t.Helper()
	res, err := p.client.Get(strings.TrimSuffix(p.link, "#wechat_redirect"))
	if err != nil {
		p.t.Fatal(err)
	}
	res.Body.Close()
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || res.StatusCode != http.StatusFound || loc.Path != deeplink.MPCallbackPath {
		p.t.Fatalf("authorize: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, err = p.client.Get(p.env.HTTP.URL + loc.RequestURI())
	if err != nil {
		p.t.Fatal(err)
	}
	res.Body.Close()
	to, err := url.Parse(res.Header.Get("Location"))
	if err != nil || res.StatusCode != http.StatusFound {
		p.t.Fatalf("callback: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	return to.Path, to.Query()
}

type session struct {
	AccessToken, RefreshToken string
	Account                   struct{ Login string }
}

// TestServiceAccountSignIn walks seed 004 §4 through the simulator's service account: the first tap asks for the
// password and binds the WeChat; the next signs in at once; logging out on the phone, changing the password, an
// admin's reset or unbinding, and resigning each end the binding, its sessions end with it, the next tap asks for
// the password again, and the audit log says why.
func TestServiceAccountSignIn(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "mpsign")
	ctx := tn.Ctx()
	const appID, secret, openID = "wx00000000000000bb", "0123456789abcdef0123456789abcdef", "o-approver-0001"
	mustDo(t, env.Sim.CreateServiceAccount(appID, secret, "演示服务号"))
	mustDo(t, env.Sim.AddFollower(appID, openID, "李审批"))
	if _, err := env.Binding.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: ptr(appID), Secret: ptr(secret)}); err != nil {
		t.Fatal(err)
	}
	link := deeplink.New("http://qiao.test", env.SimURL, []byte(apptest.LinkSecret)).WithMPOAuth(env.SimURL+"/mp").MP(tn.Slug, appID, "/items/42")
	phone := newMPPhone(t, env, appID, openID, link)
	admin := env.Token(t, tn, tn.Admin)
	password := tn.Approver.Password

	const loginQ = `mutation($t: String!, $l: String!, $p: String!, $b: String) {
		login(tenant: $t, login: $l, password: $p, bindTicket: $b) { accessToken refreshToken account { login } } }`
	// asked taps and expects the password page, then signs in there, binding the WeChat.
	asked := func(t *testing.T) session {
		t.Helper()
		path, q := phone.tap()
		if path != "/h5/login" || q.Get("bind") == "" || q.Get("tenant") != tn.Slug || q.Get("redirect") != "/items/42" || q.Get("id") != "login" {
			t.Fatalf("tap led to %s %v, want the password page with a bind ticket", path, q)
		}
		var out struct{ Login session }
		env.GraphQLWith(t, phone.cookie(), loginQ, map[string]any{"t": tn.Slug, "l": tn.Approver.Login, "p": password, "b": q.Get("bind")}).MustData(t, &out)
		return out.Login
	}
	// signedIn taps and expects to be signed in without a password.
	signedIn := func(t *testing.T) session {
		t.Helper()
		path, q := phone.tap()
		if path != "/h5/sso" || q.Get("ticket") == "" {
			t.Fatalf("tap led to %s %v, want a sign-in ticket", path, q)
		}
		var out struct{ ExchangeSsoTicket session }
		env.GraphQL(t, "", `mutation($t: String!) { exchangeSsoTicket(ticket: $t) { accessToken refreshToken account { login } } }`,
			map[string]any{"t": q.Get("ticket")}).MustData(t, &out)
		return out.ExchangeSsoTicket
	}
	works := func(t *testing.T, s session) bool {
		t.Helper()
		return env.GraphQL(t, s.AccessToken, `{ me { login } }`, nil).Code() == ""
	}
	bindings := func(t *testing.T) int {
		t.Helper()
		var out struct {
			WechatBindings struct{ Nodes []struct{ OpenID string } }
		}
		env.GraphQL(t, admin, `{ wechatBindings { nodes { openId } } }`, nil).MustData(t, &out)
		return len(out.WechatBindings.Nodes)
	}

	t.Run("WrongPasswordKeepsTheLink", func(t *testing.T) {
		_, q := phone.tap()
		vars := func(pw string) map[string]any {
			return map[string]any{"t": tn.Slug, "l": tn.Approver.Login, "p": pw, "b": q.Get("bind")}
		}
		res := env.GraphQLWith(t, phone.cookie(), loginQ, vars("wrong-Passw0rd"))
		if res.Code() != "unauthenticated" || bindings(t) != 0 {
			t.Fatalf("a wrong password: code %q, %d bindings", res.Code(), bindings(t))
		}
		// The page's link opened in another browser (sent to a colleague, say): the ticket does not work there.
		if res := env.GraphQL(t, "", loginQ, vars(password)); res.Code() != "unauthenticated" || bindings(t) != 0 {
			t.Fatalf("the bind ticket in another browser: code %q, %d bindings", res.Code(), bindings(t))
		}
		var out struct{ Login session }
		env.GraphQLWith(t, phone.cookie(), loginQ, vars(password)).MustData(t, &out)
		if out.Login.Account.Login != tn.Approver.Login || bindings(t) != 1 {
			t.Fatalf("signed in as %q with %d bindings", out.Login.Account.Login, bindings(t))
		}
		if res := env.GraphQLWith(t, phone.cookie(), loginQ, vars(password)); res.Code() != "unauthenticated" {
			t.Errorf("the bind ticket used twice: code %q", res.Code())
		}
	})
	first := signedIn(t)
	if first.Account.Login != tn.Approver.Login || !works(t, first) {
		t.Fatalf("the bound tap signed in as %q", first.Account.Login)
	}

	ends := []struct {
		name, reason string
		end          func(t *testing.T, s session)
	}{
		{"Logout", "logout", func(t *testing.T, s session) {
			env.GraphQL(t, s.AccessToken, `mutation($r: String) { logout(refreshToken: $r) }`, map[string]any{"r": s.RefreshToken}).MustData(t, &struct{}{})
		}},
		{"PasswordChanged", "password_changed", func(t *testing.T, s session) {
			env.GraphQL(t, s.AccessToken, `mutation($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) { accessToken } }`,
				map[string]any{"o": password, "n": "N3w-Passw0rd!"}).MustData(t, &struct{}{})
			password = "N3w-Passw0rd!"
		}},
		{"AdminUnbinds", "admin", func(t *testing.T, _ session) {
			var out struct {
				WechatBindings struct{ Nodes []struct{ ID string } }
			}
			env.GraphQL(t, admin, `{ wechatBindings { nodes { id } } }`, nil).MustData(t, &out)
			env.GraphQL(t, admin, `mutation($id: ID!) { endWechatBinding(id: $id) }`, map[string]any{"id": out.WechatBindings.Nodes[0].ID}).MustData(t, &struct{}{})
		}},
		{"PasswordReset", "password_reset", func(t *testing.T, _ session) {
			var out struct{ ResetEmployeePassword string }
			env.GraphQL(t, admin, `mutation($id: ID!) { resetEmployeePassword(id: $id) }`, map[string]any{"id": apptest.ID(tn.Approver.EmployeeID)}).MustData(t, &out)
			password = out.ResetEmployeePassword
		}},
	}
	for _, e := range ends {
		t.Run(e.name, func(t *testing.T) {
			s := signedIn(t)
			other := signedIn(t) // a second tab of the same WeChat
			e.end(t, s)
			if works(t, other) {
				t.Errorf("a session of the WeChat still works after %s", e.name)
			}
			// Nor can it renew itself: the refresh token rides on the binding too.
			if res := env.GraphQL(t, "", `mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken } }`,
				map[string]any{"r": other.RefreshToken}); res.Code() != "unauthenticated" {
				t.Errorf("the WeChat's refresh token after %s: code %q", e.name, res.Code())
			}
			if bindings(t) != 0 {
				t.Fatalf("%d bindings after %s", bindings(t), e.name)
			}
			if got := asked(t); got.Account.Login != tn.Approver.Login || bindings(t) != 1 {
				t.Fatalf("after %s the password page signed in %q with %d bindings", e.name, got.Account.Login, bindings(t))
			}
		})
	}
	t.Run("Resigned", func(t *testing.T) {
		s := signedIn(t)
		env.GraphQL(t, admin, `mutation($ids: [ID!]!) { changeStaff(ids: $ids, action: RESIGN) { error } }`,
			map[string]any{"ids": []string{apptest.ID(tn.Approver.EmployeeID)}}).MustData(t, &struct{}{})
		if works(t, s) || bindings(t) != 0 {
			t.Fatalf("after resigning: session works %v, %d bindings", works(t, s), bindings(t))
		}
		path, q := phone.tap()
		if path != "/h5/login" {
			t.Fatalf("tap after resigning led to %s %v", path, q)
		}
		res := env.GraphQLWith(t, phone.cookie(), loginQ, map[string]any{"t": tn.Slug, "l": tn.Approver.Login, "p": password, "b": q.Get("bind")})
		if res.Code() != "forbidden" || bindings(t) != 0 {
			t.Errorf("a resigned person's password page: code %q, %d bindings", res.Code(), bindings(t))
		}
	})

	t.Run("Audit", func(t *testing.T) {
		var out struct {
			AuditLog struct {
				Nodes []struct{ ActorKind, Action, Changes string }
			}
		}
		env.GraphQL(t, admin, `{ auditLog(first: 100) { nodes { actorKind action changes } } }`, nil).MustData(t, &out)
		reasons := map[string]string{}
		binds := 0
		for _, n := range out.AuditLog.Nodes {
			switch n.Action {
			case "wechat.bind":
				binds++
				if n.ActorKind != "EMPLOYEE" {
					t.Errorf("a binding made by %q, want the employee", n.ActorKind)
				}
			case "wechat.unbind":
				for _, r := range []string{"logout", "password_changed", "password_reset", "admin", "resigned"} {
					if strings.Contains(n.Changes, `"reason":"`+r+`"`) {
						reasons[r] = n.ActorKind
					}
				}
			}
		}
		want := map[string]string{"logout": "EMPLOYEE", "password_changed": "EMPLOYEE", "password_reset": "ADMIN",
			"admin": "ADMIN", "resigned": "ADMIN"}
		for r, kind := range want {
			if reasons[r] != kind {
				t.Errorf("unbinding for %s recorded as made by %q, want %q", r, reasons[r], kind)
			}
		}
		if binds != 5 {
			t.Errorf("%d bindings recorded, want 5", binds)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestServiceAccountChanged: binding another service account ends the WeChat bindings made under the one before
// (their openids are that account's), with their sessions; the audit log says why.
func TestServiceAccountChanged(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "mpchange")
	ctx := tn.Ctx()
	const appID, secret = "wx00000000000000f1", "0123456789abcdef0123456789abcdef"
	mustDo(t, env.Sim.CreateServiceAccount(appID, secret, "旧服务号"))
	if _, err := env.Binding.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: ptr(appID), Secret: ptr(secret)}); err != nil {
		t.Fatal(err)
	}
	acct, err := env.Directory.AccountByEmployee(ctx, tn.Approver.EmployeeID)
	mustDo(t, err)
	b, err := env.Directory.BindWeChat(audit.WithActor(ctx, audit.Actor{Kind: audit.Employee, ID: acct.Login}), appID, "o-old", acct)
	mustDo(t, err)
	if _, err := env.Binding.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{EncryptMode: ptr(tenants.MPPlain)}); err != nil {
		t.Fatal(err)
	}
	if live, _ := env.Directory.WeChatBindingLive(ctx, b.ID, acct.ID); !live {
		t.Fatal("saving the same account ended its bindings")
	}
	if _, err := env.Binding.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: ptr("wx00000000000000f2")}); err != nil {
		t.Fatal(err)
	}
	if live, _ := env.Directory.WeChatBindingLive(ctx, b.ID, acct.ID); live {
		t.Error("a binding of the account before survives the change")
	}
	var n int64
	mustDo(t, env.DB.WithContext(ctx).Model(&audit.Entry{}).Where("action = ? AND changes LIKE ?", "wechat.unbind", "%account_changed%").Count(&n).Error)
	if n != 1 {
		t.Errorf("%d audit entries for the ending, want 1", n)
	}
}
