package wxapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/url"
)

// Errcodes with which WeChat refuses the token rather than the request.
const (
	// CodeInvalidCredential (40001) on an API call: the token is invalid
	// or no longer the latest (the service account replaced it).
	CodeInvalidCredential = 40001
	// CodeInvalidToken (40014): not a valid token (revoked early, another
	// app's).
	CodeInvalidToken = 40014
	// CodeTokenExpired (42001): the token expired.
	CodeTokenExpired = 42001
)

// IsTokenError reports whether WeChat refused a call because of its token
// alone: it did not act on the request, so repeating it with a fresh token
// is safe even for message sends.
func IsTokenError(code int) bool {
	return code == CodeInvalidCredential || code == CodeInvalidToken || code == CodeTokenExpired
}

// Tokens supplies the access token of one app or account.
type Tokens interface {
	// Token returns the current token, fetching it when needed.
	Token(ctx context.Context) (string, error)
	// Drop forgets tok, unless another caller already replaced it.
	Drop(ctx context.Context, tok string) error
	// LogValue names the app or account in log lines, without its secret.
	slog.LogValuer
}

// CallWithToken performs req with the token in the access_token query
// parameter and decodes the answer into out (which may be nil). When
// WeChat refuses the token (IsTokenError) the token is dropped, a fresh
// one fetched and the call repeated exactly once. secret joins the strings
// hidden from errors.
//
// On a WeChat error out is still filled from the body, because some APIs
// (message/send with 81013) explain the error in other fields.
func (c *Caller) CallWithToken(ctx context.Context, tokens Tokens, secret string, req Request, out any) error {
	api := c.API(req.Path)
	var raw []byte
	var err error
	for attempt := 1; ; attempt++ {
		var tok string
		tok, err = tokens.Token(ctx)
		if err != nil {
			return fmt.Errorf("%s %s: %w", c.service, api, err)
		}
		r := req
		r.Query = url.Values{}
		maps.Copy(r.Query, req.Query)
		r.Query.Set("access_token", tok)
		r.Hide = append([]string{tok, secret}, req.Hide...)
		raw, err = c.Do(ctx, r)
		if code := CodeOf(err); attempt == 1 && IsTokenError(code) {
			c.log.LogAttrs(ctx, slog.LevelInfo, "wechat refused the access token; refreshing and retrying once",
				slog.String("service", c.service), slog.Any("app", tokens), slog.String("api", api), slog.Int("errcode", code))
			if derr := tokens.Drop(ctx, tok); derr != nil {
				// The retry then reads the refused token back and fails with
				// the same token error, which is returned.
				c.log.LogAttrs(ctx, slog.LevelWarn, "dropping a refused token failed",
					slog.String("service", c.service), slog.Any("app", tokens), slog.String("error", derr.Error()))
			}
			continue
		}
		break
	}
	if raw != nil && out != nil {
		if derr := json.Unmarshal(raw, out); derr != nil && err == nil {
			return fmt.Errorf("%s %s: decoding response: %w", c.service, api, derr)
		}
	}
	return err
}

// Unwrap returns the *Error inside err as is, so a caller adding its own
// "service api:" prefix does not double it; other errors pass through.
func Unwrap(err error) error {
	var we *Error
	if errors.As(err, &we) {
		return we
	}
	return err
}
