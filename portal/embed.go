// Package portal holds the tenant admins' desktop portal (Vue 3 + Element Plus, sources in src/) and embeds its
// build for the server, which serves it under /admin/.
//
// `npm run build` writes dist/; until it has run, dist/ holds only .keep and FS serves no pages.
package portal

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// FS returns the built portal with index.html at its root, served under /admin/ with a fallback to index.html for
// the portal's own routes (/admin/binding and so on).
func FS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub fails only for an invalid path name, and "dist" is a valid one.
		panic(err)
	}
	return sub
}
