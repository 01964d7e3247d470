package contactsync

import "testing"

// Hundreds of tenants with the same times do not call WeCom in the same second: each has its own offset.
func TestOffsetsSpreadTenants(t *testing.T) {
	seen := map[int64]int{}
	for id := uint64(1); id <= 300; id++ {
		o := offset(id)
		if o < 0 || o >= spread {
			t.Fatalf("offset(%d) = %s, want within [0, %s)", id, o, spread)
		}
		seen[int64(o.Seconds())]++
	}
	worst := 0
	for _, n := range seen {
		worst = max(worst, n)
	}
	if len(seen) < 200 || worst > 4 { // random placement of 300 in 600 seconds gives about 236
		t.Errorf("300 tenants fall on %d distinct seconds, at most %d on one; want them spread", len(seen), worst)
	}
}
