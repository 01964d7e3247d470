package config_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/server/config"
)

func env(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

// keys are valid keys, one per purpose.
var keys = map[string]string{
	"JWT_SECRET":  "jwt-0123456789abcdef0123456789abcdef",
	"LINK_SECRET": "link-0123456789abcdef0123456789abcdef",
	"SECRET_KEY":  "seal-0123456789abcdef0123456789abcdef",
}

// with returns the settings of every map, later ones winning.
func with(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		maps.Copy(out, m)
	}
	return out
}

// TestFromEnv pins the defaults the README's settings table promises, and the refusals.
func TestFromEnv(t *testing.T) {
	t.Run("DemoDefaults", func(t *testing.T) {
		c, err := config.FromEnv(env(nil))
		if err != nil {
			t.Fatal(err)
		}
		checks := []struct {
			name      string
			got, want any
		}{
			{"Port", c.Port, 8080},
			{"PublicURL", c.PublicURL, "http://localhost:8080"},
			{"Demo", c.Demo, true},
			{"Embedded", c.Embedded(), true},
			{"SimAddr", c.SimAddr, "localhost:9090"},
			{"WeComAPIBase", c.WeComAPIBase, "http://localhost:9090"},
			{"WeComOAuthBase", c.WeComOAuthBase, "http://localhost:9090"},
			{"Migrate", c.Migrate, true},
			{"Worker", c.Worker, true},
			{"Introspection", c.GraphQLIntrospection, true},
			{"Playground", c.GraphQLPlayground, true},
			{"AttachmentsDir", c.AttachmentsDir, filepath.Join(os.TempDir(), "qiao-demo-attachments")},
		}
		for _, ch := range checks {
			if ch.got != ch.want {
				t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
			}
		}
	})
	t.Run("Production", func(t *testing.T) {
		c, err := config.FromEnv(env(with(keys, map[string]string{
			"DATABASE_URL": "mysql://root@db:3306/qiao", "REDIS_URL": "redis://cache:6379/0",
			"PORT": "9000", "SIM_ADDR": ":9191",
		})))
		if err != nil {
			t.Fatal(err)
		}
		if c.Demo || c.Embedded() || c.GraphQLIntrospection || c.GraphQLPlayground || c.Migrate {
			t.Errorf("production config has demo parts on: %+v", c)
		}
		if c.JWTSecret != keys["JWT_SECRET"] || c.LinkSecret != keys["LINK_SECRET"] || c.SecretKey != keys["SECRET_KEY"] {
			t.Errorf("keys = %q, %q, %q; want the configured ones", c.JWTSecret, c.LinkSecret, c.SecretKey)
		}
		if c.WeComAPIBase != "https://qyapi.weixin.qq.com" || c.WeComOAuthBase != "https://open.weixin.qq.com" {
			t.Errorf("WeChat hosts = %q, %q", c.WeComAPIBase, c.WeComOAuthBase)
		}
		if c.AttachmentsDir != "data/attachments" {
			t.Errorf("AttachmentsDir = %q", c.AttachmentsDir)
		}
		if c.PublicURL != "http://localhost:9000" {
			t.Errorf("PublicURL = %q", c.PublicURL)
		}
	})
	for _, c := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"ErrPort", map[string]string{"PORT": "http"}, "PORT"},
		{"ErrBool", map[string]string{"MIGRATE": "sometimes"}, "MIGRATE"},
		{"ErrLogLevel", map[string]string{"LOG_LEVEL": "loud"}, "LOG_LEVEL"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := config.FromEnv(env(c.env)); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want one naming %s", err, c.want)
			}
		})
	}
}

