package discussion

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/outbox"
)

// Limits on replies.
const (
	MaxBodyBytes  = 50_000 // of a topic's sanitised body
	MaxReplyBytes = 20_000 // of a reply's sanitised body; the column is a TEXT
)

// insertBatch bounds the rows of one INSERT of members.
const insertBatch = 500

// Store reads and writes the discussions of the tenant in ctx (tenancy.WithTenant); every method fails with
// internal when ctx has no tenant.
type Store struct {
	db  *gorm.DB
	dir notice.Directory
	now func() time.Time
}

// NewStore returns a Store on db, which must have tenancy.Plugin registered. dir expands audiences (nil for a
// Store that only reads); now defaults to time.Now.
func NewStore(db *gorm.DB, dir notice.Directory, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, dir: dir, now: now}
}

// Start opens a discussion by authorID for an audience. Any employee may start one. The members are the
// audience's people on staff (active or frozen) plus the author; the author is the first participant; each other
// active member gets a push.
// All of it is one transaction.
//
// Errors: invalid (title, body or audience break a rule, an unknown department, nobody active in the audience).
// Nothing is written on error.
func (s *Store) Start(ctx context.Context, authorID uint64, in StartInput) (Discussion, error) {
	var err error
	if in.Title, err = oa.Title(in.Title); err != nil {
		return Discussion{}, err
	}
	if in.Body, err = notice.Body("body", in.Body, true, MaxBodyBytes); err != nil {
		return Discussion{}, err
	}
	if in.Audience, err = in.Audience.Normalize(); err != nil {
		return Discussion{}, err
	}
	people, err := notice.Expand(ctx, s.dir, in.Audience)
	if err != nil {
		return Discussion{}, err
	}
	now := notice.Now(s.now)
	members := make([]Member, 0, len(people.IDs)+1)
	others := make([]uint64, 0, len(people.Active)) // told of the new discussion: the active people but the author
	authorIn := false
	for _, id := range people.IDs {
		m := Member{EmployeeID: id} // not read yet: new to them
		switch {
		case id == authorID:
			authorIn, m.ReadAt = true, &now // they wrote it
		case people.Active[id]:
			others = append(others, id)
		}
		members = append(members, m)
	}
	if !authorIn {
		members = append(members, Member{EmployeeID: authorID, ReadAt: &now})
	}
	d := Discussion{
		AuthorID: authorID, Title: in.Title, Body: in.Body,
		AudienceAll: in.Audience.All, AudienceDepartments: in.Audience.DepartmentIDs,
		MemberCount: len(members), CreatedAt: now,
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&d).Error; err != nil {
			return fmt.Errorf("insert discussion: %w", err)
		}
		for i := range members {
			members[i].DiscussionID = d.ID
		}
		if err := tx.CreateInBatches(&members, insertBatch).Error; err != nil {
			return fmt.Errorf("insert members: %w", err)
		}
		if err := tx.Create(&Participant{DiscussionID: d.ID, EmployeeID: authorID, JoinedAt: now}).Error; err != nil {
			return fmt.Errorf("insert author: %w", err)
		}
		pushes := make([]outbox.Entry, len(others))
		for i, to := range others {
			pushes[i] = outbox.Entry{
				DedupKey: outbox.DiscussionKey(d.ID, to),
				Payload:  outbox.PublishedPayload{ItemID: d.ID, ToID: to, ActorID: authorID, EventTime: now.Unix()},
			}
		}
		return outbox.AddAll(ctx, tx, now, outbox.KindDiscussionPublished, pushes)
	})
	if err != nil {
		return Discussion{}, fmt.Errorf("discussion: start: %w", err)
	}
	return d, nil
}

