package sim

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// Trusted IPs (企业可信IP): since 2022-06-20 an app, and the contact-sync
// secret, may only be called from the IPs the admin listed. gettoken is not
// checked; every API called with the token is, and answers 60020 from
// elsewhere.

// maxTrustedIPs bounds one list. sim: WeCom's limit is not documented.
const maxTrustedIPs = 120

// SetTrustedIPs sets the trusted IPs of app agentID, or with agentID 0 of
// the contact-sync secret, as the console's 企业可信IP setting does: each
// entry is an IP ("203.0.113.7", "2001:db8::1") or a CIDR block
// ("203.0.113.0/24"). Once the list is non-empty, API calls made with the
// app's token from any other RemoteAddr answer errcode 60020; nil or empty
// allows every address again. sim: the change applies at once (WeCom takes
// about a minute). Errors: ErrNotFound for an unknown corp or app,
// ErrInvalid for an entry that is neither, or more than 120 entries.
func (s *Server) SetTrustedIPs(corpID string, agentID int64, ips []string) error {
	list, err := parseTrustedIPs(ips)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if agentID != 0 {
		a, err := s.appLocked(corpID, agentID)
		if err == nil {
			a.trustedIPs = list
		}
		return err
	}
	c, err := s.corpLocked(corpID)
	if err == nil {
		c.contactIPs = list
	}
	return err
}

func parseTrustedIPs(ips []string) ([]netip.Prefix, error) {
	if len(ips) > maxTrustedIPs {
		return nil, fmt.Errorf("%w: at most %d trusted IPs", ErrInvalid, maxTrustedIPs)
	}
	list := make([]netip.Prefix, 0, len(ips))
	for _, v := range ips {
		v = strings.TrimSpace(v)
		if strings.Contains(v, "/") {
			p, err := netip.ParsePrefix(v)
			if err != nil {
				return nil, fmt.Errorf("%w: trusted IP %q: %v", ErrInvalid, v, err)
			}
			list = append(list, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(v)
		if err != nil {
			return nil, fmt.Errorf("%w: trusted IP %q is neither an IP nor a CIDR block", ErrInvalid, v)
		}
		a = a.Unmap()
		list = append(list, netip.PrefixFrom(a, a.BitLen()))
	}
	return list, nil
}

// checkIP answers 60020 when the token of agentID (0: the contact-sync
// secret) has trusted IPs and r comes from none of them.
func (c *corp) checkIP(agentID int64, r *http.Request) *apiError {
	list := c.contactIPs
	if a := c.apps[agentID]; a != nil {
		list = a.trustedIPs
	}
	if len(list) == 0 {
		return nil
	}
	if from, err := netip.ParseAddr(clientIP(r)); err == nil {
		from = from.Unmap()
		for _, p := range list {
			if p.Contains(from) {
				return nil
			}
		}
	}
	// reply adds the hint, "from ip: …" and the link, as WeCom's errmsg
	// has them.
	return apiErr(60020, "not allow to access from your ip")
}

// PUT /_sim/corps/{corpid}/apps/{agentid}/trusted-ips {"ips":["…"]} → 204;
// agentid 0 is the contact-sync secret, an empty list allows every IP.
func (s *Server) handleTrustedIPs(w http.ResponseWriter, r *http.Request) {
	var in struct {
		IPs []string `json:"ips"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	agentID, ok := pathAgentID(w, r)
	if !ok {
		return
	}
	noContent(w, s.SetTrustedIPs(r.PathValue("corpid"), agentID, in.IPs))
}
