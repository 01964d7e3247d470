package embedded

import (
	"fmt"

	"github.com/alicebob/miniredis/v2"
)

// Redis is a running in-process Redis (miniredis) on 127.0.0.1, without password, enough for asynq
// (Lua scripts, scheduled and unique tasks) and for plain caching. Data is lost on Close.
type Redis struct {
	m *miniredis.Miniredis
}

// StartRedis starts a Redis on a free port of 127.0.0.1. Unlike miniredis's default, TTLs run on the wall
// clock, so expiring keys (tokens, locks, asynq's unique keys) behave as on a real Redis.
func StartRedis() (*Redis, error) {
	m := miniredis.NewMiniRedis()
	m.ClockTTL(true)
	if err := m.StartAddr("127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("embedded redis: start: %w", err)
	}
	return &Redis{m: m}, nil
}

// Addr returns host:port to give to go-redis or asynq.RedisClientOpt.
func (r *Redis) Addr() string { return r.m.Addr() }

// Close stops the server and drops its data.
func (r *Redis) Close() { r.m.Close() }
