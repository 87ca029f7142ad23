package provider

import (
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

func TestAccWorkspacesDataSource_pagesAndFilters(t *testing.T) {
	srv, url := newTestMock(t, "125 seeded workspaces and an archived one (the Admin API cannot archive); the request log")
	var seed mockserver.Seed
	for i := range 125 {
		seed.Workspaces = append(seed.Workspaces, mockserver.Workspace{Name: fmt.Sprintf("team-%03d", i)})
	}
	srv.ApplySeed(seed)
	seedDataSourceWorkspace(srv) // "Data Source", with an icon and limits
	archived := srv.WorkspaceIDsNamed("team-007")[0]
	if err := srv.Patch(mockserver.KindWorkspace, archived, map[string]any{"status": "archived"}); err != nil {
		t.Fatal(err)
	}
	config := providerBlock(url) + `
data "portkey_workspaces" "all" {}

data "portkey_workspaces" "team_11x" {
  name = "team-11"
}

data "portkey_workspaces" "archived" {
  status = "archived"
}

data "portkey_workspaces" "data" {
  name   = "Data"
  status = "active,archived"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      providerBlock(url) + "\ndata \"portkey_workspaces\" \"bad\" {\n  status = \"deleted\"\n}\n",
				ExpectError: wsErrorRE(`must be "active", "archived" or "active,archived"`),
			},
			{
				PreConfig: srv.ClearRequests,
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					// 1 default + 125 teams + 1 seeded, minus the archived one: more than one page of 100.
					statecheck.ExpectKnownValue("data.portkey_workspaces.all", tfjsonpath.New("workspaces"), knownvalue.ListSizeExact(126)),
					statecheck.ExpectKnownValue("data.portkey_workspaces.all", tfjsonpath.New("workspaces").AtSliceIndex(0).AtMapKey("name"),
						knownvalue.StringExact("Shared Team Workspace")),
					statecheck.ExpectKnownValue("data.portkey_workspaces.all", tfjsonpath.New("workspaces").AtSliceIndex(125).AtMapKey("name"),
						knownvalue.StringExact("Data Source")),
					statecheck.ExpectKnownValue("data.portkey_workspaces.team_11x", tfjsonpath.New("workspaces"), knownvalue.ListSizeExact(10)),
					statecheck.ExpectKnownValue("data.portkey_workspaces.archived", tfjsonpath.New("workspaces"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(archived), "name": knownvalue.StringExact("team-007"), "status": knownvalue.StringExact("archived"),
						}),
					})),
					statecheck.ExpectKnownValue("data.portkey_workspaces.data", tfjsonpath.New("workspaces"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(dsWorkspaceID), "slug": knownvalue.StringExact(dsWorkspaceSlug),
							"name": knownvalue.StringExact("Data Source"), "description": knownvalue.StringExact("Read me"),
							"icon":         knownvalue.StringExact("📊"),
							"metadata":     knownvalue.MapExact(map[string]knownvalue.Check{"owner": knownvalue.StringExact("analytics")}),
							"usage_limits": knownvalue.ListSizeExact(1), "rate_limits": knownvalue.ListSizeExact(1),
							"organisation_id": knownvalue.Null(), // the list endpoint does not return it
							"is_default":      knownvalue.Bool(false), "status": knownvalue.StringExact("active"),
							"created_at": knownvalue.StringRegexp(timeRE), "updated_at": knownvalue.StringRegexp(timeRE),
						}),
					})),
					wsCheck(func() error {
						for _, r := range srv.Requests() {
							if r.Route == "GET /admin/workspaces" && strings.Contains(r.Query, "current_page=1") && !strings.Contains(r.Query, "name=") {
								return nil
							}
						}
						return fmt.Errorf("the unfiltered list never asked for a second page")
					}),
				},
			},
		},
	})
}

// In an organisation that holds other workspaces, as a live one does, a name
// filter finds exactly the test's own workspaces and the unfiltered list
// holds them among the rest.
func TestAccWorkspacesDataSource_nameFilter(t *testing.T) {
	e := newAccEnv(t)
	a := e.Workspace("list-a")
	b := e.Workspace("list-b")
	config := e.Provider() + fmt.Sprintf(`
data "portkey_workspaces" "all" {}

data "portkey_workspaces" "mine" {
  name = %[1]q
}

data "portkey_workspaces" "a" {
  name = %[2]q
}
`, e.suffix, a.PlainName())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.portkey_workspaces.mine", tfjsonpath.New("workspaces"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(a.ID), "name": knownvalue.StringExact(a.PlainName())}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(b.ID), "name": knownvalue.StringExact(b.PlainName())}),
				})),
				statecheck.ExpectKnownValue("data.portkey_workspaces.a", tfjsonpath.New("workspaces"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(a.ID), "slug": knownvalue.StringExact(a.Slug)}),
				})),
				akState(func(s *tfjson.State) error {
					for _, r := range s.Values.RootModule.Resources {
						if r.Address != "data.portkey_workspaces.all" {
							continue
						}
						all, _ := r.AttributeValues["workspaces"].([]any)
						found := map[string]bool{}
						for _, w := range all {
							if m, ok := w.(map[string]any); ok {
								found[fmt.Sprint(m["id"])] = true
							}
						}
						if !found[a.ID] || !found[b.ID] || len(all) < 3 {
							return fmt.Errorf("the unfiltered list (%d workspaces) lacks the default or the test's own", len(all))
						}
						return nil
					}
					return fmt.Errorf("data.portkey_workspaces.all is not in the state")
				}),
			},
		}},
	})
}
