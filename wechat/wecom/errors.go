package wecom

import (
	"errors"
	"fmt"
)

// WeCom errcodes the client itself reacts to. Callers usually only need
// CodeOf and the numbers from the WeCom global error-code table.
const (
	// CodeInvalidToken (40014) means the access_token is not valid (for
	// example invalidated early, or for another app). The client refreshes
	// the token and retries the call once.
	CodeInvalidToken = 40014
	// CodeTokenExpired (42001) means the access_token expired. The client
	// refreshes the token and retries the call once.
	CodeTokenExpired = 42001
	// CodeInvalidSecret (40001) comes from gettoken when the secret is wrong,
	// does not belong to the corp, or the app is disabled. Not retried.
	CodeInvalidSecret = 40001
	// CodeInvalidCorpID (40013) comes from gettoken for an unknown corp.
	CodeInvalidCorpID = 40013
	// CodeInvalidCode (40029) means an OAuth code is unknown, used or older
	// than 5 minutes; treat it as "sign in again".
	CodeInvalidCode = 40029
	// CodeAllRecipientsInvalid (81013) means no recipient of message/send
	// was valid; nothing was delivered.
	CodeAllRecipientsInvalid = 81013
)

// Error is a non-zero errcode answered by WeCom, together with the API
// (path below /cgi-bin/, e.g. "message/send") that answered it. Msg is
// WeCom's errmsg, for humans only: branch on Code, never on Msg. An Error
// never contains a secret or an access token.
type Error struct {
	API  string
	Code int
	Msg  string
}

// Error formats the error as "wecom API: errcode N: MSG".
func (e *Error) Error() string {
	return fmt.Sprintf("wecom %s: errcode %d: %s", e.API, e.Code, e.Msg)
}

// CodeOf returns the WeCom errcode carried by err (anywhere in its chain),
// or 0 when err does not wrap an *Error (nil, network errors, timeouts).
func CodeOf(err error) int {
	var we *Error
	if errors.As(err, &we) {
		return we.Code
	}
	return 0
}

// isTokenError reports whether WeCom refused the call because of the token
// alone, so that it did not act on the request and a retry with a fresh
// token is safe even for non-idempotent APIs such as message/send.
func isTokenError(code int) bool {
	return code == CodeInvalidToken || code == CodeTokenExpired
}
