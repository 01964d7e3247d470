package text_test

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/text"
)

// TestRule: each class of character, as a line and as a block, with the characters at the edges of each class.
func TestRule(t *testing.T) {
	const (
		both  = "both"  // accepted as a line and as a block
		none  = "none"  // refused as both
		block = "block" // accepted as a block only
	)
	tests := []struct {
		name string
		in   string
		want string
		msg  string // a part of the message when refused as a line
	}{
		{"OKChinese", "关于 2024 年度预算的请示", both, ""},
		{"OKEnglishAndPunctuation", `Q3 budget: "final" (v2) & notes <draft> ~100%`, both, ""},
		{"OKFullWidthAndIdeographicSpace", "报销　申请（急）", both, ""},
		{"OKEmoji", "恭喜🎉👍", both, ""},
		{"OKEmojiZWJFamily", "团队 👨\u200d👩\u200d👧\u200d👦", both, ""},
		{"OKEmojiZWJProfession", "👩🏽\u200d💻 值班", both, ""},
		{"OKVariationSelector", "❤\ufe0f ☺\ufe0e", both, ""},
		{"OKKeycap", "1\ufe0f\u20e3 第一", both, ""},
		{"OKRegionalIndicatorFlag", "🇨🇳 中国", both, ""},
		{"OKTagSequenceFlag", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Scotland", both, ""},
		{"OKTwoTagSequenceFlags", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f", both, ""},
		{"OKBlackFlagAlone", "🏴 旗", both, ""},
		{"OKPersianZWNJ", "می\u200cخواهم", both, ""},
		{"OKDevanagariZWJ", "क्\u200dष", both, ""},
		{"OKMongolianVowelSeparator", "ᠨᠢ\u180eᠭᠡ", both, ""},
		{"OKArabicWithoutMarks", "مرحبا 123", both, ""},
		{"OKNoBreakSpaces", "a\u00a0b\u202fc", both, ""},
		{"OKPrivateUse", "\ue000 图标", both, ""},
		{"OKUnassigned", "新 \U0001fae9 表情", both, ""},
		{"OKLastPrintableASCII", "~", both, ""},
		{"OKFirstAfterC1", "\u00a0x", both, ""},
		{"OKNarrowNoBreakSpaceAfterOverrides", "a\u202fb", both, ""},
		{"OKEmpty", "", both, ""},

		{"TabInLine", "a\tb", block, "U+0009"},
		{"LFInLine", "a\nb", block, "一行"},
		{"CRInLine", "a\rb", block, "一行"},
		{"CRLFInLine", "a\r\nb", block, "一行"},
		{"ReplacementCharacter", "a\ufffdb", block, "U+FFFD"},

		{"NUL", "a\x00b", none, "U+0000"},
		{"ESC", "a\x1b[31mred", none, "U+001B"},
		{"LastC0", "a\x1fb", none, "U+001F"},
		{"VerticalTab", "a\vb", none, "U+000B"},
		{"FormFeed", "a\fb", none, "U+000C"},
		{"DEL", "a\x7fb", none, "U+007F"},
		{"FirstC1", "a\u0080b", none, "U+0080"},
		{"NEL", "a\u0085b", none, "U+0085"},
		{"LastC1", "a\u009fb", none, "U+009F"},
		{"LineSeparator", "a\u2028b", none, "U+2028"},
		{"ParagraphSeparator", "a\u2029b", none, "U+2029"},
		{"RightToLeftOverride", "invoice\u202efdp.exe", none, "U+202E"},
		{"LeftToRightEmbedding", "a\u202ab", none, "U+202A"},
		{"PopDirectionalFormatting", "a\u202cb", none, "U+202C"},
		{"LeftToRightIsolate", "a\u2066b", none, "U+2066"},
		{"PopDirectionalIsolate", "a\u2069b", none, "U+2069"},
		{"LeftToRightMark", "a\u200eb", none, "U+200E"},
		{"RightToLeftMark", "100\u200f-\u200f200", none, "U+200F"},
		{"ArabicLetterMark", "a\u061cb", none, "U+061C"},
		{"ZeroWidthSpace", "财\u200b务部", none, "U+200B"},
		{"WordJoiner", "a\u2060b", none, "U+2060"},
		{"DeprecatedFormat", "a\u206ab", none, "U+206A"},
		{"LeadingBOM", "\ufeff标题", none, "U+FEFF"},
		{"SoftHyphen", "pass\u00adword", none, "U+00AD"},
		{"InvisibleTimes", "a\u2062b", none, "U+2062"},
		{"InterlinearAnnotation", "a\ufff9b\ufffbc", none, "U+FFF9"},
		{"HangulFiller", "\u3164\u3164", none, "U+3164"},
		{"HalfwidthHangulFiller", "a\uffa0", none, "U+FFA0"},
		{"TagsOutsideAFlag", "hi\U000e0069\U000e0067\U000e006e", none, "U+E0069"},
		{"FlagTagsWithoutCancel", "🏴\U000e0067\U000e0062x", none, "U+E0067"},
		{"CancelTagAlone", "a\U000e007f", none, "U+E007F"},
		{"FlagCancelWithoutTags", "🏴\U000e007f", none, "U+E007F"},
		{"LoneContinuationByte", "a\x80b", none, "UTF-8"},
		{"TruncatedSequence", "中\xe6\x96", none, "UTF-8"},
		{"InvalidByte", "a\xffb", none, "UTF-8"},
		{"OverlongSlash", "a\xc0\xafb", none, "UTF-8"},
		{"EncodedSurrogate", "a\xed\xa0\x80b", none, "UTF-8"},
		{"BeyondUnicode", "a\xf4\x90\x80\x80", none, "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, lineErr := text.Line("title", "标题", tt.in)
			_, blockErr := text.Block("body", "正文", tt.in)
			switch tt.want {
			case both:
				if lineErr != nil || blockErr != nil {
					t.Fatalf("refused %q: line %v, block %v", tt.in, lineErr, blockErr)
				}
				return
			case block:
				if blockErr != nil {
					t.Fatalf("block refused %q: %v", tt.in, blockErr)
				}
			case none:
				wantInvalid(t, blockErr, "body", "正文", tt.msg)
			}
			wantInvalid(t, lineErr, "title", "标题", tt.msg)
		})
	}
}

// wantInvalid checks err is invalid on field, with a message naming the field by label and holding part.
func wantInvalid(t *testing.T, err error, field, label, part string) {
	t.Helper()
	e, ok := errors.AsType[*apperr.Error](err)
	if !ok || e.Code != apperr.Invalid || e.Field != field {
		t.Fatalf("err = %v, want invalid on %q", err, field)
	}
	if !strings.HasPrefix(e.Msg, label) || !strings.Contains(e.Msg, part) {
		t.Errorf("message %q: want it to start with %q and hold %q", e.Msg, label, part)
	}
}

// TestEveryControlAndFormatCharacter walks Unicode's own tables: every control character (Cc) and every format
// character (Cf) is refused, as a line and as a block, except those the rule names.
func TestEveryControlAndFormatCharacter(t *testing.T) {
	blockOnly := map[rune]bool{'\t': true, '\n': true, '\r': true}
	kept := map[rune]bool{'\u200c': true, '\u200d': true, '\u180e': true}
	var checked int
	for _, table := range []*unicode.RangeTable{unicode.Cc, unicode.Cf} {
		for _, rg := range table.R16 {
			for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
				checkOne(t, r, blockOnly[r], kept[r])
				checked++
			}
		}
		for _, rg := range table.R32 {
			for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
				checkOne(t, r, blockOnly[r], kept[r])
				checked++
			}
		}
	}
	if checked < 200 {
		t.Fatalf("only %d characters checked: the tables were not walked", checked)
	}
}

