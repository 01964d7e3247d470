package sim

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// The follower's phone: the service account's chat as WeChat shows it
// (template messages, the 关注 button, the menu at the bottom). Opening
// it hands the phone to the follower, as /_sim/mp/phone does, so a menu
// link into the account's web OAuth signs in as them.

type mpInboxData struct {
	AppID, OpenID, Account, Nickname string
	Subscribed, Blocked              bool
	// Action is where the 关注 form posts; CSRF its per-process token.
	Action, CSRF string
	Messages     []mpCard
	Menu         []mpMenuLink
}

// mpCard is one template message as the phone renders it since 2023: the
// template's title, a line per keyword, and 详情 when it links somewhere.
type mpCard struct {
	Title, When, URL, MiniProgram string
	Lines                         []TemplateLine
}

// mpMenuLink is a menu button: Href taps it (a VIEW or CLICK event, then
// on to the url or back to the chat); a top button with Subs opens them.
type mpMenuLink struct {
	Name, Type, Href string
	Subs             []mpMenuLink
}

func mpInboxPath(appID, openID string) string {
	return "/_sim/mp/inbox/" + url.PathEscape(appID) + "/" + url.PathEscape(openID)
}

// GET /_sim/mp/inbox/{appid}/{openid}
func (s *Server) handleMPInbox(w http.ResponseWriter, r *http.Request) {
	appID, openID := r.PathValue("appid"), r.PathValue("openid")
	s.mu.Lock()
	f, err := s.mpFollowerLocked(appID, openID)
	if err != nil {
		s.mu.Unlock()
		s.page(w, http.StatusNotFound, "error", "no such service account or follower")
		return
	}
	a := s.mp.accounts[appID]
	base := mpInboxPath(appID, openID)
	data := mpInboxData{AppID: appID, OpenID: openID, Account: a.name, Nickname: f.nickname,
		Subscribed: f.subscribed, Blocked: f.blocked, Action: base, CSRF: s.consoleToken}
	if data.Account == "" {
		data.Account = appID
	}
	for _, m := range slices.Backward(f.messages) {
		c := mpCard{Title: m.Title, When: m.ReceivedAt.In(mpBeijing).Format("01-02 15:04"), Lines: m.Lines}
		switch m.Opens {
		case "miniprogram":
			c.MiniProgram = m.MiniProgram.AppID
		case "url":
			c.URL = m.URL
		}
		data.Messages = append(data.Messages, c)
	}
	if a.menu != nil {
		for i, b := range a.menu.buttons {
			top := mpMenuLink{Name: b.Name, Type: b.Type, Href: base + "/tap?b=" + strconv.Itoa(i)}
			for j, sub := range b.SubButton {
				top.Subs = append(top.Subs, mpMenuLink{Name: sub.Name, Type: sub.Type,
					Href: base + "/tap?b=" + strconv.Itoa(i) + "." + strconv.Itoa(j)})
			}
			data.Menu = append(data.Menu, top)
		}
	}
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: MPPhoneCookie, Value: appID + "/" + openID, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode})
	s.page(w, http.StatusOK, "mpinbox", data)
}

// POST /_sim/mp/inbox/{appid}/{openid} subscribed=true|false (form, with
// csrf) → 303 back to the chat.
func (s *Server) handleMPInboxSubscribe(w http.ResponseWriter, r *http.Request) {
	appID, openID := r.PathValue("appid"), r.PathValue("openid")
	if err := s.SetSubscribed(appID, openID, r.PostFormValue("subscribed") == "true"); err != nil {
		s.page(w, controlStatus(err), "error", err.Error())
		return
	}
	http.Redirect(w, r, mpInboxPath(appID, openID), http.StatusSeeOther)
}

// GET /_sim/mp/inbox/{appid}/{openid}/tap?b=i[.j] taps menu button i (or
// its sub-button j): a view button records VIEW with the url and goes
// there, a click button records CLICK with its key and comes back; other
// types (miniprogram, scancode, …) only come back. Buttons are found by
// position, so the page cannot be made to redirect anywhere else.
func (s *Server) handleMPMenuTap(w http.ResponseWriter, r *http.Request) {
	appID, openID := r.PathValue("appid"), r.PathValue("openid")
	back := mpInboxPath(appID, openID)
	s.mu.Lock()
	b, err := s.mpTappedLocked(appID, openID, r.URL.Query().Get("b"))
	if err != nil {
		s.mu.Unlock()
		s.page(w, controlStatus(err), "error", err.Error())
		return
	}
	a := s.mp.accounts[appID]
	next := back
	switch b.Type {
	case "view":
		ev := s.mpEvent(a, openID, "VIEW")
		ev.EventKey = b.URL
		s.mpEmitLocked(a, ev)
		next = b.URL
	case "click":
		ev := s.mpEvent(a, openID, "CLICK")
		ev.EventKey = b.Key
		s.mpEmitLocked(a, ev)
	}
	s.mu.Unlock()
	http.Redirect(w, r, next, http.StatusFound)
}

func (s *Server) mpTappedLocked(appID, openID, pos string) (mpButton, error) {
	if _, err := s.mpFollowerLocked(appID, openID); err != nil {
		return mpButton{}, err
	}
	a := s.mp.accounts[appID]
	var buttons []mpButton
	if a.menu != nil {
		buttons = a.menu.buttons
	}
	top, sub, hasSub := strings.Cut(pos, ".")
	i, err := strconv.Atoi(top)
	if err != nil || i < 0 || i >= len(buttons) {
		return mpButton{}, fmt.Errorf("%w: no menu button %q", ErrNotFound, pos)
	}
	b := buttons[i]
	if !hasSub {
		return b, nil
	}
	j, err := strconv.Atoi(sub)
	if err != nil || j < 0 || j >= len(b.SubButton) {
		return mpButton{}, fmt.Errorf("%w: no menu button %q", ErrNotFound, pos)
	}
	return b.SubButton[j], nil
}

// POST /_sim/mp/{appid}/followers/{openid}/block {"blocked"} → 204.
func (s *Server) handleMPBlock(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Blocked *bool `json:"blocked"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if in.Blocked == nil {
		writeControlError(w, fmt.Errorf("%w: blocked (true or false) is required", ErrInvalid))
		return
	}
	noContent(w, s.SetBlocked(r.PathValue("appid"), r.PathValue("openid"), *in.Blocked))
}

// indexAccount is a service account on the simulator's index page.
type indexAccount struct {
	AppID, Name string
	Followers   []userLink
}

// indexAccountsLocked lists the service accounts and their followers, by
// appid and openid, each follower a link to their phone.
func (s *Server) indexAccountsLocked() []indexAccount {
	var out []indexAccount
	for _, a := range s.mp.accounts {
		ia := indexAccount{AppID: a.appID, Name: a.name}
		for _, f := range a.followers {
			name := f.nickname
			if !f.subscribed {
				name += " · 未关注"
			}
			ia.Followers = append(ia.Followers, userLink{ID: f.openID, Name: name, Href: mpInboxPath(a.appID, f.openID)})
		}
		slices.SortFunc(ia.Followers, func(x, y userLink) int { return strings.Compare(x.ID, y.ID) })
		out = append(out, ia)
	}
	slices.SortFunc(out, func(x, y indexAccount) int { return strings.Compare(x.AppID, y.AppID) })
	return out
}
