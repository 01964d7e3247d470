package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"

	"github.com/qiao-hq/qiao/server/demo"
	"github.com/qiao-hq/qiao/wechat/sim"
)

// The standalone simulator seeded a corp of its own (wwsimdemo, secret "demo-secret") while `make run` binds the
// demo tenant to wwdemo00000001: a Qiao pointed at it found no corp. Now -seed makes the same corp, app and secret.
func TestSeedIsTheDemoCorp(t *testing.T) {
	srv := sim.New(sim.Options{})
	spec := demo.Demo()
	users, err := seedAll(srv, spec, "demo-contact-secret", "wxsimdemo00000001", "demo-mp-secret")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range spec.People {
		if !slices.Contains(users, p.WeComUserID) {
			t.Errorf("member %s of the demo tenant is not in the seeded corp (%v)", p.WeComUserID, users)
		}
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	res, err := http.Get(hs.URL + "/cgi-bin/gettoken?" + url.Values{"corpid": {demo.CorpID}, "corpsecret": {spec.Secret}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got struct {
		ErrCode     int    `json:"errcode"`
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.ErrCode != 0 || got.AccessToken == "" {
		t.Errorf("gettoken with the demo tenant's corp and secret: errcode %d", got.ErrCode)
	}
}