func checkOne(t *testing.T, r rune, blockOnly, kept bool) {
	t.Helper()
	s := "a" + string(r) + "b"
	_, lineErr := text.Line("f", "字段", s)
	_, blockErr := text.Block("f", "字段", s)
	switch {
	case kept:
		if lineErr != nil || blockErr != nil {
			t.Errorf("U+%04X refused: %v, %v", r, lineErr, blockErr)
		}
	case blockOnly:
		if lineErr == nil || blockErr != nil {
			t.Errorf("U+%04X: line %v, block %v; want refused as a line only", r, lineErr, blockErr)
		}
	default:
		if lineErr == nil || blockErr == nil {
			t.Errorf("U+%04X accepted: line %v, block %v", r, lineErr, blockErr)
		}
	}
}

// TestTrimAndPosition: Line and Block trim the white space around the text (tabs and line breaks at the ends
// included), CheckLine does not, and a message counts characters from 1 in what remains.
func TestTrimAndPosition(t *testing.T) {
	if got, err := text.Line("title", "标题", " \t 预算\u3000\r\n"); err != nil || got != "预算" {
		t.Errorf("Line = %q, %v; want %q", got, err, "预算")
	}
	if got, err := text.Block("body", "正文", "\n 第一行\n\t第二行 \n"); err != nil || got != "第一行\n\t第二行" {
		t.Errorf("Block = %q, %v", got, err)
	}
	if err := text.CheckLine("password", "密码", "abc123 \n"); err == nil {
		t.Error("CheckLine accepted a trailing line break: it must not trim")
	}
	if err := text.CheckLine("password", "密码", " abc 123 "); err != nil {
		t.Errorf("CheckLine refused spaces: %v", err)
	}
	_, err := text.Line("title", "标题", "  发票\u202efdp.exe")
	wantInvalid(t, err, "title", "标题", "第 3 个字符")
	_, err = text.Line("title", "标题", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f\x1b")
	wantInvalid(t, err, "title", "标题", "第 8 个字符")
	_, err = text.Line("title", "标题", "中文\xff")
	wantInvalid(t, err, "title", "标题", "第 7 字节")
}

func TestLoneSurrogateEscape(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"None", `{"title":"plain"}`, -1},
		{"Pair", `"\ud83d\ude00"`, -1},
		{"PairUpperCase", `"\uD83D\uDE00"`, -1},
		{"BMPEscape", `"\u4e2d\u0041"`, -1},
		{"EscapedBackslash", `"\\ud800"`, -1},
		{"EscapedBackslashThenEscape", `"\\\ud800"`, 3},
		{"HighAlone", `{"t":"a\ud800b"}`, 7},
		{"HighAtEnd", `"\ud800`, 1},
		{"HighThenHigh", `"\ud800\ud800"`, 1},
		{"HighThenBMP", `"\ud800\u0041"`, 1},
		{"HighThenText", `"\ud800udc00"`, 1},
		{"LowAlone", `"\udc00"`, 1},
		{"LowBeforeHigh", `"\ude00\ud83d"`, 1},
		{"SecondPairBroken", `"\ud83d\ude00\udfff"`, 13},
		{"MalformedLeftToParser", `"\u12"`, -1},
		{"TrailingBackslash", `"\`, -1},
		{"OtherEscapes", `"\n\t\"\/\b"`, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := text.LoneSurrogateEscape([]byte(tt.in)); got != tt.want {
				t.Errorf("LoneSurrogateEscape(%s) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}
