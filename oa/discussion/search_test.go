package discussion_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/oa/discussion"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/notice/noticetest"
)

// TestSearch: a keyword keeps the member's discussions whose title contains it, case insensitive and with LIKE's
// wildcards taken literally, page by page with the matches as the total; discussions the person is not a member
// of never match.
func TestSearch(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	start := func(title string, a notice.Audience) uint64 {
		d, err := s.Start(tn.Ctx, tn.Admin, discussion.StartInput{Title: title, Body: "<p>说说</p>", Audience: a})
		if err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	all := notice.Audience{All: true}
	trip := start("团建去哪 Outing", all)
	party := start("年会节目", all)
	pct := start("预算 50% 怎么分", all)
	start("研发团建", notice.Audience{DepartmentIDs: []uint64{tn.Dev}}) // Ann is not a member
	under := start("a_b 命名", all)

	for _, tc := range []struct {
		name, keyword string
		want          []uint64
	}{
		{"All", "", []uint64{under, pct, party, trip}},
		{"Substring", "团建", []uint64{trip}},
		{"CaseInsensitive", "outing", []uint64{trip}},
		{"Trimmed", "  年会 ", []uint64{party}},
		{"PercentIsLiteral", "%", []uint64{pct}},
		{"UnderscoreIsLiteral", "_", []uint64{under}},
		{"NoMatch", "报销", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := noticetest.CollectPages(t, len(tc.want), func(after string) (noticetest.Page, error) {
				p, err := s.Search(tn.Ctx, tn.Ann, tc.keyword, 1, after)
				out := noticetest.Page{Total: p.TotalCount, EndCursor: p.EndCursor, HasNext: p.HasNext}
				for _, d := range p.Discussions {
					out.IDs = append(out.IDs, d.ID)
				}
				return out, err
			})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("matches (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("ErrTooLong", func(t *testing.T) {
		_, err := s.Search(tn.Ctx, tn.Ann, strings.Repeat("长", 51), 10, "")
		if !apperr.Is(err, apperr.Invalid) {
			t.Errorf("err = %v, want invalid", err)
		}
	})
}
