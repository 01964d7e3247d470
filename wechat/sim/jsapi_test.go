package sim_test

import (
	"testing"
	"time"
)

func TestJSAPITickets(t *testing.T) {
	for _, tt := range []struct {
		name, path string
		otherSame  bool // another app of the corp gets the same ticket
	}{
		{"Corp", "/cgi-bin/get_jsapi_ticket", true},
		{"Agent", "/cgi-bin/ticket/get?type=agent_config", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := mustEnv(t)
			tok, other := e.mustToken(t, secret), e.mustToken(t, otherSecret)
			first, code := e.call(t, tok, "GET", tt.path, "")
			if code != 0 || first["ticket"] == "" || first["expires_in"] != 7200.0 {
				t.Fatalf("first: %v", first)
			}
			e.clock.Advance(1000 * time.Second)
			again, _ := e.call(t, tok, "GET", tt.path, "")
			if again["ticket"] != first["ticket"] || again["expires_in"] != 6200.0 {
				t.Errorf("inside its life: %v, want the same ticket with 6200 s left", again)
			}
			o, _ := e.call(t, other, "GET", tt.path, "")
			if (o["ticket"] == first["ticket"]) != tt.otherSame {
				t.Errorf("other app's ticket same = %v, want %v", o["ticket"] == first["ticket"], tt.otherSame)
			}
			e.clock.Advance(6200 * time.Second)
			tok = e.mustToken(t, secret)
			if next, _ := e.call(t, tok, "GET", tt.path, ""); next["ticket"] == first["ticket"] || next["expires_in"] != 7200.0 {
				t.Errorf("after expiry: %v, want a new ticket", next)
			}
		})
	}
	t.Run("ErrType", func(t *testing.T) {
		e := mustEnv(t)
		if out, code := e.call(t, e.mustToken(t, secret), "GET", "/cgi-bin/ticket/get?type=jsapi", ""); code != 40058 {
			t.Errorf("errcode = %d (%v), want 40058", code, out["errmsg"])
		}
	})
}

func TestJSAPITicketLimits(t *testing.T) {
	e := mustEnv(t)
	tok := e.mustToken(t, secret)
	count := func(tok, path string, n int) (ok int) {
		for range n {
			if _, code := e.call(t, tok, "GET", path, ""); code == 0 {
				ok++
			} else if code != 45009 {
				t.Fatalf("%s: errcode %d", path, code)
			}
		}
		return ok
	}
	// Per app: 100 an hour of each kind, counted separately.
	if got := count(tok, "/cgi-bin/ticket/get?type=agent_config", 101); got != 100 {
		t.Errorf("agent_config tickets in an hour = %d, want 100", got)
	}
	if got := count(tok, "/cgi-bin/get_jsapi_ticket", 101); got != 100 {
		t.Errorf("jsapi tickets for one app in an hour = %d, want 100", got)
	}
	// Per corp: 400 an hour of get_jsapi_ticket across apps.
	for i := range 4 {
		id := int64(2000000 + i)
		sec := "s" + string(rune('a'+i))
		if err := e.sim.AddApp(corpID, id, sec, "extra"); err != nil {
			t.Fatal(err)
		}
		want := 100
		if i == 3 {
			want = 0 // 100 + 3×100 = 400 already
		}
		if got := count(e.mustToken(t, sec), "/cgi-bin/get_jsapi_ticket", 100); got != want {
			t.Errorf("app %d: %d jsapi tickets, want %d", i, got, want)
		}
	}
	// The windows slide: an hour after the first calls, they are allowed again.
	e.clock.Advance(time.Hour)
	tok = e.mustToken(t, secret)
	if got := count(tok, "/cgi-bin/get_jsapi_ticket", 1) + count(tok, "/cgi-bin/ticket/get?type=agent_config", 1); got != 2 {
		t.Errorf("after an hour: %d of 2 allowed", got)
	}
}
