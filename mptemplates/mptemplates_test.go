package mptemplates_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/message"
	"github.com/qiao-hq/qiao/mptemplates"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/testkit"
	"github.com/qiao-hq/qiao/wechat/mp"
)

var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }

// TestFill: each mapped key gets its fact on one line, cut to what its type holds with an ellipsis; unmapped keys
// are not sent.
func TestFill(t *testing.T) {
	d := message.Description{Title: "新协同：预算",
		Facts: message.Facts{Subject: "2026 年度市场部全年预算及第三季度差旅费用明细审批", Actor: "张三", Time: "2026-12-07 10:00",
			Status: "部分同意并补充", Note: "第一行\n第二行  第三行"}}
	m := mptemplates.Mapping{Fields: map[string]message.Fact{"thing1": message.FactSubject, "name2": message.FactActor,
		"time3": message.FactTime, "phrase4": message.FactStatus, "thing5": message.FactNote}}
	got := mptemplates.Fill(m, d)
	want := map[string]string{
		"thing1":  "2026 年度市场部全年预算及第三季度…",
		"name2":   "张三",
		"time3":   "2026-12-07 10:00",
		"phrase4": "部分同意…",
		"thing5":  "第一行 第二行 第三行",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
		if n := utf8.RuneCountInString(got[k]); n > mptemplates.Limit(k) {
			t.Errorf("%s has %d characters, over %d", k, n, mptemplates.Limit(k))
		}
	}
	if len(got) != len(want) {
		t.Errorf("filled %v, want only the mapped keys", got)
	}
}

// TestSave: a mapping names one of the account's templates and its keys, and known facts; every refusal names its
// field and writes nothing; a mapping is the tenant's own; an empty template removes it.
func TestSave(t *testing.T) {
	db := testkit.MustGorm(t, dsn)
	if err := db.Use(tenancy.Plugin{}); err != nil && !errors.Is(err, gorm.ErrRegistered) {
		t.Fatal(err)
	}
	ts := tenants.NewStore(db, nil)
	a, err := ts.Create(tenancy.System(context.Background()), "tpl-a", "甲")
	if err != nil {
		t.Fatal(err)
	}
	b, err := ts.Create(tenancy.System(context.Background()), "tpl-b", "乙")
	if err != nil {
		t.Fatal(err)
	}
	ctxA, ctxB := tenancy.WithTenant(context.Background(), a.ID), tenancy.WithTenant(context.Background(), b.ID)
	s := mptemplates.NewStore(db, nil)
	kinds := []string{"collab.sent", "notice.published"}
	list := []mp.Template{{ID: "tpl-1", Title: "待办提醒", Keywords: []mp.Keyword{{Key: "thing1", Label: "事项"}, {Key: "time2", Label: "时间"}}}}
	fields := func(kv ...string) map[string]message.Fact {
		out := map[string]message.Fact{}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i]] = message.Fact(kv[i+1])
		}
		return out
	}
	for _, tc := range []struct {
		name, field string
		m           mptemplates.Mapping
	}{
		{"UnknownKind", "kind", mptemplates.Mapping{Kind: "x.y", TemplateID: "tpl-1", Fields: fields("thing1", "subject")}},
		{"UnknownTemplate", "templateId", mptemplates.Mapping{Kind: "collab.sent", TemplateID: "tpl-9", Fields: fields("thing1", "subject")}},
		{"UnknownKey", "fields", mptemplates.Mapping{Kind: "collab.sent", TemplateID: "tpl-1", Fields: fields("thing9", "subject")}},
		{"UnknownFact", "fields", mptemplates.Mapping{Kind: "collab.sent", TemplateID: "tpl-1", Fields: fields("thing1", "salary")}},
		{"NothingFilled", "fields", mptemplates.Mapping{Kind: "collab.sent", TemplateID: "tpl-1", Fields: fields("thing1", "")}},
		{"WrongType", "fields", mptemplates.Mapping{Kind: "collab.sent", TemplateID: "tpl-1", Fields: fields("thing1", "subject", "time2", "note")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := s.Save(ctxA, kinds, list, tc.m)
			var e *apperr.Error
			if !errors.As(err, &e) || e.Code != apperr.Invalid || e.Field != tc.field || !strings.ContainsFunc(e.Msg, func(r rune) bool { return r >= 0x4e00 }) {
				t.Errorf("err = %v, want invalid naming %q in Chinese", err, tc.field)
			}
			if all, _ := s.List(ctxA); len(all) != 0 {
				t.Errorf("a refused mapping wrote %v", all)
			}
		})
	}
	m := mptemplates.Mapping{Kind: "collab.sent", TemplateID: "tpl-1", Fields: fields("thing1", "subject", "time2", "time")}
	if err := s.Save(ctxA, kinds, list, m); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.ForKind(ctxA, "collab.sent")
	if err != nil || !ok || got.TemplateID != "tpl-1" || got.Fields["time2"] != message.FactTime {
		t.Fatalf("ForKind = %+v, %v, %v", got, ok, err)
	}
	if _, ok, _ := s.ForKind(ctxB, "collab.sent"); ok {
		t.Error("tenant B sees A's mapping")
	}
	m.Fields = fields("thing1", "title")
	if err := s.Save(ctxA, kinds, list, m); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := s.ForKind(ctxA, "collab.sent"); len(got.Fields) != 1 || got.Fields["thing1"] != message.FactTitle {
		t.Errorf("after remapping: %+v", got)
	}
	if err := s.Save(ctxA, kinds, nil, mptemplates.Mapping{Kind: "collab.sent"}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.ForKind(ctxA, "collab.sent"); ok {
		t.Error("the mapping is still there after its removal")
	}
}
