package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/partners"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/testkit"
)

// TestPartnerCommand: the operator registers a partner, issues its key (printed once, working), and lists the
// partners with their keys in use by prefix only.
func TestPartnerCommand(t *testing.T) {
	ctx := context.Background()
	dsn := testkit.NewDatabase(t)
	run := command(ctx, partnerCmd, dsn)
	if _, err := run("create", "--slug", "reseller-a", "--name", "甲代理商"); err != nil {
		t.Fatal(err)
	}
	out, err := run("key", "--slug", "reseller-a", "--json")
	var issued struct{ Key, Prefix string }
	if err != nil || json.Unmarshal([]byte(out), &issued) != nil || !strings.HasPrefix(issued.Key, issued.Prefix) {
		t.Fatalf("key --json: %v\n%s", err, out)
	}
	db := testkit.MustGorm(t, dsn)
	if err := db.Use(tenancy.Plugin{}); err != nil {
		t.Fatal(err)
	}
	if p, err := partners.NewStore(db, nil).Authenticate(ctx, issued.Key); err != nil || p.Slug != "reseller-a" {
		t.Errorf("the printed key: %+v, %v", p, err)
	}
	out, err = run("list")
	if err != nil || !strings.Contains(out, "甲代理商") || !strings.Contains(out, issued.Prefix+"…") || strings.Contains(out, issued.Key) {
		t.Errorf("list: %v\n%s", err, out)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"create", "--slug", "reseller-a", "--name", "again"}, "--slug"},
		{[]string{"key", "--slug", "reseller-a", "--overlap", "1000h"}, "--overlap"},
		{[]string{"key"}, "--slug is required"},
		{[]string{"remove"}, "unknown command"},
	} {
		if _, err := run(c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error naming %q", c.args, err, c.want)
		}
	}
}
