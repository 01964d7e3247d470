package directory_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
)

func TestCheckPassword(t *testing.T) {
	plain := directory.Policy{MinLength: 8}
	strict := directory.Policy{MinLength: 12, RequireSymbol: true}
	tests := []struct {
		name    string
		policy  directory.Policy
		pw      string
		wantMsg string // a fragment of the message; "" means accepted
	}{
		{"OK", plain, "abcd1234", ""},
		{"OKUnicodeLetters", plain, "密码密码密码12", ""},
		{"OKSymbolNotRequired", plain, "abcd1234!", ""},
		{"OKStrict", strict, "abcd1234efg!", ""},
		{"OKStrictUnicodeSymbol", strict, "abcd1234efg€", ""},
		{"ErrTooShort", plain, "abc1234", "至少需要 8 个字符"},
		{"ErrTooShortStrict", strict, "abcd1234ef!", "至少需要 12 个字符"},
		{"ErrMinBelowFloor", directory.Policy{MinLength: 4}, "abc123", "至少需要 8 个字符"},
		{"ErrTooLong", plain, strings.Repeat("a1", 65), "最多 128 个字符"},
		{"ErrNoDigit", plain, "abcdefgh", "字母和数字"},
		{"ErrNoLetter", plain, "12345678", "字母和数字"},
		{"ErrOnlySymbols", plain, "!!!!!!!!", "字母和数字"},
		{"ErrNoSymbol", strict, "abcd1234efgh", "符号"},
		{"ErrSpaceIsNoSymbol", strict, "abcd 1234 efgh", "符号"},
		{"ErrControl", plain, "abcd1234\x00", "控制字符"},
		{"ErrInvalidUTF8", plain, "abcd1234\xff", "无效字符"},
		{"ErrLineBreak", plain, "abcd1234\n", "一行"},
		{"ErrRightToLeftOverride", plain, "abcd\u202e1234", "显示方向"},
		{"ErrZeroWidthSpace", plain, "abcd\u200b1234", "不可见"},
		{"OKSpacesAroundKept", plain, " abcd 1234 ", ""},
		{"OKEmojiZWJ", plain, "abcd1234👩\u200d💻", ""},
		{"ErrEmpty", plain, "", "至少需要 8 个字符"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := directory.CheckPassword(tt.policy, tt.pw)
			if tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Field != "password" {
				t.Fatalf("err = %#v, want invalid on password", err)
			}
			if !strings.Contains(ae.Msg, tt.wantMsg) {
				t.Errorf("message %q does not mention %q", ae.Msg, tt.wantMsg)
			}
			if !strings.Contains(ae.Msg, "密码") {
				t.Errorf("message %q has no Chinese text", ae.Msg)
			}
		})
	}
}

func TestRoleAtLeast(t *testing.T) {
	tests := []struct {
		role, min directory.Role
		want      bool
	}{
		{directory.RoleAdmin, directory.RoleAdmin, true},
		{directory.RoleAdmin, directory.RoleMember, true},
		{directory.RoleMember, directory.RoleMember, true},
		{directory.RoleMember, directory.RoleAdmin, false},
		{"", directory.RoleMember, false},
		{"root", directory.RoleMember, false},
		{directory.RoleAdmin, "", false},
		{directory.RoleAdmin, "superuser", false},
	}
	for _, tt := range tests {
		if got := tt.role.AtLeast(tt.min); got != tt.want {
			t.Errorf("%q.AtLeast(%q) = %v, want %v", tt.role, tt.min, got, tt.want)
		}
	}
}
