package sim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
)

// The custom menu (自定义菜单) of a service account: menu/create checks
// the documented limits with WeChat's codes, menu/get answers what was
// created, menu/delete removes it.

const (
	mpMaxButtons    = 3
	mpMaxSubButtons = 5
	mpMaxNameTop    = 16 // bytes
	mpMaxNameSub    = 60 // bytes
	mpMaxKey        = 128
	mpMaxURL        = 1024
)

// mpKeyTypes are the button types that send a key back to the server.
var mpKeyTypes = []string{"click", "scancode_push", "scancode_waitmsg", "pic_sysphoto",
	"pic_photo_or_album", "pic_weixin", "location_select"}

type mpButton struct {
	Type      string     `json:"type,omitempty"`
	Name      string     `json:"name"`
	Key       string     `json:"key,omitempty"`
	URL       string     `json:"url,omitempty"`
	AppID     string     `json:"appid,omitempty"`
	PagePath  string     `json:"pagepath,omitempty"`
	MediaID   string     `json:"media_id,omitempty"`
	ArticleID string     `json:"article_id,omitempty"`
	SubButton []mpButton `json:"sub_button"`
}

type mpMenu struct {
	buttons []mpButton
	menuID  int64
}

// mpMenuCodes are the errcodes of one menu level: WeChat has a set for
// top-level buttons and another for sub-buttons.
type mpMenuCodes struct{ size, typ, name, key, url, domain, maxName int }

var (
	mpTopCodes = mpMenuCodes{size: 40016, typ: 40017, name: 40018, key: 40019, url: 40020, domain: 40055, maxName: mpMaxNameTop}
	mpSubCodes = mpMenuCodes{size: 40023, typ: 40024, name: 40025, key: 40026, url: 40027, domain: 40054, maxName: mpMaxNameSub}
)

// POST /cgi-bin/menu/create?access_token= {"button": […]}
func (s *Server) handleMPMenuCreate(w http.ResponseWriter, r *http.Request) {
	raw, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	s.mu.Lock()
	e := s.mpMenuCreateLocked(r, raw, readErr)
	s.mu.Unlock()
	s.mpReply(w, r, e, nil, false)
}

func (s *Server) mpMenuCreateLocked(r *http.Request, raw []byte, readErr error) *apiError {
	a, e := s.mpAuthLocked(r)
	if e != nil {
		return e
	}
	var in struct {
		Button []mpButton `json:"button"`
	}
	if readErr != nil || json.Unmarshal(raw, &in) != nil {
		return apiErr(47001, "data format error")
	}
	if e := mpCheckButtons(in.Button, mpTopCodes); e != nil {
		return e
	}
	for i := range in.Button {
		mpNormaliseButton(&in.Button[i])
	}
	s.mp.nextMsgID++ // sim: menuids come from the same counter as msgids
	a.menu = &mpMenu{buttons: in.Button, menuID: s.mp.nextMsgID}
	return nil
}

func mpNormaliseButton(b *mpButton) {
	if len(b.SubButton) > 0 {
		b.Type, b.Key, b.URL, b.AppID, b.PagePath, b.MediaID, b.ArticleID = "", "", "", "", "", "", ""
	}
	if b.SubButton == nil {
		b.SubButton = []mpButton{} // menu/get shows "sub_button": [] on leaves
	}
	for i := range b.SubButton {
		mpNormaliseButton(&b.SubButton[i])
	}
}

// mpCheckButtons applies the documented limits: 1–3 top-level buttons, each
// either a parent of 1–5 sub-buttons or an action button; names ≤16 bytes
// at the top and ≤60 below; keys ≤128 bytes; URLs ≤1024 bytes and http(s).
func mpCheckButtons(bs []mpButton, c mpMenuCodes) *apiError {
	limit := mpMaxButtons
	if c == mpSubCodes {
		limit = mpMaxSubButtons
	}
	if len(bs) == 0 || len(bs) > limit {
		return apiErr(c.size, "invalid button size")
	}
	for _, b := range bs {
		if b.Name == "" || len(b.Name) > c.maxName {
			return apiErr(c.name, "invalid button name size")
		}
		if len(b.SubButton) > 0 {
			if c == mpSubCodes {
				// sim: menus are two levels deep; WeChat's code for a third
				// level is not documented.
				return apiErr(c.typ, "invalid sub button type: sub-buttons cannot have sub-buttons")
			}
			if e := mpCheckButtons(b.SubButton, mpSubCodes); e != nil {
				return e
			}
			continue
		}
		if e := mpCheckAction(b, c); e != nil {
			return e
		}
	}
	return nil
}

func mpCheckAction(b mpButton, c mpMenuCodes) *apiError {
	switch {
	case slices.Contains(mpKeyTypes, b.Type):
		if b.Key == "" || len(b.Key) > mpMaxKey {
			return apiErr(c.key, "invalid button key size")
		}
	case b.Type == "view":
		return mpCheckMenuURL(b.URL, c)
	case b.Type == "miniprogram":
		// The url is what old clients open instead.
		if e := mpCheckMenuURL(b.URL, c); e != nil {
			return e
		}
		if b.AppID == "" {
			// sim: the codes for a missing appid or pagepath are WeChat's
			// general "invalid appid" and "invalid weapp pagepath".
			return apiErr(40013, "invalid appid")
		}
		if b.PagePath == "" {
			return apiErr(40165, "invalid weapp pagepath")
		}
	case b.Type == "media_id" || b.Type == "view_limited":
		if b.MediaID == "" {
			return apiErr(40007, "invalid media_id")
		}
	case b.Type == "article_id" || b.Type == "article_view_limited":
		if b.ArticleID == "" {
			// sim: WeChat's code for a missing article_id is not documented.
			return apiErr(40007, "invalid media_id: article_id missing")
		}
	default:
		// A top-level button with neither a type nor sub-buttons lands here.
		return apiErr(c.typ, "invalid button type")
	}
	return nil
}

func mpCheckMenuURL(raw string, c mpMenuCodes) *apiError {
	if raw == "" || len(raw) > mpMaxURL {
		return apiErr(c.url, "invalid button url size")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return apiErr(c.domain, "invalid button url domain")
	}
	return nil
}

// GET /cgi-bin/menu/get?access_token= → {"menu": {"button": […], "menuid"}}
func (s *Server) handleMPMenuGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var fields map[string]any
	a, e := s.mpAuthLocked(r)
	switch {
	case e != nil:
	case a.menu == nil:
		e = apiErr(46003, "menu no exist")
	default:
		// Encoded under the lock: the buttons are shared state.
		fields = map[string]any{"menu": encodePayload(map[string]any{"button": a.menu.buttons, "menuid": a.menu.menuID})}
	}
	s.mu.Unlock()
	s.mpReply(w, r, e, fields, true)
}

// GET /cgi-bin/menu/delete?access_token=
func (s *Server) handleMPMenuDelete(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	a, e := s.mpAuthLocked(r)
	if e == nil {
		a.menu = nil
	}
	s.mu.Unlock()
	s.mpReply(w, r, e, nil, false)
}
