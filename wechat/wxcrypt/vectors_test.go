package wxcrypt_test

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// The official vectors of wechat-reference.md §4.
const (
	// WeCom.
	wecomToken  = "QDG6eK"
	wecomCorpID = "wx5823bf96d3bd56c7"
	wecomKey    = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"

	verifySig       = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"
	verifyTimestamp = "1409659589"
	verifyNonce     = "263014780"
	verifyEchostr   = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="
	verifyPlain     = "1616140317555161061"
	verifyRandom    = "c41b64491c2468d0"

	postSig       = "477715d11cdb4164915debcba66cb864d751f3e6"
	postTimestamp = "1409659813"
	postNonce     = "1372623149"
	postEncrypt   = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=="
	postPlain     = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>"
	postRandom    = "0960688932c47ef1"

	jsonSig     = "1f3153b7abd0ba99b4ab2e57fac2376110d03a3c"
	jsonEncrypt = "pvXgeha3nZ7UQ2DG3WD3IVsNJR38QVl1+h+wmLQHIAwEG3Jey2aTZtvAWzhEZ9JEKGwIUMBWX3JlUhfo7O7WbvI10vHIsdSNr1nr3LuOwAfnwLJAMQNDxi5tHUl08Op59jxOL73r8+g60KOxMTaFwXzlr9Yxgq5ey5nzNb/2vDjjvDZNXkJVmL/XWnv6PXrVbTpNxphqWRv2BpPYqvwRMkHgdFliatljMVlkkRHS40FOHmtBhj/4RXtIexfDx8opBXwi0L9RTlYNQzGx+FA+74xVHG7Le/pmNDwc2Ri5mbw="

	replyMsg    = "<xml><ToUserName><![CDATA[mycreate]]></ToUserName><FromUserName><![CDATA[wx5823bf96d3bd56c7]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[this is a test]]></Content><MsgId>1234567890123456</MsgId><AgentID>128</AgentID></xml>"
	replySig    = "6fc162fb76ff519ac15c8cc905bcc423bee9e306"
	fixedRandom = "aaaabbbbccccdddd"

	// Official Account (service account) safe mode.
	mpToken     = "pamtest"
	mpAppID     = "wxb11529c136998cb6"
	mpKey       = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	mpTimestamp = "1409304348"
	mpNonce     = "xxxxxx"
	mpMsg       = "我是中文abcd123"
	mpEncrypt   = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=="
	// replyMsg2 and afterAesEncrypt2 of the official Java WXBizMsgCryptTest;
	// the reference quotes the ciphertext's first 32 and last 16 characters.
	mpMsg2     = "<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>"
	mpEncrypt2 = "jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb"
)

