package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/mpsignin"
	"github.com/qiao-hq/qiao/sso"
)

// oauthCallback is where WeCom sends the browser back with a code: WeCom's OAuth step of a card link (to the H5's
// sign-in page), or WeCom's QR sign-in on the admin portal. It checks the signed state, trades the code for a
// one-time ticket (exchange) and sends the browser to page, which exchanges the ticket for a session, or tells why
// not from the refusal's word.
type oauthCallback struct {
	sso   *sso.Service
	links *deeplink.Builder
	log   *slog.Logger
	// exchange trades the code; page is where the browser goes; badLink is what a tampered link's page says.
	exchange func(s *sso.Service, r *http.Request, tenant, code string) (string, error)
	page     string
	badLink  string
	// withTenant names the tenant to the page too (the portal's sign-in page shows it).
	withTenant bool
}

// newOAuthCallback lands WeCom's OAuth step of a card link on the H5's sign-in page.
func newOAuthCallback(s *sso.Service, links *deeplink.Builder, log *slog.Logger) *oauthCallback {
	return &oauthCallback{sso: s, links: links, log: log, page: "/h5/sso",
		badLink: "链接不完整或已被改动。请返回企业微信，从消息里重新打开。",
		exchange: func(s *sso.Service, r *http.Request, tenant, code string) (string, error) {
			return s.WeCom(r.Context(), tenant, code)
		}}
}

// newQRCallback lands WeCom's QR sign-in on the admin portal's page, with a web session's ticket for admins only.
func newQRCallback(s *sso.Service, links *deeplink.Builder, log *slog.Logger) *oauthCallback {
	return &oauthCallback{sso: s, links: links, log: log, page: "/admin/sso", withTenant: true,
		badLink: "登录链接不完整或已被改动。请回到管理后台，重新扫码登录。",
		exchange: func(s *sso.Service, r *http.Request, tenant, code string) (string, error) {
			return s.AdminQR(r.Context(), tenant, code)
		}}
}

func (h *oauthCallback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	tenant, next, code, state := q.Get("tenant"), q.Get("next"), q.Get("code"), q.Get("state")
	if !h.links.Verify(tenant, next, state) {
		writePage(w, http.StatusBadRequest, "链接无效", h.badLink)
		return
	}
	to := url.Values{"next": {next}}
	if h.withTenant {
		to.Set("tenant", tenant)
	}
	ticket, err := h.exchange(h.sso, r, tenant, code)
	switch {
	case err == nil:
		to.Set("ticket", ticket)
	case errors.Is(err, sso.ErrCodeUsed):
		// Back button or reload: WeChat re-sent a used code. The page decides: carry on if already signed in.
		to.Set("error", "code_used")
	default:
		// The page shows why, from the reason's word: the query carries no text of ours, so a link written by
		// anyone cannot put words on the page, and the reason reaches only whoever holds this person's code.
		reason := string(sso.ReasonOf(err))
		if errors.Is(err, sso.ErrNotAdmin) {
			reason = "not_admin"
		}
		h.log.InfoContext(r.Context(), "wecom sign-in refused", "tenant", tenant, "page", h.page,
			"code", apperr.CodeOf(err), "reason", reason, "err", err)
		to.Set("error", string(apperr.CodeOf(err)))
		if reason != "" {
			to.Set("reason", reason)
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, h.page+"?"+to.Encode(), http.StatusFound)
}

// MPSignIn is what the service account's OAuth callback needs (*mpsignin.Service).
type MPSignIn interface {
	SignIn(ctx context.Context, slug, code string) (mpsignin.Result, error)
}

// mpCallback is where a service account's web OAuth sends the browser back (a template message's or the menu's
// link): a bound WeChat lands on the H5's sign-in page with a ticket, as from WeCom; an unknown one on the password
// page with a bind ticket, whose sign-in binds it. Refusals reach the sign-in page as their words, as WeCom's do.
type mpCallback struct {
	signin MPSignIn
	links  *deeplink.Builder
	log    *slog.Logger
}

func (h *mpCallback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	tenant, next, code, state := q.Get("tenant"), q.Get("next"), q.Get("code"), q.Get("state")
	if !h.links.Verify(tenant, next, state) {
		writePage(w, http.StatusBadRequest, "链接无效", "链接不完整或已被改动。请返回微信，从服务号消息里重新打开。")
		return
	}
	to, page := url.Values{"next": {next}}, "/h5/sso"
	res, err := h.signin.SignIn(r.Context(), tenant, code)
	switch {
	case err == nil && res.Bind != "":
		// The password page's own words for where to go next, and what to ask for; the ticket works only with the
		// browser cookie set here.
		page = "/h5/login"
		to = url.Values{"redirect": {next}, "bind": {res.Bind}, "tenant": {tenant}, "id": {string(res.Identity)}}
		http.SetCookie(w, &http.Cookie{Name: mpsignin.BrowserCookie, Value: res.Browser, Path: "/", HttpOnly: true,
			SameSite: http.SameSiteLaxMode, MaxAge: int(mpsignin.DefaultBindTTL / time.Second),
			Secure: r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")})
	case err == nil:
		to.Set("ticket", res.Ticket)
	case errors.Is(err, sso.ErrCodeUsed):
		to.Set("error", "code_used")
	default:
		reason := string(sso.ReasonOf(err))
		h.log.InfoContext(r.Context(), "service account sign-in refused", "tenant", tenant,
			"code", apperr.CodeOf(err), "reason", reason, "err", err)
		to.Set("error", string(apperr.CodeOf(err)))
		if reason != "" {
			to.Set("reason", reason)
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, page+"?"+to.Encode(), http.StatusFound)
}
