// Package embedded runs Qiao's backing services inside the process, for a newcomer who has only Go and
// for tests: a MySQL-compatible server (go-mysql-server's in-memory engine) and a Redis (miniredis).
// Nothing is persisted: data lives as long as the process.
//
// The embedded MySQL is close to MySQL 8 for the SQL Qiao uses, but it is not InnoDB. Its transactions
// are private copies of whole tables put back on commit, so this package runs one transaction at a time
// across all connections (see serializer): correct, but a statement waits while another connection has
// a transaction open, and fails with error 1205 after 50 s. There are no savepoints, and every insert
// re-sorts its table, so it suits a demo's data, not bulk loads. See the package tests for what is proven
// to work.
package embedded

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"

	sqle "github.com/dolthub/go-mysql-server"
	"github.com/dolthub/go-mysql-server/memory"
	"github.com/dolthub/go-mysql-server/server"
	gmssql "github.com/dolthub/go-mysql-server/sql"
	"github.com/go-sql-driver/mysql"
	"github.com/sirupsen/logrus"
)

// DatabaseName is the database StartMySQL creates and its DSN selects.
const DatabaseName = "qiao"

// MySQL is a running in-process MySQL-compatible server on 127.0.0.1. It accepts user root with no
// password (any user, in fact: no accounts are configured). Close stops it and drops every row.
type MySQL struct {
	engine   *sqle.Engine
	srv      *server.Server
	listener *trackingListener
	done     chan struct{}
	dsn      string

	closeOnce sync.Once
	closeErr  error
}

// StartMySQL starts an in-memory MySQL-compatible server listening on a free port of 127.0.0.1, with an
// empty database "qiao", and waits until it answers a ping (bounded by ctx).
//
// go-mysql-server logs through logrus's process-wide standard logger; StartMySQL points that logger at
// log (its errors at warn, its warnings at debug, the rest dropped), so with several servers in one
// process the last one started receives all their logs.
func StartMySQL(ctx context.Context, log *slog.Logger) (*MySQL, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	quietLogrus(log)

	db := memory.NewDatabase(DatabaseName)
	// Without this the memory engine scans whole tables even for primary-key lookups.
	db.BaseDatabase.EnablePrimaryKeyIndexes()
	pro := memory.NewDBProvider(db)
	engine := sqle.NewDefault(pro)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = engine.Close()
		return nil, fmt.Errorf("embedded mysql: listen: %w", err)
	}
	tl := &trackingListener{Listener: ln, conns: make(map[net.Conn]struct{})}

	ser := newSerializer()
	srv, err := server.NewServerWithHandler(server.Config{
		Protocol: "tcp",
		Address:  ln.Addr().String(),
		Listener: tl,
		// The driver is configured with multiStatements off; refuse them here too.
		DisableClientMultiStatements: true,
	}, engine, gmssql.NewContext, ser.sessionBuilder(memory.NewSessionBuilder(pro)), nil, ser.wrap)
	if err != nil {
		_ = tl.Close()
		_ = engine.Close()
		return nil, fmt.Errorf("embedded mysql: new server: %w", err)
	}

	cfg := mysql.NewConfig()
	cfg.User = "root"
	cfg.Net = "tcp"
	cfg.Addr = ln.Addr().String()
	cfg.DBName = DatabaseName
	cfg.ParseTime = true
	if err := cfg.Apply(mysql.Charset("utf8mb4", "")); err != nil {
		_ = tl.Close()
		_ = engine.Close()
		return nil, fmt.Errorf("embedded mysql: config: %w", err)
	}

	m := &MySQL{
		engine:   engine,
		srv:      srv,
		listener: tl,
		done:     make(chan struct{}),
		dsn:      cfg.FormatDSN(),
	}
	go func() {
		defer close(m.done)
		if err := srv.Start(); err != nil {
			log.Error("embedded mysql stopped", "err", err)
		}
	}()

	if err := m.ping(ctx); err != nil {
		_ = m.Close()
		return nil, err
	}
	log.InfoContext(ctx, "embedded mysql started", "addr", cfg.Addr, "database", DatabaseName)
	return m, nil
}

