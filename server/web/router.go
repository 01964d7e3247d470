// Package web is the HTTP edge: routing, bearer authentication, the WeCom OAuth callback, the embedded H5 app and
// health checks. Handlers parse requests and call services; they hold no rules.
package web

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/mpsignin"
	"github.com/qiao-hq/qiao/partners"
	"github.com/qiao-hq/qiao/sso"
	"github.com/qiao-hq/qiao/staffsheet"
	"github.com/qiao-hq/qiao/sysmsg"
	"github.com/qiao-hq/qiao/tenancy"
)

// Deps are what the router serves.
type Deps struct {
	GraphQL http.Handler
	Auth    *auth.Service
	SSO     *sso.Service
	// MPSignIn signs people in from personal WeChat through the service account; nil serves no MP callback.
	MPSignIn MPSignIn
	Links    *deeplink.Builder
	OA       Attachments
	H5       fs.FS
	// Contacts keeps customers' and suppliers' contacts for the systems' API; nil serves none.
	Contacts ContactDirectory
	// Portal is the admins' desktop portal, served under /admin/.
	Portal     fs.FS
	Playground bool
	// Ready reports whether the database and Redis answer; /readyz uses it.
	Ready func(ctx context.Context) error
	Log   *slog.Logger
	// Directory checks the system message API's keys (PB, CRM); SystemMessages resolves the recipients and
	// writes the outbox.
	Directory SystemDirectory
	// Staff is read for the staff spreadsheets (template and export), StaffImports for an import's failed rows;
	// nil leaves their routes out.
	Staff          staffsheet.Directory
	StaffImports   FailedRows
	SystemMessages *sysmsg.Service
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the client (see clientAddress).
	TrustedProxies []netip.Prefix
	// Partners authenticates partner keys (bearer tokens starting partners.KeyPrefix); Tenants resolves the
	// customer a partner names in partners.TenantHeader.
	Partners PartnerKeys
	Tenants  TenantsBySlug
	// Callbacks takes WeCom's events in at CallbackPath; nil serves no intake.
	Callbacks CallbackIntake
	// VerifyFiles serves the tenants' domain verification files at the root; nil serves none.
	VerifyFiles VerifyFiles
}

// NewRouter returns the service's HTTP handler.
func NewRouter(d Deps) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/graphql", clientAddress(d.TrustedProxies, weChatClient(authenticate(d.Auth, d.Partners, d.Tenants, limitGraphQL(d.GraphQL)))))
	if d.Playground {
		mux.Handle("GET /playground", playground.Handler("Qiao", "/graphql"))
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := d.Ready(ctx); err != nil {
			d.Log.WarnContext(ctx, "not ready", "err", err)
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ready"))
	})
	mux.Handle("GET /api/attachments/{id}", authenticate(d.Auth, nil, nil, &attachmentDownload{files: d.OA, auth: d.Auth, log: d.Log}))
	if d.Staff != nil {
		mux.Handle("GET "+StaffTemplatePath, authenticate(d.Auth, d.Partners, d.Tenants, &staffSheet{dir: d.Staff, log: d.Log}))
		mux.Handle("GET "+StaffExportPath, authenticate(d.Auth, d.Partners, d.Tenants, &staffSheet{dir: d.Staff, export: true, log: d.Log}))
	}
	if d.StaffImports != nil {
		mux.Handle("GET "+staffsheet.FailedRowsPath, authenticate(d.Auth, d.Partners, d.Tenants, &staffSheet{failed: d.StaffImports, log: d.Log}))
	}
	sysMsgs := &systemMessages{dir: d.Directory, msgs: d.SystemMessages, log: d.Log}
	mux.Handle("POST "+SystemMessagesPath, sysMsgs)
	if d.Contacts != nil {
		contacts := &systemContacts{keys: sysMsgs, contacts: d.Contacts, log: d.Log}
		mux.Handle("PUT "+SystemContactsPath, contacts)
		mux.Handle("DELETE "+SystemContactsPath, contacts)
	}
	mux.Handle("GET "+deeplink.CallbackPath, newOAuthCallback(d.SSO, d.Links, d.Log))
	mux.Handle("GET "+deeplink.QRCallbackPath, newQRCallback(d.SSO, d.Links, d.Log))
	if d.MPSignIn != nil {
		mux.Handle("GET "+deeplink.MPCallbackPath, &mpCallback{signin: d.MPSignIn, links: d.Links, log: d.Log})
	}
	if d.Callbacks != nil {
		mux.Handle(CallbackPath, &callbackIntake{svc: d.Callbacks, log: d.Log})
		mux.Handle(MPCallbackPath, &mpIntake{svc: d.Callbacks, log: d.Log})
	}
	mux.Handle("/h5/", http.StripPrefix("/h5", spa(d.H5)))
	if d.Portal != nil {
		mux.Handle("/admin/", http.StripPrefix("/admin", spa(d.Portal)))
	}
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/h5/", http.StatusFound)
	})
	var h http.Handler = mux
	if d.VerifyFiles != nil {
		h = withVerifyFiles(d.VerifyFiles, mux)
	}
	return logRequests(d.Log, securityHeaders(h))
}

