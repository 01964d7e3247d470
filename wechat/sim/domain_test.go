package sim_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestTrustedDomain: the console saves a trusted domain only when the
// domain serves WW_verify_<code>.txt with the code; the saved domain is
// the app's redirect_domain and applies to sign-in redirects.
func TestTrustedDomain(t *testing.T) {
	p := "/_sim/corps/" + corpID + "/apps/1000002/"
	cases := []struct {
		name   string
		serve  func(w http.ResponseWriter, file, code string) // answers GET /<file>
		body   string                                         // PUT body; ORIGIN is the test server
		status int
		reason string
	}{
		{"OK", func(w http.ResponseWriter, _, code string) { _, _ = w.Write([]byte(code)) },
			`{"domain":"qiao.example","fetch_origin":"ORIGIN"}`, 204, ""},
		{"OKNewline", func(w http.ResponseWriter, _, code string) { _, _ = w.Write([]byte(code + "\n")) },
			`{"domain":"QIAO.example","fetch_origin":"ORIGIN/"}`, 204, ""},
		{"ErrMissing", func(w http.ResponseWriter, _, _ string) { http.NotFound(w, nil) },
			`{"domain":"qiao.example","fetch_origin":"ORIGIN"}`, 400, "HTTP 404"},
		{"ErrWrongCode", func(w http.ResponseWriter, _, _ string) { _, _ = w.Write([]byte("someone else's")) },
			`{"domain":"qiao.example","fetch_origin":"ORIGIN"}`, 400, "does not hold the verification code"},
		{"ErrDomainIP", nil, `{"domain":"127.0.0.1","fetch_origin":"ORIGIN"}`, 400, "domain name"},
		{"ErrDomainPort", nil, `{"domain":"qiao.example:8080"}`, 400, "domain name"},
		{"ErrFetchOrigin", nil, `{"domain":"qiao.example","fetch_origin":"ftp://x"}`, 400, "fetch_origin"},
		{"ErrApp", nil, `{"domain":"qiao.example"}`, 404, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := mustEnv(t)
			fastRetries(t, e.sim, time.Second)
			resp, body := e.do(t, "GET", p+"domain-verify-file", "")
			var file struct{ Filename, Content string }
			if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &file) != nil ||
				file.Filename != "WW_verify_"+file.Content+".txt" || len(file.Content) != 16 {
				t.Fatalf("domain-verify-file: HTTP %d %s", resp.StatusCode, body)
			}
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				if r.URL.Path != "/"+file.Filename || c.serve == nil {
					http.NotFound(w, r)
					return
				}
				c.serve(w, file.Filename, file.Content)
			}))
			defer srv.Close()
			path := p + "trusted-domain"
			if c.name == "ErrApp" {
				path = "/_sim/corps/" + corpID + "/apps/42/trusted-domain"
			}
			resp, body = e.do(t, "PUT", path, strings.ReplaceAll(c.body, "ORIGIN", srv.URL))
			if resp.StatusCode != c.status || !strings.Contains(body, c.reason) {
				t.Fatalf("PUT trusted-domain: HTTP %d %s, want %d with %q", resp.StatusCode, body, c.status, c.reason)
			}
			if c.serve != nil && hits.Load() != 1 {
				t.Errorf("%d fetches of the verification file, want 1", hits.Load())
			}
			if c.status == 400 && c.serve != nil && !strings.Contains(body, "域名归属校验未通过: ") {
				t.Errorf("refusal %s does not say 域名归属校验未通过", body)
			}
			tok := e.mustToken(t, secret)
			var agent struct {
				RedirectDomain string `json:"redirect_domain"`
			}
			_, b := e.do(t, "GET", "/cgi-bin/agent/get?agentid=1000002&access_token="+url.QueryEscape(tok), "")
			if err := json.Unmarshal([]byte(b), &agent); err != nil {
				t.Fatal(err)
			}
			want := ""
			if c.status == 204 {
				want = "qiao.example"
			}
			if agent.RedirectDomain != want {
				t.Errorf("redirect_domain %q, want %q", agent.RedirectDomain, want)
			}
			if want == "" {
				return
			}
			if resp, _ := e.do(t, "GET", "/wwlogin/sso/login?"+qrLoginQuery("https://evil.example/cb", "s"), ""); resp.StatusCode != 400 {
				t.Errorf("sign-in to another domain after saving: HTTP %d", resp.StatusCode)
			}
			// An empty domain removes it, with no fetch.
			if resp, b := e.do(t, "PUT", path, `{"domain":""}`); resp.StatusCode != 204 {
				t.Fatalf("clear: HTTP %d %s", resp.StatusCode, b)
			}
			if resp, _ := e.do(t, "GET", "/wwlogin/sso/login?"+qrLoginQuery("https://evil.example/cb", "s"), ""); resp.StatusCode != 200 {
				t.Errorf("sign-in after clearing: HTTP %d", resp.StatusCode)
			}
		})
	}
}

// TestTrustedDomainTimeout: a domain that does not answer in time is
// refused.
func TestTrustedDomainTimeout(t *testing.T) {
	e := mustEnv(t)
	fastRetries(t, e.sim, 100*time.Millisecond)
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	resp, body := e.do(t, "PUT", "/_sim/corps/"+corpID+"/apps/1000002/trusted-domain",
		`{"domain":"qiao.example","fetch_origin":"`+srv.URL+`"}`)
	if resp.StatusCode != 400 || !strings.Contains(body, "no answer in time") {
		t.Errorf("HTTP %d %s", resp.StatusCode, body)
	}
}
