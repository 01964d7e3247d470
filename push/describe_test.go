package push

import (
	"testing"

	"github.com/qiao-hq/qiao/outbox"
)

// TestDescribersCoverEveryKind: each kind push delivers has exactly one describer, named for an admin, whose example
// says what happened, to what, and where it opens, as template mappings and their previews need.
func TestDescribersCoverEveryKind(t *testing.T) {
	f := newCollabFixture(t)
	seen := map[string]int{}
	for _, d := range f.s.Describers() {
		for _, k := range d.Kinds() {
			seen[k.Kind]++
			if k.Name == "" {
				t.Errorf("kind %s has no name", k.Kind)
			}
			ex := d.Example(f.ctx, k.Kind)
			if ex.Title == "" || ex.Facts.Subject == "" || ex.Facts.Status == "" || (ex.Path == "" && ex.URL == "") || ex.Action == "" {
				t.Errorf("example of %s lacks a title, subject, status, page or action: %+v", k.Kind, ex)
			}
		}
	}
	for _, kind := range []string{outbox.KindCollabSent, outbox.KindCollabHandled, outbox.KindCollabCommented,
		outbox.KindCollabWithdrawn, outbox.KindCollabClosed, outbox.KindNoticePublished, outbox.KindNewsPublished,
		outbox.KindSurveyPublished, outbox.KindDiscussionPublished, outbox.KindDiscussionReplied, outbox.KindSystemMessage} {
		if seen[kind] != 1 {
			t.Errorf("kind %s has %d describers, want 1", kind, seen[kind])
		}
	}
}
