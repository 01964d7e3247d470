package graph_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/outbox"
	"github.com/qiao-hq/qiao/server/app/apptest"
)

// pushes counts tenant tn's outbox rows of one kind.
func pushes(t *testing.T, env *apptest.Env, tn apptest.Tenant, kind string) int64 {
	t.Helper()
	var n int64
	if err := env.DB.WithContext(tn.Ctx()).Model(&outbox.Message{}).Where("kind = ?", kind).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// publishedTenant is a tenant whose approver alone is in the department 销售部.
func publishedTenant(t *testing.T, env *apptest.Env, slug string) (apptest.Tenant, string) {
	t.Helper()
	tn := env.Tenant(t, slug)
	d, err := env.Directory.CreateDepartment(tn.Ctx(), "销售部", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Directory.SetEmployeeDepartments(tn.Ctx(), tn.Approver.EmployeeID, []uint64{d.ID}, 0); err != nil {
		t.Fatal(err)
	}
	return tn, apptest.ID(d.ID)
}

type noticeOut struct {
	ID, Kind, Title, Body string
	ReadAt                *time.Time
	RecipientCount        int
	Publisher             struct{ Name string }
	Audience              struct {
		All           bool
		DepartmentIDs []string `json:"departmentIds"`
		Departments   []struct{ Name string }
	}
}

const noticeFields = `id kind title body readAt recipientCount publisher { name } audience { all departmentIds departments { name } }`

type unread struct{ Notice, News int }

// TestNotices: admins publish notices and news to an audience; its members list, read and count them.
func TestNotices(t *testing.T) {
	env := apptest.New(t, dsn)
	tn, sales := publishedTenant(t, env, "notices")
	admin, sender, approver := env.Token(t, tn, tn.Admin), env.Token(t, tn, tn.Sender), env.Token(t, tn, tn.Approver)

	publish := func(kind, title string, audience map[string]any) noticeOut {
		t.Helper()
		var out struct{ PublishNotice noticeOut }
		gql(t, env, admin, `mutation($in: PublishNoticeInput!) { publishNotice(input: $in) { `+noticeFields+` } }`,
			map[string]any{"in": map[string]any{"kind": kind, "title": title, "body": "<p>" + title + "</p><script>x()</script>", "audience": audience}}, &out)
		return out.PublishNotice
	}
	n := publish("NOTICE", "放假通知", map[string]any{"departmentIds": []string{sales}})
	if n.Kind != "NOTICE" || n.Body != "<p>放假通知</p>" || n.RecipientCount != 1 || n.Publisher.Name != tn.Admin.Name ||
		n.Audience.All || !cmp.Equal(n.Audience.DepartmentIDs, []string{sales}) || len(n.Audience.Departments) != 1 || n.Audience.Departments[0].Name != "销售部" {
		t.Errorf("published notice = %+v", n)
	}
	news := publish("NEWS", "新品发布", map[string]any{"all": true})
	if news.RecipientCount != 3 || news.ReadAt == nil {
		t.Errorf("news to all = %+v: want 3 recipients, read by its publisher", news)
	}
	if got := [2]int64{pushes(t, env, tn, outbox.KindNoticePublished), pushes(t, env, tn, outbox.KindNewsPublished)}; got != [2]int64{1, 2} {
		t.Errorf("pushes (notice, news) = %v, want [1 2]: the audience but the publisher", got)
	}

	counts := func(token string) unread {
		t.Helper()
		var out struct{ UnreadCounts unread }
		gql(t, env, token, `{ unreadCounts { notice news } }`, nil, &out)
		return out.UnreadCounts
	}
	list := func(token, kind string) []noticeOut {
		t.Helper()
		var out struct {
			Notices struct {
				TotalCount int
				Edges      []struct {
					Cursor string
					Node   noticeOut
				}
			}
		}
		gql(t, env, token, `query($k: NoticeKind!) { notices(kind: $k) { totalCount edges { cursor node { `+noticeFields+` } } } }`, map[string]any{"k": kind}, &out)
		var ns []noticeOut
		for _, e := range out.Notices.Edges {
			ns = append(ns, e.Node)
		}
		if out.Notices.TotalCount != len(ns) {
			t.Errorf("totalCount %d for %d entries", out.Notices.TotalCount, len(ns))
		}
		return ns
	}
	get := func(token, id string) (noticeOut, apptest.Response) {
		t.Helper()
		var out struct{ Notice noticeOut }
		res := env.GraphQL(t, token, `query($id: ID!) { notice(id: $id) { `+noticeFields+` } }`, map[string]any{"id": id})
		if len(res.Errors) == 0 {
			res.MustData(t, &out)
		}
		return out.Notice, res
	}

	t.Run("ReadingMarksNothing", func(t *testing.T) {
		if c := counts(approver); c != (unread{1, 1}) {
			t.Errorf("approver's unread = %+v, want 1 and 1", c)
		}
		l := list(approver, "NOTICE")
		if len(l) != 1 || l[0].Title != "放假通知" || l[0].ReadAt != nil || l[0].Body != "<p>放假通知</p>" {
			t.Errorf("approver's notices = %+v", l)
		}
		if d, _ := get(approver, n.ID); d.ReadAt != nil || d.Body != "<p>放假通知</p>" {
			t.Errorf("detail = %+v", d)
		}
		if c := counts(approver); c != (unread{1, 1}) {
			t.Errorf("unread after reading the detail = %+v, want unchanged", c)
		}
	})

	t.Run("MarkRead", func(t *testing.T) {
		var m1, m2 struct{ MarkNoticeRead noticeOut }
		gql(t, env, approver, `mutation($id: ID!) { markNoticeRead(id: $id) { id readAt body } }`, map[string]any{"id": n.ID}, &m1)
		gql(t, env, approver, `mutation($id: ID!) { markNoticeRead(id: $id) { id readAt } }`, map[string]any{"id": n.ID}, &m2)
		if m1.MarkNoticeRead.ReadAt == nil || m2.MarkNoticeRead.ReadAt == nil || !m1.MarkNoticeRead.ReadAt.Equal(*m2.MarkNoticeRead.ReadAt) {
			t.Errorf("readAt %v then %v: want set once and kept", m1.MarkNoticeRead.ReadAt, m2.MarkNoticeRead.ReadAt)
		}
		if c := counts(approver); c != (unread{0, 1}) {
			t.Errorf("unread after marking = %+v", c)
		}
		if c := counts(admin); c != (unread{0, 0}) {
			t.Errorf("the publisher's unread = %+v, want none", c)
		}
	})

	t.Run("OutsideTheAudience", func(t *testing.T) {
		if l := list(sender, "NOTICE"); len(l) != 0 {
			t.Errorf("the sender sees %+v", l)
		}
		_, res := get(sender, n.ID)
		wantError(t, res, "not_found", "")
		wantError(t, env.GraphQL(t, sender, `mutation($id: ID!) { markNoticeRead(id: $id) { id } }`, map[string]any{"id": n.ID}), "not_found", "")
		// The publisher sees what they published, in the audience or not.
		if d, res := get(admin, n.ID); len(res.Errors) > 0 || d.Title != "放假通知" {
			t.Errorf("publisher's detail = %+v %+v", d, res.Errors)
		}
	})

	t.Run("ReadStats", func(t *testing.T) {
		type stats struct{ Recipients, Read, Unread int }
		get := func(token, id string) (stats, apptest.Response) {
			var out struct{ NoticeReadStats stats }
			res := env.GraphQL(t, token, `query($id: ID!) { noticeReadStats(id: $id) { noticeId recipients read unread } }`, map[string]any{"id": id})
			if len(res.Errors) == 0 {
				res.MustData(t, &out)
			}
			return out.NoticeReadStats, res
		}
		if s, _ := get(admin, n.ID); s != (stats{1, 1, 0}) {
			t.Errorf("notice stats = %+v", s)
		}
		if s, _ := get(admin, news.ID); s != (stats{3, 1, 2}) {
			t.Errorf("news stats = %+v", s)
		}
		_, res := get(approver, n.ID)
		wantError(t, res, "forbidden", "")
	})

	t.Run("Pages", func(t *testing.T) {
		publish("NEWS", "第二条新闻", map[string]any{"all": true})
		var p1, p2 struct {
			Notices struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   string
				}
				Edges []struct {
					Cursor string
					Node   struct{ Title string }
				}
			}
		}
		const q = `query($after: String) { notices(kind: NEWS, first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { title } } } }`
		gql(t, env, sender, q, nil, &p1)
		gql(t, env, sender, q, map[string]any{"after": p1.Notices.PageInfo.EndCursor}, &p2)
		if len(p1.Notices.Edges) != 1 || p1.Notices.Edges[0].Node.Title != "第二条新闻" || !p1.Notices.PageInfo.HasNextPage ||
			p1.Notices.Edges[0].Cursor != p1.Notices.PageInfo.EndCursor || p1.Notices.TotalCount != 2 {
			t.Errorf("first page = %+v", p1.Notices)
		}
		if len(p2.Notices.Edges) != 1 || p2.Notices.Edges[0].Node.Title != "新品发布" || p2.Notices.PageInfo.HasNextPage {
			t.Errorf("second page = %+v", p2.Notices)
		}
	})
}

