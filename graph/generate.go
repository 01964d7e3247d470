package graph

// gqlgen reads gqlgen.yml from the module root, whose paths are relative to it. inlinegen then points gqlgen's list
// marshalling at graph/inline, which runs a list's elements in the calling goroutine when none of them can wait.
//go:generate go -C .. tool gqlgen generate --config gqlgen.yml
//go:generate go run ./internal/inlinegen ./generated
