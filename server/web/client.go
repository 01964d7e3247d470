package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/qiao-hq/qiao/auth"
)

// clientAddress names the request's client for the sign-in throttle (auth.WithClient): the peer's address, or,
// when the peer is one of our trusted reverse proxies, the address those proxies report in X-Forwarded-For. The
// header is read from the right: each trusted proxy appends the address it saw, and everything to the left of the
// first untrusted one was written by the client and may be forged.
func clientAddress(trusted []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(auth.WithClient(r.Context(), ClientOf(r, trusted))))
	})
}

// ClientOf returns the client address of r under trusted proxies (see clientAddress).
func ClientOf(r *http.Request, trusted []netip.Prefix) string {
	addr := peer(r.RemoteAddr)
	if !isTrusted(addr, trusted) {
		return addr.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a malformed hop ends what can be believed
		}
		addr = hop.Unmap()
		if !isTrusted(addr, trusted) {
			break
		}
	}
	return addr.String()
}

func peer(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
