package text

import "bytes"

// LoneSurrogateEscape returns the offset in b of the first \u escape that names half of a UTF-16 surrogate pair
// without its other half (\ud800 alone, or \udc00 first), or -1 when there is none.
//
// JSON and GraphQL strings spell a character beyond U+FFFF as a pair of escapes (\ud83d\ude00). Half a pair names no
// character, yet encoding/json and gqlparser both turn it into U+FFFD without a word, so the text stored would not
// be the text sent. A transport calls this on the raw request first. A backslash outside a string is a syntax error
// in both languages, so b may be a whole JSON document or the source of one string literal; an escaped backslash
// (\\ud800 is a backslash and "ud800") is skipped as such. Malformed escapes are left to the parser.
func LoneSurrogateEscape(b []byte) int {
	for i := 0; i < len(b); i++ {
		// Most of a body has no backslash: IndexByte skips to the next one at memory speed.
		j := bytes.IndexByte(b[i:], '\\')
		if j < 0 {
			return -1
		}
		i += j
		if i+1 >= len(b) || b[i+1] != 'u' {
			i++ // the escaped character, so that the second backslash of \\ starts nothing
			continue
		}
		r, ok := hex4(b, i+2)
		switch {
		case !ok:
			i++
			continue
		case r >= 0xd800 && r < 0xdc00:
			if i+12 <= len(b) && b[i+6] == '\\' && b[i+7] == 'u' {
				if lo, ok := hex4(b, i+8); ok && lo >= 0xdc00 && lo <= 0xdfff {
					i += 11
					continue
				}
			}
			return i
		case r >= 0xdc00 && r <= 0xdfff:
			return i
		}
		i += 5
	}
	return -1
}

// hex4 reads the four hex digits at b[i:].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for j := i; j < i+4; j++ {
		c := b[j]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
