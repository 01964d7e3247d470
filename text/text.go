// Package text is the one rule for the text people and partner systems send that Qiao stores and puts on phones:
// what a single line (a title, a name, a position) and a block of lines (a body, an opinion, a comment, a PB/CRM
// message's content) may hold. Every domain's Normalize calls it, so GraphQL and the PB/CRM system API refuse the
// same characters with the same message, and nothing refused is written.
//
// Refused in both:
//   - Bytes that are not UTF-8. MySQL would refuse or mangle them, and a WeCom card cannot show them.
//   - Control characters (Unicode Cc: C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F), except tab, LF and CR in
//     a block. They are invisible on a phone, and act where text is printed: ESC starts a terminal escape sequence
//     in a log, NUL ends a string in C code.
//   - Bidirectional formatting: the embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069, and the
//     marks LRM U+200E, RLM U+200F and ALM U+061C. An override shows text in another order than it is stored
//     ("invoice\u202efdp.exe" reads as "invoiceexe.pdf"). The marks cannot reverse Latin or Chinese letters, but
//     they do reorder the digits and punctuation around them ("100\u200f-\u200f200" may read "200-100"), which is
//     enough to disguise an amount or a date. Qiao's people write Chinese and English, where the marks have no
//     use, and right-to-left scripts are shown in the right order without them, so they are refused with the rest.
//   - Other format characters (Unicode Cf): zero width space, word joiner, the BOM, the soft hyphen, invisible
//     operators, interlinear annotations, tag characters and the like. They show nothing, so two names that look
//     the same differ ("财务部" and "财\u200b务部" are two departments), and they can hide text from the reader
//     (tag characters spell ASCII nobody sees). Kept are the ones real writing needs: ZWJ U+200D (emoji sequences
//     such as 👨‍👩‍👧, and Indic scripts), ZWNJ U+200C (Persian and Indic scripts), the Mongolian vowel separator
//     U+180E (traditional Mongolian, written in China), and tag characters inside an emoji tag sequence (the flags
//     of England, Scotland and Wales: U+1F3F4, tags, then the cancel tag U+E007F).
//   - The line and paragraph separators U+2028 and U+2029, which some screens break a line at and others (a WeCom
//     card, a log) do not, so one text reads differently in two places; a block breaks lines with LF or CR LF.
//   - The Hangul fillers U+115F, U+1160, U+3164 and U+FFA0: letters with no glyph, used to make a name look blank.
//
// Refused in a line only: tab, LF, CR, and the replacement character U+FFFD. A title or a name is typed or
// pasted short; U+FFFD in it is never what anyone meant, but what a decoder put where it met bytes that were not
// text (encoding/json, gqlparser, a multipart form, an import): refusing it closes every such path at once. A block
// keeps U+FFFD, because a long text pasted from another document may carry one legitimately, and refusing a whole
// body for it does more harm than good; the transports refuse invalid bytes in a block before they are replaced.
//
// Accepted: everything else, including variation selectors (U+FE0F after ❤), emoji modifiers, regional indicator
// flags, private use characters (a company's icon font) and code points this Go's Unicode tables do not know yet
// (next year's emoji).
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/qiao-hq/qiao/apperr"
)

// Line returns s without the white space around it (strings.TrimSpace), or invalid naming field when what remains
// is not one line of text under the package's rule. label is how the message names the field to a person ("标题").
// Emptiness and length are the caller's rules.
func Line(field, label, s string) (string, error) {
	s = strings.TrimSpace(s)
	return s, check(line, field, label, s)
}

// Block returns s without the white space around it, or invalid naming field when what remains is not text of
// one or more lines under the package's rule: Line's, with tab, LF, CR and U+FFFD allowed.
func Block(field, label, s string) (string, error) {
	s = strings.TrimSpace(s)
	return s, check(block, field, label, s)
}

// CheckLine is Line without the trimming, for a value taken byte for byte (a password, a URL).
func CheckLine(field, label, s string) error { return check(line, field, label, s) }

