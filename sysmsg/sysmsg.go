// Package sysmsg posts the messages PB and CRM send employees (seed 000 §3.2.2: they reach WeChat only through
// messages): it sorts the recipients by the WeChat gate, writes one outbox row per accepted employee and keeps a
// record of every messageId (which message it names, who was told), which makes the system API idempotent for
// Retention, whatever the outbox's own retention.
package sysmsg

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
)

// Reasons of a refused account: the reason of directory.WeChatAccess's refusal (directory.GateReason), as the
// sso page hears it too. A resigned or frozen employee is not refused but unknown.
const (
	RefusedNoRole    = directory.GateNoSystemRole     // none of the account's roles grants the system
	RefusedNoWeChat  = directory.GateWeChatNotAllowed // the roles granting it have allowWeChat off
	RefusedDisabled  = directory.GateSystemDisabled   // the tenant disabled the system meanwhile
	RefusedForbidden = "forbidden"                    // any other refusal of the gate
)

// ErrNoRecipients is Post's answer when none of the accounts is an active employee of the tenant: nothing is
// written.
var ErrNoRecipients = &apperr.Error{Code: apperr.NotFound, Field: "accounts",
	Msg: "没有一个账号是本企业的在职员工"}

// ErrMessageIDReused is Post's answer when the system already posted another message (another title, content or
// url) under the same messageId: nothing is written. Before it, such a reuse answered 202 and the dedup keys
// dropped the new message silently.
var ErrMessageIDReused = &apperr.Error{Code: apperr.Conflict, Field: "messageId",
	Msg: "messageId 已用于另一条消息，新消息请换一个 messageId"}

// Directory is what the service needs from the directory; *directory.Store implements it.
type Directory interface {
	EmployeeIDsByLogin(ctx context.Context, logins []string) (map[string]uint64, error)
	ContactsByLogin(ctx context.Context, logins []string) (map[string]directory.Contact, error)
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
// system, or an active customer's or supplier's contact, whose message is kept whole: contacts.go), unknown (no such login, or not an active employee) and refused, and writes one outbox row per accepted
// employee not yet told, all in one transaction with the messageId's record.
//
// msg.ID names one message, its title, content and url; the recipients are not part of it. The first call answered
// 202 records it (system_messages) with the employees told (system_message_recipients), and that record, not the
// outbox, is what later calls are checked against, so it holds after retention deleted the outbox rows. An employee
// gets the message at most once, so a retry writes nothing new and answers alike, and a retry for a subset or a
// superset of the recipients writes rows only for the employees not yet told: a system may send one message to a
// large audience in several calls, and an identical retry may find the directory changed (someone now allowed on
// WeChat) and must not fail for it. Reusing msg.ID with another title, content or url is ErrMessageIDReused, whoever
// the recipients are. The outbox's dedup key (outbox.SystemMessageKey) stays a second guard. Concurrent posts of
// one messageId take turns on its record; posts of different messageIds do not wait for each other. The record
// lives for Retention.
//
// It returns invalid (with the field) when msg breaks a rule of Normalize, ErrNoRecipients when no login is
// accepted or refused, ErrMessageIDReused (conflict), and internal otherwise; nothing is written on any error.
func (s *Service) Post(ctx context.Context, system string, msg Message) (Result, error) {
	msg, err := msg.Normalize()
	if err != nil {
		return Result{}, err
	}
	// Truncated as a DATETIME(6) stores it: claim recognises the record it created by its created_at.
	now := s.now().UTC().Truncate(time.Microsecond)
	res, ids, contacts, err := s.resolve(ctx, system, msg)
	if err != nil {
		return res, err
	}
	if len(res.Accepted) == 0 && len(res.Refused) == 0 {
		return res, ErrNoRecipients
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		rec, err := claim(ctx, tx, now, system, msg)
		if err != nil {
			return err
		}
		fresh, err := untold(ctx, tx, rec.ID, ids)
		if err != nil {
			return err
		}
		if err := addRecipients(ctx, tx, rec.ID, fresh); err != nil {
			return err
		}
		entries := make([]outbox.Entry, len(fresh))
		for i, id := range fresh {
			entries[i] = outbox.Entry{
				DedupKey: outbox.SystemMessageKey(system, msg.ID, id),
				Payload: outbox.SystemPayload{System: system, MessageID: msg.ID, Title: msg.Title, Content: msg.Content,
					URL: msg.URL, ToID: id, EventTime: now.Unix()},
			}
		}
		if err := outbox.AddAll(ctx, tx, now, outbox.KindSystemMessage, entries); err != nil {
			return err
		}
		return tellContacts(ctx, tx, now, rec.ID, system, msg, contacts)
	})
	if errors.Is(err, ErrMessageIDReused) {
		return res, err
	}
	if err != nil {
		return res, apperr.Wrap(err, apperr.Internal, "write system message")
	}
	return res, nil
}

// resolve sorts the logins and returns the accepted employees' ids and the accepted contacts' account ids, in
// request order. It returns internal only.
func (s *Service) resolve(ctx context.Context, code string, msg Message) (Result, []uint64, []uint64, error) {
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
		return res, nil, nil, apperr.Wrap(err, apperr.Internal, "look up accounts")
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
		return res, nil, nil, apperr.OrInternal(fmt.Errorf("wechat access: %w", err), "check wechat access")
	}
	var others []string
	for _, l := range valid {
		if _, ok := byLogin[l]; !ok {
			others = append(others, l)
		}
	}
	contactOf, err := s.contactsOf(ctx, others)
	if err != nil {
		return res, nil, nil, err
	}
	var accepted, contacts []uint64
	for _, l := range logins {
		if id, ok := contactOf[l]; ok {
			// A contact has no system role: the message is theirs to read whatever the gate says of staff.
			res.Accepted = append(res.Accepted, l)
			contacts = append(contacts, id)
			continue
		}
		id, ok := byLogin[l]
		refusal, known := access[id]
		if r := directory.GateReason(refusal); !ok || !known || r == directory.GateResigned || r == directory.GateFrozen {
			res.Unknown = append(res.Unknown, l)
			continue
		}
		if refusal != nil {
			res.Refused = append(res.Refused, Refusal{Account: l, Reason: refusalReason(refusal)})
			continue
		}
		res.Accepted = append(res.Accepted, l)
		accepted = append(accepted, id)
	}
	return res, accepted, contacts, nil
}

// refusalReason is the reason code of a refusal of WeChatAccess.
func refusalReason(err error) string {
	if r := directory.GateReason(err); r != "" {
		return r
	}
	return RefusedForbidden
}
