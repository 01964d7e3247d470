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
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// callbackTimeout is how long WeChat waits for a callback answer.
const callbackTimeout = 5 * time.Second

const (
	// callbackTries is how many times WeChat posts one event in all.
	callbackTries = 3
	// defaultRetrySpacing separates the tries. sim: WeChat's spacing is
	// not documented; a second keeps demos quick.
	defaultRetrySpacing = time.Second
	// maxAttempts bounds the attempts a corp remembers (oldest dropped).
	maxAttempts = 1000
	// maxPause caps the retry spacing and a batch job's row delay, so
	// a test or demo cannot park background work for long.
	maxPause = 10 * time.Second
)

// callbackTarget is a callback server: its URL and the Token and
// EncodingAESKey the messages are signed and encrypted with.
type callbackTarget struct {
	URL, Token, AESKey string
	// hub is the corp's, which records the attempts and lets WaitIdle
	// wait for them. Never nil: newCallbackTarget, which makes every
	// target, sets it.
	hub *eventHub
}

// CallbackAttempt is one POST of an event to a callback server, as GET
// /_sim/callbacks lists it.
type CallbackAttempt struct {
	// Delivery identifies the event's delivery; its tries share it.
	Delivery string `json:"delivery"`
	// CorpID is the corp of a WeCom callback; AppID the service account
	// of a post to its server (mp_server.go), which has no agentid.
	CorpID string `json:"corpid,omitempty"`
	AppID  string `json:"appid,omitempty"`
	// AgentID is the app whose callback it went to; 0 is the contact-sync
	// callback.
	AgentID    int64  `json:"agentid"`
	URL        string `json:"url"`
	Event      string `json:"event"`
	ChangeType string `json:"change_type,omitempty"`
	Try        int    `json:"try"`
	// Status is the HTTP status answered, 0 when there was none (timeout,
	// refused connection); Error says why. OK is Status 200, which stops
	// the tries.
	Status int    `json:"status"`
	Error  string `json:"error,omitempty"`
	OK     bool   `json:"ok"`
	// At is when the try started, on the simulator's clock.
	At time.Time `json:"at"`
}

// eventHub is a corp's background work: callback deliveries and batch
// jobs in flight, the callback timing policy, and the attempts made.
type eventHub struct {
	// life is the corp's lifetime, not a request's: Reset cancels it
	// (stop), and the hub's goroutines wait on it instead of sleeping and
	// derive their callback POSTs from it, so none outlives the corp.
	life context.Context
	stop context.CancelFunc

	mu       sync.Mutex
	timeout  time.Duration
	spacing  time.Duration
	attempts []CallbackAttempt
	running  int
	idle     chan struct{} // closed while running == 0
}

func newEventHub() *eventHub {
	h := &eventHub{timeout: callbackTimeout, spacing: defaultRetrySpacing, idle: make(chan struct{})}
	h.life, h.stop = context.WithCancel(context.Background())
	close(h.idle)
	return h
}

// pause waits d, or less when the hub stops first; it reports whether the
// hub is still live.
func (h *eventHub) pause(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-h.life.Done():
		return false
	}
}

// stopBackgroundLocked ends the background work of every corp (Reset is
// about to drop them): waits end at once and callback POSTs in flight are
// cancelled. The goroutines still take s.mu on their way out, so this
// does not wait for them.
func (s *Server) stopBackgroundLocked() {
	for _, c := range s.corps {
		c.dir.hub.stop()
	}
	for _, a := range s.mp.accounts {
		a.hub.stop()
	}
}

func (h *eventHub) start() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.running == 0 {
		h.idle = make(chan struct{})
	}
	h.running++
}

func (h *eventHub) done() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.running--
	if h.running == 0 {
		close(h.idle)
	}
}

func (h *eventHub) wait(ctx context.Context) error {
	h.mu.Lock()
	idle := h.idle
	h.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *eventHub) policy() (timeout, spacing time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.timeout, h.spacing
}