// TestKeys pins the key rules: one key per purpose, at least 32 bytes, random only on the embedded database.
func TestKeys(t *testing.T) {
	realDB := map[string]string{"DATABASE_URL": "mysql://root@db:3306/qiao"}
	t.Run("EmbeddedRandomPerStart", func(t *testing.T) {
		a, err := config.FromEnv(env(nil))
		if err != nil {
			t.Fatal(err)
		}
		b, err := config.FromEnv(env(nil))
		if err != nil {
			t.Fatal(err)
		}
		got := []string{a.JWTSecret, a.LinkSecret, a.SecretKey, b.JWTSecret, b.LinkSecret, b.SecretKey}
		seen := map[string]bool{}
		for _, k := range got {
			if len(k) < 32 || seen[k] {
				t.Errorf("random keys %q: want distinct keys of at least 32 bytes", got)
				break
			}
			seen[k] = true
		}
	})
	t.Run("EmbeddedKeepsConfiguredKey", func(t *testing.T) {
		c, err := config.FromEnv(env(map[string]string{"LINK_SECRET": keys["LINK_SECRET"]}))
		if err != nil {
			t.Fatal(err)
		}
		if c.LinkSecret != keys["LINK_SECRET"] || len(c.JWTSecret) < 32 {
			t.Errorf("LinkSecret = %q, JWTSecret = %q", c.LinkSecret, c.JWTSecret)
		}
	})
	t.Run("DemoOnRealDatabase", func(t *testing.T) {
		c, err := config.FromEnv(env(with(realDB, keys, map[string]string{"DEMO": "true"})))
		if err != nil {
			t.Fatal(err)
		}
		if !c.Demo || c.SecretKey != keys["SECRET_KEY"] {
			t.Errorf("Demo = %v, SecretKey = %q", c.Demo, c.SecretKey)
		}
	})
	t.Run("LinkSecretPrevious", func(t *testing.T) {
		// An older release's JWT secret may be short: previous link keys only verify, so any length is taken.
		c, err := config.FromEnv(env(with(realDB, keys, map[string]string{"LINK_SECRET_PREVIOUS": " old-jwt ,, " + keys["JWT_SECRET"] + ","})))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"old-jwt", keys["JWT_SECRET"]}, c.LinkSecretPrevious); diff != "" {
			t.Errorf("LinkSecretPrevious (-want +got):\n%s", diff)
		}
	})
	for _, c := range []struct {
		name string
		env  map[string]string
		want []string // what the error must name
	}{
		{"ErrRealDatabaseWithoutKeys", realDB, []string{"JWT_SECRET", "LINK_SECRET", "SECRET_KEY", "DATABASE_URL"}},
		{"ErrDemoOnRealDatabaseWithoutKeys", with(realDB, map[string]string{"DEMO": "true"}), []string{"JWT_SECRET", "LINK_SECRET", "SECRET_KEY"}},
		{"ErrRealDatabaseWithoutLinkSecret", with(realDB, keys, map[string]string{"LINK_SECRET": ""}), []string{"set LINK_SECRET ("}},
		{"ErrShortJWTSecret", with(keys, map[string]string{"JWT_SECRET": "short"}), []string{"JWT_SECRET is 5 bytes"}},
		{"ErrShortLinkSecret", with(realDB, keys, map[string]string{"LINK_SECRET": strings.Repeat("x", 31)}), []string{"LINK_SECRET is 31 bytes"}},
		{"ErrShortSecretKey", map[string]string{"SECRET_KEY": "passphrase"}, []string{"SECRET_KEY is 10 bytes"}},
		{"ErrLinkSecretIsJWTSecret", with(realDB, keys, map[string]string{"LINK_SECRET": keys["JWT_SECRET"]}), []string{"LINK_SECRET equals JWT_SECRET"}},
		{"ErrSecretKeyIsLinkSecret", with(keys, map[string]string{"SECRET_KEY": keys["LINK_SECRET"]}), []string{"SECRET_KEY equals LINK_SECRET"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := config.FromEnv(env(c.env))
			for _, w := range c.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v, want one naming %s", err, w)
				}
			}
		})
	}
}

