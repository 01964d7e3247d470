package graph_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/qiao-hq/qiao/graph"
	"github.com/qiao-hq/qiao/graph/generated"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/discussion"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/server/app/apptest"
	"github.com/qiao-hq/qiao/tenants"
)

// textKind is how a field's text is checked: one line (text.Line), several lines (text.Block), or a rich-text body
// (text.Block before and after sanitising).
type textKind int

const (
	lineText textKind = iota
	blockText
	htmlText
)

// textSetup is what the text fields' mutations act on.
type textSetup struct {
	admin, sender, approver      string // tokens
	partner                      string // a partner's key
	item, discussion, dept, role string // ids
	branch                       string // id
	approverID                   string
	slug                         string // the tenant's, which takes applications
}

// placeholder marks where a row's variables take the value under test; it is swapped for JSON source after
// encoding, so the body can carry bytes json.Marshal would never write (invalid UTF-8, half a surrogate pair).
const placeholder = "@@TEXT@@"

// textField is one String input of a mutation that Qiao stores (or, for a password, hashes), sent through the
// real /graphql endpoint.
type textField struct {
	name    string // the mutation, then the input's path in the schema, list indexes left out
	kind    textKind
	token   func(s textSetup) string
	query   string
	vars    func(s textSetup, v string) map[string]any
	varPath string              // where the value sits in the variables, as the HTTP edge names it
	field   string              // what the domain's invalid error names
	wrap    func(string) string // the value around the text under test; "前" + text + "后" when nil
	good    bool                // also accepts a title full of emoji (false where the field's own shape forbids it)
}

func textIn(m map[string]any) map[string]any { return map[string]any{"in": m} }

var textAll = map[string]any{"all": true}

