package binding

import (
	"context"
	"fmt"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/message"
	"github.com/qiao-hq/qiao/mptemplates"
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
	if code := mp.CodeOf(err); code != 0 {
		// WeChat's refusal is the admin's to mend: said in the preflight's words, nothing changed.
		e := explainMP(code, s.d.EgressIPs)
		return nil, &apperr.Error{Code: apperr.Invalid, Msg: fmt.Sprintf("读取服务号的模板失败：%s（%d）。%s", e.Meaning, code, e.Advice), Err: err}
	}
	if err != nil {
		return nil, fmt.Errorf("binding: service account templates: %w", err)
	}
	return list, nil
}

// SaveTemplateMapping maps a kind of message (one of kinds) to one of the service account's templates, checked
// against the account's templates as WeChat lists them now (mptemplates.Store.Save for the rules).
func (s *Service) SaveTemplateMapping(ctx context.Context, store *mptemplates.Store, kinds []string, m mptemplates.Mapping) error {
	var list []mp.Template
	if m.TemplateID != "" {
		var err error
		if list, err = s.MPTemplates(ctx); err != nil {
			return err
		}
	}
	return store.Save(ctx, kinds, list, m)
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
