package notice_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/notice/noticetest"
)

// TestSearch: a keyword keeps the viewer's notices of one kind whose title contains it, case insensitive and with
// LIKE's wildcards taken literally, page by page with the matches as the total, read state kept; news and
// notices for others never match.
func TestSearch(t *testing.T) {
	env, s := newStore(t)
	tn := env.Tenant(t)
	holiday := mustPublish(t, s, tn, toAll(notice.KindNotice, "元旦放假 Holiday 通知")).ID
	mustPublish(t, s, tn, toAll(notice.KindNews, "元旦晚会新闻")) // another kind
	rate := mustPublish(t, s, tn, toAll(notice.KindNotice, "报销比例调到 80%")).ID
	mustPublish(t, s, tn, notice.PublishInput{Kind: notice.KindNotice, Title: "研发元旦值班", Body: "<p>值班</p>",
		Audience: notice.Audience{DepartmentIDs: []uint64{tn.Dev}}}) // not Ann's
	if _, err := s.MarkRead(tn.Ctx, tn.Ann, holiday); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name, keyword string
		want          []uint64
	}{
		{"All", "", []uint64{rate, holiday}},
		{"Substring", "元旦", []uint64{holiday}},
		{"CaseInsensitive", "HOLIDAY", []uint64{holiday}},
		{"PercentIsLiteral", "0%", []uint64{rate}},
		{"NoMatch", "年会", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			read := map[uint64]bool{}
			got := noticetest.CollectPages(t, len(tc.want), func(after string) (noticetest.Page, error) {
				p, err := s.Search(tn.Ctx, tn.Ann, notice.KindNotice, tc.keyword, 1, after)
				out := noticetest.Page{Total: p.TotalCount, EndCursor: p.EndCursor, HasNext: p.HasNext}
				for _, e := range p.Entries {
					out.IDs = append(out.IDs, e.Notice.ID)
					read[e.Notice.ID] = e.ReadAt != nil
				}
				return out, err
			})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("matches (-want +got):\n%s", diff)
			}
			if _, listed := read[holiday]; listed && !read[holiday] {
				t.Error("a search lost the read state of the notice Ann read")
			}
		})
	}
	t.Run("ErrTooLong", func(t *testing.T) {
		if _, err := s.Search(tn.Ctx, tn.Ann, notice.KindNotice, strings.Repeat("长", 51), 10, ""); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("err = %v, want invalid", err)
		}
	})
}
