package app

import "runtime/debug"

// ServerGCPercent is the garbage collector's target (GOGC) of a server process when the environment sets none. Go's
// default, 100, starts a collection whenever the heap has grown by its live size since the last one; a GraphQL
// server's live heap is small (a few MB) and its garbage comes from requests, so at 100 it collects every 40 or so
// requests of graph/bench's todo page. At 400 it collects about a fifth as often, for 11–18 % less Go CPU a request,
// and lets the heap grow to five times the live heap before a collection instead of twice: a heap goal of 57–64 MB
// instead of 24–26 MB under graph/bench's load. GOGC, and GOMEMLIMIT as a ceiling, still take precedence when set.
const ServerGCPercent = 400

// SetServerGC sets the GC target to ServerGCPercent unless getenv("GOGC") is set. The server calls it at start;
// graph/bench does too, so that its numbers are the server's.
func SetServerGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(ServerGCPercent)
	}
}
