package wxcrypt_test

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// typed reports whether err wraps one of the package's sentinels.
func typed(err error) bool {
	for _, s := range []error{wxcrypt.ErrSignature, wxcrypt.ErrPadding, wxcrypt.ErrReceiveID, wxcrypt.ErrFormat} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// FuzzDecrypt: any text given to Decrypt is rejected with a typed error or
// decrypts, never panics; and any message (taken from the same input)
// survives Encrypt then Decrypt unchanged, with and without a receiveid.
func FuzzDecrypt(f *testing.F) {
	for _, s := range []string{verifyEchostr, postEncrypt, jsonEncrypt, mpEncrypt, postPlain, verifyPlain, mpMsg, "", "AAAA", "===="} {
		f.Add(s)
	}
	corp := wecom(f)
	anyID := MustNew(f, wecomToken, wecomKey, "")
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range []*wxcrypt.Crypter{corp, anyID} {
			plain, err := c.Decrypt(s)
			if err != nil {
				if !typed(err) || plain != nil {
					t.Fatalf("Decrypt(%q) = %q, %v: want nil and a typed error", s, plain, err)
				}
			}

			enc, err := c.Encrypt([]byte(s))
			if err != nil {
				t.Fatalf("Encrypt: %v", err)
			}
			back, err := c.Decrypt(enc)
			if err != nil || !bytes.Equal(back, []byte(s)) {
				t.Fatalf("Decrypt(Encrypt(%q)) = %q, %v", s, back, err)
			}
		}
	})
}

// FuzzDecryptMsg fuzzes the envelope parse and everything behind it. A body
// that parses, once correctly signed, never fails the signature check.
func FuzzDecryptMsg(f *testing.F) {
	f.Add(postSig, postBody)
	f.Add(jsonSig, []byte("<xml><ToUserName>x</ToUserName><Encrypt>"+jsonEncrypt+"</Encrypt><AgentID>218</AgentID></xml>"))
	f.Add("", []byte("<xml><ToUserName><![CDATA[toUser]]></ToUserName><Encrypt><![CDATA["+mpEncrypt+"]]></Encrypt></xml>"))
	f.Add(replySig, []byte("<xml><Encrypt><![CDATA[x]]></Encrypt><MsgSignature><![CDATA[y]]></MsgSignature><TimeStamp>1</TimeStamp><Nonce><![CDATA[z]]></Nonce></xml>"))
	f.Add("", []byte("<xml><Encrypt><![CDATA[a]]]]><![CDATA[>b]]></Encrypt></xml>"))
	f.Add("", []byte("<xml>"))
	c := wecom(f)
	f.Fuzz(func(t *testing.T, sig string, body []byte) {
		plain, err := c.DecryptMsg(sig, postTimestamp, postNonce, body)
		if err != nil && (!typed(err) || plain != nil) {
			t.Fatalf("DecryptMsg = %q, %v: want nil and a typed error", plain, err)
		}
		if _, err := c.DecryptReply(body); err != nil && !typed(err) {
			t.Fatalf("DecryptReply: untyped error %v", err)
		}
		env, err := wxcrypt.ParseEnvelope(body)
		if err != nil {
			if !errors.Is(err, wxcrypt.ErrFormat) {
				t.Fatalf("ParseEnvelope: %v, want ErrFormat", err)
			}
			return
		}
		_, err = c.DecryptMsg(c.Signature(postTimestamp, postNonce, env.Encrypt), postTimestamp, postNonce, body)
		if errors.Is(err, wxcrypt.ErrSignature) {
			t.Fatalf("correctly signed envelope failed the signature: %v", err)
		}
	})
}

