package callbacks

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// MaxEventBody bounds a POSTed envelope. WeCom's events are a few KiB (a member with every field and custom
// attributes stays under 8 KiB); a larger body is refused before it is parsed.
const MaxEventBody = 64 << 10

// MaxClockSkew is how far a request's signed timestamp may be from our clock. WeCom's three tries of one event
// repeat its timestamp within seconds; a request older than this is a replay (a recent one finds its inbox row and
// is acknowledged without being processed again).
const MaxClockSkew = 15 * time.Minute

// The intake's refusals. Each comes wrapped in an *apperr.Error (not_found, invalid or forbidden) and nothing was
// processed or stored; test with errors.Is. The HTTP edge answers them with a 4xx, so WeCom does not retry.
var (
	// ErrUnknownReceiver: no tenant with that slug, no WeCom binding, or no receiver of that name (404).
	ErrUnknownReceiver = errors.New("callbacks: unknown receiver")
	// ErrMalformed: a missing or malformed query parameter, an envelope or event that does not parse (400).
	ErrMalformed = errors.New("callbacks: malformed request")
	// ErrTooLarge: a body over MaxEventBody (413).
	ErrTooLarge = errors.New("callbacks: body too large")
	// ErrSignature: msg_signature does not match the receiver's Token (403).
	ErrSignature = errors.New("callbacks: bad signature")
	// ErrWrongCorp: the event was encrypted for, or names, another corp than the tenant's (403).
	ErrWrongCorp = errors.New("callbacks: wrong corp")
	// ErrStale: the signed timestamp is more than MaxClockSkew from now, a replayed request (403).
	ErrStale = errors.New("callbacks: stale timestamp")
)

// refuse wraps cause (one of the Err* above) and detail in the apperr error the caller sees.
func refuse(cause, detail error) error {
	var code apperr.Code
	var msg string
	switch cause {
	case ErrUnknownReceiver:
		code, msg = apperr.NotFound, "回调地址不存在"
	case ErrMalformed:
		code, msg = apperr.Invalid, "回调请求格式错误"
	case ErrTooLarge:
		code, msg = apperr.Invalid, fmt.Sprintf("回调请求超过 %d KB", MaxEventBody>>10)
	case ErrSignature:
		code, msg = apperr.Forbidden, "回调签名校验失败，请检查 Token 与 EncodingAESKey"
	case ErrWrongCorp:
		code, msg = apperr.Forbidden, "回调消息不属于本企业（企业 ID 不符）"
	case ErrStale:
		code, msg = apperr.Forbidden, "回调请求的时间戳已过期"
	default:
		return apperr.Wrap(cause, apperr.Internal, "callback intake")
	}
	err := cause
	if detail != nil {
		err = fmt.Errorf("%w: %v", cause, detail)
	}
	return apperr.Wrap(err, code, "%s", msg)
}

// Signed is the signature WeCom puts in a callback URL's query: msg_signature, timestamp and nonce.
type Signed struct {
	Signature, Timestamp, Nonce string
}

// check refuses a missing part and a timestamp that is not within MaxClockSkew of now.
func (q Signed) check(now time.Time) error {
	if q.Signature == "" || q.Timestamp == "" || q.Nonce == "" || len(q.Timestamp) > 20 || len(q.Nonce) > 64 ||
		len(q.Signature) > 64 {
		return refuse(ErrMalformed, errors.New("msg_signature, timestamp and nonce are required"))
	}
	ts, err := strconv.ParseInt(q.Timestamp, 10, 64)
	if err != nil {
		return refuse(ErrMalformed, fmt.Errorf("timestamp %q", q.Timestamp))
	}
	if d := now.Sub(time.Unix(ts, 0)); d > MaxClockSkew || d < -MaxClockSkew {
		return refuse(ErrStale, fmt.Errorf("timestamp %d is %s from now", ts, d.Round(time.Second)))
	}
	return nil
}

// Verify answers WeCom's URL verification (a GET with echostr) of receiver name of tenant slug: it checks the
// signature over echostr and returns the decrypted echostr, which the caller writes back exactly, and records the
// receiver verified. Refusals are the Err* above.
func (s *Service) Verify(ctx context.Context, slug, name string, q Signed, echostr string) ([]byte, error) {
	if echostr == "" || len(echostr) > 1024 {
		return nil, refuse(ErrMalformed, errors.New("echostr is required"))
	}
	if err := q.check(s.Now()); err != nil {
		return nil, err
	}
	t, err := s.target(ctx, slug, name, true) // an admin verifies right after changing the keys
	if err != nil {
		return nil, err
	}
	plain, err := t.crypter.VerifyURL(q.Signature, q.Timestamp, q.Nonce, echostr)
	if err != nil {
		return nil, cryptoRefusal(err)
	}
	if err := s.Tenants.MarkReceiverVerified(tenancy.WithTenant(ctx, t.TenantID), name, s.Now()); err != nil {
		return nil, apperr.OrInternal(err, "mark receiver verified")
	}
	return plain, nil
}

