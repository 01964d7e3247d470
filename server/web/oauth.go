package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/sso"
)

// oauthCallback is where WeCom's OAuth step lands: it trades the code for a one-time ticket and sends the browser
// to the H5 page, which exchanges the ticket for a session.
type oauthCallback struct {
	sso   *sso.Service
	links *deeplink.Builder
	log   *slog.Logger
}

func (h *oauthCallback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	tenant, next, code, state := q.Get("tenant"), q.Get("next"), q.Get("code"), q.Get("state")
	if !h.links.Verify(tenant, next, state) {
		writePage(w, http.StatusBadRequest, "链接无效", "链接不完整或已被改动。请返回企业微信，从消息里重新打开。")
		return
	}
	to := url.Values{"next": {next}}
	ticket, err := h.sso.WeCom(r.Context(), tenant, code)
	switch {
	case err == nil:
		to.Set("ticket", ticket)
	case errors.Is(err, sso.ErrCodeUsed):
		// Back button or reload: WeChat re-sent a used code. The page decides: carry on if already signed in.
		to.Set("error", "code_used")
	default:
		// The page shows why, from the reason's word: the query carries no text of ours, so a link written by
		// anyone cannot put words on the page, and the reason reaches only whoever holds this person's code.
		reason := sso.ReasonOf(err)
		h.log.InfoContext(r.Context(), "wecom sign-in refused", "tenant", tenant, "code", apperr.CodeOf(err),
			"reason", reason, "err", err)
		to.Set("error", string(apperr.CodeOf(err)))
		if reason != "" {
			to.Set("reason", string(reason))
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, "/h5/sso?"+to.Encode(), http.StatusFound)
}

// qrCallback ends WeCom's QR sign-in on the admin portal: the signed state checked, the code exchanged for a web
// session's ticket (admins only), and the portal's sign-in page given the ticket or the refusal's word.
type qrCallback struct {
	sso   *sso.Service
	links *deeplink.Builder
	log   *slog.Logger
}

func (h *qrCallback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	tenant, next, code, state := q.Get("tenant"), q.Get("next"), q.Get("code"), q.Get("state")
	if !h.links.Verify(tenant, next, state) {
		writePage(w, http.StatusBadRequest, "链接无效", "登录链接不完整或已被改动。请回到管理后台，重新扫码登录。")
		return
	}
	to := url.Values{"next": {next}, "tenant": {tenant}}
	ticket, err := h.sso.AdminQR(r.Context(), tenant, code)
	switch {
	case err == nil:
		to.Set("ticket", ticket)
	case errors.Is(err, sso.ErrCodeUsed):
		to.Set("error", "code_used")
	default:
		h.log.InfoContext(r.Context(), "wecom qr sign-in refused", "tenant", tenant, "code", apperr.CodeOf(err), "err", err)
		to.Set("error", string(apperr.CodeOf(err)))
		reason := string(sso.ReasonOf(err))
		if errors.Is(err, sso.ErrNotAdmin) {
			reason = "not_admin"
		}
		if reason != "" {
			to.Set("reason", reason)
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, "/admin/sso?"+to.Encode(), http.StatusFound)
}
