package sim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// The admin console's checks: saving a callback URL (接收事件服务器) makes
// WeCom call it once with an encrypted echostr and saves only when the
// server answers with the plaintext; saving a trusted domain (可信域名)
// fetches the domain's WW_verify_ file (domain.go).

// Messages the console shows when it refuses a setting.
const (
	// MsgCallbackRefused is the console's refusal of a callback URL whose
	// verification request failed.
	MsgCallbackRefused = "回调地址请求不通过"
	// MsgDomainRefused is the console's refusal of a trusted domain whose
	// verification file is missing or wrong.
	MsgDomainRefused = "域名归属校验未通过"
)

// ConsoleError is the console refusing a setting: Msg is what the console
// shows (MsgCallbackRefused, MsgDomainRefused), Reason what went wrong. It
// matches ErrInvalid with errors.Is, so the control API answers 400 with
// "Msg: Reason".
type ConsoleError struct {
	Msg, Reason string
}

func (e *ConsoleError) Error() string { return e.Msg + ": " + e.Reason }

// Is makes a refusal an ErrInvalid.
func (e *ConsoleError) Is(target error) bool { return target == ErrInvalid }

// maxVerifyAnswer bounds what the simulator reads of a verification
// answer: an echo is a few dozen bytes.
const maxVerifyAnswer = 4 << 10

// slotLocked returns where the corp keeps the callback of agentID: 0 is
// the contact-sync callback.
func (s *Server) slotLocked(corpID string, agentID int64) (*corp, **callbackTarget, error) {
	if agentID != 0 {
		a, err := s.appLocked(corpID, agentID)
		if err != nil {
			return nil, nil, err
		}
		return s.corps[corpID], &a.callback, nil
	}
	c, err := s.corpLocked(corpID)
	if err != nil {
		return nil, nil, err
	}
	return c, &c.dir.contactCallback, nil
}

// SaveCallback configures the callback server (接收事件服务器) of app
// agentID, or with agentID 0 the contact-sync callback, as an admin does in
// the console: it first sends WeCom's verification request (GET
// url?msg_signature=&timestamp=&nonce=&echostr=, the echostr a random
// number encrypted with token and aesKey for the corp) and saves only when
// the server answers HTTP 200 with exactly the decrypted number within the
// corp's callback timeout (5 s unless SetCallbackPolicy shortened it). An
// empty url removes the callback without a request.
//
// Errors: ErrNotFound for an unknown corp or app; ErrInvalid for a URL
// that is not http(s), a token that is not 1–32 letters or digits, or an
// EncodingAESKey that is not 43 characters encoding 32 bytes; a
// *ConsoleError (also ErrInvalid) with MsgCallbackRefused and the reason
// (the HTTP status, the timeout, the wrong answer) when verification fails.
func (s *Server) SaveCallback(ctx context.Context, corpID string, agentID int64, url, token, aesKey string) error {
	return s.saveTarget(ctx, corpID, url, token, aesKey, func() (*corp, **callbackTarget, error) {
		return s.slotLocked(corpID, agentID)
	})
}

// saveTarget checks, verifies and stores a callback target in the slot
// that slot returns (called with s.mu held, twice: before and after the
// verification request, which runs unlocked).
func (s *Server) saveTarget(ctx context.Context, corpID, rawURL, token, aesKey string,
	slot func() (*corp, **callbackTarget, error)) error {
	s.mu.Lock()
	c, p, err := slot()
	if err != nil {
		s.mu.Unlock()
		return err
	}
	if rawURL == "" {
		*p = nil
		s.mu.Unlock()
		return nil
	}
	t, err := newCallbackTarget(c, rawURL, token, aesKey)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	timeout, _ := t.hub.policy()
	if err := s.verifyCallbackURL(ctx, t, corpID, timeout); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c2, p, err := slot()
	if err != nil {
		return err
	}
	if c2 != c {
		return fmt.Errorf("%w: corp %q was reset during verification", ErrNotFound, corpID)
	}
	*p = t
	return nil
}

