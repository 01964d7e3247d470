package wecom

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
)

// CodeNoMenu (46003) is GetMenu's answer for an app without a menu.
const CodeNoMenu = 46003

// Menu button types.
const (
	ButtonClick           = "click"
	ButtonView            = "view"
	ButtonScanPush        = "scancode_push"
	ButtonScanWaitMsg     = "scancode_waitmsg"
	ButtonPicSysPhoto     = "pic_sysphoto"
	ButtonPicPhotoOrAlbum = "pic_photo_or_album"
	ButtonPicWeixin       = "pic_weixin"
	ButtonLocationSelect  = "location_select"
	ButtonViewMiniprogram = "view_miniprogram"
)

// Menu is an app's custom menu (自定义菜单): 1 to 3 top-level buttons.
type Menu struct {
	Buttons []MenuButton `json:"button"`
}

// MenuButton is a button or, with SubButtons (1 to 5, no deeper), a group.
// Names are at most 16 bytes at the top level and 40 bytes below. Event
// buttons (click, scancode_*, pic_*, location_select) need a Key of at
// most 128 bytes, reported to the callback; view needs a URL (≤1024
// bytes); view_miniprogram an AppID and PagePath.
type MenuButton struct {
	Type       string       `json:"type,omitempty"`
	Name       string       `json:"name"`
	Key        string       `json:"key,omitempty"`
	URL        string       `json:"url,omitempty"`
	AppID      string       `json:"appid,omitempty"`
	PagePath   string       `json:"pagepath,omitempty"`
	SubButtons []MenuButton `json:"sub_button,omitempty"`
}

func (m Menu) validate() error {
	if len(m.Buttons) == 0 || len(m.Buttons) > 3 {
		return fmt.Errorf("menu needs 1 to 3 buttons, has %d", len(m.Buttons))
	}
	for i, b := range m.Buttons {
		if len(b.SubButtons) == 0 {
			if err := b.validate(16); err != nil {
				return fmt.Errorf("button %d: %w", i+1, err)
			}
			continue
		}
		if b.Name == "" || len(b.Name) > 16 {
			return fmt.Errorf("button %d: a name of 1 to 16 bytes", i+1)
		}
		if len(b.SubButtons) > 5 {
			return fmt.Errorf("button %d: at most 5 sub-buttons", i+1)
		}
		for j, sb := range b.SubButtons {
			if len(sb.SubButtons) > 0 {
				return fmt.Errorf("button %d.%d: menus have two levels only", i+1, j+1)
			}
			if err := sb.validate(40); err != nil {
				return fmt.Errorf("button %d.%d: %w", i+1, j+1, err)
			}
		}
	}
	return nil
}

func (b MenuButton) validate(maxName int) error {
	if b.Name == "" || len(b.Name) > maxName {
		return fmt.Errorf("a name of 1 to %d bytes", maxName)
	}
	switch b.Type {
	case ButtonClick, ButtonScanPush, ButtonScanWaitMsg, ButtonPicSysPhoto, ButtonPicPhotoOrAlbum,
		ButtonPicWeixin, ButtonLocationSelect:
		if b.Key == "" || len(b.Key) > 128 {
			return errors.New("a key of 1 to 128 bytes")
		}
	case ButtonView:
		if b.URL == "" || len(b.URL) > 1024 {
			return errors.New("a url of 1 to 1024 bytes")
		}
	case ButtonViewMiniprogram:
		if b.AppID == "" || b.PagePath == "" {
			return errors.New("an appid and a pagepath")
		}
	default:
		return fmt.Errorf("unknown type %q", b.Type)
	}
	return nil
}

func agentQuery(app App) url.Values {
	return url.Values{"agentid": {strconv.FormatInt(app.AgentID, 10)}}
}

// CreateMenu replaces app's menu (POST /cgi-bin/menu/create). m is checked
// against WeCom's limits first; WeCom's own refusals are 40016–40027.
func (c *Client) CreateMenu(ctx context.Context, app App, m Menu) error {
	const api = "menu/create"
	if err := m.validate(); err != nil {
		return fmt.Errorf("wecom %s: %w", api, err)
	}
	r, err := post(api, m)
	if err != nil {
		return err
	}
	r.query = agentQuery(app)
	return c.call(ctx, app, r, nil)
}

// GetMenu returns app's menu (GET /cgi-bin/menu/get); an app without one
// gives an *Error with code CodeNoMenu.
func (c *Client) GetMenu(ctx context.Context, app App) (Menu, error) {
	var out Menu
	if err := c.call(ctx, app, get("menu/get", agentQuery(app)), &out); err != nil {
		return Menu{}, err
	}
	return out, nil
}

// DeleteMenu removes app's menu (GET /cgi-bin/menu/delete).
func (c *Client) DeleteMenu(ctx context.Context, app App) error {
	return c.call(ctx, app, get("menu/delete", agentQuery(app)), nil)
}
