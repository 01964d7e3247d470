package demo_test

import (
	"context"
	"slices"
	"testing"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/server/demo"
	"github.com/qiao-hq/qiao/sysmsg"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
)

// The README's PB example posts a message to zhangsan and lisi of the demo tenant. It answered 202 with both
// refused (no_system_role): the demo's people held only the default role, OA. The seed now gives them a role
// with PB and CRM, and the example reaches them.
func TestSeededPeopleReceivePBMessages(t *testing.T) {
	db := testkit.MustGorm(t, testkit.NewDatabase(t))
	if err := db.Use(tenancy.Plugin{}); err != nil {
		t.Fatal(err)
	}
	sealer, err := tenants.NewSealer("demo-test-master-key-0123456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	ts, dir := tenants.NewStore(db, sealer), directory.NewStore(db, nil)
	ctx := context.Background()
	if err := demo.Seed(ctx, ts, dir, nil); err != nil {
		t.Fatal(err)
	}
	tn, err := ts.BySlug(ctx, demo.TenantSlug)
	if err != nil {
		t.Fatal(err)
	}
	if tn.Name != demo.TenantName {
		t.Errorf("tenant name %q, want %q", tn.Name, demo.TenantName)
	}
	ctx = tenancy.WithTenant(ctx, tn.ID)
	if _, err := dir.RotateSystemAPIKey(ctx, directory.SystemPB); err != nil {
		t.Fatal(err)
	}
	res, err := sysmsg.NewService(dir, db).Post(ctx, directory.SystemPB, sysmsg.Message{
		ID: "order-7:approved", Accounts: []string{"zhangsan", "lisi"},
		Title: "订单 7 已审核", Content: "订单 7 已由财务审核", URL: "https://pb.example.com/orders/7",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Accepted, []string{"zhangsan", "lisi"}) || len(res.Refused) != 0 || len(res.Unknown) != 0 {
		t.Errorf("README example answered %+v, want both accepted", res)
	}
	// Seeding again (every start) changes nothing.
	if err := demo.Seed(context.Background(), ts, dir, nil); err != nil {
		t.Errorf("second seed: %v", err)
	}
}
