package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/server/app/apptest"
)

// systemState counts what a system message call may write for the tenant: the messageId records, whom they told,
// and the outbox.
func systemState(t *testing.T, env *apptest.Env, tn apptest.Tenant) [3]int64 {
	t.Helper()
	var out [3]int64
	for i, table := range []string{"system_messages", "system_message_recipients", "outbox"} {
		if err := env.DB.WithContext(tn.Ctx()).Raw("SELECT COUNT(*) FROM "+table+" WHERE tenant_id = ?", tn.ID).Scan(&out[i]).Error; err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// chineseOnly reports whether a message is written in Chinese, without Go's English error text in it.
func chineseOnly(m string) bool {
	return strings.ContainsFunc(m, func(r rune) bool { return unicode.Is(unicode.Han, r) }) &&
		!strings.Contains(m, "invalid") && !strings.Contains(m, "json:") && !strings.Contains(m, "unexpected")
}

// TestSystemMessageText: the PB/CRM API holds the title, content and url to the text rule, refuses bytes that are
// not UTF-8 and escapes of half a surrogate pair before encoding/json would replace them, refuses a url with user
// information, and refuses keys given twice (at any depth), keys in another case and unknown keys, naming them;
// a syntax error is told in Chinese with its byte offset. Each answers 400 invalid and writes nothing; the one
// message accepted afterwards reaches the phone exactly as sent, emoji included, and is the only card there.
func TestSystemMessageText(t *testing.T) {
	env := apptest.New(t, dsn)
	env.RunWorker(t)
	a := newSystemTenant(t, env, "systext")
	// msg is a request with the title, content and url as JSON source (escapes, or raw bytes json.Marshal would not
	// write); an empty url is left out.
	msg := func(title, content, url string) []byte {
		b := fmt.Sprintf(`{"messageId":"text-1","accounts":["approver"],"title":"%s","content":"%s"`, title, content)
		if url != "" {
			b += fmt.Sprintf(`,"url":"%s"`, url)
		}
		return []byte(b + "}")
	}
	tests := []struct {
		name  string
		body  []byte
		field string
	}{
		{"NULInTitle", msg(`订单\u0000`, "c", ""), "title"},
		{"ESCInTitle", msg(`\u001b[2J订单`, "c", ""), "title"},
		{"LineFeedInTitle", msg(`订单\n7`, "c", ""), "title"},
		{"DELInTitle", msg(`订单\u007f`, "c", ""), "title"},
		{"C1InTitle", msg(`订单\u009b7`, "c", ""), "title"},
		{"RightToLeftOverrideInTitle", msg("invoice\u202efdp.exe", "c", ""), "title"},
		{"RightToLeftOverrideEscapedInTitle", msg(`invoice\u202Efdp.exe`, "c", ""), "title"},
		{"IsolateInTitle", msg(`订单\u2067 7`, "c", ""), "title"},
		{"RightToLeftMarkInTitle", msg(`100\u200f-\u200f200`, "c", ""), "title"},
		{"ZeroWidthSpaceInTitle", msg(`订\u200b单`, "c", ""), "title"},
		{"BOMInTitle", msg(`\ufeff订单`, "c", ""), "title"},
		{"ReplacementCharacterInTitle", msg(`订单\ufffd`, "c", ""), "title"},
		{"InvalidByteInTitle", msg("订单\xff", "c", ""), "title"},
		{"EncodedSurrogateInTitle", msg("订单\xed\xa0\x80", "c", ""), "title"},
		{"LoneSurrogateInTitle", msg(`订单\ud800`, "c", ""), "title"},
		{"LoneLowSurrogateInTitle", msg(`\udc00订单`, "c", ""), "title"},
		{"NULInContent", msg("t", `a\u0000b`, ""), "content"},
		{"RightToLeftOverrideInContent", msg("t", `金额 \u202e001`, ""), "content"},
		{"LineSeparatorInContent", msg("t", `a\u2028b`, ""), "content"},
		{"InvalidByteInContent", msg("t", "a\xc0\xafb", ""), "content"},
		// In a content U+FFFD is accepted, so only the edge stands between half a pair and a card showing U+FFFD.
		{"LoneSurrogateInContent", msg("t", `a\ud83d b`, ""), "content"},
		{"UserAndPasswordInURL", msg("t", "c", "http://user:pass@pb.example/"), "url"},
		{"HostBeforeAtInURL", msg("t", "c", "https://pb.example.com@evil.example/"), "url"},
		{"OverrideInURL", msg("t", "c", `https://pb.example/\u202egpj.exe`), "url"},
		{"InvalidByteInAccounts", []byte("{\"messageId\":\"text-1\",\"accounts\":[\"appro\xffver\"],\"title\":\"t\",\"content\":\"c\"}"), "accounts[0]"},
		{"DuplicateTitle", []byte(`{"messageId":"text-1","accounts":["approver"],"title":"订单 7","content":"c","title":"订单 8"}`), "title"},
		{"DuplicateSpelledWithAnEscape", []byte(`{"messageId":"text-1","accounts":["approver"],"title":"t","content":"c","\u0074itle":"x"}`), "title"},
		{"DuplicateMessageID", []byte(`{"messageId":"text-1","messageId":"text-2","accounts":["approver"],"title":"t","content":"c"}`), "messageId"},
		{"DuplicateDeep", []byte(`{"messageId":"text-1","accounts":[{"login":"a","login":"b"}],"title":"t","content":"c"}`), "accounts[0].login"},
		{"KeyInOtherCase", []byte(`{"messageId":"text-1","accounts":["approver"],"title":"t","content":"c","Title":"x"}`), "Title"},
		{"OnlyKeyInOtherCase", []byte(`{"messageId":"text-1","accounts":["approver"],"Title":"t","content":"c"}`), "Title"},
		{"UnknownKey", []byte(`{"messageId":"text-1","accounts":["approver"],"title":"t","content":"c","urll":"x"}`), "urll"},
		{"WrongType", []byte(`{"messageId":"text-1","accounts":"approver","title":"t","content":"c"}`), "accounts"},
		{"SyntaxError", []byte(`{"messageId":"text-1","accounts":["approver"] "title":"t"}`), ""},
		{"NotAnObject", []byte(`["text-1"]`), ""},
	}
	before := systemState(t, env, a.Tenant)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := post(t, env.HTTP.URL, "Bearer "+a.Key, tt.body)
			got := decode[apiError](t, body)
			if status != http.StatusBadRequest || got.Error.Code != "invalid" || got.Error.Field != tt.field {
				t.Errorf("%d %s, want 400 invalid on %q", status, body, tt.field)
			}
			if !chineseOnly(got.Error.Message) {
				t.Errorf("message %q: want Chinese only", got.Error.Message)
			}
			if after := systemState(t, env, a.Tenant); after != before {
				t.Errorf("a refused call wrote: %v → %v", before, after)
			}
		})
	}
	t.Run("SyntaxErrorOffset", func(t *testing.T) {
		_, body := post(t, env.HTTP.URL, "Bearer "+a.Key, []byte(`{"messageId":"text-1","accounts":["approver"] "title":"t"}`))
		if m := decode[apiError](t, body).Error.Message; !strings.Contains(m, "第 47 字节") {
			t.Errorf("message %q: want the place of the syntax error, byte 47 (the second key's quote)", m)
		}
	})

	t.Run("AcceptedAsSent", func(t *testing.T) {
		// A ZWJ sequence, a variation selector, a tag sequence flag, an escaped surrogate pair, a line break and a
		// U+FFFD in the content (kept in a block), and @ in the url's query.
		title := "订单 7 👨‍💻 ❤️ 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
		body := msg(title+`\ud83d\ude00`, `已审核\n旧系统备注：\ufffd`, "https://pb.example/orders/7?by=a@b.cn")
		if status, answer := post(t, env.HTTP.URL, "Bearer "+a.Key, body); status != http.StatusAccepted {
			t.Fatalf("%d %s", status, answer)
		}
		c := waitCards(t, env, a.CorpID, a.Approver.WeComUserID, 1)[0]
		want := card{Title: "【PB】" + title + "😀",
			Description: `<div class="normal">已审核` + "\n" + `旧系统备注：` + "\ufffd" + `</div><div class="gray">编号 text-1</div>`,
			URL:         "https://pb.example/orders/7?by=a@b.cn"}
		if diff := cmp.Diff(want, c); diff != "" {
			t.Errorf("card (-want +got):\n%s", diff)
		}
	})
}

