package mpsignin

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/wechat/mp"
)

// QRTTL is how long a binding QR code can be scanned and confirmed.
const QRTTL = 10 * time.Minute

// qrScenePrefix marks the scenes of binding QR codes among the account's other follow codes.
const qrScenePrefix = "bind:"

// QR is a follow QR code that binds the WeChat which scans it to the signed-in account that asked for it, once the
// person confirms it on the page that shows the code: a code can be photographed or forwarded, so the scan alone
// binds nothing. The person signed in with a password (at a desk, say) shows it and scans it with their own WeChat,
// which follows the account too when it did not (WeChat allows a scene on a follow code; a plain follow has none).
type QR struct {
	Scene     string
	ImageURL  string
	ExpiresAt time.Time
}

// QR statuses.
const (
	QRPending = "PENDING" // shown, not scanned
	QRScanned = "SCANNED" // scanned; waits for the person's confirmation
	QRBound   = "BOUND"
	QRExpired = "EXPIRED" // expired, used, or not the asker's
)

func qrKey(scene string) string     { return "qiao:mpqr:" + hashOf(scene) }
func qrScanKey(scene string) string { return "qiao:mpqrscan:" + hashOf(scene) }
func qrDoneKey(scene string) string { return "qiao:mpqrdone:" + hashOf(scene) }

func owner(a auth.Actor) string {
	return strconv.FormatUint(a.TenantID, 10) + ":" + strconv.FormatUint(a.AccountID, 10)
}

// BindQR makes a binding QR code for actor's account, living QRTTL. Errors: not_found without a service account,
// invalid when WeChat refuses to make it.
func (s *Service) BindQR(ctx context.Context, actor auth.Actor) (QR, error) {
	ctx = tenancy.WithTenant(ctx, actor.TenantID)
	acct, err := s.d.Tenants.MPAccount(ctx)
	if err != nil {
		return QR{}, err
	}
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		return QR{}, apperr.Wrap(err, apperr.Internal, "binding qr scene")
	}
	scene := qrScenePrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	if err := s.d.Redis.Set(ctx, qrKey(scene), owner(actor), QRTTL).Err(); err != nil {
		return QR{}, apperr.Wrap(err, apperr.Internal, "store binding qr")
	}
	code, err := s.d.MP.CreateTempQR(ctx, acct, scene, QRTTL)
	if c := mp.CodeOf(err); c != 0 {
		// The account's setup, not the person's: they hear that the code cannot be made, and why goes to the log.
		return QR{}, &apperr.Error{Code: apperr.Invalid, Msg: fmt.Sprintf("服务号暂时无法生成二维码（微信错误码 %d），请联系管理员", c), Err: err}
	}
	if err != nil {
		return QR{}, fmt.Errorf("mpsignin: binding qr: %w", err)
	}
	return QR{Scene: scene, ImageURL: mp.QRImageURL(s.d.QRBase, code.Ticket), ExpiresAt: time.Now().Add(QRTTL)}, nil
}

// BindQRStatus says where actor's binding QR code scene stands (QRPending, QRScanned, QRBound), or QRExpired for
// one that expired, was used or is someone else's, alike.
func (s *Service) BindQRStatus(ctx context.Context, actor auth.Actor, scene string) (string, error) {
	vals, err := s.d.Redis.MGet(ctx, qrKey(scene), qrScanKey(scene), qrDoneKey(scene)).Result()
	if err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "binding qr status")
	}
	switch me := owner(actor); {
	case vals[2] == me:
		return QRBound, nil
	case vals[0] == me && vals[1] != nil:
		return QRScanned, nil
	case vals[0] == me:
		return QRPending, nil
	}
	return QRExpired, nil
}

// Scanned records the WeChat openID that scanned a binding QR code (eventKey: a subscribe's "qrscene_…" or a SCAN's
// scene), for the person who asked for the code to confirm; the first scan counts. It reports false for a code that
// is not a binding one or has expired, or is another tenant's.
func (s *Service) Scanned(ctx context.Context, eventKey, openID string) (bool, error) {
	scene := strings.TrimPrefix(eventKey, "qrscene_")
	if !strings.HasPrefix(scene, qrScenePrefix) {
		return false, nil
	}
	val, err := s.d.Redis.Get(ctx, qrKey(scene)).Result()
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, apperr.Wrap(err, apperr.Internal, "read binding qr")
	}
	tid, _, _ := strings.Cut(val, ":")
	if cur, ok := tenancy.FromContext(ctx); !ok || strconv.FormatUint(cur, 10) != tid {
		return false, nil
	}
	if err := s.d.Redis.SetNX(ctx, qrScanKey(scene), openID, QRTTL).Err(); err != nil {
		return false, apperr.Wrap(err, apperr.Internal, "record binding qr scan")
	}
	return true, nil
}

// ConfirmBindQR binds the WeChat that scanned actor's binding QR code scene to actor's account, once; the binding's
// audit entry is the person's. A session that ended since (a password change) cannot confirm: its requests fail
// before. Errors: invalid when the code has not been scanned, has expired or is not actor's; conflict when the
// WeChat that scanned is bound to another account (it must be unbound there first: a scan never takes a WeChat from
// someone).
func (s *Service) ConfirmBindQR(ctx context.Context, actor auth.Actor, scene string) error {
	ctx = tenancy.WithTenant(ctx, actor.TenantID)
	vals, err := s.d.Redis.MGet(ctx, qrKey(scene), qrScanKey(scene)).Result()
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "read binding qr")
	}
	openID, _ := vals[1].(string)
	if vals[0] != owner(actor) || openID == "" {
		return apperr.E(apperr.Invalid, "二维码尚未扫描，或已过期，请重新生成")
	}
	st, err := s.d.Tenants.MPSettings(ctx)
	if err != nil {
		return err
	}
	if b, found, err := s.d.Directory.WeChatBindingByOpenID(ctx, st.AppID, openID); err != nil {
		return err
	} else if found && b.AccountID != actor.AccountID {
		return apperr.E(apperr.Conflict, "扫码的微信已绑定其他账号，请先在那个账号中退出登录或请管理员解除绑定")
	}
	acct, err := s.d.Directory.Account(ctx, actor.AccountID)
	if err != nil {
		return err
	}
	actx := audit.WithActor(ctx, audit.Actor{Kind: audit.Employee, ID: acct.Login, Source: auth.ClientFrom(ctx)})
	if _, err := s.d.Directory.BindWeChat(actx, st.AppID, openID, acct); err != nil {
		return err
	}
	// Bound: the code is spent. A failure before here leaves it to confirm again.
	pipe := s.d.Redis.TxPipeline()
	pipe.Set(ctx, qrDoneKey(scene), owner(actor), QRTTL)
	pipe.Del(ctx, qrKey(scene), qrScanKey(scene))
	if _, err := pipe.Exec(ctx); err != nil {
		return apperr.Wrap(err, apperr.Internal, "spend binding qr")
	}
	return nil
}
