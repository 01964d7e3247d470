// Command wechatsim serves the WeCom simulator (package wechat/sim) on its
// own, for demos and browser tests:
//
//	go run ./wechat/sim/cmd/wechatsim -addr :9090 -seed
//
// With -seed it creates the corp `make run` uses (server/demo: corpid
// wwdemo00000001, the OA app 1000002 and its secret, the members admin,
// zhangsan and lisi), so a Qiao started with WECOM_API_BASE pointing here and
// the demo tenant finds its corp; -seed-corp, -seed-agent and -seed-secret
// override them. It adds the contact-sync secret -seed-contact-secret, a
// department, the member wangwu, and a service account (-seed-mp-appid,
// secret -seed-mp-secret) with followers and a leave-approval template. Every
// seeded id and secret is printed at start (they open nothing but this
// simulator); open /_sim/ for links to the members' inboxes and to each
// corp's admin console pages (/_sim/console/{corpid}). WeCom's API is served at the root, the service
// account's under /mp (or for Host api.weixin.qq.com), the control API
// under /_sim/. `wechatsim -h` lists the console (onboarding) endpoints
// after the flags; the package doc of wechat/sim has them all.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/qiao-hq/qiao/server/demo"
	"github.com/qiao-hq/qiao/wechat/sim"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "wechatsim:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", ":9090", "listen address")
	seed := flag.Bool("seed", false, "create a demo corp, app and members")
	spec := demo.Demo()
	corpID := flag.String("seed-corp", spec.CorpID, "corpid of the demo corp")
	agentID := flag.Int64("seed-agent", spec.AgentID, "agentid of the demo app")
	secret := flag.String("seed-secret", spec.Secret, "secret of the demo app")
	contactSecret := flag.String("seed-contact-secret", "demo-contact-secret", "contact-sync secret of the demo corp")
	mpAppID := flag.String("seed-mp-appid", "wxsimdemo00000001", "appid of the demo service account")
	mpSecret := flag.String("seed-mp-secret", "demo-mp-secret", "secret of the demo service account")
	ttl := flag.Duration("token-ttl", 7200*time.Second, "access token lifetime")
	perMinute := flag.Int("api-limit-minute", 10000, "calls a minute to one WeCom API by one corp before 45009")
	perHour := flag.Int("api-limit-hour", 150000, "calls an hour to one WeCom API by one corp before 45009")
	verbose := flag.Bool("v", false, "log every API answer")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: wechatsim [flags]\n\nflags:\n")
		flag.PrintDefaults()
		fmt.Fprint(flag.CommandLine.Output(), consoleHelp)
	}
	flag.Parse()

	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	srv := sim.New(sim.Options{TokenTTL: *ttl, Logger: log, APILimitPerMinute: *perMinute, APILimitPerHour: *perHour})

	if *seed {
		spec.CorpID, spec.AgentID, spec.Secret = *corpID, *agentID, *secret
		users, err := seedAll(srv, spec, *contactSecret, *mpAppID, *mpSecret)
		if err != nil {
			return err
		}
		// Printed in full: they are the simulator's own, and a newcomer needs them to point a client here.
		log.Info("seeded demo corp", "corpid", *corpID, "agentid", *agentID, "secret", *secret,
			"contact_secret", *contactSecret, "users", users)
		log.Info("seeded demo service account", "appid", *mpAppID, "secret", *mpSecret)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	// The bound address, so -addr 127.0.0.1:0 is usable from scripts.
	log.Info("wecom simulator listening", "addr", ln.Addr().String(), "index", "http://"+ln.Addr().String()+"/_sim/")

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// seedAll seeds spec's corp as `make run` does, then seedMore; it returns the members' userids.
func seedAll(srv *sim.Server, spec demo.Spec, contactSecret, mpAppID, mpSecret string) ([]string, error) {
	if err := demo.Simulate(srv, spec); err != nil {
		return nil, err
	}
	if err := seedMore(srv, spec.CorpID, contactSecret, mpAppID, mpSecret); err != nil {
		return nil, err
	}
	users := make([]string, 0, len(spec.People)+1)
	for _, p := range spec.People {
		users = append(users, p.WeComUserID)
	}
	return append(users, "wangwu"), nil
}

// seedMore adds what the contact and service-account APIs need: the
// contact-sync secret, a department with wangwu, and a service account with followers
// and a template with its labels, as the back office shows them.
func seedMore(srv *sim.Server, corpID, contactSecret, mpAppID, mpSecret string) error {
	if err := srv.SetContactSecret(corpID, contactSecret); err != nil {
		return err
	}
	if _, err := srv.CreateDepartment(corpID, sim.Department{Name: "研发部", ParentID: 1}); err != nil {
		return err
	}
	if err := srv.AddUser(corpID, "wangwu", "王五"); err != nil {
		return err
	}
	if err := srv.CreateServiceAccount(mpAppID, mpSecret, "Qiao 服务号"); err != nil {
		return err
	}
	for _, f := range []struct{ openID, name string }{{"o-demo-zhangsan", "张三"}, {"o-demo-customer", "客户王"}} {
		if err := srv.AddFollower(mpAppID, f.openID, f.name); err != nil {
			return err
		}
	}
	return srv.AddTemplate(mpAppID, "tpl-approval", "审批结果通知", []string{"thing1", "phrase2", "time3"}, "审批事项", "审批结果", "处理时间")
}

// consoleHelp lists the endpoints that act as WeCom's admin console and
// the onboarding pages, after the flags in -h.
const consoleHelp = `
console (onboarding) endpoints, as WeCom's admin console behaves:
  PUT    /_sim/corps/{corpid}/apps/{agentid}/callback           {"url","token","encodingaeskey"}
         agentid 0 = contact-sync callback; WeCom's verification GET must get the
         decrypted echostr back (HTTP 200, within 5 s), else 400 回调地址请求不通过: <reason>
  PUT    /_sim/corps/{corpid}/external-contact-callback         same body and check (客户联系 events)
  PUT    /_sim/corps/{corpid}/apps/{agentid}/trusted-ips        {"ips":["203.0.113.7","10.0.0.0/8"]}
         agentid 0 = contact-sync secret; other callers get errcode 60020 (gettoken is not checked)
  GET    /_sim/corps/{corpid}/apps/{agentid}/domain-verify-file → {"filename":"WW_verify_<code>.txt","content":"<code>"}
  PUT    /_sim/corps/{corpid}/apps/{agentid}/trusted-domain     {"domain":"oa.example.com","fetch_origin":"http://127.0.0.1:8080"}
         fetches <fetch_origin, else https:// then http://domain>/WW_verify_<code>.txt; 400 域名归属校验未通过 otherwise
  PATCH  /_sim/corps/{corpid}/users/{userid}/external-contacts/{external_userid}      {"remark","description"}
  DELETE /_sim/corps/{corpid}/users/{userid}/external-contacts/{external_userid}      (del_external_contact)
  DELETE /_sim/corps/{corpid}/external-contacts/{external_userid}/followers/{userid}  (del_follow_user)
  POST   /_sim/corps/{corpid}/users/{userid}/activate   a member created with "status":4 joins (update_user)
console pages (管理后台, click and type instead of curl; forms post a hidden per-process token):
  GET    /_sim/console/{corpid}                      我的企业: CorpID, apps, 通讯录同步 Secret, event server and
         trusted IPs, 客户联系 event server, members (add one; each links to its phone inbox)
  GET    /_sim/console/{corpid}/apps/{agentid}       an app: Secret, 可见范围, 接收消息 server, 企业可信IP,
         可信域名 with its WW_verify_ file to download, the menu the API set
  GET    /_sim/console/{corpid}/customers            客户联系: add a customer to a member, edit a remark, delete
service account (服务号), as the MP back office behaves (mp_control.go lists the rest):
  POST   /_sim/mp/{appid}/server   {"url","token","aes_key","mode":"plain|compat|safe"}   服务器配置: the
         verification GET must get the plain echostr back within 5 s, else 400 token验证失败 / 请求URL超时;
         then events are posted there (3 tries). GET reads it, DELETE stops it (停用)
  GET    /_sim/mp/{appid}/callbacks   each post to the server; GET /_sim/mp/{appid}/events the events
  POST   /_sim/mp/{appid}/scan     {"ticket","openid","nickname"}   scan a qrcode/create code (subscribe or SCAN)
  POST   /_sim/mp/{appid}/followers/{openid}/block   {"blocked":true}   template sends report failed:user block
  GET    /_sim/mp/inbox/{appid}/{openid}   the follower's phone: template messages, 关注 button, menu (VIEW events)
WeCom pages and APIs:
  GET    /wwlogin/sso/login?login_type=CorpApp&appid=&agentid=&redirect_uri=&state=    QR sign-in (also /wwopen/sso/qrConnect)
  GET    /cgi-bin/corp/get_join_qrcode?access_token=&size_type=1..4                    join QR code (contact-sync secret)
`
