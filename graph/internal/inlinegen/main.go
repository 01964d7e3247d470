// Command inlinegen points gqlgen's generated list marshalling at graph/inline: it rewrites every call of
// graphql.MarshalSliceConcurrently in the Go files of the directory it is given into inline.MarshalSlice, which has
// the same signature and keeps gqlgen's behaviour unless the request's policy lets the list run in the calling
// goroutine. go generate runs it right after gqlgen (graph/generate.go); running it again changes nothing. It fails
// when it finds no call to rewrite and none rewritten, which would mean gqlgen marshals lists some other way now.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
)

var (
	gqlgenCall   = []byte("graphql.MarshalSliceConcurrently(")
	inlineCall   = []byte("inline.MarshalSlice(")
	gqlgenImport = []byte("\t\"github.com/99designs/gqlgen/graphql\"\n")
	inlineImport = []byte("\t\"github.com/qiao-hq/qiao/graph/inline\"\n")
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: inlinegen DIR")
		os.Exit(2)
	}
	if err := rewrite(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "inlinegen:", err)
		os.Exit(1)
	}
}

func rewrite(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return err
	}
	rewritten, already := 0, 0
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		already += bytes.Count(src, inlineCall)
		n := bytes.Count(src, gqlgenCall)
		if n == 0 {
			continue
		}
		if !bytes.Contains(src, gqlgenImport) {
			return fmt.Errorf("%s: calls graphql.MarshalSliceConcurrently without importing gqlgen's graphql", name)
		}
		src = bytes.ReplaceAll(src, gqlgenCall, inlineCall)
		if !bytes.Contains(src, inlineImport) {
			src = bytes.Replace(src, gqlgenImport, append(append([]byte{}, gqlgenImport...), inlineImport...), 1)
		}
		if src, err = format.Source(src); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := os.WriteFile(name, src, 0o644); err != nil {
			return err
		}
		rewritten += n
	}
	if rewritten+already == 0 {
		return fmt.Errorf("no call of graphql.MarshalSliceConcurrently in %s: has gqlgen changed how it marshals lists?", dir)
	}
	fmt.Printf("inlinegen: %d list marshallers rewritten, %d already\n", rewritten, already)
	return nil
}
