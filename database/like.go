package database

import "strings"

// likeEscaper escapes LIKE's wildcards and its own escape character.
var likeEscaper = strings.NewReplacer("!", "!!", "%", "!%", "_", "!_")

// EscapeLike returns s with LIKE's wildcards taken literally, for a pattern used with ESCAPE '!'. '!' rather than
// backslash is the escape so the pattern means the same under NO_BACKSLASH_ESCAPES and on the embedded engine.
func EscapeLike(s string) string { return likeEscaper.Replace(s) }

// ContainsPattern returns a LIKE pattern matching s anywhere, case insensitive: s is lower-cased and its wildcards
// taken literally, for `LOWER(column) LIKE ? ESCAPE '!'`.
func ContainsPattern(s string) string { return "%" + EscapeLike(strings.ToLower(s)) + "%" }