// TestPublishedBadInput: each bad request about published items gets a typed error, and nothing is written.
func TestPublishedBadInput(t *testing.T) {
	env := apptest.New(t, dsn)
	tn, sales := publishedTenant(t, env, "pubbad")
	other := env.Tenant(t, "pubbad-other")
	fx := seedAlpha(t, env, other) // another tenant's items
	admin, member := env.Token(t, tn, tn.Admin), env.Token(t, tn, tn.Sender)
	approver := env.Token(t, tn, tn.Approver)

	// A discussion of the approver's with one reply, and another discussion's reply to quote wrongly.
	var d1, d2 struct{ StartDiscussion struct{ ID string } }
	gql(t, env, approver, `mutation { startDiscussion(input: {title: "一", body: "b", audience: {all: true}}) { id } }`, nil, &d1)
	gql(t, env, approver, `mutation { startDiscussion(input: {title: "二", body: "b", audience: {all: true}}) { id } }`, nil, &d2)
	var r2 struct{ ReplyDiscussion struct{ ID string } }
	gql(t, env, approver, `mutation($id: ID!) { replyDiscussion(id: $id, body: "r") { id } }`, map[string]any{"id": d2.StartDiscussion.ID}, &r2)

	notice := func(in map[string]any) map[string]any { return map[string]any{"in": in} }
	const publishNotice = `mutation($in: PublishNoticeInput!) { publishNotice(input: $in) { id } }`
	const publishSurvey = `mutation($in: PublishSurveyInput!) { publishSurvey(input: $in) { id } }`
	const startDiscussion = `mutation($in: StartDiscussionInput!) { startDiscussion(input: $in) { id } }`
	all := map[string]any{"all": true}
	q := func(kind string, opts ...string) map[string]any {
		return map[string]any{"text": "问题", "kind": kind, "options": opts}
	}
	survey := func(extra map[string]any) map[string]any {
		in := map[string]any{"title": "调查", "audience": all, "questions": []any{q("SINGLE", "是", "否")}}
		for k, v := range extra {
			in[k] = v
		}
		return map[string]any{"in": in}
	}
	id := apptest.ID
	cases := []struct {
		name, token, query string
		vars               map[string]any
		code, field        string
	}{
		{"NoticeByMember", member, publishNotice, notice(map[string]any{"kind": "NOTICE", "title": "t", "body": "b", "audience": all}), "forbidden", ""},
		{"NoticeEmptyTitle", admin, publishNotice, notice(map[string]any{"kind": "NOTICE", "title": " ", "body": "b", "audience": all}), "invalid", "title"},
		{"NoticeTitleTooLong", admin, publishNotice, notice(map[string]any{"kind": "NOTICE", "title": strings.Repeat("长", 201), "body": "b", "audience": all}), "invalid", "title"},
		{"NoticeBodyOnlyScript", admin, publishNotice, notice(map[string]any{"kind": "NEWS", "title": "t", "body": "<script>x()</script>", "audience": all}), "invalid", "body"},
		{"NoticeNoAudience", admin, publishNotice, notice(map[string]any{"kind": "NOTICE", "title": "t", "body": "b", "audience": map[string]any{}}), "invalid", "audience"},
		{"NoticeAllAndDepartments", admin, publishNotice, notice(map[string]any{"kind": "NOTICE", "title": "t", "body": "b", "audience": map[string]any{"all": true, "departmentIds": []string{sales}}}), "invalid", "audience"},
		{"NoticeUnknownDepartment", admin, publishNotice, notice(map[string]any{"kind": "NOTICE", "title": "t", "body": "b", "audience": map[string]any{"departmentIds": []string{"999999"}}}), "invalid", "departmentIds"},
		{"NoticeBadKind", admin, publishNotice, notice(map[string]any{"kind": "MEMO", "title": "t", "body": "b", "audience": all}), "invalid", ""},
		{"NoticesPageTooLarge", member, `{ notices(kind: NOTICE, first: 1000) { totalCount } }`, nil, "invalid", "first"},
		{"NoticesBadCursor", member, `{ notices(kind: NOTICE, after: "@@") { totalCount } }`, nil, "invalid", "after"},
		{"NoticeUnknown", member, `{ notice(id: "999999") { id } }`, nil, "not_found", ""},
		{"OtherTenantNotice", admin, `query($id: ID!) { notice(id: $id) { id } }`, map[string]any{"id": id(fx.Notice)}, "not_found", ""},
		{"ReadStatsByMember", member, `query($id: ID!) { noticeReadStats(id: $id) { read } }`, map[string]any{"id": id(fx.Notice)}, "forbidden", ""},
		{"SurveyByMember", member, publishSurvey, survey(nil), "forbidden", ""},
		{"SurveyNoQuestions", admin, publishSurvey, survey(map[string]any{"questions": []any{}}), "invalid", "questions"},
		{"SurveyOneOption", admin, publishSurvey, survey(map[string]any{"questions": []any{q("SINGLE", "是")}}), "invalid", "questions[0].options"},
		{"SurveyRepeatedOption", admin, publishSurvey, survey(map[string]any{"questions": []any{q("MULTIPLE", "是", "是")}}), "invalid", "questions[0].options"},
		{"SurveyMinAboveMax", admin, publishSurvey, survey(map[string]any{"questions": []any{map[string]any{"text": "q", "kind": "MULTIPLE", "minChoices": 3, "maxChoices": 2, "options": []string{"a", "b", "c"}}}}), "invalid", "questions[0].maxChoices"},
		{"SurveyClosesInThePast", admin, publishSurvey, survey(map[string]any{"closesAt": time.Now().Add(-time.Hour).Format(time.RFC3339)}), "invalid", "closesAt"},
		{"SurveyMalformedTime", admin, publishSurvey, survey(map[string]any{"closesAt": "tomorrow"}), "invalid", ""},
		{"SurveysBadCursor", member, `{ surveys(after: "@@") { totalCount } }`, nil, "invalid", "after"},
		{"SurveyUnknown", member, `{ survey(id: "999999") { id } }`, nil, "not_found", ""},
		{"ResultsOtherTenant", admin, `query($id: ID!) { surveyResults(id: $id) { ballots } }`, map[string]any{"id": id(fx.Survey)}, "not_found", ""},
		{"DiscussionEmptyTitle", member, startDiscussion, map[string]any{"in": map[string]any{"title": "", "body": "b", "audience": all}}, "invalid", "title"},
		{"DiscussionEmptyBody", member, startDiscussion, map[string]any{"in": map[string]any{"title": "t", "body": "<script></script>", "audience": all}}, "invalid", "body"},
		{"DiscussionOtherTenantDepartment", member, startDiscussion, map[string]any{"in": map[string]any{"title": "t", "body": "b", "audience": map[string]any{"departmentIds": []string{id(fx.Department)}}}}, "invalid", "departmentIds"},
		{"ReplyEmptyBody", approver, `mutation($id: ID!) { replyDiscussion(id: $id, body: "  ") { id } }`, map[string]any{"id": d1.StartDiscussion.ID}, "invalid", "body"},
		{"ReplyQuotesAnotherDiscussion", approver, `mutation($id: ID!, $q: ID!) { replyDiscussion(id: $id, body: "r", quoteId: $q) { id } }`,
			map[string]any{"id": d1.StartDiscussion.ID, "q": r2.ReplyDiscussion.ID}, "invalid", "quoteId"},
		{"ReplyUnknownDiscussion", approver, `mutation { replyDiscussion(id: "999999", body: "r") { id } }`, nil, "not_found", ""},
		{"RepliesPageTooSmall", approver, `query($id: ID!) { discussionReplies(id: $id, first: 0) { totalCount } }`, map[string]any{"id": d1.StartDiscussion.ID}, "invalid", "first"},
		{"DiscussionsBadCursor", approver, `{ discussions(after: "x") { totalCount } }`, nil, "invalid", "after"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, otherBefore := fingerprint(t, env, tn), fingerprint(t, env, other)
			wantError(t, env.GraphQL(t, c.token, c.query, c.vars), c.code, c.field)
			if after := fingerprint(t, env, tn); after != before {
				t.Errorf("a refused call wrote:\nbefore %s\nafter  %s", before, after)
			}
			if after := fingerprint(t, env, other); after != otherBefore {
				t.Errorf("a refused call wrote to the other tenant")
			}
		})
	}
}

