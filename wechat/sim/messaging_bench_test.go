package sim_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// BenchmarkSend1000 measures message/send with 1000 recipients a call over
// real HTTP, the duplicate check on, with the inboxes growing call after
// call. The simulated clock moves 4 s a call so the per-member limits (30
// a minute, 1000 an hour) never drop anything: every call delivers 1000
// messages.
func BenchmarkSend1000(b *testing.B) {
	e := mustEnv(b)
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = fmt.Sprintf("member%04d", i)
		if err := e.sim.AddUser(corpID, ids[i], ids[i]); err != nil {
			b.Fatal(err)
		}
	}
	hc := &http.Client{Transport: &http.Transport{}}
	b.Cleanup(hc.CloseIdleConnections)
	to := strings.Join(ids, "|")
	target := func() string {
		return e.srv.URL + "/cgi-bin/message/send?access_token=" + url.QueryEscape(e.mustToken(b, secret))
	}
	n, u := 0, target()
	for b.Loop() {
		n++
		e.clock.Advance(4 * time.Second)
		body := fmt.Sprintf(`{"touser":"%s","msgtype":"textcard","agentid":1000002,"enable_duplicate_check":1,`+
			`"textcard":{"title":"Leave request %d","description":"Alice asks for 2 days","url":"https://h5.example/item/%d"}}`, to, n, n)
		for {
			code, invalid := post(b, hc, u, body)
			if code == 42001 { // tokens live 7200 s of the simulated clock
				u = target()
				continue
			}
			if code != 0 || invalid != "" {
				b.Fatalf("call %d: errcode %d, invaliduser %q", n, code, invalid)
			}
			break
		}
	}
	calls := float64(b.N) / b.Elapsed().Seconds()
	b.ReportMetric(calls, "calls/s")
	b.ReportMetric(calls*1000, "recipients/s")
	if got := e.sim.Messages(corpID, ids[999]); len(got) != n || got[n-1].Dropped || got[n-1].Duplicate {
		b.Errorf("last member has %d messages (want %d), last %+v", len(got), n, got[len(got)-1].MsgID)
	}
}

func post(b *testing.B, hc *http.Client, u, body string) (int, string) {
	resp, err := hc.Post(u, "application/json", strings.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		ErrCode     int    `json:"errcode"`
		InvalidUser string `json:"invaliduser"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return out.ErrCode, out.InvalidUser
}
