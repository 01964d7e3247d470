package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/qiao-hq/qiao/server/web"
)

// TestRouter: the playground exists only when enabled, and the H5 app answers deep links with its index page.
func TestRouter(t *testing.T) {
	h5 := fstest.MapFS{
		"index.html":    {Data: []byte("<html>qiao</html>")},
		"assets/app.js": {Data: []byte("console.log(1)")},
	}
	for _, c := range []struct {
		name       string
		playground bool
		path       string
		status     int
		body       string
	}{
		{"PlaygroundOff", false, "/playground", http.StatusNotFound, ""},
		{"PlaygroundOn", true, "/playground", http.StatusOK, ""},
		{"DeepLink", false, "/h5/items/42", http.StatusOK, "<html>qiao</html>"},
		{"Asset", false, "/h5/assets/app.js", http.StatusOK, "console.log(1)"},
		{"Health", false, "/healthz", http.StatusOK, "ok"},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(web.NewRouter(web.Deps{H5: h5, Playground: c.playground, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}))
			defer srv.Close()
			res, err := http.Get(srv.URL + c.path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != c.status || (c.body != "" && string(body) != c.body) {
				t.Errorf("GET %s = %d %q, want %d %q", c.path, res.StatusCode, body, c.status, c.body)
			}
		})
	}
}
