package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/server/app/apptest"
)

// TestAdminQRSignIn walks WeCom's QR sign-in on the admin portal through the simulator: the sign-in page's address,
// the simulator's QR page, a member "scanning" it, our callback, and the portal's page with a ticket that begins a
// web session for an admin; a member who is not an admin comes back with the reason instead; an unbound or unknown
// tenant offers no QR sign-in.
func TestAdminQRSignIn(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "qradm")
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	var q struct{ WecomQRLogin *string }
	env.GraphQL(t, "", `{ wecomQRLogin(tenant: "`+tn.Slug+`") }`, nil).MustData(t, &q)
	if q.WecomQRLogin == nil || !strings.Contains(*q.WecomQRLogin, "/wwlogin/sso/login?login_type=CorpApp&appid="+tn.CorpID) {
		t.Fatalf("wecomQRLogin = %v", q.WecomQRLogin)
	}
	var none struct{ WecomQRLogin *string }
	env.GraphQL(t, "", `{ wecomQRLogin(tenant: "no-such-co") }`, nil).MustData(t, &none)
	if none.WecomQRLogin != nil {
		t.Errorf("unknown tenant: %v, want null", *none.WecomQRLogin)
	}

	// scanAs follows the QR page's link for userid to our callback and returns where the callback sends the browser.
	scanAs := func(t *testing.T, userid string) url.Values {
		t.Helper()
		page, err := url.Parse(*q.WecomQRLogin)
		if err != nil {
			t.Fatal(err)
		}
		scan := url.Values{}
		for k, v := range page.Query() {
			scan[k] = v
		}
		scan.Set("userid", userid)
		res, err := noRedirect.Get(env.SimURL + "/_sim/qrlogin/scan?" + scan.Encode())
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		back := res.Header.Get("Location")
		if !strings.HasPrefix(back, "http://qiao.test/oauth/wecom/qr?") {
			t.Fatalf("the simulator sends the browser to %q (status %d)", back, res.StatusCode)
		}
		res, err = noRedirect.Get(env.HTTP.URL + strings.TrimPrefix(back, "http://qiao.test"))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		to, err := url.Parse(res.Header.Get("Location"))
		if err != nil || to.Path != "/admin/sso" {
			t.Fatalf("our callback sends the browser to %q (status %d)", res.Header.Get("Location"), res.StatusCode)
		}
		return to.Query()
	}

	got := scanAs(t, tn.Admin.WeComUserID)
	if got.Get("ticket") == "" || got.Get("next") != "/admin/" {
		t.Fatalf("admin's scan: %v", got)
	}
	var s struct {
		ExchangeSsoTicket struct {
			Account struct{ Login, Role string }
		}
	}
	env.GraphQL(t, "", `mutation($t: String!) { exchangeSsoTicket(ticket: $t) { account { login role } } }`,
		map[string]any{"t": got.Get("ticket")}).MustData(t, &s)
	if s.ExchangeSsoTicket.Account.Login != tn.Admin.Login || s.ExchangeSsoTicket.Account.Role != "ADMIN" {
		t.Errorf("session = %+v", s.ExchangeSsoTicket)
	}

	if got := scanAs(t, tn.Sender.WeComUserID); got.Get("ticket") != "" || got.Get("error") != "forbidden" || got.Get("reason") != "not_admin" {
		t.Errorf("a member's scan: %v, want forbidden not_admin", got)
	}
}
