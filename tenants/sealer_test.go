package tenants_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenants"
)

// Master keys of the tests: random-looking and at least tenants.MinMasterKeyLen bytes, as in production.
const (
	masterKey      = "sealer-test-master-0123456789abcdef"
	otherMasterKey = "sealer-test-other-0123456789abcdef"
)

func mustSealer(t *testing.T, key string) *tenants.Sealer {
	t.Helper()
	s, err := tenants.NewSealer(key)
	if err != nil {
		t.Fatalf("NewSealer: %v", err)
	}
	return s
}

func TestSealer(t *testing.T) {
	s := mustSealer(t, masterKey)
	secret := []byte("wecom-app-secret-0123456789")

	t.Run("RoundTrip", func(t *testing.T) {
		for _, plain := range [][]byte{secret, {}, bytes.Repeat([]byte{0xff}, 300)} {
			sealed, err := s.Seal(plain)
			if err != nil {
				t.Fatal(err)
			}
			if len(plain) > 0 && bytes.Contains(sealed, plain) {
				t.Error("sealed value contains the plaintext")
			}
			got, err := s.Open(sealed)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, plain) {
				t.Errorf("Open = %q, want %q", got, plain)
			}
		}
	})

	t.Run("FreshNonce", func(t *testing.T) {
		a, _ := s.Seal(secret)
		b, _ := s.Seal(secret)
		if bytes.Equal(a, b) {
			t.Error("sealing twice gave the same bytes")
		}
	})

	t.Run("TamperDetected", func(t *testing.T) {
		sealed, err := s.Seal(secret)
		if err != nil {
			t.Fatal(err)
		}
		// Flip one bit in the nonce, the ciphertext and the tag in turn.
		for _, i := range []int{0, 11, 12, len(sealed) / 2, len(sealed) - 1} {
			bad := bytes.Clone(sealed)
			bad[i] ^= 0x01
			if _, err := s.Open(bad); !apperr.Is(err, apperr.Internal) {
				t.Errorf("bit flipped at %d: err = %v, want internal", i, err)
			}
		}
		for _, bad := range [][]byte{nil, sealed[:10], sealed[:len(sealed)-1], append(bytes.Clone(sealed), 0)} {
			if _, err := s.Open(bad); err == nil {
				t.Errorf("Open(%d bytes) succeeded", len(bad))
			}
		}
	})

	t.Run("OtherKeyRefused", func(t *testing.T) {
		sealed, _ := s.Seal(secret)
		if _, err := mustSealer(t, otherMasterKey).Open(sealed); err == nil {
			t.Error("opened with another master key")
		}
	})

	t.Run("ErrShortKey", func(t *testing.T) {
		// A passphrase is guessable, and a guessed master key opens every tenant's secrets.
		for _, key := range []string{"", "correct horse battery staple", strings.Repeat("k", tenants.MinMasterKeyLen-1)} {
			if _, err := tenants.NewSealer(key); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("NewSealer(%d bytes): err = %v, want invalid", len(key), err)
			}
		}
		if _, err := tenants.NewSealer(strings.Repeat("k", tenants.MinMasterKeyLen)); err != nil {
			t.Errorf("NewSealer(%d bytes): %v", tenants.MinMasterKeyLen, err)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestSettingsPatchValidate(t *testing.T) {
	tests := []struct {
		name      string
		patch     tenants.SettingsPatch
		wantField string // "" means valid
	}{
		{"Empty", tenants.SettingsPatch{}, ""},
		{"AllAtLowerBounds", tenants.SettingsPatch{LockoutThreshold: ptr(1), LockoutMinutes: ptr(1), PasswordMinLength: ptr(8)}, ""},
		{"AllAtUpperBounds", tenants.SettingsPatch{LockoutThreshold: ptr(100), LockoutMinutes: ptr(1440), PasswordMinLength: ptr(64)}, ""},
		{"Booleans", tenants.SettingsPatch{PasswordRequireSymbol: ptr(true), ForcePasswordChange: ptr(false)}, ""},
		{"ErrThresholdZero", tenants.SettingsPatch{LockoutThreshold: ptr(0)}, "lockoutThreshold"},
		{"ErrThresholdHigh", tenants.SettingsPatch{LockoutThreshold: ptr(101)}, "lockoutThreshold"},
		{"ErrMinutesZero", tenants.SettingsPatch{LockoutMinutes: ptr(0)}, "lockoutMinutes"},
		{"ErrMinutesHigh", tenants.SettingsPatch{LockoutMinutes: ptr(1441)}, "lockoutMinutes"},
		{"ErrMinLengthLow", tenants.SettingsPatch{PasswordMinLength: ptr(7)}, "passwordMinLength"},
		{"ErrMinLengthHigh", tenants.SettingsPatch{PasswordMinLength: ptr(65)}, "passwordMinLength"},
		{"ErrNegative", tenants.SettingsPatch{LockoutMinutes: ptr(-5)}, "lockoutMinutes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.patch.Validate()
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Field != tt.wantField {
				t.Fatalf("err = %#v, want invalid on %s", err, tt.wantField)
			}
		})
	}
}
