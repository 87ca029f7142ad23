package provider

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// Every example a user can copy is applied against the mock, planned again
// (the plan must be empty) and destroyed: an example that stops working fails
// CI. Examples may rely on the fixture below (users by email, one workspace
// with a fixed id and slug) and create everything else themselves.
//
// Not applied: examples/provider/provider.tf (no resources), import.sh and
// import-by-string-id.tf (they name objects of a real organisation), and the
// terraform/provider blocks of scenarios, which live in versions.tf so that
// the test can configure the provider against the mock instead.

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

// exampleConfigs maps a name to the configuration of each example.
func exampleConfigs(t *testing.T) map[string]string {
	t.Helper()
	root := filepath.Join("..", "..", "examples")
	files := map[string][]string{}
	add := func(pattern string) {
		matches, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			rel, _ := filepath.Rel(root, filepath.Dir(m))
			files[rel] = append(files[rel], m)
		}
	}
	add("resources/*/resource.tf")
	add("data-sources/*/data-source.tf")
	add("ephemeral-resources/*/ephemeral-resource.tf")
	add("scenarios/*/main.tf")
	add("scenarios/*/variables.tf")
	add("scenarios/*/outputs.tf")

	out := map[string]string{}
	for name, paths := range files {
		sort.Strings(paths)
		var b strings.Builder
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(data)
			b.WriteString("\n")
		}
		out[name] = b.String()
	}
	return out
}

func TestAccExamples(t *testing.T) {
	t.Parallel()
	configs := exampleConfigs(t)
	if len(configs) == 0 {
		t.Fatal("no examples found under examples/")
	}
	names := make([]string, 0, len(configs))
	for n := range configs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		config := configs[name]
		t.Run(strings.ReplaceAll(name, string(filepath.Separator), "/"), func(t *testing.T) {
			srv, url := newTestMock(t)
			srv.ApplySeed(exampleSeed())
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: providerBlock(url) + config},
					{
						Config: providerBlock(url) + config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
				},
			})
		})
	}
}
