package graph

import (
	"context"

	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/graph/model"
	"github.com/qiao-hq/qiao/sysmsg"
)

// toPartyContacts is contacts as the API shows them, with their WeChat bindings (one query for all).
func (r *Resolver) toPartyContacts(ctx context.Context, cs []directory.Contact) ([]model.PartyContact, error) {
	ids := make([]uint64, len(cs))
	for i, c := range cs {
		ids[i] = c.AccountID
	}
	bs, err := r.Directory.WeChatBindingsOfAccounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]model.PartyContact, len(cs))
	for i, c := range cs {
		party, err := toGraphEnum[directory.Party, model.Party](c.Party)
		if err != nil {
			return nil, err
		}
		status, err := toGraphEnum[directory.Status, model.PartyContactStatus](c.Status)
		if err != nil {
			return nil, err
		}
		b, bound := bs[c.AccountID]
		out[i] = model.PartyContact{ID: c.AccountID, Login: c.Login, Party: party, Company: c.Company, Name: c.Name,
			Mobile: c.Mobile, Status: status, Source: c.Source, WechatBound: bound, WechatSubscribed: bound && b.Subscribed,
			CreatedAt: c.CreatedAt}
	}
	return out, nil
}

// partyContactsByAccount is the contacts of accounts ids as the API shows them, keyed by account (two queries for
// all); accounts that are no contact's are absent.
func (r *Resolver) partyContactsByAccount(ctx context.Context, ids []uint64) (map[uint64]*model.PartyContact, error) {
	byAccount, err := r.Directory.ContactsByAccount(ctx, ids)
	if err != nil {
		return nil, err
	}
	cs := make([]directory.Contact, 0, len(byAccount))
	for _, c := range byAccount {
		cs = append(cs, c)
	}
	shown, err := r.toPartyContacts(ctx, cs)
	if err != nil {
		return nil, err
	}
	out := make(map[uint64]*model.PartyContact, len(shown))
	for i := range shown {
		out[shown[i].ID] = &shown[i]
	}
	return out, nil
}

// toPartyContact is one contact as the API shows it.
func (r *Resolver) toPartyContact(ctx context.Context, c directory.Contact) (*model.PartyContact, error) {
	out, err := r.toPartyContacts(ctx, []directory.Contact{c})
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// contactInput is a contact's fields from their input.
func contactInput(party model.Party, company, name string, mobile *string) directory.ContactInput {
	return directory.ContactInput{Party: fromGraphEnum[directory.Party](party), Company: company, Name: name,
		Mobile: optional(mobile)}
}

// partyContactPage is a page of the tenant's contacts under f.
func (r *Resolver) partyContactPage(ctx context.Context, f *model.PartyContactFilter, first *int, after *string) (*model.PartyContactPage, error) {
	from, err := database.ParseIDCursor(orDefault(after, ""))
	if err != nil {
		return nil, err
	}
	var filter directory.ContactFilter
	if f != nil {
		filter.Search = optional(f.Search)
		if f.Party != nil {
			filter.Party = fromGraphEnum[directory.Party](*f.Party)
		}
		if f.Status != nil {
			filter.Status = fromGraphEnum[directory.Status](*f.Status)
		}
	}
	rows, more, err := r.Directory.Contacts(ctx, filter, orDefault(first, 50), from)
	if err != nil {
		return nil, err
	}
	nodes, err := r.toPartyContacts(ctx, rows)
	if err != nil {
		return nil, err
	}
	out := &model.PartyContactPage{Nodes: nodes}
	if more {
		next := database.IDCursor(rows[len(rows)-1].AccountID)
		out.Next = &next
	}
	return out, nil
}

// toInboxMessage is a kept message as its reader sees it.
func toInboxMessage(m sysmsg.ContactMessage) model.InboxMessage {
	return model.InboxMessage{ID: m.ID, System: m.SystemCode, Title: m.Title, Content: m.Content, URL: m.URL,
		CreatedAt: m.CreatedAt, Read: m.ReadAt != nil}
}
