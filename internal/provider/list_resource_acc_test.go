package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// The list resources end to end, through `terraform query` (Terraform >=
// 1.14, see queryCLI): a workspace Terraform created is found next to the
// seeded ones; filters, identities, display names and resource objects are
// what the protocol-level tests prove, as Terraform shows them.
func TestAccListResource_query(t *testing.T) {
	f := newOrgFixture(t)
	byID := func(id string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	// The query runs in step 1's working directory and uses its provider block.
	query := fmt.Sprintf(`
list "portkey_workspace" "all" {
  provider         = portkey
  include_resource = true
}

list "portkey_workspace_member" "production_members" {
  provider         = portkey
  include_resource = true

  config {
    workspace_id = %[1]q
    role         = "member"
  }
}

list "portkey_user" "admins" {
  provider         = portkey
  include_resource = true

  config {
    role = "admin"
  }
}

list "portkey_user_invite" "pending" {
  provider = portkey

  config {
    status = "pending"
  }
}

list "portkey_api_key" "research" {
  provider         = portkey
  include_resource = true

  config {
    workspace_id = %[2]q
  }
}

list "portkey_api_key" "first_two" {
  provider = portkey
  limit    = 2
}
`, f.prod.Slug, f.research.ID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{queryCLI{}},
		Steps: []resource.TestStep{
			{Config: providerBlock(f.url) + `
resource "portkey_workspace" "created" {
  name        = "Created By Terraform"
  description = "Found by the query"
}
`},
			{
				Query:  true,
				Config: query,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("portkey_workspace.all", 5),
					querycheck.ExpectIdentity("portkey_workspace.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(f.prod.ID)}),
					querycheck.ExpectResourceDisplayName("portkey_workspace.all", byID(f.prod.ID), knownvalue.StringExact("Production ("+f.prod.Slug+")")),
					querycheck.ExpectResourceKnownValues("portkey_workspace.all", byID(f.prod.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("Production")},
						{Path: tfjsonpath.New("icon"), KnownValue: knownvalue.StringExact("🚀")},
						{Path: tfjsonpath.New("organisation_id"), KnownValue: knownvalue.StringExact(f.srv.OrganisationID())},
					}),
					querycheck.ExpectResourceDisplayName("portkey_workspace.all",
						queryfilter.ByDisplayName(knownvalue.StringRegexp(regexp.MustCompile(`^Created By Terraform \(ws-create-`))),
						knownvalue.NotNull()),

					// Named by slug, identified by the workspace's UUID.
					querycheck.ExpectLength("portkey_workspace_member.production_members", 3),
					querycheck.ExpectIdentity("portkey_workspace_member.production_members", map[string]knownvalue.Check{
						"workspace_id": knownvalue.StringExact(f.prod.ID), "user_id": knownvalue.StringExact(f.carol.ID),
					}),
					querycheck.ExpectResourceKnownValues("portkey_workspace_member.production_members",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
							"workspace_id": knownvalue.StringExact(f.prod.ID), "user_id": knownvalue.StringExact(f.dave.ID),
						}), []querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("workspace_id"), KnownValue: knownvalue.StringExact(f.prod.ID)},
							{Path: tfjsonpath.New("email"), KnownValue: knownvalue.StringExact("dave@example.com")},
							{Path: tfjsonpath.New("role"), KnownValue: knownvalue.StringExact("member")},
						}),

					querycheck.ExpectLength("portkey_user.admins", 2),
					querycheck.ExpectResourceKnownValues("portkey_user.admins", byID(f.bob.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("email"), KnownValue: knownvalue.StringExact("bob@example.com")},
						{Path: tfjsonpath.New("user_id"), KnownValue: knownvalue.Null()},
					}),

					querycheck.ExpectLength("portkey_user_invite.pending", 1),
					querycheck.ExpectResourceDisplayName("portkey_user_invite.pending", byID(f.invites["pending"]),
						knownvalue.StringExact("frank@example.com (pending)")),

					querycheck.ExpectLength("portkey_api_key.research", 2),
					querycheck.ExpectResourceKnownValues("portkey_api_key.research", byID(f.keys["exporter"]), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("key"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("key_hint"), KnownValue: knownvalue.NotNull()},
						{Path: tfjsonpath.New("rotation_policy").AtMapKey("key_transition_period_ms"), KnownValue: knownvalue.Int64Exact(3600000)},
					}),
					querycheck.ExpectLength("portkey_api_key.first_two", 2),
				},
			},
		},
	})
}

// Every list resource example runs: `terraform query` on it, against the
// examples' fixture organisation, succeeds and finds something for each of
// its list blocks.
func TestAccListResource_examples(t *testing.T) {
	mockOnly(t, "the examples' seeded users")
	terraform := requireQueryCLI(t)
	t.Parallel()
	bin := t.TempDir()
	buildProvider(t, bin)
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "list-resources", "*", "list-resource*.tfquery.hcl"))
	if err != nil || len(files) != 5 {
		t.Fatalf("list resource examples %v (%v), want 5", files, err)
	}
	for _, file := range files {
		t.Run(filepath.Base(filepath.Dir(file)), func(t *testing.T) {
			t.Parallel()
			srv, url := newTestMock(t, "the examples' seeded users")
			srv.ApplySeed(exampleSeed())
			c, err := client.New(client.Config{BaseURL: url, APIKey: testAdminKey})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if err := srv.SeedMember(exampleWorkspaceID, exampleSeed().Users[2].ID, "admin"); err != nil {
				t.Fatal(err)
			}
			if _, err := c.CreateUserInvite(ctx, client.CreateUserInviteRequest{Email: "dave@example.com", Role: "member",
				Workspaces: []client.UserInviteWorkspaceInput{{ID: exampleWorkspaceID, Role: "member"}}}); err != nil {
				t.Fatal(err)
			}
			ws := exampleWorkspaceID
			if _, err := c.CreateAPIKey(ctx, "workspace", "service", client.CreateAPIKeyRequest{Name: "svc",
				WorkspaceID: &ws, Scopes: []string{"completions.write"}}); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			cli := newTFCLI(t, terraform, bin, url)
			cli.write("main.tf", []byte(providerHarness(nil)))
			cli.write(filepath.Base(file), data)
			out := cli.mustRun("query", "query", "-no-color")
			for _, m := range regexp.MustCompile(`(?m)^list "([a-z_]+)" "([a-z_]+)"`).FindAllStringSubmatch(string(data), -1) {
				if !regexp.MustCompile(`(?m)^list\.` + m[1] + `\.` + m[2] + `\S*\s`).MatchString(out) {
					t.Errorf("list.%s.%s found nothing:\n%s", m[1], m[2], out)
				}
			}
		})
	}
}
