package graph

import (
	"context"
	"maps"
	"slices"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/binding"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/graph/model"
	"github.com/qiao-hq/qiao/message"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/mp"
)

func toServiceAccount(v binding.ServiceAccountView) (*model.ServiceAccount, error) {
	mode, err := toGraphEnum[tenants.MPEncryptMode, model.MPEncryptMode](v.EncryptMode)
	if err != nil {
		return nil, err
	}
	ident, err := toGraphEnum[tenants.IdentityColumn, model.IdentityColumn](v.IdentityColumn)
	if err != nil {
		return nil, err
	}
	channel, err := toGraphEnum[tenants.PushChannel, model.PushChannel](v.PushChannel)
	if err != nil {
		return nil, err
	}
	out := &model.ServiceAccount{AppID: v.AppID, Secret: v.Secret, Token: v.Token, EncodingAESKey: v.AESKey,
		EncryptMode: mode, IPWhitelist: v.EgressIPs, Domain: v.Domain, EventURL: v.EventURL, IdentityColumn: ident,
		AllowRegister: v.AllowRegister, PushChannel: channel}
	if out.IPWhitelist == nil {
		out.IPWhitelist = []string{}
	}
	if v.Report != nil {
		out.Preflight = toPreflight(*v.Report)
	}
	return out, nil
}

// wechatBindingPage is a page of the tenant's personal WeChat bindings with their employees.
func (r *Resolver) wechatBindingPage(ctx context.Context, first *int, after, query *string) (*model.WeChatBindingPage, error) {
	from, err := database.ParseIDCursor(orDefault(after, ""))
	if err != nil {
		return nil, err
	}
	rows, more, err := r.Directory.WeChatBindings(ctx, orDefault(first, 50), from, orDefault(query, ""))
	if err != nil {
		return nil, err
	}
	var ids, accts []uint64
	for _, b := range rows {
		if b.EmployeeID == 0 {
			accts = append(accts, b.AccountID) // a customer's or supplier's contact
		} else {
			ids = append(ids, b.EmployeeID)
		}
	}
	emps, err := r.Directory.EmployeesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	contacts, err := r.partyContactsByAccount(ctx, accts)
	if err != nil {
		return nil, err
	}
	out := &model.WeChatBindingPage{Nodes: make([]model.WeChatBinding, 0, len(rows))}
	for _, b := range rows {
		n := model.WeChatBinding{ID: b.ID, OpenID: audit.Mask(b.OpenID), Subscribed: b.Subscribed, BoundAt: b.BoundAt,
			LastSeenAt: b.LastSeenAt}
		if e, ok := emps[b.EmployeeID]; ok {
			n.Employee = &e
		} else if c, ok := contacts[b.AccountID]; ok {
			n.Contact = c
		} else {
			continue // its holder went in the moment since the page was read
		}
		out.Nodes = append(out.Nodes, n)
	}
	if more && len(rows) > 0 {
		next := database.IDCursor(rows[len(rows)-1].ID)
		out.Next = &next
	}
	return out, nil
}

// fieldsOf is a mapping's fields from their input.
func fieldsOf(in []model.TemplateFieldInput) map[string]message.Fact {
	out := make(map[string]message.Fact, len(in))
	for _, f := range in {
		out[f.Key] = message.Fact(f.Fact)
	}
	return out
}

// kinds are the kinds of message Qiao pushes.
func (r *Resolver) kinds() []string {
	var out []string
	for _, k := range r.Push.Kinds() {
		out = append(out, k.Kind)
	}
	return out
}

// messageKinds lists every kind Qiao pushes with the tenant's template mapping of it.
func (r *Resolver) messageKinds(ctx context.Context) ([]model.MessageKind, error) {
	mappings, err := r.Templates.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []model.MessageKind
	for _, k := range r.Push.Kinds() {
		mk := model.MessageKind{Kind: k.Kind, Name: k.Name, Fields: []model.TemplateField{}}
		if m, ok := mappings[k.Kind]; ok {
			mk.TemplateID, mk.UpdatedAt = &m.TemplateID, &m.UpdatedAt
			for _, key := range slices.Sorted(maps.Keys(m.Fields)) {
				mk.Fields = append(mk.Fields, model.TemplateField{Key: key, Fact: string(m.Fields[key])})
			}
		}
		out = append(out, mk)
	}
	return out, nil
}

// messageKind is kind with the tenant's mapping of it.
func (r *Resolver) messageKind(ctx context.Context, kind string) (*model.MessageKind, error) {
	all, err := r.messageKinds(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Kind == kind {
			return &all[i], nil
		}
	}
	return nil, apperr.InvalidField("kind", "未知的消息类型 %q", kind)
}

// toMPMenu is the service account's menu in the shape WeCom's is shown in.
func toMPMenu(m mp.Menu) *model.WeComMenu {
	var conv func([]mp.Button) []model.WeComMenuButton
	conv = func(bs []mp.Button) []model.WeComMenuButton {
		out := make([]model.WeComMenuButton, len(bs))
		for i, b := range bs {
			out[i] = model.WeComMenuButton{Name: b.Name, URL: nonEmpty(b.URL), SubButtons: conv(b.SubButtons)}
		}
		return out
	}
	return &model.WeComMenu{Buttons: conv(m.Buttons)}
}
