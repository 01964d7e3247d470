package sim

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"
)

// Fault is a failure injected on demand, for tests and demos of retry
// paths. A call matches when its path (as counted by CallCount: WeCom's
// "/cgi-bin/…", the service account's "/mp/cgi-bin/…") equals Path, or
// always when Path is empty. Control-API paths never match.
type Fault struct {
	Path string `json:"path"`
	// Rate is the probability that a matching call is hit, in (0, 1]; 0
	// means every call.
	Rate float64 `json:"rate"`
	// Count limits the fault to that many hits, after which it is removed;
	// 0 keeps it until ClearFaults.
	Count int `json:"count"`
	// LatencyMS delays the answer by this many milliseconds.
	LatencyMS int `json:"latency_ms"`
	// ErrCode answers this errcode instead of handling the call (-1 system
	// busy, 45009 rate limited, 45033 too concurrent, …). WeChat did not
	// act on such a call.
	ErrCode int `json:"errcode"`
	// Drop closes the connection without an answer, before handling.
	Drop bool `json:"drop"`
	// DropAfter handles the call and then closes the connection without
	// an answer: the caller sees a network error although WeChat acted,
	// the case that makes blind retries of message/send deliver twice.
	DropAfter bool `json:"drop_after"`
}

func (f Fault) validate() error {
	switch {
	case f.Rate < 0 || f.Rate > 1:
		return fmt.Errorf("%w: rate must be within 0..1", ErrInvalid)
	case f.Count < 0 || f.LatencyMS < 0:
		return fmt.Errorf("%w: count and latency_ms must not be negative", ErrInvalid)
	case f.ErrCode == 0 && !f.Drop && !f.DropAfter && f.LatencyMS == 0:
		return fmt.Errorf("%w: a fault needs an errcode, drop, drop_after or latency_ms", ErrInvalid)
	case f.Drop && f.DropAfter:
		return fmt.Errorf("%w: drop and drop_after exclude each other", ErrInvalid)
	}
	return nil
}

// faults are the injected failures, under s.mu.
type faults struct {
	rules []*faultRule
	hits  int
}

type faultRule struct {
	Fault
	left int // hits left when Count > 0
}

// InjectFault adds f; several faults may apply to one call (their latency
// adds up; the first errcode or drop wins).
func (s *Server) InjectFault(f Fault) error {
	if err := f.validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.rules = append(s.faults.rules, &faultRule{Fault: f, left: f.Count})
	return nil
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.rules = nil
}

// FaultHits returns how many calls an injected fault hit since New or
// Reset.
func (s *Server) FaultHits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults.hits
}

// pickFaultsLocked decides what happens to one call to path.
func (s *Server) pickFaultsLocked(path string) (latency time.Duration, hit *Fault) {
	kept := s.faults.rules[:0]
	for _, f := range s.faults.rules {
		match := (f.Path == "" || f.Path == path) && (f.Rate == 0 || rand.Float64() < f.Rate)
		if match {
			s.faults.hits++
			latency += time.Duration(f.LatencyMS) * time.Millisecond
			if hit == nil && (f.ErrCode != 0 || f.Drop || f.DropAfter) {
				copyF := f.Fault
				hit = &copyF
			}
			if f.Count > 0 {
				f.left--
				if f.left == 0 {
					continue
				}
			}
		}
		kept = append(kept, f)
	}
	s.faults.rules = kept
	return latency, hit
}

// limitConfig is the per-corp, per-API call limit.
type limitConfig struct{ perMinute, perHour int }

// newLimitConfig is the limit of perMinute and perHour, with WeCom's
// defaults for values ≤ 0.
func newLimitConfig(perMinute, perHour int) limitConfig {
	cfg := limitConfig{perMinute: 10000, perHour: 150000}
	if perMinute > 0 {
		cfg.perMinute = perMinute
	}
	if perHour > 0 {
		cfg.perHour = perHour
	}
	return cfg
}

// apiLimits counts calls per corp and API in fixed minute and hour windows
// of the simulator's clock, and remembers bans. sim: WeCom's windows are
// not documented; fixed windows and a ban to the end of a full minute (or
// hour) from the refusal match its "blocked for 60 s / 60 min" note.
type apiLimits struct {
	minute map[string]*window
	hour   map[string]*window
	banned map[string]time.Time
}

type window struct {
	start time.Time
	n     int
}

func newAPILimits() apiLimits {
	return apiLimits{minute: map[string]*window{}, hour: map[string]*window{}, banned: map[string]time.Time{}}
}

// SetAPILimits changes the per-corp, per-API limits (45009 beyond) and
// clears the counts. Values ≤ 0 keep WeCom's defaults.
func (s *Server) SetAPILimits(perMinute, perHour int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limitCfg = newLimitConfig(perMinute, perHour)
	s.limits = newAPILimits()
}

