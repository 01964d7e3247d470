// Package faults_test breaks the delivery path the way production breaks it (a Redis restarted empty, a server
// killed with sends in flight, WeChat failing at a rate) and counts, in the WeChat simulator, what reached the
// phones: every item exactly once. The benchmark of the same faults is in bench_test.go.
package faults_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/server/app"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/server/config"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/worker/relay"
)

var dsn string

// childEnv names the environment variable that turns this test binary into a Qiao server process (see runChild).
const childEnv = "QIAO_FAULTS_CHILD"

func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		runChild(spec)
		return
	}
	testkit.Main(m, &dsn)
}

// childSpec is what a child server process is built from: the parent's database, Redis and settings.
type childSpec struct {
	DSN       string
	RedisAddr string
	RedisDB   int
	Config    config.Config
	Parts     app.Parts
}

// runChild runs the parts of Qiao the spec names (a server: HTTP and worker; or a standalone worker) until it is
// killed.
func runChild(raw string) {
	var sp childSpec
	if err := json.Unmarshal([]byte(raw), &sp); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(2)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	db, err := database.Open(ctx, sp.DSN, log)
	if err == nil {
		var a *app.App
		a, err = app.NewWith(ctx, sp.Config, log, app.Stores{DB: db, Redis: asynq.RedisClientOpt{Addr: sp.RedisAddr, DB: sp.RedisDB}})
		if err == nil {
			fmt.Println("child: running")
			err = a.Run(ctx, sp.Parts)
		}
	}
	fmt.Fprintln(os.Stderr, "child:", err)
	os.Exit(1)
}

// startChild starts a process running parts on env's database (at dbDSN) and Redis; kill it with Process.Kill.
func startChild(t testing.TB, env *apptest.Env, dbDSN string, parts app.Parts) *exec.Cmd {
	t.Helper()
	cfg := env.Config()
	cfg.Port = freePort(t)
	spec, err := json.Marshal(childSpec{DSN: dbDSN, RedisAddr: env.Redis.Addr, RedisDB: env.Redis.DB, Config: cfg, Parts: parts})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+string(spec))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line := make([]byte, 64)
	if n, err := out.Read(line); err != nil || n == 0 {
		t.Fatalf("child did not start: %v", err)
	}
	return cmd
}

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// redisServer is a redis-server process of the test's own, on its own port, without persistence (as the machine
// runs it): killed and started again, it comes back empty.
type redisServer struct {
	tb   testing.TB
	port int
	mu   sync.Mutex
	cmd  *exec.Cmd
}

func startRedis(tb testing.TB) *redisServer {
	tb.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		tb.Fatalf("redis-server is needed (apt-get install redis-server): %v", err)
	}
	r := &redisServer{tb: tb, port: freePort(tb)}
	r.start()
	tb.Cleanup(r.kill)
	return r
}

func (r *redisServer) addr() string { return "127.0.0.1:" + strconv.Itoa(r.port) }

// opt is how asynq reaches it; the short timeouts make a dead server noticed quickly.
func (r *redisServer) opt() asynq.RedisClientOpt {
	return asynq.RedisClientOpt{Addr: r.addr(), DialTimeout: 200 * time.Millisecond, ReadTimeout: time.Second, WriteTimeout: time.Second}
}

func (r *redisServer) start() {
	r.mu.Lock()
	defer r.mu.Unlock()
	cmd := exec.Command("redis-server", "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	if err := cmd.Start(); err != nil {
		r.tb.Errorf("start redis-server: %v", err)
		return
	}
	r.cmd = cmd
	c := redis.NewClient(&redis.Options{Addr: r.addr()})
	defer c.Close()
	for range 100 {
		if c.Ping(context.Background()).Err() == nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	r.tb.Errorf("redis-server on %d did not answer", r.port)
}

// kill stops the server at once (SIGKILL): what it held is gone.
func (r *redisServer) kill() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd == nil {
		return
	}
	_ = r.cmd.Process.Kill()
	_ = r.cmd.Wait()
	r.cmd = nil
}

// startWorker runs env's push worker and relay (app.StartWorker), the relay tuned by rc, against the queue at opt
// (not env's own Redis) until the test ends.
func startWorker(tb testing.TB, env *apptest.Env, opt asynq.RedisClientOpt, rc relay.Config) {
	tb.Helper()
	env.RelayConfig = rc
	stop, err := env.StartWorker(context.Background(), opt)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(stop)
}

// crowd is a tenant with k recipients besides its seeded people, so that the items of a test spread over them and
// stay under WeCom's 30 messages a minute to one member (the simulator drops the excess, as WeCom does; shaping
// pushes to that limit is another issue's work).
type crowd struct {
	env    *apptest.Env
	tn     apptest.Tenant
	people []apptest.Person
}

func newCrowd(tb testing.TB, env *apptest.Env, prefix string, k int) crowd {
	tb.Helper()
	tn := env.Tenant(tb, prefix)
	c := crowd{env: env, tn: tn}
	for i := range k {
		uid, login := fmt.Sprintf("%s-r%d", tn.Slug, i), fmt.Sprintf("r%d", i)
		if err := env.Sim.AddUser(tn.CorpID, uid, "收件人"+login); err != nil {
			tb.Fatal(err)
		}
		e, _, err := env.Directory.CreateEmployee(tn.Ctx(), directory.Employee{Name: "收件人" + login, WeComUserID: &uid,
			Status: directory.StatusActive}, login, apptest.Password, directory.RoleMember)
		if err != nil {
			tb.Fatal(err)
		}
		c.people = append(c.people, apptest.Person{EmployeeID: e.ID, Login: login, WeComUserID: uid})
	}
	return c
}

