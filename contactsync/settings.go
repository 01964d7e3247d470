package contactsync

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenancy"
)

// Field is a member's field that either Qiao or WeCom owns.
type Field string

// The fields of ownership. Status and avatar are always WeCom's.
const (
	FieldName        Field = "name"
	FieldMobile      Field = "mobile"
	FieldEmail       Field = "email"
	FieldPosition    Field = "position"
	FieldDepartments Field = "departments"
)

var allFields = []Field{FieldName, FieldMobile, FieldEmail, FieldPosition, FieldDepartments}

// settingsRow is a tenant's schedule and field ownership (table wecom_sync_settings); a tenant without one has the
// defaults.
type settingsRow struct {
	TenantID        uint64 `gorm:"primaryKey;autoIncrement:false"`
	ScheduleEnabled bool
	Times           string
	TimeZone        string
	WeComFields     string `gorm:"column:wecom_fields"`
	LastSlotAt      *time.Time
	// FirstSyncedAt is when the first sync (a replace, or a pull) finished; nil before.
	FirstSyncedAt *time.Time
	UpdatedAt     time.Time
}

func (settingsRow) TableName() string { return "wecom_sync_settings" }

// The defaults (seed 000: 每天分别在8:00、12:00、20:00同步3次), in China time.
const (
	defaultTimes = "08:00,12:00,20:00"
	defaultZone  = "Asia/Shanghai"
	maxTimes     = 12
)

func defaultSettings() settingsRow {
	return settingsRow{ScheduleEnabled: true, Times: defaultTimes, TimeZone: defaultZone}
}

// Settings is a tenant's schedule and field ownership as an admin sees them.
type Settings struct {
	ScheduleEnabled bool
	Times           []string
	TimeZone        string
	WeComOwned      []Field
	// NextRunAt is the next scheduled sync; nil when switched off or before the first sync.
	NextRunAt *time.Time
}

// SettingsPatch changes settings; nil fields stay.
type SettingsPatch struct {
	ScheduleEnabled *bool
	Times           *[]string
	TimeZone        *string
	WeComOwned      *[]Field
}

func (r settingsRow) owned() []Field {
	var out []Field
	for f := range strings.SplitSeq(r.WeComFields, ",") {
		if f != "" {
			out = append(out, Field(f))
		}
	}
	return out
}

// wecomOwns reports whether WeCom owns f for the tenant of r.
func (r settingsRow) wecomOwns(f Field) bool { return slices.Contains(r.owned(), f) }

func (s *Service) settingsRow(ctx context.Context) (settingsRow, error) {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return settingsRow{}, apperr.Wrap(err, apperr.Internal, "load sync settings")
	}
	var r settingsRow
	err = s.d.DB.WithContext(ctx).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		r = defaultSettings()
		r.TenantID = uint64(tid)
		return r, nil
	}
	if err != nil {
		return settingsRow{}, apperr.Wrap(err, apperr.Internal, "load sync settings")
	}
	return r, nil
}

// Settings returns the tenant's schedule and field ownership.
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	r, err := s.settingsRow(ctx)
	if err != nil {
		return Settings{}, err
	}
	return s.view(ctx, r)
}

func (s *Service) view(ctx context.Context, r settingsRow) (Settings, error) {
	v := Settings{ScheduleEnabled: r.ScheduleEnabled, Times: strings.Split(r.Times, ","), TimeZone: r.TimeZone,
		WeComOwned: r.owned()}
	if v.WeComOwned == nil {
		v.WeComOwned = []Field{}
	}
	if !r.ScheduleEnabled {
		return v, nil
	}
	if r.FirstSyncedAt != nil {
		if next, ok := nextSlot(r, s.d.Now()); ok {
			v.NextRunAt = &next
		}
	}
	return v, nil
}

