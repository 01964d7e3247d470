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

// QRTTL is how long a binding QR code can be scanned.
const QRTTL = 10 * time.Minute

// qrScenePrefix marks the scenes of binding QR codes among the account's other follow codes.
const qrScenePrefix = "bind:"

// QR is a follow QR code that binds the WeChat which scans it to the signed-in account that asked for it: the
// person signed in with a password (at a desk, say) shows it and scans it with their own WeChat, which follows the
// account too when it did not (WeChat allows a scene on a follow code; a plain follow carries none).
type QR struct {
	Scene     string
	ImageURL  string
	ExpiresAt time.Time
}

// QR statuses.
const (
	QRPending = "PENDING"
	QRBound   = "BOUND"
	QRExpired = "EXPIRED"
)

func qrKey(scene string) string     { return "qiao:mpqr:" + hashOf(scene) }
func qrDoneKey(scene string) string { return "qiao:mpqrdone:" + hashOf(scene) }

// BindQR makes a binding QR code for actor's account, living QRTTL. Errors: not_found without a service account,
// WeChat's refusal.
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
	val := strconv.FormatUint(actor.TenantID, 10) + ":" + strconv.FormatUint(actor.AccountID, 10)
	if err := s.d.Redis.Set(ctx, qrKey(scene), val, QRTTL).Err(); err != nil {
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

// BindQRStatus says whether the binding QR code scene of actor's account was scanned and bound (QRBound), waits
// (QRPending) or has expired or is someone else's (QRExpired, alike).
func (s *Service) BindQRStatus(ctx context.Context, actor auth.Actor, scene string) (string, error) {
	want := strconv.FormatUint(actor.TenantID, 10) + ":" + strconv.FormatUint(actor.AccountID, 10)
	vals, err := s.d.Redis.MGet(ctx, qrKey(scene), qrDoneKey(scene)).Result()
	if err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "binding qr status")
	}
	switch {
	case vals[1] == want:
		return QRBound, nil
	case vals[0] == want:
		return QRPending, nil
	}
	return QRExpired, nil
}

// Scanned binds the WeChat openID that scanned the account's QR code with eventKey (a subscribe's "qrscene_…" or a
// SCAN's scene) to the account that asked for the code, once, in the tenant of ctx; its audit entry is the person's.
// It reports false for a code that is not a binding one, has expired or was used, or is another tenant's.
func (s *Service) Scanned(ctx context.Context, eventKey, openID string) (bool, error) {
	scene := strings.TrimPrefix(eventKey, "qrscene_")
	if !strings.HasPrefix(scene, qrScenePrefix) {
		return false, nil
	}
	val, err := s.d.Redis.GetDel(ctx, qrKey(scene)).Result()
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, apperr.Wrap(err, apperr.Internal, "take binding qr")
	}
	tidText, aidText, _ := strings.Cut(val, ":")
	tid, _ := strconv.ParseUint(tidText, 10, 64)
	aid, _ := strconv.ParseUint(aidText, 10, 64)
	if cur, ok := tenancy.FromContext(ctx); !ok || cur != tid || aid == 0 {
		return false, nil
	}
	acct, err := s.d.Directory.Account(ctx, aid)
	if err != nil {
		return false, err
	}
	st, err := s.d.Tenants.MPSettings(ctx)
	if err != nil {
		return false, err
	}
	actx := audit.WithActor(ctx, audit.Actor{Kind: audit.Employee, ID: acct.Login, Source: "qr"})
	if _, err := s.d.Directory.BindWeChat(actx, st.AppID, openID, acct); err != nil {
		return false, err
	}
	if err := s.d.Redis.Set(ctx, qrDoneKey(scene), val, QRTTL).Err(); err != nil {
		return false, apperr.Wrap(err, apperr.Internal, "record binding qr")
	}
	return true, nil
}
