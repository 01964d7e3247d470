package mp_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/wechat/mp"
)

// TestCreateTempQR: a temporary QR code with a scene comes back with its ticket, its content and its life, and its
// image is served by its ticket; a scan sends the scene in the account's events; bad arguments are refused before
// any call.
func TestCreateTempQR(t *testing.T) {
	e := mustEnv(t, envOpts{})
	ctx := context.Background()
	qr, err := e.client.CreateTempQR(ctx, acct, "b:abc123", 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if qr.Ticket == "" || qr.URL == "" || qr.ExpiresIn != 10*time.Minute {
		t.Fatalf("qr = %+v", qr)
	}
	res, err := http.Get(mp.QRImageURL(e.srv.URL+"/mp", qr.Ticket))
	if err != nil {
		t.Fatal(err)
	}
	img, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(string(img), "\x89PNG") {
		t.Errorf("showqrcode: %d, %d bytes", res.StatusCode, len(img))
	}
	if err := e.sim.ScanQR(appID, qr.Ticket, "o-new", "新人"); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, ev := range e.sim.MPEvents(appID) {
		if ev.Event == "subscribe" && ev.FromUserName == "o-new" && ev.EventKey == "qrscene_b:abc123" {
			found = true
		}
	}
	if !found {
		t.Errorf("no subscribe event with the scene: %+v", e.sim.MPEvents(appID))
	}
	for _, bad := range []struct {
		scene string
		ttl   time.Duration
	}{{"", time.Minute}, {strings.Repeat("x", 65), time.Minute}, {"ok", 31 * 24 * time.Hour}} {
		if _, err := e.client.CreateTempQR(ctx, acct, bad.scene, bad.ttl); !errors.Is(err, mp.ErrInvalid) {
			t.Errorf("CreateTempQR(%q, %s) = %v, want ErrInvalid", bad.scene, bad.ttl, err)
		}
	}
}
