// Package apperr is the one application error type: a machine-readable code for callers (mapped once to GraphQL's
// extensions.code), a message safe to show a user, and the wrapped cause for logs.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Code classifies an error for callers. The set is closed: transports map each code exactly once.
type Code string

// The codes every layer may return.
const (
	Invalid         Code = "invalid"         // the input breaks a rule; nothing was written
	NotFound        Code = "not_found"       // absent, or not visible to this caller (other tenants included)
	Conflict        Code = "conflict"        // the state changed underneath, or the write was already done
	Forbidden       Code = "forbidden"       // authenticated, but not allowed
	Unauthenticated Code = "unauthenticated" // no valid credentials
	RateLimited     Code = "rate_limited"    // try again later
	Internal        Code = "internal"        // a bug or an outage; details go to the log only
)

// Error carries a Code, a user-facing message and, optionally, the cause. Field names the offending input field
// for Invalid errors so forms can point at it.
type Error struct {
	Code  Code
	Msg   string
	Field string
	// RetryAfter is, for RateLimited, how long the caller should wait before trying again.
	RetryAfter time.Duration
	Err        error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Msg, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an error with a formatted message.
func E(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// InvalidField reports a rule broken by one named input field.
func InvalidField(field, format string, args ...any) *Error {
	return &Error{Code: Invalid, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// RateLimit reports that the caller must wait after before trying again.
func RateLimit(after time.Duration, format string, args ...any) *Error {
	return &Error{Code: RateLimited, RetryAfter: after, Msg: fmt.Sprintf(format, args...)}
}

// AsField returns err naming field instead of the field it named: a rule checked on a value the caller received under
// another name (a new password checked by the password rule; an admin's name by the employee rule). Errors that are
// not an *Error come back as they are.
func AsField(err error, field string) error {
	var ae *Error
	if !errors.As(err, &ae) {
		return err
	}
	renamed := *ae
	renamed.Field = field
	return &renamed
}

// Wrap attaches a code and message to a cause (for example a store error that means "not found").
func Wrap(err error, code Code, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...), Err: err}
}

// CodeOf returns the code of the first *Error in err's chain, Internal for any other non-nil error, "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// MessageOf returns the user-facing message of err; errors without a code get a generic text, because their
// details may hold internals.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != Internal {
		return e.Msg
	}
	return "internal error"
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// OrInternal passes an *Error through and wraps anything else as internal, described by op for the log.
func OrInternal(err error, op string) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return Wrap(err, Internal, "%s", op)
}
