package auth

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
)

// Fixed claims of every access token. A token minted for another service with the same key is refused by the
// audience check.
const (
	Issuer   = "qiao"
	Audience = "qiao-api"
)

// clockSkew is how far apart our servers' clocks may be when checking exp and iat.
const clockSkew = 30 * time.Second

// claims is the payload of an access token. Subject is the account ID.
type claims struct {
	jwt.RegisteredClaims
	TenantID     uint64         `json:"tid"`
	EmployeeID   uint64         `json:"eid"`
	Role         directory.Role `json:"role"`
	TokenVersion int            `json:"tv"`
	// Channel is ChannelWeChat for sessions begun from WeChat; absent for password sessions.
	Channel string `json:"ch,omitempty"`
	// Binding is the WeChat binding a session from personal WeChat began through; absent for others.
	Binding uint64 `json:"wb,omitempty"`
}

func invalidToken(cause error) error {
	return apperr.Wrap(cause, apperr.Unauthenticated, "登录已失效，请重新登录")
}

// signAccess mints an access token for a on v; it returns the token and its expiry.
func (s *Service) signAccess(a directory.Account, v via) (string, time.Time, error) {
	c, err := s.accountClaims(a, v, Audience, s.cfg.AccessTTL)
	if err != nil {
		return "", time.Time{}, apperr.Wrap(err, apperr.Internal, "sign access token")
	}
	tok, err := s.sign(c)
	if err != nil {
		return "", time.Time{}, apperr.Wrap(err, apperr.Internal, "sign access token")
	}
	// NumericDate has second precision; report what the token actually says.
	return tok, c.ExpiresAt.Time, nil
}

// accountClaims are the claims of a token for account a on v, addressed to audience and living ttl from now: what
// access and link tokens both carry, and parse checks.
func (s *Service) accountClaims(a directory.Account, v via, audience string, ttl time.Duration) (claims, error) {
	now := s.cfg.Now()
	id, err := randomHex(16)
	if err != nil {
		return claims{}, err
	}
	c := claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    Issuer,
			Subject:   strconv.FormatUint(a.ID, 10),
			Audience:  jwt.ClaimStrings{audience},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
			ID:        id,
		},
		TenantID:     a.TenantID,
		EmployeeID:   a.EmployeeID,
		Role:         a.Role,
		TokenVersion: a.TokenVersion,
	}
	if v.channel == ChannelWeChat {
		c.Channel = ChannelWeChat
		c.Binding = v.binding
	}
	return c, nil
}

// sign signs c with the JWT secret (HS256).
func (s *Service) sign(c jwt.Claims) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(s.cfg.JWTSecret)
}

// parseAccess verifies an access token's signature and registered claims and returns its claims. Every failure is
// unauthenticated "登录已失效，请重新登录"; the cause is wrapped for the log.
func (s *Service) parseAccess(raw string) (*claims, uint64, error) {
	raw = strings.TrimSpace(raw)
	if len(raw) > 7 && strings.EqualFold(raw[:7], "bearer ") {
		raw = strings.TrimSpace(raw[7:])
	}
	var c claims
	accountID, err := s.parse(raw, Audience, &c, &c)
	if err != nil {
		return nil, 0, err
	}
	return &c, accountID, nil
}

// parse verifies raw, a token for audience, into into (a claims type embedding c) and returns the account ID of its
// subject. Every failure is unauthenticated "登录已失效，请重新登录", the cause wrapped for the log. The audience
// keeps each kind of token to its own use: a link token is no access token, and the reverse.
func (s *Service) parse(raw, audience string, into jwt.Claims, c *claims) (uint64, error) {
	if raw == "" {
		return 0, invalidToken(errors.New("empty token"))
	}
	_, err := jwt.ParseWithClaims(raw, into, func(*jwt.Token) (any, error) { return s.cfg.JWTSecret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(Issuer),
		jwt.WithAudience(audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(clockSkew),
		jwt.WithTimeFunc(s.cfg.Now),
	)
	if err != nil {
		return 0, invalidToken(err)
	}
	accountID, err := strconv.ParseUint(c.Subject, 10, 64)
	if err != nil || accountID == 0 || c.TenantID == 0 {
		return 0, invalidToken(fmt.Errorf("bad subject %q or tenant %d", c.Subject, c.TenantID))
	}
	return accountID, nil
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("read random: %w", err)
	}
	return hex.EncodeToString(b), nil
}
