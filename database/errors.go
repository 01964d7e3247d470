package database

import (
	"errors"

	"github.com/go-sql-driver/mysql"
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
)

// NotFoundOr maps a store error for callers: gorm's not-found becomes not_found with the user-facing msg, anything
// else internal, described by op for the log.
func NotFoundOr(err error, msg, op string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return apperr.Wrap(err, apperr.NotFound, "%s", msg)
	}
	return apperr.Wrap(err, apperr.Internal, "%s", op)
}

// IsDuplicate reports a unique-key violation. Open turns them into gorm.ErrDuplicatedKey; the driver's 1062 is
// checked too for a *gorm.DB opened some other way.
func IsDuplicate(err error) bool {
	var me *mysql.MySQLError
	return errors.Is(err, gorm.ErrDuplicatedKey) || (errors.As(err, &me) && me.Number == 1062)
}

// IsDeadlock reports InnoDB choosing this transaction as a deadlock's victim (1213) or a lock wait timing out
// (1205): nothing of it was written, and running it again may pass.
func IsDeadlock(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && (me.Number == 1213 || me.Number == 1205)
}
