package wxcrypt

import "errors"

// Sentinel errors. Every error this package returns wraps exactly one of
// them (test with errors.Is); the wrapping text adds context but never the
// token, the key or the plaintext.
var (
	// ErrConfig: New was given an empty token or an EncodingAESKey that
	// does not decode to 32 bytes.
	ErrConfig = errors.New("wxcrypt: invalid configuration")
	// ErrSignature: msg_signature (or the plain signature) does not match.
	ErrSignature = errors.New("wxcrypt: signature mismatch")
	// ErrPadding: the decrypted PKCS#7 padding is not 1..32 equal bytes,
	// which is what a wrong key or a tampered ciphertext looks like.
	ErrPadding = errors.New("wxcrypt: invalid padding")
	// ErrReceiveID: the plaintext was encrypted for another corp, suite or
	// app.
	ErrReceiveID = errors.New("wxcrypt: receiveid mismatch")
	// ErrFormat: the input is malformed (not base64, not a whole number of
	// AES blocks, too short, a length field past the end, an XML envelope
	// or event that does not parse, or an input over the size limit).
	ErrFormat = errors.New("wxcrypt: malformed input")
)
