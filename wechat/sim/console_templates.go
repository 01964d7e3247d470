package sim

// consoleTemplates are the admin console's pages (console_pages.go). Every
// form element has a name and a data-testid; the result line is
// data-testid="console-message" with data-ok="true" or "false".
const consoleTemplates = `
{{define "console-head"}}{{template "head" .}}
<style>
body{background:#f3f5f7}header{background:#fff}main{max-width:960px;margin:0 auto}
section{background:#fff;border-radius:6px;margin:0 0 16px;padding:16px 20px}
h2{font-size:16px;margin:0 0 12px}h3{font-size:14px;margin:12px 0 8px;color:#555}
label{display:block;margin:8px 0 4px;color:#555;font-size:13px}
input[type=text],textarea,select{box-sizing:border-box;width:100%;max-width:520px;padding:6px 8px;border:1px solid #ccd;border-radius:4px;font:inherit}
textarea{height:88px}
button{padding:5px 14px;border:1px solid #ccd;border-radius:4px;background:#fff;font:inherit;cursor:pointer}
button.primary{background:#3975c6;border-color:#3975c6;color:#fff}
.row{display:flex;gap:8px;align-items:center;max-width:640px}.row input{flex:1}
.actions{margin-top:12px}.kv{color:#555}.kv code{color:#191919}
.msg{padding:10px 14px;border-radius:4px;margin:0 0 16px}.msg.ok{background:#e8f6ec;color:#1a7f37}.msg.err{background:#fdecea;color:#d93026}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:6px 8px;text-align:left;font-size:14px}
td form{display:inline}td input[type=text]{width:140px}
nav a{margin-right:12px;color:#576b95}.ok-tag{color:#1a7f37}.none{color:#999}
</style>
<script>
document.addEventListener("click", function (e) {
  var b = e.target.closest("button[data-random]");
  if (b) {
    e.preventDefault();
    var f = b.closest("form"), k = b.getAttribute("data-random");
    var pick = function (n, tail) {
      var abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", v = new Uint32Array(n), s = "";
      crypto.getRandomValues(v);
      for (var i = 0; i < n; i++) s += abc[v[i] % abc.length];
      // The 43rd character of an EncodingAESKey carries 4 bits: one of 16.
      if (tail) s = s.slice(0, n - 1) + "AEIMQUYcgkosw048"[v[0] % 16];
      return s;
    };
    if (k !== "aeskey") f.elements.token.value = pick(32, false);
    if (k !== "token") f.elements.encodingaeskey.value = pick(43, true);
    return;
  }
  var r = e.target.closest("button[data-reveal]");
  if (r) {
    e.preventDefault();
    var t = document.querySelector('[data-testid="' + r.getAttribute("data-reveal") + '"]');
    t.hidden = !t.hidden;
    r.textContent = t.hidden ? "查看" : "隐藏";
    return;
  }
  var c = e.target.closest("button[data-copy]");
  if (c && navigator.clipboard) {
    e.preventDefault();
    navigator.clipboard.writeText(c.getAttribute("data-copy"));
    c.textContent = "已复制";
  }
});
</script>{{end}}

{{define "console-message"}}{{with .}}<div class="msg {{if .OK}}ok{{else}}err{{end}}" data-testid="console-message" data-ok="{{.OK}}">{{.Text}}</div>{{end}}{{end}}

{{define "console-callback"}}<form method="post" action="{{.Action}}" data-testid="{{.Prefix}}callback-form">
<input type="hidden" name="csrf" value="{{.CSRF}}">
<div class="kv">当前 URL：{{if .SavedURL}}<code data-testid="{{.Prefix}}callback-saved">{{.SavedURL}}</code> <span class="ok-tag" data-testid="{{.Prefix}}callback-verified">已验证</span>{{else}}<span class="none" data-testid="{{.Prefix}}callback-saved">未设置</span>{{end}}</div>
<label>URL</label><input type="text" name="url" value="{{.URL}}" placeholder="https://example.com/wecom/callback" data-testid="{{.Prefix}}callback-url">
<label>Token</label><div class="row"><input type="text" name="token" value="{{.Token}}" data-testid="{{.Prefix}}callback-token"><button type="button" data-random="token" data-testid="{{.Prefix}}callback-token-random">随机获取</button></div>
<label>EncodingAESKey</label><div class="row"><input type="text" name="encodingaeskey" value="{{.AESKey}}" data-testid="{{.Prefix}}callback-aeskey"><button type="button" data-random="aeskey" data-testid="{{.Prefix}}callback-aeskey-random">随机获取</button></div>
<div class="actions"><button type="button" data-random="both" data-testid="{{.Prefix}}callback-random">随机获取 Token 和 EncodingAESKey</button>
<button type="submit" class="primary" data-testid="{{.Prefix}}callback-save">保存</button></div>
</form>{{end}}

{{define "console-ips"}}<form method="post" action="{{.Action}}">
<input type="hidden" name="csrf" value="{{.CSRF}}">
<label>企业可信IP（每行一个 IP 或 CIDR，留空则不限制）</label>
<textarea name="ips" data-testid="{{.Prefix}}trusted-ips">{{.IPs}}</textarea>
<div class="actions"><button type="submit" class="primary" data-testid="{{.Prefix}}trusted-ips-save">确定</button></div>
</form>{{end}}

{{define "console-corp"}}{{template "console-head" "我的企业"}}
<header><h1 data-testid="console-title">管理后台 · 我的企业</h1><nav><a href="/_sim/">模拟器首页</a><a href="{{.CustomersHref}}" data-testid="customers-link">客户联系</a></nav></header>
<main>
{{template "console-message" .Msg}}
<section><h2>企业信息</h2>
<div class="kv">企业ID <code data-testid="corp-id">{{.CorpID}}</code> <button type="button" data-copy="{{.CorpID}}" data-testid="corp-id-copy">复制</button></div>
</section>
<section><h2>应用管理</h2>
<table data-testid="apps"><tr><th>应用</th><th>AgentId</th><th></th></tr>
{{range .Apps}}<tr data-testid="app-row"><td>{{.Name}}</td><td data-testid="app-agentid">{{.AgentID}}</td><td><a href="{{.Href}}" data-testid="app-link">查看</a></td></tr>
{{else}}<tr><td colspan="3" class="none">尚无应用</td></tr>{{end}}
</table></section>
<section><h2>通讯录同步</h2>
<div class="kv">Secret：{{if .ContactSecret}}<code hidden data-testid="contact-secret">{{.ContactSecret}}</code> <button type="button" data-reveal="contact-secret" data-testid="contact-secret-show">查看</button>{{else}}<span class="none" data-testid="contact-secret-none">未创建</span>{{end}}</div>
<h3>设置接收事件服务器</h3>
{{template "console-callback" .ContactCallback}}
<h3>企业可信IP</h3>
{{template "console-ips" (ipsForm "contact-" (print .Base "/contact-trusted-ips") .CSRF .ContactIPs)}}
</section>
<section><h2>客户联系</h2>
<div class="kv">Secret：<span class="none" data-testid="external-secret-none">模拟器不区分客户联系 Secret：每个应用的 Secret 都可调用客户联系接口</span></div>
<h3>接收事件服务器</h3>
{{template "console-callback" .ExternalCallback}}
<div class="kv"><a href="{{.CustomersHref}}" data-testid="customers-link-2">客户列表 →</a></div>
</section>
<section><h2>成员</h2>
<table data-testid="members"><tr><th>帐号</th><th>姓名</th><th>手机</th><th>状态</th><th></th></tr>
{{range .Members}}<tr data-testid="member-row" data-userid="{{.UserID}}"><td data-testid="member-userid">{{.UserID}}</td><td>{{.Name}}</td><td>{{.Mobile}}</td><td>{{.Status}}</td>
<td><a href="{{.InboxHref}}" data-testid="member-inbox">手机</a> · <a href="{{.CustomerHref}}" data-testid="member-add-customer">添加客户</a></td></tr>
{{else}}<tr><td colspan="5" class="none">尚无成员</td></tr>{{end}}
</table>
<h3>添加成员</h3>
<form method="post" action="{{.Base}}/members" data-testid="member-add-form">
<input type="hidden" name="csrf" value="{{.CSRF}}">
<label>帐号</label><input type="text" name="userid" value="{{.MemberForm.UserID}}" data-testid="member-add-userid">
<label>姓名</label><input type="text" name="name" value="{{.MemberForm.Name}}" data-testid="member-add-name">
<label>手机</label><input type="text" name="mobile" value="{{.MemberForm.Mobile}}" data-testid="member-add-mobile">
<div class="actions"><button type="submit" class="primary" data-testid="member-add-save">保存</button></div>
</form></section>
</main></body></html>{{end}}

{{define "console-app"}}{{template "console-head" .Name}}
<header><h1 data-testid="console-title">{{.Name}}</h1><nav><a href="{{.Back}}" data-testid="back-link">← 我的企业</a></nav></header>
<main>
{{template "console-message" .Msg}}
<section><h2>应用信息</h2>
<div class="kv">AgentId <code data-testid="app-agentid">{{.AgentID}}</code></div>
<div class="kv">Secret <code hidden data-testid="app-secret">{{.Secret}}</code> <button type="button" data-reveal="app-secret" data-testid="app-secret-show">查看</button></div>
<div class="kv">可见范围 <span data-testid="app-scope">{{.Scope}}</span></div>
</section>
<section><h2>接收消息 · 设置API接收</h2>
{{template "console-callback" .Callback}}
</section>
<section><h2>企业可信IP</h2>
{{template "console-ips" (ipsForm "" (print .Base "/trusted-ips") .CSRF .TrustedIPs)}}
</section>
<section><h2>网页授权及JS-SDK · 可信域名</h2>
<div class="kv">当前可信域名：{{if .Domain}}<code data-testid="domain-saved">{{.Domain}}</code>{{else}}<span class="none" data-testid="domain-saved">未设置</span>{{end}}</div>
<p class="kv">请下载文件 <code data-testid="domain-verify-name">{{.VerifyName}}</code>（内容 <code data-testid="domain-verify-content">{{.VerifyContent}}</code>）并放在域名根目录下：
<a href="{{.Verify}}" download="{{.VerifyName}}" data-testid="domain-verify-download">下载文件</a></p>
<form method="post" action="{{.Base}}/domain" data-testid="domain-form">
<input type="hidden" name="csrf" value="{{.CSRF}}">
<label>可信域名（不含协议和端口）</label><input type="text" name="domain" value="{{.FormDomain}}" placeholder="oa.example.com" data-testid="domain">
<label>校验文件的获取地址（模拟器专用，可选：本地测试时域名无法带端口，例如 http://127.0.0.1:8080）</label>
<input type="text" name="fetch_origin" value="{{.FetchOrigin}}" data-testid="domain-fetch-origin">
<div class="actions"><button type="submit" class="primary" data-testid="domain-save">确定</button></div>
</form></section>
<section><h2>自定义菜单</h2>
{{if .Menu}}<ul data-testid="menu">{{range .Menu}}<li data-testid="menu-button">{{.Name}}{{if .Detail}} <span class="none">{{.Detail}}</span>{{end}}
{{if .Sub}}<ul>{{range .Sub}}<li data-testid="menu-sub-button">{{.Name}} <span class="none">{{.Detail}}</span></li>{{end}}</ul>{{end}}</li>{{end}}</ul>
{{else}}<div class="none" data-testid="menu-empty">尚未通过接口设置菜单</div>{{end}}
</section>
</main></body></html>{{end}}

{{define "console-customers"}}{{template "console-head" "客户联系"}}
<header><h1 data-testid="console-title">客户联系 · 客户列表</h1><nav><a href="{{.Back}}" data-testid="back-link">← 我的企业</a></nav></header>
<main>
{{template "console-message" .Msg}}
<section><h2>添加客户</h2>
<form method="post" action="{{.Base}}" data-testid="customer-add-form">
<input type="hidden" name="csrf" value="{{.CSRF}}">
<label>添加人（成员）</label><select name="userid" data-testid="customer-add-member">{{$u := .FormUser}}{{range .Members}}<option value="{{.UserID}}"{{if eq .UserID $u}} selected{{end}}>{{.Name}}（{{.UserID}}）</option>{{end}}</select>
<label>客户名称</label><input type="text" name="name" value="{{.Form.Name}}" data-testid="customer-add-name">
<label>类型</label><select name="type" data-testid="customer-add-type"><option value="1"{{if ne .Form.Type 2}} selected{{end}}>微信用户</option><option value="2"{{if eq .Form.Type 2}} selected{{end}}>企业微信用户</option></select>
<label>企业名称（企业微信用户）</label><input type="text" name="corp_name" value="{{.Form.CorpName}}" data-testid="customer-add-corp-name">
<label>备注</label><input type="text" name="remark" value="{{.Form.Remark}}" data-testid="customer-add-remark">
<div class="actions"><button type="submit" class="primary" data-testid="customer-add-save">添加</button></div>
</form></section>
<section><h2>客户列表</h2>
<table data-testid="customers"><tr><th>客户</th><th>类型</th><th>企业</th><th>添加人 · 备注</th></tr>
{{$base := .Base}}{{$csrf := .CSRF}}
{{range .Customers}}{{$id := .ID}}<tr data-testid="customer-row" data-external-userid="{{.ID}}"><td><span data-testid="customer-name">{{.Name}}</span><br><code class="none">{{.ID}}</code></td><td>{{.Type}}</td><td>{{.CorpName}}</td><td>
{{range .Followers}}<div data-testid="customer-follower" data-userid="{{.UserID}}">{{.Name}}（{{.UserID}}）
<form method="post" action="{{$base}}/{{$id}}/remark"><input type="hidden" name="csrf" value="{{$csrf}}"><input type="hidden" name="userid" value="{{.UserID}}">
<input type="text" name="remark" value="{{.Remark}}" data-testid="customer-remark"> <button type="submit" data-testid="customer-remark-save">修改备注</button></form>
<form method="post" action="{{$base}}/{{$id}}/delete"><input type="hidden" name="csrf" value="{{$csrf}}"><input type="hidden" name="userid" value="{{.UserID}}">
<button type="submit" data-testid="customer-delete">删除</button></form></div>{{end}}
</td></tr>
{{else}}<tr><td colspan="4" class="none" data-testid="customers-empty">尚无客户</td></tr>{{end}}
</table></section>
</main></body></html>{{end}}
`

// ipsForm is the data of the console-ips template.
type ipsForm struct{ Prefix, Action, CSRF, IPs string }

func newIPsForm(prefix, action, csrf, ips string) ipsForm {
	return ipsForm{Prefix: prefix, Action: action, CSRF: csrf, IPs: ips}
}
