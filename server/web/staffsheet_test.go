package web_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/server/web"
	"github.com/qiao-hq/qiao/staffsheet"
)

// TestStaffSheets: an admin downloads the import template and the export of their own company's staff; a member,
// a request without a token and another company's admin get nothing of it.
func TestStaffSheets(t *testing.T) {
	env := apptest.New(t, dsn)
	a, b := env.Tenant(t, "sheeta"), env.Tenant(t, "sheetb")
	get := func(path, token string) (int, string, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, env.HTTP.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Content-Disposition"), body
	}
	column := func(data []byte, key string) []string {
		t.Helper()
		var out []string
		err := staffsheet.Read(bytes.NewReader(data), "x.xlsx", func(r staffsheet.Row) error {
			out = append(out, r.Get(key))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	logins := func(data []byte) []string { return column(data, staffsheet.ColLogin) }
	adminA := env.Token(t, a, a.Admin)

	status, disp, body := get(web.StaffTemplatePath, adminA)
	if status != http.StatusOK || !strings.Contains(disp, "attachment") {
		t.Fatalf("template: %d %q %s", status, disp, body)
	}
	if got := logins(body); len(got) != 1 || got[0] != "wangxm" {
		t.Errorf("template rows = %v, want its example", got)
	}
	status, _, body = get(web.StaffExportPath, adminA)
	if status != http.StatusOK {
		t.Fatalf("export: %d %s", status, body)
	}
	for _, l := range logins(body) {
		if l != a.Admin.Login && l != a.Sender.Login && l != a.Approver.Login {
			t.Errorf("export has %q, not one of A's people", l)
		}
	}
	if len(logins(body)) != 3 {
		t.Errorf("export has %d rows, want A's 3 people", len(logins(body)))
	}
	for _, tc := range []struct {
		name, path, token string
		want              int
	}{
		{"Member", web.StaffExportPath, env.Token(t, a, a.Sender), http.StatusForbidden},
		{"NoToken", web.StaffExportPath, "", http.StatusUnauthorized},
		{"MemberTemplate", web.StaffTemplatePath, env.Token(t, a, a.Sender), http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if status, _, body := get(tc.path, tc.token); status != tc.want {
				t.Errorf("status %d, want %d: %s", status, tc.want, body)
			}
		})
	}
	// B's admin exports B's people only (each tenant's seeded names carry its slug).
	_, _, body = get(web.StaffExportPath, env.Token(t, b, b.Admin))
	names := column(body, staffsheet.ColName)
	for _, n := range names {
		if strings.Contains(n, a.Slug) || !strings.Contains(n, b.Slug) {
			t.Errorf("B's export has %q", n)
		}
	}
	if len(names) != 3 {
		t.Errorf("B's export has %d rows, want 3", len(names))
	}
}
