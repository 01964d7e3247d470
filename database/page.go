package database

import "gorm.io/gorm"

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
