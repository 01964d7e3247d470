package oa_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/outbox"
)

// TestSendDepartments: departments become their active members when sent, without the sender, each once, and
// every recipient gets one push.
func TestSendDepartments(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenant(t), e.tenant(t)
	resigned := e.employee(t, a, "离职者", directory.StatusResigned)
	sales := e.dir.department(t, a, a.sender, a.approver, a.third, resigned)
	ops := e.dir.department(t, a, a.third, a.outside)
	onlySender := e.dir.department(t, a, a.sender)
	otherTenants := e.dir.department(t, b, b.approver)

	t.Run("OK", func(t *testing.T) {
		it := e.send(t, a, oa.SendInput{RecipientIDs: []uint64{a.approver}, DepartmentIDs: []uint64{sales, ops, sales}})
		want := map[uint64]oa.State{a.approver: oa.StatePending, a.third: oa.StatePending, a.outside: oa.StatePending}
		if diff := cmp.Diff(want, e.states(t, a, it.ID)); diff != "" {
			t.Errorf("recipients (-want +got):\n%s", diff)
		}
		wantKeys := []string{key(outbox.KindCollabSent, it.ID, a.approver), key(outbox.KindCollabSent, it.ID, a.third), key(outbox.KindCollabSent, it.ID, a.outside)}
		got := e.outboxKeys(t, a, outbox.KindCollabSent)
		for _, k := range wantKeys {
			if !strings.Contains(strings.Join(got, " "), k) {
				t.Errorf("no push %s in %v", k, got)
			}
		}
		if n := e.rows(t, a, &outbox.Message{}, "dedup_key LIKE ?", "collab.sent:"+itoa(it.ID)+":%"); n != 3 {
			t.Errorf("%d sent pushes, want 3", n)
		}
	})
	t.Run("ErrOnlyTheSender", func(t *testing.T) {
		before := e.snapshot(t, a)
		_, err := e.oa.Send(a.ctx, a.sender, oa.SendInput{Title: "t", DepartmentIDs: []uint64{onlySender}})
		wantField(t, err, "departmentIds")
		if after := e.snapshot(t, a); after != before {
			t.Errorf("wrote %+v → %+v", before, after)
		}
	})
	t.Run("ErrOtherTenantsDepartment", func(t *testing.T) {
		_, err := e.oa.Send(a.ctx, a.sender, oa.SendInput{Title: "t", DepartmentIDs: []uint64{otherTenants}})
		wantField(t, err, "departmentIds")
	})
	t.Run("CapAfterExpansion", func(t *testing.T) {
		c := e.tenant(t)
		many := make([]directory.Employee, oa.MaxRecipients)
		for i := range many {
			many[i] = directory.Employee{Name: "员工" + itoa(uint64(i)), Status: directory.StatusActive}
		}
		if err := e.db.WithContext(c.ctx).CreateInBatches(&many, 500).Error; err != nil {
			t.Fatal(err)
		}
		ids := make([]uint64, len(many))
		for i, m := range many {
			ids[i] = m.ID
		}
		// 999 members and the sender, plus one person named: exactly the cap.
		full := e.dir.department(t, c, append([]uint64{c.sender}, ids[:oa.MaxRecipients-1]...)...)
		it := e.send(t, c, oa.SendInput{RecipientIDs: []uint64{c.approver}, DepartmentIDs: []uint64{full}})
		if n := e.rows(t, c, &oa.Recipient{}, "item_id = ?", it.ID); n != oa.MaxRecipients {
			t.Errorf("%d recipients, want %d", n, oa.MaxRecipients)
		}
		over := e.dir.department(t, c, ids...)
		before := e.snapshot(t, c)
		_, err := e.oa.Send(c.ctx, c.sender, oa.SendInput{Title: "t", RecipientIDs: []uint64{c.approver}, DepartmentIDs: []uint64{over}})
		wantField(t, err, "departmentIds")
		if after := e.snapshot(t, c); after != before {
			t.Errorf("wrote %+v → %+v", before, after)
		}
	})
}

