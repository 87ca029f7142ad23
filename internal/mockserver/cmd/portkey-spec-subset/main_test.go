package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The committed subset is its own subset, so the command reproduces it from
// it: to stdout, or to the -o file.
func TestRun(t *testing.T) {
	t.Parallel()
	committed := filepath.Join("..", "..", "openapi", "portkey-admin.yaml")
	want, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{committed}, &stdout, &stderr); code != 0 || !bytes.Equal(stdout.Bytes(), want) {
		t.Fatalf("exit %d, stderr %s; stdout equals the committed subset: %v", code, stderr.String(), bytes.Equal(stdout.Bytes(), want))
	}
	out := filepath.Join(t.TempDir(), "subset.yaml")
	if code := run([]string{"-o", out, committed}, &stdout, &stderr); code != 0 {
		t.Fatalf("-o: exit %d, stderr %s", code, stderr.String())
	}
	if got, err := os.ReadFile(out); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("-o wrote a different subset (%v)", err)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "usage: portkey-spec-subset"},
		{[]string{filepath.Join(t.TempDir(), "none.yaml")}, 1, "no such file"},
		{[]string{writeFile(t, "openapi: 3.0.0\npaths: {}\ncomponents: {}\n")}, 1, "lacks operations the mock serves"},
	} {
		stderr.Reset()
		if code := run(tc.args, &stdout, &stderr); code != tc.code || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr.String(), tc.code, tc.want)
		}
	}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "openapi.yaml")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
