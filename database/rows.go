package database

import (
	"database/sql"

	"gorm.io/gorm"
)

// EachRow runs query with args through db and calls scan once per row it returns, for the reads that run on every
// request and scan their few columns by hand: gorm's statement building and its reflection over the destination
// cost more than the query itself there (issue 10 §6). db must carry the request's context (db.WithContext).
//
// The query goes through gorm (db.Raw(...).Rows()) rather than the *sql.DB underneath so that gorm's callbacks
// still see it: the tenancy plugin refuses it when the context carries no tenant, and the logger records it. Raw SQL
// is not rewritten by the plugin, so the query names its tenant itself (tenant_id = ?, the tenant taken from the
// context). A slice argument expands to a list of placeholders, as it does in gorm's Where ("id IN ?").
func EachRow(db *gorm.DB, scan func(*sql.Rows) error, query string, args ...any) error {
	rows, err := db.Raw(query, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
