package sim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// A service account's 服务器配置 (开发 → 基本配置 in the MP back office):
// submitting it makes WeChat call the URL once with a plain echostr, and
// from then on every event of the account is POSTed there in the chosen
// 消息加解密方式, with WeChat's 5 s timeout and 3 tries.

// The 消息加解密方式 of a service account's server.
const (
	// MPModePlain (明文模式) posts the event XML as is.
	MPModePlain = "plain"
	// MPModeCompat (兼容模式) posts the event XML with an Encrypt element
	// added, and both signatures.
	MPModeCompat = "compat"
	// MPModeSafe (安全模式) posts only the encrypted envelope.
	MPModeSafe = "safe"
)

// What the MP back office says when it refuses a server configuration.
const (
	// MsgMPTokenFailed is the refusal of a URL that answered, but not with
	// the echostr.
	MsgMPTokenFailed = "token验证失败"
	// MsgMPURLTimeout is the refusal of a URL that did not answer in time
	// or could not be reached.
	MsgMPURLTimeout = "请求URL超时"
)

// validMPToken is the back office's Token rule: 3 to 32 letters or digits.
var validMPToken = regexp.MustCompile(`^[A-Za-z0-9]{3,32}$`)

// MPServerConfig is a service account's server configuration as saved.
// Enabled is false once stopped (停用), when nothing is posted.
type MPServerConfig struct {
	URL     string `json:"url"`
	Token   string `json:"token"`
	AESKey  string `json:"aes_key"`
	Mode    string `json:"mode"`
	Enabled bool   `json:"enabled"`
}

// ConfigureMPServer submits a service account's 服务器配置 as the back
// office's 提交 does: it checks the fields, then sends WeChat's
// verification request (GET url?signature=&timestamp=&nonce=&echostr=,
// signature the SHA-1 of the sorted token, timestamp and nonce, echostr a
// plain random number in every mode) and saves and enables the
// configuration only when the server answers HTTP 200 with exactly the
// echostr within the account's timeout (5 s unless SetMPCallbackPolicy
// shortened it).
//
// Errors: ErrNotFound for an unknown account; ErrInvalid for a URL that
// is not http(s), a token that is not 3–32 letters or digits, a mode other
// than MPModePlain, MPModeCompat or MPModeSafe, or (except in plain mode,
// where it may be empty) an aesKey that is not 43 characters encoding 32
// bytes; a *ConsoleError (also ErrInvalid) with MsgMPTokenFailed when the
// server answered something else, or MsgMPURLTimeout when it did not
// answer in time or could not be reached, its Reason naming the URL.
func (s *Server) ConfigureMPServer(ctx context.Context, appID, rawURL, token, aesKey, mode string) error {
	cfg := MPServerConfig{URL: rawURL, Token: token, AESKey: aesKey, Mode: mode, Enabled: true}
	if err := checkMPServer(appID, cfg); err != nil {
		return err
	}
	s.mu.Lock()
	a := s.mp.accounts[appID]
	s.mu.Unlock()
	if a == nil {
		return fmt.Errorf("%w: service account %q", ErrNotFound, appID)
	}
	timeout, _ := a.hub.policy()
	if err := s.verifyMPServer(ctx, cfg, timeout); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mp.accounts[appID] != a {
		return fmt.Errorf("%w: service account %q was reset during verification", ErrNotFound, appID)
	}
	a.server = &cfg
	return nil
}

func checkMPServer(appID string, c MPServerConfig) error {
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		// sim: WeChat also wants port 80 or 443; the simulator takes any
		// port, so tests can use httptest servers.
		return fmt.Errorf("%w: URL must start with http:// or https://", ErrInvalid)
	}
	if !validMPToken.MatchString(c.Token) {
		return fmt.Errorf("%w: Token must be 3-32 letters or digits", ErrInvalid)
	}
	switch c.Mode {
	case MPModePlain, MPModeCompat, MPModeSafe:
	default:
		return fmt.Errorf("%w: mode must be plain, compat or safe", ErrInvalid)
	}
	if c.Mode == MPModePlain && c.AESKey == "" {
		return nil
	}
	if _, err := wxcrypt.New(c.Token, c.AESKey, appID); err != nil || len(c.AESKey) != 43 {
		return fmt.Errorf("%w: EncodingAESKey must be 43 letters or digits", ErrInvalid)
	}
	return nil
}

