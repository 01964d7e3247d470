package push

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestClipped: what goes into push_deliveries' 500-byte error and answer columns is cut between characters and is
// valid UTF-8, which strict MySQL requires; a cut inside a character used to leave the row in "sending".
func TestClipped(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   string
		want int // bytes kept
	}{
		{"Empty", "", -1},
		{"Short", "连接被拒绝", len("连接被拒绝")},
		{"ChineseCutBetweenCharacters", strings.Repeat("错", 200), 498}, // 166 characters of 3 bytes
		{"ASCIIAtTheLimit", strings.Repeat("e", 600), maxText},
		{"InvalidBytesReplaced", "bad \xff\xfe byte", len("bad \uFFFD\uFFFD byte")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := clipped(tt.in)
			if tt.want < 0 {
				if got != nil {
					t.Errorf("clipped(%q) = %q, want nil", tt.in, *got)
				}
				return
			}
			if got == nil || len(*got) != tt.want || !utf8.ValidString(*got) {
				t.Errorf("clipped = %v, want %d bytes of valid UTF-8", got, tt.want)
			}
		})
	}
}
