package deeplink_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/deeplink"
)

var (
	jwtKey  = []byte("jwt-0123456789abcdef0123456789abcdef")
	oldKey  = []byte("old-0123456789abcdef0123456789abcdef")
	linkKey = []byte("link-0123456789abcdef0123456789abcdef")
)

func newBuilder(key []byte, previous ...[]byte) *deeplink.Builder {
	return deeplink.New("https://qiao.example/", "https://open.weixin.qq.com", key, previous...)
}

func TestVerify(t *testing.T) {
	current := newBuilder(linkKey, oldKey, jwtKey)
	const tenant, next = "acme", "/items/42"
	for _, c := range []struct {
		name         string
		by           *deeplink.Builder // who made the state
		tenant, next string            // what the callback receives
		want         bool
	}{
		{"OK", current, tenant, next, true},
		// Cards sent before a rotation keep opening: both an older link key and the JWT secret that an earlier
		// release signed links with.
		{"PreviousKey", newBuilder(oldKey), tenant, next, true},
		{"FormerJWTSecretListedAsPrevious", newBuilder(jwtKey), tenant, next, true},
		{"ErrUnknownKey", newBuilder([]byte(strings.Repeat("k", 32))), tenant, next, false},
		{"ErrOtherTenant", current, "evil", next, false},
		{"ErrOtherPath", current, tenant, "/items/43", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := c.by.State(tenant, next)
			if got := current.Verify(c.tenant, c.next, st); got != c.want {
				t.Errorf("Verify = %v, want %v", got, c.want)
			}
		})
	}
	t.Run("ErrJWTSecretNotListed", func(t *testing.T) {
		// The access tokens' key is not a link key: a state made with it is refused unless an operator lists it.
		if newBuilder(linkKey, oldKey).Verify(tenant, next, newBuilder(jwtKey).State(tenant, next)) {
			t.Error("a state signed with the JWT secret verified")
		}
	})
	t.Run("ErrUnsafePath", func(t *testing.T) {
		// Even a correctly signed state does not make another host a landing page.
		const evil = "//evil.example/"
		if current.Verify(tenant, evil, current.State(tenant, evil)) {
			t.Error("a link to another host verified")
		}
	})
	t.Run("SignsWithCurrentKey", func(t *testing.T) {
		if got, want := current.State(tenant, next), newBuilder(linkKey).State(tenant, next); got != want {
			t.Errorf("State = %q, want the current key's %q", got, want)
		}
	})
}

func TestWeCom(t *testing.T) {
	b := newBuilder(linkKey)
	link, err := url.Parse(b.WeCom("acme", "wwcorp", 1000002, "/items/42"))
	if err != nil {
		t.Fatal(err)
	}
	q := link.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil {
		t.Fatal(err)
	}
	rq := redirect.Query()
	if redirect.Host != "qiao.example" || redirect.Path != deeplink.CallbackPath || rq.Get("tenant") != "acme" || rq.Get("next") != "/items/42" {
		t.Errorf("redirect_uri = %s", redirect)
	}
	if !b.Verify(rq.Get("tenant"), rq.Get("next"), q.Get("state")) {
		t.Errorf("the link's own state %q does not verify", q.Get("state"))
	}
}

// TestForHost: a tenant's own host name takes the public URL's place in the links, scheme and keys kept; "" keeps
// the public URL.
func TestForHost(t *testing.T) {
	b := newBuilder(linkKey)
	for _, tc := range []struct{ host, want string }{
		{"oa.acme.example", "oa.acme.example"}, {"oa.acme.example:8443", "oa.acme.example:8443"}, {"", "qiao.example"},
	} {
		link, _ := url.Parse(b.ForHost(tc.host).WeCom("acme", "wwcorp", 1000002, "/"))
		redirect, _ := url.Parse(link.Query().Get("redirect_uri"))
		if redirect.Host != tc.want || redirect.Scheme != "https" {
			t.Errorf("ForHost(%q): redirect_uri = %s, want host %s", tc.host, redirect, tc.want)
		}
		if !b.Verify("acme", "/", link.Query().Get("state")) {
			t.Errorf("ForHost(%q): the state does not verify under the builder's keys", tc.host)
		}
	}
}

func TestNewPanics(t *testing.T) {
	for _, c := range []struct {
		name     string
		key      []byte
		previous [][]byte
	}{
		{"ErrShortKey", []byte(strings.Repeat("k", deeplink.MinKeyLen-1)), nil},
		{"ErrEmptyPrevious", linkKey, [][]byte{oldKey, nil}},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("New did not panic")
				}
			}()
			deeplink.New("https://qiao.example", "https://open.weixin.qq.com", c.key, c.previous...)
		})
	}
}
