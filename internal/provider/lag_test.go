package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// Every resource's lifecycle under read-after-write lag (settle.go): the
// mock's reads trail every write by testLag, creates and deletes included.
// Each step's post-apply plan must be empty (the harness fails otherwise),
// and the request counts prove that nothing was created twice.

// testLag is the mock's lag in these tests: the lag the issue measured.
const testLag = 1500 * time.Millisecond

// newLagMock is newTestMock with every kind's reads trailing writes by testLag.
func newLagMock(t *testing.T) (*mockserver.Server, string) {
	t.Helper()
	mockOnly(t, "the mock's read-after-write lag mode (live, the ordinary tests meet Portkey's own lag)")
	srv := mockserver.New(mockserver.Options{APIKeys: []string{testAdminKey}, Lag: map[string]time.Duration{mockserver.LagAllKinds: testLag}})
	return srv, srv.Start(t)
}

// expectCount asserts how many requests the mock logged for a route.
func expectCount(srv *mockserver.Server, route string, want int) statecheck.StateCheck {
	return mockStateCheck(func() error {
		if got := srv.Count(route); got != want {
			return fmt.Errorf("%s: %d requests, want %d", route, got, want)
		}
		return nil
	})
}

// replaced asserts the plan replaces addr (destroy, then create).
func replaced(addr string) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)}}
}

func updated(addr string) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}}
}

// generation is a terraform_data whose change replaces the resources that
// name it in replace_triggered_by: a replacement with the same natural key.
func generation(g int) string {
	return fmt.Sprintf(`
resource "terraform_data" "generation" {
  input = %d
}
`, g)
}

func TestAccWorkspaceResource_lag(t *testing.T) {
	srv, url := newLagMock(t)
	config := func(gen int, description string) string {
		return providerBlock(url) + generation(gen) + fmt.Sprintf(`
resource "portkey_workspace" "test" {
  name        = "Lagging"
  description = %[1]q

  lifecycle {
    replace_triggered_by = [terraform_data.generation]
  }
}
`, description)
	}
	var first, second string
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if err := wsDestroyed(srv, &second)(s); err != nil {
				return err
			}
			return expectCount(srv, "POST /admin/workspaces", 2).(mockStateCheck)()
		},
		Steps: []resource.TestStep{
			{
				Config: config(1, "first"),
				ConfigStateChecks: []statecheck.StateCheck{
					wsCapture{wsAddr, "id", &first},
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("slug"), knownvalue.StringRegexp(regexp.MustCompile(`^ws-laggin-`))),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(timeRE)),
					// The read right after the create found nothing: the lag was on.
					sawAnswer(srv, "GET /admin/workspaces/{id}", 404),
					expectCount(srv, "POST /admin/workspaces", 1),
					sameID.AddStateValue(wsAddr, tfjsonpath.New("id")),
				},
			},
			{
				Config:           config(1, "second"),
				ConfigPlanChecks: updated(wsAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("description"), knownvalue.StringExact("second")),
					sameID.AddStateValue(wsAddr, tfjsonpath.New("id")),
				},
			},
			{
				Config:           config(2, "second"),
				ConfigPlanChecks: replaced(wsAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					wsCapture{wsAddr, "id", &second},
					mockStateCheck(func() error {
						if second == first {
							return fmt.Errorf("the replacement kept the id %s", first)
						}
						if _, err := srv.Object(mockserver.KindWorkspace, first); err == nil {
							return fmt.Errorf("the replaced workspace %s still exists", first)
						}
						return nil
					}),
					expectCount(srv, "POST /admin/workspaces", 2),
					expectCount(srv, "DELETE /admin/workspaces/{id}", 1),
				},
			},
			{ResourceName: wsAddr, ImportState: true, ImportStateVerify: true},
		},
	})
}

