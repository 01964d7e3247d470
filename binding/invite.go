package binding

import (
	"context"
	"slices"
	"strings"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wecom"
)

// MaxInvite bounds one InviteToWeCom: ten of WeCom's batches.
const MaxInvite = 10 * wecom.MaxInviteUsers

// InviteReport is what InviteToWeCom did: who was invited, who WeCom refused (not in its directory, or outside the
// contact secret's scope: the next sync adds them), and who was left out, with why.
type InviteReport struct {
	Invited []directory.Employee
	Refused []directory.Employee
	Skipped []InviteSkip
	// More says that more people than MaxInvite have not joined: inviting everyone again reaches the next ones.
	More bool
}

// InviteSkip is someone not invited, and why, in the admin's words.
type InviteSkip struct {
	Employee directory.Employee
	Reason   string
}

// InviteToWeCom sends WeCom's invitation (batch/invite, seed 000 §2.10 邀请) to employees ids of the tenant in ctx,
// or, with none named, to every current employee with a WeCom account who has not joined (activated) it yet. An
// active employee who has joined, one without a WeCom account and a frozen or resigned one are skipped with the
// reason; WeCom's answer names those it refused. Errors: invalid (Field "employeeIds") beyond MaxInvite, not_found
// without the contact-sync secret, a WeCom refusal explained.
func (s *Service) InviteToWeCom(ctx context.Context, ids []uint64) (InviteReport, error) {
	if len(ids) > MaxInvite {
		return InviteReport{}, apperr.InvalidField("employeeIds", "一次最多邀请 %d 人", MaxInvite)
	}
	var emps []directory.Employee
	var rep InviteReport
	if len(ids) == 0 {
		page, err := s.d.Directory.NotJoinedWeCom(ctx, MaxInvite+1)
		if err != nil {
			return InviteReport{}, err
		}
		emps, rep.More = page[:min(len(page), MaxInvite)], len(page) > MaxInvite
	} else {
		byID, err := s.d.Directory.EmployeesByIDs(ctx, ids)
		if err != nil {
			return InviteReport{}, err
		}
		for _, id := range ids {
			if e, ok := byID[id]; ok {
				emps = append(emps, e)
			}
		}
	}
	var invite []directory.Employee
	for _, e := range emps {
		switch {
		case e.Status != directory.StatusActive:
			rep.Skipped = append(rep.Skipped, InviteSkip{e, "员工已冻结或离职"})
		case e.WeComUserID == nil:
			rep.Skipped = append(rep.Skipped, InviteSkip{e, "没有企业微信账号"})
		case e.WeComStatus != nil && *e.WeComStatus == directory.WeComActive:
			rep.Skipped = append(rep.Skipped, InviteSkip{e, "已加入企业微信"})
		default:
			invite = append(invite, e)
		}
	}
	if len(invite) == 0 {
		return rep, nil
	}
	app, err := s.d.Tenants.Credentials(ctx, tenants.ContactsCredential)
	if err != nil {
		return InviteReport{}, err
	}
	for i := 0; i < len(invite); i += wecom.MaxInviteUsers {
		batch := invite[i:min(len(invite), i+wecom.MaxInviteUsers)]
		users := make([]string, len(batch))
		for i, e := range batch {
			users[i] = *e.WeComUserID
		}
		res, err := s.d.WeCom.Invite(ctx, app, wecom.Invitation{Users: users})
		if err != nil {
			// The batches before were sent and stay in the report; the rest are left out with WeCom's reason, and
			// the admin may invite them again.
			why := "企业微信拒绝了邀请：" + apperr.MessageOf(Explain(err, s.d.EgressIPs, s.d.Hosted))
			if wecom.CodeOf(err) == 0 {
				why = "邀请未能发出（网络或企业微信暂时不可用），请稍后重试"
			}
			for _, e := range invite[i:] {
				rep.Skipped = append(rep.Skipped, InviteSkip{e, why})
			}
			return rep, nil
		}
		for _, e := range batch {
			if slices.ContainsFunc(res.InvalidUsers, func(u string) bool { return strings.EqualFold(u, *e.WeComUserID) }) {
				rep.Refused = append(rep.Refused, e)
			} else {
				rep.Invited = append(rep.Invited, e)
			}
		}
	}
	return rep, nil
}