// verifyMPServer sends the verification request to c.URL.
func (s *Server) verifyMPServer(ctx context.Context, c MPServerConfig, timeout time.Duration) error {
	refuse := func(msg, format string, args ...any) error {
		return &ConsoleError{Msg: msg, Reason: c.URL + ": " + fmt.Sprintf(format, args...)}
	}
	target, err := url.Parse(c.URL)
	if err != nil {
		return fmt.Errorf("%w: URL: %v", ErrInvalid, err)
	}
	// WeChat's echostr is a long decimal number, as WeCom's.
	echo := strconv.FormatUint(rand.Uint64()>>1, 10)
	ts := strconv.FormatInt(s.now().Unix(), 10)
	nonce := strconv.FormatUint(uint64(rand.Uint32()), 10)
	q := target.Query()
	q.Set("signature", wxcrypt.PlainSignature(c.Token, ts, nonce))
	q.Set("timestamp", ts)
	q.Set("nonce", nonce)
	q.Set("echostr", echo)
	target.RawQuery = q.Encode()

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target.String(), nil)
	if err != nil {
		return refuse(MsgMPURLTimeout, "%v", err)
	}
	req.Close = true
	resp, err := s.callbacks.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return refuse(MsgMPURLTimeout, "no answer within %s", timeout)
		}
		return refuse(MsgMPURLTimeout, "request failed: %s", redactQuery(err.Error(), target.String()))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxVerifyAnswer))
	if err != nil {
		return refuse(MsgMPURLTimeout, "no complete answer within %s", timeout)
	}
	if resp.StatusCode != http.StatusOK {
		// sim: the back office's wording for an error status is not
		// documented; it is taken as a wrong answer.
		return refuse(MsgMPTokenFailed, "HTTP %s", resp.Status)
	}
	if string(body) != echo {
		return refuse(MsgMPTokenFailed, "the answer %q is not the echostr", clipAnswer(body))
	}
	return nil
}

// clipAnswer shows the start of an answer in an error.
func clipAnswer(b []byte) string {
	const show = 64
	if len(b) > show {
		return string(b[:show]) + "…"
	}
	return string(b)
}

// DisableMPServer stops (停用) the account's server configuration: events
// are still recorded but no longer posted. The configuration is kept, as
// the back office keeps it; ConfigureMPServer enables one again. It
// returns ErrNotFound for an unknown account.
func (s *Server) DisableMPServer(appID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mp.accounts[appID]
	if a == nil {
		return fmt.Errorf("%w: service account %q", ErrNotFound, appID)
	}
	if a.server != nil {
		a.server.Enabled = false
	}
	return nil
}

// MPServer returns the account's saved server configuration, the zero
// value when none was ever submitted. It returns ErrNotFound for an
// unknown account.
func (s *Server) MPServer(appID string) (MPServerConfig, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mp.accounts[appID]
	if a == nil {
		return MPServerConfig{}, fmt.Errorf("%w: service account %q", ErrNotFound, appID)
	}
	if a.server == nil {
		return MPServerConfig{}, nil
	}
	return *a.server, nil
}

// SetMPCallbackPolicy is SetCallbackPolicy for a service account's posts
// to its server (and the timeout of its verification request). It
// returns ErrNotFound for an unknown account and ErrInvalid for a value
// out of range.
func (s *Server) SetMPCallbackPolicy(appID string, timeout, spacing time.Duration) error {
	s.mu.Lock()
	a := s.mp.accounts[appID]
	s.mu.Unlock()
	if a == nil {
		return fmt.Errorf("%w: service account %q", ErrNotFound, appID)
	}
	return a.hub.setPolicy(timeout, spacing)
}

// MPCallbackAttempts returns every post to the account's server so far
// (the newest 1000), oldest first; nil for an unknown account.
func (s *Server) MPCallbackAttempts(appID string) []CallbackAttempt {
	s.mu.Lock()
	a := s.mp.accounts[appID]
	s.mu.Unlock()
	if a == nil {
		return nil
	}
	return a.hub.recorded()
}

// mpPostLocked posts ev to the account's server, if one is enabled, in the
// background.
func (s *Server) mpPostLocked(a *mpAccount, ev MPEvent) {
	if a.server == nil || !a.server.Enabled {
		return
	}
	c := *a.server
	base := CallbackAttempt{Delivery: newID()[:12], AppID: a.appID, URL: c.URL, Event: ev.Event}
	plain, appID, ts := ev.xml(), a.appID, s.now().Unix()
	s.startDelivery(a.hub, base, func() (delivery, error) {
		return mpDelivery(c, appID, ev.FromUserName, plain, ts)
	})
}

