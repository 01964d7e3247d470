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
	// Channel is how the session began: ChannelWeb (a password, outside WeChat) or ChannelWeChat (WeChat OAuth
	// through an SSO ticket, or a password typed inside WeChat). WeChat-channel sessions pass the directory's
	// WeChat gate on every request.
	Channel string
	// Binding is the personal WeChat binding (directory.WeChatBinding) the session began through, 0 when none: such a
	// session lives only as long as the binding.
	Binding uint64
}

// via is how a session began: its channel and the WeChat binding it rides on (0 for none).
type via struct {
	channel string
	binding uint64
}

// The channels of a session. ChannelWeb is the zero value, so sessions (and tokens) from before channels existed
// are password sessions.
const (
	ChannelWeb    = ""
	ChannelWeChat = "wechat"
)

// normalizeChannel maps anything but ChannelWeChat to ChannelWeb.
func normalizeChannel(c string) string {
	if c == ChannelWeChat {
		return ChannelWeChat
	}
	return ChannelWeb
}

type actorKey struct{}

type clientKey struct{}

// WithClient returns ctx naming the client of the request, its network address as the HTTP edge sees it (behind
// trusted proxies, the address they report). The sign-in throttle counts failures per client.
func WithClient(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientKey{}, addr)
}

// ClientFrom returns the client named by WithClient, or "".
func ClientFrom(ctx context.Context) string {
	v, _ := ctx.Value(clientKey{}).(string)
	return v
}

type weChatClientKey struct{}

// WithWeChatClient marks ctx as a request from inside WeChat or WeCom (their in-app browser), which the HTTP edge
// tells by the user agent. A password sign-in from there begins a WeChat-channel session: the WeChat gate is the
// rule for everything done inside WeChat, however the person signed in.
func WithWeChatClient(ctx context.Context) context.Context {
	return context.WithValue(ctx, weChatClientKey{}, true)
}

// fromWeChatClient reports whether ctx was marked by WithWeChatClient.
func fromWeChatClient(ctx context.Context) bool {
	v, _ := ctx.Value(weChatClientKey{}).(bool)
	return v
}

// WithActor returns ctx carrying a. It does not scope ctx to a's tenant; use tenancy.WithTenant for that.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the Actor of ctx, if any.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok && a.AccountID != 0
}

// via is how the actor's session began.
func (a Actor) via() via { return via{channel: normalizeChannel(a.Channel), binding: a.Binding} }