// TestSendInvalid: bad input is a typed error naming its field, and nothing is written.
func TestSendInvalid(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenant(t), e.tenant(t)
	frozen := e.employee(t, a, "冻结者", directory.StatusFrozen)
	ok := func() oa.SendInput { return oa.SendInput{Title: "t", Body: "b", RecipientIDs: []uint64{a.approver}} }
	with := func(f func(*oa.SendInput)) oa.SendInput { in := ok(); f(&in); return in }
	cases := []struct {
		name  string
		in    oa.SendInput
		field string
	}{
		{"NoTitle", with(func(in *oa.SendInput) { in.Title = "  " }), "title"},
		{"LongTitle", with(func(in *oa.SendInput) { in.Title = strings.Repeat("题", oa.MaxTitleRunes+1) }), "title"},
		{"LongBody", with(func(in *oa.SendInput) { in.Body = strings.Repeat("字", oa.MaxBodyRunes+1) }), "body"},
		// 5,000 '<' are 5,000 characters typed but 20,000 stored (&lt;): the limit is on what is stored.
		{"LongBodyOnceEscaped", with(func(in *oa.SendInput) { in.Body = strings.Repeat("<", oa.MaxBodyRunes/4+1) }), "body"},
		{"UnknownRule", with(func(in *oa.SendInput) { in.Rule = "majority" }), "rule"},
		{"NoRecipients", with(func(in *oa.SendInput) { in.RecipientIDs = nil }), "recipientIds"},
		{"ToSelf", with(func(in *oa.SendInput) { in.RecipientIDs = append(in.RecipientIDs, a.sender) }), "recipientIds"},
		{"Frozen", with(func(in *oa.SendInput) { in.RecipientIDs = []uint64{frozen} }), "recipientIds"},
		{"OtherTenantsPerson", with(func(in *oa.SendInput) { in.RecipientIDs = []uint64{b.approver} }), "recipientIds"},
		{"Unknown", with(func(in *oa.SendInput) { in.RecipientIDs = []uint64{0} }), "recipientIds"},
		{"UnknownDepartment", with(func(in *oa.SendInput) { in.DepartmentIDs = []uint64{987654} }), "departmentIds"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := e.snapshot(t, a)
			_, err := e.oa.Send(a.ctx, a.sender, c.in)
			wantField(t, err, c.field)
			if after := e.snapshot(t, a); after != before {
				t.Errorf("wrote %+v → %+v", before, after)
			}
		})
	}
}

