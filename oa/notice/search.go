package notice

import (
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/database"
)

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
		Where("LOWER("+table+".title) LIKE ? ESCAPE '!'", database.ContainsPattern(kw))
}
