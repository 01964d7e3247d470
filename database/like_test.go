package database_test

import (
	"testing"

	"github.com/qiao-hq/qiao/database"
)

// TestContainsPattern: the pattern of every keyword search matches anywhere, lower-cased, LIKE's wildcards and its
// escape character taken literally.
func TestContainsPattern(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"Plain", "报价", "%报价%"},
		{"Lowered", "Q3 Plan", "%q3 plan%"},
		{"Wildcards", "100%_done", "%100!%!_done%"},
		{"Escape", "a!b", "%a!!b%"},
		{"Empty", "", "%%"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := database.ContainsPattern(c.in); got != c.want {
				t.Errorf("ContainsPattern(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}