func TestAccWorkspaceMemberResource_lag(t *testing.T) {
	srv, url := newLagMock(t)
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{Name: "Team", Slug: "ws-team-0a1b2c"}}})
	wsID := srv.WorkspaceIDByName("Team")
	alice := seedAlice(srv)
	config := func(gen int, role string) string {
		return providerBlock(url) + generation(gen) + fmt.Sprintf(`
resource "portkey_workspace_member" "test" {
  workspace_id = %[1]q
  user_id      = %[2]q
  role         = %[3]q

  lifecycle {
    replace_triggered_by = [terraform_data.generation]
  }
}
`, wsID, alice.ID, role)
	}
	memberID := wsID + "/" + alice.ID
	const add = "POST /admin/workspaces/{ws}/users"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if err := expectMockGone(srv, mockserver.KindMember, memberID)(s); err != nil {
				return err
			}
			return expectCount(srv, add, 2).(mockStateCheck)()
		},
		Steps: []resource.TestStep{
			{
				Config: config(1, "member"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("email"), knownvalue.StringExact("alice@example.com")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("role"), knownvalue.StringExact("member")),
					sawAnswer(srv, "GET /admin/workspaces/{ws}/users/{user}", 404),
					expectCount(srv, add, 1),
				},
			},
			{
				Config:           config(1, "manager"),
				ConfigPlanChecks: updated(memberAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("role"), knownvalue.StringExact("manager")),
					expectMockRole(srv, mockserver.KindMember, memberID, "manager"),
				},
			},
			{
				// Removed, then added again: the read-back must not take the
				// membership just removed (still shown for a moment) for the new one.
				Config:           config(2, "member"),
				ConfigPlanChecks: replaced(memberAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("role"), knownvalue.StringExact("member")),
					expectMockRole(srv, mockserver.KindMember, memberID, "member"),
					expectCount(srv, add, 2),
					expectCount(srv, "DELETE /admin/workspaces/{ws}/users/{user}", 1),
				},
			},
			{ResourceName: memberAddr, ImportState: true, ImportStateVerify: true},
		},
	})
}

func TestAccUserResource_lag(t *testing.T) {
	srv, url := newLagMock(t)
	alice := seedAlice(srv)
	bob := srv.SeedUser(mockserver.User{Email: "bob@example.com", FirstName: "Bob"})
	const put = "PUT /admin/users/{id}"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			// remove_on_destroy is false: both stay, with the roles last set.
			for id, role := range map[string]string{alice.ID: "member", bob.ID: "admin"} {
				if got, ok := mockRole(srv, mockserver.KindUser, id); !ok || got != role {
					return fmt.Errorf("user %s: role %q (exists: %v), want %s", id, got, ok, role)
				}
			}
			return expectCount(srv, "DELETE /admin/users/{id}", 0).(mockStateCheck)()
		},
		Steps: []resource.TestStep{
			{
				Config: testAccUserByEmail(url, "alice@example.com", "admin"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("role"), knownvalue.StringExact("admin")),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("updated_at"), knownvalue.NotNull()),
					expectMockRole(srv, mockserver.KindUser, alice.ID, "admin"),
					expectCount(srv, put, 1),
				},
			},
			{
				Config:           testAccUserByEmail(url, "alice@example.com", "member"),
				ConfigPlanChecks: updated(userAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("role"), knownvalue.StringExact("member")),
					expectMockRole(srv, mockserver.KindUser, alice.ID, "member"),
					expectCount(srv, put, 2),
				},
			},
			{
				Config:           testAccUserByEmail(url, "bob@example.com", "admin"),
				ConfigPlanChecks: replaced(userAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("id"), knownvalue.StringExact(bob.ID)),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("role"), knownvalue.StringExact("admin")),
					expectMockRole(srv, mockserver.KindUser, bob.ID, "admin"),
					expectCount(srv, put, 3),
				},
			},
			{ResourceName: userAddr, ImportState: true, ImportStateVerify: true, ImportStateId: "bob@example.com"},
		},
	})
}