// Reply adds authorID's reply to discussion id, makes them a participant, marks the discussion read for them (they
// have it in front of them), and queues a push of it to every other participant, in one transaction; the reply returned has its Quote filled when it quotes one. The discussion row
// is locked for it, so two people replying at once each see the other as a participant in the order their replies
// commit, and nobody misses a reply.
//
// Errors: not_found (no such discussion among authorID's), invalid (empty or oversized body; field "quoteId": the
// quoted reply is not an earlier reply of this discussion). Nothing is written on error.
func (s *Store) Reply(ctx context.Context, authorID, id uint64, in ReplyInput) (Reply, error) {
	body, err := notice.Body("body", in.Body, true, MaxReplyBytes)
	if err != nil {
		return Reply{}, err
	}
	now := notice.Now(s.now)
	r := Reply{DiscussionID: id, AuthorID: authorID, Body: body, CreatedAt: now}
	if in.QuoteID != 0 {
		r.QuoteID = &in.QuoteID
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := find(tx.Clauses(clause.Locking{Strength: "UPDATE"}), id); err != nil {
			return err
		}
		if _, err := member(tx, id, authorID); err != nil {
			return err
		}
		if r.QuoteID != nil {
			q, ok, err := findReply(tx, id, *r.QuoteID)
			if err != nil {
				return fmt.Errorf("check quote: %w", err)
			}
			if !ok {
				return apperr.InvalidField("quoteId", "引用的回复不属于本讨论")
			}
			r.Quote = &q
		}
		if err := tx.Create(&r).Error; err != nil {
			return fmt.Errorf("insert reply: %w", err)
		}
		if err := tx.Model(&Discussion{}).Where("id = ?", id).Updates(map[string]any{
			"reply_count": gorm.Expr("reply_count + 1"), "last_reply_at": now,
		}).Error; err != nil {
			return fmt.Errorf("count reply: %w", err)
		}
		// Read up to their own reply, which is the last: it never makes the discussion unread for its author.
		if err := markRead(tx, id, authorID, now, now); err != nil {
			return err
		}
		var others []uint64
		if err := tx.Model(&Participant{}).Where("discussion_id = ? AND employee_id <> ?", id, authorID).
			Order("employee_id").Pluck("employee_id", &others).Error; err != nil {
			return fmt.Errorf("load participants: %w", err)
		}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).
			Create(&Participant{DiscussionID: id, EmployeeID: authorID, JoinedAt: now}).Error; err != nil {
			return fmt.Errorf("join participants: %w", err)
		}
		pushes := make([]outbox.Entry, len(others))
		for i, to := range others {
			pushes[i] = outbox.Entry{
				DedupKey: outbox.ReplyKey(id, r.ID, to),
				Payload:  outbox.PublishedPayload{ItemID: id, ToID: to, ActorID: authorID, ReplyID: r.ID, EventTime: now.Unix()},
			}
		}
		return outbox.AddAll(ctx, tx, now, outbox.KindDiscussionReplied, pushes)
	})
	if err != nil {
		return Reply{}, fmt.Errorf("discussion: reply: %w", err)
	}
	return r, nil
}

// Get returns discussion id if viewerID is a member (in its audience, or its author), with whether it is unread
// for them; anyone else (another tenant included) gets not_found. Reading it marks nothing: MarkReadUpTo does.
func (s *Store) Get(ctx context.Context, viewerID, id uint64) (Discussion, error) {
	db := s.db.WithContext(ctx)
	d, err := find(db, id)
	if err != nil {
		return d, err
	}
	m, err := member(db, id, viewerID)
	if err != nil {
		return Discussion{}, err
	}
	d.Unread = unread(d, m.ReadAt)
	return d, nil
}

// MarkReadUpTo records that employeeID read discussion id with its replies up to upTo: the time of the newest reply
// (or of the discussion) their page showed, so that a reply arriving while the page loaded stays unread. A zero upTo,
// or one after now, means now. A read time is never moved back (another page of theirs may have read further),
// except the far-future default of a membership from before unread counts, which any mark replaces. It returns the
// discussion with whether it is still unread for them. Errors: not_found (not a member).
func (s *Store) MarkReadUpTo(ctx context.Context, employeeID, id uint64, upTo time.Time) (Discussion, error) {
	d, err := s.Get(ctx, employeeID, id)
	if err != nil {
		return Discussion{}, err
	}
	now := notice.Now(s.now)
	at := now
	if !upTo.IsZero() && upTo.Before(now) {
		at = upTo.UTC().Truncate(time.Microsecond)
	}
	db := s.db.WithContext(ctx)
	if err := markRead(db, id, employeeID, at, now); err != nil {
		return Discussion{}, fmt.Errorf("discussion: %w", err)
	}
	m, err := member(db, id, employeeID)
	if err != nil {
		return Discussion{}, err
	}
	d.Unread = unread(d, m.ReadAt)
	return d, nil
}

