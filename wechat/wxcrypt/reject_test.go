package wxcrypt_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// seal CBC-encrypts raw (already padded by the caller, however wrongly)
// under the WeCom vector key, independently of the package, so tests can
// hand Decrypt plaintexts the package would never produce.
func seal(tb testing.TB, raw []byte) string {
	tb.Helper()
	key, err := base64.StdEncoding.DecodeString(wecomKey + "=")
	if err != nil {
		tb.Fatal(err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		tb.Fatal(err)
	}
	if len(raw)%aes.BlockSize != 0 {
		tb.Fatalf("seal: %d bytes is not a whole number of blocks", len(raw))
	}
	out := make([]byte, len(raw))
	cipher.NewCBCEncrypter(block, key[:aes.BlockSize]).CryptBlocks(out, raw)
	return base64.StdEncoding.EncodeToString(out)
}

// frame is random ‖ uint32 length ‖ msg ‖ receiveid with the length given
// explicitly, so it can lie.
func frame(length uint32, msg, receiveID string) []byte {
	b := []byte(fixedRandom)
	b = binary.BigEndian.AppendUint32(b, length)
	return append(append(b, msg...), receiveID...)
}

// pad appends PKCS#7 padding to 32 bytes.
func pad(b []byte) []byte {
	n := 32 - len(b)%32
	return append(b, bytes.Repeat([]byte{byte(n)}, n)...)
}

// padded is a frame of the corp's receiveid whose message length is chosen
// so that the frame plus tail is a whole number of 32-byte blocks: the
// tail stands where the padding goes. With an honest tail it decrypts.
func padded(tail ...byte) []byte {
	n := (32 - (headerAndCorp+len(tail))%32) % 32
	return append(frame(uint32(n), strings.Repeat("m", n), wecomCorpID), tail...)
}

const headerAndCorp = 16 + 4 + len(wecomCorpID)

func rawBase64(tb testing.TB, enc string) []byte {
	tb.Helper()
	b, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestDecryptRejects(t *testing.T) {
	c := wecom(t)
	good := frame(5, "hello", wecomCorpID)
	raw := rawBase64(t, postEncrypt)

	flip := func(i int) string {
		b := bytes.Clone(raw)
		b[i] ^= 1
		return base64.StdEncoding.EncodeToString(b)
	}
	otherID, err := MustNew(t, wecomToken, wecomKey, "wwotherCorp").EncryptWithRandom([]byte(fixedRandom), []byte("hi"))
	if err != nil {
		t.Fatal(err)
	}
	shortID, err := MustNew(t, wecomToken, wecomKey, wecomCorpID[:len(wecomCorpID)-1]).Encrypt([]byte("hi"))
	if err != nil {
		t.Fatal(err)
	}
	otherKey, err := MustNew(t, wecomToken, mpKey, wecomCorpID).EncryptWithRandom([]byte(fixedRandom), []byte(postPlain))
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name    string
		encrypt string
		want    error
	}{
		{"ErrEmpty", "", wxcrypt.ErrFormat},
		{"ErrNotBase64", "not base64!", wxcrypt.ErrFormat},
		{"ErrBase64Truncated", postEncrypt[:len(postEncrypt)-3], wxcrypt.ErrFormat},
		{"ErrNotBlockMultiple", base64.StdEncoding.EncodeToString(raw[:len(raw)-5]), wxcrypt.ErrFormat},
		{"ErrOneByte", base64.StdEncoding.EncodeToString(raw[:1]), wxcrypt.ErrFormat},
		// Dropping the last block leaves a message byte where the pad
		// length was.
		{"ErrTruncatedBlock", base64.StdEncoding.EncodeToString(raw[:len(raw)-16]), wxcrypt.ErrPadding},
		{"ErrTruncatedTwoBlocks", base64.StdEncoding.EncodeToString(raw[:len(raw)-32]), wxcrypt.ErrPadding},
		// CBC: flipping a bit of block n-1 flips the same bit of block n's
		// plaintext: here the pad length (30 -> 31).
		{"ErrTamperedPadLength", flip(len(raw) - 17), wxcrypt.ErrPadding},
		// … here one pad byte (30 -> 31), so the pad bytes disagree.
		{"ErrTamperedPadByte", flip(len(raw) - 20), wxcrypt.ErrPadding},
		// … here the top byte of the length field (block 0 is the random
		// prefix, garbled harmlessly).
		{"ErrTamperedLength", flip(0), wxcrypt.ErrFormat},
		// … here a byte of the receiveid (the block before it, garbled, is
		// message text).
		{"ErrTamperedReceiveID", flip(len(raw) - 48 - 1), wxcrypt.ErrReceiveID},
		{"ErrWrongKey", otherKey, wxcrypt.ErrPadding},
		{"ErrPadZero", seal(t, padded(0)), wxcrypt.ErrPadding},
		{"ErrPad33", seal(t, padded(bytes.Repeat([]byte{33}, 33)...)), wxcrypt.ErrPadding},
		{"ErrPad255", seal(t, padded(255)), wxcrypt.ErrPadding},
		{"ErrPadInconsistent", seal(t, padded(3, 2, 3)), wxcrypt.ErrPadding},
		// Only six of the seven claimed pad bytes are 7.
		{"ErrPadInconsistentFirst", seal(t, padded(bytes.Repeat([]byte{7}, 6)...)), wxcrypt.ErrPadding},
		// A whole block of pad 32 with nothing before it.
		{"ErrPadOnly", seal(t, bytes.Repeat([]byte{32}, 32)), wxcrypt.ErrFormat},
		{"ErrShortPlaintext", seal(t, pad([]byte("0123456789abcdef012"))), wxcrypt.ErrFormat},
		{"ErrLengthPastEnd", seal(t, pad(frame(100, "hello", ""))), wxcrypt.ErrFormat},
		{"ErrLengthPastReceiveID", seal(t, pad(frame(6+uint32(len(wecomCorpID)), "hello", wecomCorpID))), wxcrypt.ErrFormat},
		{"ErrLengthMax", seal(t, pad(frame(0xFFFFFFFF, "hello", wecomCorpID))), wxcrypt.ErrFormat},
		{"ErrReceiveIDOther", otherID, wxcrypt.ErrReceiveID},
		{"ErrReceiveIDPrefix", shortID, wxcrypt.ErrReceiveID},
		{"ErrReceiveIDLonger", seal(t, pad(frame(5, "hello", wecomCorpID+"x"))), wxcrypt.ErrReceiveID},
		{"ErrReceiveIDEmpty", seal(t, pad(frame(5, "hello", ""))), wxcrypt.ErrReceiveID},
		// The length field can make the receiveid empty or swallow it.
		{"ErrReceiveIDInMessage", seal(t, pad(frame(5+uint32(len(wecomCorpID)), "hello", wecomCorpID))), wxcrypt.ErrReceiveID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plain, err := c.Decrypt(tc.encrypt)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Decrypt = %q, %v; want %v", plain, err, tc.want)
			}
			if plain != nil {
				t.Errorf("Decrypt returned %q alongside the error", plain)
			}
		})
	}

	// The crafted inputs above are only rejected for the reason named: the
	// same frames, honestly padded, decrypt.
	t.Run("OKControls", func(t *testing.T) {
		for _, enc := range []string{
			seal(t, pad(good)), seal(t, padded(1)), seal(t, padded(3, 3, 3)), seal(t, padded(bytes.Repeat([]byte{32}, 32)...)),
			seal(t, pad(frame(0, "", wecomCorpID))),
		} {
			if _, err := c.Decrypt(enc); err != nil {
				t.Errorf("Decrypt: %v", err)
			}
		}
	})
}

