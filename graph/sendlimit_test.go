package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/graph"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/ratelimit"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/tenancy"
)

// TestSendLimit: one account may call the fields that put cards on phones (@sendLimit) SendsPerMinute times a
// minute; the next call answers rate_limited with the seconds to wait and writes nothing, while a colleague of the
// same tenant is counted apart.
func TestSendLimit(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "sendlimit")
	rdb := redis.NewClient(&redis.Options{Addr: env.Redis.Addr, DB: env.Redis.DB})
	defer rdb.Close()
	const perMinute = 3
	gql := graph.NewServer(&graph.Resolver{Auth: env.Auth, Tenants: env.Tenants, Directory: env.Directory, OA: env.OA,
		Limiter: ratelimit.New(rdb)}, graph.Config{SendsPerMinute: perMinute})
	// The bearer token's actor, as the HTTP edge puts it into the context.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, err := env.Auth.Authenticate(r.Context(), r.Header.Get("X-Token"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		gql.ServeHTTP(w, r.WithContext(tenancy.WithTenant(auth.WithActor(r.Context(), a), a.TenantID)))
	}))
	defer srv.Close()
	send := func(p apptest.Person, to apptest.Person) apptest.Response {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"query": sendMutation, "variables": map[string]any{
			"title": "限流", "body": "b", "to": []string{apptest.ID(to.EmployeeID)}}})
		req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Token", env.Token(t, tn, p))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out apptest.Response
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for i := range perMinute {
		if res := send(tn.Sender, tn.Approver); len(res.Errors) > 0 {
			t.Fatalf("send %d: %+v", i+1, res.Errors)
		}
	}
	res := send(tn.Sender, tn.Approver)
	if res.Code() != "rate_limited" {
		t.Fatalf("send %d: %+v, want rate_limited", perMinute+1, res.Errors)
	}
	if wait, _ := res.Errors[0].Extensions["retryAfter"].(float64); wait < 1 || wait > 60 {
		t.Errorf("retryAfter = %v, want 1-60 seconds", res.Errors[0].Extensions["retryAfter"])
	}
	var items int64
	if err := env.DB.WithContext(tn.Ctx()).Model(&oa.Item{}).Where("title = ?", "限流").Count(&items).Error; err != nil || items != perMinute {
		t.Errorf("%d items written (%v), want %d: the refused send wrote one", items, err, perMinute)
	}
	if res := send(tn.Approver, tn.Sender); len(res.Errors) > 0 {
		t.Errorf("a colleague's send: %+v", res.Errors)
	}
}
