package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/qiao-hq/qiao/apperr"
)

// Link tokens let a plain link act for one account on one path. WeCom's in-app browser opens a file by following a
// link, and a followed link carries no Authorization header, so a download the H5 hands to the browser carries a
// link token in its query instead. A link token is an access token narrowed three ways: its audience (LinkAudience)
// keeps it out of /graphql and keeps access tokens out of links, it names the one path it opens, and it lives
// LinkTTL. It is checked like an access token when used (token version, employee status, WeChat gate), so signing
// out everywhere or a frozen account ends it too.
const (
	LinkAudience = "qiao-link"
	LinkTTL      = 5 * time.Minute
	// LinkParam is the query parameter a link token travels in.
	LinkParam = "link"
)

// linkClaims is the payload of a link token: an access token's claims and the path it opens.
type linkClaims struct {
	claims
	Path string `json:"path"`
}

// SignLink returns a link token for actor to GET path (for example "/api/attachments/42"), and when it expires.
// It reads the account for its token version, so that a revocation after signing ends the link. ctx must carry the
// actor's tenant or none. Errors: unauthenticated when the account is gone; internal on failure.
func (s *Service) SignLink(ctx context.Context, actor Actor, path string) (string, time.Time, error) {
	ctx, err := s.actorTenant(ctx, actor)
	if err != nil {
		return "", time.Time{}, err
	}
	acct, _, err := s.dir.AccountAndStatus(ctx, actor.AccountID)
	if apperr.Is(err, apperr.NotFound) {
		return "", time.Time{}, invalidToken(err)
	}
	if err != nil {
		return "", time.Time{}, err
	}
	ac, err := s.accountClaims(acct, actor.via(), LinkAudience, LinkTTL)
	if err != nil {
		return "", time.Time{}, apperr.Wrap(err, apperr.Internal, "sign link")
	}
	c := linkClaims{claims: ac, Path: path}
	tok, err := s.sign(c)
	if err != nil {
		return "", time.Time{}, apperr.Wrap(err, apperr.Internal, "sign link")
	}
	return tok, c.ExpiresAt.Time, nil
}

// AuthenticateLink checks a token SignLink made for path and returns its Actor, checked as Authenticate checks an
// access token. A token for another path, an access token, and an expired, malformed or revoked token are
// unauthenticated "登录已失效，请重新登录"; a resigned or frozen employee, or one the WeChat gate refuses, is
// forbidden.
func (s *Service) AuthenticateLink(ctx context.Context, token, path string) (Actor, error) {
	var c linkClaims
	accountID, err := s.parse(token, LinkAudience, &c, &c.claims)
	if err != nil {
		return Actor{}, err
	}
	if c.Path != path {
		return Actor{}, invalidToken(fmt.Errorf("link for %q used on %q", c.Path, path))
	}
	return s.actorOf(ctx, &c.claims, accountID)
}