type surveyOut struct {
	ID, Title, State, ResultsVisibility string
	Voted, CanVote, CanSeeResults       bool
	MyChoices                           []string
	Questions                           []struct {
		ID, Text, Kind         string
		Required               bool
		MinChoices, MaxChoices int
		Options                []struct{ ID, Text string }
	}
}

const surveyFields = `id title state resultsVisibility voted canVote canSeeResults myChoices
	questions { id text kind required minChoices maxChoices options { id text } }`

type resultsOut struct {
	Ballots   int
	Questions []struct {
		Text        string
		Respondents int
		Options     []struct {
			Text    string
			Count   int
			Percent float64
		}
	}
}

// TestSurveys: publish, vote once, and results shown to whom the survey says.
func TestSurveys(t *testing.T) {
	env := apptest.New(t, dsn)
	tn, sales := publishedTenant(t, env, "surveys")
	admin, sender, approver := env.Token(t, tn, tn.Admin), env.Token(t, tn, tn.Sender), env.Token(t, tn, tn.Approver)

	publish := func(in map[string]any) surveyOut {
		t.Helper()
		var out struct{ PublishSurvey surveyOut }
		gql(t, env, admin, `mutation($in: PublishSurveyInput!) { publishSurvey(input: $in) { `+surveyFields+` } }`, map[string]any{"in": in}, &out)
		return out.PublishSurvey
	}
	questions := []any{
		map[string]any{"text": "午餐吃什么", "kind": "SINGLE", "options": []string{"米饭", "面条"}},
		map[string]any{"text": "周末活动", "kind": "MULTIPLE", "required": false, "maxChoices": 2, "options": []string{"爬山", "桌游", "电影"}},
	}
	sv := publish(map[string]any{"title": "团建调查", "body": "<b>请投票</b>", "audience": map[string]any{"all": true}, "questions": questions})
	if sv.State != "OPEN" || sv.ResultsVisibility != "VOTERS" || !sv.CanVote || sv.Voted || !sv.CanSeeResults || len(sv.Questions) != 2 ||
		sv.Questions[0].Kind != "SINGLE" || !sv.Questions[0].Required || sv.Questions[0].MaxChoices != 1 ||
		sv.Questions[1].Required || sv.Questions[1].MinChoices != 1 || sv.Questions[1].MaxChoices != 2 {
		t.Fatalf("published = %+v", sv)
	}
	if n := pushes(t, env, tn, outbox.KindSurveyPublished); n != 2 {
		t.Errorf("survey pushes = %d, want 2 (the audience but the publisher)", n)
	}
	q1, q2 := sv.Questions[0], sv.Questions[1]
	rice, noodles := q1.Options[0].ID, q1.Options[1].ID
	hike, games, film := q2.Options[0].ID, q2.Options[1].ID, q2.Options[2].ID

	get := func(token, id string) surveyOut {
		t.Helper()
		var out struct{ Survey surveyOut }
		gql(t, env, token, `query($id: ID!) { survey(id: $id) { `+surveyFields+` body } }`, map[string]any{"id": id}, &out)
		return out.Survey
	}
	results := func(token, id string) (resultsOut, apptest.Response) {
		t.Helper()
		var out struct{ SurveyResults resultsOut }
		res := env.GraphQL(t, token, `query($id: ID!) { surveyResults(id: $id) { surveyId ballots questions { questionId text kind respondents options { optionId text count percent } } } }`,
			map[string]any{"id": id})
		if len(res.Errors) == 0 {
			res.MustData(t, &out)
		}
		return out.SurveyResults, res
	}
	vote := func(token, id string, choices ...map[string]any) apptest.Response {
		t.Helper()
		return env.GraphQL(t, token, `mutation($id: ID!, $c: [SurveyChoiceInput!]!) { voteSurvey(id: $id, choices: $c) { `+surveyFields+` } }`,
			map[string]any{"id": id, "c": choices})
	}
	choice := func(q string, opts ...string) map[string]any {
		return map[string]any{"questionId": q, "optionIds": opts}
	}

	t.Run("BeforeVoting", func(t *testing.T) {
		var l struct {
			Surveys struct {
				Edges []struct {
					Node struct {
						Title, State, Body string
						Voted, CanVote     bool
					}
				}
			}
		}
		gql(t, env, sender, `{ surveys { edges { node { title state body voted canVote } } } }`, nil, &l)
		if len(l.Surveys.Edges) != 1 || l.Surveys.Edges[0].Node.Title != "团建调查" || l.Surveys.Edges[0].Node.Body != "<b>请投票</b>" ||
			!l.Surveys.Edges[0].Node.CanVote || l.Surveys.Edges[0].Node.Voted {
			t.Errorf("sender's surveys = %+v", l.Surveys.Edges)
		}
		s := get(sender, sv.ID)
		if !s.CanVote || s.CanSeeResults || s.MyChoices != nil {
			t.Errorf("sender's view = %+v", s)
		}
		_, res := results(sender, sv.ID)
		wantError(t, res, "forbidden", "")
	})

	t.Run("BadBallots", func(t *testing.T) {
		for name, choices := range map[string][]map[string]any{
			"TwoOptionsOnSingle":      {choice(q1.ID, rice, noodles)},
			"RequiredUnanswered":      {choice(q2.ID, hike)},
			"AboveMaxChoices":         {choice(q1.ID, rice), choice(q2.ID, hike, games, film)},
			"OptionOfAnotherQuestion": {choice(q1.ID, hike)},
			"UnknownQuestion":         {choice("999999", rice)},
		} {
			t.Run(name, func(t *testing.T) {
				before := fingerprint(t, env, tn)
				wantError(t, vote(sender, sv.ID, choices...), "invalid", "choices")
				if after := fingerprint(t, env, tn); after != before {
					t.Errorf("a refused ballot wrote:\nbefore %s\nafter  %s", before, after)
				}
			})
		}
	})

	t.Run("VoteOnce", func(t *testing.T) {
		var out struct{ VoteSurvey surveyOut }
		vote(sender, sv.ID, choice(q1.ID, rice), choice(q2.ID, film, hike)).MustData(t, &out)
		v := out.VoteSurvey
		// myChoices are in option order, whatever the order chosen in.
		if !v.Voted || v.CanVote || !v.CanSeeResults || !cmp.Equal(v.MyChoices, []string{rice, hike, film}) {
			t.Errorf("after voting = %+v", v)
		}
		before := fingerprint(t, env, tn)
		wantError(t, vote(sender, sv.ID, choice(q1.ID, noodles)), "conflict", "")
		if after := fingerprint(t, env, tn); after != before {
			t.Errorf("a second ballot wrote:\nbefore %s\nafter  %s", before, after)
		}
		vote(approver, sv.ID, choice(q1.ID, noodles)).MustData(t, &out) // the optional question left blank
		if !cmp.Equal(out.VoteSurvey.MyChoices, []string{noodles}) {
			t.Errorf("approver's choices = %v", out.VoteSurvey.MyChoices)
		}
	})

	t.Run("Results", func(t *testing.T) {
		r, res := results(sender, sv.ID)
		if len(res.Errors) > 0 {
			t.Fatalf("voter's results: %+v", res.Errors)
		}
		type opt = struct {
			Text    string
			Count   int
			Percent float64
		}
		if r.Ballots != 2 || r.Questions[0].Respondents != 2 || r.Questions[1].Respondents != 1 {
			t.Errorf("results = %+v", r)
		}
		if diff := cmp.Diff([]opt{{"米饭", 1, 50}, {"面条", 1, 50}}, r.Questions[0].Options); diff != "" {
			t.Errorf("question 1 (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]opt{{"爬山", 1, 100}, {"桌游", 0, 0}, {"电影", 1, 100}}, r.Questions[1].Options); diff != "" {
			t.Errorf("question 2 (-want +got):\n%s", diff)
		}
		// The publisher sees them without voting.
		if _, res := results(admin, sv.ID); len(res.Errors) > 0 {
			t.Errorf("publisher's results: %+v", res.Errors)
		}
	})

	t.Run("Visibility", func(t *testing.T) {
		one := []any{map[string]any{"text": "同意吗", "kind": "SINGLE", "options": []string{"同意", "反对"}}}
		everyone := publish(map[string]any{"title": "公开结果", "audience": map[string]any{"all": true}, "resultsVisibility": "EVERYONE", "questions": one})
		if s := get(approver, everyone.ID); !s.CanSeeResults || s.Voted {
			t.Errorf("EVERYONE before voting = %+v", s)
		}
		if _, res := results(approver, everyone.ID); len(res.Errors) > 0 {
			t.Errorf("EVERYONE results to a non-voter: %+v", res.Errors)
		}
		private := publish(map[string]any{"title": "仅发布人", "audience": map[string]any{"all": true}, "resultsVisibility": "PUBLISHER", "questions": one})
		var out struct{ VoteSurvey surveyOut }
		vote(sender, private.ID, choice(private.Questions[0].ID, private.Questions[0].Options[0].ID)).MustData(t, &out)
		if out.VoteSurvey.CanSeeResults {
			t.Error("PUBLISHER: a voter may see the results")
		}
		_, res := results(sender, private.ID)
		wantError(t, res, "forbidden", "")
		if r, res := results(admin, private.ID); len(res.Errors) > 0 || r.Ballots != 1 {
			t.Errorf("PUBLISHER: publisher's results %+v %+v", r, res.Errors)
		}
	})

	t.Run("NotOpenYet", func(t *testing.T) {
		later := publish(map[string]any{"title": "下周开始", "audience": map[string]any{"all": true},
			"opensAt": time.Now().Add(24 * time.Hour).Format(time.RFC3339), "questions": questions[:1]})
		if later.State != "NOT_OPEN" || later.CanVote {
			t.Errorf("future survey = %+v", later)
		}
		wantError(t, vote(sender, later.ID, choice(later.Questions[0].ID, later.Questions[0].Options[0].ID)), "forbidden", "")
	})

	t.Run("OutsideTheAudience", func(t *testing.T) {
		dept := publish(map[string]any{"title": "销售调查", "audience": map[string]any{"departmentIds": []string{sales}}, "questions": questions[:1]})
		res := env.GraphQL(t, sender, `query($id: ID!) { survey(id: $id) { id } }`, map[string]any{"id": dept.ID})
		wantError(t, res, "not_found", "")
		wantError(t, vote(sender, dept.ID, choice(dept.Questions[0].ID, dept.Questions[0].Options[0].ID)), "not_found", "")
		// The publisher outside the audience sees it but cannot vote.
		if s := get(admin, dept.ID); s.CanVote {
			t.Errorf("publisher outside the audience can vote: %+v", s)
		}
		wantError(t, vote(admin, dept.ID, choice(dept.Questions[0].ID, dept.Questions[0].Options[0].ID)), "forbidden", "")
	})
}

type replyOut struct {
	ID, Body string
	QuoteID  *string
	Author   struct{ Name string }
	Quote    *struct {
		Body   string
		Author struct{ Name string }
	}
}

const replyFields = `id body quoteId author { name } quote { body author { name } }`

// TestDiscussions: anyone starts a discussion for an audience; its members reply, quoting; participants are told.
func TestDiscussions(t *testing.T) {
	env := apptest.New(t, dsn)
	tn, sales := publishedTenant(t, env, "discuss")
	admin, sender, approver := env.Token(t, tn, tn.Admin), env.Token(t, tn, tn.Sender), env.Token(t, tn, tn.Approver)

	type discussionOut struct {
		ID, Title, Body         string
		MemberCount, ReplyCount int
		LastReplyAt             *time.Time
		Author                  struct{ Name string }
		Participants            []struct{ Name string }
	}
	const fields = `id title body memberCount replyCount lastReplyAt author { name } participants { name }`
	var started struct{ StartDiscussion discussionOut }
	gql(t, env, sender, `mutation($d: ID!) { startDiscussion(input: {title: "客户反馈", body: "<p>大家看看</p>", audience: {departmentIds: [$d]}}) { `+fields+` } }`,
		map[string]any{"d": sales}, &started)
	d := started.StartDiscussion
	if d.MemberCount != 2 || d.Author.Name != tn.Sender.Name || len(d.Participants) != 1 || d.Body != "<p>大家看看</p>" {
		t.Fatalf("started = %+v: want the approver and the author as members, the author as participant", d)
	}
	if n := pushes(t, env, tn, outbox.KindDiscussionPublished); n != 1 {
		t.Errorf("discussion pushes = %d, want 1 (the approver)", n)
	}

	t.Run("NotAMember", func(t *testing.T) {
		var l struct{ Discussions struct{ TotalCount int } }
		gql(t, env, admin, `{ discussions { totalCount } }`, nil, &l)
		if l.Discussions.TotalCount != 0 {
			t.Errorf("the admin outside the audience lists %d discussions", l.Discussions.TotalCount)
		}
		wantError(t, env.GraphQL(t, admin, `query($id: ID!) { discussion(id: $id) { id } }`, map[string]any{"id": d.ID}), "not_found", "")
		wantError(t, env.GraphQL(t, admin, `query($id: ID!) { discussionReplies(id: $id) { totalCount } }`, map[string]any{"id": d.ID}), "not_found", "")
		wantError(t, env.GraphQL(t, admin, `mutation($id: ID!) { replyDiscussion(id: $id, body: "x") { id } }`, map[string]any{"id": d.ID}), "not_found", "")
	})

	reply := func(token, body string, quote *string) replyOut {
		t.Helper()
		var out struct{ ReplyDiscussion replyOut }
		gql(t, env, token, `mutation($id: ID!, $b: String!, $q: ID) { replyDiscussion(id: $id, body: $b, quoteId: $q) { `+replyFields+` } }`,
			map[string]any{"id": d.ID, "b": body, "q": quote}, &out)
		return out.ReplyDiscussion
	}

	t.Run("RepliesAndQuotes", func(t *testing.T) {
		r1 := reply(approver, "价格偏高", nil)
		if r1.Quote != nil || r1.QuoteID != nil || r1.Author.Name != tn.Approver.Name {
			t.Errorf("first reply = %+v", r1)
		}
		r2 := reply(sender, "我去谈谈", &r1.ID)
		if r2.Quote == nil || r2.Quote.Body != "价格偏高" || r2.Quote.Author.Name != tn.Approver.Name || *r2.QuoteID != r1.ID {
			t.Errorf("quoting reply = %+v", r2)
		}
		// Each reply is pushed to the other participants: the author for the first, the approver for the second.
		if n := pushes(t, env, tn, outbox.KindDiscussionReplied); n != 2 {
			t.Errorf("reply pushes = %d, want 2", n)
		}

		var page struct {
			DiscussionReplies struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   string
				}
				Edges []struct{ Node replyOut }
			}
		}
		const q = `query($id: ID!, $after: String) { discussionReplies(id: $id, first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ` + replyFields + ` } } } }`
		gql(t, env, approver, q, map[string]any{"id": d.ID}, &page)
		if p := page.DiscussionReplies; p.TotalCount != 2 || !p.PageInfo.HasNextPage || len(p.Edges) != 1 || p.Edges[0].Node.Body != "价格偏高" {
			t.Errorf("first page = %+v", p)
		}
		gql(t, env, approver, q, map[string]any{"id": d.ID, "after": page.DiscussionReplies.PageInfo.EndCursor}, &page)
		if p := page.DiscussionReplies; p.PageInfo.HasNextPage || len(p.Edges) != 1 || p.Edges[0].Node.Quote == nil || p.Edges[0].Node.Quote.Body != "价格偏高" {
			t.Errorf("second page = %+v", p)
		}
	})

	t.Run("AfterReplies", func(t *testing.T) {
		var l struct {
			Discussions struct {
				Edges []struct{ Node discussionOut }
			}
		}
		gql(t, env, approver, `{ discussions { edges { node { `+fields+` } } } }`, nil, &l)
		if len(l.Discussions.Edges) != 1 {
			t.Fatalf("approver's discussions = %+v", l.Discussions.Edges)
		}
		got := l.Discussions.Edges[0].Node
		var names []string
		for _, p := range got.Participants {
			names = append(names, p.Name)
		}
		if got.ReplyCount != 2 || got.LastReplyAt == nil || got.Body != "<p>大家看看</p>" || !cmp.Equal(names, []string{tn.Sender.Name, tn.Approver.Name}) {
			t.Errorf("discussion = %+v, participants %v", got, names)
		}
	})
}

