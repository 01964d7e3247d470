package notice

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
)

// List returns one page of viewerID's notices or news (those they are in the audience of), newest first, with
// their read state. after is the EndCursor of the previous page. Entries carry no Body.
// Errors: invalid (unknown kind, first out of range, malformed cursor).
func (s *Store) List(ctx context.Context, viewerID uint64, kind Kind, first int, after string) (Page, error) {
	return s.Search(ctx, viewerID, kind, "", first, after)
}

// Search is List keeping the notices whose title contains keyword (case insensitive; "" keeps all, see
// TitleContains); TotalCount is then the number of matches. Errors: those of List, and invalid (keyword too long).
func (s *Store) Search(ctx context.Context, viewerID uint64, kind Kind, keyword string, first int, after string) (Page, error) {
	if !kind.Valid() {
		return Page{}, apperr.InvalidField("kind", "未知的类型 %q", kind)
	}
	if err := oa.CheckFirst(first); err != nil {
		return Page{}, err
	}
	before, err := oa.ParseCursor(after)
	if err != nil {
		return Page{}, err
	}
	kw, err := oa.Keyword(keyword)
	if err != nil {
		return Page{}, err
	}
	db := s.db.WithContext(ctx)
	mine := func() *gorm.DB {
		q := db.Model(&Receipt{}).Where("notice_receipts.employee_id = ? AND notice_receipts.kind = ?", viewerID, kind)
		return TitleContains(q, "notice_receipts", "notice_id", "notices", kw)
	}
	var total int64
	if err := mine().Count(&total).Error; err != nil {
		return Page{}, errf("count list", err)
	}
	q := mine()
	if before > 0 {
		q = q.Where("notice_id < ?", before)
	}
	rs, more, err := database.FindPage[Receipt](q.Select("notice_receipts.*").Order("notice_id DESC"), first)
	if err != nil {
		return Page{}, errf("list receipts", err)
	}
	page := Page{TotalCount: int(total), HasNext: more}
	ids := make([]uint64, len(rs))
	for i, r := range rs {
		ids[i] = r.NoticeID
	}
	byID, err := s.byIDs(ctx, ids)
	if err != nil {
		return Page{}, err
	}
	for _, r := range rs {
		if n, ok := byID[r.NoticeID]; ok {
			page.Entries = append(page.Entries, Entry{Notice: n, ReadAt: r.ReadAt})
		}
	}
	if len(rs) > 0 {
		page.EndCursor = oa.Cursor(rs[len(rs)-1].NoticeID)
	}
	return page, nil
}

