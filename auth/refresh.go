package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenancy"
)

// refreshToken is a row of refresh_tokens. Only the SHA-256 of the token is stored, so a database leak yields no
// usable token. All tokens descended from one sign-in share a family; reuse of a rotated token revokes the family.
type refreshToken struct {
	ID        uint64 `gorm:"primaryKey"`
	TenantID  uint64
	AccountID uint64
	Family    string
	TokenHash string
	ExpiresAt time.Time
	RotatedAt *time.Time
	RevokedAt *time.Time
	// Channel is the session's channel (ChannelWeb, ChannelWeChat); refreshes keep it.
	Channel string
	// BindingID is the WeChat binding the session began through; refreshes keep it, and end with it.
	BindingID *uint64
	CreatedAt time.Time
}

func (refreshToken) TableName() string { return "refresh_tokens" }

const (
	refreshPrefix   = "rt_"
	refreshRandSize = 32
)

func invalidRefresh(cause error) error {
	return apperr.Wrap(cause, apperr.Unauthenticated, "登录已过期，请重新登录")
}

// newRefreshToken makes an opaque token rt_<tenant>_<32 random bytes, base64url> and its row. The tenant in the
// clear lets Refresh scope its lookup before it knows anything else; it is not a secret.
func newRefreshToken(tenantID, accountID uint64, family string, v via, now time.Time, ttl time.Duration) (string, refreshToken, error) {
	b := make([]byte, refreshRandSize)
	if _, err := rand.Read(b); err != nil {
		return "", refreshToken{}, fmt.Errorf("read random: %w", err)
	}
	tok := refreshPrefix + strconv.FormatUint(tenantID, 10) + "_" + base64.RawURLEncoding.EncodeToString(b)
	row := refreshToken{
		TenantID:  tenantID,
		AccountID: accountID,
		Family:    family,
		TokenHash: hashToken(tok),
		ExpiresAt: now.Add(ttl),
		Channel:   normalizeChannel(v.channel),
		CreatedAt: now,
	}
	if row.Channel == ChannelWeChat && v.binding != 0 {
		row.BindingID = &v.binding
	}
	return tok, row, nil
}

// parseRefreshToken returns the tenant named by a refresh token's prefix, after checking the token's shape.
func parseRefreshToken(tok string) (tenancy.ID, error) {
	rest, ok := strings.CutPrefix(tok, refreshPrefix)
	if !ok {
		return 0, invalidRefresh(errors.New("missing prefix"))
	}
	tidText, secret, ok := strings.Cut(rest, "_")
	if !ok {
		return 0, invalidRefresh(errors.New("missing tenant"))
	}
	tid, err := strconv.ParseUint(tidText, 10, 64)
	if err != nil || tid == 0 {
		return 0, invalidRefresh(fmt.Errorf("bad tenant %q", tidText))
	}
	raw, err := base64.RawURLEncoding.DecodeString(secret)
	if err != nil || len(raw) != refreshRandSize {
		return 0, invalidRefresh(errors.New("bad secret"))
	}
	return tid, nil
}

