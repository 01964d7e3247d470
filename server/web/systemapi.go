package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strings"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/sysmsg"
	"github.com/qiao-hq/qiao/tenancy"
)

// SystemMessagesPath is where PB and CRM post messages for employees (seed 000 §3.2.2: they reach WeChat only
// through messages).
const SystemMessagesPath = "/api/systems/messages"

// MaxSystemRequestBytes bounds the whole body of a system message request; larger answers 413. The message's own
// limits are sysmsg's (sysmsg.MaxAccounts and the rest).
const MaxSystemRequestBytes = 64 << 10

// SystemDirectory is what the system message API needs from the directory (API keys, and the recipients for
// the default service); *directory.Store implements it.
type SystemDirectory interface {
	SystemByAPIKey(ctx context.Context, plainKey string) (directory.System, error)
	sysmsg.Directory
}

// systemMessages serves POST /api/systems/messages: a system authenticated by its API key (which names the tenant
// and the system) posts one message for up to sysmsg.MaxAccounts employees by login; sysmsg.Service checks the
// message, sorts the logins and writes the outbox rows. The caller's messageId makes it idempotent: a retry of the same message (title,
// content, url; any recipients) answers 202 again and tells nobody twice, and a messageId reused for another
// message answers 409 conflict and writes nothing.
type systemMessages struct {
	dir  SystemDirectory
	msgs *sysmsg.Service
	log  *slog.Logger
}

// systemMessageRequest is the request body.
type systemMessageRequest struct {
	MessageID string   `json:"messageId"`
	Accounts  []string `json:"accounts"`
	Title     string   `json:"title"`
	Content   string   `json:"content"`
	URL       string   `json:"url"`
}

func (h *systemMessages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sys, err := h.authenticate(ctx, r.Header.Get("Authorization"))
	if err != nil {
		if apperr.CodeOf(err) == apperr.Internal {
			h.log.ErrorContext(ctx, "system api: key lookup failed", "err", err)
			writeError(w, err)
			return
		}
		// Never the key, nor the error's cause, which quotes parts of what the caller sent.
		h.log.InfoContext(ctx, "system api: key refused", "code", apperr.CodeOf(err), "remote", r.RemoteAddr)
		w.Header().Set("WWW-Authenticate", `Bearer realm="qiao-systems"`)
		writeErrorStatus(w, http.StatusUnauthorized, err)
		return
	}
	ctx = tenancy.WithTenant(ctx, sys.TenantID)

	req, status, err := readSystemMessage(w, r)
	if err != nil {
		writeErrorStatus(w, status, err)
		return
	}
	res, err := h.msgs.Post(ctx, sys.Code, sysmsg.Message{ID: req.MessageID, Accounts: req.Accounts, Title: req.Title,
		Content: req.Content, URL: req.URL})
	switch {
	case err == nil:
	case errors.Is(err, sysmsg.ErrNoRecipients):
		// 422, not writeError's 404: the endpoint exists, the message has nobody to go to.
		writeErrorStatus(w, http.StatusUnprocessableEntity, err)
		return
	case errors.Is(err, sysmsg.ErrMessageIDReused):
		// Logged so that a partner asking where a message went can be told: it reused a messageId.
		h.log.InfoContext(ctx, "system message refused: messageId reused", "tenant", sys.TenantID, "system", sys.Code,
			"message_id", req.MessageID)
		writeErrorStatus(w, http.StatusConflict, err)
		return
	default:
		// Invalid (400 with the field) needs no log line: the caller is told. Internal is shown as "internal
		// error", so its cause goes to the log.
		if apperr.CodeOf(err) == apperr.Internal {
			h.log.ErrorContext(ctx, "system api: post failed", "tenant", sys.TenantID, "system", sys.Code, "err", err)
		}
		writeError(w, err)
		return
	}
	// The audit line of every accepted call: who posted what to how many, never the key or the text.
	h.log.InfoContext(ctx, "system message accepted", "tenant", sys.TenantID, "system", sys.Code,
		"message_id", req.MessageID, "accepted", len(res.Accepted), "unknown", len(res.Unknown), "refused", len(res.Refused))
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusAccepted)
	_ = json.NewEncoder(w).Encode(res)
}

// authenticate finds the system a bearer API key belongs to. Every refusal, a disabled system's included, is
// unauthenticated: the caller's key does not work, whatever the reason.
func (h *systemMessages) authenticate(ctx context.Context, header string) (directory.System, error) {
	// The scheme is case-insensitive (RFC 9110 §11.1).
	const scheme = "bearer "
	if len(header) <= len(scheme) || !strings.EqualFold(header[:len(scheme)], scheme) || strings.TrimSpace(header[len(scheme):]) == "" {
		return directory.System{}, apperr.E(apperr.Unauthenticated, "需要 Authorization: Bearer <API 密钥>")
	}
	sys, err := h.dir.SystemByAPIKey(ctx, header[len(scheme):])
	if apperr.Is(err, apperr.Forbidden) {
		return directory.System{}, &apperr.Error{Code: apperr.Unauthenticated, Msg: apperr.MessageOf(err), Err: err}
	}
	return sys, err
}

// systemMessageFields are the request's keys, spelled as systemMessageRequest's tags spell them.
var systemMessageFields = jsonFieldNames(reflect.TypeFor[systemMessageRequest]())

// readSystemMessage reads the body and decodes it, leaving the message's rules to sysmsg.Post; on error it returns
// the status to answer: 413 for a body over MaxSystemRequestBytes, 400 for anything but one JSON object in valid
// UTF-8 with the known fields, each once, spelled exactly (checkJSONObject).
func readSystemMessage(w http.ResponseWriter, r *http.Request) (systemMessageRequest, int, error) {
	var req systemMessageRequest
	status, err := readSystemBody(w, r, systemMessageFields, &req)
	return req, status, err
}

// readSystemBody reads a system API's body into v, whose keys are fields, under readSystemMessage's rules; on
// error it returns the status to answer.
func readSystemBody(w http.ResponseWriter, r *http.Request, fields []string, v any) (int, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxSystemRequestBytes))
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return http.StatusRequestEntityTooLarge, apperr.E(apperr.Invalid, "请求体超过 %d KB", MaxSystemRequestBytes>>10)
	}
	if err != nil {
		return http.StatusBadRequest, apperr.Wrap(err, apperr.Invalid, "请求体读取失败")
	}
	if err := checkJSONObject(body, fields); err != nil {
		return http.StatusBadRequest, err
	}
	if err := decodeJSONObject(body, v); err != nil {
		return http.StatusBadRequest, err
	}
	return 0, nil
}
