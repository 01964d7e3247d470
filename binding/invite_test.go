package binding_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/sim"
)

// TestInviteToWeCom: the invitation goes to the people who have not joined WeCom; WeCom's refusals and the people
// left out come back named, each left out with why; with nobody named, everyone not joined is invited.
func TestInviteToWeCom(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "invite")
	ctx := tn.Ctx()
	const secret = "invite-contact-secret"
	mustDo(t, env.Sim.SetContactSecret(tn.CorpID, secret))
	mustDo(t, env.Tenants.SaveCorp(ctx, tenants.CorpPatch{ContactSecret: sp(secret)}))
	n := 0
	person := func(login string, inSim bool, st *directory.WeComStatus) directory.Employee {
		t.Helper()
		uid := tn.Slug + "-" + login
		n++
		if inSim {
			mustDo(t, env.Sim.CreateUser(tn.CorpID, sim.Member{UserID: uid, Name: login, Mobile: fmt.Sprintf("1390000000%d", n), Status: 4, Department: []int64{1}}))
		}
		e, _, err := env.Directory.CreateEmployee(ctx, directory.Employee{Name: login, WeComUserID: &uid, WeComStatus: st,
			Status: directory.StatusActive}, login, apptest.Password, directory.RoleMember)
		mustDo(t, err)
		return e
	}
	active := directory.WeComActive
	pending := person("pending", true, nil)
	unknownToWeCom := person("nowecom", false, nil)
	joined := person("joined", true, &active)
	noAccount, _, err := env.Directory.CreateEmployee(ctx, directory.Employee{Name: "无企微", Status: directory.StatusActive},
		"noaccount", apptest.Password, directory.RoleMember)
	mustDo(t, err)

	rep, err := env.Binding.InviteToWeCom(ctx, []uint64{pending.ID, unknownToWeCom.ID, joined.ID, noAccount.ID})
	if err != nil {
		t.Fatal(err)
	}
	names := func(es []directory.Employee) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Name)
		}
		return out
	}
	if got := names(rep.Invited); len(got) != 1 || got[0] != "pending" {
		t.Errorf("invited %v, want pending", got)
	}
	if got := names(rep.Refused); len(got) != 1 || got[0] != "nowecom" {
		t.Errorf("refused %v, want nowecom (not in WeCom's directory)", got)
	}
	reasons := map[string]string{}
	for _, s := range rep.Skipped {
		reasons[s.Employee.Name] = s.Reason
	}
	if reasons["joined"] != "已加入企业微信" || reasons["无企微"] != "没有企业微信账号" || len(reasons) != 2 {
		t.Errorf("skipped %v", reasons)
	}
	if n := env.Sim.Invitations(tn.CorpID, tn.Slug+"-pending"); n != 1 {
		t.Errorf("WeCom sent %d invitations to pending, want 1", n)
	}

	// Nobody named: everyone with a WeCom account who has not joined, as WeCom reported or not at all.
	rep, err = env.Binding.InviteToWeCom(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := env.Sim.Invitations(tn.CorpID, tn.Slug+"-pending"); n != 2 || len(rep.Skipped) != 0 {
		t.Errorf("inviting everyone not joined: %d invitations to pending, skipped %v", n, rep.Skipped)
	}
	for _, e := range append(rep.Invited, rep.Refused...) {
		if e.ID == joined.ID || e.ID == noAccount.ID {
			t.Errorf("%s was invited with everyone not joined", e.Name)
		}
	}

	// WeCom refuses the batch: no error for the call, the people not invited come back with WeCom's reason.
	mustDo(t, env.Sim.InjectFault(sim.Fault{Path: "/cgi-bin/batch/invite", ErrCode: 60020, Count: 1}))
	rep, err = env.Binding.InviteToWeCom(ctx, []uint64{pending.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Invited) != 0 || len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0].Reason, "企业微信拒绝了邀请") {
		t.Errorf("a refused batch: %+v", rep)
	}
}
