package sim_test

import (
	"strings"
	"testing"
)

// TestInboxTimeInChina: a card's header time is when it arrived as a phone in China reads it. The env's clock says
// 2026-03-01 09:00 UTC, which is 17:00 in China; a header in the process's zone (UTC on servers) would say 09:00
// while the card's body, written in China time, said 17:00.
func TestInboxTimeInChina(t *testing.T) {
	e := mustEnv(t)
	tok := e.mustToken(t, secret)
	e.send(t, tok, textcard("alice", "First"))
	_, page := e.do(t, "GET", "/_sim/inbox/wwcorp/alice", "")
	if !strings.Contains(page, "OA · 03-01 17:00") {
		i := strings.Index(page, `class="meta"`)
		t.Errorf("card header should read 03-01 17:00 (China time); page has %q", page[max(i, 0):min(len(page), max(i, 0)+80)])
	}
}
