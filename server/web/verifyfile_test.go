package web_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/server/app/apptest"
)

// TestVerifyFiles: a tenant's WW_verify_ and MP_verify_ files are served at the root, as plain text, on its own
// host; on a host no tenant brought, a file of that name is served whoever saved it; another tenant's host does
// not serve it; names of any other shape go on to the rest of the router.
func TestVerifyFiles(t *testing.T) {
	env := apptest.New(t, dsn)
	a, b := env.Tenant(t, "vfa"), env.Tenant(t, "vfb")
	now := time.Now()
	if _, err := env.Tenants.SetHosts(a.Ctx(), []string{"oa.vfa.example.com"}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Tenants.SetHosts(b.Ctx(), []string{"oa.vfb.example.com"}, now); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		tenant        apptest.Tenant
		name, content string
	}{
		{a, "WW_verify_aaaa1111.txt", "aaaa1111"}, {a, "MP_verify_mpmp.txt", "mpmp"}, {b, "WW_verify_bbbb2222.txt", "bbbb2222"},
	} {
		if err := env.Tenants.SaveVerifyFile(f.tenant.Ctx(), f.name, f.content, now); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name, host, path string
		status           int
		body             string
	}{
		{"OwnHost", "oa.vfa.example.com", "/WW_verify_aaaa1111.txt", 200, "aaaa1111"},
		{"OwnHostWithPort", "oa.vfa.example.com:8443", "/MP_verify_mpmp.txt", 200, "mpmp"},
		{"OtherTenantsHost", "oa.vfb.example.com", "/WW_verify_aaaa1111.txt", 404, ""},
		{"ServiceHost", "qiao.test", "/WW_verify_bbbb2222.txt", 200, "bbbb2222"},
		{"Unknown", "qiao.test", "/WW_verify_nope.txt", 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, env.HTTP.URL+tc.path, nil)
			req.Host = tc.host
			res, err := env.HTTP.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tc.status || (tc.status == 200 && (string(body) != tc.body || res.Header.Get("Content-Type") != "text/plain; charset=utf-8")) {
				t.Errorf("GET %s on %s = %d %q (%s), want %d %q", tc.path, tc.host, res.StatusCode, body, res.Header.Get("Content-Type"), tc.status, tc.body)
			}
		})
	}
	// Every other root path still reaches the router: / redirects to the H5.
	res, err := env.HTTP.Client().Get(env.HTTP.URL + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Errorf("/healthz = %v, %v", res, err)
	}
}
