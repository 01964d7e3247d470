package wxcrypt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"
)

const (
	// keySize is the AES-256 key length; EncodingAESKey is its base64
	// without the trailing "=" (43 characters).
	keySize = 32
	// padBlock is the PKCS#7 block WeChat pads to. It is twice the AES
	// block: the official samples pad to 32, and the official POST vector
	// carries 30 pad bytes.
	padBlock = 32
	// randomSize is the random prefix of every plaintext.
	randomSize = 16
	// headerSize is the random prefix plus the big-endian uint32 length.
	headerSize = randomSize + 4
)

// Crypter signs, encrypts and decrypts callback messages for one callback
// configuration: WeCom's (receiveID = the corpid for an in-house app, the
// suiteid for a third-party app, "" for a personal-entity third-party app)
// or a service account's safe mode (receiveID = the appid).
//
// A Crypter is safe for concurrent use.
type Crypter struct {
	token     string
	receiveID string
	block     cipher.Block
	iv        []byte
}

// New returns a Crypter for the Token and EncodingAESKey configured on the
// callback page. It fails with ErrConfig when the token is empty or the key
// does not decode (base64 of key+"=") to 32 bytes.
//
// receiveID is checked on every decrypt unless it is "": personal-entity
// third-party apps receive messages with an empty receiveid, and those
// callers have nothing to check.
func New(token, encodingAESKey, receiveID string) (*Crypter, error) {
	if token == "" {
		return nil, fmt.Errorf("%w: empty token", ErrConfig)
	}
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != keySize {
		// The key itself stays out of the message.
		return nil, fmt.Errorf("%w: EncodingAESKey must be 43 base64 characters encoding 32 bytes", ErrConfig)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	return &Crypter{token: token, receiveID: receiveID, block: block, iv: key[:aes.BlockSize]}, nil
}

// ReceiveID returns the receiveid the Crypter encrypts for and checks.
func (c *Crypter) ReceiveID() string { return c.receiveID }

// Signature returns msg_signature: the lowercase hex SHA-1 of token,
// timestamp, nonce and encrypt, sorted lexically and joined without a
// separator.
func (c *Crypter) Signature(timestamp, nonce, encrypt string) string {
	return sortedSHA1(c.token, timestamp, nonce, encrypt)
}

// verify compares a received signature with the expected one in constant
// time, so the comparison leaks nothing about how many leading characters
// were right.
func (c *Crypter) verify(signature, timestamp, nonce, encrypt string) error {
	if !equalSignature(signature, c.Signature(timestamp, nonce, encrypt)) {
		return fmt.Errorf("%w: msg_signature", ErrSignature)
	}
	return nil
}

// Encrypt encrypts msg for the Crypter's receiveID with a fresh random
// prefix from crypto/rand and returns the base64 text that goes into
// <Encrypt> (or is a URL-verification echostr).
func (c *Crypter) Encrypt(msg []byte) (string, error) {
	random := make([]byte, randomSize)
	if _, err := rand.Read(random); err != nil {
		return "", fmt.Errorf("wxcrypt: random prefix: %w", err)
	}
	return c.EncryptWithRandom(random, msg)
}

// EncryptWithRandom is Encrypt with a caller-chosen 16-byte prefix, for
// reproducing the official vectors. Production code uses Encrypt: a fixed
// prefix makes equal messages encrypt equally.
func (c *Crypter) EncryptWithRandom(random, msg []byte) (string, error) {
	if len(random) != randomSize {
		return "", fmt.Errorf("%w: random prefix is %d bytes, want %d", ErrFormat, len(random), randomSize)
	}
	if uint64(len(msg)) > math.MaxUint32 {
		return "", fmt.Errorf("%w: message of %d bytes does not fit the length field", ErrFormat, len(msg))
	}
	n := headerSize + len(msg) + len(c.receiveID)
	pad := padBlock - n%padBlock // 1..32: a whole block when n is aligned
	plain := make([]byte, 0, n+pad)
	plain = append(plain, random...)
	plain = binary.BigEndian.AppendUint32(plain, uint32(len(msg)))
	plain = append(plain, msg...)
	plain = append(plain, c.receiveID...)
	for range pad {
		plain = append(plain, byte(pad))
	}
	cipher.NewCBCEncrypter(c.block, c.iv).CryptBlocks(plain, plain)
	return base64.StdEncoding.EncodeToString(plain), nil
}

// Decrypt reverses Encrypt: base64, AES-256-CBC with IV = key[:16], PKCS#7
// padding to 32-byte blocks (validated), then random(16) ‖ uint32 length ‖
// msg ‖ receiveid, where the length is bounds-checked and the receiveid
// must equal the Crypter's (unless that is ""). It returns msg exactly as
// sent, not trimmed.
//
// Decrypt does not authenticate: callers verify msg_signature first, as
// VerifyURL and DecryptMsg do, so that a forged ciphertext is rejected
// before any of its bytes are looked at.
func (c *Crypter) Decrypt(encrypt string) ([]byte, error) {
	data, err := base64.StdEncoding.DecodeString(encrypt)
	if err != nil {
		return nil, fmt.Errorf("%w: encrypt is not base64: %v", ErrFormat, err)
	}
	if len(data) == 0 || len(data)%aes.BlockSize != 0 {
		return nil, fmt.Errorf("%w: ciphertext of %d bytes is not a whole number of AES blocks", ErrFormat, len(data))
	}
	cipher.NewCBCDecrypter(c.block, c.iv).CryptBlocks(data, data)

	pad := int(data[len(data)-1])
	if pad < 1 || pad > padBlock || pad > len(data) {
		return nil, fmt.Errorf("%w: pad length %d", ErrPadding, pad)
	}
	for _, b := range data[len(data)-pad:] {
		if int(b) != pad {
			return nil, fmt.Errorf("%w: pad bytes differ", ErrPadding)
		}
	}
	plain := data[:len(data)-pad]

	if len(plain) < headerSize {
		return nil, fmt.Errorf("%w: plaintext of %d bytes is shorter than its header", ErrFormat, len(plain))
	}
	size := binary.BigEndian.Uint32(plain[randomSize:headerSize])
	if uint64(size) > uint64(len(plain)-headerSize) {
		return nil, fmt.Errorf("%w: length field %d exceeds the %d bytes left", ErrFormat, size, len(plain)-headerSize)
	}
	end := headerSize + int(size)
	if c.receiveID != "" && subtle.ConstantTimeCompare(plain[end:], []byte(c.receiveID)) != 1 {
		return nil, ErrReceiveID
	}
	// Cap the result so an append by the caller cannot scribble over the
	// receiveid bytes behind it.
	return plain[headerSize:end:end], nil
}

// VerifyURL answers WeCom's GET URL verification: it checks msg_signature
// over echostr and returns the decrypted echostr, which the handler writes
// back exactly (no quotes, BOM or newline). Pass the query values already
// URL-decoded (url.Values does that).
//
// A '+' in echostr that reached us unescaped has been decoded to ' ' by
// the query parser; base64 never contains a space, so spaces are turned
// back into '+' before checking.
func (c *Crypter) VerifyURL(msgSignature, timestamp, nonce, echostr string) ([]byte, error) {
	echostr = strings.ReplaceAll(echostr, " ", "+")
	if err := c.verify(msgSignature, timestamp, nonce, echostr); err != nil {
		return nil, fmt.Errorf("verify url: %w", err)
	}
	plain, err := c.Decrypt(echostr)
	if err != nil {
		return nil, fmt.Errorf("verify url: %w", err)
	}
	return plain, nil
}

// PlainSignature is the service account's plain-mode signature: the
// lowercase hex SHA-1 of token, timestamp and nonce, sorted lexically and
// joined. It signs the GET URL verification (whose echostr is returned
// unencrypted) and, as "signature", every POST.
func PlainSignature(token, timestamp, nonce string) string {
	return sortedSHA1(token, timestamp, nonce)
}

// VerifyPlain reports whether signature is PlainSignature(token, timestamp,
// nonce), compared in constant time. An empty token never verifies.
func VerifyPlain(token, signature, timestamp, nonce string) bool {
	return token != "" && equalSignature(signature, PlainSignature(token, timestamp, nonce))
}

func sortedSHA1(parts ...string) string {
	slices.Sort(parts)
	sum := sha1.Sum([]byte(strings.Join(parts, "")))
	return hex.EncodeToString(sum[:])
}

// equalSignature compares a received hex signature with the expected
// lowercase one; WeChat sends lowercase, but hex case carries no meaning.
func equalSignature(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(strings.ToLower(got)), []byte(want)) == 1
}
