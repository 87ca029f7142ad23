package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// The not-found rules of DESIGN.md for the workspace, user and member
// resources, when the object vanishes between plan and apply (a PreApply
// hook deletes it after the plan's refresh): Update reports an error, Delete
// succeeds. And the 403s that must never count as "gone" on their own.

// planHook runs an out-of-band action after the plan, before the apply.
type planHook func()

func (h planHook) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	h()
}

// deleteObject returns a hook that deletes a mock object out of band.
func deleteObject(t *testing.T, srv *mockserver.Server, kind string, id *string) planHook {
	return func() {
		if err := srv.Delete(kind, *id); err != nil {
			t.Errorf("deleting %s %s out of band: %v", kind, *id, err)
		}
	}
}

// goneSteps is an update that finds the object deleted (an error that says
// so), a plan that then creates it again, and a destroy that finds it
// deleted (no error).
func goneSteps(t *testing.T, srv *mockserver.Server, url, kind string, id *string, addr, created, updated, updateErr string, deleteRoute string, deleteStatus int) []resource.TestStep {
	return []resource.TestStep{
		{Config: created},
		{
			Config: updated,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				deleteObject(t, srv, kind, id),
			}},
			ExpectError: regexp.MustCompile(updateErr),
		},
		{
			// The refresh now finds it gone: planned as a create, no error.
			Config: updated,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
			}},
		},
		{
			Config: providerBlock(url),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroy),
				deleteObject(t, srv, kind, id),
			}},
			ConfigStateChecks: []statecheck.StateCheck{sawAnswer(srv, "DELETE "+deleteRoute, deleteStatus)},
		},
	}
}

// sawAnswer checks that the mock answered the route with the status.
func sawAnswer(srv *mockserver.Server, route string, status int) statecheck.StateCheck {
	return mockStateCheck(func() error {
		for _, r := range srv.Requests() {
			if r.Route == route && r.Status == status {
				return nil
			}
		}
		return fmt.Errorf("no %s answered %d: %v", route, status, srv.Counts())
	})
}

func TestAccWorkspaceResource_goneBetweenPlanAndApply(t *testing.T) {
	e := newAccEnv(t)
	name := e.Name("vanishing")
	var id string
	// Deleted out of band, through the API, after the plan's refresh.
	vanish := planHook(func() {
		if err := e.API.DeleteWorkspace(context.Background(), id, name); err != nil {
			t.Errorf("deleting workspace %s out of band: %v", id, err)
		}
		if err := wsGone(e, &id)(nil); err != nil {
			t.Error(err)
		}
	})
	updated := wsFullHCL(e.Provider(), name, "Second", 10, 5)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            wsFullHCL(e.Provider(), name, "First", 10, 5),
				ConfigStateChecks: []statecheck.StateCheck{wsCapture{wsAddr, "id", &id}},
			},
			{
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionUpdate), vanish,
				}},
				// The 403 of a deleted workspace, confirmed by the list.
				ExpectError: regexp.MustCompile(`(?s)Unable to Update Workspace.*HTTP 403.*` + cliText("If the workspace was deleted outside Terraform")),
			},
			{
				// The refresh now finds it gone: planned as a create, no error.
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{wsCapture{wsAddr, "id", &id}},
			},
			{
				Config: e.Provider(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionDestroy), vanish,
				}},
				ConfigStateChecks: []statecheck.StateCheck{e.MockCheck(sawAnswer(e.Mock, "DELETE /admin/workspaces/{id}", 403))},
			},
		},
	})
}

