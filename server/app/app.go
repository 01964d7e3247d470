// Package app is the composition root: it builds every service from a config, and runs the HTTP server, the
// queue worker, the outbox relay and (in demo mode) the WeChat simulator. `go run ./server` and `go run ./worker`
// both start here, with different parts switched on.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/binding"
	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/contactsync"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/deeplink"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/graph"
	"github.com/qiao-hq/qiao/h5"
	"github.com/qiao-hq/qiao/migrations"
	"github.com/qiao-hq/qiao/mpsignin"
	"github.com/qiao-hq/qiao/mptemplates"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/discussion"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/survey"
	"github.com/qiao-hq/qiao/onboarding"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/partners"
	"github.com/qiao-hq/qiao/portal"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/ratelimit"
	"github.com/qiao-hq/qiao/registration"
	"github.com/qiao-hq/qiao/server/config"
	"github.com/qiao-hq/qiao/server/demo"
	"github.com/qiao-hq/qiao/server/embedded"
	"github.com/qiao-hq/qiao/server/web"
	"github.com/qiao-hq/qiao/sso"
	"github.com/qiao-hq/qiao/staffsheet"
	"github.com/qiao-hq/qiao/sysmsg"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/mp"
	"github.com/qiao-hq/qiao/wechat/sim"
	"github.com/qiao-hq/qiao/wechat/wecom"
	"github.com/qiao-hq/qiao/worker/relay"
	"github.com/qiao-hq/qiao/worker/tasks"
)

// Parts selects what Run starts.
type Parts struct {
	HTTP   bool // the API, the H5 app and the OAuth callback
	Worker bool // the asynq server and the outbox relay
}

// App is a built service.
type App struct {
	cfg     config.Config
	log     *slog.Logger
	DB      *gorm.DB
	Redis   *redis.Client
	redisOp asynq.RedisClientOpt
	Sim     *sim.Server
	// Binding is the admin's side of binding tenants to WeCom.
	Binding *binding.Service
	Handler http.Handler
	Push    *push.Service
	Outbox  *outbox.Store

	Tenants   *tenants.Store
	Directory *directory.Store
	Auth      *auth.Service
	OA        *oa.Service
	WeCom     *wecom.Client
	// Callbacks takes WeCom's events in and processes them from the queue.
	Callbacks *callbacks.Service
	// StaffImports keeps the staff imports and runs their jobs.
	StaffImports *staffsheet.Imports
	// ContactSync syncs the directory with WeCom: its jobs, its schedule.
	ContactSync *contactsync.Service
	// MPSignIn signs people in from personal WeChat through the service account.
	MPSignIn *mpsignin.Service
	// Templates maps each kind of message to one of the service account's templates.
	Templates *mptemplates.Store
	// RelayConfig tunes the outbox relay Run starts with the worker; the zero value is production's.
	RelayConfig relay.Config
	closers     []func()
}

// New builds the service: stores (embedded when no URL is configured), migrations, services, demo data.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (a *App, err error) {
	a = &App{cfg: cfg, log: log}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	dsn, err := a.mysql(ctx)
	if err != nil {
		return nil, err
	}
	db, err := database.Open(ctx, dsn, log)
	if err != nil {
		return nil, err
	}
	if sqlDB, err := db.DB(); err == nil {
		a.closers = append(a.closers, func() { _ = sqlDB.Close() })
	}
	opt, err := a.redis()
	if err != nil {
		return nil, err
	}
	return a, a.build(ctx, Stores{DB: db, Redis: opt})
}

// Stores are the connections a service is built on.
type Stores struct {
	DB    *gorm.DB // without the tenancy plugin; build registers it
	Redis asynq.RedisClientOpt
}

// NewWith builds the service on stores the caller owns (tests do this); Close does not close them.
func NewWith(ctx context.Context, cfg config.Config, log *slog.Logger, st Stores) (*App, error) {
	a := &App{cfg: cfg, log: log}
	if err := a.build(ctx, st); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) build(ctx context.Context, st Stores) error {
	a.DB, a.redisOp = st.DB, st.Redis
	if err := a.DB.Use(tenancy.Plugin{}); err != nil {
		return err
	}
	sqlDB, err := a.DB.DB()
	if err != nil {
		return err
	}
	if a.cfg.Migrate {
		applied, err := migrations.Apply(ctx, sqlDB, a.log)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		a.log.Info("migrations", "applied", applied)
	} else if pending, err := migrations.Pending(ctx, sqlDB); err != nil {
		return fmt.Errorf("check migrations: %w", err)
	} else if len(pending) > 0 {
		// Fail fast: code running on a schema it does not know fails later, on some request, far less clearly.
		return fmt.Errorf("the database schema is behind this release (pending migrations %v): run `qiao migrate` "+
			"(`make migrate` from source) first, or start with MIGRATE=true", pending)
	}
	o := a.redisOp
	a.Redis = redis.NewClient(&redis.Options{Addr: o.Addr, Username: o.Username, Password: o.Password, DB: o.DB, TLSConfig: o.TLSConfig})
	a.closers = append(a.closers, func() { _ = a.Redis.Close() })
	return a.services(ctx)
}

