package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/server/web"
)

// TestGraphQLBodyLimits: /graphql reads at most web.MaxGraphQLBody of a JSON body, and answers a larger one 413 in
// GraphQL's error shape without reading it whole (declared or streamed); a multipart upload from a caller without a
// valid token is refused 401 before it is read; a request of the size a page sends passes.
func TestGraphQLBodyLimits(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "limits")
	token := env.Token(t, tn, tn.Sender)
	// The largest request a page sends: a collaboration item whose body is oa.MaxBodyRunes characters of HTML.
	query := func(runes int) []byte {
		b, _ := json.Marshal(map[string]any{
			"query": "mutation($in: SendCollabItemInput!) { sendCollabItem(input: $in) { id } }",
			"variables": map[string]any{"in": map[string]any{"title": "大请求", "body": strings.Repeat("字", runes),
				"recipientIds": []string{apptest.ID(tn.Approver.EmployeeID)}}},
		})
		return b
	}
	for _, tt := range []struct {
		name        string
		body        io.Reader
		length      int64 // -1: streamed without Content-Length
		contentType string
		token       string
		status      int
		code        string
	}{
		{"PageSized", bytes.NewReader(query(oa.MaxBodyRunes)), 0, "application/json", token, http.StatusOK, ""},
		{"DeclaredTooLarge", bytes.NewReader(query(web.MaxGraphQLBody)), 0, "application/json", token, http.StatusRequestEntityTooLarge, "invalid"},
		{"StreamedTooLarge", bytes.NewReader(query(web.MaxGraphQLBody)), -1, "application/json", "", http.StatusRequestEntityTooLarge, "invalid"},
		{"UploadWithoutToken", strings.NewReader("--x\r\n"), 0, "multipart/form-data; boundary=x", "", http.StatusUnauthorized, "unauthenticated"},
		{"UploadWithBadToken", strings.NewReader("--x\r\n"), 0, "multipart/form-data; boundary=x", "not-a-token", http.StatusUnauthorized, "unauthenticated"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, env.HTTP.URL+"/graphql", tt.body)
			if err != nil {
				t.Fatal(err)
			}
			if tt.length < 0 {
				req.ContentLength = -1 // chunked: the server learns the size only by reading
			}
			req.Header.Set("Content-Type", tt.contentType)
			if tt.token != "" {
				req.Header.Set("Authorization", "Bearer "+tt.token)
			}
			res, err := env.HTTP.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var out apptest.Response
			if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
				t.Fatalf("status %d, body not GraphQL JSON: %v", res.StatusCode, err)
			}
			if res.StatusCode != tt.status || out.Code() != tt.code {
				t.Errorf("status %d, code %q (%+v); want %d, %q", res.StatusCode, out.Code(), out.Errors, tt.status, tt.code)
			}
		})
	}
}
