package oa

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenancy"
)

// Limits on what one item may carry.
const (
	MaxTitleRunes  = 200
	MaxBodyRunes   = 20000 // of the sanitised HTML that is stored
	MaxRecipients  = 1000  // after departments are expanded
	MaxDepartments = 100
	MaxRelated     = 50
	MaxOpinionRune = 1000
)

// ChinaTime is UTC+8, China's time, fixed rather than loaded because minimal containers lack tzdata. Times people
// read are formatted in TenantZone, which is this zone until tenants have a setting.
var ChinaTime = time.FixedZone("CST", 8*3600)

// TimeLayout is how a time is shown to people, to the minute.
const TimeLayout = "2006-01-02 15:04"

// Directory is what the OA service needs to know about people, in the tenant of ctx.
type Directory interface {
	// ActiveEmployeeIDs reports which of ids are active employees.
	ActiveEmployeeIDs(ctx context.Context, ids []uint64) (map[uint64]bool, error)
	// DepartmentMemberIDs returns the active members of the departments and their sub-departments; an unknown
	// department is invalid (field "departmentIds").
	DepartmentMemberIDs(ctx context.Context, departmentIDs []uint64) ([]uint64, error)
}

// Service implements the collaboration-item rules.
type Service struct {
	db     *gorm.DB
	dir    Directory
	now    func() time.Time
	files  AttachmentStore
	log    *slog.Logger
	policy *bluemonday.Policy
}

// Option configures a Service.
type Option func(*Service)

// WithAttachments sets where attachment bytes are kept. Without it, sending attachments is invalid.
func WithAttachments(st AttachmentStore) Option { return func(s *Service) { s.files = st } }

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(s *Service) { s.log = l } }

// NewService returns a Service on db (with tenancy.Plugin registered). now defaults to time.Now.
func NewService(db *gorm.DB, dir Directory, now func() time.Time, opts ...Option) *Service {
	if now == nil {
		now = time.Now
	}
	s := &Service{db: db, dir: dir, now: now, log: slog.Default(), policy: NewBodyPolicy()}
	for _, o := range opts {
		o(s)
	}
	return s
}

// plan is a validated SendInput.
type plan struct {
	title, body string
	rule        Rule
	recipients  []uint64
	related     []uint64
	uploads     []upload
}

// Send creates an item from senderID and queues a push to each recipient, all in one transaction that also counts
// the item in the sender's sent box and each recipient's todo box. Attachments are stored first and removed again
// when the send fails. The body may be empty: a title can say all an approval needs ("请假 3 天"), and a body
// that sanitises to nothing is stored empty. Errors: invalid (empty or oversized title, oversized body, unknown
// rule, no recipients, more than MaxRecipients after expanding departments, unknown or inactive recipient, the
// sender among RecipientIDs, unknown department, a related item the sender cannot see, an attachment too large,
// too many, of a type not allowed or not of its declared size); nothing is written or kept on error.
func (s *Service) Send(ctx context.Context, senderID uint64, in SendInput) (Item, error) {
	tenant, err := tenancy.MustFrom(ctx)
	if err != nil {
		return Item{}, fmt.Errorf("oa: send: %w", err)
	}
	p, err := s.normalize(ctx, senderID, in)
	if err != nil {
		return Item{}, err
	}
	var keys []string
	if len(p.uploads) > 0 {
		if keys, err = s.storeUploads(ctx, tenant, p.uploads); err != nil {
			return Item{}, err
		}
	}
	now := s.now().UTC()
	item := Item{SenderID: senderID, Title: p.title, Body: p.body, Rule: p.rule, Status: StatusPending, CreatedAt: now, UpdatedAt: now}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&item).Error; err != nil {
			return fmt.Errorf("insert item: %w", err)
		}
		rs := make([]Recipient, len(p.recipients))
		for i, id := range p.recipients {
			rs[i] = Recipient{ItemID: item.ID, RecipientID: id, State: StatePending}
		}
		if err := tx.CreateInBatches(&rs, 500).Error; err != nil {
			return fmt.Errorf("insert recipients: %w", err)
		}
		if len(p.related) > 0 {
			rel := make([]related, len(p.related))
			for i, id := range p.related {
				rel[i] = related{ItemID: item.ID, RelatedID: id}
			}
			if err := tx.Create(&rel).Error; err != nil {
				return fmt.Errorf("insert related: %w", err)
			}
		}
		if len(keys) > 0 {
			as := make([]Attachment, len(keys))
			for i, u := range p.uploads {
				as[i] = Attachment{ItemID: item.ID, Name: u.name, ContentType: u.contentType, Size: u.size, StorageKey: keys[i], CreatedAt: now}
			}
			if err := tx.Create(&as).Error; err != nil {
				return fmt.Errorf("insert attachments: %w", err)
			}
		}
		boxes := boxDeltas{}
		boxes.add(senderID, 0, 1, 0)
		sent := make([]outbox.Entry, len(p.recipients))
		for i, id := range p.recipients {
			pl := outbox.CollabPayload{ItemID: item.ID, ToID: id, EventTime: now.Unix()}
			sent[i] = outbox.Entry{DedupKey: outbox.CollabKey(outbox.KindCollabSent, item.ID, id), Payload: pl}
			boxes.add(id, 1, 0, 0)
		}
		if err := outbox.AddAll(ctx, tx, now, outbox.KindCollabSent, sent); err != nil {
			return err
		}
		return boxes.apply(tx)
	})
	if err != nil {
		if len(keys) > 0 {
			s.deleteFiles(ctx, keys)
		}
		return Item{}, fmt.Errorf("oa: send: %w", err)
	}
	return item, nil
}

