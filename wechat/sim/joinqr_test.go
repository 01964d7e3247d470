package sim_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestJoinQRCode: get_join_qrcode needs the contact-sync secret's token
// and a size_type of 1 to 4; its URL serves a PNG, an unknown one 404.
func TestJoinQRCode(t *testing.T) {
	e := mustContactEnv(t)
	cases := []struct {
		name, tok, query string
		errcode          int
	}{
		{"Default", e.tok, "", 0},
		{"Size1", e.tok, "&size_type=1", 0},
		{"ErrAppToken", e.appTok, "&size_type=1", 48002},
		{"ErrSize0", e.tok, "&size_type=0", 40058},
		{"ErrSize5", e.tok, "&size_type=5", 40058},
		{"ErrNoToken", "", "", 41001},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := e.do(t, "GET", "/cgi-bin/corp/get_join_qrcode?access_token="+url.QueryEscape(c.tok)+c.query, "")
			var out struct {
				ErrCode    int    `json:"errcode"`
				JoinQRCode string `json:"join_qrcode"`
			}
			if err := json.Unmarshal([]byte(body), &out); err != nil || resp.StatusCode != 200 {
				t.Fatalf("HTTP %d: %s", resp.StatusCode, body)
			}
			if out.ErrCode != c.errcode {
				t.Fatalf("errcode %d, want %d: %s", out.ErrCode, c.errcode, body)
			}
			if c.errcode != 0 {
				return
			}
			path := strings.TrimPrefix(out.JoinQRCode, e.srv.URL)
			if path == out.JoinQRCode || !strings.HasPrefix(path, "/wework_admin/genqrcode?action=join&vcode=") {
				t.Fatalf("join_qrcode %q is not on the simulator", out.JoinQRCode)
			}
			img, _ := e.do(t, "GET", path, "")
			if img.StatusCode != 200 || img.Header.Get("Content-Type") != "image/png" {
				t.Errorf("image: HTTP %d %s", img.StatusCode, img.Header.Get("Content-Type"))
			}
		})
	}
	if resp, _ := e.do(t, "GET", "/wework_admin/genqrcode?action=join&vcode=nope&qr_size=1", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown vcode: HTTP %d, want 404", resp.StatusCode)
	}
}
