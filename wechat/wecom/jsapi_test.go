package wecom_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wecom"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// simTicket asks the simulator directly, as a second opinion.
func (e *env) simTicket(t *testing.T, path string) string {
	t.Helper()
	tok, err := e.client.AccessToken(context.Background(), app)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(e.srv.URL + path + "access_token=" + url.QueryEscape(tok))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Ticket string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Ticket == "" {
		t.Fatalf("ticket: %+v, %v", out, err)
	}
	return out.Ticket
}

func TestTicketsCached(t *testing.T) {
	tests := []struct {
		name  string
		get   func(*wecom.Client) (string, error)
		path  string // simulator path counted
		query string // for the direct call
	}{
		{"JSAPI", func(c *wecom.Client) (string, error) { return c.JSAPITicket(context.Background(), app) },
			"/cgi-bin/get_jsapi_ticket", "/cgi-bin/get_jsapi_ticket?"},
		{"AgentConfig", func(c *wecom.Client) (string, error) { return c.AgentConfigTicket(context.Background(), app) },
			"/cgi-bin/ticket/get", "/cgi-bin/ticket/get?type=agent_config&"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t, nil)
			second := e.newClient(t, time.Second) // another process
			var first string
			for i, c := range []*wecom.Client{e.client, e.client, second} {
				v, err := tt.get(c)
				if err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					first = v
				} else if v != first {
					t.Errorf("call %d got another ticket", i)
				}
			}
			if n := e.sim.CallCount(tt.path); n != 1 {
				t.Errorf("%s calls = %d, want 1 (cached)", tt.path, n)
			}
			if direct := e.simTicket(t, tt.query); direct != first {
				t.Error("cached ticket is not the simulator's current one")
			}
			// A refused ticket is dropped and fetched again.
			if err := e.client.InvalidateTicket(context.Background(), app, first); err != nil {
				t.Fatal(err)
			}
			if _, err := tt.get(second); err != nil {
				t.Fatal(err)
			}
			if n := e.sim.CallCount(tt.path); n != 3 {
				t.Errorf("%s calls after invalidation = %d, want 3", tt.path, n)
			}
		})
	}
}

func TestJSSignatures(t *testing.T) {
	e := mustEnv(t, nil)
	ctx := context.Background()
	page := "https://qiao.example/h5/item/1?tab=2"
	cfg, err := e.client.JSConfig(ctx, app, page+"#top")
	if err != nil {
		t.Fatal(err)
	}
	ticket, _ := e.client.JSAPITicket(ctx, app)
	if cfg.AppID != corpID || cfg.NonceStr == "" || cfg.Timestamp < time.Now().Add(-time.Minute).Unix() ||
		cfg.Signature != wxcrypt.JSSDKSignature(ticket, cfg.NonceStr, cfg.Timestamp, page) {
		t.Errorf("JSConfig = %+v", cfg)
	}
	ac, err := e.client.AgentConfig(ctx, app, page)
	if err != nil {
		t.Fatal(err)
	}
	agentTicket, _ := e.client.AgentConfigTicket(ctx, app)
	if agentTicket == ticket {
		t.Error("agent_config ticket equals the corp's jsapi_ticket")
	}
	if ac.CorpID != corpID || ac.AgentID != agentID || ac.Signature != wxcrypt.JSSDKSignature(agentTicket, ac.NonceStr, ac.Timestamp, page) {
		t.Errorf("AgentConfig = %+v", ac)
	}
	b, _ := json.Marshal(ac)
	var keys map[string]any
	_ = json.Unmarshal(b, &keys)
	for _, k := range []string{"corpid", "agentid", "timestamp", "nonceStr", "signature"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("AgentConfig JSON lacks %s: %s", k, b)
		}
	}
	for _, bad := range []string{"/h5/item", "ftp://x.example/", "://"} {
		if _, err := e.client.JSConfig(ctx, app, bad); err == nil {
			t.Errorf("JSConfig(%q) signed", bad)
		}
	}
}

func TestTicketRateLimited(t *testing.T) {
	e := mustEnv(t, nil)
	if err := e.sim.InjectFault(sim.Fault{Path: "/cgi-bin/get_jsapi_ticket", ErrCode: 45009}); err != nil {
		t.Fatal(err)
	}
	_, err := e.client.JSConfig(context.Background(), app, "https://qiao.example/")
	if !errors.Is(err, wecom.ErrRateLimited) {
		t.Fatalf("err = %v, want rate limited", err)
	}
	if wait, ok := wecom.RetryAfterOf(err); !ok || wait <= 0 {
		t.Errorf("retry after = %v, %v", wait, ok)
	}
}