// textFields lists every String input of every mutation that reaches storage or a card. TestTextFieldsComplete
// holds it to the schema, so a new field cannot skip the rule.
var textFields = []textField{
	{name: "setTenantHosts.hosts", kind: lineText, token: adminOf, field: "hosts", varPath: "hosts[0]",
		query: `mutation($hosts: [String!]!) { setTenantHosts(hosts: $hosts) }`,
		vars:  func(_ textSetup, v string) map[string]any { return map[string]any{"hosts": []string{v}} }},
	{name: "saveVerifyFile.name", kind: lineText, token: adminOf, field: "name", varPath: "name",
		query: `mutation($name: String!) { saveVerifyFile(name: $name, content: "abc123") { name } }`,
		vars:  func(_ textSetup, v string) map[string]any { return map[string]any{"name": v} }},
	{name: "saveVerifyFile.content", kind: lineText, token: adminOf, field: "content", varPath: "content",
		query: `mutation($content: String!) { saveVerifyFile(name: "WW_verify_abc.txt", content: $content) { name } }`,
		vars:  func(_ textSetup, v string) map[string]any { return map[string]any{"content": v} }},
	{name: "saveWeComCorp.input.corpId", kind: lineText, token: adminOf, field: "corpId", varPath: "in.corpId",
		query: `mutation($in: WeComCorpInput!) { saveWeComCorp(input: $in) { corpId } }`,
		vars:  func(_ textSetup, v string) map[string]any { return textIn(map[string]any{"corpId": v}) }},
	{name: "saveWeComCorp.input.contactSecret", kind: lineText, token: adminOf, field: "contactSecret", varPath: "in.contactSecret",
		query: `mutation($in: WeComCorpInput!) { saveWeComCorp(input: $in) { corpId } }`,
		vars:  func(_ textSetup, v string) map[string]any { return textIn(map[string]any{"contactSecret": v}) }},
	{name: "saveWeComCorp.input.customerSecret", kind: lineText, token: adminOf, field: "customerSecret", varPath: "in.customerSecret",
		query: `mutation($in: WeComCorpInput!) { saveWeComCorp(input: $in) { corpId } }`,
		vars:  func(_ textSetup, v string) map[string]any { return textIn(map[string]any{"customerSecret": v}) }},
	{name: "saveWeComCorp.input.trustedDomain", kind: lineText, token: adminOf, field: "trustedDomain", varPath: "in.trustedDomain",
		query: `mutation($in: WeComCorpInput!) { saveWeComCorp(input: $in) { corpId } }`,
		vars:  func(_ textSetup, v string) map[string]any { return textIn(map[string]any{"trustedDomain": v}) }},
	{name: "saveWeComApp.input.secret", kind: lineText, token: adminOf, field: "secret", varPath: "in.secret",
		query: `mutation($in: WeComAppInput!) { saveWeComApp(input: $in) { corpId } }`,
		vars: func(_ textSetup, v string) map[string]any {
			return textIn(map[string]any{"system": "CRM", "agentId": 1000009, "secret": v})
		}},
	{name: "setReceiverKeys.token", kind: lineText, token: adminOf, field: "token", varPath: "token",
		query: `mutation($token: String) { setReceiverKeys(name: "oa", token: $token, encodingAESKey: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ") { corpId } }`,
		vars:  func(_ textSetup, v string) map[string]any { return map[string]any{"token": v} }},
	{name: "setReceiverKeys.encodingAESKey", kind: lineText, token: adminOf, field: "encodingAESKey", varPath: "key",
		query: `mutation($key: String) { setReceiverKeys(name: "oa", token: "Token123", encodingAESKey: $key) { corpId } }`,
		vars:  func(_ textSetup, v string) map[string]any { return map[string]any{"key": v} }},
	{name: "createTenant.input.slug", kind: lineText, token: partnerOf, field: "slug", varPath: "in.slug",
		query: `mutation($in: CreateTenantInput!) { createTenant(input: $in) { slug } }`,
		vars: func(_ textSetup, v string) map[string]any {
			return textIn(map[string]any{"slug": v, "name": "客户", "adminLogin": "boss"})
		}},
	{name: "createTenant.input.name", kind: lineText, token: partnerOf, field: "name", varPath: "in.name",
		query: `mutation($in: CreateTenantInput!) { createTenant(input: $in) { slug } }`,
		vars: func(_ textSetup, v string) map[string]any {
			return textIn(map[string]any{"slug": "text-customer", "name": v, "adminLogin": "boss"})
		}},
	{name: "createTenant.input.adminLogin", kind: lineText, token: partnerOf, field: "adminLogin", varPath: "in.adminLogin",
		query: `mutation($in: CreateTenantInput!) { createTenant(input: $in) { slug } }`,
		vars: func(_ textSetup, v string) map[string]any {
			return textIn(map[string]any{"slug": "text-customer", "name": "客户", "adminLogin": v})
		}},
	{name: "createTenant.input.adminName", kind: lineText, token: partnerOf, field: "adminName", varPath: "in.adminName",
		query: `mutation($in: CreateTenantInput!) { createTenant(input: $in) { slug } }`,
		vars: func(_ textSetup, v string) map[string]any {
			return textIn(map[string]any{"slug": "text-customer", "name": "客户", "adminLogin": "boss", "adminName": v})
		}},
	{name: "sendCollabItem.input.title", kind: lineText, token: senderOf, field: "title", varPath: "in.title", good: true,
		query: `mutation($in: SendCollabItemInput!) { sendCollabItem(input: $in) { id } }`,
		vars: func(s textSetup, v string) map[string]any {
			return textIn(map[string]any{"title": v, "body": "b", "recipientIds": []string{s.approverID}})
		}},
	{name: "sendCollabItem.input.body", kind: htmlText, token: senderOf, field: "body", varPath: "in.body", good: true,
		query: `mutation($in: SendCollabItemInput!) { sendCollabItem(input: $in) { id } }`,
		vars: func(s textSetup, v string) map[string]any {
			return textIn(map[string]any{"title": "t", "body": v, "recipientIds": []string{s.approverID}})
		}},
	{name: "handleCollabItem.opinion", kind: blockText, token: approverOf, field: "opinion", varPath: "opinion", good: true,
		query: `mutation($id: ID!, $opinion: String) { handleCollabItem(id: $id, action: COMMENT, opinion: $opinion) { id } }`,
		vars:  func(s textSetup, v string) map[string]any { return map[string]any{"id": s.item, "opinion": v} }},
	{name: "publishNotice.input.title", kind: lineText, token: adminOf, field: "title", varPath: "in.title", good: true,
		query: `mutation($in: PublishNoticeInput!) { publishNotice(input: $in) { id } }`,
		vars: func(_ textSetup, v string) map[string]any {
			return textIn(map[string]any{"kind": "NOTICE", "title": v, "body": "b", "audience": textAll})
		}},
	{name: "publishNotice.input.body", kind: htmlText, token: adminOf, field: "body", varPath: "in.body", good: true,
		query: `mutation($in: PublishNoticeInput!) { publishNotice(input: $in) { id } }`,
		vars: func(_ textSetup, v string) map[string]any {
			return textIn(map[string]any{"kind": "NEWS", "title": "t", "body": v, "audience": textAll})
		}},
	{name: "publishSurvey.input.title", kind: lineText, token: adminOf, field: "title", varPath: "in.title", good: true,
		query: `mutation($in: PublishSurveyInput!) { publishSurvey(input: $in) { id } }`,
		vars:  func(_ textSetup, v string) map[string]any { return textSurvey(v, "b", "问题", "否") }},
	{name: "publishSurvey.input.body", kind: htmlText, token: adminOf, field: "body", varPath: "in.body", good: true,
		query: `mutation($in: PublishSurveyInput!) { publishSurvey(input: $in) { id } }`,
		vars:  func(_ textSetup, v string) map[string]any { return textSurvey("t", v, "问题", "否") }},
	{name: "publishSurvey.input.questions.text", kind: lineText, token: adminOf, field: "questions[0].text",
		varPath: "in.questions[0].text", good: true,
		query: `mutation($in: PublishSurveyInput!) { publishSurvey(input: $in) { id } }`,
		vars:  func(_ textSetup, v string) map[string]any { return textSurvey("t", "b", v, "否") }},
	{name: "publishSurvey.input.questions.options", kind: lineText, token: adminOf, field: "questions[0].options",
		varPath: "in.questions[0].options[1]", good: true,
		query: `mutation($in: PublishSurveyInput!) { publishSurvey(input: $in) { id } }`,
		vars:  func(_ textSetup, v string) map[string]any { return textSurvey("t", "b", "问题", v) }},
	{name: "startDiscussion.input.title", kind: lineText, token: senderOf, field: "title", varPath: "in.title", good: true,
		query: `mutation($in: StartDiscussionInput!) { startDiscussion(input: $in) { id } }`,
		vars: func(_ textSetup, v string) map[string]any {
			return textIn(map[string]any{"title": v, "body": "b", "audience": textAll})
		}},
	{name: "startDiscussion.input.body", kind: htmlText, token: senderOf, field: "body", varPath: "in.body", good: true,
		query: `mutation($in: StartDiscussionInput!) { startDiscussion(input: $in) { id } }`,
		vars: func(_ textSetup, v string) map[string]any {
			return textIn(map[string]any{"title": "t", "body": v, "audience": textAll})
		}},
	{name: "replyDiscussion.body", kind: htmlText, token: approverOf, field: "body", varPath: "body", good: true,
		query: `mutation($id: ID!, $body: String!) { replyDiscussion(id: $id, body: $body) { id } }`,
		vars:  func(s textSetup, v string) map[string]any { return map[string]any{"id": s.discussion, "body": v} }},
	{name: "createDepartment.input.name", kind: lineText, token: adminOf, field: "name", varPath: "in.name", good: true,
		query: `mutation($in: CreateDepartmentInput!) { createDepartment(input: $in) { id } }`,
		vars:  func(_ textSetup, v string) map[string]any { return textIn(map[string]any{"name": v}) }},
	{name: "renameDepartment.name", kind: lineText, token: adminOf, field: "name", varPath: "name", good: true,
		query: `mutation($id: ID!, $name: String!) { renameDepartment(id: $id, name: $name) { id } }`,
		vars:  func(s textSetup, v string) map[string]any { return map[string]any{"id": s.dept, "name": v} }},
	{name: "updateEmployeeProfile.input.position", kind: lineText, token: adminOf, field: "position", varPath: "in.position",
		good:  true,
		query: `mutation($id: ID!, $in: EmployeeProfileInput!) { updateEmployeeProfile(employeeId: $id, input: $in) { id } }`,
		vars: func(s textSetup, v string) map[string]any {
			return map[string]any{"id": s.approverID, "in": map[string]any{"position": v}}
		}},
	{name: "updateEmployeeProfile.input.mobile", kind: lineText, token: adminOf, field: "mobile", varPath: "in.mobile",
		query: `mutation($id: ID!, $in: EmployeeProfileInput!) { updateEmployeeProfile(employeeId: $id, input: $in) { id } }`,
		vars: func(s textSetup, v string) map[string]any {
			return map[string]any{"id": s.approverID, "in": map[string]any{"mobile": v}}
		},
		wrap: func(s string) string { return "138" + s + "00000000" }},
	{name: "updateEmployeeProfile.input.email", kind: lineText, token: adminOf, field: "email", varPath: "in.email", good: true,
		query: `mutation($id: ID!, $in: EmployeeProfileInput!) { updateEmployeeProfile(employeeId: $id, input: $in) { id } }`,
		vars: func(s textSetup, v string) map[string]any {
			return map[string]any{"id": s.approverID, "in": map[string]any{"email": v}}
		},
		wrap: func(s string) string { return "li" + s + "si@example.com" }},
	{name: "createSystemRole.input.name", kind: lineText, token: adminOf, field: "name", varPath: "in.name", good: true,
		query: `mutation($in: CreateSystemRoleInput!) { createSystemRole(input: $in) { id } }`,
		vars: func(_ textSetup, v string) map[string]any {
			return textIn(map[string]any{"name": v, "systems": []string{"OA"}})
		}},
	// Each value gets a code of its own, so every good one is a new system.
	{name: "addSystem.name", kind: lineText, token: adminOf, field: "name", varPath: "name", good: true,
		query: `mutation($code: SystemCode!, $name: String!) { addSystem(code: $code, name: $name) { code } }`,
		vars: func(_ textSetup, v string) map[string]any {
			sum := sha256.Sum256([]byte(v))
			return map[string]any{"code": "T" + strings.ToUpper(hex.EncodeToString(sum[:3])), "name": v}
		}},
	{name: "applyToRegister.input.name", kind: lineText, token: nobody, field: "name", varPath: "in.name", good: true,
		query: applyQuery, vars: func(s textSetup, v string) map[string]any { return applyVars(s, "name", v) }},
	{name: "applyToRegister.input.position", kind: lineText, token: nobody, field: "position", varPath: "in.position", good: true,
		query: applyQuery, vars: func(s textSetup, v string) map[string]any { return applyVars(s, "position", v) }},
	{name: "applyToRegister.input.note", kind: blockText, token: nobody, field: "note", varPath: "in.note", good: true,
		query: applyQuery, vars: func(s textSetup, v string) map[string]any { return applyVars(s, "note", v) }},
	{name: "applyToRegister.input.email", kind: lineText, token: nobody, field: "email", varPath: "in.email", good: true,
		query: applyQuery, vars: func(s textSetup, v string) map[string]any { return applyVars(s, "email", v) },
		wrap: func(s string) string { return "li" + s + "si@example.com" }},
	{name: "applyToRegister.input.mobile", kind: lineText, token: nobody, field: "mobile", varPath: "in.mobile",
		query: applyQuery, vars: func(s textSetup, v string) map[string]any { return applyVars(s, "mobile", v) },
		wrap: func(s string) string { return "138" + s + "00000000" }},
	{name: "applyToRegister.input.company", kind: lineText, token: nobody, field: "company", varPath: "in.company",
		query: applyQuery, vars: func(s textSetup, v string) map[string]any {
			out := applyVars(s, "company", v)
			in := out["in"].(map[string]any)
			in["party"], in["password"] = "CUSTOMER", "Contact-pass-2026"
			return out
		}},
	{name: "createPartyContact.input.company", kind: lineText, token: adminOf, field: "company", varPath: "in.company",
		query: partyContactQuery, vars: func(_ textSetup, v string) map[string]any { return textIn(partyContactInput("company", v)) }},
	{name: "createPartyContact.input.name", kind: lineText, token: adminOf, field: "name", varPath: "in.name",
		query: partyContactQuery, vars: func(_ textSetup, v string) map[string]any { return textIn(partyContactInput("name", v)) }},
	{name: "createPartyContact.input.mobile", kind: lineText, token: adminOf, field: "mobile", varPath: "in.mobile",
		query: partyContactQuery, vars: func(_ textSetup, v string) map[string]any { return textIn(partyContactInput("mobile", v)) },
		wrap: func(s string) string { return "138" + s + "00000000" }},
	{name: "updatePartyContact.input.company", kind: lineText, token: adminOf, field: "company", varPath: "in.company",
		query: updatePartyContactQuery, vars: func(_ textSetup, v string) map[string]any { return updatePartyContactVars("company", v) }},
	{name: "updatePartyContact.input.name", kind: lineText, token: adminOf, field: "name", varPath: "in.name",
		query: updatePartyContactQuery, vars: func(_ textSetup, v string) map[string]any { return updatePartyContactVars("name", v) }},
	{name: "updatePartyContact.input.mobile", kind: lineText, token: adminOf, field: "mobile", varPath: "in.mobile",
		query: updatePartyContactQuery, vars: func(_ textSetup, v string) map[string]any { return updatePartyContactVars("mobile", v) },
		wrap: func(s string) string { return "138" + s + "00000000" }},
	{name: "decideRegistration.reason", kind: lineText, token: adminOf, field: "reason", varPath: "reason",
		query: `mutation($reason: String) { decideRegistration(id: "999999999", approve: false, reason: $reason) { syncStarted } }`,
		vars:  func(_ textSetup, v string) map[string]any { return map[string]any{"reason": v} }},
	{name: "createEmployee.input.name", kind: lineText, token: adminOf, field: "name", varPath: "in.name", good: true,
		query: `mutation($in: CreateEmployeeInput!) { createEmployee(input: $in) { employee { id } } }`,
		vars:  func(_ textSetup, v string) map[string]any { return textIn(newStaffInput("name", v)) }},
	{name: "createEmployee.input.position", kind: lineText, token: adminOf, field: "position", varPath: "in.position", good: true,
		query: `mutation($in: CreateEmployeeInput!) { createEmployee(input: $in) { employee { id } } }`,
		vars:  func(_ textSetup, v string) map[string]any { return textIn(newStaffInput("position", v)) }},
	{name: "createEmployee.input.employeeNo", kind: lineText, token: adminOf, field: "employeeNo", varPath: "in.employeeNo", good: true,
		query: `mutation($in: CreateEmployeeInput!) { createEmployee(input: $in) { employee { id } } }`,
		vars:  func(_ textSetup, v string) map[string]any { return textIn(newStaffInput("employeeNo", v)) }},
	{name: "createEmployee.input.email", kind: lineText, token: adminOf, field: "email", varPath: "in.email", good: true,
		query: `mutation($in: CreateEmployeeInput!) { createEmployee(input: $in) { employee { id } } }`,
		vars:  func(_ textSetup, v string) map[string]any { return textIn(newStaffInput("email", v)) },
		wrap:  func(s string) string { return "li" + s + "si@example.com" }},
	{name: "createEmployee.input.mobile", kind: lineText, token: adminOf, field: "mobile", varPath: "in.mobile",
		query: `mutation($in: CreateEmployeeInput!) { createEmployee(input: $in) { employee { id } } }`,
		vars:  func(_ textSetup, v string) map[string]any { return textIn(newStaffInput("mobile", v)) },
		wrap:  func(s string) string { return "138" + s + "00000000" }},
	{name: "updateEmployee.input.name", kind: lineText, token: adminOf, field: "name", varPath: "in.name", good: true,
		query: `mutation($id: ID!, $in: UpdateEmployeeInput!) { updateEmployee(id: $id, input: $in) { id } }`,
		vars: func(s textSetup, v string) map[string]any {
			return map[string]any{"id": s.approverID, "in": map[string]any{"name": v}}
		}},
	{name: "updateEmployee.input.position", kind: lineText, token: adminOf, field: "position", varPath: "in.position", good: true,
		query: `mutation($id: ID!, $in: UpdateEmployeeInput!) { updateEmployee(id: $id, input: $in) { id } }`,
		vars: func(s textSetup, v string) map[string]any {
			return map[string]any{"id": s.approverID, "in": map[string]any{"position": v}}
		}},
	{name: "updateEmployee.input.employeeNo", kind: lineText, token: adminOf, field: "employeeNo", varPath: "in.employeeNo", good: true,
		query: `mutation($id: ID!, $in: UpdateEmployeeInput!) { updateEmployee(id: $id, input: $in) { id } }`,
		vars: func(s textSetup, v string) map[string]any {
			return map[string]any{"id": s.approverID, "in": map[string]any{"employeeNo": v}}
		}},
	{name: "updateEmployee.input.email", kind: lineText, token: adminOf, field: "email", varPath: "in.email", good: true,
		query: `mutation($id: ID!, $in: UpdateEmployeeInput!) { updateEmployee(id: $id, input: $in) { id } }`,
		vars: func(s textSetup, v string) map[string]any {
			return map[string]any{"id": s.approverID, "in": map[string]any{"email": v}}
		},
		wrap: func(s string) string { return "li" + s + "si@example.com" }},
	{name: "updateEmployee.input.mobile", kind: lineText, token: adminOf, field: "mobile", varPath: "in.mobile",
		query: `mutation($id: ID!, $in: UpdateEmployeeInput!) { updateEmployee(id: $id, input: $in) { id } }`,
		vars: func(s textSetup, v string) map[string]any {
			return map[string]any{"id": s.approverID, "in": map[string]any{"mobile": v}}
		},
		wrap: func(s string) string { return "138" + s + "00000000" }},
	// Each value names a branch of its own, so every good one is a new branch.
	{name: "createBranch.name", kind: lineText, token: adminOf, field: "name", varPath: "name", good: true,
		query: `mutation($name: String!) { createBranch(name: $name) { id } }`,
		vars:  func(_ textSetup, v string) map[string]any { return map[string]any{"name": v} }},
	{name: "renameBranch.name", kind: lineText, token: adminOf, field: "name", varPath: "name", good: true,
		query: `mutation($id: ID!, $name: String!) { renameBranch(id: $id, name: $name) { id } }`,
		vars:  func(s textSetup, v string) map[string]any { return map[string]any{"id": s.branch, "name": v} }},
	{name: "updateSystemRole.input.name", kind: lineText, token: adminOf, field: "name", varPath: "in.name", good: true,
		query: `mutation($id: ID!, $in: UpdateSystemRoleInput!) { updateSystemRole(id: $id, input: $in) { id } }`,
		vars: func(s textSetup, v string) map[string]any {
			return map[string]any{"id": s.role, "in": map[string]any{"name": v}}
		}},
	// A password is never shown, but one holding an invisible or direction-changing character cannot be typed
	// again on another keyboard. Accepting emoji is the domain's test (a new password here would end the token).
	{name: "changePassword.newPassword", kind: lineText, token: senderOf, field: "newPassword", varPath: "new",
		query: `mutation($old: String!, $new: String!) { changePassword(oldPassword: $old, newPassword: $new) { accessToken } }`,
		vars: func(_ textSetup, v string) map[string]any {
			return map[string]any{"old": apptest.Password, "new": v}
		},
		wrap: func(s string) string { return "Passw0rd" + s + "x!" }},
}

