package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/text"
)

// This file checks what encoding/json lets through or reports only in English: bytes that are not UTF-8 and \u
// escapes of half a surrogate pair (both silently become U+FFFD), keys given twice (the last silently wins), keys
// matched regardless of case ("Title" fills Title), and syntax errors.

// checkJSONText refuses a JSON body holding bytes that are not UTF-8, or a \u escape of half a UTF-16 surrogate
// pair, with invalid naming the path of the value that holds it ("title", "variables.input.body"). encoding/json
// would replace either with U+FFFD without a word, so the text stored and pushed would not be the text sent.
// Valid bodies cost one pass of utf8.Valid and one search for backslashes.
func checkJSONText(body []byte) error {
	at, what := -1, ""
	if !utf8.Valid(body) {
		at = firstInvalidUTF8(body)
		what = fmt.Sprintf("第 %d 字节不是有效的 UTF-8 编码", at+1)
	} else if at = text.LoneSurrogateEscape(body); at >= 0 {
		what = fmt.Sprintf("第 %d 字节的 %s 是不成对的 UTF-16 代理项，不表示任何字符", at+1, body[at:at+6])
	} else {
		return nil
	}
	path := jsonPathAt(body, int64(at))
	if path == "" {
		return apperr.E(apperr.Invalid, "请求体%s", what)
	}
	return apperr.InvalidField(path, "请求体中 %s 的值含有无效字符：%s", path, what)
}

// firstInvalidUTF8 returns the offset of the first byte of b that does not start a valid UTF-8 sequence.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// jsonPathAt returns the path of the key or value of body whose token holds byte offset at, or "" when none does
// (the offset is outside every token, or the body is no JSON before it).
func jsonPathAt(body []byte, at int64) string {
	var found string
	errFound := errors.New("found")
	_ = walkJSON(body, func(t jsonToken) error {
		if t.Start <= at && at < t.End {
			found = t.Path
			return errFound
		}
		return nil
	})
	return found
}

// checkJSONObject checks that body is one JSON object in valid text (checkJSONText) whose keys are unique at every
// depth and, at the top, spelled exactly as one of fields. A key given twice would leave encoding/json's last value
// standing while a proxy or a log that reads the first saw another request; a key in another case ("Title") would
// be taken as the field all the same. It returns invalid: naming the key for a duplicate or unknown key, with the
// byte offset for a syntax error.
func checkJSONObject(body []byte, fields []string) error {
	if err := checkJSONText(body); err != nil {
		return err
	}
	if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) == 0 || trimmed[0] != '{' {
		return apperr.E(apperr.Invalid, "请求体须为一个 JSON 对象")
	}
	err := walkJSON(body, func(t jsonToken) error {
		switch {
		case t.Dup:
			return apperr.InvalidField(t.Path, "请求体中的键 %s 出现了不止一次", strconv.Quote(t.Path))
		case t.Key && t.Depth == 1 && !slices.Contains(fields, t.Path):
			return apperr.InvalidField(t.Path, "请求体中有未知的字段 %s（字段名区分大小写：%s）", strconv.Quote(t.Path),
				strings.Join(fields, "、"))
		}
		return nil
	})
	var se *json.SyntaxError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se):
		return apperr.Wrap(err, apperr.Invalid, "请求体不是有效的 JSON：第 %d 字节有语法错误", se.Offset+1)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return apperr.Wrap(err, apperr.Invalid, "请求体不是完整的 JSON：在第 %d 字节处意外结束", len(body))
	case errors.Is(err, errTrailingJSON):
		return apperr.Wrap(err, apperr.Invalid, "请求体在 JSON 对象之后还有内容")
	}
	return err
}

// decodeJSONObject decodes a body checkJSONObject accepted into v. A value of the wrong type is invalid naming the
// field, with the byte offset.
func decodeJSONObject(body []byte, v any) error {
	err := json.Unmarshal(body, v)
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		return &apperr.Error{Code: apperr.Invalid, Field: te.Field, Err: err,
			Msg: fmt.Sprintf("请求体中 %s 的值类型不对（第 %d 字节）", te.Field, te.Offset)}
	}
	if err != nil {
		return apperr.Wrap(err, apperr.Invalid, "请求体不是有效的 JSON")
	}
	return nil
}

// jsonFieldNames lists the JSON names of struct type t's fields, as their tags spell them.
func jsonFieldNames(t reflect.Type) []string {
	var out []string
	for f := range t.Fields() {
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// jsonToken is one token of a JSON document as walkJSON sees it.
type jsonToken struct {
	// Path names the key, or the value, the token is: "title", "accounts[2]", "variables.input.title". A
	// delimiter's path is its object's or array's.
	Path  string
	Key   bool  // an object's key
	Dup   bool  // a key its object already had
	Depth int   // 1 for the top object's keys and values
	Start int64 // the token's span in the body, the white space and separator before it included
	End   int64
}

// errTrailingJSON is walkJSON's error for anything after the first value but white space.
var errTrailingJSON = errors.New("data after the JSON value")

// walkJSON reads one JSON value from body and calls visit with each of its tokens, stopping at visit's first
// error. It returns the decoder's errors (*json.SyntaxError, io.ErrUnexpectedEOF) and errTrailingJSON.
func walkJSON(body []byte, visit func(jsonToken) error) error {
	type level struct {
		keys    map[string]bool // an object's keys so far; nil for an array
		key     string          // the object's key being read
		index   int             // the array's element being read
		wantKey bool            // the object's next token is a key or its end
	}
	var stack []level
	path := func() string {
		var b strings.Builder
		for i, l := range stack {
			switch {
			case l.keys == nil:
				fmt.Fprintf(&b, "[%d]", l.index)
			case i > 0:
				b.WriteString("." + l.key)
			default:
				b.WriteString(l.key)
			}
		}
		return b.String()
	}
	// valueDone moves the enclosing object to its next key, or the enclosing array to its next element.
	valueDone := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].keys != nil {
				stack[n-1].wantKey = true
			} else {
				stack[n-1].index++
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			return io.ErrUnexpectedEOF // the loop runs only while a value is unfinished
		}
		if err != nil {
			return err
		}
		t := jsonToken{Depth: len(stack), Start: start, End: dec.InputOffset()}
		if n := len(stack); n > 0 && stack[n-1].keys != nil && stack[n-1].wantKey {
			top := &stack[n-1]
			if tok == json.Delim('}') {
				t.Path = path()
				stack = stack[:n-1]
				valueDone()
			} else {
				key, _ := tok.(string)
				top.key, top.wantKey = key, false
				t.Path, t.Key, t.Dup = path(), true, top.keys[key]
				top.keys[key] = true
			}
		} else {
			t.Path = path()
			switch tok {
			case json.Delim('{'):
				stack = append(stack, level{keys: map[string]bool{}, wantKey: true})
			case json.Delim('['):
				stack = append(stack, level{})
			case json.Delim(']'):
				stack = stack[:len(stack)-1]
				valueDone()
			default:
				valueDone()
			}
		}
		if err := visit(t); err != nil {
			return err
		}
		if len(stack) == 0 {
			break
		}
	}
	if _, err := dec.Token(); err != io.EOF {
		return errTrailingJSON
	}
	return nil
}
