package push

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/tenancy"
)

// Log reads a tenant's delivery records (推送记录) for its admins: filtered pages, and counts per day.
type Log struct{ db *gorm.DB }

// NewLog returns a Log on db, which must have tenancy.Plugin registered.
func NewLog(db *gorm.DB) *Log { return &Log{db: db} }

// Filter narrows a page of deliveries; zero fields do not filter.
type Filter struct {
	Status    string
	Kind      string // an outbox kind, or its prefix before the dot ("collab" matches "collab.sent")
	Recipient string // a WeCom userid or an openid, exactly
	Channel   string // ChannelWeCom or ChannelMP; "" for both
	Since     time.Time
	Item      *Item // one notice's, news item's or survey's push
}

// MaxLogPage is the most deliveries one page holds.
const MaxLogPage = 100

// Page is a page of deliveries, newest first, and the cursor of the next one ("" after the last).
type Page struct {
	Deliveries []Delivery
	Next       string
}

// List returns a page of the tenant's deliveries matching f, newest first, after the cursor after. Errors:
// invalid for first outside 1–MaxLogPage or a malformed cursor, status, channel or item kind. An item without
// deliveries in the tenant (another tenant's, or none) is an empty page.
func (l *Log) List(ctx context.Context, f Filter, first int, after string) (Page, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return Page{}, apperr.Wrap(err, apperr.Internal, "list deliveries")
	}
	if first < 1 || first > MaxLogPage {
		return Page{}, apperr.InvalidField("first", "每页 1–%d 条", MaxLogPage)
	}
	q := l.db.WithContext(ctx).Omit("card").Order("id DESC")
	id, err := database.ParseIDCursor(after)
	if err != nil {
		return Page{}, err
	}
	if id != 0 {
		q = q.Where("id < ?", id)
	}
	switch f.Status {
	case "":
	case StatusSending, StatusSent, StatusSkipped, StatusFailed, StatusUndeliverable:
		q = q.Where("status = ?", f.Status)
	default:
		return Page{}, apperr.InvalidField("status", "未知的状态 %q", f.Status)
	}
	if f.Kind != "" {
		if strings.Contains(f.Kind, ".") {
			q = q.Where("kind = ?", f.Kind)
		} else {
			q = q.Where("kind LIKE ? ESCAPE '!'", database.EscapeLike(f.Kind)+".%")
		}
	}
	if f.Recipient != "" {
		q = q.Where("recipient = ?", f.Recipient)
	}
	switch f.Channel {
	case "":
	case ChannelWeCom, ChannelMP:
		q = q.Where("channel = ?", f.Channel)
	default:
		return Page{}, apperr.InvalidField("channel", "渠道只能是 wecom 或 mp")
	}
	if !f.Since.IsZero() {
		q = q.Where("created_at >= ?", f.Since.UTC())
	}
	if f.Item != nil {
		messages, err := f.Item.messages()
		if err != nil {
			return Page{}, err
		}
		q = q.Scopes(messages)
	}
	rows, more, err := database.FindPage[Delivery](q, first)
	if err != nil {
		return Page{}, apperr.Wrap(err, apperr.Internal, "list deliveries")
	}
	p := Page{Deliveries: rows}
	if more {
		p.Next = database.IDCursor(rows[first-1].ID)
	}
	return p, nil
}

// Day is one day's deliveries by status.
type Day struct {
	Date          string // YYYY-MM-DD in zone
	Sent, Skipped int
	Failed        int // failed (being retried) and undeliverable
	Pending       int // sending
}

// Daily counts the tenant's deliveries created in the last days days (today included), per day in zone, oldest
// first; days without any are there with zeros. It returns invalid for days outside 1–90.
func (l *Log) Daily(ctx context.Context, days int, now time.Time, zone *time.Location) ([]Day, error) {
	if days < 1 || days > 90 {
		return nil, apperr.InvalidField("days", "天数须在 1–90 之间")
	}
	now = now.In(zone)
	start := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, zone).AddDate(0, 0, -(days - 1))
	var rows []struct {
		CreatedAt time.Time
		Status    string
	}
	// Rows, not GROUP BY DATE(...): the day is the tenant's, and MySQL's CONVERT_TZ needs zone tables that a
	// database may not have loaded. ix_push_day answers from the index alone.
	err := l.db.WithContext(ctx).Model(&Delivery{}).Select("created_at", "status").
		Where("created_at >= ?", start.UTC()).Find(&rows).Error
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "count deliveries")
	}
	out := make([]Day, days)
	index := map[string]int{}
	for i := range out {
		d := start.AddDate(0, 0, i).Format(time.DateOnly)
		out[i].Date = d
		index[d] = i
	}
	for _, r := range rows {
		i, ok := index[r.CreatedAt.In(zone).Format(time.DateOnly)]
		if !ok {
			continue
		}
		switch r.Status {
		case StatusSent:
			out[i].Sent++
		case StatusSkipped:
			out[i].Skipped++
		case StatusFailed, StatusUndeliverable:
			out[i].Failed++
		default:
			out[i].Pending++
		}
	}
	return out, nil
}

// Counts are deliveries by outcome over a span.
type Counts struct{ Sent, Failed int }

// Since counts the tenant's deliveries created since t: sent, and failed or undeliverable.
func (l *Log) Since(ctx context.Context, t time.Time) (Counts, error) {
	var rows []struct {
		Status string
		N      int
	}
	err := l.db.WithContext(ctx).Model(&Delivery{}).Select("status, COUNT(*) AS n").
		Where("created_at >= ?", t.UTC()).Group("status").Find(&rows).Error
	if err != nil {
		return Counts{}, apperr.Wrap(err, apperr.Internal, "count deliveries")
	}
	var c Counts
	for _, r := range rows {
		switch r.Status {
		case StatusSent:
			c.Sent += r.N
		case StatusFailed, StatusUndeliverable:
			c.Failed += r.N
		}
	}
	return c, nil
}

// Get returns delivery id of the tenant; not_found when there is none.
func (l *Log) Get(ctx context.Context, id uint64) (Delivery, error) {
	var d Delivery
	if err := l.db.WithContext(ctx).Omit("card").Where("id = ?", id).Take(&d).Error; err != nil {
		return Delivery{}, database.NotFoundOr(err, "推送记录不存在", "load delivery")
	}
	return d, nil
}