func (h *eventHub) record(a CallbackAttempt) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.attempts) >= maxAttempts {
		h.attempts = slices.Delete(h.attempts, 0, len(h.attempts)-maxAttempts+1)
	}
	h.attempts = append(h.attempts, a)
}

// postEvent posts plain (an event's XML) to t, encrypted for receiveID (the
// corpid) in WeCom's envelope, in the background: up to 3 tries, each
// waiting at most callbackTimeout (or the corp's shorter policy), as WeCom
// does. It returns at once and may be called with s.mu held.
func (s *Server) postEvent(t *callbackTarget, receiveID string, agentID int64, plain []byte) {
	s.postEventAnswered(t, receiveID, agentID, plain, nil)
}

// postEventAnswered is postEvent whose accepted answer (the body of the
// try that got HTTP 200) goes to answered, in the background, for events
// whose answer may be a passive reply. answered may be nil.
func (s *Server) postEventAnswered(t *callbackTarget, receiveID string, agentID int64, plain []byte, answered func(body []byte)) {
	if t == nil || t.URL == "" {
		return
	}
	ev, _ := wxcrypt.ParseEvent(plain) // only labels the attempts
	base := CallbackAttempt{Delivery: newID()[:12], CorpID: receiveID, AgentID: agentID, URL: t.URL,
		Event: ev.Event, ChangeType: ev.ChangeType}
	tgt := *t
	s.startDelivery(t.hub, base, func() (delivery, error) {
		cr, err := wxcrypt.New(tgt.Token, tgt.AESKey, receiveID)
		if err != nil {
			return delivery{}, err
		}
		enc, err := cr.Encrypt(plain)
		if err != nil {
			return delivery{}, err
		}
		target, err := s.signedURL(cr, tgt.URL, enc, "")
		if err != nil {
			return delivery{}, err
		}
		return delivery{url: target.String(), body: cr.Envelope(enc, agentID), answered: answered}, nil
	})
}

// delivery is the POST of one event, built once and repeated as is on
// every try: the same timestamp, nonce and signature each time.
type delivery struct {
	url  string
	body []byte
	// accept judges a 200 answer's body; nil takes any (WeCom). A service
	// account's server must answer "success" or nothing (mp_server.go).
	accept func(body []byte) error
	// answered receives the accepted answer's body; nil ignores it.
	answered func(body []byte)
}

// startDelivery makes the tries of one event in the background, counted
// by h so WaitIdle sees them; build runs there too, so a failure to
// encrypt is recorded as the first try's error.
func (s *Server) startDelivery(h *eventHub, base CallbackAttempt, build func() (delivery, error)) {
	h.start()
	go func() {
		defer h.done()
		s.deliver(h, base, build)
	}()
}

// deliver makes the tries of one event.
func (s *Server) deliver(h *eventHub, base CallbackAttempt, build func() (delivery, error)) {
	d, err := build()
	if err != nil {
		a := base
		a.Try, a.At, a.Error = 1, s.now(), err.Error()
		h.record(a)
		return
	}
	timeout, spacing := h.policy()
	for try := 1; try <= callbackTries; try++ {
		if try > 1 && !h.pause(spacing) {
			return // Reset: the corp or account is gone
		}
		a := base
		a.Try, a.At = try, s.now()
		var body []byte
		a.Status, body, err = s.postOnce(h.life, d.url, d.body, timeout)
		if h.life.Err() != nil {
			return // cancelled by Reset: nobody reads this hub any more
		}
		if err == nil && d.accept != nil {
			err = d.accept(body)
		}
		if err != nil {
			a.Error = err.Error()
		}
		a.OK = err == nil
		h.record(a)
		if a.OK {
			if d.answered != nil {
				d.answered(body)
			}
			return
		}
	}
}

// maxCallbackAnswer is how much of a callback answer the simulator keeps
// to judge it: "success", an empty body or a short passive reply.
const maxCallbackAnswer = 4 << 10

