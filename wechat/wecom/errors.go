package wecom

import (
	"time"

	"github.com/qiao-hq/qiao/wechat/wxapi"
)

// WeCom errcodes the client itself reacts to or callers commonly branch on.
// The full table is WeCom's global error-code page.
const (
	// CodeBusy (-1): system busy. Idempotent calls are repeated with
	// backoff, 3 tries in all.
	CodeBusy = wxapi.CodeBusy
	// CodeInvalidSecret (40001) comes from gettoken when the secret is
	// wrong, does not belong to the corp, or the app is disabled; on other
	// APIs it means the token is not valid, and the call is retried once
	// with a fresh token.
	CodeInvalidSecret = wxapi.CodeInvalidCredential
	// CodeInvalidCorpID (40013) comes from gettoken for an unknown corp.
	CodeInvalidCorpID = 40013
	// CodeInvalidToken (40014): the access_token is not valid (invalidated
	// early, or for another app). Refreshed and retried once.
	CodeInvalidToken = wxapi.CodeInvalidToken
	// CodeInvalidCode (40029): an OAuth code is unknown, used or older than
	// 5 minutes; treat it as "sign in again".
	CodeInvalidCode = 40029
	// CodeTokenExpired (42001): the access_token expired. Refreshed and
	// retried once.
	CodeTokenExpired = wxapi.CodeTokenExpired
	// CodeRateLimited (45009) and CodeTooConcurrent (45033) come back as an
	// error matching ErrRateLimited, with RetryAfterOf telling the wait.
	CodeRateLimited   = wxapi.CodeRateLimited
	CodeTooConcurrent = wxapi.CodeTooConcurrent
	// CodeNotAllowed (48002): the API is not open to this secret, e.g. a
	// contact write with an app secret.
	CodeNotAllowed = 48002
	// CodeIPNotAllowed (60020): the caller's IP is not among the trusted
	// IPs (企业可信IP) of the app or contact-sync secret. gettoken still
	// succeeds from anywhere; every call with the token fails. Not
	// retried: an admin must add the IP (WeCom applies it in about a
	// minute).
	CodeIPNotAllowed = 60020
	// Contact errors.
	CodeUserExists    = 60102
	CodeMobileExists  = 60104
	CodeUserNotFound  = 60111
	CodeBadDepartment = 60123
	// CodeAllRecipientsInvalid (81013): no recipient of message/send was
	// valid; nothing was delivered.
	CodeAllRecipientsInvalid = 81013
)

// Error is a non-zero errcode answered by WeCom, with the API (path below
// /cgi-bin/, e.g. "message/send") that answered it. Branch on Code, never
// on Msg. An Error never contains a secret or an access token.
type Error = wxapi.Error

// ErrRateLimited matches every 45009 and 45033 (errors.Is).
var ErrRateLimited = wxapi.ErrRateLimited

// CodeOf returns the WeCom errcode carried by err (anywhere in its chain),
// or 0 when err does not wrap an *Error (nil, network errors, timeouts).
func CodeOf(err error) int { return wxapi.CodeOf(err) }

// RetryAfterOf tells how long to wait after a rate limit.
func RetryAfterOf(err error) (wait time.Duration, limited bool) { return wxapi.RetryAfterOf(err) }
