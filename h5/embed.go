// Package h5 holds the mobile H5 app (Vue 3 + Vant, sources in src/) and embeds its build for the server.
//
// `npm run build` writes dist/; until it has run, dist/ holds only .keep and FS serves no pages.
package h5

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// FS returns the built app with index.html at its root, to be served under /h5/ with a fallback to
// index.html for the app's own routes (/h5/items/42 and so on). Files under assets/ carry a content hash in
// their names and may be cached for good; index.html must not be cached.
func FS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub fails only for an invalid path name, and "dist" is a valid one.
		panic(err)
	}
	return sub
}