// With receiveID "" (personal-entity third-party apps) any receiveid passes.
func TestDecryptSkipsEmptyReceiveID(t *testing.T) {
	c := MustNew(t, wecomToken, wecomKey, "")
	for _, enc := range []string{postEncrypt, seal(t, pad(frame(5, "hello", ""))), seal(t, pad(frame(5, "hello", "anything")))} {
		if _, err := c.Decrypt(enc); err != nil {
			t.Errorf("Decrypt: %v", err)
		}
	}
	// Padding and framing are still checked.
	if _, err := c.Decrypt(seal(t, padded(0))); !errors.Is(err, wxcrypt.ErrPadding) {
		t.Errorf("bad padding: %v, want ErrPadding", err)
	}
}

func TestVerifyURLRejects(t *testing.T) {
	c := wecom(t)
	tampered := "Q" + verifyEchostr[1:]
	for _, tc := range []struct {
		name                 string
		sig, ts, nonce, echo string
		want                 error
	}{
		{"ErrSignature", strings.Replace(verifySig, "5", "6", 1), verifyTimestamp, verifyNonce, verifyEchostr, wxcrypt.ErrSignature},
		{"ErrEmptySignature", "", verifyTimestamp, verifyNonce, verifyEchostr, wxcrypt.ErrSignature},
		{"ErrTimestamp", verifySig, "1409659590", verifyNonce, verifyEchostr, wxcrypt.ErrSignature},
		{"ErrNonce", verifySig, verifyTimestamp, "263014781", verifyEchostr, wxcrypt.ErrSignature},
		{"ErrTamperedEchostr", verifySig, verifyTimestamp, verifyNonce, tampered, wxcrypt.ErrSignature},
		// Correctly signed garbage gets past the signature and is still
		// rejected.
		{"ErrSignedNotBase64", c.Signature("1", "2", "@@@@"), "1", "2", "@@@@", wxcrypt.ErrFormat},
		{"ErrSignedTampered", c.Signature(verifyTimestamp, verifyNonce, tampered), verifyTimestamp, verifyNonce, tampered, wxcrypt.ErrFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plain, err := c.VerifyURL(tc.sig, tc.ts, tc.nonce, tc.echo)
			if !errors.Is(err, tc.want) || plain != nil {
				t.Errorf("VerifyURL = %q, %v; want %v", plain, err, tc.want)
			}
		})
	}
	// Another corp's token signs differently.
	other := MustNew(t, "other", wecomKey, wecomCorpID)
	if _, err := other.VerifyURL(verifySig, verifyTimestamp, verifyNonce, verifyEchostr); !errors.Is(err, wxcrypt.ErrSignature) {
		t.Errorf("other token: %v, want ErrSignature", err)
	}
}

