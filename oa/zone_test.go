package oa_test

import (
	"context"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/tenancy"
)

// TestFormatTime: times people read are in China time (the tenants' zone), whatever zone the process runs in and
// whatever zone the time carries: 18:21 UTC is 02:21 the next day in China.
func TestFormatTime(t *testing.T) {
	ctx := tenancy.WithTenant(context.Background(), 1)
	ny := time.FixedZone("EST", -5*3600)
	for _, tc := range []struct {
		name string
		t    time.Time
		want string
	}{
		{"UTCEvening", time.Date(2026, 11, 21, 18, 21, 0, 0, time.UTC), "2026-11-22 02:21"},
		{"UTCMorning", time.Date(2026, 11, 21, 2, 5, 0, 0, time.UTC), "2026-11-21 10:05"},
		{"NewYork", time.Date(2026, 11, 21, 13, 21, 0, 0, ny), "2026-11-22 02:21"},
		{"AlreadyChina", time.Date(2026, 11, 22, 2, 21, 0, 0, oa.ChinaTime), "2026-11-22 02:21"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := oa.FormatTime(ctx, tc.t); got != tc.want {
				t.Errorf("FormatTime(%v) = %q, want %q", tc.t, got, tc.want)
			}
		})
	}
}