// notStoredText are the mutations' String inputs outside the rule, and why.
var notStoredText = map[string]string{
	"login.tenant":                   "compared with the tenants' slugs; nothing is stored or shown",
	"login.login":                    "compared with the logins; nothing is stored or shown",
	"login.password":                 "compared with the stored hash",
	"changePassword.oldPassword":     "compared with the stored hash",
	"refreshSession.refreshToken":    "a token, compared by its hash",
	"exchangeSsoTicket.ticket":       "a ticket, compared by its hash",
	"login.bindTicket":               "a ticket, compared by its hash",
	"confirmWechatBindQR.scene":      "compared with the scenes the service made; nothing is stored",
	"applyToRegister.tenant":         "compared with the tenants' slugs; nothing is stored or shown",
	"applyToRegister.input.password": "checked against the password rules and kept only as a hash",
	"createPartyContact.input.login": "matched against [A-Za-z0-9_.@-]{2,64}: no invisible or direction character passes",
	"applyToRegister.input.login":    "matched against [A-Za-z0-9_.@-]{2,64}: no invisible or direction character passes",
	"logout.refreshToken":            "a token, compared by its hash",
	"mapMessageTemplate.kind":        "one of the kinds Qiao pushes, checked against them",
	"mapMessageTemplate.templateId":  "one of the account's template ids as WeChat lists them, checked against them",
	"mapMessageTemplate.fields.key":  "one of the template's keys as WeChat lists them, checked against them",
	"mapMessageTemplate.fields.fact": "one of the message facts, checked against them",
	"deleteVerifyFile.name":          "names one of the tenant's files; an unknown one is not_found, nothing is stored",
	"setReceiverKeys.name":           "names one of the tenant's receivers; an unknown one is not_found, nothing is stored",
	"createEmployee.input.login":     "matched against [A-Za-z0-9_.@-]{2,64}: no invisible or direction character passes",
	"createEmployee.input.wecomUserId": "matched against WeCom's userid pattern (ASCII letters, digits, _ - @ .): " +
		"no invisible or direction character passes",
	"updateEmployee.input.wecomUserId": "matched against WeCom's userid pattern (ASCII letters, digits, _ - @ .): " +
		"no invisible or direction character passes",
	"saveContactSyncSettings.input.times":    "parsed as HH:MM and stored as Go formats it again: nothing else passes",
	"saveServiceAccount.input.appId":         "matched against wx and 16 hex digits: nothing else passes",
	"saveServiceAccount.input.secret":        "matched against 32 ASCII letters and digits, and sealed: nothing else passes",
	"saveContactSyncSettings.input.timeZone": "must name a zone of the IANA database: an invisible or direction character fails it",
}

