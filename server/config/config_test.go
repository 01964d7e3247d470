package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/server/config"
)

func env(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

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
			{"SimAddr", c.SimAddr, "127.0.0.1:9090"},
			{"WeComAPIBase", c.WeComAPIBase, "http://127.0.0.1:9090"},
			{"WeComOAuthBase", c.WeComOAuthBase, "http://127.0.0.1:9090"},
			{"Migrate", c.Migrate, true},
			{"Worker", c.Worker, true},
			{"Introspection", c.GraphQLIntrospection, true},
			{"Playground", c.GraphQLPlayground, true},
			{"AttachmentsDir", c.AttachmentsDir, filepath.Join(os.TempDir(), "qiao-demo-attachments")},
			{"RandomSecrets", len(c.JWTSecret) >= 32 && len(c.SecretKey) >= 32, true},
		}
		for _, ch := range checks {
			if ch.got != ch.want {
				t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
			}
		}
	})
	t.Run("Production", func(t *testing.T) {
		c, err := config.FromEnv(env(map[string]string{
			"DATABASE_URL": "mysql://root@db:3306/qiao", "REDIS_URL": "redis://cache:6379/0",
			"JWT_SECRET": "j", "SECRET_KEY": "s", "PORT": "9000", "SIM_ADDR": ":9191",
		}))
		if err != nil {
			t.Fatal(err)
		}
		if c.Demo || c.Embedded() || c.GraphQLIntrospection || c.GraphQLPlayground {
			t.Errorf("production config has demo parts on: %+v", c)
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
		{"ErrSecretsOutsideDemo", map[string]string{"DATABASE_URL": "mysql://x/y"}, "JWT_SECRET"},
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
