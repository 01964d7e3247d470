package graph

import (
	"context"
	"strings"

	"github.com/qiao-hq/qiao/binding"
	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/graph/model"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// bindingView is the tenant's binding as GraphQL shows it.
func (r *Resolver) bindingView(ctx context.Context) (*model.WeComBinding, error) {
	v, err := r.Binding.View(ctx)
	if err != nil {
		return nil, err
	}
	b := &model.WeComBinding{CorpID: v.CorpID, Mode: model.BindingModeSecret, ContactSecret: nonEmpty(v.ContactSecret),
		CustomerSecret: nonEmpty(v.CustomerSecret), TrustedDomain: nonEmpty(v.TrustedDomain),
		ExpectedDomain: v.ExpectedDomain, EgressIps: v.EgressIPs, Apps: []model.WeComApp{}, Receivers: []model.WeComReceiver{}}
	if b.EgressIps == nil {
		b.EgressIps = []string{}
	}
	for _, a := range v.Apps {
		b.Apps = append(b.Apps, model.WeComApp{System: a.System, AgentID: int(a.AgentID), Secret: a.Secret})
	}
	for _, rc := range v.Receivers {
		m := model.WeComReceiver{Name: rc.Name, URL: rc.URL, Token: rc.Token, EncodingAESKey: rc.AESKey, VerifiedAt: rc.VerifiedAt}
		switch rc.Name {
		case tenants.ReceiverContacts:
			m.Kind = model.ReceiverKindContacts
		case tenants.ReceiverCustomers:
			m.Kind = model.ReceiverKindCustomers
		default:
			m.Kind = model.ReceiverKindApp
			m.System = &rc.System
		}
		b.Receivers = append(b.Receivers, m)
	}
	if v.Report != nil {
		b.Preflight = toPreflight(*v.Report)
	}
	return b, nil
}

// nonEmpty is nil for "".
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func toPreflight(rep binding.Report) *model.Preflight {
	p := &model.Preflight{Ok: rep.OK, CheckedAt: rep.CheckedAt, Checks: make([]model.PreflightCheck, len(rep.Checks))}
	for i, c := range rep.Checks {
		p.Checks[i] = model.PreflightCheck{Key: c.Key, Title: c.Title, Ok: c.OK, Message: c.Message, Advice: nonEmpty(c.Advice)}
		if c.Errcode != 0 {
			code := c.Errcode
			p.Checks[i].Errcode = &code
		}
	}
	return p
}

func toMenu(m wecom.Menu) *model.WeComMenu {
	var conv func([]wecom.MenuButton) []model.WeComMenuButton
	conv = func(bs []wecom.MenuButton) []model.WeComMenuButton {
		out := make([]model.WeComMenuButton, len(bs))
		for i, b := range bs {
			out[i] = model.WeComMenuButton{Name: b.Name, URL: nonEmpty(b.URL), SubButtons: conv(b.SubButtons)}
		}
		return out
	}
	return &model.WeComMenu{Buttons: conv(m.Buttons)}
}

func toWeComEvent(e callbacks.Event) *model.WeComEvent {
	return &model.WeComEvent{ID: e.ID, Receiver: e.Receiver, MsgType: e.MsgType, Event: e.Event, ChangeType: e.ChangeType,
		Status: strings.ToUpper(string(e.Status)), Reason: e.Reason, Error: e.Error, Attempts: e.Attempts, Replays: e.Replays,
		ReceivedAt: e.ReceivedAt, ProcessedAt: e.ProcessedAt, Body: e.Body}
}

func (r *Resolver) verifyFiles(ctx context.Context) ([]model.VerifyFile, error) {
	fs, err := r.Tenants.VerifyFiles(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]model.VerifyFile, len(fs))
	for i, f := range fs {
		out[i] = model.VerifyFile{Name: f.Name, Content: f.Content, CreatedAt: f.CreatedAt}
	}
	return out, nil
}

func toInviteReport(rep binding.InviteReport) *model.WeComInviteReport {
	nonNil := func(es []directory.Employee) []directory.Employee {
		if es == nil {
			return []directory.Employee{}
		}
		return es
	}
	out := &model.WeComInviteReport{Invited: nonNil(rep.Invited), Refused: nonNil(rep.Refused), Skipped: []model.WeComInviteSkip{},
		More: rep.More}
	for _, s := range rep.Skipped {
		out.Skipped = append(out.Skipped, model.WeComInviteSkip{Employee: &s.Employee, Reason: s.Reason})
	}
	return out
}
