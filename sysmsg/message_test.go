package sysmsg_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/sysmsg"
)

func TestMessageNormalize(t *testing.T) {
	valid := sysmsg.Message{ID: "order-7:approved", Accounts: []string{"sender"}, Title: "订单 7", Content: "已审核"}
	with := func(f func(*sysmsg.Message)) sysmsg.Message {
		m := valid
		f(&m)
		return m
	}
	tests := []struct {
		name  string
		in    sysmsg.Message
		field string // "" when valid
	}{
		{"OK", valid, ""},
		{"OKWithURL", with(func(m *sysmsg.Message) { m.URL = "https://pb.example/orders/7" }), ""},
		{"OKLineBreaksInContent", with(func(m *sysmsg.Message) { m.Content = "a\r\n\tb" }), ""},
		{"OKLongestTitle", with(func(m *sysmsg.Message) { m.Title = strings.Repeat("c", sysmsg.MaxTitleBytes) }), ""},
		{"NoMessageID", with(func(m *sysmsg.Message) { m.ID = "" }), "messageId"},
		{"LongMessageID", with(func(m *sysmsg.Message) { m.ID = strings.Repeat("m", sysmsg.MaxMessageID+1) }), "messageId"},
		{"SpaceInMessageID", with(func(m *sysmsg.Message) { m.ID = "a b" }), "messageId"},
		{"NoAccounts", with(func(m *sysmsg.Message) { m.Accounts = nil }), "accounts"},
		{"TooManyAccounts", with(func(m *sysmsg.Message) { m.Accounts = make([]string, sysmsg.MaxAccounts+1) }), "accounts"},
		{"BlankTitle", with(func(m *sysmsg.Message) { m.Title = "  " }), "title"},
		{"LongTitle", with(func(m *sysmsg.Message) { m.Title = strings.Repeat("审", 43) }), "title"},
		{"ControlInTitle", with(func(m *sysmsg.Message) { m.Title = "a\nb" }), "title"},
		{"NoContent", with(func(m *sysmsg.Message) { m.Content = "" }), "content"},
		{"LongContent", with(func(m *sysmsg.Message) { m.Content = strings.Repeat("c", sysmsg.MaxContentBytes+1) }), "content"},
		{"ControlInContent", with(func(m *sysmsg.Message) { m.Content = "a\x00b" }), "content"},
		{"ScriptURL", with(func(m *sysmsg.Message) { m.URL = "javascript:alert(1)" }), "url"},
		{"FTPURL", with(func(m *sysmsg.Message) { m.URL = "ftp://pb.example/x" }), "url"},
		{"RelativeURL", with(func(m *sysmsg.Message) { m.URL = "/orders/7" }), "url"},
		{"SpaceInURL", with(func(m *sysmsg.Message) { m.URL = "https://pb.example/a b" }), "url"},
		{"LongURL", with(func(m *sysmsg.Message) { m.URL = "https://pb.example/" + strings.Repeat("a", sysmsg.MaxURLBytes) }), "url"},
		// The text rule (text.Line, text.Block) and the URL's user information.
		{"OKEmojiInTitle", with(func(m *sysmsg.Message) { m.Title = "订单 👨\u200d💻 ❤\ufe0f" }), ""},
		{"OKReplacementCharacterInContent", with(func(m *sysmsg.Message) { m.Content = "旧系统导出：\ufffd" }), ""},
		{"NULInTitle", with(func(m *sysmsg.Message) { m.Title = "a\x00b" }), "title"},
		{"ESCInTitle", with(func(m *sysmsg.Message) { m.Title = "\x1b[2J订单" }), "title"},
		{"RightToLeftOverrideInTitle", with(func(m *sysmsg.Message) { m.Title = "invoice\u202efdp.exe" }), "title"},
		{"ZeroWidthSpaceInTitle", with(func(m *sysmsg.Message) { m.Title = "订\u200b单" }), "title"},
		{"ReplacementCharacterInTitle", with(func(m *sysmsg.Message) { m.Title = "订单\ufffd" }), "title"},
		{"InvalidUTF8InTitle", with(func(m *sysmsg.Message) { m.Title = "订单\xff" }), "title"},
		{"RightToLeftIsolateInContent", with(func(m *sysmsg.Message) { m.Content = "a\u2067b" }), "content"},
		{"InvalidUTF8InContent", with(func(m *sysmsg.Message) { m.Content = "a\xc0\xafb" }), "content"},
		{"DELInContent", with(func(m *sysmsg.Message) { m.Content = "a\x7fb" }), "content"},
		{"UserInfoURL", with(func(m *sysmsg.Message) { m.URL = "http://user:pass@pb.example/" }), "url"},
		{"UserOnlyURL", with(func(m *sysmsg.Message) { m.URL = "https://pb.example.com@evil.example/" }), "url"},
		{"EmptyUserInfoURL", with(func(m *sysmsg.Message) { m.URL = "https://@pb.example/" }), "url"},
		{"BidiInURL", with(func(m *sysmsg.Message) { m.URL = "https://pb.example/\u202egpj.exe" }), "url"},
		{"OKAtInQueryAndFragment", with(func(m *sysmsg.Message) { m.URL = "https://pb.example/a?to=x@y.cn#@z" }), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.in.Normalize()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Normalize: %v", err)
				}
				return
			}
			e, ok := errors.AsType[*apperr.Error](err)
			if !ok || e.Code != apperr.Invalid || e.Field != tt.field || e.Msg == "" {
				t.Errorf("Normalize: %v, want invalid on %q", err, tt.field)
			}
		})
	}

	t.Run("Trims", func(t *testing.T) {
		in := sysmsg.Message{ID: " x", Accounts: []string{" sender "}, Title: " t\t", Content: "\nc ", URL: " https://pb.example/ "}
		got, err := in.Normalize()
		if err == nil {
			t.Fatal("a messageId with a space passed: it is an exact key, never trimmed")
		}
		in.ID = "x"
		if got, err = in.Normalize(); err != nil {
			t.Fatal(err)
		}
		want := sysmsg.Message{ID: "x", Accounts: []string{" sender "}, Title: "t", Content: "c", URL: "https://pb.example/"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Normalize (-want +got):\n%s", diff)
		}
	})
}
