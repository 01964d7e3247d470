package web

import (
	"fmt"
	"html/template"
	"net/http"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/auth"
)

// linkPage is what a person sees when a link they followed in WeCom's browser leads nowhere (a download link,
// auth.LinkParam, that cannot open its file; a card's link that was altered): the browser shows the answer as a
// page, so it is a sentence and what to do, not JSON or a program's words.
var linkPage = template.Must(template.New("link").Parse(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { margin: 0; padding: 30vh 8vw 0; font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif;
  text-align: center; color: #323233; background: #f7f8fa; }
h1 { font-size: 1.25rem; font-weight: 600; margin: 0 0 0.75rem; }
p { font-size: 0.95rem; line-height: 1.6; color: #646566; margin: 0; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p>{{.Text}}</p>
</body>
</html>
`))

// linkAgain is what a person does about a link that no longer opens: the item hands out a fresh one on each tap.
const linkAgain = "请返回协同办公，再点一下文件。"

// writeLinkError answers a refused download link with linkPage and the HTTP status writeError would give: 401 for a
// link that has expired (auth.LinkTTL) or is not valid, 404 for a file that is gone or not the viewer's, and the
// refusal's own message for the rest (an internal error says only that it failed).
func writeLinkError(w http.ResponseWriter, err error) {
	status := errorStatus(err)
	var page struct{ Title, Text string }
	switch apperr.CodeOf(err) {
	case apperr.Unauthenticated:
		page.Title = "链接已过期"
		page.Text = fmt.Sprintf("文件链接只在 %d 分钟内有效。", int(auth.LinkTTL.Minutes())) + linkAgain
	case apperr.NotFound:
		page.Title = "文件不存在"
		page.Text = "文件可能已被删除，或您已看不到这一事项。" + linkAgain
	case apperr.Internal:
		page.Title = "无法打开文件"
		page.Text = "服务器开小差了，请稍后返回协同办公，再点一下文件。"
	default:
		page.Title = "无法打开文件"
		page.Text = apperr.MessageOf(err)
	}
	writePage(w, status, page.Title, page.Text)
}

// writePage answers linkPage with status, its title and its one sentence.
func writePage(w http.ResponseWriter, status int, title, text string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = linkPage.Execute(w, struct{ Title, Text string }{title, text})
}
