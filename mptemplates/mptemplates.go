// Package mptemplates maps each kind of message Qiao pushes to one of the service account's templates, field by
// field (seed 004 §3.5), and fills a template from a message's description within WeChat's rules since 2023-05-04:
// no first, remark or colour; each value on one line, at most 20 characters (fewer for a phrase or a name).
package mptemplates

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/message"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/wechat/mp"
)

// Mapping is one kind of message mapped to a template: which fact of the message fills each of its keys.
type Mapping struct {
	Kind       string
	TemplateID string
	// Fields maps a template key ("thing1") to the fact that fills it; keys without one are sent empty.
	Fields    map[string]message.Fact
	UpdatedAt time.Time
}

// row is a mapping as stored (table mp_template_maps).
type row struct {
	TenantID   uint64
	Kind       string
	TemplateID string
	Fields     string
	UpdatedAt  time.Time
}

func (row) TableName() string { return "mp_template_maps" }

// Store keeps the tenants' mappings.
type Store struct {
	db  *gorm.DB
	now func() time.Time
}

// NewStore returns a Store on db, which must have tenancy.Plugin registered; now defaults to time.Now.
func NewStore(db *gorm.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// List returns the tenant's mappings, by kind.
func (s *Store) List(ctx context.Context) (map[string]Mapping, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list template mappings")
	}
	var rows []row
	if err := s.db.WithContext(ctx).Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "list template mappings")
	}
	out := make(map[string]Mapping, len(rows))
	for _, r := range rows {
		m, err := r.mapping()
		if err != nil {
			return nil, err
		}
		out[m.Kind] = m
	}
	return out, nil
}

// ForKind returns the tenant's mapping of kind, and whether there is one.
func (s *Store) ForKind(ctx context.Context, kind string) (Mapping, bool, error) {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return Mapping{}, false, apperr.Wrap(err, apperr.Internal, "load template mapping")
	}
	var rows []row
	if err := s.db.WithContext(ctx).Where("kind = ?", kind).Limit(1).Find(&rows).Error; err != nil {
		return Mapping{}, false, apperr.Wrap(err, apperr.Internal, "load template mapping")
	}
	if len(rows) == 0 {
		return Mapping{}, false, nil
	}
	m, err := rows[0].mapping()
	return m, err == nil, err
}

func (r row) mapping() (Mapping, error) {
	m := Mapping{Kind: r.Kind, TemplateID: r.TemplateID, UpdatedAt: r.UpdatedAt}
	if err := json.Unmarshal([]byte(r.Fields), &m.Fields); err != nil {
		return Mapping{}, apperr.Wrap(fmt.Errorf("mapping of %s: %w", r.Kind, err), apperr.Internal, "decode template mapping")
	}
	return m, nil
}

// Save maps kind to template templateID, one of the account's templates (as WeChat listed them just now), with
// fields; it replaces the kind's mapping, or removes it when templateID is "". kinds are the kinds that may be
// mapped. Invalid (naming the field) for an unknown kind, a template the account does not have, a key the
// template lacks, an unknown fact, or a template with no key filled.
func (s *Store) Save(ctx context.Context, kinds []string, templates []mp.Template, m Mapping) error {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "save template mapping")
	}
	if !slices.Contains(kinds, m.Kind) {
		return apperr.InvalidField("kind", "未知的消息类型 %q", m.Kind)
	}
	db := s.db.WithContext(ctx)
	if m.TemplateID == "" {
		if err := db.Where("kind = ?", m.Kind).Delete(&row{}).Error; err != nil {
			return apperr.Wrap(err, apperr.Internal, "remove template mapping")
		}
		return nil
	}
	i := slices.IndexFunc(templates, func(t mp.Template) bool { return t.ID == m.TemplateID })
	if i < 0 {
		return apperr.InvalidField("templateId", "服务号中没有这个模板，请先在服务号后台「模板消息」中添加，再刷新模板列表")
	}
	keys := make([]string, len(templates[i].Keywords))
	for j, k := range templates[i].Keywords {
		keys[j] = k.Key
	}
	filled := 0
	for _, key := range slices.Sorted(maps.Keys(m.Fields)) {
		f := m.Fields[key]
		switch {
		case !slices.Contains(keys, key):
			return apperr.InvalidField("fields", "模板「%s」没有字段 %s", templates[i].Title, key)
		case f == "":
			delete(m.Fields, key)
		case !message.Known(f):
			return apperr.InvalidField("fields", "字段 %s 的内容 %q 不是可选的内容", key, f)
		case !Accepts(key, f):
			return apperr.InvalidField("fields", "字段 %s 是%s类型，不能填入%s；可选：%s", key, typeName(key), factLabel(f), acceptedLabels(key))
		default:
			filled++
		}
	}
	if filled == 0 {
		return apperr.InvalidField("fields", "请至少为模板的一个字段选择内容")
	}
	raw, err := json.Marshal(m.Fields)
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "encode template mapping")
	}
	r := row{TenantID: uint64(tid), Kind: m.Kind, TemplateID: m.TemplateID, Fields: string(raw), UpdatedAt: s.now().UTC()}
	err = db.Clauses(clause.OnConflict{UpdateAll: true}).Create(&r).Error
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "save template mapping")
	}
	return nil
}

