package h5_test

import (
	"io/fs"
	"testing"

	"github.com/qiao-hq/qiao/h5"
)

func TestFS(t *testing.T) {
	t.Run("RootedAtDist", func(t *testing.T) {
		// dist/.keep is always there (kept in git and rewritten by every build), so it sits at the root.
		if _, err := fs.Stat(h5.FS(), ".keep"); err != nil {
			t.Fatalf("FS() is not rooted at dist/: %v", err)
		}
	})
	t.Run("IndexWhenBuilt", func(t *testing.T) {
		b, err := fs.ReadFile(h5.FS(), "index.html")
		if err != nil {
			t.Skip("h5 not built yet (npm run build)")
		}
		if len(b) == 0 {
			t.Fatal("index.html is empty")
		}
	})
}