// postOnce sends one try and returns the HTTP status and the start of the
// body; an answer other than 200 is an error.
func (s *Server) postOnce(ctx context.Context, target string, body []byte, timeout time.Duration) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	// A fresh connection per try, so no idle connection outlives the
	// delivery (and a timed-out one is never reused).
	req.Close = true
	resp, err := s.callbacks.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return 0, nil, fmt.Errorf("no answer within %s", timeout)
		}
		return 0, nil, errors.New("post failed: " + redactQuery(err.Error(), target))
	}
	defer resp.Body.Close()
	// The status is the answer; a body cut short is judged as far as it
	// came.
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, maxCallbackAnswer))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, answer, fmt.Errorf("HTTP %s", resp.Status)
	}
	return resp.StatusCode, answer, nil
}

// signedURL is rawURL (its own query kept) with WeCom's signature of enc
// added: msg_signature, timestamp, nonce and, for the console's
// verification request, echostr.
func (s *Server) signedURL(cr *wxcrypt.Crypter, rawURL, enc, echostr string) (*url.URL, error) {
	target, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(s.now().Unix(), 10)
	nonce := strconv.FormatUint(uint64(rand.Uint32()), 10)
	q := target.Query()
	q.Set("msg_signature", cr.Signature(ts, nonce, enc))
	q.Set("timestamp", ts)
	q.Set("nonce", nonce)
	if echostr != "" {
		q.Set("echostr", echostr)
	}
	target.RawQuery = q.Encode()
	return target, nil
}

// redactQuery keeps the signed query out of recorded errors.
func redactQuery(msg, target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return msg
	}
	bare := *u
	bare.RawQuery = ""
	return string(bytes.ReplaceAll([]byte(msg), []byte(target), []byte(bare.String())))
}

// contactEvent starts a change_contact event of the corp.
func (s *Server) contactEvent(c *corp, changeType string) wxcrypt.Event {
	return wxcrypt.Event{ToUserName: c.id, FromUserName: "sys", CreateTime: s.now().Unix(),
		MsgType: "event", Event: "change_contact", ChangeType: changeType}
}

// notifyLocked posts ev to the contact-sync callback and to every app
// with a callback for which visible says yes. sim: WeCom sends contact
// changes to apps whose visible range holds the member or department (and
// that turned the event on); the simulator takes that as on.
func (s *Server) notifyLocked(c *corp, ev wxcrypt.Event, visible func(a *app) bool) {
	plain := ev.XML()
	s.postEvent(c.dir.contactCallback, c.id, 0, plain)
	for _, id := range sortedAgentIDs(c) {
		a := c.apps[id]
		if a.callback != nil && visible(a) {
			s.postEvent(a.callback, c.id, a.agentID, plain)
		}
	}
}