// postBody is the official sample request: the envelope WeCom POSTs.
var postBody = []byte("<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[" +
	postEncrypt + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>")

// MustNew returns a Crypter for a configuration the test knows is valid.
func MustNew(tb testing.TB, token, key, receiveID string) *wxcrypt.Crypter {
	tb.Helper()
	c, err := wxcrypt.New(token, key, receiveID)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return c
}

func wecom(tb testing.TB) *wxcrypt.Crypter {
	tb.Helper()
	return MustNew(tb, wecomToken, wecomKey, wecomCorpID)
}

func TestVectorVerifyURL(t *testing.T) {
	c := wecom(t)
	if got := c.Signature(verifyTimestamp, verifyNonce, verifyEchostr); got != verifySig {
		t.Errorf("Signature = %s, want %s", got, verifySig)
	}
	plain, err := c.VerifyURL(verifySig, verifyTimestamp, verifyNonce, verifyEchostr)
	if err != nil {
		t.Fatalf("VerifyURL: %v", err)
	}
	if string(plain) != verifyPlain {
		t.Errorf("VerifyURL = %q, want %q", plain, verifyPlain)
	}
	enc, err := c.EncryptWithRandom([]byte(verifyRandom), []byte(verifyPlain))
	if err != nil {
		t.Fatalf("EncryptWithRandom: %v", err)
	}
	if enc != verifyEchostr {
		t.Errorf("re-encrypted echostr = %s, want %s", enc, verifyEchostr)
	}
}

// A '+' that reached the query string unescaped arrives as ' '.
func TestVerifyURLPlusDecodedAsSpace(t *testing.T) {
	mangled := strings.ReplaceAll(verifyEchostr, "+", " ")
	if mangled == verifyEchostr {
		t.Fatal("vector has no '+' to mangle")
	}
	plain, err := wecom(t).VerifyURL(verifySig, verifyTimestamp, verifyNonce, mangled)
	if err != nil || string(plain) != verifyPlain {
		t.Fatalf("VerifyURL = %q, %v; want %q", plain, err, verifyPlain)
	}
}

func TestVectorDecryptMsg(t *testing.T) {
	c := wecom(t)
	plain, err := c.DecryptMsg(postSig, postTimestamp, postNonce, postBody)
	if err != nil {
		t.Fatalf("DecryptMsg: %v", err)
	}
	if len(plain) != 284 {
		t.Errorf("plaintext is %d bytes, want 284", len(plain))
	}
	if string(plain) != postPlain {
		t.Errorf("plaintext = %q, want %q", plain, postPlain)
	}
	enc, err := c.EncryptWithRandom([]byte(postRandom), plain)
	if err != nil {
		t.Fatalf("EncryptWithRandom: %v", err)
	}
	if enc != postEncrypt {
		t.Errorf("re-encrypted = %s, want %s", enc, postEncrypt)
	}

	ev, err := wxcrypt.ParseEvent(plain)
	if err != nil {
		t.Fatalf("ParseEvent: %v", err)
	}
	want := wxcrypt.Event{ToUserName: wecomCorpID, FromUserName: "mycreate", CreateTime: 1409659813,
		MsgType: "text", Content: "hello", MsgId: "4561255354251345929", AgentID: 218}
	if ev.ToUserName != want.ToUserName || ev.FromUserName != want.FromUserName || ev.CreateTime != want.CreateTime ||
		ev.MsgType != want.MsgType || ev.Content != want.Content || ev.MsgId != want.MsgId || ev.AgentID != want.AgentID {
		t.Errorf("ParseEvent = %+v, want %+v", ev, want)
	}
}

// The JSON-mode callback vector: same key, token, timestamp and nonce.
func TestVectorJSONCallback(t *testing.T) {
	c := wecom(t)
	if got := c.Signature(postTimestamp, postNonce, jsonEncrypt); got != jsonSig {
		t.Fatalf("Signature = %s, want %s", got, jsonSig)
	}
	body := []byte(`<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[` + jsonEncrypt +
		`]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`)
	plain, err := c.DecryptMsg(jsonSig, postTimestamp, postNonce, body)
	if err != nil {
		t.Fatalf("DecryptMsg: %v", err)
	}
	// The official sample's plaintext is broken JSON; it decrypts as is.
	for _, part := range []string{`"ToUserName"`, `"FromUserName": :mycreate"`, `"hello"`, `4561255354251345929`} {
		if !bytes.Contains(plain, []byte(part)) {
			t.Errorf("plaintext %q lacks %q", plain, part)
		}
	}
}

func TestVectorReply(t *testing.T) {
	c := wecom(t)
	out, err := c.EncryptMsgWithRandom([]byte(fixedRandom), []byte(replyMsg), postTimestamp, postNonce)
	if err != nil {
		t.Fatalf("EncryptMsgWithRandom: %v", err)
	}
	env, err := wxcrypt.ParseEnvelope(out)
	if err != nil {
		t.Fatalf("ParseEnvelope: %v", err)
	}
	if env.MsgSignature != replySig {
		t.Errorf("MsgSignature = %s, want %s", env.MsgSignature, replySig)
	}
	want := "<xml><Encrypt><![CDATA[" + env.Encrypt + "]]></Encrypt><MsgSignature><![CDATA[" + replySig +
		"]]></MsgSignature><TimeStamp>" + postTimestamp + "</TimeStamp><Nonce><![CDATA[" + postNonce + "]]></Nonce></xml>"
	if string(out) != want {
		t.Errorf("envelope = %s\nwant %s", out, want)
	}
	plain, err := c.DecryptReply(out)
	if err != nil || string(plain) != replyMsg {
		t.Errorf("DecryptReply = %q, %v; want the reply", plain, err)
	}
}

func TestVectorServiceAccount(t *testing.T) {
	c := MustNew(t, mpToken, mpKey, mpAppID)
	for _, tc := range []struct {
		name, msg, want string
	}{
		{"Short", mpMsg, mpEncrypt},
		{"VideoReply", mpMsg2, mpEncrypt2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			enc, err := c.EncryptWithRandom([]byte(fixedRandom), []byte(tc.msg))
			if err != nil {
				t.Fatalf("EncryptWithRandom: %v", err)
			}
			if enc != tc.want {
				t.Errorf("encrypt = %s, want %s", enc, tc.want)
			}
			plain, err := c.Decrypt(tc.want)
			if err != nil || string(plain) != tc.msg {
				t.Errorf("Decrypt = %q, %v; want %q", plain, err, tc.msg)
			}
		})
	}
	// What the reference quotes of afterAesEncrypt2, so the full string
	// above is the one it describes.
	if len(mpEncrypt2) != 640 || !strings.HasPrefix(mpEncrypt2, "jn1L23DB+6ELqJ+6bruv23M2GmYfkv0x") ||
		!strings.HasSuffix(mpEncrypt2, "DajPkdPrEeOwofJb") {
		t.Error("afterAesEncrypt2 does not match the reference's prefix, suffix and length")
	}

	// Safe mode: the envelope has no AgentID.
	body := []byte("<xml><ToUserName><![CDATA[toUser]]></ToUserName><Encrypt><![CDATA[" + mpEncrypt + "]]></Encrypt></xml>")
	plain, err := c.DecryptMsg(c.Signature(mpTimestamp, mpNonce, mpEncrypt), mpTimestamp, mpNonce, body)
	if err != nil || string(plain) != mpMsg {
		t.Errorf("DecryptMsg = %q, %v; want %q", plain, err, mpMsg)
	}
}

