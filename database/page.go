package database

import (
	"strconv"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
)

// FindPage reads a page of up to first rows of q, which holds the page's filter, cursor and order, and reports
// whether more rows follow: it asks for one row more than it returns, so no count is needed.
func FindPage[T any](q *gorm.DB, first int) (rows []T, more bool, err error) {
	if err := q.Limit(first + 1).Find(&rows).Error; err != nil {
		return nil, false, err
	}
	if len(rows) > first {
		return rows[:first], true, nil
	}
	return rows, false, nil
}

// ParseIDCursor reads an id cursor, the after of a page ordered by id descending: "" is the first page (0); anything
// but a positive id is invalid (Field "after").
func ParseIDCursor(after string) (uint64, error) {
	if after == "" {
		return 0, nil
	}
	v, err := strconv.ParseUint(after, 10, 64)
	if err != nil || v == 0 {
		return 0, apperr.InvalidField("after", "分页游标无效")
	}
	return v, nil
}

// IDCursor is the cursor of the page after the one ending with id.
func IDCursor(id uint64) string { return strconv.FormatUint(id, 10) }