func (a *App) mysql(ctx context.Context) (string, error) {
	if a.cfg.DatabaseURL != "" {
		return database.ParseURL(a.cfg.DatabaseURL)
	}
	m, err := embedded.StartMySQL(ctx, a.log)
	if err != nil {
		return "", fmt.Errorf("embedded mysql: %w", err)
	}
	a.closers = append(a.closers, func() { _ = m.Close() })
	return m.DSN(), nil
}

func (a *App) redis() (asynq.RedisClientOpt, error) {
	if a.cfg.RedisURL == "" {
		r, err := embedded.StartRedis()
		if err != nil {
			return asynq.RedisClientOpt{}, fmt.Errorf("embedded redis: %w", err)
		}
		a.closers = append(a.closers, r.Close)
		return asynq.RedisClientOpt{Addr: r.Addr()}, nil
	}
	opt, err := redis.ParseURL(a.cfg.RedisURL)
	if err != nil {
		return asynq.RedisClientOpt{}, fmt.Errorf("REDIS_URL: %w", err)
	}
	return asynq.RedisClientOpt{Addr: opt.Addr, Username: opt.Username, Password: opt.Password, DB: opt.DB, TLSConfig: opt.TLSConfig}, nil
}

func (a *App) services(ctx context.Context) error {
	sealer, err := tenants.NewSealer(a.cfg.SecretKey)
	if err != nil {
		return err
	}
	ts := tenants.NewStore(a.DB, sealer)
	dir := directory.NewStore(a.DB, nil)
	authSvc := auth.NewService(auth.Config{JWTSecret: []byte(a.cfg.JWTSecret)}, ts, dir, a.DB, a.Redis)
	files, err := oa.NewDiskStore(a.cfg.AttachmentsDir)
	if err != nil {
		return fmt.Errorf("attachments: %w", err)
	}
	a.closers = append(a.closers, func() { _ = files.Close() })
	oaSvc := oa.NewService(a.DB, dir, nil, oa.WithAttachments(files), oa.WithLogger(a.log))
	wc := wecom.New(wecom.Config{BaseURL: a.cfg.WeComAPIBase, Redis: a.Redis, Logger: a.log})
	a.Tenants, a.Directory, a.Auth, a.OA, a.WeCom = ts, dir, authSvc, oaSvc, wc
	previousLinkKeys := make([][]byte, len(a.cfg.LinkSecretPrevious))
	for i, k := range a.cfg.LinkSecretPrevious {
		previousLinkKeys[i] = []byte(k)
	}
	links := deeplink.New(a.cfg.PublicURL, a.cfg.WeComOAuthBase, []byte(a.cfg.LinkSecret), previousLinkKeys...).
		WithMPOAuth(a.cfg.MPOAuthBase)
	a.Outbox = outbox.NewStore(a.DB)
	notices, surveys, discussions := notice.NewStore(a.DB, dir, nil), survey.NewStore(a.DB, dir, nil), discussion.NewStore(a.DB, dir, nil)
	mpc := mp.New(mp.Config{BaseURL: a.cfg.MPAPIBase, Redis: a.Redis, Logger: a.log})
	a.Templates = mptemplates.NewStore(a.DB, nil)
	a.Push = push.NewService(push.Deps{DB: a.DB, Outbox: a.Outbox, Tenants: ts, Directory: dir, OA: oaSvc, Links: links, Sender: wc,
		MP: mpc, Templates: a.Templates, Notices: notices, Surveys: surveys, Discussions: discussions, Log: a.log,
		Limiter: ratelimit.New(a.Redis)})
	a.StaffImports = staffsheet.NewImports(a.DB, dir, a.Outbox, a.log)
	if a.cfg.Demo {
		a.Sim = sim.New(sim.Options{Logger: a.log})
		if err := demo.Seed(ctx, ts, dir, a.Sim); err != nil {
			return err
		}
	}
	a.MPSignIn = mpsignin.New(mpsignin.Deps{Tenants: ts, Directory: dir, Auth: authSvc, MP: mpc, Redis: a.Redis,
		QRBase: a.cfg.MPShowQRBase})
	a.Binding = binding.New(binding.Deps{Tenants: ts, Directory: dir, WeCom: wc, Links: links, PublicURL: a.cfg.PublicURL,
		EgressIPs: a.cfg.EgressIPs, Hosted: a.cfg.Hosted, QRBase: a.cfg.WeComQRBase, MP: mpc, Templates: a.Templates})
	a.ContactSync = contactsync.New(contactsync.Deps{DB: a.DB, Directory: dir, Inbound: dir, Credentials: ts, WeCom: wc,
		Explain: a.Binding.Explain, JobCallback: a.Binding.ContactsJobCallback, Log: a.log})
	a.Callbacks = callbacks.NewService(callbacks.Deps{DB: a.DB, Tenants: ts, Directory: dir, Outbox: a.Outbox, WeCom: wc,
		Contacts: a.ContactSync, MPTenants: ts, Templates: a.Push, QRScans: a.MPSignIn, Cards: a.Push, Log: a.log})
	msgs := sysmsg.NewService(dir, a.DB)
	gql := graph.NewServer(&graph.Resolver{Auth: authSvc, Tenants: ts, Directory: dir, OA: oaSvc,
		NoticeStore: notices, SurveyStore: surveys, DiscussionStore: discussions, Limiter: ratelimit.New(a.Redis), Log: a.log,
		DB: a.DB, Binding: a.Binding, Onboarding: onboarding.NewService(a.DB, ts, dir, nil), Push: a.Push, PushLog: push.NewLog(a.DB), Callbacks: a.Callbacks,
		Imports: a.StaffImports, Syncs: a.ContactSync, MPSignIn: a.MPSignIn, Templates: a.Templates, Messages: msgs,
		Applications: registration.New(a.DB, ts, dir, func(ctx context.Context, by string) error {
			_, err := a.ContactSync.Start(ctx, contactsync.TriggerManual, by, false)
			return err
		}, nil, a.log), ApplicationsPerHour: a.cfg.ApplicationsPerHour},
		graph.Config{Introspection: a.cfg.GraphQLIntrospection, SendsPerMinute: sendsPerMinute(a.cfg.SendsPerMinute)})
	a.Handler = web.NewRouter(web.Deps{
		GraphQL: gql, Auth: authSvc, SSO: sso.NewService(ts, dir, wc, authSvc), MPSignIn: a.MPSignIn, Links: links, H5: h5.FS(), Portal: portal.FS(), OA: oaSvc,
		Directory: dir, Staff: dir, StaffImports: a.StaffImports, SystemMessages: msgs, Contacts: dir, Callbacks: a.Callbacks,
		Playground: a.cfg.GraphQLPlayground, TrustedProxies: a.cfg.TrustedProxies, Log: a.log,
		Partners: partners.NewStore(a.DB, nil), Tenants: ts, VerifyFiles: ts,
		Ready: func(ctx context.Context) error {
			db, err := a.DB.DB()
			if err != nil {
				return err
			}
			return errors.Join(db.PingContext(ctx), a.Redis.Ping(ctx).Err())
		},
	})
	return nil
}

