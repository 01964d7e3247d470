package callbacks

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wecom"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

var lockForUpdate = clause.Locking{Strength: clause.LockingStrengthUpdate}

// externalContactChanged applies a change_external_contact event to the external contacts directory: an added or
// edited contact is read from WeCom (externalcontact/get, with the customer-contact credential) and written with
// its followers; a deleted one loses its follower, and goes when nobody follows it any more.
func (s *Service) externalContactChanged(ctx context.Context, ev wxcrypt.Event) (outcome, error) {
	if ev.ExternalUserID == "" {
		return ignored("外部联系人事件缺少 ExternalUserID"), nil
	}
	switch ev.ChangeType {
	case "add_external_contact", "add_half_external_contact", "edit_external_contact":
		return s.refreshExternalContact(ctx, ev.ExternalUserID)
	case "del_external_contact", "del_follow_user":
		ids, err := s.Directory.EmployeeIDsByWeComUserIDs(ctx, []string{ev.UserID})
		if err != nil {
			return outcome{}, err
		}
		id, ok := ids[ev.UserID]
		if !ok {
			return ignored(fmt.Sprintf("%s 不是本企业员工", ev.UserID)), nil
		}
		remains, err := s.Directory.RemoveExternalFollower(ctx, ev.ExternalUserID, id)
		if err != nil {
			return outcome{}, err
		}
		if !remains {
			return processed("已无跟进人，外部联系人已删除"), nil
		}
		return processed("已移除跟进人"), nil
	default:
		return ignored(fmt.Sprintf("暂不处理的外部联系人变更 %s", ev.ChangeType)), nil
	}
}

// refreshExternalContact writes external contact id as WeCom has it now, every page of its followers; a contact
// WeCom no longer shows (40096: gone, or none of its followers in the app's range) is deleted.
func (s *Service) refreshExternalContact(ctx context.Context, id string) (outcome, error) {
	app, err := s.Tenants.Credentials(ctx, tenants.CustomersCredential)
	if err != nil {
		return outcome{}, err
	}
	var contact wecom.ExternalContact
	var follows []wecom.FollowUser
	for cursor, first := "", true; first || cursor != ""; first = false {
		d, err := s.WeCom.GetExternalContact(ctx, app, id, cursor)
		if wecom.CodeOf(err) == wecom.CodeInvalidExternalUserID {
			if err := s.Directory.DeleteExternalContact(ctx, id); err != nil {
				return outcome{}, err
			}
			return processed("企业微信已无此外部联系人，已从通讯录删除"), nil
		}
		if err != nil {
			return outcome{}, apperr.Wrap(err, apperr.Internal, "externalcontact/get %s", id)
		}
		contact, follows, cursor = d.Contact, append(follows, d.FollowUsers...), d.NextCursor
	}
	skipped, err := s.upsertExternal(ctx, contact, follows)
	if err != nil {
		return outcome{}, err
	}
	if skipped > 0 {
		return processed(fmt.Sprintf("已更新外部联系人；%d 个跟进人不是本企业员工，未记录", skipped)), nil
	}
	return processed("已更新外部联系人"), nil
}

