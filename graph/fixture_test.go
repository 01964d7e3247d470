package graph_test

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/contactsync"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/message"
	"github.com/qiao-hq/qiao/mptemplates"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/discussion"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/survey"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/registration"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/sysmsg"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/mp"
)

// stores are the published items' stores on the test service's database, for seeding tenants directly.
type stores struct {
	notices     *notice.Store
	surveys     *survey.Store
	discussions *discussion.Store
}

func storesOf(env *apptest.Env) stores {
	return stores{
		notices:     notice.NewStore(env.DB, env.Directory, nil),
		surveys:     survey.NewStore(env.DB, env.Directory, nil),
		discussions: discussion.NewStore(env.DB, env.Directory, nil),
	}
}

// seedAlpha gives tenant a one of everything, each carrying an ALPHA- marker, through the domain (not GraphQL,
// which is what is under test).
func seedAlpha(t *testing.T, env *apptest.Env, a apptest.Tenant) crossTenantFixture {
	t.Helper()
	ctx := a.Ctx()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	fx := crossTenantFixture{A: a}
	item, err := env.OA.Send(ctx, a.Sender.EmployeeID, oa.SendInput{Title: "ALPHA-SECRET", Body: "ALPHA-BODY", RecipientIDs: []uint64{a.Approver.EmployeeID}})
	must(err)
	fx.Item = item.ID
	dept, err := env.Directory.CreateDepartment(ctx, "ALPHA-DEPT", nil, 0)
	must(err)
	fx.Department = dept.ID
	must(env.Directory.SetEmployeeDepartments(ctx, a.Approver.EmployeeID, []uint64{dept.ID}, 0))
	mobile, email := "13900000001", "alpha@example.com"
	_, err = env.Directory.UpdateProfile(ctx, a.Approver.EmployeeID, directory.ProfilePatch{Mobile: &mobile, Email: &email})
	must(err)
	c, err := env.Directory.UpsertExternalContact(ctx, directory.ExternalContact{ExternalUserID: "wmALPHA", Name: "ALPHA-CUSTOMER",
		Type: directory.ContactWeChat, Followers: []directory.ExternalFollower{{EmployeeID: a.Sender.EmployeeID}}})
	must(err)
	fx.ExternalUserID = c.ExternalUserID
	// A system of A's own, which B must neither see nor remove (B may have one of the same code).
	if _, err := env.Directory.AddSystem(ctx, "ALPHAHR", "ALPHA-SYSTEM"); err != nil {
		t.Fatal(err)
	}
	role, err := env.Directory.CreateSystemRole(ctx, "ALPHA-ROLE", []string{directory.SystemOA, "ALPHAHR"}, true)
	must(err)
	fx.Role = role.ID
	branch, err := env.Directory.CreateBranch(ctx, "ALPHA-BRANCH")
	if err != nil {
		t.Fatal(err)
	}
	fx.Branch = branch.ID
	imp, err := env.StaffImports.Preview(ctx, "alpha-admin", "ALPHA-IMPORT.csv",
		strings.NewReader("姓名,登录名,手机\nALPHA-IMPORTED,alphaimp,13900000099\n"))
	if err != nil {
		t.Fatal(err)
	}
	fx.Import = imp.ID

	st := storesOf(env)
	n, err := st.notices.Publish(ctx, a.Admin.EmployeeID, directory.RoleAdmin, notice.PublishInput{Kind: notice.KindNotice,
		Title: "ALPHA-NOTICE", Body: "ALPHA-NOTICE-BODY", Audience: notice.Audience{All: true}})
	must(err)
	fx.Notice = n.ID
	_, err = st.notices.Publish(ctx, a.Admin.EmployeeID, directory.RoleAdmin, notice.PublishInput{Kind: notice.KindNews,
		Title: "ALPHA-NEWS", Body: "ALPHA-NEWS-BODY", Audience: notice.Audience{All: true}})
	must(err)
	sv, err := st.surveys.Publish(ctx, a.Admin.EmployeeID, directory.RoleAdmin, survey.PublishInput{Title: "ALPHA-SURVEY",
		Audience: notice.Audience{All: true}, ResultsVisibility: survey.ResultsToEveryone,
		Questions: []survey.QuestionInput{{Text: "ALPHA-QUESTION", Kind: survey.Single, Required: true, Options: []string{"ALPHA-YES", "ALPHA-NO"}}}})
	must(err)
	fx.Survey, fx.Question, fx.Option = sv.Survey.ID, sv.Questions[0].ID, sv.Questions[0].Options[0].ID
	_, err = st.surveys.Vote(ctx, a.Approver.EmployeeID, sv.Survey.ID, []survey.Choice{{QuestionID: fx.Question, OptionIDs: []uint64{fx.Option}}})
	must(err)
	d, err := st.discussions.Start(ctx, a.Sender.EmployeeID, discussion.StartInput{Title: "ALPHA-TOPIC", Body: "ALPHA-TOPIC-BODY",
		Audience: notice.Audience{All: true}})
	must(err)
	fx.Discussion = d.ID
	r, err := st.discussions.Reply(ctx, a.Approver.EmployeeID, d.ID, discussion.ReplyInput{Body: "ALPHA-REPLY"})
	must(err)
	fx.Reply = r.ID
	// An undeliverable delivery of A's, which only A's admin may retry, and a binding whose secrets must not leak.
	dl := push.Delivery{DedupKey: "alpha-undeliverable", OutboxID: 1, Kind: "collab.sent", Channel: "wecom",
		Recipient: "alpha-userid", Status: push.StatusUndeliverable, Error: ptr("ALPHA-SECRET error")}
	must(env.DB.WithContext(ctx).Create(&dl).Error)
	fx.Delivery = dl.ID
	// A's notice's push to its approver, which B must not see by filtering 推送记录 by that notice's id.
	must(env.DB.WithContext(ctx).Create(&push.Delivery{DedupKey: outbox.NoticeKey(fx.Notice, a.Approver.EmployeeID), OutboxID: 1,
		Kind: outbox.KindNoticePublished, Channel: "wecom", Recipient: "alpha-userid", EmployeeID: &a.Approver.EmployeeID,
		Status: push.StatusSkipped, Error: ptr("ALPHA-SECRET notice error")}).Error)
	must(env.Tenants.SaveCorp(ctx, tenants.CorpPatch{CorpID: ptr("wwalpha"), ContactSecret: ptr("ALPHA-SECRET-contact")}))
	// A's service account, whose secret B must never see.
	must(env.Tenants.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: ptr("wx00000000000000aa"),
		Secret: ptr("ALPHASECRETALPHASECRETALPHASECRE")}))
	// A's approver's personal WeChat, which B may neither list nor unbind.
	acct, err := env.Directory.AccountByEmployee(ctx, a.Approver.EmployeeID)
	must(err)
	wb, err := env.Directory.BindWeChat(audit.WithActor(ctx, audit.Actor{Kind: audit.Employee, ID: "approver"}),
		"wx00000000000000aa", "ALPHA-OPENID", acct)
	must(err)
	fx.Binding = wb.ID
	reg := registration.Application{Name: "ALPHA-APPLICANT", Login: "alphaapplicant", TokenHash: strings.Repeat("a", 64),
		Status: registration.Pending, CreatedAt: time.Now()}
	must(env.DB.WithContext(ctx).Create(&reg).Error)
	fx.Registration = reg.ID
	must(env.Templates.Save(ctx, []string{"collab.sent"}, []mp.Template{{ID: "ALPHA-TPL", Keywords: []mp.Keyword{{Key: "thing1"}}}},
		mptemplates.Mapping{Kind: "collab.sent", TemplateID: "ALPHA-TPL", Fields: map[string]message.Fact{"thing1": message.FactSubject}}))
	// A's sync, started by ALPHA-SYNCER: B may neither read it nor see it listed.
	sync, err := env.ContactSync.Start(ctx, contactsync.TriggerManual, "ALPHA-SYNCER", true)
	must(err)
	fx.Sync = sync.ID
	_, err = env.Tenants.SetHosts(ctx, []string{a.Slug + ".example.com"}, time.Now())
	must(err)
	must(env.Tenants.SaveVerifyFile(ctx, "WW_verify_alpha1.txt", "ALPHAVERIFY", time.Now()))
	ev := callbacks.Event{Receiver: "oa", ContentHash: sha256.New().Sum([]byte(a.Slug))[:32], MsgType: "event",
		Event: "enter_agent", Body: "<xml>ALPHA-BODY</xml>", Status: callbacks.StatusIgnored, ReceivedAt: time.Now()}
	must(env.DB.WithContext(ctx).Create(&ev).Error)
	fx.Event = ev.ID
	// A's customer contact, with a message PB sent them: B may neither list, change nor read them.
	contact, _, err := env.Directory.CreateContact(ctx, directory.NewContact{ContactInput: directory.ContactInput{
		Party: directory.PartyCustomer, Company: "ALPHA-COMPANY", Name: "ALPHA-CONTACT", Mobile: "13900000009"},
		Login: "alphacontact", Source: directory.ContactByAdmin})
	must(err)
	fx.Contact = contact.AccountID
	_, err = sysmsg.NewService(env.Directory, env.DB).Post(ctx, directory.SystemPB, sysmsg.Message{ID: "alpha-1",
		Accounts: []string{"alphacontact"}, Title: "ALPHA-SECRET", Content: "ALPHA-BODY"})
	must(err)
	var kept sysmsg.ContactMessage
	must(env.DB.WithContext(ctx).Where("account_id = ?", contact.AccountID).Take(&kept).Error)
	fx.Kept = kept.ID
	return fx
}

