// Command portkey-spec-subset writes the part of Portkey's OpenAPI document
// that the mock server validates requests against: the operations the mock
// serves and the components they reference.
//
// Usage:
//
//	portkey-spec-subset [-o FILE] PATH/TO/openapi.yaml
//
// PATH is openapi.yaml of github.com/Portkey-AI/openapi (at the commit named
// in the subset's header). The output (standard output unless -o) is what
// internal/mockserver/openapi/portkey-admin.yaml holds; `make spec-subset
// SPEC=PATH` regenerates that file.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("portkey-spec-subset", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the subset to this file instead of standard output")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: portkey-spec-subset [-o FILE] PATH/TO/openapi.yaml")
		return 2
	}
	full, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "portkey-spec-subset: %v\n", err)
		return 1
	}
	subset, err := mockserver.SpecSubset(full)
	if err != nil {
		fmt.Fprintf(stderr, "portkey-spec-subset: %s: %v\n", fs.Arg(0), err)
		return 1
	}
	if *out == "" {
		_, err = stdout.Write(subset)
	} else {
		err = os.WriteFile(*out, subset, 0o644) //nolint:gosec // a source file, world-readable like the others
	}
	if err != nil {
		fmt.Fprintf(stderr, "portkey-spec-subset: %v\n", err)
		return 1
	}
	return 0
}
