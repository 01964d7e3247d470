package graph_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/graph"
	"github.com/qiao-hq/qiao/graph/generated"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/tenancy"
)

// crossTenantCase is one attempt by tenant B's admin to reach tenant A's data through one root field.
type crossTenantCase struct {
	query string
	vars  func(f crossTenantFixture) map[string]any
	// codes are the acceptable error codes; empty means the call must succeed (on B's own data).
	codes []string
	// files are uploaded with the call (a multipart request).
	files []apptest.Upload
}

// crossTenantFixture is tenant A's data that B's admin aims at, and B itself (for calls on B's own records that
// name A's).
type crossTenantFixture struct {
	A, B                                               apptest.Tenant
	Item, Department, Notice, Survey, Question, Option uint64
	Discussion, Reply, Role, Delivery, Event           uint64
	Branch, Import, Sync, Binding, Registration        uint64
	Contact, Kept                                      uint64
	ExternalUserID                                     string
}

func idVar(name string, id func(f crossTenantFixture) uint64) func(f crossTenantFixture) map[string]any {
	return func(f crossTenantFixture) map[string]any { return map[string]any{name: apptest.ID(id(f))} }
}

var (
	aItem       = func(f crossTenantFixture) uint64 { return f.Item }
	aDepartment = func(f crossTenantFixture) uint64 { return f.Department }
	aNotice     = func(f crossTenantFixture) uint64 { return f.Notice }
	aSurvey     = func(f crossTenantFixture) uint64 { return f.Survey }
	aDiscussion = func(f crossTenantFixture) uint64 { return f.Discussion }
	aRole       = func(f crossTenantFixture) uint64 { return f.Role }
	aApprover   = func(f crossTenantFixture) uint64 { return f.A.Approver.EmployeeID }
)

