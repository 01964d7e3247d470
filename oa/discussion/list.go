package discussion

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/notice"
)

// List returns one page of the discussions viewerID is a member of, newest first, each with whether it is unread
// for them. Entries carry no Body. Errors: invalid (first out of range, malformed cursor).
func (s *Store) List(ctx context.Context, viewerID uint64, first int, after string) (Page, error) {
	return s.Search(ctx, viewerID, "", first, after)
}

// Search is List keeping the discussions whose title contains keyword (case insensitive; "" keeps all, see
// notice.TitleContains); TotalCount is then the number of matches. Errors: those of List, and invalid (keyword
// too long).
func (s *Store) Search(ctx context.Context, viewerID uint64, keyword string, first int, after string) (Page, error) {
	kw, err := oa.Keyword(keyword)
	if err != nil {
		return Page{}, err
	}
	db := s.db.WithContext(ctx)
	mine := func() *gorm.DB {
		q := db.Model(&Member{}).Where("discussion_members.employee_id = ?", viewerID)
		return notice.TitleContains(q, "discussion_members", "discussion_id", "discussions", kw)
	}
	ip, err := notice.PageIDs(mine, "discussion_id", first, after)
	if err != nil {
		return Page{}, apperr.OrInternal(err, "discussion: list")
	}
	return page(db, viewerID, ip)
}

// Started returns one page of the discussions authorID started, newest first, for the author's own list
// (ix_discussions_author). Discussions carry no Body. Errors: invalid (first out of range, malformed cursor).
func (s *Store) Started(ctx context.Context, authorID uint64, first int, after string) (Page, error) {
	db := s.db.WithContext(ctx)
	ip, err := notice.PageIDs(func() *gorm.DB { return db.Model(&Discussion{}).Where("author_id = ?", authorID) },
		"id", first, after)
	if err != nil {
		return Page{}, apperr.OrInternal(err, "discussion: started")
	}
	return page(db, authorID, ip)
}

// page loads the discussions of ip, in its order, without their bodies, each with whether it is unread for
// viewerID (a member of each: the author always is).
func page(db *gorm.DB, viewerID uint64, ip notice.IDPage) (Page, error) {
	ids := ip.IDs
	page := Page{TotalCount: ip.Total, HasNext: ip.HasNext}
	if len(ids) == 0 {
		return page, nil
	}
	var ds []Discussion
	if err := db.Omit("body").Where("id IN ?", ids).Find(&ds).Error; err != nil {
		return Page{}, fmt.Errorf("discussion: load list: %w", err)
	}
	var ms []Member
	if err := db.Where("employee_id = ? AND discussion_id IN ?", viewerID, ids).Find(&ms).Error; err != nil {
		return Page{}, fmt.Errorf("discussion: load read times: %w", err)
	}
	readAt := make(map[uint64]*time.Time, len(ms))
	for _, m := range ms {
		readAt[m.DiscussionID] = m.ReadAt
	}
	byID := make(map[uint64]Discussion, len(ds))
	for _, d := range ds {
		byID[d.ID] = d
	}
	for _, id := range ids {
		if d, ok := byID[id]; ok {
			d.Unread = unread(d, readAt[id])
			page.Discussions = append(page.Discussions, d)
		}
	}
	page.EndCursor = oa.Cursor(ids[len(ids)-1])
	return page, nil
}

// Replies returns one page of discussion id's replies, oldest first, each with the reply it quotes, if viewerID is
// a member. after is the EndCursor of the previous page.
// Errors: not_found (not a member), invalid (first out of range, malformed cursor).
func (s *Store) Replies(ctx context.Context, viewerID, id uint64, first int, after string) (ReplyPage, error) {
	if err := oa.CheckFirst(first); err != nil {
		return ReplyPage{}, err
	}
	since, err := oa.ParseCursor(after)
	if err != nil {
		return ReplyPage{}, err
	}
	d, err := s.Get(ctx, viewerID, id)
	if err != nil {
		return ReplyPage{}, err
	}
	db := s.db.WithContext(ctx)
	rs, more, err := database.FindPage[Reply](db.Where("discussion_id = ? AND id > ?", id, since).Order("id"), first)
	if err != nil {
		return ReplyPage{}, fmt.Errorf("discussion: replies: %w", err)
	}
	page := ReplyPage{TotalCount: d.ReplyCount, HasNext: more}
	var quoted []uint64
	for _, r := range rs {
		if r.QuoteID != nil {
			quoted = append(quoted, *r.QuoteID)
		}
	}
	if len(quoted) > 0 {
		var qs []Reply
		if err := db.Where("discussion_id = ? AND id IN ?", id, quoted).Find(&qs).Error; err != nil {
			return ReplyPage{}, fmt.Errorf("discussion: quoted replies: %w", err)
		}
		byID := make(map[uint64]*Reply, len(qs))
		for i := range qs {
			byID[qs[i].ID] = &qs[i]
		}
		for i := range rs {
			if rs[i].QuoteID != nil {
				rs[i].Quote = byID[*rs[i].QuoteID]
			}
		}
	}
	page.Replies = rs
	if n := len(rs); n > 0 {
		page.EndCursor = oa.Cursor(rs[n-1].ID)
	}
	return page, nil
}
