package embedded_test

import (
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/qiao-hq/qiao/server/embedded"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// testLog shows warnings and errors only, so a failing test shows what the servers complained about.
func testLog() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// mustMySQL starts an embedded MySQL for one test and stops it at cleanup.
func mustMySQL(tb testing.TB) *embedded.MySQL {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	m, err := embedded.StartMySQL(ctx, testLog())
	if err != nil {
		tb.Fatalf("StartMySQL: %v", err)
	}
	tb.Cleanup(func() {
		if err := m.Close(); err != nil {
			tb.Errorf("MySQL.Close: %v", err)
		}
	})
	return m
}

// mustRedis starts an embedded Redis for one test and stops it at cleanup.
func mustRedis(tb testing.TB) *embedded.Redis {
	tb.Helper()
	r, err := embedded.StartRedis()
	if err != nil {
		tb.Fatalf("StartRedis: %v", err)
	}
	tb.Cleanup(r.Close)
	return r
}
