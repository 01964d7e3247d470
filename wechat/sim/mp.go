package sim

import "net/http"

// mpState holds the simulated service accounts (服务号).
type mpState struct{}

func newMPState() mpState { return mpState{} }

// routesMP registers the service account's API on m, by its paths on
// api.weixin.qq.com (ServeHTTP strips the /mp prefix first).
func (s *Server) routesMP(m *http.ServeMux) {}
