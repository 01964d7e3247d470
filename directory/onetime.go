package directory

import (
	"crypto/rand"
	"math/big"
)

// lettersAndDigits leaves out characters read alike (0/O, 1/l/I), since a one-time password is read off a screen.
const (
	lettersAndDigits = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	symbols          = "!@#$%^&*-_=+"
	// OneTimePasswordLength is a one-time password's length, unless the tenant asks for longer passwords.
	OneTimePasswordLength = 16
)

// OneTimePassword returns a random password of n characters (OneTimePasswordLength at least) with letters, digits
// and a symbol, so that it meets every policy a tenant can set whose minimum length is at most n. The person it is
// given to must change it at their next sign-in.
func OneTimePassword(n int) (string, error) {
	n = max(n, OneTimePasswordLength)
	for {
		b := make([]byte, n)
		for i := range b {
			set := lettersAndDigits
			if i == n/2 {
				set = symbols
			}
			k, err := rand.Int(rand.Reader, big.NewInt(int64(len(set))))
			if err != nil {
				return "", err
			}
			b[i] = set[k.Int64()]
		}
		if err := CheckPassword(Policy{MinLength: n, RequireSymbol: true}, string(b)); err == nil {
			return string(b), nil
		}
	}
}
