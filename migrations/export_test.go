package migrations

import "io/fs"

// Split and ApplyFS expose internals to the external tests.
var (
	Split   = split
	ApplyFS = apply
)

// LoadVersions returns the versions load finds in fsys, and its error.
func LoadVersions(fsys fs.FS) ([]string, error) {
	ms, err := load(fsys)
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.version)
	}
	return out, err
}
