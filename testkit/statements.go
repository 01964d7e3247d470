package testkit

import (
	"fmt"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"
)

// Statements counts the statements gorm sends through one *gorm.DB, for tests that pin how many round trips an
// operation costs.
type Statements struct{ n atomic.Int64 }

// Count returns how many statements have run since the counter was made or last Reset.
func (s *Statements) Count() int64 { return s.n.Load() }

// Reset sets the count back to zero.
func (s *Statements) Reset() { s.n.Store(0) }

// CountStatements counts every statement db runs from now on (queries, row scans, raw SQL, creates, updates and
// deletes; not BEGIN and COMMIT) until tb ends. Counters on the same db count independently.
func CountStatements(tb testing.TB, db *gorm.DB) *Statements {
	tb.Helper()
	s := &Statements{}
	name := fmt.Sprintf("testkit:count:%p", s)
	inc := func(*gorm.DB) { s.n.Add(1) }
	cb := db.Callback()
	for _, err := range []error{
		cb.Query().After("*").Register(name, inc),
		cb.Row().After("*").Register(name, inc),
		cb.Raw().After("*").Register(name, inc),
		cb.Create().After("*").Register(name, inc),
		cb.Update().After("*").Register(name, inc),
		cb.Delete().After("*").Register(name, inc),
	} {
		if err != nil {
			tb.Fatalf("testkit: count statements: %v", err)
		}
	}
	tb.Cleanup(func() {
		_ = cb.Query().Remove(name)
		_ = cb.Row().Remove(name)
		_ = cb.Raw().Remove(name)
		_ = cb.Create().Remove(name)
		_ = cb.Update().Remove(name)
		_ = cb.Delete().Remove(name)
	})
	return s
}
