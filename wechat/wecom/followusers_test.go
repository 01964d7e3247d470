package wecom_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/sim"
)

// TestListFollowUsers: the members with customers, sorted; none before anyone adds a customer.
func TestListFollowUsers(t *testing.T) {
	e := mustEnv(t, nil)
	ctx := context.Background()
	got, err := e.client.ListFollowUsers(ctx, app)
	if err != nil || len(got) != 0 {
		t.Fatalf("before any customer: %v, %v", got, err)
	}
	for _, u := range []string{"bob", "alice", "bob"} {
		if _, err := e.sim.AddExternalContact(corpID, u, sim.ExternalContact{Name: "客户" + u}); err != nil {
			t.Fatal(err)
		}
	}
	got, err = e.client.ListFollowUsers(ctx, app)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"alice", "bob"}, got); diff != "" {
		t.Errorf("follow users (-want +got):\n%s", diff)
	}
}
