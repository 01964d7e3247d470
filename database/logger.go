package database

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"
	gormlogger "gorm.io/gorm/logger"
)

// slowQuery is the duration above which a statement is logged at warn.
const slowQuery = 200 * time.Millisecond

// logger adapts gorm's logger to slog. Statements are logged with "?" placeholders and never with
// argument values (ParamsFilter drops them), because the values include password hashes, sealed
// secrets and personal data. Failed statements go to error, slow ones (> 200 ms) to warn, the rest to
// debug. Not-found and duplicate-key results are outcomes callers handle, so they are logged at debug.
type logger struct {
	log   *slog.Logger
	level gormlogger.LogLevel
}

var (
	_ gormlogger.Interface = (*logger)(nil)
	_ gorm.ParamsFilter    = (*logger)(nil)
)

func newLogger(log *slog.Logger) *logger {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &logger{log: log, level: gormlogger.Info}
}

// LogMode implements gormlogger.Interface; db.Debug() and Session{Logger: ...LogMode(...)} use it.
func (l *logger) LogMode(level gormlogger.LogLevel) gormlogger.Interface {
	c := *l
	c.level = level
	return &c
}

// Info implements gormlogger.Interface.
func (l *logger) Info(ctx context.Context, msg string, args ...any) {
	if l.level >= gormlogger.Info {
		l.log.InfoContext(ctx, "gorm: "+fmt.Sprintf(msg, args...))
	}
}

// Warn implements gormlogger.Interface.
func (l *logger) Warn(ctx context.Context, msg string, args ...any) {
	if l.level >= gormlogger.Warn {
		l.log.WarnContext(ctx, "gorm: "+fmt.Sprintf(msg, args...))
	}
}

// Error implements gormlogger.Interface.
func (l *logger) Error(ctx context.Context, msg string, args ...any) {
	if l.level >= gormlogger.Error {
		l.log.ErrorContext(ctx, "gorm: "+fmt.Sprintf(msg, args...))
	}
}

// ParamsFilter implements gorm.ParamsFilter: it keeps the SQL and drops every argument value.
func (l *logger) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}

// Trace implements gormlogger.Interface; gorm calls it after every statement.
func (l *logger) Trace(ctx context.Context, begin time.Time, fc func() (sql string, rowsAffected int64), err error) {
	if l.level <= gormlogger.Silent {
		return
	}
	elapsed := time.Since(begin)
	var (
		level slog.Level
		msg   string
	)
	switch {
	case err != nil && !errors.Is(err, gorm.ErrRecordNotFound) && !errors.Is(err, gorm.ErrDuplicatedKey):
		if l.level < gormlogger.Error {
			return
		}
		level, msg = slog.LevelError, "sql failed"
	case elapsed > slowQuery:
		if l.level < gormlogger.Warn {
			return
		}
		level, msg = slog.LevelWarn, "sql slow"
	default:
		if l.level < gormlogger.Info {
			return
		}
		level, msg = slog.LevelDebug, "sql"
	}
	if !l.log.Enabled(ctx, level) {
		return
	}
	sql, rows := fc()
	attrs := []slog.Attr{
		slog.String("sql", sql),
		slog.Int64("rows", rows),
		slog.Duration("elapsed", elapsed),
	}
	if err != nil {
		attrs = append(attrs, slog.String("err", err.Error()))
	}
	l.log.LogAttrs(ctx, level, msg, attrs...)
}
