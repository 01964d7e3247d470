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
		next.ServeHTTP(w, r.WithContext(auth.WithClient(r.Context(), clientOf(r, trusted))))
	})
}

// clientOf returns the client of r under trusted proxies (see clientAddress): an IPv4 address, or the /64 network
// of an IPv6 address, since one subscriber holds a whole /64 and could otherwise be a new client at every
// request. A peer address that does not parse (a unix socket) is named as it is.
func clientOf(r *http.Request, trusted []netip.Prefix) string {
	addr := peer(r.RemoteAddr)
	if !addr.IsValid() {
		return r.RemoteAddr
	}
	if !isTrusted(addr, trusted) {
		return clientName(addr)
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
	return clientName(addr)
}

func clientName(a netip.Addr) string {
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
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
