package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
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

// Reasons of a refused account: the cause of directory.WeChatAccess's refusal.
const (
	systemRefusedNoRole    = "no_system_role"     // none of the account's roles grants the system
	systemRefusedNoWeChat  = "wechat_not_allowed" // the roles granting it have allowWeChat off
	systemRefusedDisabled  = "system_disabled"    // the tenant disabled the system meanwhile
	systemRefusedForbidden = "forbidden"          // any other refusal of the gate
)

// SystemDirectory is what the system message API needs from the directory; *directory.Store implements it.
type SystemDirectory interface {
	SystemByAPIKey(ctx context.Context, plainKey string) (directory.System, error)
	EmployeesByIDs(ctx context.Context, ids []uint64) (map[uint64]directory.Employee, error)
	EmployeeIDsByLogin(ctx context.Context, logins []string) (map[string]uint64, error)
	WeChatAccessMany(ctx context.Context, employeeIDs []uint64, system string) (map[uint64]error, error)
}

// systemMessages serves POST /api/systems/messages: a system authenticated by its API key (which names the tenant
// and the system) posts one message for up to MaxSystemAccounts employees by login, and every employee the gate
// lets through gets an outbox row for push, all rows in one transaction. The caller's messageId makes it
// idempotent: the dedup key is outbox.SystemMessageKey, so a retry writes nothing new and answers alike.
type systemMessages struct {
	dir SystemDirectory
	db  *gorm.DB // with the tenancy plugin: account lookups and the outbox transaction
	now func() time.Time
	log *slog.Logger
}

// systemMessageRequest is the request body.
type systemMessageRequest struct {
	MessageID string   `json:"messageId"`
	Accounts  []string `json:"accounts"`
	Title     string   `json:"title"`
	Content   string   `json:"content"`
	URL       string   `json:"url"`
}

// systemRefusal is an account the WeChat gate refused, with a reason code (systemRefused*).
type systemRefusal struct {
	Account string `json:"account"`
	Reason  string `json:"reason"`
}

// systemMessageResult is the 202 answer; each login of the request is in exactly one list, in request order.
type systemMessageResult struct {
	Accepted []string        `json:"accepted"`
	Unknown  []string        `json:"unknown"`
	Refused  []systemRefusal `json:"refused"`
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
	now := h.now().UTC()
	res, entries, err := h.resolve(ctx, now, sys.Code, req)
	if err != nil {
		if apperr.CodeOf(err) == apperr.Internal {
			h.log.ErrorContext(ctx, "system api: resolve recipients failed", "tenant", sys.TenantID, "system", sys.Code, "err", err)
		}
		writeError(w, err)
		return
	}
	if len(res.Accepted) == 0 && len(res.Refused) == 0 {
		writeErrorStatus(w, http.StatusUnprocessableEntity, &apperr.Error{Code: apperr.NotFound, Field: "accounts",
			Msg: "没有一个账号是本企业的在职员工 / none of the accounts is an active employee of this tenant"})
		return
	}
	err = h.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return outbox.AddAll(ctx, tx, now, outbox.KindSystemMessage, entries)
	})
	if err != nil {
		h.log.ErrorContext(ctx, "system api: write outbox failed", "tenant", sys.TenantID, "system", sys.Code, "err", err)
		writeError(w, apperr.Wrap(err, apperr.Internal, "post system message"))
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

// resolve sorts the request's logins into accepted (an active employee of the tenant whom the WeChat gate lets
// use the system), unknown (no such login, or not an active employee) and refused, and returns one outbox entry per
// accepted employee. It returns internal only.
func (h *systemMessages) resolve(ctx context.Context, now time.Time, code string, req systemMessageRequest) (systemMessageResult, []outbox.Entry, error) {
	res := systemMessageResult{Accepted: []string{}, Unknown: []string{}, Refused: []systemRefusal{}}
	var logins, valid []string
	for _, l := range req.Accounts {
		l = strings.TrimSpace(l)
		if slices.Contains(logins, l) {
			continue
		}
		logins = append(logins, l)
		if directory.ValidLogin(l) {
			valid = append(valid, l)
		}
	}
	byLogin, err := h.dir.EmployeeIDsByLogin(ctx, valid)
	if err != nil {
		return res, nil, apperr.Wrap(err, apperr.Internal, "look up accounts")
	}
	ids := make([]uint64, 0, len(byLogin))
	for _, id := range byLogin {
		ids = append(ids, id)
	}
	emps, err := h.dir.EmployeesByIDs(ctx, ids)
	if err != nil {
		return res, nil, apperr.OrInternal(err, "load employees")
	}
	var active []uint64
	for _, l := range logins {
		if id, ok := byLogin[l]; ok && emps[id].Status == directory.StatusActive {
			active = append(active, id)
		}
	}
	access, err := h.dir.WeChatAccessMany(ctx, active, code)
	if err != nil {
		return res, nil, apperr.OrInternal(fmt.Errorf("wechat access: %w", err), "check wechat access")
	}
	var entries []outbox.Entry
	for _, l := range logins {
		id, ok := byLogin[l]
		refusal, known := access[id]
		if e, found := emps[id]; !ok || !found || e.Status != directory.StatusActive || !known {
			res.Unknown = append(res.Unknown, l)
			continue
		}
		if refusal != nil {
			res.Refused = append(res.Refused, systemRefusal{Account: l, Reason: refusalReason(refusal)})
			continue
		}
		res.Accepted = append(res.Accepted, l)
		entries = append(entries, outbox.Entry{
			DedupKey: outbox.SystemMessageKey(code, req.MessageID, id),
			Payload: outbox.SystemPayload{System: code, MessageID: req.MessageID, Title: req.Title, Content: req.Content,
				URL: req.URL, ToID: id, EventTime: now.Unix()},
		})
	}
	return res, entries, nil
}

// refusalReason is the reason code of a refusal of WeChatAccess.
func refusalReason(err error) string {
	switch {
	case errors.Is(err, directory.ErrWeChatNotAllowed):
		return systemRefusedNoWeChat
	case errors.Is(err, directory.ErrNoSystemRole):
		return systemRefusedNoRole
	case errors.Is(err, directory.ErrSystemDisabled):
		return systemRefusedDisabled
	}
	return systemRefusedForbidden
}
