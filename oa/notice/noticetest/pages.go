package noticetest

import "testing"

// Page is what CollectPages needs of one page of a list.
type Page struct {
	IDs       []uint64
	Total     int
	EndCursor string
	HasNext   bool
}

// CollectPages reads a list to its end through page (called with "" and then each EndCursor), failing when a
// page's total is not wantTotal or the list has not ended after wantTotal+1 pages, and returns the ids in order.
func CollectPages(tb testing.TB, wantTotal int, page func(after string) (Page, error)) []uint64 {
	tb.Helper()
	var ids []uint64
	after := ""
	for range wantTotal + 1 {
		p, err := page(after)
		if err != nil {
			tb.Fatal(err)
		}
		if p.Total != wantTotal {
			tb.Errorf("total %d, want %d", p.Total, wantTotal)
		}
		ids = append(ids, p.IDs...)
		if !p.HasNext {
			return ids
		}
		after = p.EndCursor
	}
	tb.Errorf("the list did not end after %d pages", wantTotal+1)
	return ids
}