// markRead sets employeeID's read time of discussion id to at, unless they have read it later than at already (a
// read time after now is the default of a membership from before unread counts: it is replaced).
func markRead(db *gorm.DB, id, employeeID uint64, at, now time.Time) error {
	if err := db.Model(&Member{}).Where("discussion_id = ? AND employee_id = ?", id, employeeID).
		Where("read_at IS NULL OR read_at < ? OR read_at > ?", at, now).
		Update("read_at", at).Error; err != nil {
		return fmt.Errorf("mark read: %w", err)
	}
	return nil
}

// UnreadCount returns how many of employeeID's discussions are unread for them: new to them, or replied to by
// someone else since they read it. One walk of their memberships (ix_discussion_members_list), a discussion read
// by primary key only for a membership read before. Written as EXISTS rather than a join: with a join MariaDB
// 10.11 chose to scan the discussions table (its key is id alone, not the tenant's) and look each membership up,
// measured with a person in 2,000 discussions; EXISTS keeps the walk on the person's own rows.
func (s *Store) UnreadCount(ctx context.Context, employeeID uint64) (int, error) {
	var n int64
	// The tenancy plugin scopes discussion_members only, so the subquery names the tenant itself.
	err := s.db.WithContext(ctx).Model(&Member{}).
		Where("discussion_members.employee_id = ?", employeeID).
		Where("discussion_members.read_at IS NULL OR EXISTS (SELECT 1 FROM discussions" +
			" WHERE discussions.tenant_id = discussion_members.tenant_id AND discussions.id = discussion_members.discussion_id" +
			" AND discussions.last_reply_at > discussion_members.read_at)").
		Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("discussion: unread count: %w", err)
	}
	return int(n), nil
}

// Participants returns who is told of discussion id's replies (its author and everyone who replied), by id, if
// viewerID is a member. Errors: not_found.
func (s *Store) Participants(ctx context.Context, viewerID, id uint64) ([]uint64, error) {
	if _, err := s.Get(ctx, viewerID, id); err != nil {
		return nil, err
	}
	var ids []uint64
	if err := s.db.WithContext(ctx).Model(&Participant{}).Where("discussion_id = ?", id).
		Order("employee_id").Pluck("employee_id", &ids).Error; err != nil {
		return nil, fmt.Errorf("discussion: participants: %w", err)
	}
	return ids, nil
}

// Lookup returns discussion id of the tenant in ctx without a viewer check, for system work such as rendering a
// push. Errors: not_found.
func (s *Store) Lookup(ctx context.Context, id uint64) (Discussion, error) {
	return find(s.db.WithContext(ctx), id)
}

func find(db *gorm.DB, id uint64) (Discussion, error) {
	var d Discussion
	if err := db.First(&d, id).Error; err != nil {
		return d, database.NotFoundOr(err, notFound(id).Msg, "discussion: load")
	}
	return d, nil
}

// member is employeeID's membership of discussion id; not_found when they are not a member.
func member(db *gorm.DB, id, employeeID uint64) (Member, error) {
	var m Member
	err := db.Where("discussion_id = ? AND employee_id = ?", id, employeeID).Take(&m).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return m, notFound(id)
	case err != nil:
		return m, fmt.Errorf("discussion: check member: %w", err)
	}
	return m, nil
}

func notFound(id uint64) *apperr.Error {
	return apperr.E(apperr.NotFound, "讨论不存在")
}

// LookupReply returns reply replyID of discussion discussionID of the tenant in ctx without a viewer check, for
// system work such as rendering a push. A reply that is gone (or of another discussion) is ok == false with a nil
// error.
func (s *Store) LookupReply(ctx context.Context, discussionID, replyID uint64) (r Reply, ok bool, err error) {
	if r, ok, err = findReply(s.db.WithContext(ctx), discussionID, replyID); err != nil {
		return Reply{}, false, fmt.Errorf("discussion: lookup reply: %w", err)
	}
	return r, ok, nil
}

// findReply loads reply replyID if it belongs to discussion discussionID; ok is false, with a nil error, when it
// does not (gone, or of another discussion), so callers decide what a missing reply means.
func findReply(db *gorm.DB, discussionID, replyID uint64) (r Reply, ok bool, err error) {
	// Find, not Take: a missing reply is an answer, not an error.
	res := db.Where("id = ? AND discussion_id = ?", replyID, discussionID).Limit(1).Find(&r)
	if res.Error != nil {
		return Reply{}, false, res.Error
	}
	return r, res.RowsAffected > 0, nil
}