// Accepts reports whether a value of fact f suits template key's type (its letters: "time3" is a time), as WeChat
// checks a send's values since 2023-05 (47003 otherwise): a time takes the time; a character_string (letters,
// digits and symbols only) the reference; a phrase (5 characters) the status or the kind; a name the actor; a
// thing (any text) every fact. Other types (amount, number, phone_number, car_number …) hold nothing Qiao says.
func Accepts(key string, f message.Fact) bool {
	switch strings.TrimRight(key, "0123456789") {
	case "thing":
		return message.Known(f)
	case "time", "date":
		return f == message.FactTime
	case "character_string":
		return f == message.FactRef
	case "phrase":
		return f == message.FactStatus || f == message.FactKind
	case "name":
		return f == message.FactActor
	}
	return false
}

// Facts lists the facts template key accepts (Accepts), in FactList's order.
func Facts(key string) []message.Fact {
	var out []message.Fact
	for _, x := range message.FactList {
		if Accepts(key, x.Fact) {
			out = append(out, x.Fact)
		}
	}
	return out
}

// typeNames are WeChat's names of its keyword types, as the template library shows them.
var typeNames = map[string]string{"thing": "事物", "time": "时间", "date": "日期", "character_string": "字符串",
	"phrase": "短语", "name": "姓名", "amount": "金额", "number": "数字", "phone_number": "电话", "car_number": "车牌"}

func typeName(key string) string {
	if n, ok := typeNames[strings.TrimRight(key, "0123456789")]; ok {
		return "「" + n + "」"
	}
	return "「" + strings.TrimRight(key, "0123456789") + "」"
}

func factLabel(f message.Fact) string {
	for _, x := range message.FactList {
		if x.Fact == f {
			return "「" + x.Label + "」"
		}
	}
	return string(f)
}

func acceptedLabels(key string) string {
	var out []string
	for _, f := range Facts(key) {
		out = append(out, factLabel(f))
	}
	if len(out) == 0 {
		return "无（请不填此字段）"
	}
	return strings.Join(out, "、")
}

// Fill is the template's data for a message described by d under mapping m: each mapped key's fact, on one line
// and cut to what the key's type may hold (Limit), an ellipsis marking a cut.
func Fill(m Mapping, d message.Description) map[string]string {
	data := make(map[string]string, len(m.Fields))
	for key, f := range m.Fields {
		data[key] = fit(d.Value(f), Limit(key))
	}
	return data
}

// Limit is the most characters a value of template key may have: its type is the key's letters ("thing1" is a
// thing). Since 2023-05 a phrase holds 5, a name 10, everything else at most the 20 the phone shows
// (mp.MaxTemplateValue).
func Limit(key string) int {
	switch strings.TrimRight(key, "0123456789") {
	case "phrase":
		return mp.MaxPhraseValue
	case "name":
		return mp.MaxNameValue
	}
	return mp.MaxTemplateValue
}

// fit puts v on one line (line breaks and runs of space become one space) and cuts it to n characters, the last
// one an ellipsis when it was cut.
func fit(v string, n int) string {
	v = strings.Join(strings.Fields(v), " ")
	if utf8.RuneCountInString(v) <= n {
		return v
	}
	return string([]rune(v)[:n-1]) + "…"
}
