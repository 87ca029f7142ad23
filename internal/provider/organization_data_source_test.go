package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

const orgAddr = "data.portkey_organization.test"

// expectOrgRequests asserts that every read of the data source made the
// given requests per route, and nothing else: the counts are multiples of
// one read's (Terraform reads data sources once per plan).
func expectOrgRequests(srv *mockserver.Server, perRead map[string]int) statecheck.StateCheck {
	return mockStateCheck(func() error {
		got := srv.Counts()
		reads := got["GET /admin/workspaces"] / perRead["GET /admin/workspaces"]
		if reads == 0 || len(got) != len(perRead) {
			return fmt.Errorf("requests %v, want multiples of %v", got, perRead)
		}
		for route, n := range perRead {
			if got[route] != n*reads {
				return fmt.Errorf("requests %v, want %d reads of %v", got, reads, perRead)
			}
		}
		return nil
	})
}

func TestAccOrganizationDataSource_basic(t *testing.T) {
	srv, url := newTestMock(t, "seeded users (paging), counts of a known organisation, and the request log")
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{Name: "Alpha"}, {Name: "Beta"}}})
	seedUsers(srv, 125, 3)
	late := srv.SeedUser(mockserver.User{Email: "late@example.com"}) // the 130th user: on the second page
	owner := mockOwner(t, url)
	defWS := srv.WorkspaceIDByName("Shared Team Workspace")
	config := providerBlock(url) + "data \"portkey_organization\" \"test\" {}\n"
	values := func(ownerID, ownerEmail string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("id"), knownvalue.StringExact(srv.OrganisationID())),
			statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("owner_user_id"), knownvalue.StringExact(ownerID)),
			statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("owner_email"), knownvalue.StringExact(ownerEmail)),
			statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("default_workspace_id"), knownvalue.StringExact(defWS)),
			statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("users_count"), knownvalue.Int64Exact(130)),
			statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("workspaces_count"), knownvalue.Int64Exact(3)),
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The owner is on the first page of users: three requests.
				PreConfig: srv.ClearRequests,
				Config:    config,
				ConfigStateChecks: append(values(owner.ID, "owner@example.com"), expectOrgRequests(srv, map[string]int{
					"GET /admin/users":                 1,
					"GET /admin/workspaces":            1,
					"GET /admin/workspaces/{id}":       1, // list items carry no organisation_id
					"GET /admin/organisation/defaults": 1,
				})),
			},
			{
				// Ownership moved to a user beyond the first page: one more request.
				PreConfig: func() {
					for id, role := range map[string]string{late.ID: "owner", owner.ID: "admin"} {
						if err := srv.Patch(mockserver.KindUser, id, map[string]any{"role": role}); err != nil {
							t.Fatal(err)
						}
					}
					srv.ClearRequests()
				},
				Config: config,
				ConfigStateChecks: append(values(late.ID, "late@example.com"),
					expectOrgRequests(srv, map[string]int{
						"GET /admin/users":                 2,
						"GET /admin/workspaces":            1,
						"GET /admin/workspaces/{id}":       1,
						"GET /admin/organisation/defaults": 1,
					})),
			},
		},
	})
}

// The data source shows the default guardrails as {id, slug} in Portkey's
// order, empty lists when there are none, and null (not an error) when the
// API key may not read them.
func TestAccOrganizationDataSource_defaultGuardrails(t *testing.T) {
	srv, url := newOrgTestMock(t)
	config := providerBlock(url) + "data \"portkey_organization\" \"test\" {}\n"
	ref := func(g mockserver.Guardrail) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(g.ID), "slug": knownvalue.StringExact(g.Slug)})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("input_guardrails"), knownvalue.ListExact([]knownvalue.Check{})),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("output_guardrails"), knownvalue.ListExact([]knownvalue.Check{})),
				},
			},
			{
				PreConfig: func() {
					if err := srv.SetOrganisationDefaults([]string{"toxicity", grPII.ID}, []string{"pii-redaction"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("input_guardrails"), knownvalue.ListExact([]knownvalue.Check{ref(grToxicity), ref(grPII)})),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("output_guardrails"), knownvalue.ListExact([]knownvalue.Check{ref(grPII)})),
				},
			},
			{
				PreConfig: func() {
					srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/admin/organisation/defaults", Status: 403, Code: "AB03", Times: -1})
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("id"), knownvalue.StringExact(srv.OrganisationID())),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("input_guardrails"), knownvalue.Null()),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("output_guardrails"), knownvalue.Null()),
				},
			},
		},
	})
}
