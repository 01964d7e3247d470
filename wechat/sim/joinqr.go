package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
)

// The join QR code (加入企业二维码): GET /cgi-bin/corp/get_join_qrcode with
// the contact-sync secret's token returns the URL of an image people scan
// to ask to join the corp. WeCom's URL is
// https://work.weixin.qq.com/wework_admin/genqrcode?action=join&vcode=…&qr_size=…;
// the simulator serves the same path on its own origin with a fake code.

// joinQRPixels maps size_type to the image's side, as WeCom documents:
// 1 171×171, 2 399×399, 3 741×741, 4 2052×2052.
var joinQRPixels = map[int]int{1: 171, 2: 399, 3: 741, 4: 2052}

// defaultJoinQRSize is the size_type of a call without one. sim: WeCom's
// documented default is 2 (399×399) in the copies read.
const defaultJoinQRSize = 2

// joinQRPath serves the images.
const joinQRPath = "/wework_admin/genqrcode"

// joinVCode is the corp's join code in the image URL: stable for the
// corp, so the URL is too.
func joinVCode(corpID string) string {
	sum := sha256.Sum256([]byte("join:" + corpID))
	return hex.EncodeToString(sum[:15])
}

// joinQRCodeLocked is GET /cgi-bin/corp/get_join_qrcode?size_type= →
// {"join_qrcode"}: the contact-sync secret's token only (48002 for an
// app's), size_type 1–4 or absent. sim: a size_type out of range is 40058;
// WeCom's code for it is not documented.
func (s *Server) joinQRCodeLocked(r *http.Request) (map[string]any, *apiError) {
	c, e := s.contactAuthLocked(r)
	if e != nil {
		return nil, e
	}
	size := defaultJoinQRSize
	if v := r.URL.Query().Get("size_type"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || joinQRPixels[n] == 0 {
			return nil, apiErr(40058, "invalid parameter: size_type must be 1, 2, 3 or 4")
		}
		size = n
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return map[string]any{"join_qrcode": scheme + "://" + r.Host + joinQRPath + "?action=join&vcode=" +
		joinVCode(c.id) + "&qr_size=" + strconv.Itoa(size)}, nil
}

// handleJoinQRImage serves the PNG a join_qrcode URL names; 404 for a
// vcode no corp has.
func (s *Server) handleJoinQRImage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	size, _ := strconv.Atoi(q.Get("qr_size"))
	px := joinQRPixels[size]
	s.mu.Lock()
	var corpID string
	for id := range s.corps {
		if joinVCode(id) == q.Get("vcode") {
			corpID = id
		}
	}
	s.mu.Unlock()
	if q.Get("action") != "join" || corpID == "" || px == 0 {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	_, _ = w.Write(fakeQRPNG("join:"+corpID, px))
}
