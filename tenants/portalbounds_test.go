package tenants_test

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/tenants"
)

// portalRules is the admin portal's copy of the account rules' bounds, which its form checks before sending.
const portalRules = "../portal/src/features/settings/rules.ts"

// TestPortalSettingsBounds: the portal's SETTINGS_BOUNDS are this package's Min…/Max… constants, field for field,
// so the form can neither refuse what the server accepts nor let through what it refuses; a field there that this
// test does not know fails too.
func TestPortalSettingsBounds(t *testing.T) {
	raw, err := os.ReadFile(portalRules)
	if err != nil {
		t.Fatal(err)
	}
	src := string(raw)
	start := strings.Index(src, "export const SETTINGS_BOUNDS")
	if start < 0 {
		t.Fatalf("%s has no `export const SETTINGS_BOUNDS`", portalRules)
	}
	block := src[start:]
	if end := strings.Index(block, "\n}"); end > 0 {
		block = block[:end]
	}
	type bounds struct{ Min, Max int }
	got := map[string]bounds{}
	entry := regexp.MustCompile(`(?m)^\s*(\w+): \{ min: (\d+), max: (\d+) \},?$`)
	for _, m := range entry.FindAllStringSubmatch(block, -1) {
		lo, _ := strconv.Atoi(m[2])
		hi, _ := strconv.Atoi(m[3])
		got[m[1]] = bounds{lo, hi}
	}
	want := map[string]bounds{
		"lockoutThreshold":  {tenants.MinLockoutThreshold, tenants.MaxLockoutThreshold},
		"lockoutMinutes":    {tenants.MinLockoutMinutes, tenants.MaxLockoutMinutes},
		"passwordMinLength": {tenants.MinPasswordMinLength, tenants.MaxPasswordMinLength},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s: SETTINGS_BOUNDS differ from tenants/tenant.go's constants (-server +portal):\n%s", portalRules, diff)
	}
}