func adminOf(s textSetup) string { return s.admin }
func nobody(textSetup) string    { return "" }

// applyQuery applies to register at the setup's tenant; applyVars fills every field but key, which is v.
const applyQuery = `mutation($t: String!, $in: RegistrationInput!) { applyToRegister(tenant: $t, input: $in) { status } }`

func applyVars(s textSetup, key, v string) map[string]any {
	in := map[string]any{"name": "王五", "login": "wangwu", "mobile": "13800000077"}
	in[key] = v
	return map[string]any{"t": s.slug, "in": in}
}

// partyContactQuery makes a customer's contact; partyContactInput fills every field but key, which is v.
const partyContactQuery = `mutation($in: NewPartyContact!) { createPartyContact(input: $in) { contact { id } } }`

func partyContactInput(key, v string) map[string]any {
	in := map[string]any{"party": "CUSTOMER", "company": "华东建材", "name": "陈经理", "login": "chen.jl"}
	in[key] = v
	return in
}

// updatePartyContactQuery changes a contact that need not exist: the input is checked first.
const updatePartyContactQuery = `mutation($in: PartyContactInput!) { updatePartyContact(id: "999999999", input: $in) { id } }`

func updatePartyContactVars(key, v string) map[string]any {
	in := partyContactInput(key, v)
	delete(in, "login")
	return textIn(in)
}

