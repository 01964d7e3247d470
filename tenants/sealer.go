package tenants

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"fmt"

	"github.com/qiao-hq/qiao/apperr"
)

// Sealer encrypts secrets at rest (WeCom app secrets, service-account secrets) with AES-256-GCM. A database dump
// alone then reveals no credential: the master key lives in the process configuration, never in the database.
//
// A sealed value is nonce | ciphertext | tag. The nonce is random per Seal, so sealing the same secret twice gives
// different bytes, and any change to a sealed value makes Open fail instead of returning garbage.
type Sealer struct {
	aead cipher.AEAD
}

// MinMasterKeyLen is the shortest master key NewSealer accepts: a shorter one would be weaker than the 32-byte
// AES-256 key derived from it.
const MinMasterKeyLen = 32

// NewSealer derives the AES-256 key as the SHA-256 of masterKey, which must be at least MinMasterKeyLen bytes
// (random ones: `openssl rand -hex 32`); a shorter one is refused with invalid, because a guessable master key
// opens every tenant's secrets. The master key must outlive the sealed values: under another key they do not open.
func NewSealer(masterKey string) (*Sealer, error) {
	if len(masterKey) < MinMasterKeyLen {
		return nil, apperr.InvalidField("masterKey", "主密钥只有 %d 字节，至少需要 %d 字节", len(masterKey), MinMasterKeyLen)
	}
	key := sha256.Sum256([]byte(masterKey))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "init sealer")
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "init sealer")
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts plaintext under a fresh random nonce. It fails (internal) only when the system's random source does.
func (s *Sealer) Seal(plaintext []byte) ([]byte, error) {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plaintext)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, apperr.Wrap(fmt.Errorf("read nonce: %w", err), apperr.Internal, "seal secret")
	}
	return s.aead.Seal(nonce, nonce, plaintext, nil), nil
}

// Open decrypts a value made by Seal. A truncated or tampered value, or one sealed under another master key, fails
// with internal: stored secrets are written only by us, so a value that does not open is corruption or an attack.
func (s *Sealer) Open(sealed []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() {
		return nil, apperr.E(apperr.Internal, "open secret: sealed value too short (%d bytes)", len(sealed))
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], nil)
	if err != nil {
		return nil, apperr.Wrap(fmt.Errorf("open secret: %w", err), apperr.Internal, "open secret")
	}
	return plain, nil
}