// SaveSettings applies p. It returns invalid naming the field for a time not HH:MM, more than maxTimes times, an
// unknown zone or field.
func (s *Service) SaveSettings(ctx context.Context, p SettingsPatch) (Settings, error) {
	r, err := s.settingsRow(ctx)
	if err != nil {
		return Settings{}, err
	}
	if p.ScheduleEnabled != nil {
		r.ScheduleEnabled = *p.ScheduleEnabled
	}
	if p.Times != nil {
		times, err := normalizeTimes(*p.Times)
		if err != nil {
			return Settings{}, err
		}
		r.Times = strings.Join(times, ",")
	}
	if p.TimeZone != nil {
		zone := strings.TrimSpace(*p.TimeZone)
		if _, err := time.LoadLocation(zone); err != nil || zone == "" || zone == "Local" {
			return Settings{}, apperr.InvalidField("timeZone", "时区 %q 无效，请填写如 Asia/Shanghai 的时区名", zone)
		}
		r.TimeZone = zone
	}
	if p.WeComOwned != nil {
		var fs []string
		for _, f := range *p.WeComOwned {
			if !slices.Contains(allFields, f) {
				return Settings{}, apperr.InvalidField("wecomOwnedFields", "未知的字段 %q", f)
			}
			if !slices.Contains(fs, string(f)) {
				fs = append(fs, string(f))
			}
		}
		r.WeComFields = strings.Join(fs, ",")
	}
	r.UpdatedAt = s.d.Now().UTC()
	err = s.d.DB.WithContext(ctx).Omit("first_synced_at", "last_slot_at").Clauses(clause.OnConflict{DoUpdates: clause.AssignmentColumns(
		[]string{"schedule_enabled", "times", "time_zone", "wecom_fields", "updated_at"})}).Create(&r).Error
	if err != nil {
		return Settings{}, apperr.Wrap(err, apperr.Internal, "save sync settings")
	}
	return s.view(ctx, r)
}

// firstSynced reports whether the tenant in ctx had its first sync.
func (s *Service) firstSynced(ctx context.Context) (bool, error) {
	r, err := s.settingsRow(ctx)
	return err == nil && r.FirstSyncedAt != nil, err
}

// markFirstSynced records the first sync's end on the tenant's settings (made with the defaults if it has none),
// all in db, the caller's transaction: a read on another connection would wait for that transaction's locks.
func (s *Service) markFirstSynced(ctx context.Context, db *gorm.DB, at time.Time) error {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return err
	}
	r := defaultSettings()
	r.TenantID, r.UpdatedAt = uint64(tid), at
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&r).Error; err != nil {
		return err
	}
	return db.Model(&settingsRow{}).Where("first_synced_at IS NULL").UpdateColumn("first_synced_at", at).Error
}

func normalizeTimes(in []string) ([]string, error) {
	if len(in) == 0 {
		return nil, apperr.InvalidField("times", "至少填写一个同步时间；不需要定时同步请关闭它")
	}
	if len(in) > maxTimes {
		return nil, apperr.InvalidField("times", "每天最多同步 %d 次", maxTimes)
	}
	var out []string
	for _, t := range in {
		t = strings.TrimSpace(t)
		at, err := time.Parse("15:04", t)
		if err != nil {
			return nil, apperr.InvalidField("times", "时间 %q 无效，请写成 08:00 这样的 24 小时制", t)
		}
		t = at.Format("15:04")
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out, nil
}

// spread is how far after a scheduled time a tenant's sync runs at most: each tenant has its own offset in it, so
// hundreds of tenants do not call WeCom in the same second.
const spread = 10 * time.Minute

// offset is the tenant's own delay after each scheduled time.
func offset(tenantID uint64) time.Duration {
	h := fnv.New32a()
	fmt.Fprintf(h, "%d", tenantID)
	return time.Duration(h.Sum32()%uint32(spread/time.Second)) * time.Second
}

// slotsAround returns the tenant's scheduled instants on the day before, of and after now, in order.
func slotsAround(r settingsRow, now time.Time) []time.Time {
	loc, err := time.LoadLocation(r.TimeZone)
	if err != nil {
		loc, _ = time.LoadLocation(defaultZone)
	}
	local := now.In(loc)
	var out []time.Time
	for day := -1; day <= 1; day++ {
		d := local.AddDate(0, 0, day)
		for t := range strings.SplitSeq(r.Times, ",") {
			at, err := time.Parse("15:04", t)
			if err != nil {
				continue
			}
			slot := time.Date(d.Year(), d.Month(), d.Day(), at.Hour(), at.Minute(), 0, 0, loc).Add(offset(r.TenantID))
			out = append(out, slot.UTC())
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// nextSlot is the first scheduled instant after now.
func nextSlot(r settingsRow, now time.Time) (time.Time, bool) {
	for _, t := range slotsAround(r, now) {
		if t.After(now) {
			return t, true
		}
	}
	return time.Time{}, false
}

// dueSlot is the latest scheduled instant at or before now that the tenant has not run yet (after LastSlotAt),
// within the last hour: a slot missed by longer (the worker was down) is skipped, not run late.
func dueSlot(r settingsRow, now time.Time) (time.Time, bool) {
	var due time.Time
	for _, t := range slotsAround(r, now) {
		if !t.After(now) {
			due = t
		}
	}
	if due.IsZero() || now.Sub(due) > time.Hour || (r.LastSlotAt != nil && !due.After(*r.LastSlotAt)) {
		return time.Time{}, false
	}
	return due, true
}
