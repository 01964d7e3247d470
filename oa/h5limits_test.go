package oa_test

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/discussion"
)

// h5Limits is the H5's one module of the server's limits, which its pages check before sending.
const h5Limits = "../h5/src/utils/limits.ts"

// TestH5Limits: every limit in the H5's limits.ts is the server's: the numbers are the Go constants, the attachment
// extensions are the allowlist's, and a reply as long as the H5 lets one be typed fits the server's bytes. A
// constant there that this test does not know fails too, so a new copy of a server limit cannot go unchecked.
func TestH5Limits(t *testing.T) {
	consts := readTSConsts(t, h5Limits)
	ints := map[string]int{
		"TITLE_MAX":            oa.MaxTitleRunes,
		"OPINION_MAX":          oa.MaxOpinionRune,
		"KEYWORD_MAX":          oa.MaxKeywordRunes,
		"ATTACHMENTS_MAX":      oa.MaxAttachments,
		"ATTACHMENT_BYTES_MAX": oa.MaxAttachmentBytes,
		"ATTACHMENT_NAME_MAX":  oa.MaxAttachmentNameRunes,
	}
	checked := map[string]bool{"ATTACHMENT_EXTENSIONS": true, "REPLY_MAX": true, "REPLY_BYTES_PER_UNIT": true}
	for name, want := range ints {
		checked[name] = true
		if got := tsInt(t, consts, name); got != want {
			t.Errorf("limits.ts: %s = %d, the server's is %d", name, got, want)
		}
	}

	var exts []string
	for _, e := range oa.AttachmentExtensions() {
		exts = append(exts, strings.TrimPrefix(e, "."))
	}
	slices.Sort(exts)
	exts = slices.Compact(exts)
	got := tsStrings(t, consts, "ATTACHMENT_EXTENSIONS")
	slices.Sort(got)
	if diff := cmp.Diff(exts, got); diff != "" {
		t.Errorf("limits.ts: ATTACHMENT_EXTENSIONS differ from the server's allowlist (-server +H5):\n%s", diff)
	}

	// A reply is typed as text and stored as HTML: each UTF-16 unit at most REPLY_BYTES_PER_UNIT bytes (`"` is
	// &quot;), inside one <p></p>.
	replyMax, perUnit := tsInt(t, consts, "REPLY_MAX"), tsInt(t, consts, "REPLY_BYTES_PER_UNIT")
	if perUnit < len("&quot;") {
		t.Errorf("limits.ts: REPLY_BYTES_PER_UNIT = %d, but a typed \" is stored as &quot; (6 bytes)", perUnit)
	}
	if n := replyMax*perUnit + len("<p></p>"); replyMax <= 0 || n > discussion.MaxReplyBytes {
		t.Errorf("limits.ts: REPLY_MAX = %d may become %d bytes of HTML, over the server's %d (discussion.MaxReplyBytes)",
			replyMax, n, discussion.MaxReplyBytes)
	}

	for name := range consts {
		if !checked[name] {
			t.Errorf("limits.ts: %s is not checked against the server here; add it to TestH5Limits", name)
		}
	}
}

// readTSConsts returns the value text of each `export const NAME = value` (or `NAME: Type = value`) in a TypeScript
// file: an array literal whole, anything else to the end of its line.
func readTSConsts(t *testing.T, path string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src := string(raw)
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^export const (\w+)(?::[^=\n]+)? = `).FindAllStringSubmatchIndex(src, -1) {
		name, rest := src[m[2]:m[3]], src[m[1]:]
		end := strings.IndexByte(rest, '\n')
		if strings.HasPrefix(rest, "[") {
			end = strings.IndexByte(rest, ']') + 1
		}
		if end <= 0 {
			end = len(rest)
		}
		out[name] = strings.TrimSpace(rest[:end])
	}
	if len(out) < 5 {
		t.Fatalf("%s: found %d constants; the pattern no longer matches", path, len(out))
	}
	return out
}

// tsInt evaluates a constant written as an integer or a product of integers (20 * 1024 * 1024).
func tsInt(t *testing.T, consts map[string]string, name string) int {
	t.Helper()
	v, ok := consts[name]
	if !ok {
		t.Fatalf("limits.ts has no %s", name)
	}
	n := 1
	for _, f := range strings.Split(v, "*") {
		k, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(f), "_", ""))
		if err != nil {
			t.Fatalf("limits.ts: %s = %s is not an integer or a product of integers", name, v)
		}
		n *= k
	}
	return n
}

// tsStrings reads a constant written as an array of single-quoted strings.
func tsStrings(t *testing.T, consts map[string]string, name string) []string {
	t.Helper()
	v, ok := consts[name]
	if !ok || !strings.HasPrefix(v, "[") {
		t.Fatalf("limits.ts: %s is not an array literal: %q", name, v)
	}
	var out []string
	for _, m := range regexp.MustCompile(`'([^']*)'`).FindAllStringSubmatch(v, -1) {
		out = append(out, m[1])
	}
	return out
}
