package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

const (
	dsWorkspaceID   = "0b8e7a52-5d8f-4c43-9a56-3d1f7c2e9b10"
	dsWorkspaceSlug = "ws-data-s-0a1b2c"
)

func seedDataSourceWorkspace(srv *mockserver.Server) {
	desc, icon, reset := "Read me", "📊", "weekly"
	credit, alert := 42.5, 40.0
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{
		ID: dsWorkspaceID, Slug: dsWorkspaceSlug, Name: "Data Source", Description: &desc, Icon: &icon,
		Defaults:    &mockserver.WorkspaceDefaults{Metadata: map[string]string{"owner": "analytics"}},
		UsageLimits: []mockserver.UsageLimit{{Type: "cost", CreditLimit: &credit, AlertThreshold: &alert, PeriodicReset: &reset}},
		RateLimits:  []mockserver.RateLimit{{Type: "tokens", Unit: "rph", Value: 5000}},
	}}})
}

// dataSourceWorkspace creates, through the API, a workspace with every
// setting a data source reads.
func dataSourceWorkspace(e *accEnv) *client.Workspace {
	desc, icon, reset := "Read me", "📊", "weekly"
	credit, alert := 42.5, 40.0
	return e.CreateWorkspace(client.CreateWorkspaceRequest{
		Name: e.Name("data-source"), Description: &desc, Icon: &icon,
		Defaults:    &client.WorkspaceDefaults{Metadata: map[string]string{"owner": "analytics"}},
		UsageLimits: []client.UsageLimit{{Type: "cost", CreditLimit: &credit, AlertThreshold: &alert, PeriodicReset: &reset}},
		RateLimits:  []client.RateLimit{{Type: "tokens", Unit: "rph", Value: 5000}},
	})
}

func TestAccWorkspaceDataSource_lookups(t *testing.T) {
	e := newAccEnv(t)
	ws := dataSourceWorkspace(e)
	def := e.DefaultWorkspace()
	config := e.Provider() + fmt.Sprintf(`
data "portkey_workspace" "by_id" {
  id = %[1]q
}

data "portkey_workspace" "by_slug" {
  slug = %[2]q
}

data "portkey_workspace" "by_name" {
  name = %[3]q
}
`, ws.ID, ws.Slug, ws.PlainName())

	var checks []statecheck.StateCheck
	for _, addr := range []string{"data.portkey_workspace.by_id", "data.portkey_workspace.by_slug", "data.portkey_workspace.by_name"} {
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(ws.ID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("slug"), knownvalue.StringExact(ws.Slug)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(e.Name("data-source"))),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("Read me")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("icon"), knownvalue.StringExact("📊")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("metadata"), knownvalue.MapExact(map[string]knownvalue.Check{
				"owner": knownvalue.StringExact("analytics"),
			})),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("usage_limits"), knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectExact(map[string]knownvalue.Check{
					"type": knownvalue.StringExact("cost"), "credit_limit": knownvalue.Float64Exact(42.5),
					"alert_threshold": knownvalue.Float64Exact(40), "periodic_reset": knownvalue.StringExact("weekly"),
					"periodic_reset_days": knownvalue.Null(),
				}),
			})),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("rate_limits"), knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectExact(map[string]knownvalue.Check{
					"type": knownvalue.StringExact("tokens"), "unit": knownvalue.StringExact("rph"), "value": knownvalue.Int64Exact(5000),
				}),
			})),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("organisation_id"), knownvalue.StringExact(ws.OrganisationID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("is_default"), knownvalue.Bool(false)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(timeRE)),
		)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: checks},
			{
				// A resource's attributes feed the data source; the default workspace reads is_default.
				Config: wsMinimalHCL(e.Provider(), e.Name("fed")) + fmt.Sprintf(`
data "portkey_workspace" "fed" {
  slug = portkey_workspace.test.slug
}

data "portkey_workspace" "default" {
  id = %q
}
`, def.ID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs("data.portkey_workspace.fed", tfjsonpath.New("id"), wsAddr, tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue("data.portkey_workspace.default", tfjsonpath.New("is_default"), knownvalue.Bool(true)),
				},
			},
		},
	})
}

func TestAccWorkspaceDataSource_errors(t *testing.T) {
	e := newAccEnv(t)
	// Portkey lets two workspaces share a name.
	twin := e.Name("twin")
	e.CreateWorkspace(client.CreateWorkspaceRequest{Name: twin})
	e.CreateWorkspace(client.CreateWorkspaceRequest{Name: twin})
	nobody := e.Name("nobody")
	step := func(body string, want ...string) resource.TestStep {
		return resource.TestStep{Config: e.Provider() + body, ExpectError: wsErrorRE(want...)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`
data "portkey_workspace" "test" {
  id = "00000000-0000-4000-8000-000000000000"
}
`, "Unable to Read Workspace", `No workspace has the id "00000000-0000-4000-8000-000000000000"`),
			step(`
data "portkey_workspace" "test" {
  slug = "ws-nope-000000"
}
`, "Unable to Read Workspace", `No workspace has the slug "ws-nope-000000"`),
			step(fmt.Sprintf(`
data "portkey_workspace" "test" {
  name = %q
}
`, nobody), "Unable to Read Workspace", fmt.Sprintf(`No workspace is named %q`, nobody)),
			step(fmt.Sprintf(`
data "portkey_workspace" "test" {
  name = %q
}
`, twin), fmt.Sprintf(`2 workspaces are named %q`, twin), "by id or slug instead"),
			step(`
data "portkey_workspace" "test" {}
`, "Missing Attribute Configuration", "Exactly one of these attributes must be configured: [id,slug,name]"),
			step(fmt.Sprintf(`
data "portkey_workspace" "test" {
  id   = "00000000-0000-4000-8000-000000000000"
  name = %q
}
`, twin), "Invalid Attribute Combination"),
		},
	})
}