// kind is what a text is checked as.
type kind int

const (
	line kind = iota
	block
)

// Characters the rule names.
const (
	zwnj        = '\u200c'
	zwj         = '\u200d'
	mongolianVS = '\u180e'
	blackFlag   = '\U0001f3f4' // the base of the emoji tag sequences in use
	tagFirst    = '\U000e0020'
	tagLast     = '\U000e007e'
	cancelTag   = '\U000e007f'
)

// reason is why a rune is refused; ok when it is not.
type reason int

const (
	ok reason = iota
	lineBreak
	separator
	control
	bidi
	invisible
	replacement
)

// check walks s and returns invalid for the first rune k refuses.
func check(k kind, field, label, s string) error {
	n := 0 // runes before i, for the message
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return apperr.InvalidField(field, "%s含有无效字符：第 %d 字节不是有效的 UTF-8 编码", label, i+1)
		}
		if r == blackFlag {
			if end := tagSequenceEnd(s, i+size); end > 0 {
				n += 1 + utf8.RuneCountInString(s[i+size:end])
				i = end
				continue
			}
		}
		n++
		if why := classify(k, r); why != ok {
			return refusal(why, field, label, r, n)
		}
		i += size
	}
	return nil
}

// classify says why k refuses r, or ok.
func classify(k kind, r rune) reason {
	switch {
	case r == '\t':
		if k == block {
			return ok
		}
		return control
	case r == '\n' || r == '\r':
		if k == block {
			return ok
		}
		return lineBreak
	case r == '\u2028' || r == '\u2029':
		if k == block {
			return separator
		}
		return lineBreak
	case unicode.IsControl(r):
		return control
	case isBidi(r):
		return bidi
	case r == zwj || r == zwnj || r == mongolianVS:
		return ok
	case unicode.Is(unicode.Cf, r), isHangulFiller(r):
		return invisible
	case r == utf8.RuneError && k == line:
		return replacement
	}
	return ok
}

// isBidi reports the bidirectional formatting characters: embeddings, overrides, isolates and marks.
func isBidi(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') ||
		r == '\u200e' || r == '\u200f' || r == '\u061c'
}

// isHangulFiller reports the Hangul fillers, letters (Lo) that show nothing.
func isHangulFiller(r rune) bool {
	return r == '\u115f' || r == '\u1160' || r == '\u3164' || r == '\uffa0'
}

// tagSequenceEnd returns the end of the emoji tag sequence whose tags start at s[i:] (one or more tag characters,
// then the cancel tag), or 0 when s[i:] does not hold one.
func tagSequenceEnd(s string, i int) int {
	tags := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= tagFirst && r <= tagLast:
			tags++
		case r == cancelTag && tags > 0:
			return i + size
		default:
			return 0
		}
		i += size
	}
	return 0
}

// refusal is the error for rune r at position n (counted in characters from 1).
func refusal(why reason, field, label string, r rune, n int) error {
	switch why {
	case lineBreak:
		return apperr.InvalidField(field, "%s只能填写一行，第 %d 个字符是换行符（U+%04X）", label, n, r)
	case separator:
		return apperr.InvalidField(field, "%s第 %d 个字符是 Unicode 行或段落分隔符（U+%04X），请改用普通换行", label, n, r)
	case control:
		return apperr.InvalidField(field, "%s第 %d 个字符是控制字符（U+%04X），请删除后重试", label, n, r)
	case bidi:
		return apperr.InvalidField(field, "%s第 %d 个字符会改变文字的显示方向（U+%04X），请删除后重试", label, n, r)
	case invisible:
		return apperr.InvalidField(field, "%s第 %d 个字符是不可见字符（U+%04X），请删除后重试", label, n, r)
	default: // replacement
		return apperr.InvalidField(field, "%s第 %d 个字符是替换字符（U+FFFD），通常是编码出错留下的乱码，请删除后重试", label, n)
	}
}

// Clip cuts s to at most n characters (runes), for a column of that width: what is stored is a prefix of what was
// given, never a broken character.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