// Run serves the selected parts until ctx ends, then shuts them down in order.
func (a *App) Run(ctx context.Context, parts Parts) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var stops []func()
	if a.Sim != nil {
		srv, err := a.listen(a.cfg.SimAddr, a.Sim, "wechat simulator", cancel)
		if err != nil {
			return err
		}
		stops = append(stops, func() { _ = srv.Shutdown(context.Background()) })
	}
	if parts.Worker {
		stop, err := a.StartWorker(ctx, a.redisOp)
		if err != nil {
			return err
		}
		stops = append(stops, stop)
	}
	if parts.HTTP {
		srv, err := a.listen(fmt.Sprintf(":%d", a.cfg.Port), a.Handler, "http", cancel)
		if err != nil {
			return err
		}
		stops = append(stops, func() {
			sctx, done := context.WithTimeout(context.Background(), 10*time.Second)
			defer done()
			_ = srv.Shutdown(sctx)
		})
		if a.Sim != nil && a.cfg.Demo {
			// The simulator's console verifies each callback URL against this server, which answers from now on.
			go func() {
				if err := demo.Connect(ctx, a.Tenants, a.Binding, a.Sim); err != nil {
					a.log.Error("demo receivers not registered in the simulator", "err", err)
					return
				}
				a.log.Info("demo receivers registered in the simulator")
			}()
		}
	}
	<-ctx.Done()
	for i := len(stops) - 1; i >= 0; i-- {
		stops[i]()
	}
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

func (a *App) listen(addr string, h http.Handler, name string, fail context.CancelCauseFunc) (*http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s: listen %s: %w", name, addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(a.log.Handler(), slog.LevelWarn)}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fail(fmt.Errorf("%s: %w", name, err))
		}
	}()
	a.log.Info("listening", "part", name, "addr", ln.Addr().String())
	return srv, nil
}

