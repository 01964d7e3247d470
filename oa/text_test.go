package oa_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/oa"
)

// TestTitle: the one title rule (items, notices, surveys, discussions): trimmed, one line, present, at most
// oa.MaxTitleRunes characters, refused as invalid on "title" saying the limit.
func TestTitle(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
		msg            string // "" when accepted
	}{
		{"OK", "  季度报价  ", "季度报价", ""},
		{"AtTheLimit", strings.Repeat("题", oa.MaxTitleRunes), strings.Repeat("题", oa.MaxTitleRunes), ""},
		{"ErrEmpty", "   ", "", "标题不能为空"},
		{"ErrTooLong", strings.Repeat("题", oa.MaxTitleRunes+1), "", "标题不能超过 200 字"},
		{"ErrNewline", "第一行\n第二行", "", ""},
		{"ErrBidiOverride", "invoice\u202efdp.exe", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := oa.Title(c.in)
			if !strings.HasPrefix(c.name, "Err") {
				if err != nil || got != c.want {
					t.Errorf("Title(%q) = %q, %v; want %q", c.in, got, err, c.want)
				}
				return
			}
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Field != "title" {
				t.Fatalf("Title(%q): err = %v, want invalid on title", c.in, err)
			}
			if c.msg != "" && ae.Msg != c.msg {
				t.Errorf("message %q, want %q", ae.Msg, c.msg)
			}
		})
	}
}

// TestKeyword: the one search-box rule (items, notices, surveys, discussions): trimmed, "" for no search, at most
// oa.MaxKeywordRunes characters.
func TestKeyword(t *testing.T) {
	if got, err := oa.Keyword("  报价 "); err != nil || got != "报价" {
		t.Errorf("Keyword = %q, %v; want 报价", got, err)
	}
	if got, err := oa.Keyword("   "); err != nil || got != "" {
		t.Errorf("blank Keyword = %q, %v; want no search", got, err)
	}
	if _, err := oa.Keyword(strings.Repeat("词", oa.MaxKeywordRunes)); err != nil {
		t.Errorf("a keyword at the limit: %v", err)
	}
	_, err := oa.Keyword(strings.Repeat("词", oa.MaxKeywordRunes+1))
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Field != "keyword" || ae.Msg != "关键词不能超过 50 字" {
		t.Errorf("a keyword over the limit: %v, want invalid on keyword saying 50", err)
	}
}
