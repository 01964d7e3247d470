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

// bilingual matches a message written twice, "中文 / English": a person reads their language only (zh-CN), while
// programs read the code, which stays English.
var bilingual = regexp.MustCompile(`\p{Han}[^/]* / [A-Za-z%]`)

// TestMessagesInOneLanguage walks every non-test Go file of the module and refuses a string literal that carries a
// message in both languages. Names that are bilingual on purpose (a system's display name) are listed.
func TestMessagesInOneLanguage(t *testing.T) {
	root := filepath.Join("..")
	fset := token.NewFileSet()
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "node_modules", "generated", ".git", "dist":
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
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && bilingual.MatchString(s) {
				found = append(found, fset.Position(lit.Pos()).String()+": "+s)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) > 0 {
		t.Errorf("messages in two languages (keep the Chinese; the code says it for programs):\n%s", strings.Join(found, "\n"))
	}
}