// fingerprintQueries read everything the directory and published items hold for one tenant: row counts of every
// table, and the content of the rows an admin's mutation could change in place.
var fingerprintQueries = []string{
	"SELECT COUNT(*) FROM wecom_apps WHERE tenant_id = ?",
	"SELECT COUNT(*) FROM wechat_bindings WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(CONCAT_WS(',', account_id, party, company, name, mobile, status) ORDER BY account_id SEPARATOR ';'), '') FROM party_contacts WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(CONCAT_WS(',', id, read_at) ORDER BY id SEPARATOR ';'), '') FROM contact_messages WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(CONCAT_WS(',', id, password_hash, token_version) ORDER BY id SEPARATOR ';'), '') FROM accounts WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(status ORDER BY id), '') FROM registrations WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(kind, template_id, fields ORDER BY kind), '') FROM mp_template_maps WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(host ORDER BY host), '') FROM tenant_hosts WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(name, content ORDER BY name), '') FROM domain_verify_files WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(status, replays ORDER BY id), '') FROM wecom_inbox WHERE tenant_id = ?",
	"SELECT COUNT(*) FROM audit_log WHERE tenant_id = ?",
	"SELECT CONCAT(corp_id, COALESCE(HEX(contact_secret_sealed), ''), COALESCE(preflight, '')) FROM wecom_corps WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(name, HEX(token_sealed) ORDER BY name), '') FROM wecom_receivers WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(status ORDER BY id), '') FROM push_deliveries WHERE tenant_id = ?",
	"SELECT COUNT(*) FROM employee_departments WHERE tenant_id = ?",
	"SELECT COUNT(*) FROM external_contacts WHERE tenant_id = ?",
	"SELECT COUNT(*) FROM external_contact_follows WHERE tenant_id = ?",
	"SELECT COUNT(*) FROM system_role_grants WHERE tenant_id = ?",
	"SELECT COUNT(*) FROM account_system_roles WHERE tenant_id = ?",
	"SELECT COUNT(*) FROM notices WHERE tenant_id = ?",
	"SELECT COUNT(*) FROM notice_receipts WHERE tenant_id = ? AND read_at IS NOT NULL",
	"SELECT COUNT(*) FROM surveys WHERE tenant_id = ?",
	"SELECT COUNT(*) FROM survey_ballots WHERE tenant_id = ?",
	"SELECT COUNT(*) FROM survey_answers WHERE tenant_id = ?",
	"SELECT COUNT(*) FROM discussions WHERE tenant_id = ?",
	"SELECT COUNT(*) FROM discussion_replies WHERE tenant_id = ?",
	"SELECT COUNT(*) FROM discussion_participants WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(CONCAT_WS(',', discussion_id, employee_id, read_at) ORDER BY discussion_id, employee_id SEPARATOR ';'), '') FROM discussion_members WHERE tenant_id = ?",
	"SELECT COUNT(*) FROM outbox WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(CONCAT_WS(',', id, name, parent_id, sort_order) ORDER BY id SEPARATOR ';'), '') FROM departments WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(CONCAT_WS(',', id, mobile, email, position, status) ORDER BY id SEPARATOR ';'), '') FROM employees WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(CONCAT_WS(',', code, enabled, api_key_hash) ORDER BY code SEPARATOR ';'), '') FROM systems WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(CONCAT_WS(',', id, name, allow_wechat) ORDER BY id SEPARATOR ';'), '') FROM system_roles WHERE tenant_id = ?",
}

// fingerprint is tenant tn's directory and published items as one string: equal fingerprints mean nothing was
// written.
func fingerprint(t *testing.T, env *apptest.Env, tn apptest.Tenant) string {
	t.Helper()
	db := env.DB.WithContext(tn.Ctx())
	parts := make([]string, len(fingerprintQueries))
	for i, q := range fingerprintQueries {
		var v string
		if err := db.Raw(q, tn.ID).Scan(&v).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		parts[i] = fmt.Sprintf("%d=%s", i, v)
	}
	return strings.Join(parts, " | ")
}

func ptr[T any](v T) *T { return &v }