// send sends n collaboration items titled prefix-0 … prefix-(n-1) from the sender, item i to person i mod k,
// pausing pace between them and calling at(i) before item i.
func (c crowd) send(tb testing.TB, prefix string, n int, pace time.Duration, at func(int)) {
	tb.Helper()
	for i := range n {
		if at != nil {
			at(i)
		}
		to := c.people[i%len(c.people)]
		if _, err := c.env.OA.Send(c.tn.Ctx(), c.tn.Sender.EmployeeID, oa.SendInput{Title: fmt.Sprintf("%s-%d", prefix, i), Body: "b",
			RecipientIDs: []uint64{to.EmployeeID}}); err != nil {
			tb.Fatal(err)
		}
		time.Sleep(pace)
	}
}

// publish publishes n notices to all staff titled prefix-0 … prefix-(n-1), pausing pace between them and calling
// at(i) before notice i: each goes to its audience as one batch (push.DeliverBatch), not a card a person.
func (c crowd) publish(tb testing.TB, prefix string, n int, pace time.Duration, at func(int)) {
	tb.Helper()
	store := notice.NewStore(c.env.DB, c.env.Directory, nil)
	for i := range n {
		if at != nil {
			at(i)
		}
		if _, err := store.Publish(c.tn.Ctx(), c.tn.Admin.EmployeeID, directory.RoleAdmin, notice.PublishInput{
			Kind: notice.KindNotice, Title: fmt.Sprintf("%s-%d", prefix, i), Body: "<p>正文</p>", Audience: notice.Audience{All: true}}); err != nil {
			tb.Fatal(err)
		}
		time.Sleep(pace)
	}
}

// tally is what the recipients' simulated phones got: how often each item's card reached a phone (cards WeCom's
// duplicate check suppressed are not counted: the phone never shows them, nor are cards WeCom dropped), and how
// many duplicates and drops there were.
type tally struct {
	shown               map[string]int
	duplicates, dropped int
}

func (c crowd) tally() tally {
	t := tally{shown: map[string]int{}}
	for _, p := range c.people {
		for _, m := range c.env.Sim.Messages(c.tn.CorpID, p.WeComUserID) {
			switch {
			case m.Duplicate:
				t.duplicates++
				continue
			case m.Dropped:
				t.dropped++
				continue
			}
			var card struct {
				Title string `json:"title"`
			}
			_ = json.Unmarshal(m.Payload, &card)
			_, title, _ := strings.Cut(card.Title, "：") // "新协同：x-3", "公告：x-3"
			t.shown[p.WeComUserID+"\x00"+title]++
		}
	}
	return t
}

// expected names the cards the n items titled prefix-i must put on phones: item i on person i mod k's, or with
// toAll (notices to all staff) every item on every person's.
func (c crowd) expected(prefix string, n int, toAll bool) []string {
	var out []string
	for i := range n {
		title := fmt.Sprintf("%s-%d", prefix, i)
		if !toAll {
			out = append(out, c.people[i%len(c.people)].WeComUserID+"\x00"+title)
			continue
		}
		for _, p := range c.people {
			out = append(out, p.WeComUserID+"\x00"+title)
		}
	}
	return out
}

// result compares a tally with the cards want: how many reached their phone once, more than once, never.
func (t tally) result(want []string) (once, twice, lost int) {
	for _, w := range want {
		switch c := t.shown[w]; {
		case c == 1:
			once++
		case c > 1:
			twice++
		default:
			lost++
		}
	}
	return once, twice, lost
}

// waitDelivered waits up to limit until every card of want reached its phone, and returns how long it took.
func (c crowd) waitDelivered(want []string, limit time.Duration) time.Duration {
	start := time.Now()
	for time.Since(start) < limit {
		if once, twice, _ := c.tally().result(want); once+twice == len(want) {
			return time.Since(start)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return time.Since(start)
}

// openMessages counts tn's outbox messages whose delivery is not recorded yet.
func openMessages(tb testing.TB, env *apptest.Env, tn apptest.Tenant) int64 {
	tb.Helper()
	var n int64
	if err := env.DB.WithContext(tn.Ctx()).Model(&outbox.Message{}).Where("done_at IS NULL").Count(&n).Error; err != nil {
		tb.Fatal(err)
	}
	return n
}

// deliveries counts tn's delivery records by status.
func deliveries(tb testing.TB, env *apptest.Env, tn apptest.Tenant) map[string]int {
	tb.Helper()
	var rows []push.Delivery
	if err := env.DB.WithContext(tn.Ctx()).Find(&rows).Error; err != nil {
		tb.Fatal(err)
	}
	out := map[string]int{}
	for _, d := range rows {
		out[d.Status]++
	}
	return out
}

// openReport describes tn's open outbox messages and their deliveries, for a failure message.
func openReport(tb testing.TB, env *apptest.Env, tn apptest.Tenant) string {
	tb.Helper()
	var ms []outbox.Message
	if err := env.DB.WithContext(tn.Ctx()).Where("done_at IS NULL").Order("id").Limit(10).Find(&ms).Error; err != nil {
		return err.Error()
	}
	var b strings.Builder
	for _, m := range ms {
		var d push.Delivery
		_ = env.DB.WithContext(tn.Ctx()).Where("outbox_id = ?", m.ID).Limit(1).Find(&d).Error
		errText, answer := "", ""
		if d.Error != nil {
			errText = *d.Error
		}
		if d.Answer != nil {
			answer = *d.Answer
		}
		fmt.Fprintf(&b, "\n  outbox %d (handovers %d, due %v): delivery %q attempts %d first send %v error %q answer %q",
			m.ID, m.Handovers, m.DueAt, d.Status, d.Attempts, d.FirstSentAt, errText, answer)
	}
	return b.String()
}
