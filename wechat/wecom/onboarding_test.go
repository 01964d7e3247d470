package wecom_test

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/wecom"
)

// TestJoinQRCode: the contact-sync secret gets a URL whose image is a PNG
// of the size asked for; an app's secret gets 48002.
func TestJoinQRCode(t *testing.T) {
	e := mustContactEnv(t)
	ctx := context.Background()
	tests := []struct {
		name string
		app  wecom.App
		size wecom.JoinQRSize
		px   int // 0: an error
		code int
	}{
		{"Default", contacts, wecom.JoinQRDefault, 399, 0},
		{"Size171", contacts, wecom.JoinQR171, 171, 0},
		{"Size741", contacts, wecom.JoinQR741, 741, 0},
		{"Size2052", contacts, wecom.JoinQR2052, 2052, 0},
		{"ErrAppSecret", app, wecom.JoinQR171, 0, wecom.CodeNotAllowed},
		{"ErrSize", contacts, 5, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := e.client.JoinQRCode(ctx, tt.app, tt.size)
			if tt.px == 0 {
				if err == nil || wecom.CodeOf(err) != tt.code {
					t.Fatalf("JoinQRCode = %q, %v; want errcode %d", u, err, tt.code)
				}
				return
			}
			if err != nil || !strings.HasPrefix(u, e.srv.URL+"/wework_admin/genqrcode?action=join&vcode=") {
				t.Fatalf("JoinQRCode = %q, %v", u, err)
			}
			resp, err := http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			img, err := png.Decode(bytes.NewReader(b))
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || err != nil {
				t.Fatalf("GET join_qrcode: HTTP %d %s, %v", resp.StatusCode, resp.Header.Get("Content-Type"), err)
			}
			if r := img.Bounds(); r.Dx() != tt.px || r.Dy() != tt.px {
				t.Errorf("image %v, want %dx%d", r, tt.px, tt.px)
			}
		})
	}
}

func TestQRLoginURL(t *testing.T) {
	tests := []struct {
		name, base, corp, redirect, state string
		agent                             int64
		want                              string
	}{
		{"DefaultBase", "", "ww1234", "https://qiao.example/auth/wecom?next=/h5&x=a b", "abc", 1000002,
			"https://login.work.weixin.qq.com/wwlogin/sso/login?login_type=CorpApp&appid=ww1234&agentid=1000002&redirect_uri=https%3A%2F%2Fqiao.example%2Fauth%2Fwecom%3Fnext%3D%2Fh5%26x%3Da+b&state=abc"},
		{"SimulatorBase", "http://127.0.0.1:9090/", "wwsim", "http://localhost:8080/cb", "S9", 7,
			"http://127.0.0.1:9090/wwlogin/sso/login?login_type=CorpApp&appid=wwsim&agentid=7&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fcb&state=S9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, wecom.QRLoginURL(tt.base, tt.corp, tt.agent, tt.redirect, tt.state)); diff != "" {
				t.Errorf("QRLoginURL (-want +got):\n%s", diff)
			}
		})
	}
}

var scanLink = regexp.MustCompile(`data-testid="sim-qr-user" href="([^"]+)"`)

// TestQRLoginAgainstSimulator: a URL from QRLoginURL opens the simulator's
// sign-in page; the scan's code gives the member through GetUserInfo,
// once.
func TestQRLoginAgainstSimulator(t *testing.T) {
	e := mustEnv(t, nil)
	ctx := context.Background()
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	defer browser.CloseIdleConnections()
	resp, err := browser.Get(wecom.QRLoginURL(e.srv.URL, corpID, agentID, "https://qiao.example/auth/wecom", "st1"))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := scanLink.FindSubmatch(page)
	if resp.StatusCode != 200 || m == nil {
		t.Fatalf("sign-in page: HTTP %d: %s", resp.StatusCode, page)
	}
	href := strings.ReplaceAll(string(m[1]), "&amp;", "&")
	resp, err = browser.Get(e.srv.URL + href)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("state") != "st1" {
		t.Fatalf("scan redirected to %q", resp.Header.Get("Location"))
	}
	info, err := e.client.GetUserInfo(ctx, app, loc.Query().Get("code"))
	if err != nil || info.UserID != "alice" {
		t.Errorf("GetUserInfo = %+v, %v; want alice (the first member listed)", info, err)
	}
	if _, err := e.client.GetUserInfo(ctx, app, loc.Query().Get("code")); wecom.CodeOf(err) != wecom.CodeInvalidCode {
		t.Errorf("GetUserInfo again: %v, want 40029", err)
	}
}

// TestTrustedIPRefusal: outside the app's trusted IPs the token still
// comes, and the call fails with CodeIPNotAllowed, once (no retry); the
// contact-sync secret's list is its own.
func TestTrustedIPRefusal(t *testing.T) {
	e := mustContactEnv(t)
	ctx := context.Background()
	if err := e.sim.SetTrustedIPs(corpID, agentID, []string{"203.0.113.0/24"}); err != nil {
		t.Fatal(err)
	}
	before := e.sim.CallCount("/cgi-bin/agent/get")
	_, err := e.client.GetAgent(ctx, app)
	if wecom.CodeOf(err) != wecom.CodeIPNotAllowed || !strings.Contains(err.Error(), "from ip: 127.0.0.1") {
		t.Errorf("GetAgent from 127.0.0.1: %v, want 60020", err)
	}
	if n := e.sim.CallCount("/cgi-bin/agent/get") - before; n != 1 {
		t.Errorf("agent/get called %d times, want 1 (60020 is not retried)", n)
	}
	if _, err := e.client.JoinQRCode(ctx, contacts, wecom.JoinQR171); err != nil {
		t.Errorf("JoinQRCode with the contact-sync secret: %v", err)
	}
	if err := e.sim.SetTrustedIPs(corpID, 0, []string{"10.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.JoinQRCode(ctx, contacts, wecom.JoinQR171); wecom.CodeOf(err) != wecom.CodeIPNotAllowed {
		t.Errorf("JoinQRCode outside the contact-sync secret's IPs: %v, want 60020", err)
	}
	if err := e.sim.SetTrustedIPs(corpID, agentID, []string{"127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.GetAgent(ctx, app); err != nil {
		t.Errorf("GetAgent from a trusted IP: %v", err)
	}
}