func TestDecryptMsgRejects(t *testing.T) {
	c := wecom(t)
	envelope := func(enc string) []byte {
		return []byte("<xml><ToUserName><![CDATA[" + wecomCorpID + "]]></ToUserName><Encrypt><![CDATA[" + enc + "]]></Encrypt></xml>")
	}
	signed := func(enc string) string { return c.Signature(postTimestamp, postNonce, enc) }
	otherID, err := MustNew(t, wecomToken, wecomKey, "wwotherCorp").Encrypt([]byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	badPad := seal(t, padded(9))
	huge := append(append([]byte("<xml><Encrypt>"+postEncrypt+"</Encrypt><Pad>"), bytes.Repeat([]byte{'a'}, wxcrypt.MaxBodySize)...), "</Pad></xml>"...)

	for _, tc := range []struct {
		name string
		sig  string
		body []byte
		want error
	}{
		{"ErrSignature", strings.Replace(postSig, "4", "5", 1), postBody, wxcrypt.ErrSignature},
		{"ErrSignatureOtherEncrypt", jsonSig, postBody, wxcrypt.ErrSignature},
		// The signature is checked before anything is decrypted.
		{"ErrSignatureBeforeDecrypt", postSig, envelope("@@not base64@@"), wxcrypt.ErrSignature},
		{"ErrNotXML", postSig, []byte("Encrypt=" + postEncrypt), wxcrypt.ErrFormat},
		{"ErrEmptyBody", postSig, nil, wxcrypt.ErrFormat},
		{"ErrTruncatedXML", postSig, postBody[:60], wxcrypt.ErrFormat},
		{"ErrOtherRoot", postSig, []byte("<msg><Encrypt>" + postEncrypt + "</Encrypt></msg>"), wxcrypt.ErrFormat},
		{"ErrNoEncrypt", postSig, []byte("<xml><ToUserName>x</ToUserName></xml>"), wxcrypt.ErrFormat},
		{"ErrTooLarge", postSig, huge, wxcrypt.ErrFormat},
		{"ErrSignedBadPadding", signed(badPad), envelope(badPad), wxcrypt.ErrPadding},
		{"ErrSignedOtherReceiveID", signed(otherID), envelope(otherID), wxcrypt.ErrReceiveID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plain, err := c.DecryptMsg(tc.sig, postTimestamp, postNonce, tc.body)
			if !errors.Is(err, tc.want) || plain != nil {
				t.Errorf("DecryptMsg = %q, %v; want %v", plain, err, tc.want)
			}
		})
	}
}