func partnerOf(s textSetup) string  { return s.partner }
func senderOf(s textSetup) string   { return s.sender }
func approverOf(s textSetup) string { return s.approver }

func textSurvey(title, body, question, option string) map[string]any {
	return textIn(map[string]any{"title": title, "body": body, "audience": textAll,
		"questions": []any{map[string]any{"text": question, "kind": "SINGLE", "options": []string{"是", option}}}})
}

// badText is one value the rule refuses, as JSON source (escapes, or raw bytes json.Marshal would not write).
type badText struct {
	name        string
	src         string
	line, block bool // refused in a line field, in a block (and rich-text) field
	html        bool // refused in a rich-text field only once sanitised (a character reference)
	edge        bool // refused by the HTTP edge before GraphQL runs, naming the variable's path
}

var badTexts = []badText{
	{name: "NUL", src: `\u0000`, line: true, block: true},
	{name: "ESC", src: `\u001b[2J`, line: true, block: true},
	{name: "DEL", src: `\u007f`, line: true, block: true},
	{name: "C1", src: `\u0085`, line: true, block: true},
	{name: "LineFeed", src: `\n`, line: true},
	{name: "CarriageReturn", src: `\r`, line: true},
	{name: "Tab", src: `\t`, line: true},
	{name: "RightToLeftOverride", src: "\u202e", line: true, block: true},
	{name: "RightToLeftOverrideEscaped", src: `\u202E`, line: true, block: true},
	{name: "LeftToRightIsolate", src: `\u2066`, line: true, block: true},
	{name: "RightToLeftMark", src: `\u200f`, line: true, block: true},
	{name: "ZeroWidthSpace", src: `\u200b`, line: true, block: true},
	{name: "BOM", src: `\ufeff`, line: true, block: true},
	{name: "LineSeparator", src: `\u2028`, line: true, block: true},
	{name: "TagCharacter", src: `\udb40\udc69`, line: true, block: true},
	{name: "HangulFiller", src: `\u3164`, line: true, block: true},
	{name: "ReplacementCharacter", src: `\ufffd`, line: true},
	{name: "InvalidByte", src: "\xff", line: true, block: true, edge: true},
	{name: "TruncatedSequence", src: "\xe4\xb8", line: true, block: true, edge: true},
	{name: "EncodedSurrogate", src: "\xed\xa0\x80", line: true, block: true, edge: true},
	{name: "LoneHighSurrogate", src: `\ud800`, line: true, block: true, edge: true},
	{name: "LoneLowSurrogate", src: `\udc00`, line: true, block: true, edge: true},
	{name: "CharacterReferenceOverride", src: "&#x202e;", html: true},
}

