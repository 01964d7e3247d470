package graph_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/graph"
	"github.com/qiao-hq/qiao/graph/generated"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/sysmsg"
)

// contactFields are the only root fields a customer's or supplier's contact may call, besides the public ones
// (no @hasRole: signing in, registration).
var contactFields = []string{"me", "changePassword", "myMessages", "readMyMessage"}

// publicFields are the root fields without @hasRole: signing in and out, and open registration.
var publicFields = []string{"login", "logout", "refreshSession", "exchangeSsoTicket", "wecomQRLogin",
	"registrationForm", "registrationStatus", "applyToRegister"}

// TestContactSeesOnlyTheirOwn: a customer's contact signs in and every field of staff or admins (every @hasRole
// but CONTACT) answers forbidden, whatever it names; the schema gives CONTACT to exactly contactFields. Their
// messages are theirs: another contact's and the staff's are not listed, and another's cannot be opened.
func TestContactSeesOnlyTheirOwn(t *testing.T) {
	env := apptest.New(t, dsn)
	a := env.Tenant(t, "contacts")
	fx := seedAlpha(t, env, a)
	fx.B = a // the cases' "own" records: the contact's tenant's
	ctx := a.Ctx()
	mk := func(login, company string, party directory.Party) apptest.Person {
		t.Helper()
		c, pw, err := env.Directory.CreateContact(ctx, directory.NewContact{ContactInput: directory.ContactInput{
			Party: party, Company: company, Name: login}, Login: login, Source: directory.ContactByAdmin, Password: "Contact-pass-2026"})
		if err != nil || pw != "" {
			t.Fatalf("create contact %s: %v (one-time password %q though one was given)", login, err, pw)
		}
		return apptest.Person{Login: c.Login, Password: "Contact-pass-2026", AccountID: c.AccountID}
	}
	chen, liu := mk("chen.jl", "华东建材", directory.PartyCustomer), mk("liu.g", "江南物流", directory.PartySupplier)
	msgs := sysmsg.NewService(env.Directory, env.DB)
	for _, m := range []sysmsg.Message{
		{ID: "q-1", Accounts: []string{"chen.jl"}, Title: "报价单 Q-1 已确认", Content: "请查收"},
		{ID: "d-9", Accounts: []string{"liu.g"}, Title: "送货单 D-9 待签收", Content: "请签收"},
		{ID: "po-3", Accounts: []string{a.Approver.Login}, Title: "采购单 PO-3 待审核", Content: "请审核"},
	} {
		if _, err := msgs.Post(ctx, directory.SystemPB, m); err != nil {
			t.Fatal(err)
		}
	}
	token := contactToken(t, env, a, chen)

	s := generated.NewExecutableSchema(generated.Config{Resolvers: &graph.Resolver{}}).Schema()
	for _, typ := range []string{"Query", "Mutation"} {
		for _, f := range s.Types[typ].Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue // introspection
			}
			d := f.Directives.ForName("hasRole")
			if d == nil {
				// A field any caller may use must be one of the public ones: a new field that checks only for a
				// signed-in actor would let contacts in.
				if !slices.Contains(publicFields, f.Name) {
					t.Errorf("%s has no @hasRole and is not among the public fields %v", f.Name, publicFields)
				}
				continue
			}
			role := d.Arguments.ForName("role").Value.Raw
			if (role == "CONTACT") != slices.Contains(contactFields, f.Name) {
				t.Errorf("%s is @hasRole(role: %s): only %v are a contact's", f.Name, role, contactFields)
			}
			c, ok := crossTenantCases[f.Name]
			if role == "CONTACT" {
				continue
			}
			if !ok {
				t.Errorf("%s has no case in crossTenantCases to call it as a contact with", f.Name)
				continue
			}
			t.Run(f.Name, func(t *testing.T) {
				var vars map[string]any
				if c.vars != nil {
					vars = c.vars(fx)
				}
				if res := env.GraphQL(t, token, c.query, vars, c.files...); res.Code() != "forbidden" {
					t.Errorf("a contact calling %s: code %q, want forbidden (%s %+v)", f.Name, res.Code(), res.Data, res.Errors)
				}
			})
		}
	}

	me := env.GraphQL(t, token, `{ me { login role employee { id } contact { name company party } } }`, nil)
	if len(me.Errors) > 0 || string(me.Data) != `{"me":{"login":"chen.jl","role":"CONTACT","employee":null,"contact":{"name":"chen.jl","company":"华东建材","party":"CUSTOMER"}}}` {
		t.Fatalf("me: %s %+v", me.Data, me.Errors)
	}
	var page struct {
		MyMessages struct {
			Nodes []struct {
				ID, Title string
				Read      bool
			}
			Unread int
		}
	}
	list := env.GraphQL(t, token, `{ myMessages { nodes { id title read } unread } }`, nil)
	if err := json.Unmarshal(list.Data, &page); err != nil || len(list.Errors) > 0 {
		t.Fatalf("myMessages: %s %+v %v", list.Data, list.Errors, err)
	}
	if n := page.MyMessages.Nodes; len(n) != 1 || n[0].Title != "报价单 Q-1 已确认" || n[0].Read || page.MyMessages.Unread != 1 {
		t.Fatalf("chen's messages %+v, want only 报价单 Q-1, unread", page.MyMessages)
	}
	read := env.GraphQL(t, token, `mutation($id: ID!) { readMyMessage(id: $id) { title content read } }`,
		map[string]any{"id": page.MyMessages.Nodes[0].ID})
	if string(read.Data) != `{"readMyMessage":{"title":"报价单 Q-1 已确认","content":"请查收","read":true}}` {
		t.Fatalf("readMyMessage: %s %+v", read.Data, read.Errors)
	}
	// Liu's message, by its id, is not chen's to open.
	liuList := env.GraphQL(t, contactToken(t, env, a, liu), `{ myMessages { nodes { id } } }`, nil)
	if err := json.Unmarshal(liuList.Data, &page); err != nil || len(page.MyMessages.Nodes) != 1 {
		t.Fatalf("liu's messages: %s %+v", liuList.Data, liuList.Errors)
	}
	other := env.GraphQL(t, token, `mutation($id: ID!) { readMyMessage(id: $id) { title } }`,
		map[string]any{"id": page.MyMessages.Nodes[0].ID})
	if other.Code() != "not_found" {
		t.Fatalf("chen opening liu's message: %s %+v, want not_found", other.Data, other.Errors)
	}
}

// contactToken signs a contact in from WeChat, the only place they may (a browser outside it is refused).
func contactToken(t *testing.T, env *apptest.Env, tn apptest.Tenant, p apptest.Person) string {
	t.Helper()
	if _, err := env.Auth.Login(context.Background(), tn.Slug, p.Login, p.Password); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("contact %s signed in outside WeChat: %v", p.Login, err)
	}
	s, err := env.Auth.Login(auth.WithWeChatClient(context.Background()), tn.Slug, p.Login, p.Password)
	if err != nil {
		t.Fatal(err)
	}
	return s.AccessToken
}
