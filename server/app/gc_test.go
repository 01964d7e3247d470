package app_test

import (
	"runtime/debug"
	"testing"

	"github.com/qiao-hq/qiao/server/app"
)

// TestSetServerGC: the server's GC target applies unless GOGC is set, which wins.
func TestSetServerGC(t *testing.T) {
	prev := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(prev) })
	for _, c := range []struct {
		name string
		gogc string
		want int
	}{
		{"Unset", "", app.ServerGCPercent},
		{"SetByEnvironment", "150", 150},
	} {
		t.Run(c.name, func(t *testing.T) {
			debug.SetGCPercent(150) // what the runtime read from GOGC=150, or a start value to be replaced
			app.SetServerGC(func(k string) string {
				if k == "GOGC" {
					return c.gogc
				}
				return ""
			})
			if got := debug.SetGCPercent(100); got != c.want {
				t.Errorf("GC percent %d, want %d", got, c.want)
			}
		})
	}
}