// authenticate puts the bearer token's actor and tenant into the request context. A bad token does not end the
// request here: public operations (login) still work, and fields needing a role report why the token was refused.
// With keys, a partner key (partners.KeyPrefix) is a partner's access instead, on the customer partners.TenantHeader names.
func authenticate(a *auth.Service, keys PartnerKeys, ts TenantsBySlug, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		if h == "" {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		token, ok := strings.CutPrefix(h, "Bearer ")
		if key := strings.TrimSpace(token); ok && keys != nil && strings.HasPrefix(key, partners.KeyPrefix) {
			pctx, err := partnerContext(ctx, keys, ts, key, r.Header.Get(partners.TenantHeader))
			if err != nil {
				pctx = auth.WithTokenError(ctx, err)
			}
			next.ServeHTTP(w, r.WithContext(pctx))
			return
		}
		actor, err := a.Authenticate(ctx, strings.TrimSpace(token))
		if !ok && err == nil {
			err = apperr.E(apperr.Unauthenticated, "Authorization 须为 Bearer 令牌")
		}
		next.ServeHTTP(w, r.WithContext(withAuthentication(ctx, actor, err)))
	})
}

// withAuthentication returns ctx carrying the outcome of authenticating a request: the actor and its tenant, or,
// when err is not nil, err as the reason the token was refused (auth.RequireActor reports it).
func withAuthentication(ctx context.Context, actor auth.Actor, err error) context.Context {
	if err != nil {
		return auth.WithTokenError(ctx, err)
	}
	return tenancy.WithTenant(auth.WithActor(ctx, actor), actor.TenantID)
}

// weChatClient marks requests from WeChat's and WeCom's in-app browsers (their user agents carry MicroMessenger,
// and WeCom's also wxwork), so a password typed there begins a session the WeChat gate governs; and it hands on the
// browser cookie the service account's OAuth left, which a bind ticket needs.
func weChatClient(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if IsWeChatUserAgent(r.UserAgent()) {
			r = r.WithContext(auth.WithWeChatClient(r.Context()))
		}
		if c, err := r.Cookie(mpsignin.BrowserCookie); err == nil && c.Value != "" {
			r = r.WithContext(mpsignin.WithBrowser(r.Context(), c.Value))
		}
		next.ServeHTTP(w, r)
	})
}

// IsWeChatUserAgent reports whether ua is the in-app browser of WeChat or WeCom.
func IsWeChatUserAgent(ua string) bool {
	ua = strings.ToLower(ua)
	return strings.Contains(ua, "micromessenger") || strings.Contains(ua, "wxwork")
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		// The query string is not logged: OAuth codes and tickets travel in it.
		log.LogAttrs(r.Context(), slog.LevelDebug, "http", slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", sw.status), slog.Duration("took", time.Since(start)))
	})
}
