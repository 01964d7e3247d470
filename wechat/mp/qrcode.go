package mp

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultShowQRBase is the origin serving a QR code's image by its ticket (showqrcode), which is not the API's.
const DefaultShowQRBase = "https://mp.weixin.qq.com"

// MaxQRScene is the longest scene_str of a QR code, in characters; MaxTempQR the longest life of a temporary one.
const (
	MaxQRScene = 64
	MaxTempQR  = 30 * 24 * time.Hour
)

// QRCode is a follow QR code with a scene (带参数二维码): its ticket, the address its image shows (URL), and how long
// it lives. A scan by someone not following yet sends a subscribe event whose EventKey is "qrscene_" + scene; by a
// follower, a SCAN event whose EventKey is the scene.
type QRCode struct {
	Ticket    string
	URL       string
	ExpiresIn time.Duration
}

// CreateTempQR makes a temporary QR code with scene (POST /cgi-bin/qrcode/create, QR_STR_SCENE) living ttl (at most
// MaxTempQR).
func (c *Client) CreateTempQR(ctx context.Context, acct Account, scene string, ttl time.Duration) (QRCode, error) {
	const api = "qrcode/create"
	if n := utf8.RuneCountInString(scene); n == 0 || n > MaxQRScene {
		return QRCode{}, &ValidationError{API: api, Field: "action_info.scene.scene_str", Reason: fmt.Sprintf("1–%d characters", MaxQRScene)}
	}
	if ttl <= 0 || ttl > MaxTempQR {
		return QRCode{}, &ValidationError{API: api, Field: "expire_seconds", Reason: "between a second and 30 days"}
	}
	in := map[string]any{"expire_seconds": int64(ttl / time.Second), "action_name": "QR_STR_SCENE",
		"action_info": map[string]any{"scene": map[string]any{"scene_str": scene}}}
	req, err := post(api, in, true)
	if err != nil {
		return QRCode{}, err
	}
	var out struct {
		Ticket        string `json:"ticket"`
		ExpireSeconds int64  `json:"expire_seconds"`
		URL           string `json:"url"`
	}
	if err := c.call(ctx, acct, req, &out); err != nil {
		return QRCode{}, err
	}
	return QRCode{Ticket: out.Ticket, URL: out.URL, ExpiresIn: time.Duration(out.ExpireSeconds) * time.Second}, nil
}

// QRImageURL is the address of the image of the QR code with ticket, at base (DefaultShowQRBase when "").
func QRImageURL(base, ticket string) string {
	if base == "" {
		base = DefaultShowQRBase
	}
	return strings.TrimRight(base, "/") + "/cgi-bin/showqrcode?ticket=" + url.QueryEscape(ticket)
}