// The measured scenario of the live-fidelity issue: a portkey_user role
// change under 1.5 s of lag used to read back stale, end in "Provider
// produced inconsistent result", taint the user and replace it, which sent
// DELETE /admin/users/{id}. Here, with remove_on_destroy = true (the only
// setting under which any DELETE can be sent), every role change is an
// in-place update that stores the new role, and no DELETE reaches the API
// until the explicit destroy at the end.
func TestAccUserResource_lagRoleChange(t *testing.T) {
	srv, url := newLagMock(t)
	alice := seedAlice(srv)
	const del = "DELETE /admin/users/{id}"
	step := func(role string, puts int, plan resource.ConfigPlanChecks) resource.TestStep {
		return resource.TestStep{
			Config:           testAccUserRemovable(url, "alice@example.com", role),
			ConfigPlanChecks: plan,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("role"), knownvalue.StringExact(role)),
				statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("id"), knownvalue.StringExact(alice.ID)),
				expectMockRole(srv, mockserver.KindUser, alice.ID, role),
				expectCount(srv, "PUT /admin/users/{id}", puts),
				expectCount(srv, del, 0),
			},
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			// The one DELETE: the destroy this configuration asked for.
			if err := expectMockGone(srv, mockserver.KindUser, alice.ID)(s); err != nil {
				return err
			}
			return expectCount(srv, del, 1).(mockStateCheck)()
		},
		Steps: []resource.TestStep{
			step("admin", 1, resource.ConfigPlanChecks{}),
			// Update, never a replacement: the user was not tainted.
			step("member", 2, updated(userAddr)),
			step("admin", 3, updated(userAddr)),
		},
	})
}

// Lag longer than the settle timeout (read_after_write_timeout = "1s"): the
// change Portkey accepted is recorded with a warning, refreshes that still
// read the version before it keep it, and nothing is deleted or created twice.
func TestAccResources_lagPastTimeout(t *testing.T) {
	mockOnly(t, "the mock's read-after-write lag mode (live, the ordinary tests meet Portkey's own lag)")
	srv := mockserver.New(mockserver.Options{APIKeys: []string{testAdminKey}})
	url := srv.Start(t)
	alice := seedAlice(srv)
	block := fmt.Sprintf(`
provider "portkey" {
  api_key         = %[1]q
  base_url        = %[2]q
  request_timeout = "10s"

  read_after_write_timeout = "1s"
}
`, testAdminKey, url)
	config := func(role string) string {
		return block + fmt.Sprintf(`
resource "portkey_workspace" "test" {
  name = "Slow"
}

resource "portkey_user" "test" {
  email = "alice@example.com"
  role  = %[1]q
}
`, role)
	}
	lagForever := func() {
		if err := srv.SetLag(mockserver.LagAllKinds, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	var wsID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if err := wsDestroyed(srv, &wsID)(s); err != nil {
				return err
			}
			if got, ok := mockRole(srv, mockserver.KindUser, alice.ID); !ok || got != "member" {
				return fmt.Errorf("alice: role %q (exists: %v), want member", got, ok)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// Neither the new workspace nor Alice's new role is readable
				// within the timeout: both keep the planned values; the
				// refresh after the apply (still stale) keeps them too.
				PreConfig: lagForever,
				Config:    config("admin"),
				ConfigStateChecks: []statecheck.StateCheck{
					wsCapture{wsAddr, "id", &wsID},
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("name"), knownvalue.StringExact("Slow")),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("slug"), knownvalue.Null()),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("role"), knownvalue.StringExact("admin")),
					expectMockRole(srv, mockserver.KindUser, alice.ID, "admin"),
					mockStateCheck(func() error {
						if _, err := srv.Object(mockserver.KindWorkspace, wsID); err != nil {
							return fmt.Errorf("the workspace in state does not exist: %w", err)
						}
						return nil
					}),
				},
			},
			{
				// Still stale: no change planned, nothing created again.
				Config: config("admin"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectCount(srv, "POST /admin/workspaces", 1)},
			},
			{
				// Once the reads catch up, the refresh fills in what Portkey computed.
				PreConfig: srv.SettleLag,
				Config:    config("admin"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("slug"), knownvalue.StringRegexp(regexp.MustCompile(`^ws-slow-`))),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("updated_at"), knownvalue.NotNull()),
				},
			},
			{
				// An update past the timeout; then the destroy's delete, too,
				// is not shown within it: a warning, not a failure.
				Config:           config("member"),
				ConfigPlanChecks: updated(userAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("role"), knownvalue.StringExact("member")),
					expectMockRole(srv, mockserver.KindUser, alice.ID, "member"),
					expectCount(srv, "POST /admin/workspaces", 1),
					expectCount(srv, "DELETE /admin/users/{id}", 0),
				},
			},
		},
	})
}

