package mp

import (
	"context"
	"fmt"
	"net/url"
	"slices"
)

// Button types of the custom menu.
const (
	ButtonClick              = "click"
	ButtonView               = "view"
	ButtonMiniProgram        = "miniprogram"
	ButtonScanCodePush       = "scancode_push"
	ButtonScanCodeWaitMsg    = "scancode_waitmsg"
	ButtonPicSysPhoto        = "pic_sysphoto"
	ButtonPicPhotoOrAlbum    = "pic_photo_or_album"
	ButtonPicWeixin          = "pic_weixin"
	ButtonLocationSelect     = "location_select"
	ButtonMediaID            = "media_id"
	ButtonArticleID          = "article_id"
	ButtonArticleViewLimited = "article_view_limited"
)

// Menu limits, as WeChat documents them.
const (
	MaxMenuButtons = 3
	MaxSubButtons  = 5
	// MaxTopNameBytes and MaxSubNameBytes bound button names in UTF-8
	// bytes: 5 Chinese characters at the top, 20 below.
	MaxTopNameBytes = 16
	MaxSubNameBytes = 60
	MaxKeyBytes     = 128
	MaxURLBytes     = 1024
)

// keyTypes send Key back to the account's server when tapped.
var keyTypes = []string{ButtonClick, ButtonScanCodePush, ButtonScanCodeWaitMsg, ButtonPicSysPhoto,
	ButtonPicPhotoOrAlbum, ButtonPicWeixin, ButtonLocationSelect}

// Menu is the account's custom menu (自定义菜单): 1–3 buttons.
type Menu struct {
	Buttons []Button `json:"button"`
}

// Button is a menu entry: either a parent with 1–5 SubButtons (and no
// Type), or an action of one Type with the fields that type needs (Key for
// click and the scan/photo/location types; URL for view; URL, AppID and
// PagePath for miniprogram; MediaID or ArticleID for the material types).
type Button struct {
	Type       string   `json:"type,omitempty"`
	Name       string   `json:"name"`
	Key        string   `json:"key,omitempty"`
	URL        string   `json:"url,omitempty"`
	AppID      string   `json:"appid,omitempty"`
	PagePath   string   `json:"pagepath,omitempty"`
	MediaID    string   `json:"media_id,omitempty"`
	ArticleID  string   `json:"article_id,omitempty"`
	SubButtons []Button `json:"sub_button,omitempty"`
}

const menuCreateAPI = "menu/create"

// CreateMenu replaces the account's custom menu (POST /cgi-bin/menu/create).
// A menu outside the documented limits is refused with a *ValidationError
// naming the field (e.g. "button[1].sub_button[0].name"), without a call.
func (c *Client) CreateMenu(ctx context.Context, acct Account, m Menu) error {
	if err := checkButtons(m.Buttons, "button", false); err != nil {
		return err
	}
	req, err := post(menuCreateAPI, m, true)
	if err != nil {
		return err
	}
	return c.call(ctx, acct, req, nil)
}

// GetMenu returns the custom menu created through the API (GET
// /cgi-bin/menu/get). An account without one answers an *Error with code
// CodeMenuNotExist (46003).
func (c *Client) GetMenu(ctx context.Context, acct Account) (Menu, error) {
	var out struct {
		Menu Menu `json:"menu"`
	}
	if err := c.call(ctx, acct, get("menu/get", nil), &out); err != nil {
		return Menu{}, err
	}
	normalise(out.Menu.Buttons)
	return out.Menu, nil
}

// normalise turns the "sub_button": [] WeChat shows on leaves into nil.
func normalise(bs []Button) {
	for i := range bs {
		if len(bs[i].SubButtons) == 0 {
			bs[i].SubButtons = nil
		}
		normalise(bs[i].SubButtons)
	}
}

// DeleteMenu removes the custom menu (GET /cgi-bin/menu/delete).
func (c *Client) DeleteMenu(ctx context.Context, acct Account) error {
	return c.call(ctx, acct, get("menu/delete", nil), nil)
}

func checkButtons(bs []Button, path string, sub bool) error {
	limit, maxName := MaxMenuButtons, MaxTopNameBytes
	if sub {
		limit, maxName = MaxSubButtons, MaxSubNameBytes
	}
	if len(bs) == 0 || len(bs) > limit {
		return &ValidationError{API: menuCreateAPI, Field: path, Reason: fmt.Sprintf("%d buttons; 1 to %d allowed", len(bs), limit)}
	}
	for i, b := range bs {
		field := fmt.Sprintf("%s[%d]", path, i)
		invalid := func(f, reason string) error {
			return &ValidationError{API: menuCreateAPI, Field: field + f, Reason: reason}
		}
		if b.Name == "" || len(b.Name) > maxName {
			return invalid(".name", fmt.Sprintf("%d bytes; 1 to %d allowed", len(b.Name), maxName))
		}
		if len(b.SubButtons) > 0 {
			if sub {
				return invalid(".sub_button", "sub-buttons cannot have sub-buttons")
			}
			if b.Type != "" {
				return invalid(".type", "a button with sub-buttons has no type")
			}
			if err := checkButtons(b.SubButtons, field+".sub_button", true); err != nil {
				return err
			}
			continue
		}
		if err := checkAction(b, invalid); err != nil {
			return err
		}
	}
	return nil
}

func checkAction(b Button, invalid func(field, reason string) error) error {
	switch {
	case slices.Contains(keyTypes, b.Type):
		if b.Key == "" || len(b.Key) > MaxKeyBytes {
			return invalid(".key", fmt.Sprintf("%d bytes; 1 to %d allowed", len(b.Key), MaxKeyBytes))
		}
	case b.Type == ButtonView:
		return checkURL(b.URL, invalid)
	case b.Type == ButtonMiniProgram:
		if err := checkURL(b.URL, invalid); err != nil {
			return err
		}
		if b.AppID == "" || b.PagePath == "" {
			return invalid(".appid", "a mini program button needs appid and pagepath")
		}
	case b.Type == ButtonMediaID:
		if b.MediaID == "" {
			return invalid(".media_id", "required for this type")
		}
	case b.Type == ButtonArticleID || b.Type == ButtonArticleViewLimited:
		if b.ArticleID == "" {
			return invalid(".article_id", "required for this type")
		}
	case b.Type == "":
		return invalid(".type", "a button needs a type or sub-buttons")
	default:
		return invalid(".type", fmt.Sprintf("unknown type %q", b.Type))
	}
	return nil
}

func checkURL(raw string, invalid func(field, reason string) error) error {
	if raw == "" || len(raw) > MaxURLBytes {
		return invalid(".url", fmt.Sprintf("%d bytes; 1 to %d allowed", len(raw), MaxURLBytes))
	}
	if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalid(".url", "an absolute http(s) URL is required")
	}
	return nil
}