// cryptoRefusal maps wxcrypt's errors to the intake's refusals.
func cryptoRefusal(err error) error {
	switch {
	case errors.Is(err, wxcrypt.ErrSignature):
		return refuse(ErrSignature, nil)
	case errors.Is(err, wxcrypt.ErrReceiveID):
		return refuse(ErrWrongCorp, nil)
	default:
		return refuse(ErrMalformed, err)
	}
}

// Receipt is what Receive did with an event.
type Receipt struct {
	ID        uint64 // the inbox row
	Duplicate bool   // the event was in the inbox already (a retry or a replay): nothing was written
}

// Receive takes in an event WeCom posted to receiver name of tenant slug: it checks the signature (constant time)
// before anything else is done with the body, decrypts it, checks that it is the tenant's corp's, and writes it to
// the inbox with the outbox row that has it processed, in one transaction. An event already in the inbox (the same
// decrypted content) is acknowledged as a duplicate. Refusals are the Err* above; an internal error (the database
// away) should be answered so that WeCom tries again.
func (s *Service) Receive(ctx context.Context, slug, name string, q Signed, body []byte) (Receipt, error) {
	if len(body) > MaxEventBody {
		return Receipt{}, refuse(ErrTooLarge, fmt.Errorf("%d bytes", len(body)))
	}
	now := s.Now()
	if err := q.check(now); err != nil {
		return Receipt{}, err
	}
	t, err := s.target(ctx, slug, name, false)
	if err != nil {
		return Receipt{}, err
	}
	plain, err := t.crypter.DecryptMsg(q.Signature, q.Timestamp, q.Nonce, body)
	if errors.Is(err, wxcrypt.ErrSignature) && now.Sub(t.loaded) > time.Second {
		// The keys may have changed since they were cached: load them again before refusing.
		if t, err = s.target(ctx, slug, name, true); err != nil {
			return Receipt{}, err
		}
		plain, err = t.crypter.DecryptMsg(q.Signature, q.Timestamp, q.Nonce, body)
	}
	if err != nil {
		return Receipt{}, cryptoRefusal(err)
	}
	env, err := wxcrypt.ParseEnvelope(body) // parsed once already by DecryptMsg, which keeps it to itself
	if err != nil {
		return Receipt{}, refuse(ErrMalformed, err)
	}
	if env.ToUserName != "" && env.ToUserName != t.CorpID {
		return Receipt{}, refuse(ErrWrongCorp, fmt.Errorf("envelope ToUserName %q", env.ToUserName))
	}
	ev, err := wxcrypt.ParseEvent(plain)
	if err != nil {
		return Receipt{}, refuse(ErrMalformed, err)
	}
	if ev.ToUserName != t.CorpID {
		return Receipt{}, refuse(ErrWrongCorp, fmt.Errorf("event ToUserName %q", ev.ToUserName))
	}
	if ev.MsgType == "" || len(ev.MsgType) > 32 || len(ev.Event) > 64 || len(ev.ChangeType) > 64 {
		return Receipt{}, refuse(ErrMalformed, errors.New("MsgType, Event or ChangeType missing or too long"))
	}
	return s.store(tenancy.WithTenant(ctx, t.TenantID), name, plain, ev, now)
}

// readCommitted is the intake's isolation: its transaction reads without locking and only inserts, and under
// READ COMMITTED InnoDB takes no gap locks beyond the duplicate checks, so concurrent intakes do not wait for each
// other.
var readCommitted = &sql.TxOptions{Isolation: sql.LevelReadCommitted}

// store writes the event to the inbox of the tenant in ctx and, when it is new, its outbox row, in one transaction
// shared with the other events of the tenant arriving meanwhile (commitGroup).
func (s *Service) store(ctx context.Context, receiver string, plain []byte, ev wxcrypt.Event, now time.Time) (Receipt, error) {
	sum := sha256.Sum256(plain)
	now = now.UTC()
	row := Event{Receiver: receiver, ContentHash: sum[:], AgentID: ev.AgentID, MsgType: ev.MsgType, Event: ev.Event,
		ChangeType: ev.ChangeType, Body: string(plain), Status: StatusReceived, ReceivedAt: now, UpdatedAt: now}
	return s.commit(ctx, row)
}

// storeOne writes one event and its outbox row in a transaction of its own.
func (s *Service) storeOne(ctx context.Context, row Event) (Receipt, error) {
	var r Receipt
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Create(&row).Error
		if database.IsDuplicate(err) {
			// InnoDB rolls back only the refused statement; the transaction goes on.
			r.Duplicate = true
			return tx.Model(&Event{}).Select("id").Where("content_hash = ?", row.ContentHash).Scan(&r.ID).Error
		}
		if err != nil {
			return fmt.Errorf("insert inbox row: %w", err)
		}
		r.ID = row.ID
		return outbox.Insert(ctx, tx, row.ReceivedAt, processing(row.ID))
	}, readCommitted)
	if err != nil {
		return Receipt{}, apperr.Wrap(err, apperr.Internal, "store callback event")
	}
	return r, nil
}

// processing is the outbox message that has inbox row id processed.
func processing(id uint64) outbox.NewMessage {
	return outbox.NewMessage{Kind: outbox.KindWeComEvent, DedupKey: outbox.WeComEventKey(id, 0),
		Payload: outbox.WeComEventPayload{InboxID: id}}
}