func TestAccUserInviteResource_lag(t *testing.T) {
	srv, url := newLagMock(t)
	defWS := srv.WorkspaceIDByName("Shared Team Workspace")
	config := func(role, trigger string) string {
		return providerBlock(url) + fmt.Sprintf(`
resource "portkey_user_invite" "test" {
  email          = "lagging@example.com"
  role           = %[1]q
  resend_trigger = %[2]q
  workspaces = [{
    id   = %[3]q
    role = "member"
  }]
}
`, role, trigger, defWS)
	}
	const create = "POST /admin/users/invites"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if n := len(srv.Invites()); n != 0 {
				return fmt.Errorf("%d invites left after the destroy", n)
			}
			return expectCount(srv, create, 2).(mockStateCheck)()
		},
		Steps: []resource.TestStep{
			{
				Config: config("member", "1"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(inviteAddr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
					statecheck.ExpectKnownValue(inviteAddr, tfjsonpath.New("invite_link"), knownvalue.NotNull()),
					sawAnswer(srv, "GET /admin/users/invites/{id}", 404),
					expectCount(srv, create, 1),
					sameID.AddStateValue(inviteAddr, tfjsonpath.New("id")),
				},
			},
			{
				// A re-send in place: expires_at moves, as the settled read shows.
				Config:           config("member", "2"),
				ConfigPlanChecks: updated(inviteAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					expectCount(srv, "POST /admin/users/invites/{id}/resend", 1),
					sameID.AddStateValue(inviteAddr, tfjsonpath.New("id")),
				},
			},
			{
				// A new invite to the same address, after the old one is deleted.
				Config:           config("admin", "2"),
				ConfigPlanChecks: replaced(inviteAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(inviteAddr, tfjsonpath.New("role"), knownvalue.StringExact("admin")),
					expectCount(srv, create, 2),
					expectCount(srv, "DELETE /admin/users/invites/{id}", 1),
					mockStateCheck(func() error {
						if n := len(srv.Invites()); n != 1 {
							return fmt.Errorf("%d invites, want 1", n)
						}
						return nil
					}),
				},
			},
			{
				ResourceName:            inviteAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"invite_link", "resend_trigger", "reinvite_when_expired"},
			},
		},
	})
}

func TestAccAPIKeyResource_lag(t *testing.T) {
	srv, url := newLagMock(t)
	defWS := srv.WorkspaceIDByName("Shared Team Workspace")
	config := func(gen int, name string) string {
		return providerBlock(url) + generation(gen) + fmt.Sprintf(`
resource "portkey_api_key" "test" {
  type         = "workspace"
  sub_type     = "service"
  workspace_id = %[1]q
  name         = %[2]q
  scopes       = ["completions.write"]

  lifecycle {
    replace_triggered_by = [terraform_data.generation]
  }
}
`, defWS, name)
	}
	const create = "POST /api-keys/{type}/{subtype}"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if n := len(srv.APIKeys()); n != 0 {
				return fmt.Errorf("%d API keys left after the destroy", n)
			}
			return expectCount(srv, create, 2).(mockStateCheck)()
		},
		Steps: []resource.TestStep{
			{
				Config: config(1, "lagging"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("key"), knownvalue.NotNull()),
					sawAnswer(srv, "GET /api-keys/{id}", 404),
					expectCount(srv, create, 1),
					sameID.AddStateValue(akAddr, tfjsonpath.New("id")),
				},
			},
			{
				Config:           config(1, "renamed"),
				ConfigPlanChecks: updated(akAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("name"), knownvalue.StringExact("renamed")),
					sameID.AddStateValue(akAddr, tfjsonpath.New("id")),
				},
			},
			{
				Config:           config(2, "renamed"),
				ConfigPlanChecks: replaced(akAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					expectCount(srv, create, 2),
					expectCount(srv, "DELETE /api-keys/{id}", 1),
					mockStateCheck(func() error {
						if n := len(srv.APIKeys()); n != 1 {
							return fmt.Errorf("%d API keys, want 1", n)
						}
						return nil
					}),
				},
			},
			{ResourceName: akAddr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"key"}},
		},
	})
}