// verifyCallbackURL sends the console's verification request to t.
func (s *Server) verifyCallbackURL(ctx context.Context, t *callbackTarget, receiveID string, timeout time.Duration) error {
	refuse := func(format string, args ...any) error {
		return &ConsoleError{Msg: MsgCallbackRefused, Reason: fmt.Sprintf(format, args...)}
	}
	cr, err := wxcrypt.New(t.Token, t.AESKey, receiveID)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	// WeCom's echostr is a long decimal number (the official vector's is
	// 1616140317555161061).
	echo := strconv.FormatUint(rand.Uint64()>>1, 10)
	enc, err := cr.Encrypt([]byte(echo))
	if err != nil {
		return fmt.Errorf("sim: encrypting echostr: %w", err)
	}
	target, err := s.signedURL(cr, t.URL, enc, enc)
	if err != nil {
		return fmt.Errorf("%w: callback url: %v", ErrInvalid, err)
	}

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target.String(), nil)
	if err != nil {
		return refuse("%v", err)
	}
	req.Close = true
	resp, err := s.callbacks.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return refuse("no answer within %s", timeout)
		}
		return refuse("request failed: %s", redactQuery(err.Error(), target.String()))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxVerifyAnswer))
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return refuse("no answer within %s", timeout)
		}
		return refuse("reading the answer: %v", err)
	}
	if resp.StatusCode != http.StatusOK {
		return refuse("HTTP %s", resp.Status)
	}
	if string(body) != echo {
		const show = 64
		got := string(body)
		if len(got) > show {
			got = got[:show] + "…"
		}
		return refuse("the answer %q is not the decrypted echostr", got)
	}
	return nil
}

// PUT /_sim/corps/{corpid}/apps/{agentid}/callback {"url","token",
// "encodingaeskey"} → 204 once the URL passed verification (SaveCallback),
// else 400 {"error":"回调地址请求不通过: …"}; agentid 0 is the contact-sync
// callback, an empty url removes it.
func (s *Server) handleSetCallback(w http.ResponseWriter, r *http.Request) {
	in, ok := decodeCallback(w, r)
	if !ok {
		return
	}
	agentID, ok := pathAgentID(w, r)
	if !ok {
		return
	}
	noContent(w, s.SaveCallback(r.Context(), r.PathValue("corpid"), agentID, in.URL, in.Token, in.AESKey))
}

type callbackBody struct {
	URL    string `json:"url"`
	Token  string `json:"token"`
	AESKey string `json:"encodingaeskey"`
}

func decodeCallback(w http.ResponseWriter, r *http.Request) (callbackBody, bool) {
	var in callbackBody
	return in, decodeControl(w, r, &in)
}

// routesConsole serves what onboarding a corp uses: the console's
// callback, trusted-IP and trusted-domain settings, the customer-contact
// changes, QR sign-in and the join QR code.
func (s *Server) routesConsole(m *http.ServeMux) {
	m.HandleFunc("PUT /_sim/corps/{corpid}/apps/{agentid}/callback", s.handleSetCallback)
	m.HandleFunc("PUT /_sim/corps/{corpid}/apps/{agentid}/trusted-ips", s.handleTrustedIPs)
	m.HandleFunc("GET /_sim/corps/{corpid}/apps/{agentid}/domain-verify-file", s.handleDomainVerifyFile)
	m.HandleFunc("PUT /_sim/corps/{corpid}/apps/{agentid}/trusted-domain", s.handleTrustedDomain)
	m.HandleFunc("PUT /_sim/corps/{corpid}/external-contact-callback", s.handleExternalCallback)
	m.HandleFunc("POST /_sim/corps/{corpid}/users/{userid}/activate", s.handleActivateUser)
	m.HandleFunc("GET "+qrLoginPath, s.handleQRLogin)
	m.HandleFunc("GET "+qrConnectPath, s.handleQRLogin)
	m.HandleFunc("GET "+qrScanPath, s.handleQRScan)
	m.HandleFunc("GET /cgi-bin/corp/get_join_qrcode", s.apiHandler(queryAPI(s.joinQRCodeLocked)))
	m.HandleFunc("GET "+joinQRPath, s.handleJoinQRImage)
	m.HandleFunc("PATCH /_sim/corps/{corpid}/users/{userid}/external-contacts/{external_userid}", s.handleEditExternalContact)
	m.HandleFunc("DELETE /_sim/corps/{corpid}/users/{userid}/external-contacts/{external_userid}", s.handleDeleteExternalContact)
	m.HandleFunc("DELETE /_sim/corps/{corpid}/external-contacts/{external_userid}/followers/{userid}", s.handleDeleteFollowUser)
}

// pathAgentID reads the {agentid} of a control path, answering 400 itself
// when it is not a number.
func pathAgentID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("agentid"), 10, 64)
	if err != nil {
		writeControlError(w, fmt.Errorf("%w: agentid", ErrInvalid))
		return 0, false
	}
	return id, true
}
