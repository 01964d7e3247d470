package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/testkit"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

// TestWeComSignIn follows a card's link as WeChat would: the simulator's OAuth step, our callback, the ticket, the
// session — and the Back button's replay of a used code.
func TestWeComSignIn(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "oauth")
	links := deeplink.New("http://qiao.test", env.SimURL, []byte(apptest.LinkSecret))
	card := links.WeCom(tn.Slug, tn.CorpID, tn.AgentID, "/items/42")

	jar, _ := cookiejar.New(nil)
	phone := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// Opening the approver's inbox tells the simulator whose phone this is.
	if res, err := phone.Get(env.SimURL + "/_sim/inbox/" + tn.CorpID + "/" + tn.Approver.WeComUserID); err != nil {
		t.Fatal(err)
	} else {
		res.Body.Close()
	}
	authorize := func() *url.URL {
		res, err := phone.Get(strings.TrimSuffix(card, "#wechat_redirect"))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		loc, err := url.Parse(res.Header.Get("Location"))
		if err != nil || res.StatusCode != http.StatusFound || loc.Path != deeplink.CallbackPath {
			t.Fatalf("authorize: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		return loc
	}
	callback := func(loc *url.URL) url.Values {
		res, err := phone.Get(env.HTTP.URL + loc.RequestURI())
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		to, err := url.Parse(res.Header.Get("Location"))
		if err != nil || res.StatusCode != http.StatusFound || to.Path != "/h5/sso" {
			t.Fatalf("callback: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		return to.Query()
	}

	loc := authorize()
	got := callback(loc)
	if got.Get("next") != "/items/42" || got.Get("ticket") == "" {
		t.Fatalf("callback redirect query = %v", got)
	}
	var ex struct {
		ExchangeSsoTicket struct {
			AccessToken string
			Account     struct{ Login string }
		}
	}
	q := `mutation($t: String!) { exchangeSsoTicket(ticket: $t) { accessToken account { login } } }`
	env.GraphQL(t, "", q, map[string]any{"t": got.Get("ticket")}).MustData(t, &ex)
	if ex.ExchangeSsoTicket.Account.Login != tn.Approver.Login {
		t.Fatalf("signed in as %q, want %q", ex.ExchangeSsoTicket.Account.Login, tn.Approver.Login)
	}
	t.Run("TicketSingleUse", func(t *testing.T) {
		if res := env.GraphQL(t, "", q, map[string]any{"t": got.Get("ticket")}); res.Code() != "unauthenticated" {
			t.Errorf("second exchange: code %q", res.Code())
		}
	})
	t.Run("UsedCodeMeansSignInAgain", func(t *testing.T) {
		if again := callback(loc); again.Get("error") != "code_used" || again.Get("ticket") != "" {
			t.Errorf("replayed code: %v", again)
		}
	})
	t.Run("TamperedNext", func(t *testing.T) {
		bad := authorize()
		qv := bad.Query()
		qv.Set("next", "//evil.example/")
		bad.RawQuery = qv.Encode()
		res, err := phone.Get(env.HTTP.URL + bad.RequestURI())
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		// A person reads it in WeCom's browser: a page in Chinese saying what to do.
		if res.StatusCode != http.StatusBadRequest || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") ||
			!strings.Contains(string(body), "<h1>链接无效</h1>") || !strings.Contains(string(body), "重新打开") {
			t.Errorf("tampered next: status %d, %s %q; want 400 and a page saying to open it again", res.StatusCode,
				res.Header.Get("Content-Type"), body)
		}
	})
	t.Run("LinkKeys", func(t *testing.T) {
		// Cards signed with the link key, or a previous one (sent before a rotation), pass the callback's check;
		// the access tokens' key is not a link key.
		for _, c := range []struct {
			name, key string
			want      int
		}{
			{"Current", apptest.LinkSecret, http.StatusFound},
			{"Previous", apptest.LinkSecretPrevious, http.StatusFound},
			{"ErrJWTSecret", apptest.JWTSecret, http.StatusBadRequest},
		} {
			t.Run(c.name, func(t *testing.T) {
				state := deeplink.New("http://qiao.test", env.SimURL, []byte(c.key)).State(tn.Slug, "/items/42")
				q := url.Values{"tenant": {tn.Slug}, "next": {"/items/42"}, "code": {"no-such-code"}, "state": {state}}
				res, err := phone.Get(env.HTTP.URL + deeplink.CallbackPath + "?" + q.Encode())
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != c.want {
					t.Errorf("status %d, want %d", res.StatusCode, c.want)
				}
			})
		}
	})
	t.Run("GateRefusalSaysWhy", func(t *testing.T) {
		// The approver loses every system role: the gate refuses them, and the page must learn why from a reason
		// word, never from text in the query (a forged link could put any words on the page).
		if err := env.Directory.AssignSystemRoles(tn.Ctx(), tn.Approver.AccountID, nil); err != nil {
			t.Fatal(err)
		}
		got := callback(authorize())
		want := url.Values{"next": {"/items/42"}, "error": {"forbidden"}, "reason": {"no_system_role"}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("refused sign-in redirect query (-want +got):\n%s", diff)
		}
	})
	t.Run("NotAnEmployee", func(t *testing.T) {
		if err := env.Sim.AddUser(tn.CorpID, "stranger", "陌生人"); err != nil {
			t.Fatal(err)
		}
		res, err := phone.Get(env.SimURL + "/_sim/inbox/" + tn.CorpID + "/stranger")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		got := callback(authorize())
		want := url.Values{"next": {"/items/42"}, "error": {"unauthenticated"}, "reason": {"no_employee"}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("stranger's redirect query (-want +got):\n%s", diff)
		}
	})
}