// The ephemeral API key waits for Portkey to show the key it created before
// handing it out, and deletes every key it opened.
func TestAccAPIKeyEphemeral_lag(t *testing.T) {
	mockOnly(t, "the mock's read-after-write lag mode (live, the ordinary tests meet Portkey's own lag)")
	e := newAPIKeyTestEnv(t)
	if err := e.srv.SetLag(mockserver.LagAllKinds, testLag); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{{
			Config: akEphemeralConfig(e, e.wsA, "2099-01-01T00:00:00Z"),
			ConfigStateChecks: []statecheck.StateCheck{
				// The short-lived key worked, and was read back only once Portkey showed it.
				statecheck.ExpectKnownValue("data.portkey_workspace.scoped", tfjsonpath.New("name"), knownvalue.StringExact(e.Name("keys-a"))),
				sawAnswer(e.srv, "GET /api-keys/{id}", 404),
				mockStateCheck(func() error {
					if keys := e.srv.APIKeys(); len(keys) != 0 {
						return fmt.Errorf("%d keys left in Portkey after the run", len(keys))
					}
					if opened, closed := e.srv.Count("POST /api-keys/{type}/{subtype}"), e.srv.Count("DELETE /api-keys/{id}"); opened != closed {
						return fmt.Errorf("%d keys opened, %d deleted", opened, closed)
					}
					return nil
				}),
			},
		}},
	})
}

// A workspace created (outside Terraform) moments before its import: the
// import waits until Portkey shows it instead of failing with "Cannot import
// non-existent remote object". The lag (3 s) outlasts Terraform's start.
func TestAccWorkspaceResource_importUnderLag(t *testing.T) {
	mockOnly(t, "the mock's read-after-write lag mode (live, the ordinary tests meet Portkey's own lag)")
	srv := mockserver.New(mockserver.Options{APIKeys: []string{testAdminKey}, Lag: map[string]time.Duration{mockserver.KindWorkspace: 3 * time.Second}})
	url := srv.Start(t)
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				c, err := client.New(client.Config{BaseURL: url, APIKey: testAdminKey})
				if err != nil {
					t.Fatal(err)
				}
				ws, err := c.CreateWorkspace(context.Background(), client.CreateWorkspaceRequest{Name: "Just Made"})
				if err != nil {
					t.Fatal(err)
				}
				id = ws.ID
			},
			Config:             testAccWorkspaceMinimal(url, "Just Made"),
			ResourceName:       wsAddr,
			ImportState:        true,
			ImportStateIdFunc:  func(*terraform.State) (string, error) { return id, nil },
			ImportStatePersist: true,
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				if len(states) != 1 || states[0].Attributes["name"] != "Just Made" {
					return fmt.Errorf("imported %v", states)
				}
				return sawAnswer(srv, "GET /admin/workspaces/{id}", 404).(mockStateCheck)()
			},
		}},
	})
}

// TestAccWorkspaceResource_deleteAnswerLostUnderLag: the DELETE is applied
// but its answer is lost, so the client sends it again, and Portkey answers
// the second one 403 (a deleted workspace). Its reads still show the
// workspace for the lag: the destroy must wait for them to agree, not fail
// on the 403 (make chaos met this one).
func TestAccWorkspaceResource_deleteAnswerLostUnderLag(t *testing.T) {
	srv, url := newLagMock(t)
	config := providerBlock(url) + `
resource "portkey_workspace" "test" {
  name = "Deleted twice"
}
`
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{wsCapture{wsAddr, "id", &id}}},
			{
				PreConfig: func() {
					srv.InjectFault(mockserver.Fault{Method: "DELETE", Path: "/admin/workspaces/" + id, CommitThenFail: true, Status: 502})
				},
				Config: providerBlock(url),
				ConfigStateChecks: []statecheck.StateCheck{
					sawAnswer(srv, "DELETE /admin/workspaces/{id}", 403),
					mockStateCheck(func() error {
						if _, err := srv.Object(mockserver.KindWorkspace, id); err == nil {
							return fmt.Errorf("workspace %s still exists", id)
						}
						return nil
					}),
				},
			},
		},
	})
}
