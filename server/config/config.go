// Package config reads the service's settings from the environment. Every setting has a default that makes
// `make run` work on a machine with only Go: no DATABASE_URL or REDIS_URL means the embedded stores, the WeChat
// simulator and the demo tenant.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/tenants"
)

// Config is every setting. The README's settings table lists them with their defaults; keep the two in step.
//
// Keys: each purpose has a key of its own, at least 32 bytes (`openssl rand -hex 32` makes one), so each can be
// rotated without touching the others. A key left unset is random per start only when DATABASE_URL is empty: then
// nothing it protects outlives the process. With a real database every key is required, whatever DEMO says: the
// WeChat secrets sealed in it and the cards sent from it outlive a restart, and every process sharing it must accept
// the others' tokens.
//
// Upgrading from a release that signed card links with JWT_SECRET: set LINK_SECRET to a new key and
// LINK_SECRET_PREVIOUS to the old JWT_SECRET, so cards already sent keep opening. To rotate LINK_SECRET later, move
// the old value into LINK_SECRET_PREVIOUS the same way. Rotating JWT_SECRET needs no such list: it ends only the
// 15-minute access tokens, which clients renew with their refresh tokens.
type Config struct {
	Port                 int      // PORT: HTTP port (8080)
	PublicURL            string   // PUBLIC_URL: how phones reach us, used in card links (http://localhost:PORT)
	DatabaseURL          string   // DATABASE_URL: mysql://user:pass@host:3306/db; empty = embedded in-process store
	RedisURL             string   // REDIS_URL: redis://host:6379/0; empty = embedded in-process Redis
	Demo                 bool     // DEMO: seed the demo tenant and run the simulator (default: on when DATABASE_URL is empty)
	SimAddr              string   // SIM_ADDR: where the WeChat simulator listens in demo mode (localhost:9090)
	WeComAPIBase         string   // WECOM_API_BASE: WeCom API host (https://qyapi.weixin.qq.com; the simulator in demo)
	WeComOAuthBase       string   // WECOM_OAUTH_BASE: WeChat OAuth host (https://open.weixin.qq.com; the simulator in demo)
	WeComQRBase          string   // WECOM_QR_BASE: WeCom's QR sign-in host (https://login.work.weixin.qq.com; the simulator in demo)
	MPAPIBase            string   // MP_API_BASE: the service accounts' API host (https://api.weixin.qq.com; the simulator's /mp in demo)
	MPOAuthBase          string   // MP_OAUTH_BASE: the service accounts' web OAuth host (https://open.weixin.qq.com; the simulator's /mp in demo)
	MPShowQRBase         string   // MP_SHOWQR_BASE: where QR codes' images are served (https://mp.weixin.qq.com; the simulator's /mp in demo)
	JWTSecret            string   // JWT_SECRET: HMAC key of access tokens (see Keys)
	LinkSecret           string   // LINK_SECRET: HMAC key of card links and their OAuth state (see Keys)
	LinkSecretPrevious   []string // LINK_SECRET_PREVIOUS: comma-separated older link keys, still accepted (none)
	SecretKey            string   // SECRET_KEY: master key sealing WeChat secrets at rest (see Keys)
	Migrate              bool     // MIGRATE: apply migrations at start (true when DATABASE_URL is empty, else false)
	Worker               bool     // WORKER: run the queue worker and outbox relay in this process (true)
	WorkerConcurrency    int      // WORKER_CONCURRENCY: tasks one worker process runs at once (10)
	EventConcurrency     int      // EVENT_CONCURRENCY: WeCom events' processing tasks it runs besides (2), few so a burst leaves the intake its cores
	BulkConcurrency      int      // BULK_CONCURRENCY: batches of one event told to many it sends besides (2), so pushes never queue behind them
	GraphQLIntrospection bool     // GRAPHQL_INTROSPECTION: allow schema introspection (demo: true, else false)
	GraphQLPlayground    bool     // GRAPHQL_PLAYGROUND: serve /playground (demo: true, else false)
	AttachmentsDir       string   // ATTACHMENTS_DIR: where attachment files are kept (./data/attachments; a temp folder in demo)
	// SENDS_PER_MINUTE: how many item, comment, notice, survey and discussion sends one account may make a minute
	// (20); 0 turns the limit off.
	SendsPerMinute int
	// ApplicationsPerHour caps open registration's applications from one client address an hour
	// (APPLICATIONS_PER_HOUR, 5; 0 for no limit).
	ApplicationsPerHour int
	// TRUSTED_PROXIES: comma-separated addresses or CIDR prefixes of the reverse proxies in front of Qiao (none).
	// Only a request from one of them has its X-Forwarded-For read, to name the client the sign-in throttle counts.
	TrustedProxies []netip.Prefix
	LogLevel       slog.Level
	LogJSON        bool // LOG_FORMAT=json for JSON logs (text)
	// EGRESS_IPS: comma-separated addresses this deployment calls WeCom from (none; the demo: 127.0.0.1). The
	// binding screen and preflight tell admins to put them in their apps' trusted IPs (企业可信IP).
	EgressIPs []string
	// HOSTED: this Qiao serves many companies from a vendor's servers (false: a private deployment on the company's
	// own). Preflight then explains 60020 as WeCom's rule against vendors' IPs for new self-built apps.
	Hosted bool
}

