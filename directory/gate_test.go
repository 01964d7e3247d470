package directory_test

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/directory"
)

// TestGateReasons: each cause of the WeChat gate has one word, found through wrapping, and nothing else has one.
func TestGateReasons(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"Resigned", directory.ErrResigned, directory.GateResigned},
		{"Frozen", directory.ErrFrozen, directory.GateFrozen},
		{"SystemDisabled", directory.ErrSystemDisabled, directory.GateSystemDisabled},
		{"NoSystemRole", directory.ErrNoSystemRole, directory.GateNoSystemRole},
		{"WeChatNotAllowed", directory.ErrWeChatNotAllowed, directory.GateWeChatNotAllowed},
		{"Wrapped", fmt.Errorf("sign in: %w", directory.ErrNoSystemRole), directory.GateNoSystemRole},
		{"Nil", nil, ""},
		{"Other", errors.New("directory: something else"), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := directory.GateReason(c.err); got != c.want {
				t.Errorf("GateReason(%v) = %q, want %q", c.err, got, c.want)
			}
		})
	}
	want := []string{"resigned", "frozen", "system_disabled", "no_system_role", "wechat_not_allowed"}
	if diff := cmp.Diff(want, directory.GateReasons()); diff != "" {
		t.Errorf("GateReasons (-want +got):\n%s", diff)
	}
}

// oldWords are what a person must not read: the product's old name, and OA's code where its name belongs.
var oldWords = regexp.MustCompile(`微信企业号|OA|[A-Za-z]{3,}`)

// TestGateMessages: each refusal says its system by name (协同办公, not "OA 系统") and WeCom by its name (企业微信).
func TestGateMessages(t *testing.T) {
	for _, reason := range directory.GateReasons() {
		for _, system := range directory.SystemCodes {
			msg := directory.GateMessage(reason, system)
			if !strings.Contains(msg, directory.SystemName(system)) || !strings.Contains(msg, "企业微信") {
				t.Errorf("%s, %s: %q should name the system (%s) and 企业微信", reason, system, msg, directory.SystemName(system))
			}
			if system != directory.SystemPB && oldWords.MatchString(msg) {
				t.Errorf("%s, %s: %q", reason, system, msg)
			}
		}
	}
	if got := directory.GateMessage(directory.GateNoSystemRole, directory.SystemOA); got != "您没有协同办公的权限，不能在企业微信中使用" {
		t.Errorf("no role for OA: %q", got)
	}
	if got := directory.GateMessage("no_role", directory.SystemOA); got != "" {
		t.Errorf("an unknown reason's message %q, want none", got)
	}
}