func TestPlainSignature(t *testing.T) {
	// sha1("1409304348" + "pamtest" + "xxxxxx"), computed with sha1sum.
	const want = "76480565cbe296026c53aaacd1ad523a1ddba24f"
	if got := wxcrypt.PlainSignature(mpToken, mpTimestamp, mpNonce); got != want {
		t.Errorf("PlainSignature = %s, want %s", got, want)
	}
	for _, tc := range []struct {
		name                  string
		token, sig, ts, nonce string
		ok                    bool
	}{
		{"OK", mpToken, want, mpTimestamp, mpNonce, true},
		{"Uppercase", mpToken, strings.ToUpper(want), mpTimestamp, mpNonce, true},
		{"ErrToken", "other", want, mpTimestamp, mpNonce, false},
		{"ErrEmptyToken", "", wxcrypt.PlainSignature("", mpTimestamp, mpNonce), mpTimestamp, mpNonce, false},
		{"ErrTimestamp", mpToken, want, "1409304349", mpNonce, false},
		{"ErrNonce", mpToken, want, mpTimestamp, "xxxxxy", false},
		{"ErrTruncated", mpToken, want[:39], mpTimestamp, mpNonce, false},
		{"ErrEmpty", mpToken, "", mpTimestamp, mpNonce, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := wxcrypt.VerifyPlain(tc.token, tc.sig, tc.ts, tc.nonce); got != tc.ok {
				t.Errorf("VerifyPlain = %v, want %v", got, tc.ok)
			}
		})
	}
}

func TestJSSDKSignature(t *testing.T) {
	const ticket = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg"
	for _, tc := range []struct{ name, url, want string }{
		{"WeCom", "http://mp.weixin.qq.com?params=value", "0f9de62fce790f9a083d5c99e95740ceb90c27ed"},
		{"ServiceAccount", "http://mp.weixin.qq.com", "f4d90daf4b3bca3078ab155816175ba34c443a7b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := wxcrypt.JSSDKSignature(ticket, "Wm3WZYTPz0wzccnW", 1414587457, tc.url); got != tc.want {
				t.Errorf("JSSDKSignature = %s, want %s", got, tc.want)
			}
		})
	}
}

