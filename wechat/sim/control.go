package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// The control API under /_sim/ mirrors the Go methods for tests in other
// processes (browser tests, demos). Bodies and answers are JSON; errors are
// {"error": "..."} with 400, 404 or 409.

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // payloads are read by people, keep their HTML legible
	_ = enc.Encode(v)
}

func writeControlError(w http.ResponseWriter, err error) {
	writeJSON(w, controlStatus(err), map[string]string{"error": err.Error()})
}

// controlStatus is the HTTP status of a control method's error: 404, 409,
// 400, or 500 for anything else.
func controlStatus(err error) int {
	switch {
	case errors.Is(err, ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, ErrConflict):
		return http.StatusConflict
	case errors.Is(err, ErrInvalid):
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// decodeControl reads a small JSON body into v, answering 400 itself when
// it cannot.
func decodeControl(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid JSON body: " + err.Error()})
		return false
	}
	return true
}

// POST /_sim/corps {"corpid"} → 201 {"corpid"}; creating an existing corp
// is not an error.
func (s *Server) handleCreateCorp(w http.ResponseWriter, r *http.Request) {
	var in struct {
		CorpID string `json:"corpid"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if in.CorpID == "" {
		writeControlError(w, fmt.Errorf("%w: corpid is required", ErrInvalid))
		return
	}
	s.CreateCorp(in.CorpID)
	writeJSON(w, http.StatusCreated, in)
}

// POST /_sim/corps/{corpid}/apps {"agentid","secret","name"} → 201.
func (s *Server) handleAddApp(w http.ResponseWriter, r *http.Request) {
	var in struct {
		AgentID flexInt `json:"agentid"`
		Secret  string  `json:"secret"`
		Name    string  `json:"name"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	corpID := r.PathValue("corpid")
	if err := s.AddApp(corpID, int64(in.AgentID), in.Secret, in.Name); err != nil {
		writeControlError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"corpid": corpID, "agentid": int64(in.AgentID), "name": in.Name})
}

// GET /_sim/calls → 200 {"/cgi-bin/gettoken": 1, …}.
func (s *Server) handleCalls(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	calls := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		calls[k] = v
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, calls)
}

// POST /_sim/corps/{corpid}/invalidate-tokens → 204, or 404.
func (s *Server) handleInvalidateTokens(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	ok := s.invalidateLocked(r.PathValue("corpid"))
	s.mu.Unlock()
	if !ok {
		writeControlError(w, fmt.Errorf("%w: no such corp", ErrNotFound))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// POST /_sim/reset → 204.
func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	s.Reset()
	w.WriteHeader(http.StatusNoContent)
}
