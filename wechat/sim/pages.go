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

// card is one inbox entry as the page shows it. Kind picks the layout:
// "card" (textcard, news, mpnews, miniprogram_notice, template_card: a
// link when URL is set), "text" (text, markdown: escaped text), "media"
// (image, voice, video, file: a placeholder) or "recalled".
type card struct {
	Kind, MsgType, Title, URL, BtnTxt, Content, When, App string
	Description                                           template.HTML
	// Image is a picture URL shown above the title (news picurl, card
	// image).
	Image string
	// Lines are extra rows: template card key/values, further news
	// articles, mini program items, vote options.
	Lines []string
	// Buttons are a template card's buttons; Replaced is the text of the
	// one greyed button left after update_template_card (or a passive
	// reply) replaced them.
	Buttons  []cardButton
	Replaced string
	Updated  bool
	// Interactive marks a card whose buttons post a tap: it holds forms,
	// so it is not itself a link. Index is its place in the inbox as
	// Messages lists it, TaskID its task_id.
	Interactive bool
	Index       int
	TaskID      string
}

// cardButton is one button of a template card: Action, the click endpoint,
// for a button that posts an event; URL for one that opens a page.
type cardButton struct {
	Text, Key, URL, Action string
	// Style is WeCom's 1 to 4 (1 when unset or out of range).
	Style int
}

type inboxData struct {
	CorpID, UserID, Name string
	Cards                []card
	// CSRF is the token the card buttons' forms post (templatecard_click.go).
	CSRF string
}

