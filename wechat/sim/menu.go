package sim

import (
	"encoding/json"
	"net/http"
)

// An app's menu (自定义菜单): 1–3 top-level buttons, each a button or a
// group of 1–5 sub-buttons. Names are at most 16 bytes at the top and 40
// below, keys 128 bytes, URLs 1024 bytes. Each limit has its own errcode
// (40016–40027), separate for top-level and sub-buttons.

type wcButton struct {
	Type      string     `json:"type,omitempty"`
	Name      string     `json:"name"`
	Key       string     `json:"key,omitempty"`
	URL       string     `json:"url,omitempty"`
	AppID     string     `json:"appid,omitempty"`
	PagePath  string     `json:"pagepath,omitempty"`
	SubButton []wcButton `json:"sub_button,omitempty"`
}

type wcMenu struct {
	Button []wcButton `json:"button"`
}

// wcButtonTypes are the button types and whether they need a key (event
// buttons) or something else (view: url; view_miniprogram: appid).
var wcButtonTypes = map[string]bool{
	"click": true, "scancode_push": true, "scancode_waitmsg": true, "pic_sysphoto": true,
	"pic_photo_or_album": true, "pic_weixin": true, "location_select": true,
	"view": false, "view_miniprogram": false,
}

// wcMenuCodes are the errcodes of one level: top-level or sub-button.
type wcMenuCodes struct{ kind, name, key, url int }

var (
	wcTopCodes = wcMenuCodes{kind: 40017, name: 40018, key: 40019, url: 40020}
	wcSubCodes = wcMenuCodes{kind: 40024, name: 40025, key: 40026, url: 40027}
)

func checkAgentMenu(m wcMenu) *apiError {
	if len(m.Button) == 0 || len(m.Button) > 3 {
		return apiErr(40016, "invalid button size: 1 to 3 buttons")
	}
	for _, b := range m.Button {
		if len(b.SubButton) == 0 {
			if e := checkAgentButton(b, 16, wcTopCodes); e != nil {
				return e
			}
			continue
		}
		if b.Name == "" {
			return apiErr(41102, "menu name missing")
		}
		if len(b.Name) > 16 {
			return apiErr(40018, "invalid button name size")
		}
		if len(b.SubButton) > 5 {
			return apiErr(40023, "invalid sub button size: 1 to 5 sub buttons")
		}
		for _, sb := range b.SubButton {
			if len(sb.SubButton) > 0 {
				return apiErr(40022, "invalid sub menu level: only two levels")
			}
			if e := checkAgentButton(sb, 40, wcSubCodes); e != nil {
				return e
			}
		}
	}
	return nil
}

// checkAgentButton checks a button that does something. sim: a view_miniprogram
// button without appid or pagepath is 40058.
func checkAgentButton(b wcButton, maxName int, codes wcMenuCodes) *apiError {
	needsKey, ok := wcButtonTypes[b.Type]
	switch {
	case !ok:
		return apiErr(codes.kind, "invalid button type")
	case b.Name == "":
		return apiErr(41102, "menu name missing")
	case len(b.Name) > maxName:
		return apiErr(codes.name, "invalid button name size")
	case needsKey && (b.Key == "" || len(b.Key) > 128):
		return apiErr(codes.key, "invalid button key size")
	case b.Type == "view" && (b.URL == "" || len(b.URL) > 1024):
		return apiErr(codes.url, "invalid button url size")
	case b.Type == "view_miniprogram" && (b.AppID == "" || b.PagePath == ""):
		return apiErr(40058, "invalid parameter: view_miniprogram needs appid and pagepath")
	}
	return nil
}

// menuAppLocked authenticates a menu call and checks its agentid query.
func (s *Server) menuAppLocked(r *http.Request) (*app, *apiError) {
	_, a, e := s.agentAppLocked(r, r.URL.Query().Get("agentid"))
	return a, e
}

// menuCreateLocked is POST /cgi-bin/menu/create?agentid= {"button":[…]}:
// it replaces the menu.
func (s *Server) menuCreateLocked(r *http.Request, body []byte, readErr error) *apiError {
	a, e := s.menuAppLocked(r)
	if e != nil {
		return e
	}
	var m wcMenu
	if readErr != nil || json.Unmarshal(body, &m) != nil {
		return wrongJSON()
	}
	if e := checkAgentMenu(m); e != nil {
		return e
	}
	a.settings.menu = encodePayload(m)
	return nil
}

// menuGetLocked is GET /cgi-bin/menu/get?agentid= → {"button":[…]}, or
// 46003 without one.
func (s *Server) menuGetLocked(r *http.Request) (map[string]any, *apiError) {
	a, e := s.menuAppLocked(r)
	if e != nil {
		return nil, e
	}
	if a.settings.menu == nil {
		return nil, apiErr(46003, "menu no exist")
	}
	var m wcMenu
	_ = json.Unmarshal(a.settings.menu, &m) // the simulator wrote it
	return map[string]any{"button": m.Button}, nil
}

// menuDeleteLocked is GET /cgi-bin/menu/delete?agentid=. sim: deleting a
// missing menu is not an error.
func (s *Server) menuDeleteLocked(r *http.Request) (map[string]any, *apiError) {
	a, e := s.menuAppLocked(r)
	if e == nil {
		a.settings.menu = nil
	}
	return nil, e
}
