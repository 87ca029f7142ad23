package provider

import (
	"os"
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
// After the apply, the secrets the example minted (API keys, invite links)
// must not appear in what the CLI shows: `terraform show` and a destroy plan.
//
// Examples may rely on the fixture below (users by email, one workspace with a
// fixed id and slug, organisation guardrails pii-redaction and toxicity) and
// create everything else themselves. Not applied:
// examples/provider/provider.tf (no resources), import.sh and
// import-by-string-id.tf (they name objects of a real organisation; the latter
// is validated against resource.tf, see checkImportExample), and
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
		Guardrails: []mockserver.Guardrail{
			{ID: "5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", Slug: "pii-redaction"},
			{ID: "6d2e3f4a-5b6c-4d7e-9f8a-0b1c2d3e4f5a", Slug: "toxicity"},
			{ID: "7e3f4a5b-6c7d-4e8f-a09b-1c2d3e4f5a6b", Slug: "team-jailbreak", Scope: mockserver.GuardrailScopeWorkspace},
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
		"guides/*/*.tf",
		"provider/typical-usage.tf",
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
			rel = filepath.ToSlash(rel)
			if _, own := examplesTestedElsewhere[rel]; own {
				continue
			}
			dirs[rel] = append(dirs[rel], m)
		}
	}
	return dirs
}

// examplesTestedElsewhere are the example directories a test of their own
// runs, because they are not one configuration to apply with Terraform 1.11.
var examplesTestedElsewhere = map[string]string{
	"guides/migrating-from-portkey-ai": "before.tf and after.tf are two states of one estate: TestAccMigrationMovedBlocks",
	"guides/adopting-an-organisation":  "needs Terraform >= 1.14 (terraform query): TestAccAdoption_organisation",
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
	mockOnly(t, "the examples' seeded users and guardrails")
	terraform := requireTerraformCLI(t)
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
			srv, url := newTestMock(t, "the examples' seeded users and guardrails")
			srv.ApplySeed(exampleSeed())
			cli := newTFCLI(t, terraform, bin, url)
			var all []byte
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				all = append(all, data...)
				cli.write(filepath.Base(f), data)
			}
			if harness := providerHarness(all); harness != "" {
				cli.write("provider_test_harness.tf", []byte(harness))
			}
			if strings.HasPrefix(name, "resources/") {
				checkImportExample(t, cli, name, all)
			}
			cli.mustRun("apply", "apply", "-auto-approve", "-input=false", "-no-color")
			cli.mustRun("the plan after apply (it must be empty)", "plan", "-detailed-exitcode", "-input=false", "-no-color")
			checkNoSecretShown(t, srv, cli)
			cli.mustRun("destroy", "destroy", "-auto-approve", "-input=false", "-no-color")
		})
	}
}

var (
	importToRE      = regexp.MustCompile(`(?m)^\s*to\s*=\s*([a-z_]+)\.([a-z0-9_-]+)\s*$`)
	resourceBlockRE = regexp.MustCompile(`(?m)^resource\s+"([a-z_]+)"\s+"([a-z0-9_-]+)"`)
)

// checkImportExample keeps a resource's import-by-string-id.tf in line with
// its resource.tf: Terraform validates its syntax, and every import block's
// target must be a resource that resource.tf declares (validate does not check
// that). The import examples name objects of a real organisation, so they are
// not applied; identity-import.tf needs Terraform >= 1.12 to parse and is
// covered by TestIdentityDocs.
func checkImportExample(t *testing.T, cli *tfCLI, name string, resourceTF []byte) {
	t.Helper()
	const file = "import-by-string-id.tf"
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", name, file))
	if err != nil {
		t.Fatalf("every resource needs an %s example: %v", file, err)
	}
	declared := map[string]bool{}
	for _, m := range resourceBlockRE.FindAllSubmatch(resourceTF, -1) {
		declared[string(m[1])+"."+string(m[2])] = true
	}
	targets := importToRE.FindAllSubmatch(data, -1)
	if len(targets) == 0 {
		t.Fatalf("%s/%s has no import block", name, file)
	}
	for _, m := range targets {
		if addr := string(m[1]) + "." + string(m[2]); !declared[addr] {
			t.Errorf("%s/%s imports into %s, which resource.tf does not declare", name, file, addr)
		}
	}
	cli.write(file, data)
	cli.mustRun("validate with "+file, "validate", "-no-color")
	cli.remove(file)
}

// checkNoSecretShown fails if an API key secret or invite link that the mock
// minted appears in `terraform show` or in a destroy plan: a secret passed
// through an attribute that is not sensitive would.
func checkNoSecretShown(t *testing.T, srv *mockserver.Server, cli *tfCLI) {
	t.Helper()
	secrets := map[string]string{} // secret -> what it is
	for _, key := range srv.MintedAPIKeySecrets() {
		secrets[key] = "an API key's secret"
	}
	for _, inv := range srv.Invites() {
		if link, err := srv.InviteLink(inv.ID); err == nil && link != "" {
			secrets[link] = "the invite link of " + inv.Email
		}
	}
	shown := cli.mustRun("show", "show", "-no-color") +
		cli.mustRun("destroy plan", "plan", "-destroy", "-input=false", "-no-color")
	for secret, what := range secrets {
		if strings.Contains(shown, secret) {
			t.Errorf("%s is shown by terraform show or a plan: pass secrets only through sensitive attributes", what)
		}
	}
}
