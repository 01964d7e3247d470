package web_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/contactsync"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/sim"
)

// TestContactSyncEndToEnd is the admin's path through the whole service: the sync previewed and started over
// GraphQL runs as a job, WeCom's batch_job_result events come back through the intake and the inbox, and the
// members are in the simulated WeCom; a member added in WeCom's console then reaches the directory, and a name
// changed there (a field Qiao owns) is a conflict the next sync writes back.
func TestContactSyncEndToEnd(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "sync")
	ctx := tn.Ctx()
	secret := "contact-sync-" + tn.Slug
	if err := env.Sim.SetContactSecret(tn.CorpID, secret); err != nil {
		t.Fatal(err)
	}
	if err := env.Tenants.SaveCorp(ctx, tenants.CorpPatch{ContactSecret: &secret}); err != nil {
		t.Fatal(err)
	}
	keys := receiverKeys(t, env, tn)
	at := env.HTTP.URL + "/callback/wecom/" + tn.Slug + "/contacts"
	if err := env.Sim.SaveCallback(context.Background(), tn.CorpID, 0, at, keys["contacts"].Token, keys["contacts"].AESKey); err != nil {
		t.Fatalf("saving the contact-change callback: %v", err)
	}
	for i, p := range []apptest.Person{tn.Admin, tn.Sender, tn.Approver} {
		mobile := fmt.Sprintf("1380000%04d", i)
		if _, err := env.Directory.UpdateStaff(ctx, p.EmployeeID, directory.StaffPatch{Mobile: &mobile}); err != nil {
			t.Fatal(err)
		}
	}
	env.RunWorker(t)
	token := env.Token(t, tn, tn.Admin)

	var pv struct {
		ContactSyncPreview struct {
			Mode           string
			Blocked        *string
			ReplaceDeletes *int
			Counts         struct{ Creates int }
		}
	}
	env.GraphQL(t, token, `{ contactSyncPreview { mode blocked replaceDeletes counts { creates } } }`, nil).MustData(t, &pv)
	if p := pv.ContactSyncPreview; p.Mode != "REPLACE" || p.Blocked != nil || p.Counts.Creates != 3 {
		t.Fatalf("preview = %+v, want a replace creating the three people", p)
	}
	if r := env.GraphQL(t, token, `mutation { startContactSync { id } }`, nil); r.Code() != "invalid" {
		t.Fatalf("a replace without confirmation: %+v, want invalid", r.Errors)
	}
	var started struct{ StartContactSync struct{ ID string } }
	env.GraphQL(t, token, `mutation { startContactSync(confirmReplace: true) { id } }`, nil).MustData(t, &started)
	wait := func(id string) (state string, calls int) {
		t.Helper()
		waitFor(t, 30*time.Second, "the sync finished", func() bool {
			var got struct {
				ContactSync struct {
					State    string
					APICalls int
					Error    *string
				}
			}
			env.GraphQL(t, token, `query($id: ID!) { contactSync(id: $id) { state apiCalls error } }`,
				map[string]any{"id": id}).MustData(t, &got)
			state, calls = got.ContactSync.State, got.ContactSync.APICalls
			return state == "DONE" || state == "FAILED"
		})
		return state, calls
	}
	state, calls := wait(started.StartContactSync.ID)
	if state != "DONE" {
		t.Fatalf("the first sync ended %s", state)
	}
	// Three jobs, each result read once because WeCom's event said it was done: no polling.
	if calls > 8 {
		t.Errorf("the first sync made %d calls, want 8 (the events spare the polls)", calls)
	}
	users, err := env.Sim.ListUsers(tn.CorpID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(users, func(m sim.Member) bool { return strings.EqualFold(m.UserID, tn.Sender.WeComUserID) }) {
		t.Fatalf("the sender is not in WeCom after the sync: %+v", users)
	}

	// A member added in WeCom's console reaches the directory.
	if err := env.Sim.CreateUser(tn.CorpID, sim.Member{UserID: "console01", Name: "控制台新人", Mobile: "13500000001",
		Department: []int64{1}}); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if t.Failed() {
			p, _ := env.Callbacks.List(ctx, callbacks.Filter{}, 20, "")
			for _, e := range p.Events {
				t.Logf("inbox: %s/%s %s %v %v", e.Event, e.ChangeType, e.Status, deref(e.Reason), deref(e.Error))
			}
		}
	}()
	waitFor(t, 10*time.Second, "the console's member in the directory", func() bool {
		e, err := env.Directory.EmployeeByWeComUserID(ctx, "console01")
		return err == nil && e.Name == "控制台新人"
	})
	// The sender renamed in the console: Qiao owns names, so the next sync writes Qiao's back.
	if err := env.Sim.UpdateUser(tn.CorpID, tn.Sender.WeComUserID, func(m *sim.Member) { m.Name = "控制台改的名字" }); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the conflict recorded", func() bool {
		runs, err := env.ContactSync.List(ctx, 10)
		return err == nil && slices.ContainsFunc(runs, func(r contactsync.Run) bool {
			return r.Direction == contactsync.FromWeCom && r.Conflicts == 1
		})
	})
	env.GraphQL(t, token, `mutation { startContactSync { id } }`, nil).MustData(t, &started)
	if state, _ := wait(started.StartContactSync.ID); state != "DONE" {
		t.Fatalf("the second sync ended %s", state)
	}
	m, err := env.Sim.GetUser(tn.CorpID, tn.Sender.WeComUserID)
	if err != nil || m.Name != tn.Sender.Name {
		t.Errorf("the sender in WeCom = %+v, %v; want Qiao's name %q back", m, err, tn.Sender.Name)
	}
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
