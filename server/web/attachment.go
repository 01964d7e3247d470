package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
)

// Attachments opens an item's attachment for a viewer; oa.Service implements it.
type Attachments interface {
	OpenAttachment(ctx context.Context, viewerID, id uint64) (oa.Attachment, io.ReadCloser, error)
}

// attachmentDownload serves GET /api/attachments/{id} to the item's sender and recipients, authenticated by the
// same bearer token as /graphql or, without an Authorization header, by a link token for this path in the query
// (auth.LinkParam, from Attachment.downloadUrl): WeCom's in-app browser opens files by following links, which carry
// no header. Either is refused, as on /graphql, while the account must change its password. The file is always a
// download with the type oa detected from its content, never rendered inline, so an uploaded file cannot run script
// in our origin. A refused link answers a short page in Chinese (writeLinkError) rather than JSON, since a person
// reads it in WeCom's browser; a request with a header gets JSON as /graphql's clients do.
type attachmentDownload struct {
	files Attachments
	auth  *auth.Service
	log   *slog.Logger
}

func (h *attachmentDownload) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fail := writeError
	if link := r.URL.Query().Get(auth.LinkParam); link != "" && r.Header.Get("Authorization") == "" {
		fail = writeLinkError
		a, err := h.auth.AuthenticateLink(r.Context(), link, r.URL.Path)
		r = r.WithContext(withAuthentication(r.Context(), a, err))
	}
	// As on /graphql: an account whose password was reset may do nothing until it sets a new one.
	actor, err := auth.RequireActor(r.Context(), false)
	if err != nil {
		fail(w, err)
		return
	}
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	// Attachments are staff's: a customer's or supplier's contact, who has no employee, has none.
	if err != nil || id == 0 || !actor.Role.AtLeast(directory.RoleMember) {
		fail(w, apperr.E(apperr.NotFound, "附件不存在"))
		return
	}
	a, body, err := h.files.OpenAttachment(r.Context(), actor.EmployeeID, id)
	if err != nil {
		if apperr.CodeOf(err) == apperr.Internal {
			h.log.ErrorContext(r.Context(), "attachment download failed", "attachment", id, "err", err)
		}
		fail(w, err)
		return
	}
	defer body.Close()
	hd := w.Header()
	hd.Set("Content-Type", a.ContentType)
	hd.Set("Content-Length", strconv.FormatInt(a.Size, 10))
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	hd.Set("Cache-Control", "private, no-store")
	if _, err := io.Copy(w, body); err != nil {
		h.log.WarnContext(r.Context(), "attachment download cut short", "attachment", id, "err", err)
	}
}

// writeError answers a JSON error with the HTTP status for its code.
func writeError(w http.ResponseWriter, err error) {
	writeErrorStatus(w, errorStatus(err), err)
}

// errorStatus is the HTTP status for err's code.
func errorStatus(err error) int {
	switch apperr.CodeOf(err) {
	case apperr.Unauthenticated:
		return http.StatusUnauthorized
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Invalid:
		return http.StatusBadRequest
	case apperr.RateLimited:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// writeErrorStatus answers {"error": {"code", "message", "field"}} with status; field is the input the error is
// about, present only when the error names one. Internal errors show as "internal error".
func writeErrorStatus(w http.ResponseWriter, status int, err error) {
	body := map[string]string{"code": string(apperr.CodeOf(err)), "message": apperr.MessageOf(err)}
	var e *apperr.Error
	if errors.As(err, &e) && e.Field != "" && e.Code != apperr.Internal {
		body["field"] = e.Field
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": body})
}