func TestAccUserResource_goneBetweenPlanAndApply(t *testing.T) {
	srv, url := newTestMock(t, "an organisation user to remove and bring back (seeded: users join only through invites)")
	var id string
	reseed := func() { id = seedAlice(srv).ID }
	reseed()
	steps := goneSteps(t, srv, url, mockserver.KindUser, &id, userAddr,
		testAccUserRemovable(url, "alice@example.com", "admin"), testAccUserRemovable(url, "alice@example.com", "member"),
		`(?s)Unable to Update User.*HTTP 404.*`+cliText("The user is no longer in the organisation."),
		"/admin/users/{id}", 404)
	steps[2].PreConfig = reseed // users join through invites: bring Alice back so that the create can adopt her
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

func TestAccWorkspaceMemberResource_goneBetweenPlanAndApply(t *testing.T) {
	f := newMemberFixture(t)
	id := f.wsID + "/" + f.alice.ID
	steps := goneSteps(t, f.srv, f.url, mockserver.KindMember, &id, memberAddr,
		testAccMemberConfig(f.url, f.wsSlug, f.alice.ID, "member"), testAccMemberConfig(f.url, f.wsSlug, f.alice.ID, "manager"),
		`(?s)Unable to Update Workspace Member.*HTTP 404.*`+cliText("The user is no longer a member of the workspace"),
		"/admin/workspaces/{ws}/users/{user}", 404)
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// Destroying a membership of a user who has since left the organisation:
// the DELETE answers 403 AB03, the user is confirmed gone, so it succeeds.
func TestAccWorkspaceMemberResource_destroyAfterUserLeft(t *testing.T) {
	f := newMemberFixture(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccMemberConfig(f.url, f.wsID, f.alice.ID, "member")},
			{
				Config: providerBlock(f.url),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionDestroy),
					deleteObject(t, f.srv, mockserver.KindUser, &f.alice.ID),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sawAnswer(f.srv, "DELETE /admin/workspaces/{ws}/users/{user}", 403)},
			},
		},
	})
}

// A 403 AB03 on a user whose email changed in Portkey since the last refresh
// is not a departure: the user is still in the organisation's list (under
// their new email), so the refresh fails instead of dropping them from state.
func TestAccUserResource_forbiddenAfterEmailChange(t *testing.T) {
	srv, url := newTestMock(t, "a seeded user, and fault injection")
	alice := seedAlice(srv)
	config := testAccUserByID(url, alice.ID, "admin")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := srv.Patch(mockserver.KindUser, alice.ID, map[string]any{"email": "alice@new.example.com"}); err != nil {
						t.Fatal(err)
					}
					srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/admin/users/" + alice.ID, Status: 403, Code: "AB03", Times: -1})
				},
				Config:      config,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unable to Read User.*HTTP 403.*AB03`),
			},
			{
				PreConfig: srv.ClearFaults,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectMockRole(srv, mockserver.KindUser, alice.ID, "admin")},
			},
		},
	})
}

// An add whose answer is lost, followed by a read-back that fails too: the
// error must not claim that nothing was created (here the add did commit),
// and the next apply reports the existing membership with how to import it.
func TestAccWorkspaceMemberResource_ambiguousCreateUnverified(t *testing.T) {
	f := newMemberFixture(t)
	noRetries := fmt.Sprintf(`
provider "portkey" {
  api_key     = %[1]q
  base_url    = %[2]q
  max_retries = 0
}
`, testAdminKey, f.url)
	config := noRetries + fmt.Sprintf(`
resource "portkey_workspace_member" "test" {
  workspace_id = %[1]q
  user_id      = %[2]q
  role         = "member"
}
`, f.wsID, f.alice.ID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					f.srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/workspaces/" + f.wsID + "/users", CommitThenFail: true})
					f.srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/admin/workspaces/" + f.wsID + "/users/" + f.alice.ID, Status: 503})
				},
				Config: config,
				ExpectError: regexp.MustCompile(`(?s)Unable to Create Workspace Member.*HTTP 502.*` +
					cliText("looking for what it may have created failed too") + `.*HTTP 503.*` +
					cliText("may or may not exist now")),
			},
			{
				Config: config,
				ExpectError: regexp.MustCompile(`(?s)Unable to Create Workspace Member.*` +
					cliText(fmt.Sprintf("is already a member of workspace %[1]s; import it with: terraform import "+
						"portkey_workspace_member.<name> %[1]s/%[2]s", f.wsID, f.alice.ID))),
			},
		},
	})
}