// upsertExternal writes contact with those of follows who are employees, and returns how many were not.
func (s *Service) upsertExternal(ctx context.Context, contact wecom.ExternalContact, follows []wecom.FollowUser) (int, error) {
	userIDs := make([]string, len(follows))
	for i, f := range follows {
		userIDs[i] = f.UserID
	}
	employees, err := s.Directory.EmployeeIDsByWeComUserIDs(ctx, userIDs)
	if err != nil {
		return 0, err
	}
	c := directory.ExternalContact{ExternalUserID: contact.ExternalUserID, Name: contact.Name,
		Type: directory.ContactType(contact.Type), Gender: directory.Gender(contact.Gender),
		CorpName: optional(contact.CorpName), Position: optional(contact.Position)}
	skipped := 0
	seen := map[uint64]bool{}
	for _, f := range follows {
		id, ok := employees[f.UserID]
		if !ok || seen[id] {
			skipped++
			continue
		}
		seen[id] = true
		fl := directory.ExternalFollower{EmployeeID: id, Remark: optional(f.Remark), State: optional(f.State)}
		if f.CreateTime > 0 {
			fl.AddedAt = time.Unix(f.CreateTime, 0).UTC()
		}
		c.Followers = append(c.Followers, fl)
	}
	if _, err := s.Directory.UpsertExternalContact(ctx, c); err != nil {
		return 0, err
	}
	return skipped, nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// PullCounts is what a full pull of the external contacts found and wrote.
type PullCounts struct {
	Members   int // members who may have customers (get_follow_user_list)
	Contacts  int // external contacts written
	Followers int // follow-up records written (a contact followed by two employees counts two)
	// NotEmployees counts follow-up records of members who are not employees of the tenant, left out.
	NotEmployees int
	// Refused counts contacts the directory refused (a name breaking the text rule); FirstRefusal says why.
	Refused      int
	FirstRefusal string
	// Deleted counts contacts the directory had and WeCom no longer lists.
	Deleted int
}

// pullBatch is how many (contact, member) pairs one batch/get_by_user page asks for: WeCom's most.
const pullBatch = wecom.MaxBatchLimit

// PullExternalContacts reads every external contact of the tenant in ctx from WeCom and writes them to the
// directory with their followers: the members who may have customers (get_follow_user_list), then their customers,
// wecom.MaxBatchUsers members a call, page by page (batch/get_by_user). A contact the directory refuses is counted
// and the pull goes on. Contacts that WeCom no longer lists are deleted (a pull that fails stops before that, so a
// partial list never deletes anyone). It returns not_found when the
// tenant has no customer-contact credential (nor an OA app), internal when WeCom fails.
func (s *Service) PullExternalContacts(ctx context.Context) (PullCounts, error) {
	if err := requireTenant(ctx, "pull external contacts"); err != nil {
		return PullCounts{}, err
	}
	app, err := s.Tenants.Credentials(ctx, tenants.CustomersCredential)
	if err != nil {
		return PullCounts{}, err
	}
	members, err := s.WeCom.ListFollowUsers(ctx, app)
	if err != nil {
		return PullCounts{}, apperr.Wrap(err, apperr.Internal, "externalcontact/get_follow_user_list")
	}
	type pulled struct {
		contact wecom.ExternalContact
		follows []wecom.FollowUser
	}
	byID := map[string]*pulled{}
	var order []string
	for from := 0; from < len(members); from += wecom.MaxBatchUsers {
		chunk := members[from:min(from+wecom.MaxBatchUsers, len(members))]
		for cursor, first := "", true; first || cursor != ""; first = false {
			b, err := s.WeCom.BatchGetExternalContacts(ctx, app, chunk, cursor, pullBatch)
			if err != nil {
				return PullCounts{}, apperr.Wrap(err, apperr.Internal, "externalcontact/batch/get_by_user")
			}
			for _, cf := range b.Contacts {
				p := byID[cf.Contact.ExternalUserID]
				if p == nil {
					p = &pulled{contact: cf.Contact}
					byID[cf.Contact.ExternalUserID] = p
					order = append(order, cf.Contact.ExternalUserID)
				}
				p.follows = append(p.follows, cf.Follow)
			}
			cursor = b.NextCursor
		}
	}
	n := PullCounts{Members: len(members)}
	for _, id := range order {
		p := byID[id]
		skipped, err := s.upsertExternal(ctx, p.contact, p.follows)
		switch {
		case apperr.Is(err, apperr.Invalid):
			n.Refused++
			if n.FirstRefusal == "" {
				n.FirstRefusal = fmt.Sprintf("%s: %s", id, apperr.MessageOf(err))
			}
			continue
		case err != nil:
			return n, err
		}
		n.Contacts++
		n.Followers += len(p.follows) - skipped
		n.NotEmployees += skipped
	}
	known, err := s.Directory.ExternalContactIDs(ctx)
	if err != nil {
		return n, err
	}
	for _, id := range known {
		if byID[id] != nil {
			continue
		}
		if err := s.Directory.DeleteExternalContact(ctx, id); err != nil && !apperr.Is(err, apperr.NotFound) {
			return n, err
		}
		n.Deleted++
	}
	s.Log.InfoContext(ctx, "external contacts pulled", "members", n.Members, "contacts", n.Contacts,
		"followers", n.Followers, "not_employees", n.NotEmployees, "refused", n.Refused, "deleted", n.Deleted)
	return n, nil
}

// dailyPullHour is when each tenant's external contacts are pulled whole every day (China time, plus the tenant's
// own offset of up to an hour), so a change whose event was lost is mended within a day.
const dailyPullHour = 3

// RequestDailyPulls asks for the day's full pull of the external contacts of every bound tenant whose pull time
// has come (dailyPullHour, plus an offset of its own so tenants do not all call WeCom at once). The outbox's dedup
// key names the day, so each tenant is pulled once a day however many workers ask. It returns how many it asked
// for (those of earlier ticks that day included).
func (s *Service) RequestDailyPulls(ctx context.Context) (int, error) {
	var ids []uint64
	if err := s.db.WithContext(tenancy.System(ctx)).Model(&tenants.Corp{}).Pluck("tenant_id", &ids).Error; err != nil {
		return 0, apperr.Wrap(err, apperr.Internal, "list bound tenants")
	}
	china := time.FixedZone("CST", 8*3600)
	now := s.Now().In(china)
	day := time.Date(now.Year(), now.Month(), now.Day(), dailyPullHour, 0, 0, 0, china)
	n := 0
	for _, id := range ids {
		at := day.Add(time.Duration(id*7919%3600) * time.Second)
		if now.Before(at) || now.Sub(at) > time.Hour {
			continue
		}
		tctx := tenancy.WithTenant(ctx, tenancy.ID(id))
		key := fmt.Sprintf("%s:daily:%s", outbox.KindWeComPull, day.Format("2006-01-02"))
		if err := outbox.Add(tctx, s.db.WithContext(tctx), now.UTC(), outbox.KindWeComPull, key,
			outbox.WeComPullPayload{Requested: now.Unix()}); err != nil {
			return n, apperr.Wrap(err, apperr.Internal, "request daily pull")
		}
		n++
	}
	return n, nil
}

// RequestPull asks for a full pull of the external contacts of the tenant in ctx, run from the queue (the outbox
// row is written now; RunPull does the work). It returns internal when ctx has no tenant.
func (s *Service) RequestPull(ctx context.Context) error {
	if err := requireTenant(ctx, "request external contact pull"); err != nil {
		return err
	}
	now := s.Now().UTC()
	key := fmt.Sprintf("%s:%d", outbox.KindWeComPull, now.UnixNano())
	if err := outbox.Add(ctx, s.db.WithContext(ctx), now, outbox.KindWeComPull, key,
		outbox.WeComPullPayload{Requested: now.Unix()}); err != nil {
		return apperr.Wrap(err, apperr.Internal, "request external contact pull")
	}
	return nil
}

// RunPull runs the pull outbox message outboxID (of kind outbox.KindWeComPull) asked for and marks it done.
func (s *Service) RunPull(ctx context.Context, outboxID uint64) (PullCounts, error) {
	m, id, err := s.message(ctx, outboxID, outbox.KindWeComPull)
	if err != nil {
		return PullCounts{}, err
	}
	var p outbox.WeComPullPayload
	_ = json.Unmarshal([]byte(m.Payload), &p) // only informative
	n, err := s.PullExternalContacts(ctx)
	if err != nil {
		return n, err
	}
	return n, s.markDone(ctx, id)
}