// TestPublisherLists: a publisher finds what they published, and an author what they started, whether or not they
// are in its audience; nobody else's appear, and members may not list publications.
func TestPublisherLists(t *testing.T) {
	env := apptest.New(t, dsn)
	tn, sales := publishedTenant(t, env, "publisher-lists")
	admin, sender, approver := env.Token(t, tn, tn.Admin), env.Token(t, tn, tn.Sender), env.Token(t, tn, tn.Approver)

	toSales := map[string]any{"departmentIds": []string{sales}}
	publish := func(kind, title string, audience map[string]any) string {
		t.Helper()
		var out struct{ PublishNotice struct{ ID string } }
		gql(t, env, admin, `mutation($in: PublishNoticeInput!) { publishNotice(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"kind": kind, "title": title, "body": "b", "audience": audience}}, &out)
		return out.PublishNotice.ID
	}
	n1, n2 := publish("NOTICE", "一号通知", toSales), publish("NOTICE", "二号通知", toSales)
	w1 := publish("NEWS", "新闻", map[string]any{"all": true})
	var sv struct{ PublishSurvey struct{ ID string } }
	gql(t, env, admin, `mutation($in: PublishSurveyInput!) { publishSurvey(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"title": "满意度", "audience": toSales, "resultsVisibility": "PUBLISHER",
		"questions": []any{map[string]any{"text": "满意吗", "kind": "SINGLE", "options": []string{"是", "否"}}}}}, &sv)
	var d struct{ StartDiscussion struct{ ID string } }
	gql(t, env, sender, `mutation($d: ID!) { startDiscussion(input: {title: "议题", body: "b", audience: {departmentIds: [$d]}}) { id } }`,
		map[string]any{"d": sales}, &d)

	type conn struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage bool
			EndCursor   string
		}
		Edges []struct {
			Node struct {
				ID     string
				ReadAt *time.Time
			}
		}
	}
	ids := func(c conn) []string {
		var out []string
		for _, e := range c.Edges {
			out = append(out, e.Node.ID)
		}
		return out
	}
	const page = `totalCount pageInfo { hasNextPage endCursor } edges { node { id } }`

	t.Run("Notices", func(t *testing.T) {
		var out struct{ Mine, Audience, News conn }
		gql(t, env, admin, `{ mine: publishedNotices(kind: NOTICE) { `+page+` } audience: notices(kind: NOTICE) { `+page+` }
			news: publishedNotices(kind: NEWS) { totalCount edges { node { id readAt } } } }`, nil, &out)
		if got := ids(out.Mine); !cmp.Equal(got, []string{n2, n1}) || out.Mine.TotalCount != 2 {
			t.Errorf("published notices %v (total %d), want %v", got, out.Mine.TotalCount, []string{n2, n1})
		}
		if out.Audience.TotalCount != 0 {
			t.Errorf("the admin, outside 销售部, has %d notices in their own list, want 0", out.Audience.TotalCount)
		}
		if got := ids(out.News); !cmp.Equal(got, []string{w1}) || out.News.Edges[0].Node.ReadAt == nil {
			t.Errorf("published news %+v, want %s read by its publisher", out.News, w1)
		}
		var first, next struct{ PublishedNotices conn }
		gql(t, env, admin, `{ publishedNotices(kind: NOTICE, first: 1) { `+page+` } }`, nil, &first)
		gql(t, env, admin, `query($a: String) { publishedNotices(kind: NOTICE, first: 1, after: $a) { `+page+` } }`,
			map[string]any{"a": first.PublishedNotices.PageInfo.EndCursor}, &next)
		if !cmp.Equal(ids(first.PublishedNotices), []string{n2}) || !first.PublishedNotices.PageInfo.HasNextPage ||
			!cmp.Equal(ids(next.PublishedNotices), []string{n1}) || next.PublishedNotices.PageInfo.HasNextPage {
			t.Errorf("pages %+v then %+v, want %s then %s", first.PublishedNotices, next.PublishedNotices, n2, n1)
		}
	})
	t.Run("Surveys", func(t *testing.T) {
		var out struct{ Mine, Audience conn }
		gql(t, env, admin, `{ mine: publishedSurveys { `+page+` } audience: surveys { `+page+` } }`, nil, &out)
		if got := ids(out.Mine); !cmp.Equal(got, []string{sv.PublishSurvey.ID}) || out.Audience.TotalCount != 0 {
			t.Errorf("published surveys %v, own list %d: want %s, 0", got, out.Audience.TotalCount, sv.PublishSurvey.ID)
		}
	})
	t.Run("Discussions", func(t *testing.T) {
		var mine, theirs struct{ StartedDiscussions conn }
		gql(t, env, sender, `{ startedDiscussions { `+page+` } }`, nil, &mine)
		gql(t, env, approver, `{ startedDiscussions { `+page+` } }`, nil, &theirs)
		if !cmp.Equal(ids(mine.StartedDiscussions), []string{d.StartDiscussion.ID}) || theirs.StartedDiscussions.TotalCount != 0 {
			t.Errorf("started: author %v, a member %d; want %s, 0", ids(mine.StartedDiscussions), theirs.StartedDiscussions.TotalCount, d.StartDiscussion.ID)
		}
	})
	t.Run("MembersMayNotListPublications", func(t *testing.T) {
		wantError(t, env.GraphQL(t, approver, `{ publishedNotices(kind: NOTICE) { totalCount } }`, nil), "forbidden", "")
		wantError(t, env.GraphQL(t, approver, `{ publishedSurveys { totalCount } }`, nil), "forbidden", "")
	})
	t.Run("BadInput", func(t *testing.T) {
		wantError(t, env.GraphQL(t, admin, `{ publishedNotices(kind: NOTICE, first: 0) { totalCount } }`, nil), "invalid", "first")
		wantError(t, env.GraphQL(t, admin, `{ publishedSurveys(after: "@@") { totalCount } }`, nil), "invalid", "after")
		wantError(t, env.GraphQL(t, sender, `{ startedDiscussions(first: 101) { totalCount } }`, nil), "invalid", "first")
	})
}