// Envelope is what the simulator posts; DecryptMsg must read it back.
func TestEnvelopeRoundTrip(t *testing.T) {
	c := wecom(t)
	for _, agentID := range []int64{218, 0} {
		enc, err := c.Encrypt([]byte(postPlain))
		if err != nil {
			t.Fatalf("Encrypt: %v", err)
		}
		body := c.Envelope(enc, agentID)
		env, err := wxcrypt.ParseEnvelope(body)
		if err != nil {
			t.Fatalf("ParseEnvelope: %v", err)
		}
		wantAgent := map[int64]string{218: "218", 0: ""}[agentID]
		if env.ToUserName != wecomCorpID || env.Encrypt != enc || env.AgentID != wantAgent {
			t.Errorf("ParseEnvelope(Envelope(…, %d)) = %+v", agentID, env)
		}
		plain, err := c.DecryptMsg(c.Signature("1", "n", enc), "1", "n", body)
		if err != nil || string(plain) != postPlain {
			t.Errorf("DecryptMsg = %q, %v", plain, err)
		}
	}
	// The official sample request has exactly this shape.
	if got := c.Envelope(postEncrypt, 218); !bytes.Equal(got, postBody) {
		t.Errorf("Envelope = %s\nwant %s", got, postBody)
	}
}

// MPEnvelope is the safe-mode body of the reference's service-account
// example, which DecryptMsg reads back.
func TestMPEnvelope(t *testing.T) {
	c := MustNew(t, mpToken, mpKey, mpAppID)
	body := c.MPEnvelope(mpEncrypt)
	want := "<xml><ToUserName><![CDATA[" + mpAppID + "]]></ToUserName><Encrypt><![CDATA[" + mpEncrypt + "]]></Encrypt></xml>"
	if string(body) != want {
		t.Errorf("MPEnvelope = %s\nwant %s", body, want)
	}
	env, err := wxcrypt.ParseEnvelope(body)
	if err != nil || env.AgentID != "" || env.ToUserName != mpAppID {
		t.Errorf("ParseEnvelope = %+v, %v", env, err)
	}
	plain, err := c.DecryptMsg(c.Signature(mpTimestamp, mpNonce, mpEncrypt), mpTimestamp, mpNonce, body)
	if err != nil || string(plain) != mpMsg {
		t.Errorf("DecryptMsg = %q, %v; want %q", plain, err, mpMsg)
	}
}

// Encrypt uses a fresh random prefix: equal messages encrypt differently
// and both decrypt.
func TestEncryptRandom(t *testing.T) {
	c := wecom(t)
	a, errA := c.Encrypt([]byte("same"))
	b, errB := c.Encrypt([]byte("same"))
	if errA != nil || errB != nil {
		t.Fatalf("Encrypt: %v, %v", errA, errB)
	}
	if a == b {
		t.Error("two encryptions of one message are equal")
	}
	for _, enc := range []string{a, b} {
		if plain, err := c.Decrypt(enc); err != nil || string(plain) != "same" {
			t.Errorf("Decrypt = %q, %v", plain, err)
		}
	}
}

// Every plaintext length around the 32-byte pad boundary round-trips, and
// the ciphertext is always a whole number of 32-byte blocks.
func TestPaddingBoundaries(t *testing.T) {
	for _, receiveID := range []string{wecomCorpID, ""} {
		c := MustNew(t, wecomToken, wecomKey, receiveID)
		for n := range 100 {
			msg := bytes.Repeat([]byte{'x'}, n)
			enc, err := c.EncryptWithRandom([]byte(fixedRandom), msg)
			if err != nil {
				t.Fatalf("EncryptWithRandom(%d bytes): %v", n, err)
			}
			if raw, err := base64.StdEncoding.DecodeString(enc); err != nil || len(raw)%32 != 0 {
				t.Errorf("%d bytes: ciphertext of %d bytes is not 32-byte aligned (%v)", n, len(raw), err)
			}
			plain, err := c.Decrypt(enc)
			if err != nil || !bytes.Equal(plain, msg) {
				t.Errorf("%d bytes, receiveid %q: Decrypt = %q, %v", n, receiveID, plain, err)
			}
		}
	}
}

func BenchmarkDecryptMsg(b *testing.B) {
	c := wecom(b)
	b.SetBytes(int64(len(postBody)))
	for b.Loop() {
		if _, err := c.DecryptMsg(postSig, postTimestamp, postNonce, postBody); err != nil {
			b.Fatal(err)
		}
	}
}
