package wxcrypt

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxBodySize bounds the XML this package parses (a POSTed envelope, a
// reply envelope, a decrypted event). WeChat's messages are a few KiB; the
// bound keeps a hostile body from costing more than a bounded parse.
const MaxBodySize = 1 << 20

// Envelope is an encrypted XML envelope, parsed. A POST to a callback URL
// carries ToUserName, Encrypt and (WeCom only) AgentID; an encrypted
// passive reply carries Encrypt, MsgSignature, TimeStamp and Nonce.
// Elements that are absent are "".
type Envelope struct {
	ToUserName   string `xml:"ToUserName"`
	Encrypt      string `xml:"Encrypt"`
	AgentID      string `xml:"AgentID"`
	MsgSignature string `xml:"MsgSignature"`
	TimeStamp    string `xml:"TimeStamp"`
	Nonce        string `xml:"Nonce"`
}

// ParseEnvelope parses an encrypted envelope (root element <xml>). It
// fails with ErrFormat when body is larger than MaxBodySize, is not XML,
// or has no Encrypt element.
func ParseEnvelope(body []byte) (Envelope, error) {
	if len(body) > MaxBodySize {
		return Envelope{}, fmt.Errorf("%w: envelope of %d bytes exceeds %d", ErrFormat, len(body), MaxBodySize)
	}
	var v struct {
		XMLName xml.Name `xml:"xml"`
		Envelope
	}
	if err := xml.Unmarshal(body, &v); err != nil {
		return Envelope{}, fmt.Errorf("%w: envelope: %v", ErrFormat, err)
	}
	if v.Encrypt == "" {
		return Envelope{}, fmt.Errorf("%w: envelope has no Encrypt", ErrFormat)
	}
	return v.Envelope, nil
}

// DecryptMsg handles a callback POST: it parses the envelope (WeCom's, with
// AgentID, or a service account's safe-mode one, without), checks
// msg_signature over its Encrypt, and only then decrypts. The result is the
// message or event XML, for ParseEvent.
func (c *Crypter) DecryptMsg(msgSignature, timestamp, nonce string, body []byte) ([]byte, error) {
	env, err := ParseEnvelope(body)
	if err != nil {
		return nil, fmt.Errorf("decrypt msg: %w", err)
	}
	if err := c.verify(msgSignature, timestamp, nonce, env.Encrypt); err != nil {
		return nil, fmt.Errorf("decrypt msg: %w", err)
	}
	plain, err := c.Decrypt(env.Encrypt)
	if err != nil {
		return nil, fmt.Errorf("decrypt msg: %w", err)
	}
	return plain, nil
}

// EncryptMsg encrypts a passive reply (or a message pushed to a callback)
// and wraps it in the reply envelope:
//
//	<xml><Encrypt><![CDATA[…]]></Encrypt><MsgSignature><![CDATA[…]]></MsgSignature><TimeStamp>…</TimeStamp><Nonce><![CDATA[…]]></Nonce></xml>
//
// timestamp and nonce are the caller's (usually the ones of the request
// being answered); MsgSignature is computed over them.
func (c *Crypter) EncryptMsg(reply []byte, timestamp, nonce string) ([]byte, error) {
	enc, err := c.Encrypt(reply)
	if err != nil {
		return nil, fmt.Errorf("encrypt msg: %w", err)
	}
	return c.replyEnvelope(enc, timestamp, nonce), nil
}

// EncryptMsgWithRandom is EncryptMsg with a fixed 16-byte random prefix,
// for vectors and tests.
func (c *Crypter) EncryptMsgWithRandom(random, reply []byte, timestamp, nonce string) ([]byte, error) {
	enc, err := c.EncryptWithRandom(random, reply)
	if err != nil {
		return nil, fmt.Errorf("encrypt msg: %w", err)
	}
	return c.replyEnvelope(enc, timestamp, nonce), nil
}

func (c *Crypter) replyEnvelope(enc, timestamp, nonce string) []byte {
	var b bytes.Buffer
	b.WriteString("<xml>")
	writeCDATA(&b, "Encrypt", enc)
	writeCDATA(&b, "MsgSignature", c.Signature(timestamp, nonce, enc))
	writeText(&b, "TimeStamp", timestamp)
	writeCDATA(&b, "Nonce", nonce)
	b.WriteString("</xml>")
	return b.Bytes()
}

// DecryptReply is the other side of EncryptMsg (the simulator reading an
// app's passive reply): it parses the reply envelope, checks its
// MsgSignature over its own TimeStamp and Nonce, and decrypts.
func (c *Crypter) DecryptReply(body []byte) ([]byte, error) {
	env, err := ParseEnvelope(body)
	if err != nil {
		return nil, fmt.Errorf("decrypt reply: %w", err)
	}
	if err := c.verify(env.MsgSignature, env.TimeStamp, env.Nonce, env.Encrypt); err != nil {
		return nil, fmt.Errorf("decrypt reply: %w", err)
	}
	plain, err := c.Decrypt(env.Encrypt)
	if err != nil {
		return nil, fmt.Errorf("decrypt reply: %w", err)
	}
	return plain, nil
}

// Envelope builds the body WeCom POSTs to a callback URL:
//
//	<xml><ToUserName><![CDATA[corpid]]></ToUserName><Encrypt><![CDATA[…]]></Encrypt><AgentID><![CDATA[agentid]]></AgentID></xml>
//
// ToUserName is the Crypter's receiveID, as in the official sample
// request. agentID 0 (the contact-sync callback, which belongs to no app)
// gives an empty AgentID element, which DecryptMsg and common SDKs accept.
// The msg_signature to send with it is Signature(timestamp, nonce,
// encrypt).
func (c *Crypter) Envelope(encrypt string, agentID int64) []byte {
	agent := ""
	if agentID != 0 {
		agent = strconv.FormatInt(agentID, 10)
	}
	var b bytes.Buffer
	b.WriteString("<xml>")
	writeCDATA(&b, "ToUserName", c.receiveID)
	writeCDATA(&b, "Encrypt", encrypt)
	writeCDATA(&b, "AgentID", agent)
	b.WriteString("</xml>")
	return b.Bytes()
}

// MPEnvelope builds the body WeChat POSTs to a service account's server in
// safe mode (安全模式):
//
//	<xml><ToUserName><![CDATA[appid]]></ToUserName><Encrypt><![CDATA[…]]></Encrypt></xml>
//
// ToUserName is the Crypter's receiveID, the appid. The msg_signature to
// send with it is Signature(timestamp, nonce, encrypt); DecryptMsg reads
// it.
func (c *Crypter) MPEnvelope(encrypt string) []byte {
	var b bytes.Buffer
	b.WriteString("<xml>")
	writeCDATA(&b, "ToUserName", c.receiveID)
	writeCDATA(&b, "Encrypt", encrypt)
	b.WriteString("</xml>")
	return b.Bytes()
}

// writeCDATA writes <name><![CDATA[s]]></name>, as WeChat writes strings.
// A "]]>" inside s is split across two sections. Text that CDATA cannot
// carry faithfully (a carriage return, which XML folds into a newline, or a
// character XML forbids) is written escaped instead.
func writeCDATA(b *bytes.Buffer, name, s string) {
	if !cdataSafe(s) {
		writeText(b, name, s)
		return
	}
	b.WriteString("<" + name + "><![CDATA[")
	b.WriteString(strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>"))
	b.WriteString("]]></" + name + ">")
}

// writeText writes <name>s</name> with s escaped. Characters XML forbids
// become U+FFFD.
func writeText(b *bytes.Buffer, name, s string) {
	b.WriteString("<" + name + ">")
	_ = xml.EscapeText(b, []byte(s)) // a bytes.Buffer never fails
	b.WriteString("</" + name + ">")
}

func cdataSafe(s string) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false
			}
		}
		if r == '\r' || !xmlChar(r) {
			return false
		}
	}
	return true
}

// xmlChar is XML 1.0's Char production.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
