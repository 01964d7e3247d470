// Package sysmsg posts the messages PB and CRM send employees (seed 000 §3.2.2: they reach WeChat only through
// messages): it sorts the recipients by the WeChat gate and writes one outbox row per accepted employee.
package sysmsg

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
)

// Reasons of a refused account: the cause of directory.WeChatAccess's refusal.
const (
	RefusedNoRole    = "no_system_role"     // none of the account's roles grants the system
	RefusedNoWeChat  = "wechat_not_allowed" // the roles granting it have allowWeChat off
	RefusedDisabled  = "system_disabled"    // the tenant disabled the system meanwhile
	RefusedForbidden = "forbidden"          // any other refusal of the gate
)

// ErrNoRecipients is Post's answer when none of the accounts is an active employee of the tenant: nothing is
// written.
var ErrNoRecipients = &apperr.Error{Code: apperr.NotFound, Field: "accounts",
	Msg: "没有一个账号是本企业的在职员工 / none of the accounts is an active employee of this tenant"}

// ErrMessageIDReused is Post's answer when the system already posted another message (another title, content or
// url) under the same messageId: nothing is written. Before it, such a reuse answered 202 and the dedup keys
// dropped the new message silently.
var ErrMessageIDReused = &apperr.Error{Code: apperr.Conflict, Field: "messageId",
	Msg: "messageId 已用于另一条消息，新消息请换一个 messageId / messageId was already used for another message; use a new messageId for a new message"}

// Directory is what the service needs from the directory; *directory.Store implements it.
type Directory interface {
	EmployeeIDsByLogin(ctx context.Context, logins []string) (map[string]uint64, error)
	WeChatAccessMany(ctx context.Context, employeeIDs []uint64, system string) (map[uint64]error, error)
}

// Message is one system message as the system sent it; Post checks it with Normalize. ID is the caller's
// idempotency key.
type Message struct {
	ID       string
	Accounts []string // logins
	Title    string
	Content  string
	URL      string
}

// Refusal is an account the WeChat gate refused, with a reason code (Refused*).
type Refusal struct {
	Account string `json:"account"`
	Reason  string `json:"reason"`
}

// Result sorts the message's logins; each is in exactly one list, in request order.
type Result struct {
	Accepted []string  `json:"accepted"`
	Unknown  []string  `json:"unknown"`
	Refused  []Refusal `json:"refused"`
}

// Service posts system messages.
type Service struct {
	dir Directory
	db  *gorm.DB // with the tenancy plugin: the outbox transaction
	now func() time.Time
}

// NewService returns a service over the directory and the database (with the tenancy plugin).
func NewService(dir Directory, db *gorm.DB) *Service {
	return &Service{dir: dir, db: db, now: time.Now}
}

// Post sorts msg's logins into accepted (an active employee of the context's tenant whom the WeChat gate lets use
// system), unknown (no such login, or not an active employee) and refused, and writes one outbox row per accepted
// employee, all in one transaction.
//
// msg.ID names one message, its title, content and url; the recipients are not part of it. An employee gets the
// message at most once (the dedup key is outbox.SystemMessageKey), so a retry writes nothing new and answers
// alike, and a retry for a subset or a superset of the recipients writes rows only for the employees not yet
// told: a system may send one message to a large audience in several calls, and an identical retry may find
// the directory changed (someone now allowed on WeChat) and must not fail for it. Reusing msg.ID with another
// title, content or url is ErrMessageIDReused, whoever the recipients are.
//
// It returns invalid (with the field) when msg breaks a rule of Normalize, ErrNoRecipients when no login is
// accepted or refused, ErrMessageIDReused (conflict), and internal otherwise; nothing is written on any error.
func (s *Service) Post(ctx context.Context, system string, msg Message) (Result, error) {
	msg, err := msg.Normalize()
	if err != nil {
		return Result{}, err
	}
	now := s.now().UTC()
	res, entries, err := s.resolve(ctx, now, system, msg)
	if err != nil {
		return res, err
	}
	if len(res.Accepted) == 0 && len(res.Refused) == 0 {
		return res, ErrNoRecipients
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := checkMessageID(ctx, tx, system, msg); err != nil {
			return err
		}
		return outbox.AddAll(ctx, tx, now, outbox.KindSystemMessage, entries)
	})
	if errors.Is(err, ErrMessageIDReused) {
		return res, err
	}
	if err != nil {
		return res, apperr.Wrap(err, apperr.Internal, "write outbox")
	}
	return res, nil
}

