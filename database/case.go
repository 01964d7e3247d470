package database

import (
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// CaseBy is the SQL expression `CASE column WHEN key THEN value … END` over n rows, pair giving row i's key and
// value: one UPDATE sets each row of a batch its own value, instead of one statement a row.
func CaseBy(column string, n int, pair func(i int) (key, value any)) clause.Expr {
	var b strings.Builder
	args := make([]any, 0, 2*n)
	b.WriteString("CASE " + column)
	for i := range n {
		k, v := pair(i)
		b.WriteString(" WHEN ? THEN ?")
		args = append(args, k, v)
	}
	b.WriteString(" END")
	return gorm.Expr(b.String(), args...)
}