// byIDs loads the notices ids without their bodies.
func (s *Store) byIDs(ctx context.Context, ids []uint64) (map[uint64]Notice, error) {
	out := make(map[uint64]Notice, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var ns []Notice
	if err := s.db.WithContext(ctx).Omit("body").Where("id IN ?", ids).Find(&ns).Error; err != nil {
		return nil, errf("load notices", err)
	}
	for _, n := range ns {
		out[n.ID] = n
	}
	return out, nil
}

// Get returns notice id as viewerID sees it. Only its audience and its publisher see it; anyone else (another
// tenant included) gets not_found. Reading the detail does not mark it read: MarkRead does.
func (s *Store) Get(ctx context.Context, viewerID, id uint64) (Entry, error) {
	db := s.db.WithContext(ctx)
	n, err := find(db, id)
	if err != nil {
		return Entry{}, err
	}
	r, ok, err := receipt(db, id, viewerID)
	if err != nil {
		return Entry{}, err
	}
	if !ok && n.PublisherID != viewerID {
		return Entry{}, notFound(id)
	}
	return Entry{Notice: n, ReadAt: r.ReadAt}, nil
}

// MarkRead records that employeeID read notice id. Marking again is harmless and keeps the first time.
// Errors: not_found (no such notice in employeeID's audience).
func (s *Store) MarkRead(ctx context.Context, employeeID, id uint64) (Entry, error) {
	db := s.db.WithContext(ctx)
	res := db.Model(&Receipt{}).Where("notice_id = ? AND employee_id = ? AND read_at IS NULL", id, employeeID).
		Update("read_at", Now(s.now))
	if res.Error != nil {
		return Entry{}, errf("mark read", res.Error)
	}
	if res.RowsAffected == 0 {
		// Either already read (fine: keep the first time) or not theirs to read.
		_, ok, err := receipt(db, id, employeeID)
		if err != nil {
			return Entry{}, err
		}
		if !ok {
			return Entry{}, notFound(id)
		}
	}
	return s.Get(ctx, employeeID, id)
}

// UnreadCounts returns how many notices and how many news items employeeID has not read; both kinds are present.
func (s *Store) UnreadCounts(ctx context.Context, employeeID uint64) (map[Kind]int, error) {
	var rows []struct {
		Kind Kind
		N    int
	}
	err := s.db.WithContext(ctx).Model(&Receipt{}).Select("kind, COUNT(*) AS n").
		Where("employee_id = ? AND read_at IS NULL", employeeID).Group("kind").Scan(&rows).Error
	if err != nil {
		return nil, errf("unread counts", err)
	}
	out := map[Kind]int{KindNotice: 0, KindNews: 0}
	for _, r := range rows {
		out[r.Kind] = r.N
	}
	return out, nil
}

// ReadStats returns how many of notice id's audience have read it. Its publisher and tenant admins may ask.
// People who resigned since publication are left out of every count (their receipts are kept): they can no longer
// read it, so counting them would leave unread above 0 for good. Frozen people still count, as they may return.
// Errors: not_found (no such notice, or the actor may not even see it), forbidden (an audience member who is
// neither).
func (s *Store) ReadStats(ctx context.Context, actorID uint64, role directory.Role, id uint64) (Stats, error) {
	db := s.db.WithContext(ctx)
	n, err := find(db, id)
	if err != nil {
		return Stats{}, err
	}
	if n.PublisherID != actorID && !role.AtLeast(directory.RoleAdmin) {
		_, ok, err := receipt(db, id, actorID)
		if err != nil {
			return Stats{}, err
		}
		if !ok {
			return Stats{}, notFound(id)
		}
		return Stats{}, apperr.E(apperr.Forbidden, "只有发布人可以查看阅读情况")
	}
	var row struct{ Total, Done int }
	// The tenancy plugin scopes notice_receipts only, so the join names the tenant itself.
	if err := db.Model(&Receipt{}).Select("COUNT(*) AS total, COUNT(notice_receipts.read_at) AS done").
		Joins("JOIN employees ON employees.tenant_id = notice_receipts.tenant_id AND employees.id = notice_receipts.employee_id").
		Where("notice_receipts.notice_id = ? AND employees.status <> ?", id, directory.StatusResigned).Scan(&row).Error; err != nil {
		return Stats{}, errf("read stats", err)
	}
	return Stats{NoticeID: id, Recipients: row.Total, Read: row.Done, Unread: row.Total - row.Done}, nil
}

// Lookup returns notice id of the tenant in ctx without a viewer check, for system work such as rendering a push.
// Errors: not_found.
func (s *Store) Lookup(ctx context.Context, id uint64) (Notice, error) {
	return find(s.db.WithContext(ctx), id)
}

func find(db *gorm.DB, id uint64) (Notice, error) {
	var n Notice
	if err := db.First(&n, id).Error; err != nil {
		return n, database.NotFoundOr(err, notFound(id).Msg, "notice: load")
	}
	return n, nil
}

// receipt loads employeeID's receipt of notice id; ok is false when they are not in its audience.
func receipt(db *gorm.DB, id, employeeID uint64) (Receipt, bool, error) {
	var r Receipt
	err := db.Where("notice_id = ? AND employee_id = ?", id, employeeID).Take(&r).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return r, false, nil
	case err != nil:
		return r, false, fmt.Errorf("notice: load receipt: %w", err)
	}
	return r, true, nil
}

func notFound(id uint64) *apperr.Error {
	return apperr.E(apperr.NotFound, "公告或新闻不存在")
}

// Published returns one page of the notices or news publisherID published, newest first, for the publisher's own
// list (ix_notices_publisher); ReadAt is the publisher's own read time where they are also in the audience.
// Entries carry no Body. Errors: invalid (unknown kind, first out of range, malformed cursor).
func (s *Store) Published(ctx context.Context, publisherID uint64, kind Kind, first int, after string) (Page, error) {
	if !kind.Valid() {
		return Page{}, apperr.InvalidField("kind", "未知的类型 %q", kind)
	}
	db := s.db.WithContext(ctx)
	ip, err := PageIDs(func() *gorm.DB {
		return db.Model(&Notice{}).Where("publisher_id = ? AND kind = ?", publisherID, kind)
	}, "id", first, after)
	if err != nil {
		return Page{}, apperr.OrInternal(err, "notice: published")
	}
	page := Page{TotalCount: ip.Total, HasNext: ip.HasNext}
	if len(ip.IDs) == 0 {
		return page, nil
	}
	byID, err := s.byIDs(ctx, ip.IDs)
	if err != nil {
		return Page{}, err
	}
	var rs []Receipt
	if err := db.Where("employee_id = ? AND notice_id IN ?", publisherID, ip.IDs).Find(&rs).Error; err != nil {
		return Page{}, errf("load own receipts", err)
	}
	readAt := make(map[uint64]*time.Time, len(rs))
	for _, r := range rs {
		readAt[r.NoticeID] = r.ReadAt
	}
	for _, id := range ip.IDs {
		if n, ok := byID[id]; ok {
			page.Entries = append(page.Entries, Entry{Notice: n, ReadAt: readAt[id]})
		}
	}
	page.EndCursor = oa.Cursor(ip.IDs[len(ip.IDs)-1])
	return page, nil
}
