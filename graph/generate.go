package graph

// gqlgen reads gqlgen.yml from the module root, whose paths are relative to it.
//go:generate go -C .. tool gqlgen generate --config gqlgen.yml
