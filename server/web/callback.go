package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/binding"
	"github.com/qiao-hq/qiao/callbacks"
)

// CallbackPath is the intake of WeCom's events: one URL per tenant and receiver (oa, pb, crm, contacts,
// customers), the address an admin gives WeCom.
const CallbackPath = "/callback/wecom/{tenant}/{receiver}"

// MPCallbackPath is the intake of a service account's events: the URL of its 服务器配置, one a tenant.
const MPCallbackPath = binding.MPCallbackPath + "{tenant}"

// CallbackIntake is the callback service as the intake sees it (callbacks.Service has it).
type CallbackIntake interface {
	Verify(ctx context.Context, slug, name string, q callbacks.Signed, echostr string) ([]byte, error)
	Receive(ctx context.Context, slug, name string, q callbacks.Signed, body []byte) (callbacks.Receipt, error)
	VerifyMP(ctx context.Context, slug string, q callbacks.MPSigned, echostr string) ([]byte, error)
	ReceiveMP(ctx context.Context, slug string, q callbacks.MPSigned, body []byte) (callbacks.Receipt, error)
}

// callbackIntake serves CallbackPath: GET is WeCom's URL verification, answered with the decrypted echostr
// exactly; POST is an event, answered with an empty 200 once it is in the inbox. Refusals answer 4xx (WeCom does
// not retry them) with a short reason; an internal error answers 500, and WeCom tries again.
type callbackIntake struct {
	svc CallbackIntake
	log *slog.Logger
}

func (h *callbackIntake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	signed := callbacks.Signed{Signature: q.Get("msg_signature"), Timestamp: q.Get("timestamp"), Nonce: q.Get("nonce")}
	slug, name := r.PathValue("tenant"), r.PathValue("receiver")
	w.Header().Set("Cache-Control", "no-store")
	switch r.Method {
	case http.MethodGet:
		plain, err := h.svc.Verify(r.Context(), slug, name, signed, q.Get("echostr"))
		if err != nil {
			h.refuse(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write(plain)
	case http.MethodPost:
		body, err := readEvent(w, r)
		if err != nil {
			h.refuse(w, r, err)
			return
		}
		if _, err := h.svc.Receive(r.Context(), slug, name, signed, body); err != nil {
			h.refuse(w, r, err)
			return
		}
		w.WriteHeader(http.StatusOK)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// mpIntake serves MPCallbackPath: GET is the account's URL verification, answered with echostr as it came; POST
// is an event, answered "success" once it is in the inbox (WeChat then stops its tries). Refusals answer as
// callbackIntake's do.
type mpIntake struct {
	svc CallbackIntake
	log *slog.Logger
}

func (h *mpIntake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	signed := callbacks.MPSigned{Signature: q.Get("signature"), Timestamp: q.Get("timestamp"), Nonce: q.Get("nonce"),
		EncryptType: q.Get("encrypt_type"), MsgSignature: q.Get("msg_signature")}
	slug := r.PathValue("tenant")
	refuse := (&callbackIntake{svc: h.svc, log: h.log}).refuse
	w.Header().Set("Cache-Control", "no-store")
	switch r.Method {
	case http.MethodGet:
		echo, err := h.svc.VerifyMP(r.Context(), slug, signed, q.Get("echostr"))
		if err != nil {
			refuse(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write(echo)
	case http.MethodPost:
		body, err := readEvent(w, r)
		if err != nil {
			refuse(w, r, err)
			return
		}
		if _, err := h.svc.ReceiveMP(r.Context(), slug, signed, body); err != nil {
			refuse(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("success"))
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// readEvent reads a posted event's body, refusing one over callbacks.MaxEventBody.
func readEvent(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, callbacks.MaxEventBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, apperr.Wrap(callbacks.ErrTooLarge, apperr.Invalid, "回调请求过大")
	case err != nil:
		return nil, apperr.Wrap(callbacks.ErrMalformed, apperr.Invalid, "回调请求读取失败")
	}
	return body, nil
}

// refuse answers err: the intake's refusals with their 4xx, anything else 500.
func (h *callbackIntake) refuse(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	switch {
	case errors.Is(err, callbacks.ErrUnknownReceiver):
		status = http.StatusNotFound
	case errors.Is(err, callbacks.ErrTooLarge):
		status = http.StatusRequestEntityTooLarge
	case errors.Is(err, callbacks.ErrMalformed):
		status = http.StatusBadRequest
	case errors.Is(err, callbacks.ErrSignature), errors.Is(err, callbacks.ErrWrongCorp), errors.Is(err, callbacks.ErrStale):
		status = http.StatusForbidden
	}
	level := slog.LevelInfo
	if status == http.StatusInternalServerError {
		level = slog.LevelError
	}
	h.log.Log(r.Context(), level, "callback refused", "tenant", r.PathValue("tenant"),
		"receiver", r.PathValue("receiver"), "method", r.Method, "status", status, "err", err)
	http.Error(w, apperr.MessageOf(err), status)
}
