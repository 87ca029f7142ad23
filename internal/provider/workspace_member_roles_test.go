package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// Organisation owners and admins in workspaces (workspace_member_roles.go):
// Portkey makes the owner (and, in some organisations, admins) an admin of
// every workspace whatever role is asked for. A membership must never plan a
// change on every apply because of it.

const add = "POST /admin/workspaces/{ws}/users"

// The owner with a non-admin role is refused at plan time, for a new
// membership (one GET of the user) and for a change of an existing one (from
// state); nothing reaches the API. admin is accepted.
func TestAccWorkspaceMemberResource_ownerRefusedAtPlan(t *testing.T) {
	f := newMemberFixture(t)
	owner := mockOwner(t, f.url)
	refused := regexp.MustCompile(`(?s)Unable to Plan Workspace Member Role.*` +
		cliText("owner@example.com is the owner of the Portkey organisation, and Portkey makes the owner an admin of every workspace"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccMemberConfig(f.url, f.wsID, owner.ID, "member"),
				ExpectError: refused,
			},
			{
				Config: testAccMemberConfig(f.url, f.wsID, owner.ID, "admin"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("role"), knownvalue.StringExact("admin")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("org_role"), knownvalue.StringExact("owner")),
					expectCount(f.srv, add, 1),
				},
			},
			{
				PreConfig:   f.srv.ClearRequests,
				Config:      testAccMemberConfig(f.url, f.wsID, owner.ID, "manager"),
				ExpectError: refused,
			},
			{
				Config: testAccMemberConfig(f.url, f.wsID, owner.ID, "admin"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					// The refused plans sent no write, and read the owner from state.
					expectCount(f.srv, "PUT /admin/workspaces/{ws}/users/{user}", 0),
					expectCount(f.srv, "GET /admin/users/{id}", 0),
				},
			},
		},
	})
}

// When the user is only known at apply, Terraform plans the membership again
// there, with the user known: the same refusal, before anything is added.
func TestAccWorkspaceMemberResource_ownerKnownAtApply(t *testing.T) {
	f := newMemberFixture(t)
	owner := mockOwner(t, f.url)
	config := func(role string) string {
		return providerBlock(f.url) + fmt.Sprintf(`
resource "terraform_data" "user" {
  input = %[1]q
}

resource "portkey_workspace_member" "test" {
  workspace_id = %[2]q
  user_id      = terraform_data.user.output
  role         = %[3]q
}
`, owner.ID, f.wsID, role)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("member"),
				ExpectError: regexp.MustCompile(`(?s)Unable to Plan Workspace Member Role.*` +
					cliText("owner@example.com is the owner of the Portkey organisation")),
			},
			{
				PreConfig: func() {
					if got, ok := mockRole(f.srv, mockserver.KindMember, f.wsID+"/"+owner.ID); ok {
						t.Errorf("the refused membership was added (role %q)", got)
					}
				},
				Config: config("admin"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("role"), knownvalue.StringExact("admin")),
					expectCount(f.srv, add, 1),
				},
			},
		},
	})
}

// Organisation admins under both readings of the evidence. Bob is an
// organisation admin with the role manager in the workspace.
func TestAccWorkspaceMemberResource_orgAdmin(t *testing.T) {
	mockOnly(t, "seeded organisation users, and org admins forced to workspace admin (the mock's switch)")
	for _, forced := range []bool{false, true} {
		t.Run(fmt.Sprintf("admins_forced_%v", forced), func(t *testing.T) {
			srv := mockserver.New(mockserver.Options{APIKeys: []string{testAdminKey}, OrgAdminsAreWorkspaceAdmins: forced})
			url := srv.Start(t)
			srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{Name: "Team"}}})
			wsID := srv.WorkspaceIDByName("Team")
			bob := srv.SeedUser(mockserver.User{Email: "bob@example.com", Role: "admin"})
			memberID := wsID + "/" + bob.ID
			steps := []resource.TestStep{}
			if !forced {
				// Portkey keeps the role: nothing to refuse, no change planned.
				steps = append(steps, resource.TestStep{
					Config: testAccMemberConfig(url, wsID, bob.ID, "manager"),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("role"), knownvalue.StringExact("manager")),
						expectMockRole(srv, mockserver.KindMember, memberID, "manager"),
					},
				}, resource.TestStep{
					Config: testAccMemberConfig(url, wsID, bob.ID, "member"),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionUpdate)},
					},
					ConfigStateChecks: []statecheck.StateCheck{expectMockRole(srv, mockserver.KindMember, memberID, "member")},
				})
			} else {
				// Not known before the first apply: the create keeps "manager"
				// with a warning, and the plan after it refuses the role, now
				// that Portkey was seen making Bob an admin.
				steps = append(steps, resource.TestStep{
					Config: testAccMemberConfig(url, wsID, bob.ID, "manager"),
					ExpectError: regexp.MustCompile(`(?s)Unable to Plan Workspace Member Role.*` +
						cliText("bob@example.com is an organisation admin, and Portkey made them an admin of this workspace")),
				}, resource.TestStep{
					PreConfig: func() {
						if got, _ := mockRole(srv, mockserver.KindMember, memberID); got != "admin" {
							t.Errorf("Bob's membership: role %q, want admin", got)
						}
					},
					Config: testAccMemberConfig(url, wsID, bob.ID, "admin"),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("role"), knownvalue.StringExact("admin")),
					},
				})
			}
			steps = append(steps, resource.TestStep{
				// Either way, the next plan is empty and one add was sent.
				Config: steps[len(steps)-1].Config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectCount(srv, add, 1),
				},
			})
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
		})
	}
}