// normalize validates in, cheapest checks first, and reads nothing but the first bytes of each attachment.
func (s *Service) normalize(ctx context.Context, senderID uint64, in SendInput) (plan, error) {
	var p plan
	var err error
	if p.title, err = Title(in.Title); err != nil {
		return p, err
	}
	// The raw bound keeps sanitising cheap; the stored bound is on what is kept.
	tooLong := apperr.InvalidField("body", "正文不能超过 %d 字", MaxBodyRunes)
	if utf8.RuneCountInString(in.Body) > 2*MaxBodyRunes {
		return p, tooLong
	}
	if p.body, err = SanitizeBlock(s.policy, "body", "正文", in.Body); err != nil {
		return p, err
	}
	if utf8.RuneCountInString(p.body) > MaxBodyRunes {
		return p, tooLong
	}
	switch in.Rule {
	case "", RuleAll:
		p.rule = RuleAll
	case RuleAny:
		p.rule = RuleAny
	default:
		return p, apperr.InvalidField("rule", "未知的审批规则 %q", in.Rule)
	}
	if p.recipients, err = s.recipients(ctx, senderID, in.RecipientIDs, in.DepartmentIDs); err != nil {
		return p, err
	}
	if p.related, err = s.checkRelated(ctx, senderID, in.RelatedIDs); err != nil {
		return p, err
	}
	if p.uploads, err = s.prepareUploads(in.Attachments); err != nil {
		return p, err
	}
	return p, nil
}

// recipients expands departments to their active members and merges them with the people named: sorted, without
// duplicates and without the sender (who may sit in a chosen department, but may not be named).
func (s *Service) recipients(ctx context.Context, senderID uint64, people, departments []uint64) ([]uint64, error) {
	ids := SortedSet(people)
	depts := SortedSet(departments)
	switch {
	case len(ids) == 0 && len(depts) == 0:
		return nil, apperr.InvalidField("recipientIds", "请选择接收人")
	case len(ids) > MaxRecipients:
		return nil, apperr.InvalidField("recipientIds", "接收人不能超过 %d 个", MaxRecipients)
	case len(depts) > MaxDepartments:
		return nil, apperr.InvalidField("departmentIds", "部门不能超过 %d 个", MaxDepartments)
	case slices.Contains(ids, senderID):
		return nil, apperr.InvalidField("recipientIds", "不能发给自己")
	}
	if len(ids) > 0 {
		active, err := s.dir.ActiveEmployeeIDs(ctx, ids)
		if err != nil {
			return nil, fmt.Errorf("oa: check recipients: %w", err)
		}
		for _, id := range ids {
			if !active[id] {
				return nil, apperr.InvalidField("recipientIds", "接收人 %d 不存在或已停用", id)
			}
		}
	}
	if len(depts) == 0 {
		return ids, nil
	}
	members, err := s.dir.DepartmentMemberIDs(ctx, depts)
	if err != nil {
		return nil, fmt.Errorf("oa: expand departments: %w", err)
	}
	members = slices.DeleteFunc(slices.Clone(members), func(id uint64) bool { return id == senderID })
	all := SortedSet(append(ids, members...))
	switch {
	case len(all) == 0:
		return nil, apperr.InvalidField("departmentIds", "所选部门没有可接收的成员")
	case len(all) > MaxRecipients:
		return nil, apperr.InvalidField("departmentIds",
			"展开部门后接收人超过 %d 个", MaxRecipients)
	}
	return all, nil
}

// checkRelated returns the related ids, de-duplicated, after checking the sender can see each one directly (as
// its sender or a recipient). Errors: invalid (field "relatedIds").
func (s *Service) checkRelated(ctx context.Context, senderID uint64, in []uint64) ([]uint64, error) {
	ids := SortedSet(in)
	if len(ids) == 0 {
		return nil, nil
	}
	if len(ids) > MaxRelated {
		return nil, apperr.InvalidField("relatedIds", "关联协同不能超过 %d 个", MaxRelated)
	}
	db := s.db.WithContext(ctx)
	var sent, received []uint64
	if err := db.Model(&Item{}).Where("id IN ? AND sender_id = ?", ids, senderID).Pluck("id", &sent).Error; err != nil {
		return nil, fmt.Errorf("oa: check related: %w", err)
	}
	if err := db.Model(&Recipient{}).Where("item_id IN ? AND recipient_id = ?", ids, senderID).
		Pluck("item_id", &received).Error; err != nil {
		return nil, fmt.Errorf("oa: check related: %w", err)
	}
	for _, id := range ids {
		if !slices.Contains(sent, id) && !slices.Contains(received, id) {
			return nil, apperr.InvalidField("relatedIds", "关联协同 %d 不存在或无权查看", id)
		}
	}
	return ids, nil
}

// SortedSet returns ids sorted without duplicates, in a new slice.
func SortedSet(ids []uint64) []uint64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
