package embedded

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"time"

	gmssql "github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
	querypb "github.com/dolthub/vitess/go/vt/proto/query"
)

// lockWaitTimeout is how long a statement waits for another connection's transaction, as InnoDB's
// default innodb_lock_wait_timeout.
const lockWaitTimeout = 50 * time.Second

// serializer makes the memory engine safe for concurrent clients by running one transaction at a time.
//
// The memory engine gives each transaction a private copy of every table it touches and on commit puts
// the copy back whole, so two overlapping transactions (autocommit statements included) silently lose
// the other's writes. Here a connection takes the single slot before its first statement and keeps it
// until it is no longer in a transaction; everyone else waits, up to lockWaitTimeout, then gets MySQL's
// error 1205. The result behaves like SERIALIZABLE with a table-wide lock.
//
// Two kinds of statement touch no table and skip the slot unless their connection holds it already:
// session SETs (the driver sends SET NAMES and SET time_zone while connecting, which must not wait for
// someone else's transaction) and SELECTs of the advisory lock functions: GET_LOCK may wait for a named
// lock that only another connection's next statement can release.
type serializer struct {
	slot chan struct{} // capacity 1: holding an element is holding the slot

	mu       sync.Mutex
	owner    uint32
	owned    bool
	sessions map[uint32]gmssql.Session
}

func newSerializer() *serializer {
	return &serializer{slot: make(chan struct{}, 1), sessions: make(map[uint32]gmssql.Session)}
}

// sessionBuilder wraps a go-mysql-server session builder to remember each connection's session, so the
// serializer can ask whether it is inside a transaction.
func (s *serializer) sessionBuilder(
	build func(ctx context.Context, conn *mysql.Conn, addr string) (gmssql.Session, error),
) func(ctx context.Context, conn *mysql.Conn, addr string) (gmssql.Session, error) {
	return func(ctx context.Context, conn *mysql.Conn, addr string) (gmssql.Session, error) {
		sess, err := build(ctx, conn, addr)
		if err == nil {
			s.mu.Lock()
			s.sessions[conn.ConnectionID] = sess
			s.mu.Unlock()
		}
		return sess, err
	}
}

// wrap is a server.HandlerWrapper.
func (s *serializer) wrap(h mysql.Handler) (mysql.Handler, error) {
	return &serialHandler{Handler: h, s: s}, nil
}

// acquire takes the slot for connection id unless it holds it already.
func (s *serializer) acquire(ctx context.Context, id uint32) error {
	s.mu.Lock()
	mine := s.owned && s.owner == id
	s.mu.Unlock()
	if mine {
		return nil
	}
	timer := time.NewTimer(lockWaitTimeout)
	defer timer.Stop()
	select {
	case s.slot <- struct{}{}:
		s.mu.Lock()
		s.owner, s.owned = id, true
		s.mu.Unlock()
		return nil
	case <-timer.C:
		return mysql.NewSQLError(mysql.ERLockWaitTimeout, mysql.SSUnknownSQLState,
			"Lock wait timeout exceeded; try restarting transaction")
	case <-ctx.Done():
		return ctx.Err()
	}
}

// release gives the slot back if connection id holds it and, unless force, has no open transaction.
func (s *serializer) release(id uint32, force bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.owned || s.owner != id {
		return
	}
	if !force {
		if sess := s.sessions[id]; sess != nil && sess.GetTransaction() != nil {
			return
		}
	}
	s.owned = false
	<-s.slot
}

// holds reports whether connection id holds the slot.
func (s *serializer) holds(id uint32) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.owned && s.owner == id
}

func (s *serializer) forget(id uint32) {
	s.mu.Lock()
	delete(s.sessions, id)
	s.mu.Unlock()
}

// run executes one client command under the slot.
func (s *serializer) run(ctx context.Context, c *mysql.Conn, query string, f func() error) error {
	if !needsSlot(query) && !s.holds(c.ConnectionID) {
		return f()
	}
	if err := s.acquire(ctx, c.ConnectionID); err != nil {
		return err
	}
	defer s.release(c.ConnectionID, false)
	return f()
}

// advisoryLockCall matches a SELECT of advisory lock functions only, such as SELECT GET_LOCK(?, ?).
var advisoryLockCall = regexp.MustCompile(
	`^SELECT\s+(GET_LOCK|RELEASE_LOCK|RELEASE_ALL_LOCKS|IS_FREE_LOCK|IS_USED_LOCK)\s*\(`)

// needsSlot reports whether query may touch table data (see serializer).
func needsSlot(query string) bool {
	q := strings.ToUpper(strings.TrimSpace(query))
	if strings.HasPrefix(q, "SET ") {
		return false
	}
	return !advisoryLockCall.MatchString(q) || strings.Contains(q, " FROM ")
}

// serialHandler runs every statement of go-mysql-server's handler under the serializer.
type serialHandler struct {
	mysql.Handler
	s *serializer
}

func (h *serialHandler) ComQuery(ctx context.Context, c *mysql.Conn, query string, callback mysql.ResultSpoolFn) error {
	return h.s.run(ctx, c, query, func() error { return h.Handler.ComQuery(ctx, c, query, callback) })
}

func (h *serialHandler) ComMultiQuery(ctx context.Context, c *mysql.Conn, query string, callback mysql.ResultSpoolFn) (string, error) {
	var rest string
	err := h.s.run(ctx, c, query, func() error {
		var err error
		rest, err = h.Handler.ComMultiQuery(ctx, c, query, callback)
		return err
	})
	return rest, err
}

func (h *serialHandler) ComPrepare(ctx context.Context, c *mysql.Conn, query string, prepare *mysql.PrepareData) ([]*querypb.Field, error) {
	var fields []*querypb.Field
	err := h.s.run(ctx, c, query, func() error {
		var err error
		fields, err = h.Handler.ComPrepare(ctx, c, query, prepare)
		return err
	})
	return fields, err
}

func (h *serialHandler) ComStmtExecute(ctx context.Context, c *mysql.Conn, prepare *mysql.PrepareData, callback func(*sqltypes.Result) error) error {
	return h.s.run(ctx, c, prepare.PrepareStmt, func() error {
		return h.Handler.ComStmtExecute(ctx, c, prepare, callback)
	})
}

func (h *serialHandler) ComResetConnection(c *mysql.Conn) error {
	err := h.Handler.ComResetConnection(c)
	h.s.release(c.ConnectionID, false)
	return err
}

// ConnectionClosed drops the connection's transaction (go-mysql-server discards the session) and frees
// the slot if it held it.
func (h *serialHandler) ConnectionClosed(c *mysql.Conn) {
	h.Handler.ConnectionClosed(c)
	h.s.release(c.ConnectionID, true)
	h.s.forget(c.ConnectionID)
}
