package graph_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/server/app/apptest"
)

type badges struct{ Notice, News, Survey, Discussion int }

// TestBadges: unreadCounts is what needs the viewer: an open survey they have not voted in, a discussion new to
// them or replied to since they read it; voting and markDiscussionRead clear them, and a discussion's unread flag
// agrees with the count.
func TestBadges(t *testing.T) {
	env := apptest.New(t, dsn)
	tn, _ := publishedTenant(t, env, "badges")
	admin, sender, approver := env.Token(t, tn, tn.Admin), env.Token(t, tn, tn.Sender), env.Token(t, tn, tn.Approver)
	counts := func(token string) badges {
		t.Helper()
		var out struct{ UnreadCounts badges }
		gql(t, env, token, `{ unreadCounts { notice news survey discussion } }`, nil, &out)
		return out.UnreadCounts
	}
	unreadRows := func(token string) map[string]bool {
		t.Helper()
		var out struct {
			Discussions struct {
				Edges []struct {
					Node struct {
						ID, Title string
						Unread    bool
					}
				}
			}
		}
		gql(t, env, token, `{ discussions { edges { node { id title unread } } } }`, nil, &out)
		m := map[string]bool{}
		for _, e := range out.Discussions.Edges {
			m[e.Node.Title] = e.Node.Unread
		}
		return m
	}

	var sv struct {
		PublishSurvey struct {
			ID        string
			Questions []struct {
				ID      string
				Options []struct{ ID string }
			}
		}
	}
	gql(t, env, admin, `mutation($in: PublishSurveyInput!) { publishSurvey(input: $in) { id questions { id options { id } } } }`,
		map[string]any{"in": map[string]any{"title": "午餐", "audience": map[string]any{"all": true},
			"questions": []map[string]any{{"text": "吃什么", "kind": "SINGLE", "options": []string{"面", "饭"}}}}}, &sv)
	var d struct{ StartDiscussion struct{ ID string } }
	gql(t, env, sender, `mutation($in: StartDiscussionInput!) { startDiscussion(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"title": "团建", "body": "<p>去哪</p>", "audience": map[string]any{"all": true}}}, &d)

	if got, want := counts(approver), (badges{Survey: 1, Discussion: 1}); got != want {
		t.Errorf("approver's badges %+v, want %+v", got, want)
	}
	if got, want := counts(sender), (badges{Survey: 1}); got != want {
		t.Errorf("the author's badges %+v, want %+v: their own discussion is not new to them", got, want)
	}
	if got := unreadRows(approver); !got["团建"] {
		t.Errorf("approver's discussion rows %v: 团建 should be unread", got)
	}

	q := sv.PublishSurvey.Questions[0]
	gql(t, env, approver, `mutation($id: ID!, $c: [SurveyChoiceInput!]!) { voteSurvey(id: $id, choices: $c) { id } }`,
		map[string]any{"id": sv.PublishSurvey.ID, "c": []map[string]any{{"questionId": q.ID, "optionIds": []string{q.Options[0].ID}}}}, &struct{}{})
	var read struct{ MarkDiscussionRead struct{ Unread bool } }
	gql(t, env, approver, `mutation($id: ID!) { markDiscussionRead(id: $id) { unread } }`, map[string]any{"id": d.StartDiscussion.ID}, &read)
	if read.MarkDiscussionRead.Unread {
		t.Error("markDiscussionRead answered unread: true")
	}
	if got := counts(approver); got != (badges{}) {
		t.Errorf("approver's badges after voting and reading: %+v, want none", got)
	}
	if got := unreadRows(approver); got["团建"] {
		t.Errorf("approver's discussion rows %v: 团建 should be read", got)
	}

	gql(t, env, sender, `mutation($id: ID!) { replyDiscussion(id: $id, body: "<p>爬山</p>") { id } }`, map[string]any{"id": d.StartDiscussion.ID}, &struct{}{})
	if got, want := counts(approver), (badges{Discussion: 1}); got != want {
		t.Errorf("approver's badges after a reply: %+v, want %+v", got, want)
	}
	var detail struct{ Discussion struct{ Unread bool } }
	gql(t, env, approver, `query($id: ID!) { discussion(id: $id) { unread } }`, map[string]any{"id": d.StartDiscussion.ID}, &detail)
	if !detail.Discussion.Unread {
		t.Error("the discussion's detail says read after a reply the approver has not seen")
	}
	res := env.GraphQL(t, admin, `mutation($id: ID!) { markDiscussionRead(id: $id) { id } }`, map[string]any{"id": "999999999"})
	wantError(t, res, "not_found", "")
}

// TestListKeywords: the notice, survey and discussion lists take a keyword like the item boxes: matches only, with
// their count as totalCount.
func TestListKeywords(t *testing.T) {
	env := apptest.New(t, dsn)
	tn, _ := publishedTenant(t, env, "keywords")
	admin, approver := env.Token(t, tn, tn.Admin), env.Token(t, tn, tn.Approver)
	all := map[string]any{"all": true}
	for _, title := range []string{"元旦放假通知", "年会通知"} {
		gql(t, env, admin, `mutation($in: PublishNoticeInput!) { publishNotice(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"kind": "NOTICE", "title": title, "body": "<p>正文</p>", "audience": all}}, &struct{}{})
		gql(t, env, admin, `mutation($in: PublishSurveyInput!) { publishSurvey(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"title": title + "调查", "audience": all,
				"questions": []map[string]any{{"text": "好吗", "kind": "SINGLE", "options": []string{"好", "不好"}}}}}, &struct{}{})
		gql(t, env, admin, `mutation($in: StartDiscussionInput!) { startDiscussion(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"title": title + "讨论", "body": "<p>说说</p>", "audience": all}}, &struct{}{})
	}
	type conn struct {
		TotalCount int
		Edges      []struct{ Node struct{ Title string } }
	}
	for _, tc := range []struct {
		name, query string
		want        []string
	}{
		{"Notices", `query($k: String) { list: notices(kind: NOTICE, keyword: $k) { totalCount edges { node { title } } } }`, []string{"元旦放假通知"}},
		{"Surveys", `query($k: String) { list: surveys(keyword: $k) { totalCount edges { node { title } } } }`, []string{"元旦放假通知调查"}},
		{"Discussions", `query($k: String) { list: discussions(keyword: $k) { totalCount edges { node { title } } } }`, []string{"元旦放假通知讨论"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out struct{ List conn }
			gql(t, env, approver, tc.query, map[string]any{"k": "元旦"}, &out)
			got := []string{}
			for _, e := range out.List.Edges {
				got = append(got, e.Node.Title)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" || out.List.TotalCount != len(tc.want) {
				t.Errorf("matches (-want +got):\n%s(totalCount %d)", diff, out.List.TotalCount)
			}
		})
	}
}

