package testkit

import (
	"os"
	"sync"
	"testing"
	"time"
)

// Main runs a test package against a fresh database: *dsn is set before the tests run and the database is
// dropped after them. Call it as the whole of TestMain.
func Main(m *testing.M, dsn *string) {
	d, drop := MainDatabase()
	*dsn = d
	code := m.Run()
	drop()
	os.Exit(code)
}

// Clock is a settable clock, safe for concurrent use, for code that takes a `func() time.Time`.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a Clock showing t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}
