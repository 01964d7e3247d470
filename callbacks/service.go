package callbacks

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/contactsync"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wecom"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// Tenants is what the service needs of tenants.Store: a receiver's keys for the intake (before any tenant is
// known), recording its verification, and the credentials of the WeCom calls processing makes.
type Tenants interface {
	Receiver(ctx context.Context, slug, name string) (tenants.IntakeTarget, error)
	MarkReceiverVerified(ctx context.Context, name string, now time.Time) error
	Credentials(ctx context.Context, cred tenants.Credential) (wecom.App, error)
}

// WeCom is the part of the WeCom client processing calls (wecom.Client has it).
type WeCom interface {
	GetExternalContact(ctx context.Context, app wecom.App, externalUserID, cursor string) (wecom.ExternalContactDetail, error)
	BatchGetExternalContacts(ctx context.Context, app wecom.App, userIDs []string, cursor string, limit int) (wecom.ExternalContactBatch, error)
	ListFollowUsers(ctx context.Context, app wecom.App) ([]string, error)
}

// Deps are what a Service works with.
type Deps struct {
	DB        *gorm.DB // with the tenancy plugin registered
	Tenants   Tenants
	Directory *directory.Store
	Outbox    *outbox.Store
	WeCom     WeCom
	// Contacts is the contact sync's side of WeCom's contact events; nil keeps them for later.
	Contacts ContactEvents
	// MPTenants finds the service accounts for their event intake and processing, and Templates records template
	// messages' job-finish events; nil takes no service-account events.
	MPTenants MPTenants
	Templates TemplateJobs
	// QRScans records a WeChat that scanned a binding QR code; nil takes such scans as plain follows.
	QRScans QRScans
	// Cards takes taps on interactive cards' buttons; nil ignores them.
	Cards CardTaps
	Log   *slog.Logger     // default: discard
	Now   func() time.Time // default: time.Now
}

// CardTaps takes taps on interactive cards' buttons (push.Service has it): userID tapped button key of the card
// named task at time at, and WeCom gave code for changing that card. It returns what became of the tap; an apperr refusal
// (not_found, conflict, forbidden, invalid) says why it changed nothing, any other error may be retried.
type CardTaps interface {
	CardTapped(ctx context.Context, userID, task, key, code string, at time.Time) (string, error)
}

// ContactEvents is what the contact sync (package contactsync) does with WeCom's contact events.
type ContactEvents interface {
	// JobFinished records a batch job's batch_job_result; it reports whether a sync was waiting for it.
	JobFinished(ctx context.Context, jobID string) (bool, error)
	// ContactChanged applies a member's or a department's change in WeCom to the directory.
	ContactChanged(ctx context.Context, ev wxcrypt.Event) (contactsync.Outcome, error)
}

// Service takes WeCom's events in (Verify, Receive), processes them from the queue (Process, Replay) and pulls the
// external contacts on demand (PullExternalContacts). It is safe for concurrent use.
type Service struct {
	Deps
	db *gorm.DB

	mu      sync.Mutex
	targets map[string]target           // receivers by slug and name, for the intake
	groups  map[tenancy.ID]*commitGroup // the intake's group commits, per tenant
}

// target is a receiver as the intake checks against it, cached for targetTTL.
type target struct {
	tenants.IntakeTarget
	crypter *wxcrypt.Crypter
	loaded  time.Time
}

// targetTTL is how long the intake trusts a receiver it loaded. A POST whose signature does not match a cached
// receiver loads it again before refusing, so new keys take effect at once; a removed receiver stops answering
// within targetTTL.
const targetTTL = 30 * time.Second

// NewService returns a Service on d.
func NewService(d Deps) *Service {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{Deps: d, db: d.DB, targets: map[string]target{}, groups: map[tenancy.ID]*commitGroup{}}
}

// target returns the receiver name of tenant slug, from the cache unless fresh is set or the cached one is older
// than targetTTL. It returns ErrUnknownReceiver (not_found) when there is no such receiver.
func (s *Service) target(ctx context.Context, slug, name string, fresh bool) (target, error) {
	key := slug + "/" + name
	now := s.Now()
	if !fresh {
		s.mu.Lock()
		t, ok := s.targets[key]
		s.mu.Unlock()
		if ok && now.Sub(t.loaded) < targetTTL {
			return t, nil
		}
	}
	it, err := s.Tenants.Receiver(tenancy.System(ctx), slug, name)
	if apperr.Is(err, apperr.NotFound) {
		s.forget(key)
		return target{}, refuse(ErrUnknownReceiver, err)
	}
	if err != nil {
		return target{}, apperr.OrInternal(err, "load receiver")
	}
	cr, err := wxcrypt.New(it.Keys.Token, it.Keys.AESKey, it.CorpID)
	if err != nil {
		return target{}, apperr.Wrap(err, apperr.Internal, "receiver %s/%s keys", slug, name)
	}
	t := target{IntakeTarget: it, crypter: cr, loaded: now}
	s.mu.Lock()
	if len(s.targets) > maxCachedTargets {
		clear(s.targets)
	}
	s.targets[key] = t
	s.mu.Unlock()
	return t, nil
}

// maxCachedTargets bounds the receiver cache; past it the cache starts over.
const maxCachedTargets = 10000

func (s *Service) forget(key string) {
	s.mu.Lock()
	delete(s.targets, key)
	s.mu.Unlock()
}

func requireTenant(ctx context.Context, op string) error {
	if _, err := tenancy.MustFrom(ctx); err != nil {
		return apperr.Wrap(err, apperr.Internal, "%s", op)
	}
	return nil
}