// TestGraphQLBodyText: /graphql refuses a JSON body, or an upload's operations, holding bytes that are not UTF-8 or
// an escape of half a surrogate pair, in GraphQL's error shape naming where, before gqlgen would decode them into
// U+FFFD; nothing is written. An upload of valid text still goes through, every byte read for the check put back.
func TestGraphQLBodyText(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "bodytext")
	token := env.Token(t, tn, tn.Sender)
	const send = `mutation($in: SendCollabItemInput!) { sendCollabItem(input: $in) { id title } }`
	// operations is a send with body as JSON source.
	operations := func(body string, attachments bool) string {
		ops := fmt.Sprintf(`{"query":%q,"variables":{"in":{"title":"附件","body":"%s","recipientIds":["%d"]`, send, body, tn.Approver.EmployeeID)
		if attachments {
			ops += `,"attachments":[null]`
		}
		return ops + "}}}"
	}
	items := func() int64 {
		var n int64
		if err := env.DB.WithContext(tn.Ctx()).Raw("SELECT COUNT(*) FROM collab_items WHERE tenant_id = ?", tn.ID).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	do := func(t *testing.T, body io.Reader, contentType string) (int, []byte) {
		t.Helper()
		return env.PostGraphQL(t, token, contentType, body)
	}
	upload := func(ops string) (io.Reader, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("operations", ops)
		_ = mw.WriteField("map", `{"0": ["variables.in.attachments.0"]}`)
		fw, _ := mw.CreateFormFile("0", "说明.txt")
		// Bytes that are not UTF-8 in the file are the file's business, not the text rule's.
		_, _ = fw.Write([]byte(strings.Repeat("附件正文 ", 2000)))
		_ = mw.Close()
		return &buf, mw.FormDataContentType()
	}
	for _, tt := range []struct {
		name, body, field string
		upload            bool
	}{
		{"InvalidByte", "a\xffb", "variables.in.body", false},
		{"LoneSurrogate", `a\ud800b`, "variables.in.body", false},
		{"UploadInvalidByte", "a\xe4\xb8b", "variables.in.body", true},
		{"UploadLoneSurrogate", `a\udc00b`, "variables.in.body", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := items()
			var status int
			var raw []byte
			if tt.upload {
				body, contentType := upload(operations(tt.body, true))
				status, raw = do(t, body, contentType)
			} else {
				status, raw = do(t, strings.NewReader(operations(tt.body, false)), "application/json")
			}
			var res apptest.Response
			if err := json.Unmarshal(raw, &res); err != nil {
				t.Fatalf("%d %q: %v", status, raw, err)
			}
			if status != http.StatusBadRequest || res.Code() != "invalid" || res.Errors[0].Extensions["field"] != tt.field ||
				!chineseOnly(res.Errors[0].Message) {
				t.Errorf("%d %s, want 400 invalid on %q in Chinese", status, raw, tt.field)
			}
			if after := items(); after != before {
				t.Errorf("%d items → %d: a refused request wrote", before, after)
			}
		})
	}
	t.Run("InvalidByteInQuery", func(t *testing.T) {
		status, raw := do(t, strings.NewReader("{\"query\":\"{ me { id } } # \xff\"}"), "application/json")
		if status != http.StatusBadRequest || !bytes.Contains(raw, []byte(`"field":"query"`)) {
			t.Errorf("%d %s, want 400 naming the query", status, raw)
		}
	})
	t.Run("UploadOK", func(t *testing.T) {
		body, contentType := upload(operations(`正文 \ud83d\ude00`, true))
		status, raw := do(t, body, contentType)
		var res struct {
			Data   struct{ SendCollabItem struct{ Title string } }
			Errors []any
		}
		if err := json.Unmarshal(raw, &res); err != nil || status != http.StatusOK || len(res.Errors) > 0 || res.Data.SendCollabItem.Title != "附件" {
			t.Errorf("%d %s (%v): want the item sent", status, raw, err)
		}
	})
}