func sortedAgentIDs(c *corp) []int64 {
	ids := make([]int64, 0, len(c.apps))
	for id := range c.apps {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// validToken is the callback page's Token rule: letters and digits, at
// most 32.
var validToken = regexp.MustCompile(`^[A-Za-z0-9]{1,32}$`)

// newCallbackTarget checks a callback configuration as the console does
// before its verification request (console.go) and binds it to c's hub.
func newCallbackTarget(c *corp, rawURL, token, aesKey string) (*callbackTarget, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w: callback url must be an absolute http(s) URL", ErrInvalid)
	}
	if !validToken.MatchString(token) {
		return nil, fmt.Errorf("%w: callback token must be 1-32 letters or digits", ErrInvalid)
	}
	if _, err := wxcrypt.New(token, aesKey, c.id); err != nil || len(aesKey) != 43 {
		return nil, fmt.Errorf("%w: EncodingAESKey must be 43 letters or digits", ErrInvalid)
	}
	return &callbackTarget{URL: rawURL, Token: token, AESKey: aesKey, hub: c.dir.hub}, nil
}

// SetCallbackPolicy sets how long the corp's callback posts wait for an
// answer (at most WeChat's 5 s; 0 keeps the current) and the pause between
// tries (at most 10 s), so tests of timeouts and retries run fast. It
// returns ErrNotFound for an unknown corp and ErrInvalid for a value out
// of those ranges or negative.
func (s *Server) SetCallbackPolicy(corpID string, timeout, spacing time.Duration) error {
	s.mu.Lock()
	c := s.corps[corpID]
	s.mu.Unlock()
	if c == nil {
		return fmt.Errorf("%w: corp %q", ErrNotFound, corpID)
	}
	return c.dir.hub.setPolicy(timeout, spacing)
}

// setPolicy is SetCallbackPolicy for one hub.
func (h *eventHub) setPolicy(timeout, spacing time.Duration) error {
	if timeout < 0 || timeout > callbackTimeout || spacing < 0 || spacing > maxPause {
		return fmt.Errorf("%w: timeout must be within 0..%s and retry spacing within 0..%s",
			ErrInvalid, callbackTimeout, maxPause)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if timeout > 0 {
		h.timeout = timeout
	}
	h.spacing = spacing
	return nil
}

// recorded returns a copy of the hub's attempts, never nil.
func (h *eventHub) recorded() []CallbackAttempt {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]CallbackAttempt{}, h.attempts...)
}

// CallbackAttempts returns every callback try made so far (the newest
// 1000 per corp), ordered by corp and then by time; corpID "" means all
// corps.
func (s *Server) CallbackAttempts(corpID string) []CallbackAttempt {
	s.mu.Lock()
	var hubs []*eventHub
	for _, id := range s.sortedCorpIDs() {
		if corpID == "" || id == corpID {
			hubs = append(hubs, s.corps[id].dir.hub)
		}
	}
	s.mu.Unlock()
	out := []CallbackAttempt{}
	for _, h := range hubs {
		h.mu.Lock()
		out = append(out, h.attempts...)
		h.mu.Unlock()
	}
	return out
}

func (s *Server) sortedCorpIDs() []string {
	ids := make([]string, 0, len(s.corps))
	for id := range s.corps {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// WaitIdle blocks until every callback delivery (a corp's, or a post to a
// service account's server) and batch job started so far has finished
// (all its tries), or ctx ends. A paused batch job only
// finishes once resumed (SetBatchPace). Reset stops the work of the corps
// it drops at once (pauses end, callback POSTs in flight are cancelled);
// WaitIdle no longer sees that work.
func (s *Server) WaitIdle(ctx context.Context) error {
	s.mu.Lock()
	hubs := make([]*eventHub, 0, len(s.corps))
	for _, c := range s.corps {
		hubs = append(hubs, c.dir.hub)
	}
	for _, a := range s.mp.accounts {
		hubs = append(hubs, a.hub)
	}
	s.mu.Unlock()
	for _, h := range hubs {
		if err := h.wait(ctx); err != nil {
			return fmt.Errorf("sim: waiting for callbacks and jobs: %w", err)
		}
	}
	return nil
}

// PUT /_sim/corps/{corpid}/callback-policy {"timeout_ms","retry_spacing_ms"}
// → 204.
func (s *Server) handleCallbackPolicy(w http.ResponseWriter, r *http.Request) {
	var in struct {
		TimeoutMS int `json:"timeout_ms"`
		SpacingMS int `json:"retry_spacing_ms"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	err := s.SetCallbackPolicy(r.PathValue("corpid"),
		time.Duration(in.TimeoutMS)*time.Millisecond, time.Duration(in.SpacingMS)*time.Millisecond)
	if err != nil {
		writeControlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// GET /_sim/callbacks[?corpid=] → 200 [CallbackAttempt…].
func (s *Server) handleCallbacks(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.CallbackAttempts(r.URL.Query().Get("corpid")))
}