// limitedLocked counts a WeCom call and reports whether the corp is over
// its limit for this API. gettoken is counted by its corpid; other calls
// by their token's corp; calls with no usable corp are not counted (they
// fail on their own). auth/getuserinfo with a valid code is exempt, as
// WeCom documents; with a bad code it counts.
func (s *Server) limitedLocked(r *http.Request) bool {
	path := r.URL.Path
	if !strings.HasPrefix(path, "/cgi-bin/") {
		return false
	}
	q := r.URL.Query()
	if path == "/cgi-bin/auth/getuserinfo" || path == "/cgi-bin/user/getuserinfo" {
		if ac := s.codes[q.Get("code")]; ac != nil && s.now().Before(ac.expires) {
			return false
		}
	}
	corpID := q.Get("corpid")
	if path != "/cgi-bin/gettoken" {
		t := s.tokens[q.Get("access_token")]
		if t == nil {
			return false
		}
		corpID = t.corpID
	}
	if s.corps[corpID] == nil {
		return false
	}
	key := corpID + " " + path
	now := s.now()
	if until, ok := s.limits.banned[key]; ok {
		if now.Before(until) {
			return true
		}
		delete(s.limits.banned, key)
	}
	over := func(m map[string]*window, size time.Duration, limit int) bool {
		w := m[key]
		if w == nil || now.Sub(w.start) >= size {
			w = &window{start: now}
			m[key] = w
		}
		w.n++
		if w.n > limit {
			s.limits.banned[key] = now.Add(size)
			return true
		}
		return false
	}
	// Both windows count every call, so a minute ban also counts towards
	// the hour.
	overMinute := over(s.limits.minute, time.Minute, s.limitCfg.perMinute)
	overHour := over(s.limits.hour, time.Hour, s.limitCfg.perHour)
	if overHour {
		s.limits.banned[key] = now.Add(time.Hour)
	}
	return overMinute || overHour
}

// injectFault answers r itself when an injected fault or the per-corp limit
// applies, and reports whether it did. r's path is already stripped of
// /mp; mp tells which API it is.
func (s *Server) injectFault(w http.ResponseWriter, r *http.Request, mp bool, next http.Handler) bool {
	s.mu.Lock()
	latency, f := s.pickFaultsLocked(callKey(mp, r.URL.Path))
	limited := !mp && f == nil && s.limitedLocked(r)
	s.mu.Unlock()

	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-r.Context().Done():
			t.Stop()
			return true
		case <-t.C:
		}
	}
	switch {
	case f != nil && f.Drop:
		dropConn(w)
		return true
	case f != nil && f.DropAfter:
		// The call takes effect; only its answer is lost.
		next.ServeHTTP(httptest.NewRecorder(), r)
		dropConn(w)
		return true
	case f != nil && f.ErrCode != 0:
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxRequestBody))
		s.reply(w, r, apiErr(f.ErrCode, faultMessage(f.ErrCode)), nil)
		return true
	case limited:
		s.reply(w, r, apiErr(45009, "api freq out of limit"), nil)
		return true
	}
	return false
}

func faultMessage(code int) string {
	switch code {
	case -1:
		return "system busy"
	case 45009:
		return "api freq out of limit"
	case 45033:
		return "api concurrent out of limit"
	}
	return "injected fault"
}

// dropConn closes the client's connection without an HTTP answer. Where
// the connection cannot be taken over (HTTP/2), the handler panics with
// http.ErrAbortHandler, which net/http turns into a reset stream.
func dropConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

func (s *Server) routesFaults(m *http.ServeMux) {
	m.HandleFunc("POST /_sim/faults", s.handleInjectFault)
	m.HandleFunc("DELETE /_sim/faults", s.handleClearFaults)
	m.HandleFunc("PUT /_sim/limits", s.handleSetLimits)
}

// POST /_sim/faults {Fault} → 201.
func (s *Server) handleInjectFault(w http.ResponseWriter, r *http.Request) {
	var f Fault
	if !decodeControl(w, r, &f) {
		return
	}
	if err := s.InjectFault(f); err != nil {
		writeControlError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, f)
}

// DELETE /_sim/faults → 204.
func (s *Server) handleClearFaults(w http.ResponseWriter, r *http.Request) {
	s.ClearFaults()
	w.WriteHeader(http.StatusNoContent)
}

// PUT /_sim/limits {"per_minute", "per_hour"} → 200 with the limits now
// in force.
func (s *Server) handleSetLimits(w http.ResponseWriter, r *http.Request) {
	var in struct {
		PerMinute int `json:"per_minute"`
		PerHour   int `json:"per_hour"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if in.PerMinute < 0 || in.PerHour < 0 {
		writeControlError(w, fmt.Errorf("%w: limits must not be negative", ErrInvalid))
		return
	}
	s.SetAPILimits(in.PerMinute, in.PerHour)
	s.mu.Lock()
	out := map[string]int{"per_minute": s.limitCfg.perMinute, "per_hour": s.limitCfg.perHour}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}
