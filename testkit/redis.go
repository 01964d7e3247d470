package testkit

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

const (
	// firstDB and lastDB bound the logical databases handed out; DB 0 holds only the leases.
	firstDB = 1
	lastDB  = 15
	// leaseTTL outlives go test's default 10 minute timeout, so a crashed package frees its DB by itself.
	leaseTTL = 15 * time.Minute
	// leaseWait is how long MustRedis waits for a free DB when all are leased.
	leaseWait = 2 * time.Minute
)

// releaseLease deletes a lease only if it is still ours: after an expiry another process may hold it.
var releaseLease = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("DEL", KEYS[1])
end
return 0`)

func redisAddr() string {
	if addr := os.Getenv("TEST_REDIS_ADDR"); addr != "" {
		return addr
	}
	return "127.0.0.1:6379"
}

// MustRedis returns a go-redis client on a Redis logical database (1–15) that this test binary has
// leased exclusively and that starts empty. At tb's cleanup the client is closed, the database flushed and
// the lease released. Each call leases another database; to point asynq at the same one, use
// client.Options().Addr and client.Options().DB. When all 15 are leased MustRedis waits up to 2 minutes.
//
// A lease is the key qiao:testlease:<n> in DB 0, set with NX and a 15 minute expiry to this process's pid.
func MustRedis(tb testing.TB) *redis.Client {
	tb.Helper()
	addr, db := RedisAddrDB(tb)
	c := redis.NewClient(&redis.Options{Addr: addr, DB: db})
	tb.Cleanup(func() { _ = c.Close() })
	return c
}

// RedisAddrDB leases a Redis logical database like MustRedis and returns its address and number, for
// asynq.RedisClientOpt{Addr: addr, DB: db}. The database is empty now and flushed at tb's cleanup.
func RedisAddrDB(tb testing.TB) (addr string, db int) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), leaseWait+10*time.Second)
	defer cancel()

	addr = redisAddr()
	admin := redis.NewClient(&redis.Options{Addr: addr, DB: 0})
	db, err := lease(ctx, admin)
	if err != nil {
		_ = admin.Close()
		tb.Fatalf("testkit: lease a Redis database at %s: %v", addr, err)
	}
	leased := redis.NewClient(&redis.Options{Addr: addr, DB: db})
	cleanup := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := leased.FlushDB(ctx).Err(); err != nil {
			tb.Errorf("testkit: flush Redis DB %d: %v", db, err)
		}
		_ = leased.Close()
		if err := releaseLease.Run(ctx, admin, []string{leaseKey(db)}, leaseOwner()).Err(); err != nil {
			tb.Errorf("testkit: release Redis DB %d: %v", db, err)
		}
		_ = admin.Close()
	}
	if err := leased.FlushDB(ctx).Err(); err != nil {
		cleanup()
		tb.Fatalf("testkit: flush Redis DB %d: %v", db, err)
	}
	tb.Cleanup(cleanup)
	return addr, db
}

// lease takes the first free database, starting at a random one so parallel packages rarely race for
// the same key, and retries while all are taken.
func lease(ctx context.Context, admin *redis.Client) (int, error) {
	deadline := time.Now().Add(leaseWait)
	for {
		start := rand.IntN(lastDB - firstDB + 1)
		for i := range lastDB - firstDB + 1 {
			db := firstDB + (start+i)%(lastDB-firstDB+1)
			ok, err := admin.SetNX(ctx, leaseKey(db), leaseOwner(), leaseTTL).Result()
			if err != nil {
				return 0, err
			}
			if ok {
				return db, nil
			}
		}
		if time.Now().After(deadline) {
			return 0, errors.New("all of DB 1–15 are leased (stale leases expire after 15 minutes)")
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func leaseKey(db int) string { return fmt.Sprintf("qiao:testlease:%d", db) }

func leaseOwner() string { return strconv.Itoa(os.Getpid()) }
