// Package apptest builds the whole service for tests: the real wiring of server/app on a fresh MariaDB database, a
// leased Redis database and an in-process WeChat simulator reached over HTTP. Nothing is mocked.
package apptest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"

	"github.com/hibiken/asynq"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/partners"
	"github.com/qiao-hq/qiao/server/app"
	"github.com/qiao-hq/qiao/server/config"
	"github.com/qiao-hq/qiao/server/demo"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// The keys of every Env, each for its own purpose as in production, so a test may check a token or make a card
// link the way the service does. A link signed with LinkSecretPrevious still verifies, as after a rotation.
const (
	JWTSecret          = "apptest-jwt-secret-0123456789abcdef"
	LinkSecret         = "apptest-link-secret-0123456789abcdef"
	LinkSecretPrevious = "apptest-link-secret-previous-0123456789"
)

// Env is one running service.
type Env struct {
	*app.App
	Sim    *sim.Server
	SimURL string
	HTTP   *httptest.Server
	Redis  asynq.RedisClientOpt
}

// New builds the service on a fresh database. dsn may be "" for a database of its own, or one made by
// testkit.MainDatabase shared by the package.
func New(tb testing.TB, dsn string, opts ...func(*config.Config)) *Env {
	tb.Helper()
	if dsn == "" {
		dsn = testkit.NewDatabase(tb)
	}
	addr, db := testkit.RedisAddrDB(tb)
	s := sim.New(sim.Options{})
	simSrv := httptest.NewServer(s)
	tb.Cleanup(simSrv.Close)
	cfg := config.Config{
		Port: 1, PublicURL: "http://qiao.test", WeComAPIBase: simSrv.URL, WeComOAuthBase: simSrv.URL, MPAPIBase: simSrv.URL + "/mp", MPOAuthBase: simSrv.URL + "/mp", MPShowQRBase: simSrv.URL + "/mp",
		JWTSecret: JWTSecret, LinkSecret: LinkSecret, LinkSecretPrevious: []string{LinkSecretPrevious},
		SecretKey: "apptest-secret-key-0123456789abcdef", Migrate: false, Worker: true,
		AttachmentsDir: tb.TempDir(),
	}
	for _, o := range opts {
		o(&cfg)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	opt := asynq.RedisClientOpt{Addr: addr, DB: db}
	a, err := app.NewWith(context.Background(), cfg, log, app.Stores{DB: testkit.MustGorm(tb, dsn), Redis: opt})
	if err != nil {
		tb.Fatalf("apptest: build app: %v", err)
	}
	tb.Cleanup(a.Close)
	e := &Env{App: a, Sim: s, SimURL: simSrv.URL, Redis: opt}
	e.HTTP = httptest.NewServer(a.Handler)
	tb.Cleanup(e.HTTP.Close)
	return e
}

// RunWorker runs the queue worker and the outbox relay until the test ends.
func (e *Env) RunWorker(tb testing.TB) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx, app.Parts{Worker: true}) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("worker: %v", err)
		}
	})
}

// Person is a seeded employee with their account.
type Person struct {
	EmployeeID, AccountID uint64
	Login, Password       string
	WeComUserID           string
	Name                  string
}

// Tenant is a seeded tenant: bound to its own simulated corp, with an admin, a sender and an approver.
type Tenant struct {
	ID                      tenancy.ID
	Slug, CorpID            string
	AgentID                 int64
	Admin, Sender, Approver Person
}

// Ctx returns a context scoped to the tenant.
func (t Tenant) Ctx() context.Context { return tenancy.WithTenant(context.Background(), t.ID) }

// Password used for every seeded person.
const Password = "Passw0rd!"

// Tenant seeds a tenant through the demo provisioning, on a simulated corp of its own. Its slug is prefix with a
// random suffix (Tenant.Slug has it), so a test may run again on its package's database (go test -count=2).
func (e *Env) Tenant(tb testing.TB, prefix string) Tenant {
	tb.Helper()
	suffix := make([]byte, 3)
	_, _ = rand.Read(suffix)
	slug := prefix + "-" + hex.EncodeToString(suffix)
	person := func(login, name string, role directory.Role) demo.Person {
		return demo.Person{Login: login, Password: Password, Name: slug + " " + name, WeComUserID: slug + "-" + login, Role: role}
	}
	spec := demo.Spec{Slug: slug, Name: "Tenant " + slug, CorpID: "ww" + slug, AgentID: 1000002, Secret: "secret-" + slug,
		People: []demo.Person{
			person("admin", "管理员", directory.RoleAdmin),
			person("sender", "发起人", directory.RoleMember),
			person("approver", "审批人", directory.RoleMember),
		}}
	if err := demo.Simulate(e.Sim, spec); err != nil {
		tb.Fatalf("apptest: %v", err)
	}
	p, err := demo.Provision(context.Background(), e.Tenants, e.Directory, spec)
	if err != nil {
		tb.Fatalf("apptest: %v", err)
	}
	out := Tenant{ID: p.Tenant.ID, Slug: slug, CorpID: spec.CorpID, AgentID: spec.AgentID}
	people := map[string]Person{}
	for _, sp := range spec.People {
		people[sp.Login] = Person{EmployeeID: p.Employees[sp.Login].ID, AccountID: p.Accounts[sp.Login].ID,
			Login: sp.Login, Password: sp.Password, WeComUserID: sp.WeComUserID, Name: sp.Name}
	}
	out.Admin, out.Sender, out.Approver = people["admin"], people["sender"], people["approver"]
	return out
}

