package provider

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// TestAccExamples applies every example a user can copy against the mock with
// the real Terraform CLI and the provider binary built from this tree (through
// a dev_overrides CLI configuration, as a user trying a local build would),
// plans again (the plan must be empty), and destroys. An example that stops
// working fails CI.
//
// The CLI is driven directly rather than through terraform-plugin-testing,
// whose state shim rejects for_each with string keys, which the scenarios use.
//
// Examples may rely on the fixture below (users by email, one workspace with a
// fixed id and slug) and create everything else themselves. Not applied:
// examples/provider/provider.tf (no resources), import.sh and
// import-by-string-id.tf (they name objects of a real organisation), and
// examples/demo (make demo runs it).

// Fixture objects the examples may reference.
const (
	exampleWorkspaceID   = "6e5a9f93-ae3a-46b4-a87d-2464d373ef7e"
	exampleWorkspaceSlug = "ws-produc-1a2b3c"
)

func exampleSeed() mockserver.Seed {
	return mockserver.Seed{
		Users: []mockserver.User{
			{ID: "b2182deb-05c8-11f1-84d4-024c88f9cbd3", Email: "alice@example.com", FirstName: "Alice", LastName: "Admin", Role: "member"},
			{ID: "61e08f60-4822-465e-ba23-39f85cd741cb", Email: "bob@example.com", FirstName: "Bob", LastName: "Builder", Role: "member"},
			{ID: "8acddd9f-e595-11f0-84d4-024c88f9cbd3", Email: "carol@example.com", FirstName: "Carol", LastName: "Chen", Role: "admin"},
		},
		Workspaces: []mockserver.Workspace{
			{ID: exampleWorkspaceID, Slug: exampleWorkspaceSlug, Name: "Production"},
		},
	}
}

// exampleDirs returns each example directory with the files to apply.
func exampleDirs(t *testing.T) map[string][]string {
	t.Helper()
	root := filepath.Join("..", "..", "examples")
	dirs := map[string][]string{}
	for _, pattern := range []string{
		"resources/*/resource.tf",
		"data-sources/*/data-source.tf",
		"ephemeral-resources/*/ephemeral-resource.tf",
		"scenarios/*/*.tf",
	} {
		matches, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			rel, err := filepath.Rel(root, filepath.Dir(m))
			if err != nil {
				t.Fatal(err)
			}
			dirs[filepath.ToSlash(rel)] = append(dirs[filepath.ToSlash(rel)], m)
		}
	}
	return dirs
}

// buildProvider builds the provider binary from this tree into dir.
func buildProvider(t *testing.T, dir string) {
	t.Helper()
	out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-portkey"), "../..").CombinedOutput()
	if err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
}

var (
	requiredProvidersRE = regexp.MustCompile(`(?m)^\s*required_providers\s*\{`)
	providerBlockRE     = regexp.MustCompile(`(?m)^\s*provider\s+"portkey"\s*\{`)
	aliasRE             = regexp.MustCompile(`(?m)^\s*alias\s*=`)
)

// providerHarness returns what an example leaves out to be runnable: the
// required_providers entry with our source address (examples without it
// would resolve hashicorp/portkey) and a default provider block reading the
// PORTKEY_* environment.
func providerHarness(config []byte) string {
	var b strings.Builder
	if !requiredProvidersRE.Match(config) {
		b.WriteString("terraform {\n  required_providers {\n    portkey = {\n      source = \"seed-4a8a86ef/portkey\"\n    }\n  }\n}\n")
	}
	if len(providerBlockRE.FindAll(config, -1)) == len(aliasRE.FindAll(config, -1)) {
		b.WriteString("\nprovider \"portkey\" {}\n")
	}
	return b.String()
}

func TestAccExamples(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does) to apply every example with the Terraform CLI")
	}
	terraform, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("terraform is not on PATH: the examples test needs Terraform >= 1.11")
	}
	t.Parallel()
	dirs := exampleDirs(t)
	if len(dirs) == 0 {
		t.Fatal("no examples found under examples/")
	}
	names := make([]string, 0, len(dirs))
	for n := range dirs {
		names = append(names, n)
	}
	sort.Strings(names)
	bin := t.TempDir()
	buildProvider(t, bin)

	for _, name := range names {
		files := dirs[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, url := newTestMock(t)
			srv.ApplySeed(exampleSeed())

			work := t.TempDir()
			var all []byte
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				all = append(all, data...)
				if err := os.WriteFile(filepath.Join(work, filepath.Base(f)), data, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if harness := providerHarness(all); harness != "" {
				if err := os.WriteFile(filepath.Join(work, "provider_test_harness.tf"), []byte(harness), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			rc := filepath.Join(t.TempDir(), "terraformrc")
			rcBody := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
				"registry.terraform.io/seed-4a8a86ef/portkey", bin)
			if err := os.WriteFile(rc, []byte(rcBody), 0o600); err != nil {
				t.Fatal(err)
			}
			env := append(os.Environ(),
				"TF_CLI_CONFIG_FILE="+rc,
				"TF_IN_AUTOMATION=1",
				"TF_LOG=",
				"CHECKPOINT_DISABLE=1",
				"PORTKEY_API_KEY="+testAdminKey,
				"PORTKEY_BASE_URL="+url,
			)
			run := func(args ...string) (string, int) {
				cmd := exec.Command(terraform, args...)
				cmd.Dir = work
				cmd.Env = env
				out, err := cmd.CombinedOutput()
				var exitErr *exec.ExitError
				switch {
				case err == nil:
					return string(out), 0
				case errors.As(err, &exitErr):
					return string(out), exitErr.ExitCode()
				default:
					t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
					return "", -1
				}
			}

			if out, code := run("apply", "-auto-approve", "-input=false", "-no-color"); code != 0 {
				t.Fatalf("apply failed (exit %d):\n%s", code, out)
			}
			if out, code := run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
				t.Fatalf("the plan after apply is not empty (exit %d):\n%s", code, out)
			}
			if out, code := run("destroy", "-auto-approve", "-input=false", "-no-color"); code != 0 {
				t.Fatalf("destroy failed (exit %d):\n%s", code, out)
			}
		})
	}
}