// goodText is accepted by every text field: emoji with ZWJ sequences, variation selectors, a keycap, flags (a tag
// sequence among them) and Chinese.
const goodText = "团队👨‍👩‍👧‍👦❤️1️⃣🇨🇳🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"

// textStateQueries read what the text fields' mutations could write besides fingerprint's tables.
var textStateQueries = []string{
	"SELECT COUNT(*) FROM collab_items WHERE tenant_id = ?",
	"SELECT COUNT(*) FROM collab_comments WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(CONCAT_WS(',', item_id, recipient_id, state, opinion) ORDER BY item_id, recipient_id SEPARATOR ';'), '') FROM collab_recipients WHERE tenant_id = ?",
	"SELECT COALESCE(GROUP_CONCAT(CONCAT_WS(',', id, password_hash, token_version) ORDER BY id SEPARATOR ';'), '') FROM accounts WHERE tenant_id = ?",
}

func textState(t *testing.T, env *apptest.Env, tn apptest.Tenant) string {
	t.Helper()
	parts := []string{fingerprint(t, env, tn)}
	for _, q := range textStateQueries {
		var v string
		if err := env.DB.WithContext(tn.Ctx()).Raw(q, tn.ID).Scan(&v).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, " | ")
}

// postRaw posts body to /graphql as token and decodes the answer.
func postRaw(t *testing.T, env *apptest.Env, token string, body []byte) (int, apptest.Response) {
	t.Helper()
	status, raw := env.PostGraphQL(t, token, "application/json", bytes.NewReader(body))
	var out apptest.Response
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("status %d, answer %q: %v", status, raw, err)
	}
	return status, out
}