func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// Refresh exchanges a refresh token for a new session in the same family; the presented token stops working.
//
// Rotation is one transaction whose UPDATE is conditional on the row not being rotated yet, so of concurrent
// refreshes of one token exactly one wins. A refresh that read the row before the winner committed and then loses
// the UPDATE gets unauthenticated without revoking anything (it is indistinguishable from a client racing itself);
// any later presentation of a rotated or revoked token revokes the whole family and every access token of the
// account, because then one of the two holders is a thief. Unknown, malformed and expired tokens are unauthenticated; a resigned or frozen employee
// gets forbidden. The new session keeps the channel of the first: a WeChat session is refused (forbidden) when
// the employee no longer passes the WeChat gate (directory.Store.WeChatAccess for OA).
func (s *Service) Refresh(ctx context.Context, token string) (Session, error) {
	tid, err := parseRefreshToken(strings.TrimSpace(token))
	if err != nil {
		return Session{}, err
	}
	if cur, ok := tenancy.FromContext(ctx); ok && cur != tid {
		return Session{}, invalidRefresh(fmt.Errorf("token of tenant %d in context of tenant %d", tid, cur))
	}
	ctx = tenancy.WithTenant(ctx, tid)
	db := s.db.WithContext(ctx)
	now := s.cfg.Now().UTC()

	var row refreshToken
	if err := db.Where("token_hash = ?", hashToken(strings.TrimSpace(token))).Take(&row).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return Session{}, invalidRefresh(err)
		}
		return Session{}, apperr.Wrap(err, apperr.Internal, "load refresh token")
	}
	if row.RotatedAt != nil || row.RevokedAt != nil {
		if err := s.revokeFamily(db, row.Family, now); err != nil {
			return Session{}, err
		}
		// A rotated token presented again means a thief may hold an access token of the family too. Access tokens name no family, so the account's
		// token version goes up: every access token of the account stops at once, and the account's other
		// sessions, whose refresh tokens still work, renew theirs at their next request.
		// A token only revoked (a password change, a sign-out) is a device that missed the news, not a theft.
		if row.RotatedAt != nil {
			if err := s.dir.BumpTokenVersion(ctx, row.AccountID); err != nil && !apperr.Is(err, apperr.NotFound) {
				return Session{}, err
			}
		}
		return Session{}, invalidRefresh(fmt.Errorf("reuse of refresh token %d, family %s revoked", row.ID, row.Family))
	}
	if !row.ExpiresAt.After(now) {
		return Session{}, invalidRefresh(fmt.Errorf("refresh token %d expired", row.ID))
	}

	acct, err := s.activeAccount(ctx, row.AccountID)
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return Session{}, invalidRefresh(err)
		}
		return Session{}, err
	}
	v := via{channel: normalizeChannel(row.Channel)}
	if row.BindingID != nil {
		v.binding = *row.BindingID
	}
	if err := s.viaGate(ctx, acct, v); err != nil {
		if apperr.Is(err, apperr.Unauthenticated) {
			return Session{}, invalidRefresh(err)
		}
		return Session{}, err
	}

	var sess Session
	err = db.Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&refreshToken{}).Where("id = ? AND rotated_at IS NULL AND revoked_at IS NULL", row.ID).
			UpdateColumn("rotated_at", now)
		if res.Error != nil {
			return fmt.Errorf("rotate refresh token: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return invalidRefresh(fmt.Errorf("refresh token %d rotated concurrently", row.ID))
		}
		sess, err = s.issue(tx, acct, row.Family, v)
		return err
	})
	if err != nil {
		return Session{}, apperr.OrInternal(err, "refresh session")
	}
	return sess, nil
}

// revokeFamily revokes every live token of a family.
func (s *Service) revokeFamily(db *gorm.DB, family string, now time.Time) error {
	err := db.Model(&refreshToken{}).Where("family = ? AND revoked_at IS NULL", family).
		UpdateColumn("revoked_at", now).Error
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "revoke refresh token family")
	}
	return nil
}

// revokeAccount revokes every live refresh token of an account (after a password change).
func (s *Service) revokeAccount(db *gorm.DB, accountID uint64, now time.Time) error {
	err := db.Model(&refreshToken{}).Where("account_id = ? AND revoked_at IS NULL", accountID).
		UpdateColumn("revoked_at", now).Error
	if err != nil {
		return apperr.Wrap(err, apperr.Internal, "revoke refresh tokens")
	}
	return nil
}

// activeAccount loads an account and refuses it when its employee may not sign in.
func (s *Service) activeAccount(ctx context.Context, accountID uint64) (directory.Account, error) {
	acct, err := s.dir.Account(ctx, accountID)
	if err != nil {
		return directory.Account{}, err
	}
	// The employee's status, or a contact's own.
	_, status, err := s.dir.AccountAndStatus(ctx, accountID)
	if err != nil {
		return directory.Account{}, err
	}
	if err := directory.ActiveError(directory.Employee{Status: status}); err != nil {
		return directory.Account{}, err
	}
	return acct, nil
}
