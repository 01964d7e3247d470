package app

import (
	"log/slog"
	"os"

	"github.com/qiao-hq/qiao/server/config"
)

// NewLogger returns the process logger configured by LOG_LEVEL and LOG_FORMAT.
func NewLogger(cfg config.Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogJSON {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}
