package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/sysmsg"
	"github.com/qiao-hq/qiao/tenancy"
)

// SystemMessagesPath is where PB and CRM post messages for employees (seed 000 §3.2.2: they reach WeChat only
// through messages).
const SystemMessagesPath = "/api/systems/messages"

// Limits of a system message request. Titles and contents are counted in UTF-8 bytes, as WeCom counts a
// textcard's (a Chinese character is 3 bytes).
const (
	MaxSystemRequestBytes = 64 << 10 // the whole body; larger answers 413
	MaxSystemAccounts     = 1000     // one WeCom message/send reaches at most 1000 members
	MaxSystemMessageID    = 64       // characters of the caller's idempotency key
	MaxSystemTitleBytes   = 128      // WeCom's textcard title
	MaxSystemContentBytes = 512      // WeCom's textcard description
	MaxSystemURLBytes     = 2048     // WeCom's textcard url
)

// SystemDirectory is what the system message API needs from the directory (API keys, and the recipients for
// the default service); *directory.Store implements it.
type SystemDirectory interface {
	SystemByAPIKey(ctx context.Context, plainKey string) (directory.System, error)
	sysmsg.Directory
}

// systemMessages serves POST /api/systems/messages: a system authenticated by its API key (which names the tenant
// and the system) posts one message for up to MaxSystemAccounts employees by login; sysmsg.Service sorts them
// and writes the outbox rows. The caller's messageId makes it idempotent: a retry of the same message (title,
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
	if oe, ok := errors.AsType[*sysmsg.OutboxError](err); ok {
		h.log.ErrorContext(ctx, "system api: write outbox failed", "tenant", sys.TenantID, "system", sys.Code, "err", oe.Err)
		writeError(w, apperr.Wrap(oe.Err, apperr.Internal, "post system message"))
		return
	}
	if errors.Is(err, sysmsg.ErrNoRecipients) {
		writeErrorStatus(w, http.StatusUnprocessableEntity, err)
		return
	}
	if errors.Is(err, sysmsg.ErrMessageIDReused) {
		// Logged so that a partner asking where a message went can be told: it reused a messageId.
		h.log.InfoContext(ctx, "system message refused: messageId reused", "tenant", sys.TenantID, "system", sys.Code,
			"message_id", req.MessageID)
		writeErrorStatus(w, http.StatusConflict, err)
		return
	}
	if err != nil {
		if apperr.CodeOf(err) == apperr.Internal {
			h.log.ErrorContext(ctx, "system api: resolve recipients failed", "tenant", sys.TenantID, "system", sys.Code, "err", err)
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
		return directory.System{}, apperr.E(apperr.Unauthenticated, "需要 Authorization: Bearer <API 密钥> / Authorization: Bearer <API key> is required")
	}
	sys, err := h.dir.SystemByAPIKey(ctx, header[len(scheme):])
	if apperr.Is(err, apperr.Forbidden) {
		return directory.System{}, &apperr.Error{Code: apperr.Unauthenticated, Msg: apperr.MessageOf(err), Err: err}
	}
	return sys, err
}

// readSystemMessage decodes and checks the body; on error it returns the status to answer: 413 for a body over
// MaxSystemRequestBytes, 400 otherwise, with the field at fault where there is one.
func readSystemMessage(w http.ResponseWriter, r *http.Request) (systemMessageRequest, int, error) {
	var req systemMessageRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxSystemRequestBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(&req)
	if err == nil && dec.Decode(&struct{}{}) != io.EOF {
		err = errors.New("data after the JSON object")
	}
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return req, http.StatusRequestEntityTooLarge, apperr.E(apperr.Invalid,
				"请求体超过 %d KB / the body is over %d KB", MaxSystemRequestBytes>>10, MaxSystemRequestBytes>>10)
		}
		return req, http.StatusBadRequest, apperr.E(apperr.Invalid, "请求体不是有效的 JSON / the body is not valid JSON: %v", err)
	}
	req, err = req.normalize()
	if err != nil {
		return req, http.StatusBadRequest, err
	}
	return req, 0, nil
}

// messageIDRE is the shape of a messageId: printable ASCII without spaces, so it sits safely in a dedup key and
// a log line.
var messageIDRE = regexp.MustCompile(`^[!-~]{1,64}$`)

// normalize trims the texts and checks every field; invalid naming the field otherwise. messageId is taken as
// sent: it is an exact key.
func (req systemMessageRequest) normalize() (systemMessageRequest, error) {
	req.Title, req.Content, req.URL = strings.TrimSpace(req.Title), strings.TrimSpace(req.Content), strings.TrimSpace(req.URL)
	switch {
	case !messageIDRE.MatchString(req.MessageID):
		return req, apperr.InvalidField("messageId", "messageId 须为 1–%d 个可见 ASCII 字符 / messageId must be 1–%d printable ASCII characters without spaces", MaxSystemMessageID, MaxSystemMessageID)
	case len(req.Accounts) == 0 || len(req.Accounts) > MaxSystemAccounts:
		return req, apperr.InvalidField("accounts", "accounts 须有 1–%d 个账号 / accounts must list 1–%d logins", MaxSystemAccounts, MaxSystemAccounts)
	case req.Title == "" || len(req.Title) > MaxSystemTitleBytes || strings.ContainsFunc(req.Title, unicode.IsControl):
		return req, apperr.InvalidField("title", "标题须为 1–%d 字节且不含控制字符 / title must be 1–%d bytes without control characters", MaxSystemTitleBytes, MaxSystemTitleBytes)
	case req.Content == "" || len(req.Content) > MaxSystemContentBytes || strings.ContainsFunc(req.Content, badContentRune):
		return req, apperr.InvalidField("content", "内容须为 1–%d 字节 / content must be 1–%d bytes", MaxSystemContentBytes, MaxSystemContentBytes)
	}
	if req.URL != "" {
		if err := checkCardURL(req.URL); err != nil {
			return req, err
		}
	}
	return req, nil
}

// badContentRune refuses control characters other than line breaks and tabs.
func badContentRune(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }

// checkCardURL accepts only absolute http(s) URLs with a host: the card's button must not run script (javascript:)
// or open anything but a web page.
func checkCardURL(raw string) error {
	bad := apperr.InvalidField("url", "url 须为 http(s) 地址，最长 %d 字节 / url must be an http(s) URL of at most %d bytes", MaxSystemURLBytes, MaxSystemURLBytes)
	if len(raw) > MaxSystemURLBytes || strings.ContainsFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return bad
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return bad
	}
	return nil
}
