package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/server/web"
)

// The sign-in throttle counts per client, so the client must be the one a proxy saw, and a client must not pick
// its own name by writing X-Forwarded-For.
func TestClientOf(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	for _, c := range []struct {
		name    string
		remote  string
		xff     []string
		trusted []netip.Prefix
		want    string
	}{
		{"DirectPeer", "198.51.100.7:5555", nil, proxies, "198.51.100.7"},
		{"ForgedHeaderFromUntrustedPeer", "198.51.100.7:5555", []string{"1.2.3.4"}, proxies, "198.51.100.7"},
		{"NoProxiesTrusted", "10.0.0.2:80", []string{"1.2.3.4"}, nil, "10.0.0.2"},
		{"OneTrustedProxy", "10.0.0.2:80", []string{"203.0.113.9"}, proxies, "203.0.113.9"},
		{"ForgedLeftOfTheRealClient", "10.0.0.2:80", []string{"1.2.3.4, 203.0.113.9"}, proxies, "203.0.113.9"},
		{"TwoTrustedProxies", "10.0.0.2:80", []string{"203.0.113.9, 10.1.1.1"}, proxies, "203.0.113.9"},
		{"HeaderRepeated", "10.0.0.2:80", []string{"1.2.3.4", "203.0.113.9"}, proxies, "203.0.113.9"},
		{"MalformedHopStops", "10.0.0.2:80", []string{"203.0.113.9, junk, 10.1.1.1"}, proxies, "10.1.1.1"},
		{"AllHopsTrusted", "10.0.0.2:80", []string{"10.3.3.3"}, proxies, "10.3.3.3"},
		{"IPv6ByItsNetwork", "[fd00::1]:80", []string{"2001:db8:1:2:3:4:5:6"}, proxies, "2001:db8:1:2::/64"},
		{"IPv6Peer", "[2001:db8:1:2::9]:443", nil, proxies, "2001:db8:1:2::/64"},
		{"UnixSocket", "@", nil, proxies, "@"},
		{"IPv4MappedPeer", "[::ffff:198.51.100.7]:5555", nil, proxies, "198.51.100.7"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
			r.RemoteAddr = c.remote
			for _, v := range c.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := web.ClientOf(r, c.trusted); got != c.want {
				t.Errorf("client = %q, want %q", got, c.want)
			}
		})
	}
}

// /graphql hands the client on to the services (the sign-in throttle reads it from the context).
func TestGraphQLKnowsTheClient(t *testing.T) {
	seen := ""
	gql := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = auth.ClientFrom(r.Context()) })
	h := web.NewRouter(web.Deps{GraphQL: gql, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
	r.Header.Set("Content-Type", "application/json")
	r.RemoteAddr = "10.0.0.2:80"
	r.Header.Set("X-Forwarded-For", "203.0.113.9")
	h.ServeHTTP(httptest.NewRecorder(), r)
	if seen != "203.0.113.9" {
		t.Errorf("client in the context = %q, want the proxy's 203.0.113.9", seen)
	}
}
