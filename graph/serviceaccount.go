package graph

import (
	"context"
	"strconv"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/binding"
	"github.com/qiao-hq/qiao/graph/model"
	"github.com/qiao-hq/qiao/tenants"
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
		EncryptMode: mode, IPWhitelist: v.EgressIPs, Domain: v.Domain, IdentityColumn: ident,
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
	var from uint64
	if after != nil && *after != "" {
		v, err := strconv.ParseUint(*after, 10, 64)
		if err != nil || v == 0 {
			return nil, apperr.InvalidField("after", "分页游标无效")
		}
		from = v
	}
	n := 50
	if first != nil {
		n = *first
	}
	q := ""
	if query != nil {
		q = *query
	}
	rows, more, err := r.Directory.WeChatBindings(ctx, n, from, q)
	if err != nil {
		return nil, err
	}
	ids := make([]uint64, len(rows))
	for i, b := range rows {
		ids[i] = b.EmployeeID
	}
	emps, err := r.Directory.EmployeesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := &model.WeChatBindingPage{Nodes: make([]model.WeChatBinding, 0, len(rows))}
	for _, b := range rows {
		e, ok := emps[b.EmployeeID]
		if !ok {
			continue
		}
		out.Nodes = append(out.Nodes, model.WeChatBinding{ID: b.ID, Employee: &e, OpenID: audit.Mask(b.OpenID),
			Subscribed: b.Subscribed, BoundAt: b.BoundAt, LastSeenAt: b.LastSeenAt})
	}
	if more && len(rows) > 0 {
		next := strconv.FormatUint(rows[len(rows)-1].ID, 10)
		out.Next = &next
	}
	return out, nil
}
