package sim

import (
	"encoding/json"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// The HTML side of the simulator: the phone's inbox, the "who holds the
// phone" chooser of the OAuth step, error pages, and an index for demos.
// Elements browser tests click carry data-testid attributes.

type userLink struct{ ID, Name, Href string }

type chooseData struct {
	CorpID string
	Users  []userLink
}

type card struct {
	MsgType, Title, URL, BtnTxt, Content, When, App string
	Description                                     template.HTML
}

type inboxData struct {
	CorpID, UserID, Name string
	Cards                []card
}

type indexCorp struct {
	ID    string
	Users []userLink
}

// page renders one of pageTemplates; the data is the template's dot.
func (s *Server) page(w http.ResponseWriter, status int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = s.pages.ExecuteTemplate(w, name, data)
}

func phoneLinks(corpID string, users []*user, next string) []userLink {
	links := make([]userLink, len(users))
	for i, u := range users {
		links[i] = userLink{ID: u.id, Name: u.name,
			Href: "/_sim/phone/" + url.PathEscape(corpID) + "/" + url.PathEscape(u.id) + "?next=" + url.QueryEscape(next)}
	}
	return links
}

// handleInbox shows what the member's phone received, newest first, and
// hands the phone to them (sets the cookie the OAuth step reads).
// Suppressed duplicates are not shown: the phone never got them.
func (s *Server) handleInbox(w http.ResponseWriter, r *http.Request) {
	corpID := r.PathValue("corpid")
	s.mu.Lock()
	u := s.userLocked(corpID, r.PathValue("userid"))
	if u == nil {
		s.mu.Unlock()
		s.page(w, http.StatusNotFound, "error", "no such corp or user")
		return
	}
	data := inboxData{CorpID: corpID, UserID: u.id, Name: u.name}
	apps := map[int64]string{}
	for id, a := range s.corps[corpID].apps {
		apps[id] = a.name
	}
	for _, m := range slices.Backward(u.inbox) {
		if !m.Duplicate {
			data.Cards = append(data.Cards, toCard(m, apps[m.AgentID]))
		}
	}
	s.mu.Unlock()

	setPhoneCookie(w, corpID, u.id)
	s.page(w, http.StatusOK, "inbox", data)
}

func toCard(m Message, appName string) card {
	c := card{MsgType: m.MsgType, When: m.ReceivedAt.Format("01-02 15:04"), App: appName}
	switch m.MsgType {
	case "textcard":
		var p textCardPayload
		_ = json.Unmarshal(m.Payload, &p)
		c.Title, c.URL, c.BtnTxt = p.Title, p.URL, p.BtnTxt
		c.Description = cardDescription(p.Description)
		if c.BtnTxt == "" {
			c.BtnTxt = "详情"
		}
	case "text":
		var p textPayload
		_ = json.Unmarshal(m.Payload, &p)
		c.Content = p.Content
	}
	return c
}

// cardDescription renders a textcard description as WeCom does: escaped
// text, except the few tags WeCom styles (div class gray/normal/highlight
// and br), which are restored verbatim and so cannot carry anything else.
func cardDescription(d string) template.HTML {
	esc := html.EscapeString(d)
	for _, tag := range []string{`<div class="gray">`, `<div class="normal">`, `<div class="highlight">`, `</div>`, `<br>`, `<br/>`} {
		esc = strings.ReplaceAll(esc, html.EscapeString(tag), tag)
	}
	return template.HTML(strings.ReplaceAll(esc, "\n", "<br>"))
}

// handleIndex lists corps and members with links to their inboxes.
func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var corps []indexCorp
	for id, c := range s.corps {
		ic := indexCorp{ID: id}
		for _, u := range c.sortedUsers() {
			ic.Users = append(ic.Users, userLink{ID: u.id, Name: u.name, Href: inboxPath(id, u.id)})
		}
		corps = append(corps, ic)
	}
	s.mu.Unlock()
	slices.SortFunc(corps, func(a, b indexCorp) int { return strings.Compare(a.ID, b.ID) })
	s.page(w, http.StatusOK, "index", corps)
}

const pageTemplates = `
{{define "head"}}<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">
<title>{{.}} · WeCom simulator</title>
<style>
body{margin:0;background:#ededed;font:15px/1.5 -apple-system,"PingFang SC","Helvetica Neue",sans-serif;color:#191919}
header{background:#f7f7f7;border-bottom:1px solid #ddd;padding:12px 16px}
h1{font-size:17px;margin:0;font-weight:600}
main{padding:12px}
.card,.text,.pick{display:block;background:#fff;border-radius:8px;margin:0 0 12px;padding:14px 16px;color:inherit;text-decoration:none}
.meta{color:#999;font-size:12px;margin-bottom:6px}
.title{font-size:17px;font-weight:600;margin-bottom:6px}
.desc{color:#555}.gray{color:#999}.highlight{color:#e5502e}
.btn{border-top:1px solid #eee;margin-top:12px;padding-top:10px;color:#576b95}
.empty{color:#999;text-align:center;padding:48px 0}
</style></head><body>{{end}}

{{define "inbox"}}{{template "head" .UserID}}
<header><h1 data-testid="sim-inbox-title">{{.UserID}} · {{.Name}}</h1><div class="meta">{{.CorpID}} · <a href="">refresh</a></div></header>
<main>
{{range .Cards}}{{if eq .MsgType "textcard"}}<a class="card" data-testid="sim-card" href="{{.URL}}">
<div class="meta">{{.App}} · {{.When}}</div>
<div class="title" data-testid="sim-card-title">{{.Title}}</div>
<div class="desc" data-testid="sim-card-description">{{.Description}}</div>
<div class="btn" data-testid="sim-card-button">{{.BtnTxt}}</div>
</a>{{else}}<div class="text" data-testid="sim-text"><div class="meta">{{.App}} · {{.When}}</div>{{.Content}}</div>{{end}}
{{else}}<div class="empty" data-testid="sim-empty">No messages yet</div>{{end}}
</main></body></html>{{end}}

{{define "choose"}}{{template "head" "Who is holding the phone?"}}
<header><h1>Who is holding the phone?</h1><div class="meta">{{.CorpID}}</div></header>
<main>
{{range .Users}}<a class="pick" data-testid="sim-pick-user" href="{{.Href}}">{{.Name}} ({{.ID}})</a>
{{else}}<div class="empty">This corp has no members</div>{{end}}
</main></body></html>{{end}}

{{define "error"}}{{template "head" "Error"}}
<header><h1>Error</h1></header><main><div class="text" data-testid="sim-error">{{.}}</div></main></body></html>{{end}}

{{define "index"}}{{template "head" "Simulator"}}
<header><h1>WeCom simulator</h1></header>
<main>
{{range .}}<h2>{{.ID}}</h2>{{range .Users}}<a class="pick" href="{{.Href}}">{{.Name}} ({{.ID}})</a>{{end}}
{{else}}<div class="empty">No corps yet: POST /_sim/corps</div>{{end}}
</main></body></html>{{end}}
`