// TestSanitizer: the body allowlist keeps approval formatting and drops anything active.
func TestSanitizer(t *testing.T) {
	p := oa.NewBodyPolicy()
	cases := []struct{ name, in, want string }{
		{"ScriptStripped", `<p onclick="steal()">hi<script>alert(1)</script></p>`, `<p>hi</p>`},
		{"StyleAndIframeStripped", `<style>p{}</style><iframe src="https://e.com"></iframe>ok`, `ok`},
		{"JavascriptLinkStripped", `<a href="javascript:alert(1)">x</a>`, `x`},
		{"RelativeLinkStripped", `<a href="/admin">x</a>`, `x`},
		{"LinkKeptWithNofollow", `<a href="https://e.com/?a=1" onmouseover="x()">e</a>`, `<a href="https://e.com/?a=1" rel="nofollow noopener" target="_blank">e</a>`},
		{"MailtoKept", `<a href="mailto:a@b.cn">m</a>`, `<a href="mailto:a@b.cn" rel="nofollow">m</a>`},
		{"ImageDropped", `<img src=x onerror=alert(1)>`, ``},
		{"SVGDropped", `<svg onload=alert(1)><p>x</p></svg>`, `<p>x</p>`},
		{"FormattingKept", `<p><b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><br></p><ul><li>1</li></ul><ol><li>2</li></ol>`,
			`<p><b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><br></p><ul><li>1</li></ul><ol><li>2</li></ol>`},
		{"TableKept", `<table><tr><td colspan="2" style="color:red" class="x">c</td><td rowspan="abc">d</td></tr></table>`,
			`<table><tr><td colspan="2">c</td><td>d</td></tr></table>`},
		{"TextEscaped", `a < b & c`, `a &lt; b &amp; c`},
		{"PlainTextKept", "第一行\n第二行", "第一行\n第二行"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := p.Sanitize(c.in); got != c.want {
				t.Errorf("Sanitize(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// TestSendStoresSanitisedBody: what Send stores is the sanitised HTML.
func TestSendStoresSanitisedBody(t *testing.T) {
	e := newEnv(t)
	a := e.tenant(t)
	it := e.send(t, a, oa.SendInput{Body: ` <p>请批准<script>alert(1)</script></p> `, RecipientIDs: []uint64{a.approver}})
	got, err := e.oa.Lookup(a.ctx, it.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Body != "<p>请批准</p>" || it.Body != got.Body {
		t.Errorf("stored body %q (returned %q), want <p>请批准</p>", got.Body, it.Body)
	}
	if got.Rule != oa.RuleAll {
		t.Errorf("default rule %q, want all", got.Rule)
	}
}

// TestRelated: related items must be visible to the sender; the recipients of the new item see them listed and can
// open them (one step), nobody else can.
func TestRelated(t *testing.T) {
	e := newEnv(t)
	a, b := e.tenant(t), e.tenant(t)
	// x: sender → approver. The approver relates x (received) to y, sent to third.
	x := e.send(t, a, oa.SendInput{Title: "原协同", Body: "<p>正文</p>", RecipientIDs: []uint64{a.approver}})
	own := e.send(t, a, oa.SendInput{Title: "另一个", RecipientIDs: []uint64{a.outside}})
	y, err := e.oa.Send(a.ctx, a.approver, oa.SendInput{Title: "关联", RecipientIDs: []uint64{a.third}, RelatedIDs: []uint64{x.ID, x.ID}})
	if err != nil {
		t.Fatal(err)
	}
	bItem := e.send(t, b, oa.SendInput{RecipientIDs: []uint64{b.approver}})

	t.Run("ErrNotVisibleToSender", func(t *testing.T) {
		for name, id := range map[string]uint64{"Unseen": own.ID, "OtherTenant": bItem.ID, "Missing": 1 << 40} {
			before := e.snapshot(t, a)
			_, err := e.oa.Send(a.ctx, a.approver, oa.SendInput{Title: "t", RecipientIDs: []uint64{a.third}, RelatedIDs: []uint64{x.ID, id}})
			if err == nil {
				t.Fatalf("%s: related item accepted", name)
			}
			wantField(t, err, "relatedIds")
			if after := e.snapshot(t, a); after != before {
				t.Errorf("%s: wrote %+v → %+v", name, before, after)
			}
		}
	})
	t.Run("RecipientSeesList", func(t *testing.T) {
		v, err := e.oa.Get(a.ctx, a.third, y.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Related) != 1 || v.Related[0].ID != x.ID || v.Related[0].Title != "原协同" || v.Related[0].Body != "" {
			t.Errorf("related = %+v, want x as a summary", v.Related)
		}
		if !slices.Contains(v.Actions, oa.ActionRelated) {
			t.Errorf("actions %v lack related", v.Actions)
		}
	})
	t.Run("RecipientOpensRelatedOneStep", func(t *testing.T) {
		v, err := e.oa.Get(a.ctx, a.third, x.ID)
		if err != nil {
			t.Fatalf("third opening related x: %v", err)
		}
		if v.Item.Body != "<p>正文</p>" || len(v.Actions) != 0 || len(v.Related) != 0 {
			t.Errorf("via related: body %q actions %v related %v", v.Item.Body, v.Actions, v.Related)
		}
		if _, err := e.oa.Handle(a.ctx, a.third, x.ID, oa.ActionApprove, ""); err == nil {
			t.Error("someone who sees x only through y could approve it")
		}
	})
	t.Run("OthersCannotOpen", func(t *testing.T) {
		_, err := e.oa.Get(a.ctx, a.outside, x.ID)
		wantCode(t, err, "not_found")
		_, err = e.oa.Get(b.ctx, a.third, x.ID)
		wantCode(t, err, "not_found")
	})
}