// DSN returns a go-sql-driver DSN for database "qiao" as root, with parseTime=true, loc=UTC and
// charset=utf8mb4.
func (m *MySQL) DSN() string { return m.dsn }

// Close stops the server, cuts every client connection and discards all data. It is safe to call more
// than once.
func (m *MySQL) Close() error {
	m.closeOnce.Do(func() {
		_ = m.srv.Close() // closes the listener; Accept returns and srv.Start with it
		<-m.done
		m.listener.closeConns()
		// Shutdown cancels the engine's background threads and reports that as context.Canceled.
		if err := m.engine.Close(); err != nil && !errors.Is(err, context.Canceled) {
			m.closeErr = fmt.Errorf("embedded mysql: close engine: %w", err)
		}
	})
	return m.closeErr
}

// ping proves that the server answers a query.
func (m *MySQL) ping(ctx context.Context) error {
	cfg, err := mysql.ParseDSN(m.dsn)
	if err != nil {
		return fmt.Errorf("embedded mysql: %w", err)
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return fmt.Errorf("embedded mysql: %w", err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("embedded mysql: ping: %w", err)
	}
	return nil
}

// trackingListener remembers accepted connections so Close can cut them: go-mysql-server's own Close
// only stops accepting, which would leave client connections (and their goroutines) alive.
type trackingListener struct {
	net.Listener

	mu     sync.Mutex
	closed bool
	conns  map[net.Conn]struct{}
}

func (l *trackingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		_ = c.Close()
		return nil, net.ErrClosed
	}
	tc := &trackedConn{Conn: c, l: l}
	l.conns[tc] = struct{}{}
	return tc, nil
}

func (l *trackingListener) Close() error {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	err := l.Listener.Close()
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

func (l *trackingListener) closeConns() {
	l.mu.Lock()
	conns := make([]net.Conn, 0, len(l.conns))
	for c := range l.conns {
		conns = append(conns, c)
	}
	l.mu.Unlock()
	for _, c := range conns {
		_ = c.Close()
	}
}

// trackedConn forgets itself when closed.
type trackedConn struct {
	net.Conn
	l *trackingListener
}

func (c *trackedConn) Close() error {
	c.l.mu.Lock()
	delete(c.l.conns, c)
	c.l.mu.Unlock()
	return c.Conn.Close()
}

// quietLogrus sends logrus's standard logger, which go-mysql-server uses directly, to log: gms errors at
// warn (the client sees them too), gms warnings at debug; its per-connection info lines are dropped.
// Query text is left out because it can carry literal values.
func quietLogrus(log *slog.Logger) {
	std := logrus.StandardLogger()
	std.SetLevel(logrus.WarnLevel)
	std.SetOutput(io.Discard)
	hooks := make(logrus.LevelHooks)
	hooks.Add(logrusHook{log: log})
	std.ReplaceHooks(hooks)
}

type logrusHook struct{ log *slog.Logger }

func (logrusHook) Levels() []logrus.Level {
	return []logrus.Level{logrus.PanicLevel, logrus.FatalLevel, logrus.ErrorLevel, logrus.WarnLevel}
}

func (h logrusHook) Fire(e *logrus.Entry) error {
	level := slog.LevelDebug
	// Connections cut by Close show up as read errors on a closed connection: that is no problem.
	if e.Level <= logrus.ErrorLevel && !strings.Contains(e.Message, "use of closed network connection") {
		level = slog.LevelWarn
	}
	ctx := e.Context
	if ctx == nil {
		ctx = context.Background()
	}
	attrs := make([]slog.Attr, 0, len(e.Data))
	for k, v := range e.Data {
		if k == "query" {
			continue
		}
		attrs = append(attrs, slog.Any(k, v))
	}
	h.log.LogAttrs(ctx, level, "go-mysql-server: "+e.Message, attrs...)
	return nil
}
