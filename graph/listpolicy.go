package graph

import "github.com/qiao-hq/qiao/graph/inline"

// listPolicy says which lists gqlgen may marshal in the calling goroutine (graph/inline): any list whose selection
// below its elements holds only plain fields, and the edges of a page of items when what else they ask for is read
// from memory. CollabItems primes the request's employee loader with the senders of its page before the edges are
// marshalled, so an item's sender there is a loader hit, and an item's rule is converted from the item. Everything
// else a list element may ask for (an item's recipients, its recipient summary, comments, actions) is loaded per
// element, through loaders that batch only while the elements run side by side, so it keeps gqlgen's goroutines.
func listPolicy() *inline.Policy {
	return &inline.Policy{Ready: map[string][]string{
		"CollabItemConnection.edges": {"CollabItem.sender", "CollabItem.rule"},
	}}
}
