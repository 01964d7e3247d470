// Package auth turns credentials into sessions and sessions back into an Actor: password sign-in, short-lived JWT
// access tokens carrying a token version, rotating refresh tokens with reuse detection, and one-time SSO tickets
// for the WeChat OAuth hand-off. It is transport-free: the HTTP and GraphQL layers call it.
package auth

import (
	"context"

	"github.com/qiao-hq/qiao/directory"
)

// Actor is who is asking: the signed-in account, its tenant and employee, and its current role.
type Actor struct {
	TenantID   uint64
	AccountID  uint64
	EmployeeID uint64
	Role       directory.Role
	// MustChangePassword is set while the tenant requires a new password before anything else.
	MustChangePassword bool
}

type actorKey struct{}

// WithActor returns ctx carrying a. It does not scope ctx to a's tenant; use tenancy.WithTenant for that.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the Actor of ctx, if any.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok && a.AccountID != 0
}
