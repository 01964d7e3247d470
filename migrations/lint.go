package migrations

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// onlineSince is the number of the first file the rules for new migrations (see the package doc) apply to.
// The files before it were applied everywhere before the rules existed.
const onlineSince = "0005"

var (
	algorithmSpec = regexp.MustCompile(`^ALGORITHM\s*=?\s*(\w+)$`)
	lockSpec      = regexp.MustCompile(`^LOCK\s*=?\s*(\w+)$`)
	dropIndexSpec = regexp.MustCompile(`^DROP\s+(?:INDEX|KEY)\s+(\w+)$`)
	addIndexSpec  = regexp.MustCompile(`^ADD\s+(?:(?:UNIQUE|FULLTEXT|SPATIAL)\s+)?(?:INDEX|KEY)\s+(\w+)`)
	dataStatement = regexp.MustCompile(`^(INSERT|UPDATE|DELETE|REPLACE)\b`)
	indexStmt     = regexp.MustCompile(`^(CREATE\s+(?:(?:UNIQUE|FULLTEXT|SPATIAL)\s+)?INDEX|DROP\s+INDEX)\b`)
	alterTable    = regexp.MustCompile(`^ALTER\s+TABLE\s+(\w+)\s+(.*)$`)
)

// lint checks the migrations of ms numbered onlineSince or later against the rules for new migrations and
// returns every breach, each naming its file and statement. It reads the SQL as text: it knows the statement
// forms the rules allow, and refuses any other.
func lint(ms []migration) error {
	var (
		errs []error
		// dropped holds the indexes dropped by a statement that did not add them again, as "TABLE.INDEX" →
		// where: adding one of them later means queries ran without it in between.
		dropped = make(map[string]string)
	)
	for _, m := range ms {
		if m.version < onlineSince {
			continue
		}
		alters := 0
		for i, raw := range m.stmts {
			where := fmt.Sprintf("%s statement %d", m.file, i+1)
			fail := func(format string, args ...any) {
				errs = append(errs, fmt.Errorf("%s: "+format, append([]any{where}, args...)...))
			}
			stmt := normalize(raw)
			switch {
			case strings.HasPrefix(stmt, "CREATE TABLE IF NOT EXISTS "):
			case strings.HasPrefix(stmt, "CREATE TABLE "):
				fail("write CREATE TABLE IF NOT EXISTS, so that a rerun of the file passes it")
			case indexStmt.MatchString(stmt):
				fail("add or drop an index inside ALTER TABLE …, ALGORITHM=INPLACE, LOCK=NONE")
			case dataStatement.MatchString(stmt):
				fail("change data in a Go step that works in batches, not in one %s",
					dataStatement.FindStringSubmatch(stmt)[1])
			case alterTable.MatchString(stmt):
				alters++
				switch {
				case m.step != nil:
					fail("a file with a Go step holds no ALTER TABLE (a rerun after the step failed would repeat " +
						"it): give the ALTER its own file")
				case alters > 1:
					fail("a second ALTER TABLE in one file (a rerun after it failed would repeat the first): " +
						"give it its own file")
				case i != len(m.stmts)-1:
					fail("the ALTER TABLE must be the file's last statement (a rerun after a later one failed " +
						"would repeat it)")
				}
				match := alterTable.FindStringSubmatch(stmt)
				lintAlter(match[1], match[2], where, dropped, fail)
			default:
				fail("%.40q is none of the forms the rules allow (CREATE TABLE IF NOT EXISTS, ALTER TABLE)", stmt)
			}
		}
	}
	return errors.Join(errs...)
}

// lintAlter checks the specifications (spec, the text after the table name) of one ALTER TABLE of table, at
// where, reporting through fail, and keeps dropped (see lint) up to date.
func lintAlter(table, spec, where string, dropped map[string]string, fail func(format string, args ...any)) {
	var (
		algorithm, lock string
		drops, adds     []string
	)
	for _, s := range splitSpecs(spec) {
		if m := algorithmSpec.FindStringSubmatch(s); m != nil {
			algorithm = m[1]
		} else if m := lockSpec.FindStringSubmatch(s); m != nil {
			lock = m[1]
		} else if m := dropIndexSpec.FindStringSubmatch(s); m != nil {
			drops = append(drops, table+"."+m[1])
		} else if m := addIndexSpec.FindStringSubmatch(s); m != nil {
			adds = append(adds, table+"."+m[1])
		}
	}
	switch {
	case algorithm == "INPLACE" && lock != "NONE":
		fail("ALGORITHM=INPLACE needs LOCK=NONE beside it, so that writers go on")
	case algorithm == "INSTANT" && lock != "" && lock != "DEFAULT":
		fail("ALGORITHM=INSTANT takes no LOCK clause (MySQL 8 refuses one)")
	case algorithm != "INPLACE" && algorithm != "INSTANT":
		fail("ALTER TABLE %s must end in \", ALGORITHM=INPLACE, LOCK=NONE\" or \", ALGORITHM=INSTANT\"",
			strings.ToLower(table))
	}
	for _, ix := range adds {
		if other, ok := dropped[ix]; ok {
			fail("adds index %s, which %s dropped: redefine an index in one ALTER TABLE … DROP INDEX x, "+
				"ADD INDEX x (…), so that no query runs without it", strings.ToLower(ix), other)
			delete(dropped, ix)
		}
	}
	for _, ix := range drops {
		if !slices.Contains(adds, ix) {
			dropped[ix] = where
		}
	}
}

// splitSpecs splits the specifications of an ALTER TABLE at the commas outside parentheses and quotes.
func splitSpecs(spec string) []string {
	var (
		out   []string
		depth int
		quote rune
		start int
	)
	for i, r := range spec {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '(':
			depth++
		case r == ')':
			depth--
		case r == ',' && depth == 0:
			out = append(out, strings.TrimSpace(spec[start:i]))
			start = i + 1
		}
	}
	return append(out, strings.TrimSpace(spec[start:]))
}

// normalize upper-cases stmt, drops its identifier quotes and folds its white space, for matching.
func normalize(stmt string) string {
	return strings.Join(strings.Fields(strings.ToUpper(strings.ReplaceAll(stmt, "`", ""))), " ")
}