// FuzzParseEvent: any input parses or fails with ErrFormat, never panics
// or hangs; and what parses survives XML and ParseEvent again unchanged.
func FuzzParseEvent(f *testing.F) {
	f.Add([]byte(postPlain))
	f.Add([]byte(mpMsg2))
	f.Add(wxcrypt.Event{
		ToUserName: "wwcorp", FromUserName: "sys", CreateTime: 1, MsgType: "event", Event: "change_contact",
		ChangeType: "update_user", UserID: "a", NewUserID: "b", Department: wxcrypt.Int64List{1, 2},
		ExtAttr: []wxcrypt.ExtAttr{{Name: "n", Text: "v"}, {Name: "w", Type: 1, WebURL: "u"}},
	}.XML())
	f.Add(wxcrypt.Event{MsgType: "event", Event: "batch_job_result", JobId: "j", JobType: "sync_user", ErrCode: 1}.XML())
	f.Add(wxcrypt.Event{MsgType: "event", Event: "TEMPLATESENDJOBFINISH", MsgId: "9", Status: "success"}.XML())
	f.Add([]byte("<xml><Latitude>NaN</Latitude><Department> 1 ,, 2 </Department><Name>a&#xD;b</Name></xml>"))
	f.Add([]byte("<xml><BatchJob><ErrCode>0</ErrCode></BatchJob><MsgId>1</MsgId><MsgID>2</MsgID></xml>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := wxcrypt.ParseEvent(data)
		if err != nil {
			if !errors.Is(err, wxcrypt.ErrFormat) {
				t.Fatalf("ParseEvent: %v, want ErrFormat", err)
			}
			return
		}
		out := ev.XML()
		again, err := wxcrypt.ParseEvent(out)
		if err != nil {
			t.Fatalf("ParseEvent(XML()) of %q: %v\nXML: %s", data, err, out)
		}
		if diff := cmp.Diff(ev, again, cmpopts.EquateNaNs(), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("ParseEvent(XML()) of %q (-first +second):\n%s\nXML: %s", data, diff, out)
		}
	})
}

// FuzzEventXML: any strings the simulator puts in an event come back from
// ParseEvent(XML()) as they were, except characters XML cannot carry,
// which come back as U+FFFD.
func FuzzEventXML(f *testing.F) {
	f.Add("王五", "x]]>y", "a\r\nb", int64(7), 1.5)
	f.Add("", "<&>\"'", "\x00\xff", int64(-1), math.Inf(1))
	f.Fuzz(func(t *testing.T, a, b, c string, n int64, x float64) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			x = 0
		}
		ev := wxcrypt.Event{
			ToUserName: a, FromUserName: b, CreateTime: n, MsgType: c, Event: a, ChangeType: b,
			UserID: c, Name: a, Position: b, ExternalUserID: c, State: a, WelcomeCode: b, FailReason: c,
			JobId: a, JobType: b, ErrCode: n, ErrMsg: c, Content: a, EventKey: b, MsgId: c,
			Id: n, ParentId: n, Order: n, TagId: n, AgentID: n, Latitude: x, LocationX: x,
			ExtAttr: []wxcrypt.ExtAttr{{Name: a, Type: n, Text: b, WebTitle: c, WebURL: a}},
		}
		got, err := wxcrypt.ParseEvent(ev.XML())
		if err != nil {
			t.Fatalf("ParseEvent(XML()): %v\nXML: %q", err, ev.XML())
		}
		want := ev
		for _, p := range []*string{
			&want.ToUserName, &want.FromUserName, &want.MsgType, &want.Event, &want.ChangeType, &want.UserID,
			&want.Name, &want.Position, &want.ExternalUserID, &want.State, &want.WelcomeCode, &want.FailReason,
			&want.JobId, &want.JobType, &want.ErrMsg, &want.Content, &want.EventKey, &want.MsgId,
		} {
			*p = xmlSafe(*p)
		}
		want.ExtAttr = []wxcrypt.ExtAttr{{Name: xmlSafe(a), Type: n, Text: xmlSafe(b), WebTitle: xmlSafe(c), WebURL: xmlSafe(a)}}
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s\nXML: %q", diff, ev.XML())
		}
	})
}

// xmlSafe replaces what XML 1.0 cannot carry (invalid UTF-8, byte by byte,
// and characters outside its Char production) with U+FFFD.
func xmlSafe(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				b.WriteRune(utf8.RuneError)
				continue
			}
		}
		if r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 {
			b.WriteRune(r)
		} else {
			b.WriteRune(utf8.RuneError)
		}
	}
	return b.String()
}
