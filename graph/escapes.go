package graph

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/text"
)

// loneSurrogates refuses an operation whose document has a string literal with a \u escape of half a UTF-16
// surrogate pair ("\ud800"): gqlparser turns it into U+FFFD without a word, so a body written that way would be
// stored with a character nobody sent. Variables are JSON, checked before gqlgen reads them (server/web); this is
// the same check for literals in the document. A document without "\u" costs one substring search.
type loneSurrogates struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = loneSurrogates{}

func (loneSurrogates) ExtensionName() string                   { return "LoneSurrogates" }
func (loneSurrogates) Validate(graphql.ExecutableSchema) error { return nil }

func (loneSurrogates) MutateOperationParameters(_ context.Context, p *graphql.RawParams) *gqlerror.Error {
	if !strings.Contains(p.Query, `\u`) {
		return nil
	}
	lx := lexer.New(&ast.Source{Input: p.Query})
	var at runeOffsets
	for {
		tok, err := lx.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			return nil // a syntax error is the parser's to report
		}
		// Only plain strings: a block string ("""…""") takes a backslash literally.
		if tok.Kind != lexer.String {
			continue
		}
		src := p.Query[at.byteAt(p.Query, tok.Pos.Start):at.byteAt(p.Query, tok.Pos.End)]
		if i := text.LoneSurrogateEscape([]byte(src)); i >= 0 {
			e := apperr.InvalidField("query", "查询第 %d 行第 %d 列的字符串中，%s 是不成对的 UTF-16 代理项，不表示任何字符",
				tok.Pos.Line, tok.Pos.Column, src[i:i+6])
			return &gqlerror.Error{Message: e.Msg, Err: e}
		}
	}
}

// runeOffsets turns the lexer's positions, counted in runes, into byte offsets, reading forward only: tokens come
// in order, so one pass over the document serves them all.
type runeOffsets struct{ runes, bytes int }

func (o *runeOffsets) byteAt(s string, runes int) int {
	for o.runes < runes && o.bytes < len(s) {
		_, n := utf8.DecodeRuneInString(s[o.bytes:])
		o.bytes += n
		o.runes++
	}
	return o.bytes
}