// TestSentRecipients: a row of the sent list names who the item went to, the first few and how many, for a whole
// page in one batch.
func TestSentRecipients(t *testing.T) {
	env := apptest.New(t, dsn)
	tn := env.Tenant(t, "sentto")
	sender := env.Token(t, tn, tn.Sender)
	send := func(title string, to ...apptest.Person) {
		ids := []string{}
		for _, p := range to {
			ids = append(ids, apptest.ID(p.EmployeeID))
		}
		gql(t, env, sender, sendMutation, map[string]any{"title": title, "body": "<p>请审批</p>", "to": ids}, &struct{}{})
	}
	send("一人", tn.Approver)
	send("两人", tn.Approver, tn.Admin)
	var out struct {
		CollabItems struct {
			Edges []struct {
				Node struct {
					Title            string
					RecipientSummary struct {
						Count int
						First []struct{ Name string }
					}
				}
			}
		}
	}
	gql(t, env, sender, `{ collabItems(box: SENT) { edges { node { title recipientSummary { count first { name } } } } } }`, nil, &out)
	type row struct {
		Title string
		Count int
		Names []string
	}
	var got []row
	for _, e := range out.CollabItems.Edges {
		r := row{Title: e.Node.Title, Count: e.Node.RecipientSummary.Count}
		for _, p := range e.Node.RecipientSummary.First {
			r.Names = append(r.Names, p.Name)
		}
		got = append(got, r)
	}
	// By employee id: the admin was seeded before the approver.
	want := []row{{"两人", 2, []string{tn.Admin.Name, tn.Approver.Name}}, {"一人", 1, []string{tn.Approver.Name}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sent rows (-want +got):\n%s", diff)
	}
}