type indexCorp struct {
	ID, Console string
	Users       []userLink
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
// Suppressed duplicates and messages dropped by the rate limit are not
// shown: the phone never got them. Recalled ones show as "message
// recalled", as WeCom leaves a trace of them.
func (s *Server) handleInbox(w http.ResponseWriter, r *http.Request) {
	corpID := r.PathValue("corpid")
	s.mu.Lock()
	u := s.userLocked(corpID, r.PathValue("userid"))
	if u == nil {
		s.mu.Unlock()
		s.page(w, http.StatusNotFound, "error", "no such corp or user")
		return
	}
	data := inboxData{CorpID: corpID, UserID: u.id, Name: u.name, CSRF: s.consoleToken}
	apps := map[int64]string{}
	for id, a := range s.corps[corpID].apps {
		apps[id] = a.name
	}
	for i, m := range slices.Backward(u.inbox) {
		if !m.Duplicate && !m.Dropped {
			c := toCard(m, apps[m.AgentID], clickPath(corpID, u.id, i))
			c.Index = i
			data.Cards = append(data.Cards, c)
		}
	}
	s.mu.Unlock()

	setPhoneCookie(w, corpID, u.id)
	s.page(w, http.StatusOK, "inbox", data)
}

// toCard renders m; click is the endpoint its card buttons post to.
func toCard(m Message, appName, click string) card {
	// The simulated phones are in China, as the tenants' people are: the time a card arrived reads in China time,
	// like the times in its body, whatever zone the process runs in.
	c := card{Kind: "card", MsgType: m.MsgType, When: m.ReceivedAt.In(mpBeijing).Format("01-02 15:04"), App: appName, Updated: m.Updated}
	if m.Recalled {
		c.Kind = "recalled"
		return c
	}
	switch m.MsgType {
	case "textcard":
		var p textCardPayload
		_ = json.Unmarshal(m.Payload, &p)
		c.Title, c.URL, c.BtnTxt = p.Title, p.URL, p.BtnTxt
		c.Description = cardDescription(p.Description)
		if c.BtnTxt == "" {
			c.BtnTxt = "详情"
		}
	case "text", "markdown":
		var p textPayload
		_ = json.Unmarshal(m.Payload, &p)
		c.Kind, c.Content = "text", p.Content
	case "image", "voice", "video", "file":
		var p videoPayload
		_ = json.Unmarshal(m.Payload, &p)
		c.Kind, c.Content = "media", mediaLabels[m.MsgType]
		if p.Title != "" {
			c.Content += " " + p.Title
		}
	case "news":
		var p newsPayload
		_ = json.Unmarshal(m.Payload, &p)
		if len(p.Articles) > 0 {
			a := p.Articles[0]
			c.Title, c.URL, c.Image, c.Description = a.Title, a.URL, a.PicURL, plainHTML(a.Description)
			for _, more := range p.Articles[1:] {
				c.Lines = append(c.Lines, more.Title)
			}
		}
	case "mpnews":
		// sim: an mpnews article opens inside WeCom, which the simulator
		// does not render, so the card is not a link.
		var p mpnewsPayload
		_ = json.Unmarshal(m.Payload, &p)
		if len(p.Articles) > 0 {
			c.Title, c.Description = p.Articles[0].Title, plainHTML(p.Articles[0].Digest)
		}
	case "miniprogram_notice":
		var p miniprogramPayload
		_ = json.Unmarshal(m.Payload, &p)
		c.Title, c.Description, c.BtnTxt = p.Title, plainHTML(p.Description), "进入小程序查看"
		for _, it := range p.ContentItem {
			c.Lines = append(c.Lines, it.Key+": "+it.Value)
		}
	case "template_card":
		templateCardView(&c, m, click)
	}
	return c
}

var mediaLabels = map[string]string{"image": "[图片]", "voice": "[语音]", "video": "[视频]", "file": "[文件]"}

// templateCardView fills c from a template card: its title, the link of
// card_action type 1, key/value rows, options and buttons; the buttons of
// an interactive card post to click.
func templateCardView(c *card, m Message, click string) {
	var p templateCard
	_ = json.Unmarshal(m.Payload, &p)
	c.Interactive, c.TaskID = interactiveCards[p.CardType], p.TaskID
	c.Title, c.Description = p.MainTitle.Title, plainHTML(p.MainTitle.Desc)
	if c.Title == "" {
		c.Title = p.SubTitleText
	} else if p.SubTitleText != "" {
		c.Lines = append(c.Lines, p.SubTitleText)
	}
	if p.CardAction != nil && p.CardAction.Type == 1 {
		c.URL = p.CardAction.URL
	}
	c.Image = p.CardImage.URL
	if c.Image == "" {
		c.Image = p.ImageTextArea.ImageURL
	}
	for _, h := range p.HorizontalContentList {
		c.Lines = append(c.Lines, h.KeyName+": "+h.Value)
	}
	if p.ButtonSelection != nil {
		c.Lines = append(c.Lines, questionLine(*p.ButtonSelection))
	}
	if p.Checkbox != nil {
		for _, o := range p.Checkbox.OptionList {
			box := "☐ "
			if o.IsChecked {
				box = "☑ "
			}
			c.Lines = append(c.Lines, box+o.Text)
		}
	}
	for _, sl := range p.SelectList {
		c.Lines = append(c.Lines, questionLine(sl))
	}
	action := ""
	if c.Interactive {
		action = click
	}
	for _, b := range p.ButtonList {
		cb := cardButton{Text: b.Text, Key: b.Key, Style: b.Style}
		if b.Type == 1 {
			cb.URL = b.URL
		} else {
			cb.Action = action
		}
		if cb.Style < 1 || cb.Style > 4 {
			cb.Style = 1
		}
		c.Buttons = append(c.Buttons, cb)
	}
	if p.SubmitButton != nil {
		c.Buttons = append(c.Buttons, cardButton{Text: p.SubmitButton.Text, Key: p.SubmitButton.Key, Action: action, Style: 1})
	}
	if m.ReplaceName != "" {
		c.Buttons, c.Replaced = nil, m.ReplaceName
	}
}

// questionLine shows a drop-down as the phone does before it is opened:
// its title (or key) and the preset option, else all of them.
func questionLine(q cardQuestion) string {
	label := q.Title
	if label == "" {
		label = q.QuestionKey
	}
	for _, o := range q.OptionList {
		if o.ID == q.SelectedID {
			return label + ": " + o.Text
		}
	}
	return label + ": " + optionTexts(q.OptionList)
}

func optionTexts(opts []cardOption) string {
	texts := make([]string, len(opts))
	for i, o := range opts {
		texts[i] = o.Text
	}
	return strings.Join(texts, " / ")
}

// plainHTML shows text as it is, line breaks kept.
func plainHTML(s string) template.HTML {
	return template.HTML(strings.ReplaceAll(html.EscapeString(s), "\n", "<br>"))
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

// handleIndex lists corps and members with links to their inboxes, and
// service accounts and followers with links to their phones.
func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	data := indexData{Accounts: s.indexAccountsLocked()}
	var corps []indexCorp
	for id, c := range s.corps {
		ic := indexCorp{ID: id, Console: consoleBase(id)}
		for _, u := range c.sortedUsers() {
			ic.Users = append(ic.Users, userLink{ID: u.id, Name: u.name, Href: inboxPath(id, u.id)})
		}
		corps = append(corps, ic)
	}
	s.mu.Unlock()
	slices.SortFunc(corps, func(a, b indexCorp) int { return strings.Compare(a.ID, b.ID) })
	data.Corps = corps
	s.page(w, http.StatusOK, "index", data)
}

type indexData struct {
	Corps    []indexCorp
	Accounts []indexAccount // mp_phone.go
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
.text{white-space:pre-wrap}.recalled{color:#999;text-align:center}
.pic{width:100%;border-radius:4px;margin-bottom:8px}.line{color:#555;font-size:14px}
.btns{display:flex;gap:8px;margin-top:12px}.btns .btn{flex:1;text-align:center;border:1px solid #eee;border-radius:4px;padding:6px 0;margin:0}
.btns.off .btn{color:#aaa}
.btns form{flex:1;display:flex;margin:0}
button.btn{flex:1;background:#fff;font:inherit;color:#576b95;cursor:pointer}
.btn.sim-card-btn-style2{color:#191919}.btn.sim-card-btn-style3{color:#e5502e}.btn.sim-card-btn-style4{color:#07c160}
.btns.off button.btn{background:#f7f7f7;color:#aaa;cursor:default}
a.open{display:block;color:inherit;text-decoration:none}
a.btn{display:block;text-decoration:none}
.phone{max-width:430px;min-height:100vh;margin:0 auto;background:#ededed;display:flex;flex-direction:column}.phone main{flex:1}
.kv{display:flex;gap:12px;font-size:14px;margin:2px 0}.kv .k{color:#999;flex:0 0 5em}.kv .v{color:#191919;word-break:break-all}
.follow{margin-top:8px;border:1px solid #ddd;border-radius:4px;background:#fff;padding:4px 12px;color:#191919}.follow.on{background:#07c160;border-color:#07c160;color:#fff}
.menu{position:sticky;bottom:0;display:flex;background:#f7f7f7;border-top:1px solid #ddd}
.menu .top{flex:1;text-align:center;padding:10px 0;border-left:1px solid #ddd}.menu .top:first-child{border-left:0}
.menu a,.menu .name{color:#191919;text-decoration:none}.menu ul{list-style:none;margin:6px 0 0;padding:0;font-size:14px}.menu li{padding:4px 0}
</style></head><body>{{end}}

{{define "inbox"}}{{template "head" .UserID}}
<header><h1 data-testid="sim-inbox-title">{{.UserID}} · {{.Name}}</h1><div class="meta">{{.CorpID}} · <a href="">refresh</a></div></header>
<main>
{{range .Cards}}{{if eq .Kind "card"}}{{if .Interactive}}<div class="card sim-card-interactive" data-testid="sim-card" data-index="{{.Index}}" data-task-id="{{.TaskID}}">{{else if .URL}}<a class="card" data-testid="sim-card" href="{{.URL}}">{{else}}<div class="card" data-testid="sim-card">{{end}}
{{if and .Interactive .URL}}<a class="open" data-testid="sim-card-open" href="{{.URL}}">{{end}}<div class="meta">{{.App}} · {{.When}}{{if .Updated}} · <span data-testid="sim-updated">updated</span>{{end}}</div>
{{if .Image}}<img class="pic" alt="" src="{{.Image}}">{{end}}
<div class="title" data-testid="sim-card-title">{{.Title}}</div>
<div class="desc" data-testid="sim-card-description">{{.Description}}</div>
{{range .Lines}}<div class="line" data-testid="sim-card-line">{{.}}</div>{{end}}{{if and .Interactive .URL}}</a>{{end}}
{{if .Replaced}}<div class="btns off" data-testid="sim-card-disabled"><button type="button" class="btn sim-card-btn sim-card-btn-replaced" data-testid="sim-card-button" data-replaced="true" disabled>{{.Replaced}}</button></div>
{{else if .Buttons}}<div class="btns">{{range .Buttons}}{{if .Action}}<form method="post" action="{{.Action}}" class="sim-card-click"><input type="hidden" name="csrf" value="{{$.CSRF}}"><input type="hidden" name="key" value="{{.Key}}"><button type="submit" class="btn sim-card-btn sim-card-btn-style{{.Style}}" data-testid="sim-card-button" data-key="{{.Key}}">{{.Text}}</button></form>{{else if .URL}}<a class="btn sim-card-btn sim-card-btn-style{{.Style}} sim-card-btn-url" data-testid="sim-card-button" data-key="{{.Key}}" href="{{.URL}}">{{.Text}}</a>{{else}}<span class="btn sim-card-btn" data-testid="sim-card-button">{{.Text}}</span>{{end}}{{end}}</div>
{{else if .BtnTxt}}<div class="btn" data-testid="sim-card-button">{{.BtnTxt}}</div>{{end}}
{{if and .URL (not .Interactive)}}</a>{{else}}</div>{{end}}
{{else if eq .Kind "recalled"}}<div class="text recalled" data-testid="sim-recalled"><div class="meta">{{.App}} · {{.When}}</div>message recalled</div>
{{else if eq .Kind "media"}}<div class="text" data-testid="sim-media"><div class="meta">{{.App}} · {{.When}}</div>{{.Content}}</div>
{{else}}<div class="text" data-testid="sim-text"><div class="meta">{{.App}} · {{.When}}</div>{{.Content}}</div>{{end}}
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
{{range .Corps}}<h2>{{.ID}} · <a data-testid="sim-console-link" href="{{.Console}}">管理后台</a></h2>{{range .Users}}<a class="pick" href="{{.Href}}">{{.Name}} ({{.ID}})</a>{{end}}
{{else}}<div class="empty">No corps yet: POST /_sim/corps</div>{{end}}
<h2>服务号 · service accounts</h2>
{{range .Accounts}}<h3 data-testid="sim-mp-account">{{.Name}} ({{.AppID}})</h3>{{range .Followers}}<a class="pick" data-testid="sim-mp-follower" href="{{.Href}}">{{.Name}} ({{.ID}})</a>{{else}}<div class="empty">No followers</div>{{end}}
{{else}}<div class="empty">No service accounts yet: POST /_sim/mp/accounts</div>{{end}}
</main></body></html>{{end}}

{{define "mpinbox"}}{{template "head" .Account}}<div class="phone">
<header><h1 data-testid="sim-mp-account-name">{{.Account}}</h1><div class="meta">{{.OpenID}}{{if .Nickname}} · {{.Nickname}}{{end}}{{if .Blocked}} · <span data-testid="sim-mp-blocked">已拒收消息</span>{{end}} · <a href="">refresh</a></div>
<form method="post" action="{{.Action}}"><input type="hidden" name="csrf" value="{{.CSRF}}">
{{if .Subscribed}}<input type="hidden" name="subscribed" value="false"><button class="follow" data-testid="sim-mp-unsubscribe">取消关注</button>
{{else}}<input type="hidden" name="subscribed" value="true"><button class="follow on" data-testid="sim-mp-subscribe">关注</button>{{end}}</form></header>
<main>
{{range .Messages}}<div class="card" data-testid="sim-mp-message">
<div class="meta">{{.When}}</div>
<div class="title" data-testid="sim-mp-title">{{.Title}}</div>
{{range .Lines}}<div class="kv" data-testid="sim-mp-line"><span class="k">{{if .Label}}{{.Label}}{{else}}{{.Key}}{{end}}</span><span class="v">{{.Value}}</span></div>{{end}}
{{if .URL}}<a class="btn" data-testid="sim-mp-open" href="{{.URL}}">详情</a>{{else if .MiniProgram}}<div class="btn" data-testid="sim-mp-miniprogram">小程序 {{.MiniProgram}}</div>{{end}}
</div>
{{else}}<div class="empty" data-testid="sim-empty">No messages yet</div>{{end}}
</main>
{{if .Menu}}<nav class="menu" data-testid="sim-mp-menu">{{range .Menu}}<div class="top">{{if .Subs}}<span class="name">{{.Name}}</span><ul>{{range .Subs}}<li><a data-testid="sim-mp-menu-button" href="{{.Href}}">{{.Name}}</a></li>{{end}}</ul>
{{else}}<a class="name" data-testid="sim-mp-menu-button" href="{{.Href}}">{{.Name}}</a>{{end}}</div>{{end}}</nav>{{end}}
</div></body></html>{{end}}
`
