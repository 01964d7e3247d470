package notice

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
)

// insertBatch bounds the rows of one INSERT of receipts: an audience of all staff can be thousands of people.
const insertBatch = 500

// Store reads and writes the notices and news of the tenant in ctx (tenancy.WithTenant); every method fails with
// internal when ctx has no tenant.
type Store struct {
	db  *gorm.DB
	dir Directory
	now func() time.Time
}

// NewStore returns a Store on db, which must have tenancy.Plugin registered. dir expands audiences (it may be nil
// for a Store that only reads, such as the push renderer's); now defaults to time.Now.
func NewStore(db *gorm.DB, dir Directory, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, dir: dir, now: now}
}

// Publish publishes a notice or news item as actorID, whose role is role: it expands the audience to its members
// on staff (active or frozen), writes one receipt per member and queues a push to each active one (the publisher
// excepted), all in one transaction. The publisher's own receipt, when they are in the audience, is already read: they wrote it.
//
// Errors: forbidden (role is not admin), invalid (unknown kind, missing or oversized title or body, a bad audience,
// an unknown department, nobody active in the audience). Nothing is written on error.
func (s *Store) Publish(ctx context.Context, actorID uint64, role directory.Role, in PublishInput) (Notice, error) {
	if !role.AtLeast(directory.RoleAdmin) {
		return Notice{}, apperr.E(apperr.Forbidden, "只有管理员可以发布公告和新闻")
	}
	in, err := normalize(in)
	if err != nil {
		return Notice{}, err
	}
	people, err := Expand(ctx, s.dir, in.Audience)
	if err != nil {
		return Notice{}, err
	}
	now := Now(s.now)
	n := Notice{
		Kind: in.Kind, PublisherID: actorID, Title: in.Title, Body: in.Body,
		AudienceAll: in.Audience.All, AudienceDepartments: in.Audience.DepartmentIDs,
		RecipientCount: len(people.IDs), PublishedAt: now,
	}
	kind := outbox.KindNoticePublished
	if in.Kind == KindNews {
		kind = outbox.KindNewsPublished
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&n).Error; err != nil {
			return fmt.Errorf("insert notice: %w", err)
		}
		rs := make([]Receipt, len(people.IDs))
		pushes := make([]outbox.Entry, 0, len(people.Active))
		for i, id := range people.IDs {
			rs[i] = Receipt{NoticeID: n.ID, EmployeeID: id, Kind: n.Kind}
			if id == actorID {
				rs[i].ReadAt = &now
				continue
			}
			if !people.Active[id] {
				continue
			}
			pushes = append(pushes, outbox.Entry{
				DedupKey: outbox.NoticeKey(n.ID, id),
				Payload:  outbox.PublishedPayload{ItemID: n.ID, ToID: id, ActorID: actorID, EventTime: now.Unix()},
			})
		}
		if err := tx.CreateInBatches(&rs, insertBatch).Error; err != nil {
			return fmt.Errorf("insert receipts: %w", err)
		}
		return outbox.AddAll(ctx, tx, now, kind, pushes)
	})
	if err != nil {
		return Notice{}, errf("publish", err)
	}
	return n, nil
}

// normalize checks a PublishInput and returns it cleaned: trimmed title, sanitised body, normalized audience.
func normalize(in PublishInput) (PublishInput, error) {
	if !in.Kind.Valid() {
		return in, apperr.InvalidField("kind", "未知的类型 %q", in.Kind)
	}
	var err error
	if in.Title, err = oa.Title(in.Title); err != nil {
		return in, err
	}
	if in.Body, err = Body("body", in.Body, true, MaxBodyBytes); err != nil {
		return in, err
	}
	if in.Audience, err = in.Audience.Normalize(); err != nil {
		return in, err
	}
	return in, nil
}