// StartWorker runs the asynq server and the outbox relay on the queue at queue (Run uses the app's own Redis;
// fault tests give one they can kill); the returned func stops both.
func (a *App) StartWorker(ctx context.Context, queue asynq.RedisClientOpt) (func(), error) {
	client := asynq.NewClient(queue)
	srv := asynq.NewServer(queue, asynq.Config{
		Concurrency: a.workerConcurrency(), Queues: tasks.Queues(), Logger: newAsynqLogger(a.log),
		ShutdownTimeout: 8 * time.Second, RetryDelayFunc: tasks.RetryDelay, IsFailure: tasks.IsFailure,
	})
	// WeCom's events are processed by a server of their own, with few workers (EVENT_CONCURRENCY): see
	// tasks.QueueEvents.
	events := asynq.NewServer(queue, asynq.Config{
		Concurrency: a.eventConcurrency(), Queues: tasks.EventQueues(), Logger: newAsynqLogger(a.log),
		ShutdownTimeout: 8 * time.Second, RetryDelayFunc: tasks.RetryDelay, IsFailure: tasks.IsFailure,
	})
	// Batches of one event told to many too (BULK_CONCURRENCY): see tasks.QueueBulk.
	bulk := asynq.NewServer(queue, asynq.Config{
		Concurrency: a.bulkConcurrency(), Queues: tasks.BulkQueues(), Logger: newAsynqLogger(a.log),
		ShutdownTimeout: 8 * time.Second, RetryDelayFunc: tasks.RetryDelay, IsFailure: tasks.IsFailure,
	})
	h := &tasks.Handlers{Push: a.Push, Callbacks: a.Callbacks, StaffImports: a.StaffImports, ContactSyncs: a.ContactSync, Log: a.log}
	if err := srv.Start(h.Mux()); err != nil {
		_ = client.Close()
		return nil, fmt.Errorf("worker: %w", err)
	}
	if err := events.Start(h.Mux()); err != nil {
		srv.Shutdown()
		_ = client.Close()
		return nil, fmt.Errorf("worker (events): %w", err)
	}
	if err := bulk.Start(h.Mux()); err != nil {
		srv.Shutdown()
		events.Shutdown()
		_ = client.Close()
		return nil, fmt.Errorf("worker (bulk): %w", err)
	}
	rctx, stopRelay := context.WithCancel(ctx)
	done := make(chan struct{})
	inspector := asynq.NewInspector(queue)
	rc := a.RelayConfig
	if rc.Prune == nil {
		rc.Prune = a.Prune
	}
	rc.Inspector = inspector
	r := relay.New(a.Outbox, client, a.log, rc)
	go func() { defer close(done); _ = r.Run(rctx) }()
	scheduleDone := make(chan struct{})
	go func() { defer close(scheduleDone); a.schedule(rctx, time.Minute) }()
	return func() {
		stopRelay()
		<-done
		<-scheduleDone
		srv.Shutdown()
		events.Shutdown()
		bulk.Shutdown()
		_ = inspector.Close()
		_ = client.Close()
	}, nil
}

// schedule starts, every interval until ctx ends, the work that runs by the clock: the tenants' scheduled contact
// syncs and the daily full pull of their external contacts. Every worker runs it; each slot is claimed once.
func (a *App) schedule(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := a.ContactSync.Tick(ctx); err != nil && ctx.Err() == nil {
			a.log.ErrorContext(ctx, "scheduled contact syncs", "err", err)
		}
		if _, err := a.Callbacks.RequestDailyPulls(ctx); err != nil && ctx.Err() == nil {
			a.log.ErrorContext(ctx, "daily external contact pulls", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// sendsPerMinute maps the SENDS_PER_MINUTE setting (0: no limit) to graph.Config's (negative: no limit).
func sendsPerMinute(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

// Config returns the settings the app was built with.
func (a *App) Config() config.Config { return a.cfg }

// Close releases the stores; embedded ones stop.
func (a *App) Close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		a.closers[i]()
	}
	a.closers = nil
}

// workerConcurrency is WORKER_CONCURRENCY, 10 when the config leaves it 0 (tests build configs by hand).
func (a *App) workerConcurrency() int {
	if a.cfg.WorkerConcurrency > 0 {
		return a.cfg.WorkerConcurrency
	}
	return 10
}

// eventConcurrency is EVENT_CONCURRENCY, 2 when the config leaves it 0.
func (a *App) bulkConcurrency() int {
	if a.cfg.BulkConcurrency > 0 {
		return a.cfg.BulkConcurrency
	}
	return 2
}

func (a *App) eventConcurrency() int {
	if a.cfg.EventConcurrency > 0 {
		return a.cfg.EventConcurrency
	}
	return 2
}