// FromEnv reads the settings; getenv is os.Getenv outside tests. It fails with an error naming the variable on a
// malformed value, and on keys that break the rules under Config (missing with a real database, short, shared).
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
	// localhost, the host the README and the demo's printout name: the simulator keeps who holds each phone in a
	// cookie of its host, so a card link to 127.0.0.1 opened from an inbox at localhost asked again who it was.
	c.SimAddr = str("SIM_ADDR", "localhost:9090")
	simURL := "http://" + hostForURL(c.SimAddr)
	c.WeComAPIBase = str("WECOM_API_BASE", pick(c.Demo, simURL, "https://qyapi.weixin.qq.com"))
	c.WeComOAuthBase = str("WECOM_OAUTH_BASE", pick(c.Demo, simURL, "https://open.weixin.qq.com"))
	c.WeComQRBase = str("WECOM_QR_BASE", pick(c.Demo, simURL, "https://login.work.weixin.qq.com"))
	c.MPAPIBase = str("MP_API_BASE", pick(c.Demo, simURL+"/mp", "https://api.weixin.qq.com"))
	c.MPOAuthBase = str("MP_OAUTH_BASE", pick(c.Demo, simURL+"/mp", "https://open.weixin.qq.com"))
	c.MPShowQRBase = str("MP_SHOWQR_BASE", pick(c.Demo, simURL+"/mp", "https://mp.weixin.qq.com"))
	c.JWTSecret = str("JWT_SECRET", "")
	c.LinkSecret = str("LINK_SECRET", "")
	c.LinkSecretPrevious = list(str("LINK_SECRET_PREVIOUS", ""))
	c.SecretKey = str("SECRET_KEY", "")
	// Against a real database migrating is a deploy step of its own (`qiao migrate`); the embedded one starts empty.
	c.Migrate = boolean("MIGRATE", c.DatabaseURL == "")
	c.Worker = boolean("WORKER", true)
	wc, werr := strconv.Atoi(str("WORKER_CONCURRENCY", "10"))
	if werr != nil || wc < 1 || wc > 1000 {
		return c, fmt.Errorf("WORKER_CONCURRENCY=%q: want a number from 1 to 1000", getenv("WORKER_CONCURRENCY"))
	}
	c.WorkerConcurrency = wc
	concurrency := func(key string) (int, error) {
		n, err := strconv.Atoi(str(key, "2"))
		if err != nil || n < 1 || n > 100 {
			return 0, fmt.Errorf("%s=%q: want a number from 1 to 100", key, getenv(key))
		}
		return n, nil
	}
	var cerr error
	if c.EventConcurrency, cerr = concurrency("EVENT_CONCURRENCY"); cerr != nil {
		return c, cerr
	}
	if c.BulkConcurrency, cerr = concurrency("BULK_CONCURRENCY"); cerr != nil {
		return c, cerr
	}
	c.GraphQLIntrospection = boolean("GRAPHQL_INTROSPECTION", c.Demo)
	c.GraphQLPlayground = boolean("GRAPHQL_PLAYGROUND", c.Demo)
	c.AttachmentsDir = str("ATTACHMENTS_DIR", pick(c.Demo, filepath.Join(os.TempDir(), "qiao-demo-attachments"), "data/attachments"))
	spm, serr := strconv.Atoi(str("SENDS_PER_MINUTE", "20"))
	if serr != nil || spm < 0 {
		return c, fmt.Errorf("SENDS_PER_MINUTE=%q: want a whole number, 0 for no limit", getenv("SENDS_PER_MINUTE"))
	}
	c.SendsPerMinute = spm
	aph, aerr := strconv.Atoi(str("APPLICATIONS_PER_HOUR", "5"))
	if aerr != nil || aph < 0 {
		return c, fmt.Errorf("APPLICATIONS_PER_HOUR=%q: want a whole number, 0 for no limit", getenv("APPLICATIONS_PER_HOUR"))
	}
	c.ApplicationsPerHour = aph
	for _, v := range list(str("TRUSTED_PROXIES", "")) {
		p, perr := parsePrefix(v)
		if perr != nil {
			return c, fmt.Errorf("TRUSTED_PROXIES: %q is neither an IP address nor a CIDR prefix", v)
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	c.EgressIPs = list(str("EGRESS_IPS", pick(c.Demo, "127.0.0.1", "")))
	c.Hosted = boolean("HOSTED", false)
	c.LogJSON = str("LOG_FORMAT", "text") == "json"
	if lerr := c.LogLevel.UnmarshalText([]byte(str("LOG_LEVEL", "info"))); lerr != nil {
		return c, fmt.Errorf("LOG_LEVEL: %w", lerr)
	}
	if err != nil {
		return c, err
	}
	return c, c.keys()
}

// keys fills in random keys on the embedded database and checks every key (see Config).
func (c *Config) keys() error {
	keys := []struct {
		name string
		val  *string
		min  int
	}{
		{"JWT_SECRET", &c.JWTSecret, auth.MinSecretLen},
		{"LINK_SECRET", &c.LinkSecret, deeplink.MinKeyLen},
		{"SECRET_KEY", &c.SecretKey, tenants.MinMasterKeyLen},
	}
	var missing, errs []string
	for i, k := range keys {
		switch {
		case *k.val == "" && c.DatabaseURL == "":
			*k.val = randomKey()
		case *k.val == "":
			missing = append(missing, k.name)
		case len(*k.val) < k.min:
			errs = append(errs, fmt.Sprintf("%s is %d bytes, want at least %d", k.name, len(*k.val), k.min))
		}
		for _, o := range keys[:i] {
			if *k.val != "" && *k.val == *o.val {
				errs = append(errs, fmt.Sprintf("%s equals %s: each purpose needs a key of its own", k.name, o.name))
			}
		}
	}
	if len(missing) > 0 {
		errs = append(errs, fmt.Sprintf("set %s (at least 32 random bytes each, e.g. `openssl rand -hex 32`): "+
			"DATABASE_URL is set, and what these keys protect outlives this process, so they cannot be random",
			strings.Join(missing, ", ")))
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "; "))
	}
	return nil
}

// list splits a comma-separated setting, dropping blanks.
func list(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
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

// parsePrefix reads "10.0.0.0/8" or a single address, which is its own /32 or /128.
func parsePrefix(v string) (netip.Prefix, error) {
	if strings.Contains(v, "/") {
		return netip.ParsePrefix(v)
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}
