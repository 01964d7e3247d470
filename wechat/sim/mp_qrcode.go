package sim

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"
)

// Follow QR codes with a scene (生成带参数的二维码): qrcode/create issues a
// ticket, showqrcode draws it, and a scan (ScanQR, standing in for the
// camera) follows the account or reports the scan with the scene.

const (
	// mpQRDefaultExpiry is a temporary code's life when expire_seconds is
	// not given.
	mpQRDefaultExpiry = 60 * time.Second
	// mpQRMaxExpiry is the longest life of a temporary code, 30 days.
	mpQRMaxExpiry = 2592000 * time.Second
	// mpQRMaxLimitSceneID is the highest scene_id of a permanent code.
	mpQRMaxLimitSceneID = 100000
	// mpQRMaxSceneStr is the longest scene_str, in characters.
	mpQRMaxSceneStr = 64
	// mpQRImagePx is the side of the PNG showqrcode answers.
	mpQRImagePx = 430
)

type mpQRTicket struct {
	ticket, url string
	scene       string    // scene_id in decimal, or scene_str
	expires     time.Time // zero for a permanent code
}

type mpQRCreateBody struct {
	ExpireSeconds *int64 `json:"expire_seconds"`
	ActionName    string `json:"action_name"`
	ActionInfo    struct {
		Scene struct {
			SceneID  *int64 `json:"scene_id"`
			SceneStr string `json:"scene_str"`
		} `json:"scene"`
	} `json:"action_info"`
}

// POST /cgi-bin/qrcode/create?access_token=
func (s *Server) handleMPQRCreate(w http.ResponseWriter, r *http.Request) {
	raw, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	s.mu.Lock()
	fields, e := s.mpQRCreateLocked(r, raw, readErr)
	s.mu.Unlock()
	s.mpReply(w, r, e, fields, true)
}

// mpQRCreateLocked checks a QR code request in the order token, body,
// action_name, scene, expiry. sim: WeChat documents 40052 "invalid action
// name" and 40053 "invalid action info" for qrcode/create but not which
// check gives which; the simulator answers 40053 for every scene out of
// its documented range.
func (s *Server) mpQRCreateLocked(r *http.Request, raw []byte, readErr error) (map[string]any, *apiError) {
	a, e := s.mpAuthLocked(r)
	if e != nil {
		return nil, e
	}
	var req mpQRCreateBody
	if readErr != nil || json.Unmarshal(raw, &req) != nil {
		return nil, apiErr(47001, "data format error")
	}
	var temporary, byID bool
	switch req.ActionName {
	case "QR_SCENE":
		temporary, byID = true, true
	case "QR_STR_SCENE":
		temporary = true
	case "QR_LIMIT_SCENE":
		byID = true
	case "QR_LIMIT_STR_SCENE":
	default:
		return nil, apiErr(40052, "invalid action name")
	}
	sc := req.ActionInfo.Scene
	var scene string
	if byID {
		// A temporary code's scene_id is any non-zero 32-bit number; a
		// permanent one's is 1..100000.
		switch id := sc.SceneID; {
		case id == nil || *id == 0 || *id < 0 || *id > 1<<32-1:
			return nil, apiErr(40053, "invalid action info, scene_id invalid")
		case !temporary && *id > mpQRMaxLimitSceneID:
			return nil, apiErr(40053, "invalid action info, scene_id out of range 1-100000")
		default:
			scene = strconv.FormatInt(*id, 10)
		}
	} else {
		if n := utf8.RuneCountInString(sc.SceneStr); n < 1 || n > mpQRMaxSceneStr {
			return nil, apiErr(40053, "invalid action info, scene_str must be 1-64 characters")
		}
		scene = sc.SceneStr
	}

	now := s.now()
	for v, t := range a.tickets {
		if !t.expires.IsZero() && !now.Before(t.expires) {
			delete(a.tickets, v)
		}
	}
	if !temporary {
		// sim: asking again for a permanent code of the same scene gives
		// the same code, as WeChat's permanent codes are one per scene.
		for _, t := range a.tickets {
			if t.expires.IsZero() && t.scene == scene {
				return map[string]any{"ticket": t.ticket, "url": t.url}, nil
			}
		}
		t := newMPQRTicket(scene, time.Time{})
		a.tickets[t.ticket] = t
		return map[string]any{"ticket": t.ticket, "url": t.url}, nil
	}
	life := mpQRDefaultExpiry
	if req.ExpireSeconds != nil && *req.ExpireSeconds != 0 {
		if *req.ExpireSeconds < 0 {
			// sim: the code for a negative life is a guess.
			return nil, apiErr(47003, "argument invalid! expire_seconds invalid")
		}
		// sim: a longer life is cut to 30 days rather than refused.
		life = min(time.Duration(*req.ExpireSeconds)*time.Second, mpQRMaxExpiry)
	}
	t := newMPQRTicket(scene, now.Add(life))
	a.tickets[t.ticket] = t
	return map[string]any{"ticket": t.ticket, "expire_seconds": int64(life / time.Second), "url": t.url}, nil
}

