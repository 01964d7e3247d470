package sim

import "net/http"

// faults are failures injected on demand through the control API.
type faults struct{}

// apiLimits counts calls per corp and API for the 45009 limit.
type apiLimits struct{}

func newAPILimits() apiLimits { return apiLimits{} }

// injectFault answers r itself when a fault or a limit applies, and
// reports whether it did.
func (s *Server) injectFault(w http.ResponseWriter, r *http.Request) bool {
	return false
}

func (s *Server) routesFaults(m *http.ServeMux) {}
