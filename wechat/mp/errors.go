package mp

import (
	"errors"
	"fmt"
	"time"

	"github.com/qiao-hq/qiao/wechat/wxapi"
)

// Errcodes the client reacts to or callers commonly branch on. The full
// table is the service account's global error-code page.
const (
	// CodeBusy (-1): system busy. Idempotent calls are repeated with
	// backoff, 3 tries in all.
	CodeBusy = wxapi.CodeBusy
	// CodeInvalidCredential (40001): on an API call the access_token is
	// "invalid or not latest" (replaced by a force refresh); the call is
	// retried once with a fresh token.
	CodeInvalidCredential = wxapi.CodeInvalidCredential
	// CodeInvalidOpenID (40003): the openid is not a user of this account.
	CodeInvalidOpenID = 40003
	// CodeInvalidAppID (40013): unknown appid.
	CodeInvalidAppID = 40013
	// CodeInvalidToken (40014): the access_token is not valid. Refreshed
	// and retried once.
	CodeInvalidToken = wxapi.CodeInvalidToken
	// CodeInvalidCode (40029): an OAuth code is unknown, expired (5
	// minutes) or for another account. Treat as "sign in again".
	CodeInvalidCode = 40029
	// CodeInvalidTemplateID (40037): no such template on the account.
	CodeInvalidTemplateID = 40037
	// CodeInvalidSecret (40125): the AppSecret is wrong.
	CodeInvalidSecret = 40125
	// CodeCodeUsed (40163): an OAuth code was already redeemed, typically
	// because the page was reloaded or opened twice. Treat as "sign in
	// again".
	CodeCodeUsed = 40163
	// CodeTokenExpired (42001): the access_token expired. Refreshed and
	// retried once.
	CodeTokenExpired = wxapi.CodeTokenExpired
	// CodeNotSubscribed (43004): the user does not follow the account, so
	// it may not send them template messages.
	CodeNotSubscribed = 43004
	// CodeRateLimited (45009) and CodeTooConcurrent (45033) come back as an
	// error matching ErrRateLimited, with RetryAfterOf telling the wait.
	// 45009 is also the answer to the 21st force refresh of a day.
	CodeRateLimited   = wxapi.CodeRateLimited
	CodeTooConcurrent = wxapi.CodeTooConcurrent
	// CodeMenuNotExist (46003): the account has no custom menu.
	CodeMenuNotExist = 46003
)

// Error is a non-zero errcode answered by WeChat, with the API (the path
// below /cgi-bin/, or e.g. "sns/oauth2/access_token") that answered it.
// Branch on Code, never on Msg. An Error never contains a secret or a
// token.
type Error = wxapi.Error

// ErrRateLimited matches every 45009 and 45033 (errors.Is).
var ErrRateLimited = wxapi.ErrRateLimited

// CodeOf returns the errcode carried by err (anywhere in its chain), or 0
// when err does not wrap an *Error (nil, network errors, timeouts).
func CodeOf(err error) int { return wxapi.CodeOf(err) }

// RetryAfterOf tells how long to wait after a rate limit.
func RetryAfterOf(err error) (wait time.Duration, limited bool) { return wxapi.RetryAfterOf(err) }

// IsCodeRejected reports whether ExchangeCode failed because the code
// cannot be redeemed (unknown, expired or already used): the page should
// start the OAuth redirect again rather than show an error.
func IsCodeRejected(err error) bool {
	code := CodeOf(err)
	return code == CodeInvalidCode || code == CodeCodeUsed
}

// ErrInvalid matches (errors.Is) every *ValidationError.
var ErrInvalid = errors.New("mp: invalid request")

// ValidationError is a request the client refused before calling WeChat,
// because WeChat would refuse it or, worse, accept it and show something
// else (template values over 20 characters are cut on the phone).
type ValidationError struct {
	API   string // e.g. "message/template/send"
	Field string // e.g. "data.thing1.value", "button[0].sub_button[2].name"
	// Reason says what is wrong, for people.
	Reason string
}

// Error formats as "mp message/template/send: data.thing1.value: …".
func (e *ValidationError) Error() string {
	return fmt.Sprintf("mp %s: %s: %s", e.API, e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }
