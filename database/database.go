// Package database opens Qiao's MySQL connections: one gorm handle per process, configured the same way
// for MariaDB, MySQL and the embedded go-mysql-server.
package database

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	gormmysql "gorm.io/driver/mysql"
	"gorm.io/gorm"
)

// Pool limits. MySQL's default max_connections is 151 and several processes (server, workers) share
// it, so one process stays well below that; idle connections are recycled before the server's
// wait_timeout (8 h by default, often lowered by hosting providers) can cut them. As many may idle as may
// be open: with fewer, every burst closed the surplus and the next one opened them again, and a new
// connection costs the server a thread, an authentication and a SET (graph/bench at 50 clients: 223
// reconnects a run with 10 idle, none with 25, and 13–16% less database CPU per request).
const (
	maxOpenConns    = 25
	maxIdleConns    = 25
	connMaxLifetime = 30 * time.Minute
	connMaxIdleTime = 5 * time.Minute
)

// The prepared-statement cache (gorm's PrepareStmt). Each statement gorm sends is prepared once per connection and
// then only executed, so MariaDB no longer parses the SQL of every query (graph/bench's todo page: 11–19 % less
// MariaDB CPU a request). It is bounded, because the server counts every statement prepared on every connection
// against max_prepared_stmt_count (16,382 by default, shared by all clients): at most maxPreparedStmts statements
// are kept, least recently used first out, so one process holds at most maxPreparedStmts × maxOpenConns (2,500),
// and six processes fit under the default.
//
// The statements do not expire by age: for any TTL but the one its cache reads as "never" (ten years, gorm's
// internal/lru noEvictionTTL), gorm starts a goroutine per handle that is never stopped, which every Open in a test
// would leak. The size bound is what protects the server; testkit's leak test fails if gorm changes that.
const (
	maxPreparedStmts = 100
	preparedStmtTTL  = 10 * 365 * 24 * time.Hour
)

// Open connects to the MySQL server described by the go-sql-driver DSN dsn (see ParseURL for
// mysql:// URLs) and returns a gorm handle. Whatever the DSN says, times are parsed into time.Time in UTC
// (parseTime=true, loc=UTC), the connection charset is utf8mb4 and multiStatements is off, so one
// injected ';' can never run a second statement; the session time_zone is '+00:00'. The server is
// pinged with ctx before Open returns.
//
// Errors are translated (TranslateError): a unique key violation is gorm.ErrDuplicatedKey. gorm runs
// single writes without an implicit transaction (SkipDefaultTransaction); use db.Transaction where
// several writes must commit together. A db.Transaction nested in another joins the outer transaction
// (no SAVEPOINT), so an inner error must be returned to roll anything back. gorm's NowFunc is UTC
// truncated to microseconds, which is what a DATETIME(6) column stores. gorm's statements are prepared once per
// connection and cached, a bounded number of them (maxPreparedStmts). SQL is logged on log without argument values
// (see logger).
func Open(ctx context.Context, dsn string, log *slog.Logger) (*gorm.DB, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("database: parse DSN: %w", err)
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.MultiStatements = false
	// Arguments are interpolated by the driver (safe with utf8mb4 and the default sql_mode), so a query is one
	// round trip instead of prepare, execute and close: the server does a third of the work per query. gorm's own
	// statements are prepared once per connection and cached (PrepareStmt below); interpolation stays for those
	// that do not go through gorm (the migrations' database/sql).
	cfg.InterpolateParams = true
	if err := cfg.Apply(mysql.Charset("utf8mb4", "")); err != nil {
		return nil, fmt.Errorf("database: set charset: %w", err)
	}
	// NOW() and CURRENT_TIMESTAMP in SQL then agree with the UTC times Go writes.
	if cfg.Params == nil {
		cfg.Params = make(map[string]string)
	}
	cfg.Params["time_zone"] = "'+00:00'"

	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("database: connector: %w", err)
	}
	sqlDB := sql.OpenDB(connector)
	sqlDB.SetMaxOpenConns(maxOpenConns)
	sqlDB.SetMaxIdleConns(maxIdleConns)
	sqlDB.SetConnMaxLifetime(connMaxLifetime)
	sqlDB.SetConnMaxIdleTime(connMaxIdleTime)
	if err := sqlDB.PingContext(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("database: ping %s/%s: %w", cfg.Addr, cfg.DBName, err)
	}

	db, err := gorm.Open(gormmysql.New(gormmysql.Config{Conn: sqlDB, DSNConfig: cfg}), &gorm.Config{
		Logger:                 newLogger(log),
		TranslateError:         true,
		SkipDefaultTransaction: true,
		// A Transaction inside a Transaction joins the outer one instead of using a SAVEPOINT: the
		// embedded engine has no savepoints, and one behaviour on every engine is easier to reason about.
		DisableNestedTransaction: true,
		NowFunc:                  func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
		PrepareStmt:              true,
		PrepareStmtMaxSize:       maxPreparedStmts,
		PrepareStmtTTL:           preparedStmtTTL,
	})
	if err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("database: open gorm: %w", err)
	}
	return db, nil
}

// ParseURL turns DATABASE_URL into a go-sql-driver DSN. It accepts a URL,
// mysql://user:pass@host:port/db?opts (port defaults to 3306; user and password may be
// percent-encoded; opts are go-sql-driver parameters such as tls=true), or a go-sql-driver DSN as is,
// user:pass@tcp(host:port)/db?opts. The DSN is validated and returned in the driver's canonical form.
func ParseURL(databaseURL string) (dsn string, err error) {
	if !urlScheme.MatchString(databaseURL) {
		cfg, err := mysql.ParseDSN(databaseURL)
		if err != nil {
			return "", fmt.Errorf("database: parse DSN: %w", err)
		}
		return cfg.FormatDSN(), nil
	}

	u, err := url.Parse(databaseURL)
	if err != nil {
		// url.Error repeats the URL, password included.
		return "", fmt.Errorf("database: DATABASE_URL is not a valid URL")
	}
	if u.Scheme != "mysql" {
		return "", fmt.Errorf("database: DATABASE_URL scheme %q: want mysql", u.Scheme)
	}
	if u.Hostname() == "" {
		return "", fmt.Errorf("database: DATABASE_URL has no host")
	}
	port := u.Port()
	if port == "" {
		port = "3306"
	}
	dbName := strings.TrimPrefix(u.Path, "/")
	if strings.Contains(dbName, "/") {
		return "", fmt.Errorf("database: DATABASE_URL path %q: want /dbname", u.Path)
	}

	// Let the driver parse the options, so an unknown or malformed one fails here and not at the first
	// connection.
	rest := "tcp(" + net.JoinHostPort(u.Hostname(), port) + ")/" + dbName
	if u.RawQuery != "" {
		rest += "?" + u.RawQuery
	}
	cfg, err := mysql.ParseDSN(rest)
	if err != nil {
		return "", fmt.Errorf("database: DATABASE_URL options: %w", err)
	}
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
	}
	return cfg.FormatDSN(), nil
}

// urlScheme tells a URL from a go-sql-driver DSN, which never starts with "word://".
var urlScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

// dbName is what EnsureDatabase accepts as a database name: it is spliced into SQL, so no quoting games.
var dbName = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)

// EnsureDatabase creates database name (utf8mb4, binary collation, as the migrations' tables) on the
// server at serverDSN unless it exists. serverDSN may name no database. name must be 1–64 letters,
// digits or underscores.
func EnsureDatabase(ctx context.Context, serverDSN, name string) error {
	if !dbName.MatchString(name) {
		return fmt.Errorf("database: invalid database name %q", name)
	}
	db, err := openServer(serverDSN)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx,
		"CREATE DATABASE IF NOT EXISTS `"+name+"` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"); err != nil {
		return fmt.Errorf("database: create database %s: %w", name, err)
	}
	return nil
}

// DropDatabase drops database name on the server at serverDSN if it exists. It is for tests and tools
// that create throw-away databases; name follows the rules of EnsureDatabase.
func DropDatabase(ctx context.Context, serverDSN, name string) error {
	if !dbName.MatchString(name) {
		return fmt.Errorf("database: invalid database name %q", name)
	}
	db, err := openServer(serverDSN)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS `"+name+"`"); err != nil {
		return fmt.Errorf("database: drop database %s: %w", name, err)
	}
	return nil
}

// openServer opens a single-connection handle for server-level statements.
func openServer(serverDSN string) (*sql.DB, error) {
	cfg, err := mysql.ParseDSN(serverDSN)
	if err != nil {
		return nil, fmt.Errorf("database: parse DSN: %w", err)
	}
	cfg.MultiStatements = false
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("database: connector: %w", err)
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(1)
	return db, nil
}
