package graph

import (
	"github.com/qiao-hq/qiao/binding"
	"github.com/qiao-hq/qiao/graph/model"
	"github.com/qiao-hq/qiao/tenants"
)

func toServiceAccount(v binding.ServiceAccountView) (*model.ServiceAccount, error) {
	mode, err := toGraphEnum[tenants.MPEncryptMode, model.MPEncryptMode](v.EncryptMode)
	if err != nil {
		return nil, err
	}
	out := &model.ServiceAccount{AppID: v.AppID, Secret: v.Secret, Token: v.Token, EncodingAESKey: v.AESKey,
		EncryptMode: mode, IPWhitelist: v.EgressIPs, Domain: v.Domain}
	if out.IPWhitelist == nil {
		out.IPWhitelist = []string{}
	}
	if v.Report != nil {
		out.Preflight = toPreflight(*v.Report)
	}
	return out, nil
}
