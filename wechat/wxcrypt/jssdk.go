package wxcrypt

import (
	"crypto/sha1"
	"encoding/hex"
	"strconv"
)

// JSSDKSignature signs a page for wx.config / wx.agentConfig: the SHA-1 of
// "jsapi_ticket=…&noncestr=…&timestamp=…&url=…" in that order, as WeCom and
// the service account both define it. url is the page's full URL without
// its #fragment.
func JSSDKSignature(ticket, nonceStr string, timestamp int64, url string) string {
	sum := sha1.Sum([]byte("jsapi_ticket=" + ticket + "&noncestr=" + nonceStr +
		"&timestamp=" + strconv.FormatInt(timestamp, 10) + "&url=" + url))
	return hex.EncodeToString(sum[:])
}