// Token signs p of t in and returns an access token.
func (e *Env) Token(tb testing.TB, t Tenant, p Person) string {
	tb.Helper()
	s, err := e.Auth.Login(context.Background(), t.Slug, p.Login, p.Password)
	if err != nil {
		tb.Fatalf("apptest: login %s/%s: %v", t.Slug, p.Login, err)
	}
	return s.AccessToken
}

// Response is a GraphQL response.
type Response struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// Code is the first error's extensions.code, or "".
func (r Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// Upload is a file sent with a GraphQL request as the multipart request spec does: Var is the variable it fills
// (its value in vars is replaced by null, as the spec asks).
type Upload struct {
	Var, Name string
	Content   []byte
}

// GraphQL posts a query over real HTTP with token (may be "") and returns the decoded response; with files, as a
// multipart request.
func (e *Env) GraphQL(tb testing.TB, token, query string, vars map[string]any, files ...Upload) Response {
	tb.Helper()
	return e.graphQL(tb, map[string]string{"Authorization": "Bearer " + token}, query, vars, files)
}

// GraphQLWith posts a query over real HTTP with headers as a browser would send them (a Cookie, say).
func (e *Env) GraphQLWith(tb testing.TB, headers map[string]string, query string, vars map[string]any) Response {
	tb.Helper()
	return e.graphQL(tb, maps.Clone(headers), query, vars, nil)
}

// PartnerGraphQL posts a query with a partner's key, naming the customer tenant (its slug; "" names none), and
// returns the decoded response; with files, as a multipart request.
func (e *Env) PartnerGraphQL(tb testing.TB, key, tenant, query string, vars map[string]any, files ...Upload) Response {
	tb.Helper()
	h := map[string]string{"Authorization": "Bearer " + key}
	if tenant != "" {
		h[partners.TenantHeader] = tenant
	}
	return e.graphQL(tb, h, query, vars, files)
}

func (e *Env) graphQL(tb testing.TB, headers map[string]string, query string, vars map[string]any, files []Upload) Response {
	tb.Helper()
	if headers["Authorization"] == "Bearer " {
		delete(headers, "Authorization")
	}
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	contentType := "application/json"
	if len(files) > 0 {
		v := maps.Clone(vars)
		if v == nil {
			v = map[string]any{}
		}
		fileMap := map[string][]string{}
		for i, f := range files {
			v[f.Var] = nil
			fileMap[strconv.Itoa(i)] = []string{"variables." + f.Var}
		}
		ops, _ := json.Marshal(map[string]any{"query": query, "variables": v})
		m, _ := json.Marshal(fileMap)
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("operations", string(ops))
		_ = mw.WriteField("map", string(m))
		for i, f := range files {
			fw, _ := mw.CreateFormFile(strconv.Itoa(i), f.Name)
			_, _ = fw.Write(f.Content)
		}
		_ = mw.Close()
		body, contentType = buf.Bytes(), mw.FormDataContentType()
	}
	req, _ := http.NewRequest(http.MethodPost, e.HTTP.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := e.HTTP.Client().Do(req)
	if err != nil {
		tb.Fatalf("graphql: %v", err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out Response
	if err := json.Unmarshal(raw, &out); err != nil {
		tb.Fatalf("graphql: decode %q: %v", raw, err)
	}
	return out
}

// PostGraphQL posts body, as sent, to /graphql over real HTTP with token (may be "") and returns the status and the
// answer undecoded: for requests GraphQL would refuse before running (bytes that are not text, uploads).
func (e *Env) PostGraphQL(tb testing.TB, token, contentType string, body io.Reader) (int, []byte) {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.HTTP.URL+"/graphql", body)
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := e.HTTP.Client().Do(req)
	if err != nil {
		tb.Fatalf("graphql: %v", err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, raw
}

// MustData fails the test on GraphQL errors and decodes data into v.
func (r Response) MustData(tb testing.TB, v any) {
	tb.Helper()
	if len(r.Errors) > 0 {
		tb.Fatalf("graphql errors: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		tb.Fatalf("graphql data %s: %v", r.Data, err)
	}
}

// ID formats a database id as a GraphQL ID.
func ID(id uint64) string { return fmt.Sprint(id) }

// Crypter returns what signs and encrypts events for receiver name of tn (its Token and EncodingAESKey), as WeCom
// posts them; the test fails when tn has no such receiver.
func (e *Env) Crypter(tb testing.TB, tn Tenant, name string) *wxcrypt.Crypter {
	tb.Helper()
	bnd, err := e.Tenants.Binding(tn.Ctx())
	if err != nil {
		tb.Fatalf("apptest: %v", err)
	}
	for _, r := range bnd.Receivers {
		if r.Name == name {
			cr, err := wxcrypt.New(r.Token, r.AESKey, tn.CorpID)
			if err != nil {
				tb.Fatalf("apptest: receiver %s: %v", name, err)
			}
			return cr
		}
	}
	tb.Fatalf("apptest: tenant %s has no receiver %s", tn.Slug, name)
	return nil
}
