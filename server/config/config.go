// Package config reads the service's settings from the environment. Every setting has a default that makes
// `make run` work on a machine with only Go: no DATABASE_URL or REDIS_URL means the embedded stores, the WeChat
// simulator and the demo tenant.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Config is every setting. The README's settings table lists them with their defaults; keep the two in step.
type Config struct {
	Port                 int    // PORT: HTTP port (8080)
	PublicURL            string // PUBLIC_URL: how phones reach us, used in card links (http://localhost:PORT)
	DatabaseURL          string // DATABASE_URL: mysql://user:pass@host:3306/db; empty = embedded in-process store
	RedisURL             string // REDIS_URL: redis://host:6379/0; empty = embedded in-process Redis
	Demo                 bool   // DEMO: seed the demo tenant and run the simulator (default: on when DATABASE_URL is empty)
	SimAddr              string // SIM_ADDR: where the WeChat simulator listens in demo mode (127.0.0.1:9090)
	WeComAPIBase         string // WECOM_API_BASE: WeCom API host (https://qyapi.weixin.qq.com; the simulator in demo)
	WeComOAuthBase       string // WECOM_OAUTH_BASE: WeChat OAuth host (https://open.weixin.qq.com; the simulator in demo)
	JWTSecret            string // JWT_SECRET: HMAC key for access tokens; required outside demo
	SecretKey            string // SECRET_KEY: master key sealing WeChat secrets at rest; required outside demo
	Migrate              bool   // MIGRATE: apply migrations at start (true)
	Worker               bool   // WORKER: run the queue worker and outbox relay in this process (true)
	GraphQLIntrospection bool   // GRAPHQL_INTROSPECTION: allow schema introspection (demo: true, else false)
	GraphQLPlayground    bool   // GRAPHQL_PLAYGROUND: serve /playground (demo: true, else false)
	AttachmentsDir       string // ATTACHMENTS_DIR: where attachment files are kept (./data/attachments; a temp folder in demo)
	LogLevel             slog.Level
	LogJSON              bool // LOG_FORMAT=json for JSON logs (text)
}

// FromEnv reads the settings; getenv is os.Getenv outside tests.
func FromEnv(getenv func(string) string) (Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	var c Config
	var err error
	str := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	boolean := func(k string, def bool) bool {
		v := strings.TrimSpace(getenv(k))
		if v == "" {
			return def
		}
		b, perr := strconv.ParseBool(v)
		if perr != nil && err == nil {
			err = fmt.Errorf("%s=%q: want true or false", k, v)
		}
		return b
	}
	if c.Port, err = strconv.Atoi(str("PORT", "8080")); err != nil || c.Port <= 0 || c.Port > 65535 {
		return c, fmt.Errorf("PORT=%q: want a port number", getenv("PORT"))
	}
	c.PublicURL = strings.TrimRight(str("PUBLIC_URL", fmt.Sprintf("http://localhost:%d", c.Port)), "/")
	c.DatabaseURL = str("DATABASE_URL", "")
	c.RedisURL = str("REDIS_URL", "")
	c.Demo = boolean("DEMO", c.DatabaseURL == "")
	c.SimAddr = str("SIM_ADDR", "127.0.0.1:9090")
	simURL := "http://" + hostForURL(c.SimAddr)
	c.WeComAPIBase = str("WECOM_API_BASE", pick(c.Demo, simURL, "https://qyapi.weixin.qq.com"))
	c.WeComOAuthBase = str("WECOM_OAUTH_BASE", pick(c.Demo, simURL, "https://open.weixin.qq.com"))
	c.JWTSecret = str("JWT_SECRET", "")
	c.SecretKey = str("SECRET_KEY", "")
	c.Migrate = boolean("MIGRATE", true)
	c.Worker = boolean("WORKER", true)
	c.GraphQLIntrospection = boolean("GRAPHQL_INTROSPECTION", c.Demo)
	c.GraphQLPlayground = boolean("GRAPHQL_PLAYGROUND", c.Demo)
	c.AttachmentsDir = str("ATTACHMENTS_DIR", pick(c.Demo, filepath.Join(os.TempDir(), "qiao-demo-attachments"), "data/attachments"))
	c.LogJSON = str("LOG_FORMAT", "text") == "json"
	if lerr := c.LogLevel.UnmarshalText([]byte(str("LOG_LEVEL", "info"))); lerr != nil {
		return c, fmt.Errorf("LOG_LEVEL: %w", lerr)
	}
	if err != nil {
		return c, err
	}
	if c.JWTSecret == "" || c.SecretKey == "" {
		if !c.Demo {
			return c, fmt.Errorf("JWT_SECRET and SECRET_KEY are required outside demo mode")
		}
		// Demo keys are random per start: sessions end at restart, and nothing sealed outlives the embedded store.
		if c.JWTSecret == "" {
			c.JWTSecret = randomKey()
		}
		if c.SecretKey == "" {
			c.SecretKey = randomKey()
		}
	}
	return c, nil
}

// Embedded reports whether the in-process stores stand in for MySQL and Redis.
func (c Config) Embedded() bool { return c.DatabaseURL == "" || c.RedisURL == "" }

func pick(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}

// hostForURL turns a listen address (":9090", "0.0.0.0:9090") into one a browser can open.
func hostForURL(addr string) string {
	if strings.HasPrefix(addr, ":") {
		return "localhost" + addr
	}
	if h, p, ok := strings.Cut(addr, ":"); ok && (h == "0.0.0.0" || h == "") {
		return "localhost:" + p
	}
	return addr
}

func randomKey() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
