package auth_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/tenants"
)

// newClient names a client (an address) no other test uses.
func newClient() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "203.0.113." + hex.EncodeToString(b)
}

// answer is what a sign-in told its caller, and how many passwords it checked to say it.
type answer struct {
	Code   apperr.Code
	Msg    string
	Checks int64
}

func (e *env) try(client, slug, login, pw string) answer {
	before := e.dir.PasswordChecks()
	_, err := e.svc.Login(auth.WithClient(context.Background(), client), slug, login, pw)
	a := answer{Code: apperr.CodeOf(err), Checks: e.dir.PasswordChecks() - before}
	if err != nil {
		a.Msg = apperr.MessageOf(err)
	}
	return a
}

var (
	badPassword = answer{Code: apperr.Unauthenticated, Msg: "账号或密码错误", Checks: 1}
	signedIn    = answer{Checks: 1}
)

func locked(minutes int, checks int64) answer {
	return answer{Code: apperr.RateLimited, Msg: fmt.Sprintf("账号已锁定，请 %d 分钟后再试", minutes), Checks: checks}
}

// Five requests used to tell whether a login exists: a real one answered "账号已锁定" after five wrong passwords,
// an unknown one kept answering "账号或密码错误". Now a real login, an unknown login and a login of an unknown tenant
// answer alike at every step, with the same password checks (none while locked), right password or not.
func TestSigninAnswersAlike(t *testing.T) {
	e := newEnv(t)
	tn := e.newTenant(t, tenants.SettingsPatch{}) // the default rules, as an unknown tenant has
	want := []answer{badPassword, badPassword, badPassword, badPassword, locked(15, 1), locked(15, 0), locked(15, 0)}
	for _, c := range []struct{ name, slug, login string }{
		{"KnownLogin", tn.Slug, login},
		{"UnknownLogin", tn.Slug, "nobody"},
		{"UnknownTenant", "no-such-tenant", login},
	} {
		t.Run(c.name, func(t *testing.T) {
			client := newClient()
			var got []answer
			for range 6 {
				got = append(got, e.try(client, c.slug, c.login, "Wrong-pass1"))
			}
			got = append(got, e.try(client, c.slug, c.login, password)) // the right password changes nothing
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("answers (-want +got):\n%s", diff)
			}
		})
	}
}

// Anyone could lock any colleague out for 15 minutes. The lock now holds the clients that failed, not the person:
// the owner at another desk signs in, a new client gets one guess, and the attacker waits out the window.
func TestLockoutIsNotAWeapon(t *testing.T) {
	e := newEnv(t)
	tn := e.newTenant(t, tenants.SettingsPatch{LockoutThreshold: ptr(3), LockoutMinutes: ptr(10)})
	attacker, owner, guesser := newClient(), newClient(), newClient()

	steps := []struct {
		name    string
		client  string
		pw      string
		advance time.Duration
		want    answer
	}{
		{"AttackerFails1", attacker, "Wrong-pass1", 0, badPassword},
		{"AttackerFails2", attacker, "Wrong-pass2", 0, badPassword},
		{"AttackerLocksItself", attacker, "Wrong-pass3", 0, locked(10, 1)},
		{"AttackerRightPasswordStillLocked", attacker, password, 4*time.Minute + 30*time.Second, locked(6, 0)},
		{"OwnerElsewhereSignsIn", owner, password, 0, signedIn},
		// Held until the attacker's failures age out of the login's window, 6 minutes on.
		{"NewClientGetsOneGuess", guesser, "Wrong-pass4", 0, locked(6, 1)},
		{"ThenItIsLockedToo", guesser, password, 0, locked(6, 0)},
		{"OwnerStillSignsIn", owner, password, 0, signedIn},
		{"AttackerFreeAfterItsWindow", attacker, password, 5*time.Minute + 31*time.Second, signedIn},
	}
	for _, s := range steps {
		e.clock.Advance(s.advance)
		if got := e.try(s.client, tn.Slug, login, s.pw); got != s.want {
			t.Errorf("%s: got %+v, want %+v", s.name, got, s.want)
		}
	}
}

