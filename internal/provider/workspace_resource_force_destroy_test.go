package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

func testAccWorkspaceForceDestroy(url, name, force string) string {
	return providerBlock(url) + fmt.Sprintf(`
resource "portkey_workspace" "test" {
  name          = %[1]q
  force_destroy = %[2]s
}
`, name, force)
}

// force_destroy (API-NOTES.md 11.8): without it a workspace with dependents
// made outside Terraform is not deleted and the error says what to do; with
// it the delete sends force_delete and everything in the workspace goes.
// Setting it calls no API; an import starts with false.
func TestAccWorkspaceResource_forceDestroy(t *testing.T) {
	srv, url := newTestMock(t, "workspace dependents outside the Admin API, seeded members, and fault injection")
	var id, userID string
	outOfBand := func() {
		// A member, an API key and three virtual keys made in Portkey's app.
		userID = srv.SeedUser(mockserver.User{Email: "frank@example.com"}).ID
		if err := srv.SeedMember(id, userID, "member"); err != nil {
			t.Fatal(err)
		}
		c, err := client.New(client.Config{BaseURL: url, APIKey: testAdminKey})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.CreateAPIKey(context.Background(), "workspace", "service", client.CreateAPIKeyRequest{
			Name: "made-in-the-app", WorkspaceID: &id, Scopes: []string{"logs.view"},
		}); err != nil {
			t.Fatal(err)
		}
		if err := srv.SetWorkspaceDependents(id, 3); err != nil {
			t.Fatal(err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             wsDestroyed(srv, &id),
		Steps: []resource.TestStep{
			{
				Config: testAccWorkspaceMinimal(url, "Busy"),
				ConfigStateChecks: []statecheck.StateCheck{
					wsCapture{wsAddr, "id", &id},
					statecheck.ExpectKnownValue(wsAddr, stateValue("force_destroy"), knownvalue.Bool(false)),
				},
			},
			{
				// An import records force_destroy = false, as a create does.
				ResourceName:      wsAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				PreConfig:   outOfBand,
				Config:      providerBlock(url),
				ExpectError: wsErrorRE("Unable to Delete Workspace", "HTTP 409", "AB07", "Delete them in Portkey", "set force_destroy = true, apply, and destroy again"),
			},
			{
				// Setting force_destroy changes state only.
				PreConfig: srv.ClearRequests,
				Config:    testAccWorkspaceForceDestroy(url, "Busy", "true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(wsAddr, stateValue("force_destroy"), knownvalue.Bool(true)),
					wsCheck(func() error {
						for _, r := range srv.Requests() {
							if r.Method != "GET" {
								return fmt.Errorf("setting force_destroy sent %s %s", r.Method, r.Path)
							}
						}
						return nil
					}),
				},
			},
			{
				// Portkey refusing even a forced delete: the error says so.
				PreConfig: func() {
					srv.InjectFault(mockserver.Fault{Method: "DELETE", Path: "/admin/workspaces/*", Status: 409, Code: "AB07"})
				},
				Config:      providerBlock(url),
				ExpectError: wsErrorRE("Unable to Delete Workspace", "HTTP 409", "although force_destroy = true"),
			},
			{
				PreConfig: srv.ClearRequests,
				Config:    providerBlock(url),
				Check: func(*terraform.State) error {
					var deletes []mockserver.Request
					for _, r := range srv.Requests() {
						if r.Method == "DELETE" {
							deletes = append(deletes, r)
						}
					}
					if len(deletes) != 1 || deletes[0].Body != `{"name":"Busy","force_delete":true}` || deletes[0].Query != "force_delete=true" {
						return fmt.Errorf("deletes %+v, want one with force_delete", deletes)
					}
					for _, k := range srv.APIKeys() {
						if k.WorkspaceID != nil && *k.WorkspaceID == id {
							return fmt.Errorf("the workspace's API key %s survived", k.ID)
						}
					}
					if _, err := srv.Object(mockserver.KindMember, id+"/"+userID); err == nil {
						return fmt.Errorf("the workspace's member survived")
					}
					return nil
				},
			},
		},
	})
}
