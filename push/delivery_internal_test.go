package push

import (
	"errors"
	"strings"
	"testing"
	"time"
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

// TestFirstWait: a batch's errors are a wait only when every failure is one; a failure joined with a wait, at any
// depth, is a failure.
func TestFirstWait(t *testing.T) {
	short, long := &Wait{Reason: "short", After: time.Second}, &Wait{Reason: "long", After: time.Minute}
	boom := errors.New("boom")
	for _, c := range []struct {
		name string
		errs []error
		wait *Wait // the wait expected, or nil for a failure (or nil when errFree)
		free bool
	}{
		{"None", []error{nil, nil}, nil, true},
		{"Waits", []error{long, short}, short, false},
		{"JoinedWaits", []error{errors.Join(long, nil), short}, short, false},
		{"FailureAndWait", []error{short, boom}, nil, false},
		{"FailureJoinedWithWait", []error{errors.Join(boom, long)}, nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := firstWait(c.errs)
			w, isWait := err.(*Wait)
			switch {
			case c.free && err != nil:
				t.Errorf("got %v, want nil", err)
			case c.wait != nil && (!isWait || w != c.wait):
				t.Errorf("got %v, want the wait %q", err, c.wait.Reason)
			case !c.free && c.wait == nil && (err == nil || !errors.Is(err, boom)):
				t.Errorf("got %v, want the failure", err)
			}
		})
	}
}