// crossTenantCases must name every root field of the schema: TestCrossTenant fails for a field without one, so a
// new query or mutation cannot skip this check.
var crossTenantCases = map[string]crossTenantCase{
	"me":         {query: `{ me { id login employee { id name } } }`},
	"colleagues": {query: `{ colleagues(first: 200) { id name } }`},
	"collabItems": {query: `{ t: collabItems(box: TODO) { totalCount edges { node { id title } } }
		s: collabItems(box: SENT) { totalCount edges { node { id title } } }
		d: collabItems(box: DONE) { totalCount edges { node { id title } } } }`},
	"collabItem": {
		query: `query($id: ID!) { collabItem(id: $id) { id title body } }`,
		vars:  idVar("id", aItem),
		codes: []string{"not_found"},
	},
	"sendCollabItem": {
		query: `mutation($to: ID!) { sendCollabItem(input: {title: "x", body: "y", recipientIds: [$to]}) { id } }`,
		vars:  idVar("to", aApprover),
		codes: []string{"invalid"},
	},
	"handleCollabItem": {
		query: `mutation($id: ID!) { handleCollabItem(id: $id, action: APPROVE, opinion: "ok") { id status } }`,
		vars:  idVar("id", aItem),
		codes: []string{"not_found"},
	},
	"collabCounts": {query: `{ collabCounts { todo sent done } }`},
	"withdrawCollabItem": {
		query: `mutation($id: ID!) { withdrawCollabItem(id: $id) { id status } }`,
		vars:  idVar("id", aItem),
		codes: []string{"not_found"},
	},
	"tenantSettings": {query: `{ tenantSettings { lockoutThreshold passwordMinLength } }`},
	"updateTenantSettings": {
		query: `mutation { updateTenantSettings(input: {lockoutThreshold: 9, passwordMinLength: 12}) { lockoutThreshold } }`,
	},
	"login": {
		// B's admin credentials (a password only B's admin has) presented to tenant A.
		query: `mutation($t: String!) { login(tenant: $t, login: "admin", password: "Bravo-0nly!") { accessToken } }`,
		vars:  func(f crossTenantFixture) map[string]any { return map[string]any{"t": f.A.Slug} },
		codes: []string{"unauthenticated"},
	},
	"refreshSession": {
		// A refresh token shaped like tenant A's.
		query: `mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken } }`,
		vars: func(f crossTenantFixture) map[string]any {
			return map[string]any{"r": "rt_" + apptest.ID(f.A.ID) + "_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}
		},
		codes: []string{"unauthenticated"},
	},
	"exchangeSsoTicket": {
		query: `mutation { exchangeSsoTicket(ticket: "not-a-ticket") { accessToken } }`,
		codes: []string{"unauthenticated"},
	},
	"changePassword": {
		query: `mutation { changePassword(oldPassword: "Bravo-0nly!", newPassword: "N3w-passw0rd") { accessToken } }`,
	},

	// The directory.
	"departments": {query: `{ departments { id name memberCount totalMemberCount children { id name children { id name } } } }`},
	"employees":   {query: `{ employees(first: 100) { totalCount nodes { id name mobile email login position departments { id name } } } }`},
	"employee": {
		query: `query($id: ID!) { employee(id: $id) { id name mobile email } }`,
		vars:  idVar("id", aApprover),
		codes: []string{"not_found"},
	},
	"externalContacts": {
		// B's whole list, and the contacts of A's employee who follows A's contact.
		query: `query($f: ID!) { all: externalContacts(first: 100) { totalCount nodes { externalUserId name } }
			theirs: externalContacts(followerId: $f) { totalCount nodes { externalUserId name } } }`,
		vars: func(f crossTenantFixture) map[string]any {
			return map[string]any{"f": apptest.ID(f.A.Sender.EmployeeID)}
		},
	},
	"externalContact": {
		query: `query($x: String!) { externalContact(externalUserId: $x) { name followers { employee { name } } } }`,
		vars:  func(f crossTenantFixture) map[string]any { return map[string]any{"x": f.ExternalUserID} },
		codes: []string{"not_found"},
	},
	"systems":     {query: `{ systems { code name enabled hasApiKey } }`},
	"systemRoles": {query: `{ systemRoles { id name systems allowWeChat } }`},
	"createDepartment": {
		query: `mutation($p: ID!) { createDepartment(input: {name: "B-DEPT", parentId: $p}) { id } }`,
		vars:  idVar("p", aDepartment),
		codes: []string{"invalid"},
	},
	"renameDepartment": {
		query: `mutation($id: ID!) { renameDepartment(id: $id, name: "B-RENAMED") { id name } }`,
		vars:  idVar("id", aDepartment),
		codes: []string{"not_found"},
	},
	"moveDepartment": {
		query: `mutation($id: ID!) { moveDepartment(id: $id, parentId: null) { id } }`,
		vars:  idVar("id", aDepartment),
		codes: []string{"not_found"},
	},
	"setDepartmentSortOrder": {
		query: `mutation($id: ID!) { setDepartmentSortOrder(id: $id, sortOrder: 7) { id sortOrder } }`,
		vars:  idVar("id", aDepartment),
		codes: []string{"not_found"},
	},
	"setDepartmentLeader": {
		query: `mutation($d: ID!, $e: ID!) { setDepartmentLeader(departmentId: $d, employeeId: $e, leader: true) { id } }`,
		vars: func(f crossTenantFixture) map[string]any {
			return map[string]any{"d": apptest.ID(f.Department), "e": apptest.ID(f.A.Approver.EmployeeID)}
		},
		codes: []string{"not_found"},
	},
	"deleteDepartment": {
		query: `mutation($id: ID!) { deleteDepartment(id: $id) }`,
		vars:  idVar("id", aDepartment),
		codes: []string{"not_found"},
	},
	"setEmployeeDepartments": {
		query: `mutation($e: ID!, $d: ID!) { setEmployeeDepartments(employeeId: $e, departmentIds: [$d]) { id } }`,
		vars: func(f crossTenantFixture) map[string]any {
			return map[string]any{"e": apptest.ID(f.A.Approver.EmployeeID), "d": apptest.ID(f.Department)}
		},
		codes: []string{"not_found", "invalid"},
	},
	"updateEmployeeProfile": {
		query: `mutation($e: ID!) { updateEmployeeProfile(employeeId: $e, input: {mobile: "13800000000"}) { id mobile } }`,
		vars:  idVar("e", aApprover),
		codes: []string{"not_found"},
	},
	// Systems and roles are per tenant: B's calls change B's own, which the snapshot shows leave A's alone.
	"setSystemEnabled":   {query: `mutation { setSystemEnabled(code: PB, enabled: false) { code enabled } }`},
	"rotateSystemApiKey": {query: `mutation { rotateSystemApiKey(code: PB) }`},
	"createSystemRole":   {query: `mutation { createSystemRole(input: {name: "B-ROLE", systems: [OA]}) { id name } }`},
	"addSystem":          {query: `mutation { addSystem(code: "BRAVOHR", name: "B 的人事") { code name } }`},
	// Staff (issue 12): B's list and branches are B's; A's people and branches are not_found to B. A's mobile is
	// free in B (uniqueness is per tenant).
	"staff":    {query: `{ staff(first: 100) { totalCount nodes { id name login mobile email employeeNo branch { name } } } }`},
	"branches": {query: `{ branches { id name employeeCount } }`},
	"createEmployee": {query: `mutation { createEmployee(input: {name: "B-NEW", login: "bnew", mobile: "13900000001"}) {
		employee { id name } } }`},
	"updateEmployee": {
		query: `mutation($id: ID!) { updateEmployee(id: $id, input: {name: "B-RENAMED", clearBranch: true}) { id name } }`,
		vars:  idVar("id", aApprover),
		codes: []string{"not_found"},
	},
	"changeStaff": {
		// Each employee answers on its own: A's approver is unknown to B, and nothing of A's changes.
		query: `mutation($id: ID!) { changeStaff(ids: [$id], action: FREEZE) { employeeId error employee { name } } }`,
		vars:  idVar("id", aApprover),
	},
	"resetEmployeePassword": {
		query: `mutation($id: ID!) { resetEmployeePassword(id: $id) }`,
		vars:  idVar("id", aApprover),
		codes: []string{"not_found"},
	},
	"createBranch": {query: `mutation { createBranch(name: "B-BRANCH") { id name } }`},
	"renameBranch": {
		query: `mutation($id: ID!) { renameBranch(id: $id, name: "B-RENAMED") { id name } }`,
		vars:  idVar("id", func(f crossTenantFixture) uint64 { return f.Branch }),
		codes: []string{"not_found"},
	},
	"deleteBranch": {
		query: `mutation($id: ID!) { deleteBranch(id: $id) }`,
		vars:  idVar("id", func(f crossTenantFixture) uint64 { return f.Branch }),
		codes: []string{"not_found"},
	},
	// Staff imports: A's preview is not_found to B, and B cannot apply it.
	"staffImport": {
		query: `query($id: ID!) { staffImport(id: $id) { fileName rows { nodes { name login } } } }`,
		vars:  idVar("id", func(f crossTenantFixture) uint64 { return f.Import }),
		codes: []string{"not_found"},
	},
	"staffImports": {query: `{ staffImports(first: 5) { id fileName startedBy rows(first: 10) { nodes { name login } } } }`},
	"applyStaffImport": {
		query: `mutation($id: ID!) { applyStaffImport(id: $id) { state } }`,
		vars:  idVar("id", func(f crossTenantFixture) uint64 { return f.Import }),
		codes: []string{"not_found"},
	},
	// B previews its own sheet, which names A's mobile: free in B, and nothing of A's shows.
	"previewStaffImport": {query: `mutation($f: Upload!) { previewStaffImport(file: $f) { id total creates bad } }`,
		files: []apptest.Upload{{Var: "f", Name: "B.csv", Content: []byte("姓名,登录名,手机\nB-PERSON,bperson,13900000001\n")}}},
	// The contact sync: A's run is not_found to B; B previews, lists, starts and configures its own.
	"contactSyncPreview": {query: `{ contactSyncPreview { mode blocked memberChanges { name wecomUserId } invalid { name } running { id startedBy } } }`},
	"contactSyncs":       {query: `{ contactSyncs(first: 5) { id startedBy rows { nodes { subject ref } } } }`},
	"contactSync": {
		query: `query($id: ID!) { contactSync(id: $id) { startedBy rows { nodes { subject } } } }`,
		vars:  idVar("id", func(f crossTenantFixture) uint64 { return f.Sync }),
		codes: []string{"not_found"},
	},
	"contactSyncSettings": {query: `{ contactSyncSettings { scheduleEnabled times timeZone } }`},
	// B has no contact-sync secret of its own: refused, and A's is never used.
	"startContactSync":        {query: `mutation { startContactSync(confirmReplace: true) { id } }`, codes: []string{"invalid"}},
	"saveContactSyncSettings": {query: `mutation { saveContactSyncSettings(input: {scheduleEnabled: false}) { scheduleEnabled } }`},
	// B pulls its own WeCom's directory (its own OA app), never A's.
	"pullContactsFromWeCom": {query: `mutation { pullContactsFromWeCom { id direction mode } }`},
	// The service account: B has none of its own (null, not A's); B binds its own; its preflight checks B's only.
	"serviceAccount":     {query: `{ serviceAccount { appId secret token encodingAESKey } }`},
	"saveServiceAccount": {query: `mutation { saveServiceAccount(input: {appId: "wx00000000000000bb", secret: "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}) { appId secret } }`},
	// Run after B's own binding (mutations follow queries), or before it, when B has none.
	"runServiceAccountPreflight": {query: `mutation { runServiceAccountPreflight { ok checks { key message } } }`, codes: []string{"", "not_found"}},
	// Personal WeChat bindings: B lists its own (none), never A's, and cannot end A's; B's admin signs out.
	"wechatBindings": {query: `{ wechatBindings { nodes { id openId employee { name } } } }`},
	"endWechatBinding": {
		query: `mutation($id: ID!) { endWechatBinding(id: $id) }`,
		vars:  idVar("id", func(f crossTenantFixture) uint64 { return f.Binding }),
		codes: []string{"not_found"},
	},
	"logout": {query: `mutation { logout }`},
	// A binding QR code is B's admin's own: B has no service account of its own before its binding (not_found), and
	// after it the simulator knows no such account (invalid); another's scene reads as expired.
	"createWechatBindQR":  {query: `mutation { createWechatBindQR { scene } }`, codes: []string{"not_found", "invalid"}},
	"wechatBindQRStatus":  {query: `{ wechatBindQRStatus(scene: "bind:alpha") }`},
	"confirmWechatBindQR": {query: `mutation { confirmWechatBindQR(scene: "bind:alpha") }`, codes: []string{"invalid"}},
	// Open registration: A's application is not B's to list or decide; the public fields name a tenant by slug and
	// A takes no applications, so A's form and statuses are null and applying to it is refused.
	"registrations": {query: `{ registrations { nodes { id name login } } }`},
	"decideRegistration": {
		query: `mutation($id: ID!) { decideRegistration(id: $id, approve: true) { syncStarted } }`,
		vars:  idVar("id", func(f crossTenantFixture) uint64 { return f.Registration }),
		codes: []string{"not_found"},
	},
	"registrationForm": {query: `query($t: String!) { registrationForm(tenant: $t) { company } }`,
		vars: func(f crossTenantFixture) map[string]any { return map[string]any{"t": f.A.Slug} }},
	"registrationStatus": {query: `query($t: String!) { registrationStatus(tenant: $t, token: "rg_nothing") { status } }`,
		vars: func(f crossTenantFixture) map[string]any { return map[string]any{"t": f.A.Slug} }},
	"applyToRegister": {
		query: `mutation($t: String!) { applyToRegister(tenant: $t, input: {name: "乙", login: "yi", mobile: "13800000001"}) { status } }`,
		vars:  func(f crossTenantFixture) map[string]any { return map[string]any{"t": f.A.Slug} },
		codes: []string{"not_found"},
	},
	// Customers' and suppliers' contacts: B lists its own (none), and cannot change, freeze, reset or take back
	// A's; a message kept for A's contact is nobody's in B (B's admin has none of its own).
	"partyContacts": {query: `{ partyContacts(filter: {search: "ALPHA"}) { nodes { id name company } } }`},
	"createPartyContact": {
		query: `mutation { createPartyContact(input: {party: CUSTOMER, company: "乙方公司", name: "乙联系人", login: "alphacontact"}) { contact { id login } } }`,
	},
	"updatePartyContact": {
		query: `mutation($id: ID!) { updatePartyContact(id: $id, input: {party: SUPPLIER, company: "X", name: "Y"}) { id name } }`,
		vars:  idVar("id", func(f crossTenantFixture) uint64 { return f.Contact }),
		codes: []string{"not_found"},
	},
	"setPartyContactFrozen": {
		query: `mutation($id: ID!) { setPartyContactFrozen(id: $id, frozen: true) { id status } }`,
		vars:  idVar("id", func(f crossTenantFixture) uint64 { return f.Contact }),
		codes: []string{"not_found"},
	},
	"resetPartyContactPassword": {
		query: `mutation($id: ID!) { resetPartyContactPassword(id: $id) }`,
		vars:  idVar("id", func(f crossTenantFixture) uint64 { return f.Contact }),
		codes: []string{"not_found"},
	},
	"deletePartyContact": {
		query: `mutation($id: ID!) { deletePartyContact(id: $id) }`,
		vars:  idVar("id", func(f crossTenantFixture) uint64 { return f.Contact }),
		codes: []string{"not_found"},
	},
	"myMessages": {query: `{ myMessages { nodes { id title } unread } }`},
	// A's notice's push is nobody's in B.
	"pushProgress": {
		query: `query($id: ID!) { pushProgress(item: NOTICE, id: $id) { total sent queued } }`,
		vars:  idVar("id", func(f crossTenantFixture) uint64 { return f.Notice }),
		codes: []string{"not_found"},
	},
	"readMyMessage": {
		query: `mutation($id: ID!) { readMyMessage(id: $id) { id title } }`,
		vars:  idVar("id", func(f crossTenantFixture) uint64 { return f.Kept }),
		codes: []string{"not_found"},
	},
	// B invites A's approver: an employee B does not have is nobody to invite; B's WeCom is never asked for A's.
	"inviteToWeCom": {
		query: `mutation($id: ID!) { inviteToWeCom(employeeIds: [$id]) { invited { id } refused { id } skipped { reason } } }`,
		vars:  idVar("id", aApprover),
	},
	// Template mappings: B reads its own kinds, never A's mapping; B's templates come from B's own account (none,
	// or one whose secret the simulator refuses); B removes only its own mapping.
	"messageKinds":               {query: `{ messageKinds { kind templateId fields { key fact } } }`},
	"messageFacts":               {query: `{ messageFacts { fact label } }`},
	"serviceAccountMenu":         {query: `{ serviceAccountMenu { buttons { name url } } }`, codes: []string{"not_found", "invalid"}},
	"generateServiceAccountMenu": {query: `mutation { generateServiceAccountMenu { buttons { name url } } }`, codes: []string{"not_found", "invalid"}},
	"serviceAccountTemplates":    {query: `{ serviceAccountTemplates { id title } }`, codes: []string{"not_found", "invalid"}},
	"templatePreview": {query: `{ templatePreview(kind: "collab.sent", templateId: "ALPHA-TPL", fields: [{key: "thing1", fact: "subject"}]) { title } }`,
		codes: []string{"not_found", "invalid"}},
	"mapMessageTemplate": {query: `mutation { mapMessageTemplate(kind: "collab.sent", templateId: null) { kind templateId } }`},
	// A's own system: not B's to remove, nor to grant.
	"removeSystem": {query: `mutation { removeSystem(code: "ALPHAHR") }`, codes: []string{"not_found"}},
	"updateSystemRole": {
		query: `mutation($id: ID!) { updateSystemRole(id: $id, input: {name: "B-RENAMED", allowWeChat: false}) { id } }`,
		vars:  idVar("id", aRole),
		codes: []string{"not_found"},
	},
	"assignSystemRoles": {
		// A's role given to B's own employee.
		query: `mutation($e: ID!, $r: ID!) { assignSystemRoles(employeeId: $e, roleIds: [$r]) { id name } }`,
		vars: func(f crossTenantFixture) map[string]any {
			return map[string]any{"e": apptest.ID(f.B.Sender.EmployeeID), "r": apptest.ID(f.Role)}
		},
		codes: []string{"invalid"},
	},

	// Published items.
	"notices": {query: `{ n: notices(kind: NOTICE) { totalCount edges { node { id title body } } }
		w: notices(kind: NEWS) { totalCount edges { node { id title } } } }`},
	"notice": {
		query: `query($id: ID!) { notice(id: $id) { id title body } }`,
		vars:  idVar("id", aNotice),
		codes: []string{"not_found"},
	},
	"unreadCounts": {query: `{ unreadCounts { notice news survey discussion } }`},
	"noticeReadStats": {
		query: `query($id: ID!) { noticeReadStats(id: $id) { recipients read } }`,
		vars:  idVar("id", aNotice),
		codes: []string{"not_found"},
	},
	"publishedNotices": {query: `{ n: publishedNotices(kind: NOTICE) { totalCount edges { node { id title body } } }
		w: publishedNotices(kind: NEWS) { totalCount edges { node { id title } } } }`},
	"publishedSurveys":   {query: `{ publishedSurveys { totalCount edges { node { id title } } } }`},
	"startedDiscussions": {query: `{ startedDiscussions { totalCount edges { node { id title body } } } }`},
	"surveys":            {query: `{ surveys { totalCount edges { node { id title questions { text options { text } } } } } }`},
	"survey": {
		query: `query($id: ID!) { survey(id: $id) { id title questions { text options { text } } } }`,
		vars:  idVar("id", aSurvey),
		codes: []string{"not_found"},
	},
	"surveyResults": {
		query: `query($id: ID!) { surveyResults(id: $id) { ballots questions { text options { text count } } } }`,
		vars:  idVar("id", aSurvey),
		codes: []string{"not_found"},
	},
	"discussions": {query: `{ discussions { totalCount edges { node { id title body } } } }`},
	"discussion": {
		query: `query($id: ID!) { discussion(id: $id) { id title body } }`,
		vars:  idVar("id", aDiscussion),
		codes: []string{"not_found"},
	},
	"discussionReplies": {
		query: `query($id: ID!) { discussionReplies(id: $id) { totalCount edges { node { body } } } }`,
		vars:  idVar("id", aDiscussion),
		codes: []string{"not_found"},
	},
	"publishNotice": {
		query: `mutation($d: ID!) { publishNotice(input: {kind: NOTICE, title: "B", body: "B", audience: {departmentIds: [$d]}}) { id } }`,
		vars:  idVar("d", aDepartment),
		codes: []string{"invalid"},
	},
	"markNoticeRead": {
		query: `mutation($id: ID!) { markNoticeRead(id: $id) { id readAt } }`,
		vars:  idVar("id", aNotice),
		codes: []string{"not_found"},
	},
	"publishSurvey": {
		query: `mutation($d: ID!) { publishSurvey(input: {title: "B", audience: {departmentIds: [$d]},
			questions: [{text: "q", kind: SINGLE, options: ["a", "b"]}]}) { id } }`,
		vars:  idVar("d", aDepartment),
		codes: []string{"invalid"},
	},
	"voteSurvey": {
		query: `mutation($id: ID!, $q: ID!, $o: ID!) { voteSurvey(id: $id, choices: [{questionId: $q, optionIds: [$o]}]) { id voted } }`,
		vars: func(f crossTenantFixture) map[string]any {
			return map[string]any{"id": apptest.ID(f.Survey), "q": apptest.ID(f.Question), "o": apptest.ID(f.Option)}
		},
		codes: []string{"not_found"},
	},
	"startDiscussion": {
		query: `mutation($d: ID!) { startDiscussion(input: {title: "B", body: "B", audience: {departmentIds: [$d]}}) { id } }`,
		vars:  idVar("d", aDepartment),
		codes: []string{"invalid"},
	},
	"markDiscussionRead": {
		query: `mutation($id: ID!) { markDiscussionRead(id: $id) { id unread } }`,
		vars:  idVar("id", aDiscussion),
		codes: []string{"not_found"},
	},
	// B starts bound to the simulator's corp wwbravo; the binding fields act on B's own binding, whichever order they
	// run in, so a field may meet a secret another case changed (invalid) or an app another case removed.
	"wecomBinding": {query: `{ wecomBinding { corpId receivers { name url token } } }`},
	"wecomMenu":    {query: `{ wecomMenu { buttons { name } } }`, codes: []string{"", "not_found", "invalid"}},
	"saveWeComCorp": {
		query: `mutation { saveWeComCorp(input: {corpId: "wwbravo", contactSecret: "bravo-contact"}) { corpId } }`,
	},
	"saveWeComApp": {
		query: `mutation { saveWeComApp(input: {system: OA, agentId: 1000002, secret: "bravo-oa"}) { corpId apps { system } } }`,
		codes: []string{"", "invalid"},
	},
	"removeWeComApp": {query: `mutation { removeWeComApp(system: CRM) { corpId } }`, codes: []string{"not_found"}},
	"setReceiverKeys": {
		query: `mutation { setReceiverKeys(name: "contacts") { corpId } }`,
		codes: []string{"", "not_found"},
	},
	"runPreflight":      {query: `mutation { runPreflight { ok checks { title message } } }`, codes: []string{"", "not_found"}},
	"generateWeComMenu": {query: `mutation { generateWeComMenu { buttons { name } } }`, codes: []string{"", "not_found", "invalid"}},
	"auditLog":          {query: `{ auditLog(first: 100) { nodes { actor action target changes } } }`},
	// B's own deliveries, and none when B narrows them to A's notice (which A has a delivery of).
	"deliveries": {
		query: `query($id: ID!) { all: deliveries(first: 100) { nodes { id recipient recipientName error answer } }
			notice: deliveries(filter: {item: {item: NOTICE, id: $id}}) { nodes { id recipient recipientName error answer } } }`,
		vars: idVar("id", aNotice),
	},
	"deliveryDays":  {query: `{ deliveryDays(days: 30) { date sent failed } }`},
	"adminOverview": {query: `{ adminOverview { tenantName staffTotal binding } }`},
	"retryDelivery": {
		query: `mutation($id: ID!) { retryDelivery(id: $id) { id } }`,
		vars:  idVar("id", func(f crossTenantFixture) uint64 { return f.Delivery }),
		codes: []string{"not_found"},
	},
	// Public: B's admin asking for A's page learns only what anyone may (A is bound; the address names A's corp,
	// which WeCom shows on the QR page anyway), and no secret.
	"wecomQRLogin":    {query: `{ wecomQRLogin(tenant: "no-such-co") }`},
	"wecomEvents":     {query: `{ wecomEvents(first: 100) { nodes { id body } } }`},
	"wecomJoinQRCode": {query: `{ wecomJoinQRCode(size: 2) }`, codes: []string{"not_found", "invalid"}},
	"tenantHosts":     {query: `{ tenantHosts }`},
	"verifyFiles":     {query: `{ verifyFiles { name content } }`},
	"replayWeComEvent": {
		query: `mutation($id: ID!) { replayWeComEvent(id: $id) { id } }`,
		vars:  idVar("id", func(f crossTenantFixture) uint64 { return f.Event }),
		codes: []string{"not_found"},
	},
	"pullExternalContacts": {query: `mutation { pullExternalContacts { contacts } }`, codes: []string{"", "invalid", "not_found"}},
	// A's host cannot be taken: invalid, naming the host as another company's.
	"setTenantHosts": {
		query: `mutation($h: String!) { setTenantHosts(hosts: [$h]) }`,
		vars:  func(f crossTenantFixture) map[string]any { return map[string]any{"h": f.A.Slug + ".example.com"} },
		codes: []string{"invalid"},
	},
	"saveVerifyFile": {query: `mutation { saveVerifyFile(name: "WW_verify_bravo1.txt", content: "bravo1") { name } }`},
	"deleteVerifyFile": {
		query: `mutation { deleteVerifyFile(name: "WW_verify_alpha1.txt") { name } }`,
		codes: []string{"not_found"},
	},
	"partnerCustomers": {query: `{ partnerCustomers { slug } }`, codes: []string{"forbidden"}},
	"createTenant": {
		query: `mutation { createTenant(input: {slug: "bravo-child", name: "B", adminLogin: "boss"}) { slug } }`,
		codes: []string{"forbidden"},
	},
	"replyDiscussion": {
		query: `mutation($id: ID!, $q: ID!) { replyDiscussion(id: $id, body: "B", quoteId: $q) { id quote { body } } }`,
		vars: func(f crossTenantFixture) map[string]any {
			return map[string]any{"id": apptest.ID(f.Discussion), "q": apptest.ID(f.Reply)}
		},
		codes: []string{"not_found"},
	},
}

// TestCrossTenant shows that a user of tenant B gets nothing of tenant A through any root field, and that none of
// B's calls changes A's data.
func TestCrossTenant(t *testing.T) {
	env := apptest.New(t, dsn)
	a, b := env.Tenant(t, "alpha"), env.Tenant(t, "bravo")
	// B's admin has the strongest role, so only tenancy can stop it; its password is one A's admin does not have.
	if _, err := env.Directory.ChangePassword(b.Ctx(), b.Admin.AccountID, apptest.Password, "Bravo-0nly!", 0); err != nil {
		t.Fatal(err)
	}
	b.Admin.Password = "Bravo-0nly!"
	fx := seedAlpha(t, env, a)
	fx.B = b
	markers := []string{"ALPHA-SECRET", "ALPHA-BODY", a.Admin.Name, a.Sender.Name, a.Approver.Name,
		"ALPHA-DEPT", "13900000001", "alpha@example.com", "ALPHA-CUSTOMER", "ALPHA-ROLE", "ALPHA-SYSTEM", "ALPHA-BRANCH", "ALPHA-IMPORT", "ALPHA-IMPORTED", "ALPHA-SYNCER", "wx00000000000000aa", "ALPHASECRETALPHA", "ALPHA-NOTICE", "ALPHA-NEWS",
		"ALPHA-SURVEY", "ALPHA-QUESTION", "ALPHA-YES", "ALPHA-TOPIC", "ALPHA-REPLY"}
	before := snapshot(t, env, a)

	fields := rootFields(t)
	for _, name := range fields {
		if _, ok := crossTenantCases[name]; !ok {
			t.Errorf("root field %q has no cross-tenant case: add one to crossTenantCases", name)
		}
	}
	for name := range crossTenantCases {
		if !slices.Contains(fields, name) {
			t.Errorf("case %q names no root field of the schema", name)
		}
	}
	for _, name := range fields {
		c, ok := crossTenantCases[name]
		if !ok {
			continue
		}
		t.Run(name, func(t *testing.T) {
			var vars map[string]any
			if c.vars != nil {
				vars = c.vars(fx)
			}
			res := env.GraphQL(t, env.Token(t, b, b.Admin), c.query, vars, c.files...)
			if name == "changePassword" && len(res.Errors) == 0 {
				b.Admin.Password = "N3w-passw0rd"
			}
			raw := string(res.Data)
			for _, e := range res.Errors {
				raw += e.Message
			}
			for _, m := range markers {
				if strings.Contains(raw, m) {
					t.Errorf("response leaks tenant A's %q: %s", m, raw)
				}
			}
			switch {
			case len(c.codes) == 0 && len(res.Errors) > 0:
				t.Errorf("want success on B's own data, got %+v", res.Errors)
			case len(c.codes) > 0 && !slices.Contains(c.codes, res.Code()):
				t.Errorf("code = %q, want one of %v (errors %+v)", res.Code(), c.codes, res.Errors)
			}
		})
	}
	if after := snapshot(t, env, a); after != before {
		t.Errorf("tenant A changed:\nbefore %+v\nafter  %+v", before, after)
	}
	// A's people still sign in with their unchanged passwords.
	env.Token(t, a, a.Admin)
}

type tenantState struct {
	Status                  oa.Status
	Pending, Outbox, Items  int64
	LockoutThreshold, MinPw int
	Tables                  string // fingerprint
}

func snapshot(t *testing.T, env *apptest.Env, a apptest.Tenant) tenantState {
	t.Helper()
	ctx := a.Ctx()
	var s tenantState
	db := env.DB.WithContext(ctx)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.Model(&oa.Item{}).Count(&s.Items).Error)
	must(db.Model(&oa.Recipient{}).Where("state = ?", oa.StatePending).Count(&s.Pending).Error)
	must(db.Model(&outbox.Message{}).Count(&s.Outbox).Error)
	var it oa.Item
	must(db.Order("id").First(&it).Error)
	s.Status = it.Status
	set, err := env.Tenants.Settings(ctx)
	must(err)
	s.LockoutThreshold, s.MinPw = set.LockoutThreshold, set.PasswordMinLength
	s.Tables = fingerprint(t, env, a)
	return s
}

