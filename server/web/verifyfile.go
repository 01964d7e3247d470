package web

import (
	"context"
	"net"
	"net/http"
	"strings"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenants"
)

// VerifyFiles finds the domain verification file a request's host and name ask for.
type VerifyFiles interface {
	ServeVerifyFile(ctx context.Context, host, name string) (string, error)
}

// verifyFile serves WW_verify_*.txt and MP_verify_*.txt at the root of a host, as WeCom and the service account
// check a domain's ownership: the content exactly, as plain text.
type verifyFile struct{ files VerifyFiles }

func (h *verifyFile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if hh, _, err := net.SplitHostPort(host); err == nil && hh != "" {
		// WeCom compares the port too, but a host's files are the tenant's on every port.
		host = hh
	}
	content, err := h.files.ServeVerifyFile(r.Context(), host, strings.TrimPrefix(r.URL.Path, "/"))
	if err != nil {
		code := http.StatusInternalServerError
		if apperr.Is(err, apperr.NotFound) {
			code = http.StatusNotFound
		}
		http.Error(w, http.StatusText(code), code)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(content))
}

// withVerifyFiles serves GET /WW_verify_….txt and /MP_verify_….txt from files, everything else from next: a
// wildcard at the root would clash with the mux's other routes.
func withVerifyFiles(files VerifyFiles, next http.Handler) http.Handler {
	vf := &verifyFile{files: files}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && tenants.IsVerifyFileName(strings.TrimPrefix(r.URL.Path, "/")) {
			vf.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}