// checkMessageID returns ErrMessageIDReused when an outbox row of system's msg.ID holds another message. It
// first locks the system's row for the rest of tx: the check reads rows that a concurrent post of the same
// messageId for other employees would add under other keys, which the unique key cannot see, so two posts of
// one system in one tenant take turns; the lock is held only for one check and one insert.
func checkMessageID(ctx context.Context, tx *gorm.DB, system string, msg Message) error {
	tx = tx.WithContext(ctx)
	var sys directory.System
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Select("code").Where("code = ?", system).Take(&sys).Error; err != nil {
		return fmt.Errorf("lock system %s: %w", system, err)
	}
	// Every key of the message is the prefix then the employee's id, digits only; a tail with a colon belongs to
	// a longer messageId that starts alike ("order-9:to:5"). The prefix comes from SystemMessageKey itself, so the
	// two cannot drift apart. Any row will do: since this check exists, all rows of a messageId hold one message.
	// No ORDER BY, which could make the optimiser walk the primary key instead of uq_outbox_dedup's range.
	prefix := database.EscapeLike(strings.TrimSuffix(outbox.SystemMessageKey(system, msg.ID, 0), "0"))
	var rows []outbox.Message
	err := tx.Select("payload").
		Where("kind = ? AND dedup_key LIKE ? ESCAPE '!' AND dedup_key NOT LIKE ? ESCAPE '!'",
			outbox.KindSystemMessage, prefix+"%", prefix+"%:%").
		Limit(1).Find(&rows).Error
	if err != nil {
		return fmt.Errorf("find message %s: %w", msg.ID, err)
	}
	if len(rows) == 0 {
		return nil
	}
	var p outbox.SystemPayload
	if err := json.Unmarshal([]byte(rows[0].Payload), &p); err != nil {
		return fmt.Errorf("decode message %s: %w", msg.ID, err)
	}
	if p.Title != msg.Title || p.Content != msg.Content || p.URL != msg.URL {
		return ErrMessageIDReused
	}
	return nil
}

// resolve sorts the logins and returns one outbox entry per accepted employee. It returns internal only.
func (s *Service) resolve(ctx context.Context, now time.Time, code string, msg Message) (Result, []outbox.Entry, error) {
	res := Result{Accepted: []string{}, Unknown: []string{}, Refused: []Refusal{}}
	var logins, valid []string
	for _, l := range msg.Accounts {
		l = strings.TrimSpace(l)
		if slices.Contains(logins, l) {
			continue
		}
		logins = append(logins, l)
		if directory.ValidLogin(l) {
			valid = append(valid, l)
		}
	}
	byLogin, err := s.dir.EmployeeIDsByLogin(ctx, valid)
	if err != nil {
		return res, nil, apperr.Wrap(err, apperr.Internal, "look up accounts")
	}
	ids := make([]uint64, 0, len(byLogin))
	for _, l := range logins {
		if id, ok := byLogin[l]; ok {
			ids = append(ids, id)
		}
	}
	// WeChatAccessMany loads the employees: an unknown id is missing, an inactive one is refused as resigned or
	// frozen, and both are unknown here.
	access, err := s.dir.WeChatAccessMany(ctx, ids, code)
	if err != nil {
		return res, nil, apperr.OrInternal(fmt.Errorf("wechat access: %w", err), "check wechat access")
	}
	var entries []outbox.Entry
	for _, l := range logins {
		id, ok := byLogin[l]
		refusal, known := access[id]
		if !ok || !known || errors.Is(refusal, directory.ErrResigned) || errors.Is(refusal, directory.ErrFrozen) {
			res.Unknown = append(res.Unknown, l)
			continue
		}
		if refusal != nil {
			res.Refused = append(res.Refused, Refusal{Account: l, Reason: refusalReason(refusal)})
			continue
		}
		res.Accepted = append(res.Accepted, l)
		entries = append(entries, outbox.Entry{
			DedupKey: outbox.SystemMessageKey(code, msg.ID, id),
			Payload: outbox.SystemPayload{System: code, MessageID: msg.ID, Title: msg.Title, Content: msg.Content,
				URL: msg.URL, ToID: id, EventTime: now.Unix()},
		})
	}
	return res, entries, nil
}

// refusalReason is the reason code of a refusal of WeChatAccess.
func refusalReason(err error) string {
	switch {
	case errors.Is(err, directory.ErrWeChatNotAllowed):
		return RefusedNoWeChat
	case errors.Is(err, directory.ErrNoSystemRole):
		return RefusedNoRole
	case errors.Is(err, directory.ErrSystemDisabled):
		return RefusedDisabled
	}
	return RefusedForbidden
}