// newMPQRTicket makes a ticket and the weixin.qq.com/q/ URL its picture
// encodes. WeChat's tickets are base64 with "+", "/" and "=", so a caller
// that forgets to escape one in showqrcode's query fails here as there.
func newMPQRTicket(scene string, expires time.Time) *mpQRTicket {
	var b [36]byte
	_, _ = rand.Read(b[:]) // never fails
	path := base64.RawURLEncoding.EncodeToString(b[:16])
	u := "http://weixin.qq.com/q/" + path
	ticket := "gQ" + base64.StdEncoding.EncodeToString(append(b[16:], u...))
	return &mpQRTicket{ticket: ticket, url: u, scene: scene, expires: expires}
}

// GET /cgi-bin/showqrcode?ticket= answers the code's picture (on
// mp.weixin.qq.com at WeChat, served under /mp here too). sim: an unknown
// or expired ticket gets HTTP 404 with an empty body.
func (s *Server) handleMPShowQR(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	t := s.mpQRTicketLocked(ticket)
	var live bool
	if t != nil {
		live = t.expires.IsZero() || s.now().Before(t.expires)
	}
	s.mu.Unlock()
	if !live {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	_, _ = w.Write(fakeQRPNG(t.url, mpQRImagePx))
}

// mpQRTicketLocked finds a ticket of any account; showqrcode takes no appid.
func (s *Server) mpQRTicketLocked(ticket string) *mpQRTicket {
	for _, a := range s.mp.accounts {
		if t := a.tickets[ticket]; t != nil {
			return t
		}
	}
	return nil
}

// ScanQR plays a WeChat user scanning the account's QR code ticket: an
// unknown openid becomes a subscribed follower named nickname, and an
// unsubscribed follower subscribes again, each with a subscribe event
// whose EventKey is "qrscene_" + the scene and whose Ticket is the
// ticket; a subscribed follower's scan gives a SCAN event with EventKey
// the scene itself. It returns ErrNotFound for an unknown account or a
// ticket that is not the account's, ErrInvalid for an empty openid or an
// expired ticket.
func (s *Server) ScanQR(appID, ticket, openID, nickname string) error {
	if openID == "" {
		return fmt.Errorf("%w: a scan needs the scanner's openid", ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mp.accounts[appID]
	if a == nil {
		return fmt.Errorf("%w: service account %q", ErrNotFound, appID)
	}
	t := a.tickets[ticket]
	if t == nil {
		return fmt.Errorf("%w: QR code ticket of %q", ErrNotFound, appID)
	}
	if !t.expires.IsZero() && !s.now().Before(t.expires) {
		return fmt.Errorf("%w: the QR code expired at %s", ErrInvalid, t.expires.Format(time.RFC3339))
	}
	f := a.followers[openID]
	var ev MPEvent
	switch {
	case f == nil:
		a.followers[openID] = &mpFollower{openID: openID, nickname: nickname, subscribed: true}
		ev = s.mpEvent(a, openID, "subscribe")
		ev.EventKey = "qrscene_" + t.scene
	case !f.subscribed:
		f.subscribed = true
		ev = s.mpEvent(a, openID, "subscribe")
		ev.EventKey = "qrscene_" + t.scene
	default:
		ev = s.mpEvent(a, openID, "SCAN")
		ev.EventKey = t.scene
	}
	ev.Ticket = t.ticket
	s.mpEmitLocked(a, ev)
	return nil
}

// POST /_sim/mp/{appid}/scan {"ticket","openid","nickname"} → 204.
func (s *Server) handleMPScan(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Ticket   string `json:"ticket"`
		OpenID   string `json:"openid"`
		Nickname string `json:"nickname"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	noContent(w, s.ScanQR(r.PathValue("appid"), in.Ticket, in.OpenID, in.Nickname))
}