// mpDelivery builds the POST of one event in the server's mode: the query
// always carries signature, timestamp, nonce and openid; compat and safe
// add encrypt_type=aes and msg_signature (over the Encrypt, encrypted for
// the appid).
func mpDelivery(c MPServerConfig, appID, openID string, plain []byte, now int64) (delivery, error) {
	target, err := url.Parse(c.URL)
	if err != nil {
		return delivery{}, err
	}
	ts := strconv.FormatInt(now, 10)
	nonce := strconv.FormatUint(uint64(rand.Uint32()), 10)
	q := target.Query()
	q.Set("signature", wxcrypt.PlainSignature(c.Token, ts, nonce))
	q.Set("timestamp", ts)
	q.Set("nonce", nonce)
	q.Set("openid", openID)
	body := plain
	if c.Mode != MPModePlain {
		cr, err := wxcrypt.New(c.Token, c.AESKey, appID)
		if err != nil {
			return delivery{}, err
		}
		enc, err := cr.Encrypt(plain)
		if err != nil {
			return delivery{}, err
		}
		q.Set("encrypt_type", "aes")
		q.Set("msg_signature", cr.Signature(ts, nonce, enc))
		if c.Mode == MPModeSafe {
			body = cr.MPEnvelope(enc)
		} else {
			// Base64 needs no escaping inside CDATA.
			end := bytes.LastIndex(plain, []byte("</xml>"))
			body = append(append(append([]byte{}, plain[:end]...),
				"<Encrypt><![CDATA["+enc+"]]></Encrypt>"...), plain[end:]...)
		}
	}
	target.RawQuery = q.Encode()
	return delivery{url: target.String(), body: body, accept: mpAccept}, nil
}

// mpAccept judges a service account server's 200 answer: "success" or an
// empty body ends the tries, as WeChat documents. sim: a passive reply
// (an XML message) ends them too, since WeChat takes it as the answer;
// anything else is treated as no answer and tried again.
func mpAccept(body []byte) error {
	switch {
	case len(body) == 0, string(body) == "success", bytes.HasPrefix(bytes.TrimSpace(body), []byte("<xml>")):
		return nil
	}
	return fmt.Errorf("answered %q, neither success nor an empty body", clipAnswer(body))
}

// POST /_sim/mp/{appid}/server {"url","token","aes_key","mode"} → 200
// MPServerConfig once verified, else 400 {"error":"token验证失败: …"} or
// {"error":"请求URL超时: …"}.
func (s *Server) handleMPSetServer(w http.ResponseWriter, r *http.Request) {
	var in MPServerConfig
	if !decodeControl(w, r, &in) {
		return
	}
	appID := r.PathValue("appid")
	if err := s.ConfigureMPServer(r.Context(), appID, in.URL, in.Token, in.AESKey, in.Mode); err != nil {
		writeControlError(w, err)
		return
	}
	s.handleMPGetServer(w, r)
}

// GET /_sim/mp/{appid}/server → 200 MPServerConfig.
func (s *Server) handleMPGetServer(w http.ResponseWriter, r *http.Request) {
	cfg, err := s.MPServer(r.PathValue("appid"))
	if err != nil {
		writeControlError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, cfg)
}

// DELETE /_sim/mp/{appid}/server → 204 (停用).
func (s *Server) handleMPDisableServer(w http.ResponseWriter, r *http.Request) {
	noContent(w, s.DisableMPServer(r.PathValue("appid")))
}

// PUT /_sim/mp/{appid}/callback-policy {"timeout_ms","retry_spacing_ms"} → 204.
func (s *Server) handleMPCallbackPolicy(w http.ResponseWriter, r *http.Request) {
	var in struct {
		TimeoutMS int `json:"timeout_ms"`
		SpacingMS int `json:"retry_spacing_ms"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	noContent(w, s.SetMPCallbackPolicy(r.PathValue("appid"),
		time.Duration(in.TimeoutMS)*time.Millisecond, time.Duration(in.SpacingMS)*time.Millisecond))
}

// GET /_sim/mp/{appid}/callbacks → 200 [CallbackAttempt…].
func (s *Server) handleMPCallbacks(w http.ResponseWriter, r *http.Request) {
	out := s.MPCallbackAttempts(r.PathValue("appid"))
	if out == nil {
		writeControlError(w, fmt.Errorf("%w: no such service account", ErrNotFound))
		return
	}
	writeJSON(w, http.StatusOK, out)
}
