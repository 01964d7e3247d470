package directory

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/text"
)

// Policy is what a password must look like; each tenant sets its own (tenants.Settings).
type Policy struct {
	MinLength     int  // in characters (runes), not bytes
	RequireSymbol bool // besides letters and digits, at least one punctuation or symbol character
}

// PolicyOf returns the password policy of a tenant's settings.
func PolicyOf(s tenants.Settings) Policy {
	return Policy{MinLength: s.PasswordMinLength, RequireSymbol: s.PasswordRequireSymbol}
}

// MaxPasswordLength bounds passwords so a sign-in form cannot be used to make us hash megabytes.
const MaxPasswordLength = 128

// CheckPassword reports whether pw satisfies p: one line of text under text.CheckLine's rule (not trimmed: spaces
// count), at least p.MinLength characters (never fewer than 8), at most MaxPasswordLength, at least one letter and
// one digit, and with p.RequireSymbol one symbol. The text rule matters here as anywhere: an invisible or
// direction-changing character typed once cannot be typed again on another phone's keyboard. It returns invalid
// with Field "password" and a message that says what is missing.
func CheckPassword(p Policy, pw string) error {
	minLen := max(p.MinLength, tenants.MinPasswordMinLength)
	if err := text.CheckLine("password", "密码", pw); err != nil {
		return err
	}
	n := utf8.RuneCountInString(pw)
	if n < minLen {
		return apperr.InvalidField("password", "密码至少需要 %d 个字符", minLen)
	}
	if n > MaxPasswordLength {
		return apperr.InvalidField("password", "密码最多 %d 个字符", MaxPasswordLength)
	}
	var letter, digit, symbol bool
	for _, r := range pw {
		switch {
		case unicode.IsLetter(r):
			letter = true
		case unicode.IsDigit(r):
			digit = true
		case unicode.IsPunct(r) || unicode.IsSymbol(r):
			symbol = true
		}
	}
	switch {
	case !letter || !digit:
		return apperr.InvalidField("password", "密码必须同时包含字母和数字")
	case p.RequireSymbol && !symbol:
		return apperr.InvalidField("password", "密码必须包含至少一个符号（如 !@#$%%）")
	}
	return nil
}

// argon2id parameters: OWASP's minimum recommendation (19 MiB, 2 passes, 1 lane). They are stored in every hash, so
// raising them later only affects new hashes; old ones still verify.
const (
	argonMemoryKiB = 19456
	argonTime      = 2
	argonThreads   = 1
	argonSaltLen   = 16
	argonKeyLen    = 32
)

// errMalformedHash is returned for a stored hash that is not a PHC argon2id string.
var errMalformedHash = errors.New("directory: malformed password hash")

// hashPassword returns pw's argon2id hash as a PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash.
func hashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("read salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemoryKiB, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// verifyPassword reports whether pw matches the PHC hash, comparing in constant time. The parameters come from the
// hash itself, bounded so a corrupted row cannot make us allocate gigabytes.
func verifyPassword(hash, pw string) (bool, error) {
	parts := strings.Split(hash, "$")
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, key
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false, errMalformedHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errMalformedHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, errMalformedHash
	}
	if m < 8 || m > 1<<20 || t < 1 || t > 16 || p < 1 || p > 16 {
		return false, errMalformedHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return false, errMalformedHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) < 16 || len(want) > 128 {
		return false, errMalformedHash
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
