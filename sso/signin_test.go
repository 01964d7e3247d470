package sso_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/sso"
)

// signInTS is the H5's table of refusal reasons, which the sign-in page shows for ?reason=.
const signInTS = "../h5/src/utils/signin.ts"

var (
	refusalTable = regexp.MustCompile(`(?s)export const REFUSAL_REASONS[^=]*= \{\n(.*?)\n\}`)
	refusalEntry = regexp.MustCompile(`^\s*([a-z_]+): '([^']*)',?$`)
)

// TestSignInSentences: the sign-in page knows every reason the server sends and no other, and says for each the
// sentence the server gives (the directory's for the WeChat gate), so a person reads the same words whether the
// refusal reaches them as ?reason= or as the ticket exchange's message.
func TestSignInSentences(t *testing.T) {
	src, err := os.ReadFile(signInTS)
	if err != nil {
		t.Fatal(err)
	}
	m := refusalTable.FindSubmatch(src)
	if m == nil {
		t.Fatalf("%s: no REFUSAL_REASONS table", signInTS)
	}
	page := map[string]string{}
	for _, line := range strings.Split(string(m[1]), "\n") {
		e := refusalEntry.FindStringSubmatch(line)
		if e == nil {
			t.Fatalf("%s: REFUSAL_REASONS line %q is not `word: 'sentence',`", signInTS, line)
		}
		page[e[1]] = e[2]
	}
	server := map[string]string{}
	for _, r := range sso.Reasons() {
		if r.Message() == "" {
			t.Errorf("reason %q has no message", r)
		}
		server[string(r)] = r.Message()
	}
	if diff := cmp.Diff(server, page); diff != "" {
		t.Errorf("%s's REFUSAL_REASONS differ from the server's reasons and sentences (-server +page):\n%s", signInTS, diff)
	}
}

// TestReasonsAreTheGates: a refusal of the WeChat gate reaches the page as the directory's word (the one the system
// API reports), and the reasons are distinct.
func TestReasonsAreTheGates(t *testing.T) {
	for _, c := range []struct {
		cause error
		want  string
	}{
		{directory.ErrResigned, directory.GateResigned},
		{directory.ErrFrozen, directory.GateFrozen},
		{directory.ErrSystemDisabled, directory.GateSystemDisabled},
		{directory.ErrNoSystemRole, directory.GateNoSystemRole},
		{directory.ErrWeChatNotAllowed, directory.GateWeChatNotAllowed},
		{sso.ErrNotMember, "not_member"},
		{sso.ErrNoEmployee, "no_employee"},
	} {
		if got := sso.ReasonOf(c.cause); string(got) != c.want {
			t.Errorf("ReasonOf(%v) = %q, want %q", c.cause, got, c.want)
		}
	}
	seen := map[sso.Reason]bool{}
	for _, r := range sso.Reasons() {
		if seen[r] {
			t.Errorf("reason %q twice", r)
		}
		seen[r] = true
	}
}