// textBody is the request of f with src (JSON source) where the text goes.
func textBody(t *testing.T, f textField, s textSetup, src string) []byte {
	t.Helper()
	wrap := f.wrap
	if wrap == nil {
		wrap = func(s string) string { return "前" + s + "后" }
	}
	body, err := json.Marshal(map[string]any{"query": f.query, "variables": f.vars(s, wrap(placeholder))})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(body, []byte(placeholder)) != 1 {
		t.Fatalf("%s: the placeholder is not in the variables once: %s", f.name, body)
	}
	return bytes.Replace(body, []byte(placeholder), []byte(src), 1)
}

// TestTextRule sends every value the text rule refuses through every text field of the GraphQL API: each answers
// invalid naming the field (or, for bytes that are no text, the variable's path at the HTTP edge), in Chinese, and
// writes nothing. Then each field takes a value full of emoji.
func TestTextRule(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "textrule")
	ctx := tn.Ctx()
	s := textSetup{admin: env.Token(t, tn, tn.Admin), sender: env.Token(t, tn, tn.Sender),
		approver: env.Token(t, tn, tn.Approver), approverID: apptest.ID(tn.Approver.EmployeeID),
		partner: partnerKey(t, env, "text-partner")}
	item, err := env.OA.Send(ctx, tn.Sender.EmployeeID, oa.SendInput{Title: "待处理", Body: "b", RecipientIDs: []uint64{tn.Approver.EmployeeID}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := discussion.NewStore(env.DB, env.Directory, nil).Start(ctx, tn.Sender.EmployeeID,
		discussion.StartInput{Title: "讨论", Body: "b", Audience: notice.Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	dept, err := env.Directory.CreateDepartment(ctx, "销售部", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	role, err := env.Directory.CreateSystemRole(ctx, "销售", []string{"OA"}, true)
	if err != nil {
		t.Fatal(err)
	}
	s.item, s.discussion, s.dept, s.role = apptest.ID(item.ID), apptest.ID(d.ID), apptest.ID(dept.ID), apptest.ID(role.ID)
	branch, err := env.Directory.CreateBranch(ctx, "华南分公司")
	if err != nil {
		t.Fatal(err)
	}
	s.branch = apptest.ID(branch.ID)
	// The tenant takes applications from the phone.
	allow := true
	if err := env.Tenants.SaveServiceAccount(ctx, tenants.ServiceAccountPatch{AppID: ptr("wx00000000000000ab"),
		Secret: ptr("0123456789abcdef0123456789abcdef"), AllowRegister: &allow}); err != nil {
		t.Fatal(err)
	}
	s.slug = tn.Slug

	for i, f := range textFields {
		t.Run(f.name, func(t *testing.T) {
			for _, b := range badTexts {
				refused := (f.kind == lineText && b.line) || (f.kind != lineText && b.block) || (f.kind == htmlText && b.html)
				if !refused {
					continue
				}
				t.Run(b.name, func(t *testing.T) {
					before := textState(t, env, tn)
					status, res := postRaw(t, env, f.token(s), textBody(t, f, s, b.src))
					field := f.field
					if b.edge {
						field = "variables." + f.varPath
						if status != http.StatusBadRequest {
							t.Errorf("status %d, want 400 from the HTTP edge", status)
						}
					}
					wantError(t, res, "invalid", field)
					if m := res.Errors[0].Message; !strings.ContainsFunc(m, func(r rune) bool { return unicode.Is(unicode.Han, r) }) ||
						strings.Contains(m, "invalid") {
						t.Errorf("message %q: want Chinese only", m)
					}
					if after := textState(t, env, tn); after != before {
						t.Errorf("a refused call wrote:\nbefore %s\nafter  %s", before, after)
					}
				})
			}
			if f.good {
				t.Run("OKEmoji", func(t *testing.T) {
					src, _ := json.Marshal(fmt.Sprintf("%s%d", goodText, i))
					_, res := postRaw(t, env, f.token(s), textBody(t, f, s, string(src[1:len(src)-1])))
					if len(res.Errors) > 0 {
						t.Errorf("refused: %+v", res.Errors)
					}
				})
			}
		})
	}

	t.Run("StoredAsSent", func(t *testing.T) {
		var out struct{ SendCollabItem struct{ ID, Title string } }
		env.GraphQL(t, s.sender, `mutation($in: SendCollabItemInput!) { sendCollabItem(input: $in) { id title } }`,
			textIn(map[string]any{"title": "  " + goodText + " ", "body": "b", "recipientIds": []string{s.approverID}})).MustData(t, &out)
		var stored string
		if err := env.DB.WithContext(ctx).Model(&oa.Item{}).Where("id = ?", out.SendCollabItem.ID).Pluck("title", &stored).Error; err != nil {
			t.Fatal(err)
		}
		if out.SendCollabItem.Title != goodText || stored != goodText {
			t.Errorf("title answered %q, stored %q; want %q", out.SendCollabItem.Title, stored, goodText)
		}
	})
}

// TestTextInDocument: a string literal in the document itself is held to the same rule: a \u escape of half a
// surrogate pair is refused before the parser turns it into U+FFFD, an escaped control character reaches the
// domain's rule, and a pair, a block string and a comment pass.
func TestTextInDocument(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "textdoc")
	admin := env.Token(t, tn, tn.Admin)
	mutation := func(name string) string {
		return `mutation { createDepartment(input: {name: ` + name + `}) { id name } }`
	}
	for _, tt := range []struct {
		name, literal, field string
	}{
		{"LoneHighSurrogate", `"前\ud800后"`, "query"},
		{"LoneLowSurrogate", `"前\uDC00后"`, "query"},
		{"HighThenBMP", `"前\ud83d\u0041后"`, "query"},
		{"EscapedNUL", `"前\u0000后"`, "name"},
		{"EscapedOverride", `"前\u202e后"`, "name"},
		{"BracedOverride", `"前\u{202E}后"`, "name"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := textState(t, env, tn)
			wantError(t, env.GraphQL(t, admin, mutation(tt.literal), nil), "invalid", tt.field)
			if after := textState(t, env, tn); after != before {
				t.Errorf("a refused call wrote:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
	for _, tt := range []struct {
		name, query, want string
	}{
		{"Pair", mutation(`"部门\ud83d\ude00"`), "部门😀"},
		{"BracedPair", mutation(`"部门\u{1F600}二"`), "部门😀二"},
		// A block string takes a backslash literally, and a comment is no string.
		{"BlockString", mutation(`"""部门 \ud800 三"""`), `部门 \ud800 三`},
		{"Comment", "# \"\\ud800\n" + mutation(`"部门四"`), "部门四"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out struct{ CreateDepartment struct{ Name string } }
			env.GraphQL(t, admin, tt.query, nil).MustData(t, &out)
			if out.CreateDepartment.Name != tt.want {
				t.Errorf("name %q, want %q", out.CreateDepartment.Name, tt.want)
			}
		})
	}
}

// TestTextFieldsComplete: every String input of every mutation, in its arguments or input objects at any depth,
// is in textFields or in notStoredText with a reason.
func TestTextFieldsComplete(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &graph.Resolver{}}).Schema()
	var inputs []string
	var walk func(path string, typ *ast.Type, depth int)
	walk = func(path string, typ *ast.Type, depth int) {
		name := typ.Name()
		def := schema.Types[name]
		switch {
		case name == "String":
			inputs = append(inputs, path)
		case def != nil && def.Kind == ast.InputObject && depth < 8:
			for _, f := range def.Fields {
				walk(path+"."+f.Name, f.Type, depth+1)
			}
		}
	}
	for _, f := range schema.Mutation.Fields {
		for _, a := range f.Arguments {
			walk(f.Name+"."+a.Name, a.Type, 0)
		}
	}
	if len(inputs) < 15 {
		t.Fatalf("only %d String inputs found: %v", len(inputs), inputs)
	}
	var listed []string
	for _, f := range textFields {
		listed = append(listed, f.name)
	}
	for k := range notStoredText {
		listed = append(listed, k)
	}
	sort.Strings(inputs)
	sort.Strings(listed)
	for _, input := range inputs {
		if !slices.Contains(listed, input) {
			t.Errorf("%s is a String input of a mutation: add it to textFields (or to notStoredText with the reason)", input)
		}
	}
	for _, l := range listed {
		if !slices.Contains(inputs, l) {
			t.Errorf("%s is listed but is no String input of a mutation", l)
		}
	}
}

// newStaffInput is a CreateEmployeeInput whose field is v and whose login, WeCom account and email are derived from
// v, so each value under test creates an employee of its own.
func newStaffInput(field, v string) map[string]any {
	sum := sha256.Sum256([]byte(field + v))
	tag := hex.EncodeToString(sum[:5])
	in := map[string]any{"name": "员工", "login": "t" + tag, "email": "t" + tag + "@example.com"}
	in[field] = v
	return in
}
