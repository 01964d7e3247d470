package discussion

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/notice"
)

// List returns one page of the discussions viewerID is a member of, newest first. Entries carry no Body.
// Errors: invalid (first out of range, malformed cursor).
func (s *Store) List(ctx context.Context, viewerID uint64, first int, after string) (Page, error) {
	db := s.db.WithContext(ctx)
	ip, err := notice.PageIDs(func() *gorm.DB { return db.Model(&Member{}).Where("employee_id = ?", viewerID) },
		"discussion_id", first, after)
	if err != nil {
		return Page{}, apperr.OrInternal(err, "discussion: list")
	}
	return page(db, ip)
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
	return page(db, ip)
}

// page loads the discussions of ip, in its order, without their bodies.
func page(db *gorm.DB, ip notice.IDPage) (Page, error) {
	ids := ip.IDs
	page := Page{TotalCount: ip.Total, HasNext: ip.HasNext}
	if len(ids) == 0 {
		return page, nil
	}
	var ds []Discussion
	if err := db.Omit("body").Where("id IN ?", ids).Find(&ds).Error; err != nil {
		return Page{}, fmt.Errorf("discussion: load list: %w", err)
	}
	byID := make(map[uint64]Discussion, len(ds))
	for _, d := range ds {
		byID[d.ID] = d
	}
	for _, id := range ids {
		if d, ok := byID[id]; ok {
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
	var rs []Reply
	if err := db.Where("discussion_id = ? AND id > ?", id, since).Order("id").Limit(first + 1).Find(&rs).Error; err != nil {
		return ReplyPage{}, fmt.Errorf("discussion: replies: %w", err)
	}
	page := ReplyPage{TotalCount: d.ReplyCount}
	if len(rs) > first {
		rs, page.HasNext = rs[:first], true
	}
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
