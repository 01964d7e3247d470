package sim_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"
)

// TestTrustedIPs: with trusted IPs set, calls with the app's (or the
// contact-sync secret's) token from elsewhere answer 60020 in WeCom's
// errmsg shape; gettoken is never checked; other apps are not affected.
func TestTrustedIPs(t *testing.T) {
	e := mustContactEnv(t)
	p := "/_sim/corps/" + corpID + "/apps/"
	// call sends a WeCom request from addr straight into the handler.
	call := func(t *testing.T, addr, path string) wx {
		t.Helper()
		req := httptest.NewRequest("GET", path, nil)
		req.RemoteAddr = addr
		rec := httptest.NewRecorder()
		e.sim.ServeHTTP(rec, req)
		var out wx
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("%s: %v in %s", path, err, rec.Body)
		}
		return out
	}
	appAPI := "/cgi-bin/agent/get?agentid=1000002&access_token=" + url.QueryEscape(e.appTok)
	contactAPI := "/cgi-bin/user/get?userid=alice&access_token=" + url.QueryEscape(e.tok)
	otherAPI := "/cgi-bin/agent/get?agentid=1000003&access_token=" + url.QueryEscape(e.mustToken(t, otherSecret))
	gettoken := "/cgi-bin/gettoken?corpid=" + corpID + "&corpsecret=" + secret
	shape := regexp.MustCompile(`^not allow to access from your ip, hint: \[\d+_\w+\], from ip: 203\.0\.113\.7, ` +
		`more info at https://open\.work\.weixin\.qq\.com/devtool/query\?e=60020$`)

	steps := []struct {
		name, set, body string // set: the path below apps/ to PUT body to, "" for none
		addr, api       string
		errcode         int
	}{
		{"NoListAllows", "", "", "203.0.113.7:4000", appAPI, 0},
		{"SetApp", "1000002/trusted-ips", `{"ips":["198.51.100.1","10.0.0.0/8"]}`, "", "", 0},
		{"ErrOutside", "", "", "203.0.113.7:4000", appAPI, 60020},
		{"GetTokenNotChecked", "", "", "203.0.113.7:4000", gettoken, 0},
		{"SingleIP", "", "", "198.51.100.1:4000", appAPI, 0},
		{"InCIDR", "", "", "10.20.30.40:4000", appAPI, 0},
		{"OtherAppAllowed", "", "", "203.0.113.7:4000", otherAPI, 0},
		{"ContactNoList", "", "", "203.0.113.7:4000", contactAPI, 0},
		{"SetContact", "0/trusted-ips", `{"ips":["2001:db8::/32"]}`, "", "", 0},
		{"ErrContactOutside", "", "", "203.0.113.7:4000", contactAPI, 60020},
		{"ContactIPv6", "", "", "[2001:db8::5]:4000", contactAPI, 0},
		{"ClearApp", "1000002/trusted-ips", `{"ips":[]}`, "", "", 0},
		{"ClearedAllows", "", "", "203.0.113.7:4000", appAPI, 0},
	}
	for _, s := range steps {
		if s.set != "" {
			if resp, b := e.do(t, "PUT", p+s.set, s.body); resp.StatusCode != http.StatusNoContent {
				t.Fatalf("%s: HTTP %d: %s", s.name, resp.StatusCode, b)
			}
			continue
		}
		out := call(t, s.addr, s.api)
		if out.ErrCode != s.errcode {
			t.Errorf("%s: errcode %d (%s), want %d", s.name, out.ErrCode, out.ErrMsg, s.errcode)
		}
		if s.errcode == 60020 && !shape.MatchString(out.ErrMsg) {
			t.Errorf("%s: errmsg %q is not WeCom's 60020 shape", s.name, out.ErrMsg)
		}
	}

	// Over the wire the caller is 127.0.0.1.
	if resp, b := e.do(t, "PUT", p+"1000002/trusted-ips", `{"ips":["127.0.0.1"]}`); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("HTTP %d: %s", resp.StatusCode, b)
	}
	if out := e.api(t, "GET", appAPI, ""); out.ErrCode != 0 {
		t.Errorf("from 127.0.0.1 listed: %+v", out)
	}
}

func TestTrustedIPsControlErrors(t *testing.T) {
	e := mustEnv(t)
	p := "/_sim/corps/" + corpID + "/apps/"
	cases := []struct {
		name, path, body string
		status           int
	}{
		{"ErrNotIP", p + "1000002/trusted-ips", `{"ips":["example.com"]}`, 400},
		{"ErrCIDR", p + "1000002/trusted-ips", `{"ips":["10.0.0.0/33"]}`, 400},
		{"ErrApp", p + "42/trusted-ips", `{"ips":["10.0.0.1"]}`, 404},
		{"ErrCorp", "/_sim/corps/wwnone/apps/0/trusted-ips", `{"ips":[]}`, 404},
		{"OK", p + "1000002/trusted-ips", `{"ips":[" 10.0.0.1 ","192.168.0.0/16"]}`, 204},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if resp, b := e.do(t, "PUT", c.path, c.body); resp.StatusCode != c.status {
				t.Errorf("HTTP %d, want %d: %s", resp.StatusCode, c.status, b)
			}
		})
	}
}