// rootFields lists the schema's queries and mutations, introspection fields aside.
func rootFields(t *testing.T) []string {
	t.Helper()
	s := generated.NewExecutableSchema(generated.Config{Resolvers: &graph.Resolver{}}).Schema()
	var out []string
	for _, typ := range []string{"Query", "Mutation"} {
		for _, f := range s.Types[typ].Fields {
			if !strings.HasPrefix(f.Name, "__") {
				out = append(out, f.Name)
			}
		}
	}
	if len(out) < 10 {
		t.Fatalf("suspiciously few root fields: %v", out)
	}
	return out
}

// TestNoTenantFailsClosed shows the mechanism under every resolver: a statement without a tenant is an error.
func TestNoTenantFailsClosed(t *testing.T) {
	env := apptest.New(t, dsn)
	a := env.Tenant(t, "solo")
	var n int64
	err := env.DB.WithContext(context.Background()).Model(&oa.Item{}).Count(&n).Error
	if err == nil || !strings.Contains(err.Error(), tenancy.ErrNoTenant.Error()) {
		t.Fatalf("count without tenant: err = %v, want ErrNoTenant", err)
	}
	if _, err := env.OA.Search(context.Background(), a.Sender.EmployeeID, oa.ListQuery{Box: oa.BoxSent, First: 10}); err == nil {
		t.Fatal("List without tenant succeeded")
	}
}
