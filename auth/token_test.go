package auth_test

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenants"
)

func TestActorContext(t *testing.T) {
	if _, ok := auth.ActorFrom(context.Background()); ok {
		t.Error("empty context has an actor")
	}
	want := auth.Actor{TenantID: 1, AccountID: 2, EmployeeID: 3, Role: directory.RoleAdmin}
	got, ok := auth.ActorFrom(auth.WithActor(context.Background(), want))
	if !ok || got != want {
		t.Errorf("ActorFrom = %+v, %v; want %+v", got, ok, want)
	}
}

func TestAuthenticate(t *testing.T) {
	e := newEnv(t)
	tn := e.newTenant(t, tenants.SettingsPatch{})
	sess := e.login(t, tn)

	t.Run("OK", func(t *testing.T) {
		for _, bearer := range []string{sess.AccessToken, "Bearer " + sess.AccessToken, "bearer  " + sess.AccessToken} {
			got, err := e.svc.Authenticate(context.Background(), bearer)
			if err != nil {
				t.Fatal(err)
			}
			want := auth.Actor{TenantID: tn.ID, AccountID: tn.account.ID, EmployeeID: tn.account.EmployeeID, Role: directory.RoleMember}
			if got != want {
				t.Errorf("actor = %+v, want %+v", got, want)
			}
		}
		if d := sess.AccessTokenExpiresAt.Sub(e.clock.Now()); d != 15*time.Minute {
			t.Errorf("access token lives %v, want 15m", d)
		}
	})

	// claims returns valid claims for the account; each case breaks one thing.
	claims := func() jwt.MapClaims {
		now := e.clock.Now()
		return jwt.MapClaims{
			"iss": "qiao", "aud": "qiao-api", "sub": strconv.FormatUint(tn.account.ID, 10),
			"iat": now.Unix(), "exp": now.Add(time.Minute).Unix(), "jti": "x",
			"tid": tn.ID, "eid": tn.account.EmployeeID, "role": "member", "tv": tn.account.TokenVersion,
		}
	}
	sign := func(m jwt.SigningMethod, key any, c jwt.MapClaims) string {
		t.Helper()
		s, err := jwt.NewWithClaims(m, c).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	with := func(k string, v any) jwt.MapClaims {
		c := claims()
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return c
	}
	if _, err := e.svc.Authenticate(context.Background(), sign(jwt.SigningMethodHS256, testSecret, claims())); err != nil {
		t.Fatalf("the hand-made valid token is refused, so the cases below prove nothing: %v", err)
	}

	parts := strings.Split(sess.AccessToken, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil || !strings.Contains(string(payload), `"role":"member"`) {
		t.Fatalf("payload %s, %v", payload, err)
	}
	payload = []byte(strings.Replace(string(payload), `"role":"member"`, `"role":"admin"`, 1))
	tamperedPayload := parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]

	tests := []struct {
		name  string
		token string
	}{
		{"ErrEmpty", ""},
		{"ErrGarbage", "not a token"},
		{"ErrThreeDots", "a.b.c"},
		{"ErrAlgNone", sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims())},
		{"ErrAlgHS512", sign(jwt.SigningMethodHS512, testSecret, claims())},
		{"ErrAlgHS384", sign(jwt.SigningMethodHS384, testSecret, claims())},
		{"ErrWrongKey", sign(jwt.SigningMethodHS256, []byte("another-secret-another-secret-xx"), claims())},
		{"ErrTamperedPayload", tamperedPayload},
		{"ErrTruncatedSignature", sess.AccessToken[:len(sess.AccessToken)-4]},
		{"ErrWrongAudience", sign(jwt.SigningMethodHS256, testSecret, with("aud", "other-api"))},
		{"ErrNoAudience", sign(jwt.SigningMethodHS256, testSecret, with("aud", nil))},
		{"ErrWrongIssuer", sign(jwt.SigningMethodHS256, testSecret, with("iss", "evil"))},
		{"ErrNoExpiry", sign(jwt.SigningMethodHS256, testSecret, with("exp", nil))},
		{"ErrExpired", sign(jwt.SigningMethodHS256, testSecret, with("exp", e.clock.Now().Add(-31*time.Second).Unix()))},
		{"ErrIssuedInFuture", sign(jwt.SigningMethodHS256, testSecret, with("iat", e.clock.Now().Add(time.Hour).Unix()))},
		{"ErrBadSubject", sign(jwt.SigningMethodHS256, testSecret, with("sub", "admin"))},
		{"ErrNoTenant", sign(jwt.SigningMethodHS256, testSecret, with("tid", nil))},
		{"ErrUnknownAccount", sign(jwt.SigningMethodHS256, testSecret, with("sub", "987654321"))},
		{"ErrOtherEmployee", sign(jwt.SigningMethodHS256, testSecret, with("eid", tn.account.EmployeeID+1))},
		{"ErrOldTokenVersion", sign(jwt.SigningMethodHS256, testSecret, with("tv", tn.account.TokenVersion-1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.Authenticate(context.Background(), tt.token)
			wantCode(t, err, apperr.Unauthenticated)
			if msg := apperr.MessageOf(err); msg != "登录已失效，请重新登录" {
				t.Errorf("message = %q", msg)
			}
		})
	}

	t.Run("ExpiryWithLeeway", func(t *testing.T) {
		s := e.login(t, tn)
		e.clock.Advance(15*time.Minute + 29*time.Second)
		if _, err := e.svc.Authenticate(context.Background(), s.AccessToken); err != nil {
			t.Errorf("within the 30s leeway: %v", err)
		}
		e.clock.Advance(2 * time.Second)
		_, err := e.svc.Authenticate(context.Background(), s.AccessToken)
		wantCode(t, err, apperr.Unauthenticated)
	})
}

func TestNewServicePanicsOnShortSecret(t *testing.T) {
	for _, secret := range [][]byte{nil, []byte("test-jwt-secret"), testSecret[:auth.MinSecretLen-1]} {
		t.Run("Err"+strconv.Itoa(len(secret))+"Bytes", func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("NewService with a %d-byte secret did not panic", len(secret))
				}
			}()
			auth.NewService(auth.Config{JWTSecret: secret}, nil, nil, nil, nil)
		})
	}
}
