package wecom

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
)

// JoinQRSize is the size_type of corp/get_join_qrcode: the side of the
// image in pixels.
type JoinQRSize int

// The sizes WeCom offers. JoinQRDefault sends no size_type, which WeCom
// answers with JoinQR399.
const (
	JoinQRDefault JoinQRSize = 0
	JoinQR171     JoinQRSize = 1
	JoinQR399     JoinQRSize = 2
	JoinQR741     JoinQRSize = 3
	JoinQR2052    JoinQRSize = 4
)

type joinQRResponse struct {
	JoinQRCode string `json:"join_qrcode"`
}

// JoinQRCode returns the URL of the image of the corp's join QR code
// (加入企业二维码, GET /cgi-bin/corp/get_join_qrcode): a person scanning it
// with WeChat or WeCom asks to join the corp. app must be the corp's
// contact-sync secret (AgentID 0); an app's secret gets an *Error with
// CodeNotAllowed (48002). A size outside JoinQRDefault..JoinQR2052 is
// refused before any call.
func (c *Client) JoinQRCode(ctx context.Context, app App, size JoinQRSize) (string, error) {
	const api = "corp/get_join_qrcode"
	if size < JoinQRDefault || size > JoinQR2052 {
		return "", fmt.Errorf("wecom %s: size_type %d is not 1 to 4", api, size)
	}
	q := url.Values{}
	if size != JoinQRDefault {
		q.Set("size_type", strconv.Itoa(int(size)))
	}
	var out joinQRResponse
	if err := c.call(ctx, app, get(api, q), &out); err != nil {
		return "", err
	}
	if out.JoinQRCode == "" {
		return "", fmt.Errorf("wecom %s: the answer has no join_qrcode", api)
	}
	return out.JoinQRCode, nil
}

// DefaultQRLoginBase is the origin of WeCom's web sign-in page
// (企业微信扫码登录).
const DefaultQRLoginBase = "https://login.work.weixin.qq.com"

// QRLoginURL builds the page a browser opens to sign in by scanning a QR
// code with WeCom, for a self-built or 代开发 app (login_type CorpApp):
//
//	{base}/wwlogin/sso/login?login_type=CorpApp&appid=CORPID&agentid=AGENTID&redirect_uri=URLENC&state=STATE
//
// base defaults to DefaultQRLoginBase when empty; demos pass the
// simulator's origin. After the scan WeCom sends the browser to
// redirectURI with code and state added; the code is exchanged with
// GetUserInfo (single use, 5 minutes). redirectURI's host must be the
// app's trusted domain (可信域名). state should be at most 128 bytes of
// [a-zA-Z0-9] and bound to the browser's session against CSRF.
func QRLoginURL(base, corpID string, agentID int64, redirectURI, state string) string {
	if base == "" {
		base = DefaultQRLoginBase
	}
	return orderedURL(base, "/wwlogin/sso/login", "login_type", "CorpApp", "appid", corpID,
		"agentid", strconv.FormatInt(agentID, 10), "redirect_uri", redirectURI, "state", state)
}
