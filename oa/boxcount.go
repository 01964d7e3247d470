package oa

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/tenancy"
)

// boxCount is one person's row of collab_box_counts: the sizes of their three boxes, exactly what Counts reports
// (todo: their pending recipient rows; sent: the items they sent, in any status; done: their approved, rejected
// and closed rows). Every change that moves an item in or out of a box changes these in the same transaction,
// so a list's totalCount and Counts read one row instead of counting the box. It stays apart from Counts because
// it is the table's row (its keys and table name) that boxDeltas writes; boxCounts reads the counters straight into
// Counts, the only form callers see.
type boxCount struct {
	TenantID   uint64 `gorm:"primaryKey"`
	EmployeeID uint64 `gorm:"primaryKey"`
	Todo       int
	Sent       int
	Done       int
}

// TableName implements gorm's tabler.
func (boxCount) TableName() string { return "collab_box_counts" }

// boxDeltas gathers one transaction's changes to the counters, by person, to be written once at its end.
type boxDeltas map[uint64]*boxCount

// add changes person's counters by todo, sent and done.
func (d boxDeltas) add(person uint64, todo, sent, done int) {
	c := d[person]
	if c == nil {
		c = &boxCount{EmployeeID: person}
		d[person] = c
	}
	c.Todo += todo
	c.Sent += sent
	c.Done += done
}

// decided moves each of people from todo to done: they decided, or the item ended before they did.
func (d boxDeltas) decided(people ...uint64) {
	for _, id := range people {
		d.add(id, -1, 0, 1)
	}
}

// apply writes the deltas in one INSERT … ON DUPLICATE KEY UPDATE todo = todo + VALUES(todo), …: a person's row
// appears on first use, and the increments are relative, so transactions touching the same person (on other
// items) queue on that row for the rest of their transaction and never overwrite each other. Callers run it
// last in their transaction, to hold those row locks briefly, and the rows go in employee order, so two
// transactions lock the rows they share in the same order and cannot deadlock on them.
func (d boxDeltas) apply(tx *gorm.DB) error {
	rows := make([]boxCount, 0, len(d))
	for _, id := range slices.Sorted(maps.Keys(d)) {
		if c := d[id]; *c != (boxCount{EmployeeID: id}) {
			rows = append(rows, *c)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	incr := func(col string) clause.Assignment {
		return clause.Assignment{Column: clause.Column{Name: col}, Value: gorm.Expr("`" + col + "` + VALUES(`" + col + "`)")}
	}
	err := tx.Clauses(clause.OnConflict{DoUpdates: clause.Set{incr("todo"), incr("sent"), incr("done")}}).
		CreateInBatches(&rows, 500).Error
	if err != nil {
		return fmt.Errorf("update box counts: %w", err)
	}
	return nil
}

// boxCounts reads viewerID's counters, one primary-key read; a person who never sent nor received an item has no
// row and empty boxes. Every list page and badge asks for it, so the row is scanned by hand (database.EachRow).
func (s *Service) boxCounts(ctx context.Context, viewerID uint64) (Counts, error) {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return Counts{}, fmt.Errorf("read box counts: %w", err)
	}
	var c Counts
	err = database.EachRow(s.db.WithContext(ctx), func(r *sql.Rows) error { return r.Scan(&c.Todo, &c.Sent, &c.Done) },
		"SELECT todo, sent, done FROM collab_box_counts WHERE tenant_id = ? AND employee_id = ? LIMIT 1", tid, viewerID)
	if err != nil {
		return Counts{}, fmt.Errorf("read box counts: %w", err)
	}
	return c, nil
}