// One client trying a password or two across many logins (password spraying) is stopped whatever the logins are,
// real or not, while other clients go on.
func TestPasswordSprayingThrottled(t *testing.T) {
	e := newEnvWith(t, auth.Config{ClientFailures: 8, ClientWindow: 15 * time.Minute})
	tn := e.newTenant(t, tenants.SettingsPatch{})
	sprayer := newClient()
	for i := range 8 {
		l := fmt.Sprintf("user%02d", i)
		if i%2 == 0 {
			l = login // a real login now and then: under the lockout threshold, it answers like the others
		}
		if got := e.try(sprayer, tn.Slug, l, fmt.Sprintf("Spring202%d!", i)); got != badPassword {
			t.Fatalf("attempt %d on %s: %+v, want %+v", i+1, l, got, badPassword)
		}
	}
	slowDown := answer{Code: apperr.RateLimited, Msg: "登录尝试过于频繁，请 15 分钟后再试"}
	for _, c := range []struct {
		name   string
		client string
		slug   string
		login  string
		want   answer
	}{
		{"SprayerRefusedOnRealLogin", sprayer, tn.Slug, login, slowDown},
		{"SprayerRefusedOnUnknownTenant", sprayer, "no-such-tenant", "x", slowDown},
		{"OtherClientUnaffected", newClient(), tn.Slug, login, signedIn},
	} {
		if got := e.try(c.client, c.slug, c.login, password); got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
	e.clock.Advance(15*time.Minute + time.Second)
	if got := e.try(sprayer, tn.Slug, login, password); got != signedIn {
		t.Errorf("after the window: %+v", got)
	}
}

// A crowd of addresses, each guessing once, is capped per login per hour (OWASP ASVS V2.2.1): past the cap every
// client waits, the owner included, until the hour has passed.
func TestLoginHourlyCap(t *testing.T) {
	e := newEnvWith(t, auth.Config{LoginHourlyFailures: 6})
	tn := e.newTenant(t, tenants.SettingsPatch{LockoutThreshold: ptr(3), LockoutMinutes: ptr(5)})
	for i := range 6 {
		want := badPassword
		if i >= 2 {
			want = locked(5, 1) // the login has its threshold of failures: each new client's one guess is answered so
		}
		if got := e.try(newClient(), tn.Slug, login, "Wrong-pass1"); got != want {
			t.Fatalf("guess %d: %+v, want %+v", i+1, got, want)
		}
	}
	if got := e.try(newClient(), tn.Slug, login, password); got != locked(60, 0) {
		t.Errorf("past the cap: %+v, want %+v", got, locked(60, 0))
	}
	e.clock.Advance(time.Hour + time.Second)
	if got := e.try(newClient(), tn.Slug, login, password); got != signedIn {
		t.Errorf("after the hour: %+v", got)
	}
}

// Guesses sent at the same time used to pass the lock: each read the counts before any had failed, and 40 of them
// got 40 password checks. Each attempt now counts itself in before its check, so a burst gets the threshold's
// worth of checks, and the rest wait out the lock.
func TestSigninConcurrentGuesses(t *testing.T) {
	e := newEnv(t)
	tn := e.newTenant(t, tenants.SettingsPatch{}) // threshold 5
	client := newClient()
	const n = 40
	before := e.dir.PasswordChecks()
	answers := make(chan answer, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { answers <- e.try(client, tn.Slug, login, fmt.Sprintf("Guess-%02d", i)) })
	}
	wg.Wait()
	close(answers)
	refused := 0
	for a := range answers {
		switch a.Code {
		case apperr.Unauthenticated:
		case apperr.RateLimited:
			refused++
		default:
			t.Errorf("answer %+v", a)
		}
	}
	if checks := e.dir.PasswordChecks() - before; checks > 5 {
		t.Errorf("%d guesses at once got %d password checks, want at most the threshold, 5", n, checks)
	}
	if refused < n-5 {
		t.Errorf("%d of %d refused, want at least %d", refused, n, n-5)
	}
}

// A client the person signed in from before is known to the login: a crowd that fills the login's hourly cap, or
// its lockout, does not keep the person out there, even after a typo. New clients still wait.
func TestKnownClientKeepsItsWay(t *testing.T) {
	e := newEnvWith(t, auth.Config{LoginHourlyFailures: 6})
	tn := e.newTenant(t, tenants.SettingsPatch{LockoutThreshold: ptr(3), LockoutMinutes: ptr(5)})
	desk := newClient()
	if got := e.try(desk, tn.Slug, login, password); got != signedIn {
		t.Fatalf("first sign-in: %+v", got)
	}
	for range 6 {
		e.try(newClient(), tn.Slug, login, "Wrong-pass1")
	}
	for _, s := range []struct {
		name   string
		client string
		pw     string
		want   answer
	}{
		{"StrangerRefused", newClient(), password, locked(60, 0)},
		{"DeskTypo", desk, "Wrong-pass1", badPassword},
		{"DeskSignsIn", desk, password, signedIn},
	} {
		if got := e.try(s.client, tn.Slug, login, s.pw); got != s.want {
			t.Errorf("%s: got %+v, want %+v", s.name, got, s.want)
		}
	}
}