func TestDecryptReplyRejects(t *testing.T) {
	c := wecom(t)
	out, err := c.EncryptMsgWithRandom([]byte(fixedRandom), []byte(replyMsg), postTimestamp, postNonce)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		body []byte
		want error
	}{
		{"ErrTimestampChanged", bytes.Replace(out, []byte(postTimestamp), []byte("1409659814"), 1), wxcrypt.ErrSignature},
		{"ErrNonceChanged", bytes.Replace(out, []byte(postNonce), []byte("1372623140"), 1), wxcrypt.ErrSignature},
		{"ErrNoSignature", bytes.Replace(out, []byte(replySig), nil, 1), wxcrypt.ErrSignature},
		{"ErrNotXML", out[:40], wxcrypt.ErrFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := c.DecryptReply(tc.body); !errors.Is(err, tc.want) {
				t.Errorf("DecryptReply: %v, want %v", err, tc.want)
			}
		})
	}
	// Another Crypter's token does not verify.
	if _, err := MustNew(t, "other", wecomKey, wecomCorpID).DecryptReply(out); !errors.Is(err, wxcrypt.ErrSignature) {
		t.Errorf("other token: %v, want ErrSignature", err)
	}
}

func TestNewRejects(t *testing.T) {
	for _, tc := range []struct{ name, token, key string }{
		{"ErrEmptyToken", "", wecomKey},
		{"ErrEmptyKey", wecomToken, ""},
		{"ErrShortKey", wecomToken, wecomKey[:42]},
		{"ErrLongKey", wecomToken, wecomKey + "A"},
		{"ErrKeyWithPadding", wecomToken, wecomKey + "="},
		{"ErrKeyNotBase64", wecomToken, "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2!"},
		{"ErrKey24Bytes", wecomToken, base64.RawStdEncoding.EncodeToString(make([]byte, 24))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := wxcrypt.New(tc.token, tc.key, wecomCorpID)
			if !errors.Is(err, wxcrypt.ErrConfig) || c != nil {
				t.Fatalf("New = %v, %v; want ErrConfig", c, err)
			}
			if tc.key != "" && strings.Contains(err.Error(), tc.key) {
				t.Errorf("error %q contains the key", err)
			}
		})
	}
}

func TestEncryptRejectsBadRandom(t *testing.T) {
	c := wecom(t)
	for _, random := range [][]byte{nil, []byte("short"), []byte(fixedRandom + "x")} {
		if _, err := c.EncryptWithRandom(random, []byte("x")); !errors.Is(err, wxcrypt.ErrFormat) {
			t.Errorf("EncryptWithRandom(%d-byte random): %v, want ErrFormat", len(random), err)
		}
		if _, err := c.EncryptMsgWithRandom(random, []byte("x"), "1", "2"); !errors.Is(err, wxcrypt.ErrFormat) {
			t.Errorf("EncryptMsgWithRandom(%d-byte random): %v, want ErrFormat", len(random), err)
		}
	}
}
