package notice

import (
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/oa"
)

// Keyword trims the search keyword of a person's list of published items and checks its length (as long as the
// item lists allow, oa.MaxKeywordRunes); "" means no search. Errors: invalid (field "keyword").
func Keyword(s string) (string, error) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > oa.MaxKeywordRunes {
		return s, apperr.InvalidField("keyword", "关键词不能超过 %d 字", oa.MaxKeywordRunes)
	}
	return s, nil
}

// TitleContains narrows mine, a query of a person's rows of from (their receipts, recipients or memberships, whose
// column idColumn holds the item's id), to the items of table whose title contains kw, case insensitive, with
// LIKE's wildcards taken literally; kw "" leaves it as it is. The item is joined by primary key, naming the tenant
// (the tenancy plugin scopes only mine's own table). A substring cannot use an index: the filter applies to the
// rows the person's own index walks, so a search costs what counting their whole list does.
func TitleContains(mine *gorm.DB, from, idColumn, table, kw string) *gorm.DB {
	if kw == "" {
		return mine
	}
	return mine.
		Joins("JOIN "+table+" ON "+table+".tenant_id = "+from+".tenant_id AND "+table+".id = "+from+"."+idColumn).
		Where("LOWER("+table+".title) LIKE ? ESCAPE '!'", "%"+database.EscapeLike(strings.ToLower(kw))+"%")
}