// TestMigrateDefault pins that only the embedded database migrates at start unless told otherwise: against a real
// one migrating is a deploy step of its own.
func TestMigrateDefault(t *testing.T) {
	for _, c := range []struct {
		name string
		env  map[string]string
		want bool
	}{
		{"Embedded", nil, true},
		{"EmbeddedOff", map[string]string{"MIGRATE": "false"}, false},
		{"RealDatabase", with(keys, map[string]string{"DATABASE_URL": "mysql://x/y"}), false},
		{"RealDatabaseDemo", with(keys, map[string]string{"DATABASE_URL": "mysql://x/y", "DEMO": "true"}), false},
		{"RealDatabaseOn", with(keys, map[string]string{"DATABASE_URL": "mysql://x/y", "MIGRATE": "true"}), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := config.FromEnv(env(c.env))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Migrate != c.want {
				t.Errorf("Migrate = %v, want %v", cfg.Migrate, c.want)
			}
		})
	}
}

// TestNumberSettings: each whole-number setting has its default, takes a value in its range, and refuses anything
// else with an error naming it. SENDS_PER_MINUTE: 20, 0 turns the limit off. EVENT_CONCURRENCY and
// BULK_CONCURRENCY: 2, 1 to 100.
func TestNumberSettings(t *testing.T) {
	sends := func(c config.Config) int { return c.SendsPerMinute }
	events := func(c config.Config) int { return c.EventConcurrency }
	bulk := func(c config.Config) int { return c.BulkConcurrency }
	for _, c := range []struct {
		name, key, value string
		get              func(config.Config) int
		want             int
		bad              bool
	}{
		{"SendsDefault", "SENDS_PER_MINUTE", "", sends, 20, false},
		{"SendsSet", "SENDS_PER_MINUTE", "50", sends, 50, false},
		{"SendsOff", "SENDS_PER_MINUTE", "0", sends, 0, false},
		{"SendsNegative", "SENDS_PER_MINUTE", "-1", sends, 0, true},
		{"SendsNotANumber", "SENDS_PER_MINUTE", "many", sends, 0, true},
		{"EventsDefault", "EVENT_CONCURRENCY", "", events, 2, false},
		{"EventsSet", "EVENT_CONCURRENCY", "4", events, 4, false},
		{"EventsZero", "EVENT_CONCURRENCY", "0", events, 0, true},
		{"EventsTooMany", "EVENT_CONCURRENCY", "101", events, 0, true},
		{"EventsNotANumber", "EVENT_CONCURRENCY", "few", events, 0, true},
		{"BulkDefault", "BULK_CONCURRENCY", "", bulk, 2, false},
		{"BulkSet", "BULK_CONCURRENCY", "3", bulk, 3, false},
		{"BulkZero", "BULK_CONCURRENCY", "0", bulk, 0, true},
		{"BulkNotANumber", "BULK_CONCURRENCY", "many", bulk, 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := config.FromEnv(env(map[string]string{c.key: c.value}))
			if c.bad {
				if err == nil || !strings.Contains(err.Error(), c.key) {
					t.Errorf("err = %v, want one naming %s", err, c.key)
				}
				return
			}
			if got := c.get(cfg); err != nil || got != c.want {
				t.Errorf("%s = %d (%v), want %d", c.key, got, err, c.want)
			}
		})
	}
}

// TestTrustedProxies: none by default; addresses become single-address prefixes; anything else names the variable.
func TestTrustedProxies(t *testing.T) {
	for _, c := range []struct {
		name, value string
		want        string
		bad         bool
	}{
		{"Default", "", "[]", false},
		{"PrefixesAndAddresses", "10.0.0.0/8, 192.168.1.5 ,fd00::/8,::1", "[10.0.0.0/8 192.168.1.5/32 fd00::/8 ::1/128]", false},
		{"Hostname", "proxy.internal", "", true},
		{"BadPrefix", "10.0.0.0/33", "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := config.FromEnv(env(map[string]string{"TRUSTED_PROXIES": c.value}))
			if c.bad {
				if err == nil || !strings.Contains(err.Error(), "TRUSTED_PROXIES") {
					t.Errorf("err = %v, want one naming TRUSTED_PROXIES", err)
				}
				return
			}
			if got := fmt.Sprint(cfg.TrustedProxies); err != nil || got != c.want {
				t.Errorf("TrustedProxies = %s (%v), want %s", got, err, c.want)
			}
		})
	}
}
