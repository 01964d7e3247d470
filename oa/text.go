package oa

import (
	"strings"
	"unicode/utf8"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/text"
)

// Title trims a title and checks it is one line of text (text.Line), present and at most MaxTitleRunes: the rule
// of every title a person gives, of an item, a notice, a survey or a discussion. Errors: invalid (field "title").
func Title(s string) (string, error) {
	s, err := text.Line("title", "标题", s)
	if err != nil {
		return s, err
	}
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		return s, apperr.InvalidField("title", "标题不能为空")
	case n > MaxTitleRunes:
		return s, apperr.InvalidField("title", "标题不能超过 %d 字", MaxTitleRunes)
	}
	return s, nil
}

// Keyword trims the keyword of a search box and checks it is at most MaxKeywordRunes: the rule of every list's
// search, of items, notices, surveys and discussions; "" means no search. Errors: invalid (field "keyword").
func Keyword(s string) (string, error) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxKeywordRunes {
		return s, apperr.InvalidField("keyword", "关键词不能超过 %d 字", MaxKeywordRunes)
	}
	return s, nil
}
