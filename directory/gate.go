package directory

import (
	"errors"
	"fmt"

	"github.com/qiao-hq/qiao/apperr"
)

// The reasons of the WeChat gate's refusals (WeChatAccess), one word each for programs: the system API's refused
// accounts (sysmsg) and the sign-in page's ?reason= (sso) say them, and the H5's sso page has a sentence for each.
// They are part of the partner API (README, "Partner and system API"): never renamed.
const (
	GateResigned         = "resigned"           // ErrResigned
	GateFrozen           = "frozen"             // ErrFrozen
	GateSystemDisabled   = "system_disabled"    // ErrSystemDisabled
	GateNoSystemRole     = "no_system_role"     // ErrNoSystemRole
	GateWeChatNotAllowed = "wechat_not_allowed" // ErrWeChatNotAllowed
)

// gateRefusals is the one table of the gate's refusals: each reason's cause and the message the refused employee
// reads, %[1]s the system's name.
var gateRefusals = []struct {
	reason string
	cause  error
	msg    string
}{
	{GateResigned, ErrResigned, "您已离职，不能再在企业微信中使用%[1]s"},
	{GateFrozen, ErrFrozen, "账号已被冻结，不能在企业微信中使用%[1]s，请联系管理员"},
	{GateSystemDisabled, ErrSystemDisabled, "%[1]s已停用，不能在企业微信中使用"},
	{GateNoSystemRole, ErrNoSystemRole, "您没有%[1]s的权限，不能在企业微信中使用"},
	{GateWeChatNotAllowed, ErrWeChatNotAllowed, "您的角色不允许在企业微信中使用%[1]s，请在电脑上登录"},
}

// GateReason is the reason (Gate*) of a refusal WeChatAccess returned, found by its cause anywhere in err's chain,
// or "" when err is no refusal of the gate (nil included).
func GateReason(err error) string {
	if err == nil {
		return ""
	}
	for _, r := range gateRefusals {
		if errors.Is(err, r.cause) {
			return r.reason
		}
	}
	return ""
}

// GateReasons lists every reason GateReason returns.
func GateReasons() []string {
	out := make([]string, len(gateRefusals))
	for i, r := range gateRefusals {
		out[i] = r.reason
	}
	return out
}

// GateMessage is the message WeChatAccess gives an employee it refuses system (a code, SystemOA …) for reason;
// "" for a reason it never gives.
func GateMessage(reason, system string) string {
	for _, r := range gateRefusals {
		if r.reason == reason {
			return fmt.Sprintf(r.msg, SystemName(system))
		}
	}
	return ""
}

// SystemName is the name a person reads for a system code (协同办公 for SystemOA), or the code itself when it
// names no system.
func SystemName(code string) string {
	if n, ok := systemNames[code]; ok {
		return n
	}
	return code
}

// refuse is the gate's forbidden error for reason and system: its cause for errors.Is, its message for the person.
func refuse(reason, system string) error {
	for _, r := range gateRefusals {
		if r.reason == reason {
			return &apperr.Error{Code: apperr.Forbidden, Msg: GateMessage(reason, system), Err: r.cause}
		}
	}
	panic("directory: no gate reason " + reason)
}
