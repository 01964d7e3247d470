package binding

import (
	"context"
	"fmt"
	"slices"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/message"
	"github.com/qiao-hq/qiao/mptemplates"
	"github.com/qiao-hq/qiao/sysmsg"
	"github.com/qiao-hq/qiao/wechat/mp"
)

// MPTemplates lists the templates added to the tenant's service account (我的模板), read from WeChat now: an admin
// maps each kind of message to one of them. not_found without a service account; WeChat's refusal explained as in
// the preflight (invalid).
func (s *Service) MPTemplates(ctx context.Context) ([]mp.Template, error) {
	if s.d.MP == nil {
		return nil, apperr.E(apperr.Internal, "no service-account client")
	}
	acct, err := s.d.Tenants.MPAccount(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.d.MP.Templates(ctx, acct)
	if mp.CodeOf(err) != 0 {
		// WeChat's refusal is the admin's to mend: said in the preflight's words, nothing changed.
		return nil, s.explainMPErr("读取服务号的模板失败", err)
	}
	if err != nil {
		return nil, fmt.Errorf("binding: service account templates: %w", err)
	}
	return list, nil
}

// SaveTemplateMapping maps a kind of message (one of kinds) to one of the service account's templates, checked
// against the account's templates as WeChat lists them now (mptemplates.Store.Save for the rules).
func (s *Service) SaveTemplateMapping(ctx context.Context, kinds []string, m mptemplates.Mapping) error {
	var list []mp.Template
	if m.TemplateID != "" {
		var err error
		if list, err = s.MPTemplates(ctx); err != nil {
			return err
		}
	}
	return s.d.Templates.Save(ctx, kinds, list, m)
}

// PreviewLine is one line of a template message as the phone shows it: the template's label and the value.
type PreviewLine struct {
	Key, Label, Value string
}

// TemplatePreview is what the phone shows for d sent as template templateID with fields: the template's title and
// a line per keyword, values filled and cut as a send would. invalid (Field "templateId") for a template the
// account does not have.
func (s *Service) TemplatePreview(ctx context.Context, d message.Description, templateID string, fields map[string]message.Fact) (title string, lines []PreviewLine, err error) {
	list, err := s.MPTemplates(ctx)
	if err != nil {
		return "", nil, err
	}
	for _, t := range list {
		if t.ID != templateID {
			continue
		}
		data := mptemplates.Fill(mptemplates.Mapping{TemplateID: templateID, Fields: fields}, d)
		for _, k := range t.Keywords {
			lines = append(lines, PreviewLine{Key: k.Key, Label: k.Label, Value: data[k.Key]})
		}
		return t.Title, lines, nil
	}
	return "", nil, apperr.InvalidField("templateId", "服务号中没有这个模板，请刷新模板列表")
}

// ContactMenuEntry is the service account's own menu entry, beside the OA app's: the message list of customers' and
// suppliers' contact people, who use only the service account (staff opening it are sent to their home).
var ContactMenuEntry = struct {
	Group string
	MenuEntry
}{"信息", MenuEntry{"客户供应商消息", sysmsg.ContactHome}}

// MPSignInURL is the address that opens H5 page path through the service account's web OAuth: signed in at once
// from a bound WeChat, the password page (which binds it) from any other. not_found without a service account.
func (s *Service) MPSignInURL(ctx context.Context, path string) (string, error) {
	acct, err := s.d.Tenants.MPAccount(ctx)
	if err != nil {
		return "", err
	}
	t, err := s.d.Tenants.Current(ctx)
	if err != nil {
		return "", err
	}
	_, host, err := s.base(ctx)
	if err != nil {
		return "", err
	}
	return s.d.Links.ForHost(host).MP(t.Slug, acct.AppID, path), nil
}

// GenerateMPMenu builds the service account's menu (seed 004 §3.6): the OA app's groups, every entry opening its H5
// page through the account's web OAuth, so a follower signs in (or is asked to bind) and lands on it. It sets the
// menu in WeChat and returns it as WeChat reads it back. Errors: not_found without a service account; WeChat's
// refusal explained (invalid).
func (s *Service) GenerateMPMenu(ctx context.Context) (mp.Menu, error) {
	if s.d.MP == nil {
		return mp.Menu{}, apperr.E(apperr.Internal, "no service-account client")
	}
	acct, err := s.d.Tenants.MPAccount(ctx)
	if err != nil {
		return mp.Menu{}, err
	}
	t, err := s.d.Tenants.Current(ctx)
	if err != nil {
		return mp.Menu{}, err
	}
	_, host, err := s.base(ctx)
	if err != nil {
		return mp.Menu{}, err
	}
	links := s.d.Links.ForHost(host)
	var m mp.Menu
	for _, g := range MenuGroups {
		group := mp.Button{Name: g.Name}
		entries := g.Entries
		if g.Name == ContactMenuEntry.Group {
			entries = append(slices.Clone(entries), ContactMenuEntry.MenuEntry)
		}
		for _, e := range entries {
			group.SubButtons = append(group.SubButtons, mp.Button{Type: mp.ButtonView, Name: e.Name, URL: links.MP(t.Slug, acct.AppID, e.Path)})
		}
		m.Buttons = append(m.Buttons, group)
	}
	if err := s.d.MP.CreateMenu(ctx, acct, m); err != nil {
		return mp.Menu{}, s.explainMPErr("设置服务号菜单失败", err)
	}
	return s.MPMenu(ctx)
}

// MPMenu returns the service account's menu as WeChat has it; an account without one has an empty Menu.
func (s *Service) MPMenu(ctx context.Context) (mp.Menu, error) {
	if s.d.MP == nil {
		return mp.Menu{}, apperr.E(apperr.Internal, "no service-account client")
	}
	acct, err := s.d.Tenants.MPAccount(ctx)
	if err != nil {
		return mp.Menu{}, err
	}
	m, err := s.d.MP.GetMenu(ctx, acct)
	if mp.CodeOf(err) == mp.CodeMenuNotExist {
		return mp.Menu{}, nil
	}
	if err != nil {
		return mp.Menu{}, s.explainMPErr("读取服务号菜单失败", err)
	}
	return m, nil
}

// explainMPErr turns WeChat's refusal of a service-account call into an invalid error in the admin's words, what
// failed first; other errors pass unchanged.
func (s *Service) explainMPErr(what string, err error) error {
	code := mp.CodeOf(err)
	if code == 0 {
		return err
	}
	e := explainMP(code, s.d.EgressIPs)
	return &apperr.Error{Code: apperr.Invalid, Msg: fmt.Sprintf("%s：%s（%d）。%s", what, e.Meaning, code, e.Advice), Err: err}
}
