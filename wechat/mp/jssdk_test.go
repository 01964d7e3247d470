package mp_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/wechat/mp"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

func TestJSConfig(t *testing.T) {
	e := mustEnv(t, envOpts{shareClock: true})
	ctx := context.Background()
	const page = "https://qiao.example/h5/item/1?from=mp&x=%E4%B8%AD"
	cfg, err := e.client.JSConfig(ctx, acct, page+"#/detail")
	if err != nil {
		t.Fatal(err)
	}
	ticket, err := e.client.JSAPITicket(ctx, acct)
	if err != nil {
		t.Fatal(err)
	}
	// Signed over the page without its fragment, with the account's ticket.
	if want := wxcrypt.JSSDKSignature(ticket, cfg.NonceStr, cfg.Timestamp, page); cfg.Signature != want {
		t.Errorf("signature %s, want %s", cfg.Signature, want)
	}
	if cfg.AppID != appID || cfg.Timestamp != e.clock.Now().Unix() || len(cfg.NonceStr) != 16 {
		t.Errorf("JSConfig = %+v", cfg)
	}
	other, err := e.client.JSConfig(ctx, acct, page)
	if err != nil || other.NonceStr == cfg.NonceStr {
		t.Errorf("second JSConfig: %v, nonce repeated %v", err, other.NonceStr == cfg.NonceStr)
	}
	// The ticket is fetched once and cached under its own key.
	if n := e.sim.CallCount("/mp/cgi-bin/ticket/getticket"); n != 1 {
		t.Errorf("getticket calls = %d, want 1", n)
	}
	sum := sha256.Sum256([]byte(secret))
	key := redisPrefix + "mp:jsapi:" + appID + ":" + hex.EncodeToString(sum[:])[:16]
	if got, err := e.rdb.Get(ctx, key).Result(); err != nil || !strings.HasSuffix(got, "|"+ticket) {
		t.Errorf("redis %s = %q, %v; want the ticket", key, got, err)
	}
	if _, err := e.client.JSConfig(ctx, acct, ""); err == nil {
		t.Error("JSConfig signed an empty URL")
	}
	if _, err := e.client.JSConfig(ctx, mp.Account{AppID: appID, Secret: "nope"}, page); mp.CodeOf(err) != mp.CodeInvalidSecret {
		t.Errorf("JSConfig with a wrong secret: %v, want 40125", err)
	}
}
