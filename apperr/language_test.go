package apperr_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	// bilingual matches a message written twice, "中文 / English" or "中文 (English words)".
	bilingual = regexp.MustCompile(`\p{Han}[^/]* / [A-Za-z%]|[(（][A-Za-z%][^)）\p{Han}]* [^)）\p{Han}]*[)）]`)
	han       = regexp.MustCompile(`\p{Han}`)
)

// messageCall is where, in a call that makes a message a person reads, the code and the message sit: the indexes
// of their arguments, code -1 where the call has no code argument (its code is never internal).
type messageCall struct{ code, msg int }

// messageCalls lists every call that makes a message a person reads.
var messageCalls = map[string]messageCall{
	"apperr.E":            {code: 0, msg: 1},
	"apperr.Wrap":         {code: 1, msg: 2},
	"apperr.InvalidField": {code: -1, msg: 1},
	"apperr.RateLimit":    {code: -1, msg: 1},
	"database.NotFoundOr": {code: -1, msg: 1},
}

// verbsOnly matches a format made of verbs alone ("%s"): its words are an argument, checked where they are written.
var verbsOnly = regexp.MustCompile(`^(%[-+# 0-9.]*[a-zA-Z])+$`)

// TestMessagesInOneLanguage walks every non-test Go file of the module and checks each message a person reads
// (apperr.E, Wrap, InvalidField, RateLimit, database.NotFoundOr and apperr.Error{Msg}, except internal errors, whose
// message goes to the log): it is in Chinese, once. A person reads their language only (zh-CN); programs read the
// code, which stays English.
func TestMessagesInOneLanguage(t *testing.T) {
	fset := token.NewFileSet()
	var found []string
	check := func(at token.Pos, e ast.Expr) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return // built elsewhere; its literal is checked where it is written
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil || verbsOnly.MatchString(s) {
			return
		}
		if !han.MatchString(s) || bilingual.MatchString(s) {
			found = append(found, fset.Position(at).String()+": "+s)
		}
	}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "node_modules", "generated", ".git", "dist", "testkit":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := callee(n.Fun, f.Name.Name)
				c, ok := messageCalls[name]
				if !ok || len(n.Args) <= c.msg || (c.code >= 0 && internal(n.Args[c.code])) {
					return true
				}
				check(n.Pos(), n.Args[c.msg])
			case *ast.CompositeLit:
				if callee(n.Type, f.Name.Name) != "apperr.Error" {
					return true
				}
				var msg ast.Expr
				for _, el := range n.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					switch key, _ := kv.Key.(*ast.Ident); {
					case key == nil:
					case key.Name == "Code" && internal(kv.Value):
						return true
					case key.Name == "Msg":
						msg = kv.Value
					}
				}
				if msg != nil {
					check(n.Pos(), msg)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) > 0 {
		t.Errorf("messages not in Chinese alone (keep one Chinese sentence; the code says it for programs):\n%s", strings.Join(found, "\n"))
	}
}

// callee names a called function or a type as pkg.Name, the package's own names qualified by pkg.
func callee(e ast.Expr, pkg string) string {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok {
			return x.Name + "." + e.Sel.Name
		}
	case *ast.Ident:
		return pkg + "." + e.Name
	case *ast.UnaryExpr:
		return callee(e.X, pkg)
	}
	return ""
}

// internal reports whether e is the code apperr.Internal (or Internal inside package apperr).
func internal(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		return e.Sel.Name == "Internal"
	case *ast.Ident:
		return e.Name == "Internal"
	}
	return false
}
