package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

const memberAddr = "portkey_workspace_member.test"

// memberFixture is a mock with a workspace "Team" (known id and slug) and two
// organisation users who are not members of it.
type memberFixture struct {
	srv          *mockserver.Server
	url          string
	wsID, wsSlug string
	alice, bob   mockserver.User
}

func newMemberFixture(t *testing.T) memberFixture {
	t.Helper()
	srv, url := newTestMock(t, "organisation users to make members (seeded: users join only through invites)")
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{Name: "Team", Slug: "ws-team-0a1b2c"}}})
	f := memberFixture{srv: srv, url: url, wsID: srv.WorkspaceIDByName("Team"), wsSlug: "ws-team-0a1b2c"}
	if f.wsID == "" {
		t.Fatal("seeding the workspace failed")
	}
	f.alice = seedAlice(srv)
	f.bob = srv.SeedUser(mockserver.User{Email: "bob@example.com", FirstName: "Bob", LastName: "Builder", Role: "admin"})
	return f
}

func testAccMemberConfig(url, ws, user, role string) string {
	return memberHCL(providerBlock(url), ws, user, role)
}

// memberHCL is a provider block and portkey_workspace_member.test.
func memberHCL(provider, ws, user, role string) string {
	return provider + fmt.Sprintf(`
resource "portkey_workspace_member" "test" {
  workspace_id = %[1]q
  user_id      = %[2]q
  role         = %[3]q
}
`, ws, user, role)
}

func TestAccWorkspaceMemberResource_basic(t *testing.T) {
	f := newMemberFixture(t)
	// bob's membership names the workspace by slug: the slug stays in state.
	config := testAccMemberConfig(f.url, f.wsID, f.alice.ID, "member") + fmt.Sprintf(`
resource "portkey_workspace_member" "by_slug" {
  workspace_id = %[1]q
  user_id      = %[2]q
  role         = "manager"
}
`, f.wsSlug, f.bob.ID)
	slugAddr := "portkey_workspace_member.by_slug"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			for _, id := range []string{f.wsID + "/" + f.alice.ID, f.wsID + "/" + f.bob.ID} {
				if err := expectMockGone(f.srv, mockserver.KindMember, id)(s); err != nil {
					return err
				}
			}
			// Removing a membership leaves the user in the organisation.
			if _, ok := mockRole(f.srv, mockserver.KindUser, f.alice.ID); !ok {
				return fmt.Errorf("alice left the organisation")
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("id"), knownvalue.StringExact(f.wsID+"/"+f.alice.ID)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("workspace_id"), knownvalue.StringExact(f.wsID)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("user_id"), knownvalue.StringExact(f.alice.ID)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("role"), knownvalue.StringExact("member")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("email"), knownvalue.StringExact("alice@example.com")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("first_name"), knownvalue.StringExact("Alice")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("last_name"), knownvalue.StringExact("Liddell")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("org_role"), knownvalue.StringExact("member")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
					statecheck.ExpectKnownValue(slugAddr, tfjsonpath.New("id"), knownvalue.StringExact(f.wsSlug+"/"+f.bob.ID)),
					statecheck.ExpectKnownValue(slugAddr, tfjsonpath.New("workspace_id"), knownvalue.StringExact(f.wsSlug)),
					statecheck.ExpectKnownValue(slugAddr, tfjsonpath.New("role"), knownvalue.StringExact("manager")),
					statecheck.ExpectKnownValue(slugAddr, tfjsonpath.New("org_role"), knownvalue.StringExact("admin")),
					expectMockRole(f.srv, mockserver.KindMember, f.wsID+"/"+f.alice.ID, "member"),
					expectMockRole(f.srv, mockserver.KindMember, f.wsID+"/"+f.bob.ID, "manager"),
				},
			},
			{
				// The slug written in the configuration is never replaced by the
				// UUID the API answers with: no perpetual diff.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccWorkspaceMemberResource_import(t *testing.T) {
	f := newMemberFixture(t)
	config := testAccMemberConfig(f.url, f.wsID, f.alice.ID, "manager") + fmt.Sprintf(`
resource "portkey_workspace_member" "by_slug" {
  workspace_id = %[1]q
  user_id      = %[2]q
  role         = "admin"
}
`, f.wsSlug, f.bob.ID)
	importStep := func(addr, id string) resource.TestStep {
		return resource.TestStep{ResourceName: addr, ImportState: true, ImportStateId: id, ImportStateVerify: true}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			importStep(memberAddr, f.wsID+"/"+f.alice.ID),
			importStep(memberAddr, f.wsID+"/alice@example.com"),
			importStep(memberAddr, f.wsID+"/Alice@Example.COM"),
			importStep("portkey_workspace_member.by_slug", f.wsSlug+"/"+f.bob.ID),
			importStep("portkey_workspace_member.by_slug", f.wsSlug+"/bob@example.com"),
			{
				ResourceName:  memberAddr,
				ImportState:   true,
				ImportStateId: f.alice.ID,
				ExpectError:   regexp.MustCompile(`(?s)Unable to Import Workspace Member.*is not of the form\s+<workspace>/<user>`),
			},
			{
				ResourceName:  memberAddr,
				ImportState:   true,
				ImportStateId: f.wsID + "/carol@example.com",
				ExpectError:   regexp.MustCompile(`(?s)Unable to Import Workspace Member.*has no member with the email`),
			},
			{
				// A membership that does not exist imports as nothing.
				ResourceName:  memberAddr,
				ImportState:   true,
				ImportStateId: f.wsID + "/00000000-0000-4000-8000-000000000000",
				ExpectError:   regexp.MustCompile(`Cannot import non-existent remote object`),
			},
		},
	})
}

// Imported with the workspace's UUID while the configuration names its slug:
// the same membership, so the plan updates state in place (no replacement,
// no API change), and then converges on the configuration's form.
func TestAccWorkspaceMemberResource_importOtherForm(t *testing.T) {
	f := newMemberFixture(t)
	if err := f.srv.SeedMember(f.wsID, f.alice.ID, "member"); err != nil {
		t.Fatal(err)
	}
	config := testAccMemberConfig(f.url, f.wsSlug, f.alice.ID, "member")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             config,
				ResourceName:       memberAddr,
				ImportState:        true,
				ImportStateId:      f.wsID + "/alice@example.com",
				ImportStatePersist: true,
			},
			{
				PreConfig: f.srv.ClearRequests,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("workspace_id"), knownvalue.StringExact(f.wsSlug)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("id"), knownvalue.StringExact(f.wsSlug+"/"+f.alice.ID)),
					mockStateCheck(func() error {
						counts := f.srv.Counts()
						if n := counts["POST /admin/workspaces/{ws}/users"] + counts["DELETE /admin/workspaces/{ws}/users/{user}"] +
							counts["PUT /admin/workspaces/{ws}/users/{user}"]; n != 0 {
							return fmt.Errorf("the membership was changed: %v", counts)
						}
						return nil
					}),
				},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccWorkspaceMemberResource_update(t *testing.T) {
	f := newMemberFixture(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	step := func(role string, action plancheck.ResourceActionType) resource.TestStep {
		return resource.TestStep{
			Config: testAccMemberConfig(f.url, f.wsSlug, f.alice.ID, role),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(memberAddr, action)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("role"), knownvalue.StringExact(role)),
				expectMockRole(f.srv, mockserver.KindMember, f.wsID+"/"+f.alice.ID, role),
				sameID.AddStateValue(memberAddr, tfjsonpath.New("id")),
			},
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step("member", plancheck.ResourceActionCreate),
			step("manager", plancheck.ResourceActionUpdate),
			step("admin", plancheck.ResourceActionUpdate),
			{
				// The same workspace by UUID instead of slug: updated in place.
				Config: testAccMemberConfig(f.url, f.wsID, f.alice.ID, "admin"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("id"), knownvalue.StringExact(f.wsID+"/"+f.alice.ID)),
					expectMockRole(f.srv, mockserver.KindMember, f.wsID+"/"+f.alice.ID, "admin"),
				},
			},
			{
				// Another workspace is another membership: replaced.
				Config: testAccMemberConfig(f.url, f.srv.WorkspaceIDByName("Shared Team Workspace"), f.alice.ID, "admin"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					mockStateCheck(func() error { return expectMockGone(f.srv, mockserver.KindMember, f.wsID+"/"+f.alice.ID)(nil) }),
					expectMockRole(f.srv, mockserver.KindMember, f.srv.WorkspaceIDByName("Shared Team Workspace")+"/"+f.alice.ID, "admin"),
				},
			},
			{
				// Another user is another membership: replaced.
				Config: testAccMemberConfig(f.url, f.wsSlug, f.bob.ID, "admin"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMockRole(f.srv, mockserver.KindMember, f.wsID+"/"+f.bob.ID, "admin"),
				},
			},
		},
	})
}

func TestAccWorkspaceMemberResource_disappears(t *testing.T) {
	f := newMemberFixture(t)
	config := testAccMemberConfig(f.url, f.wsID, f.alice.ID, "member")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := f.srv.Delete(mockserver.KindMember, f.wsID+"/"+f.alice.ID); err != nil {
						t.Fatal(err)
					}
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionCreate)},
				},
			},
			{
				// Applying adds the user back.
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{expectMockRole(f.srv, mockserver.KindMember, f.wsID+"/"+f.alice.ID, "member")},
			},
		},
	})
}

// A role changed outside Terraform (including the API's "ws-" spelling of
// roles) is refreshed, planned back and restored.
func TestAccWorkspaceMemberResource_drift(t *testing.T) {
	f := newMemberFixture(t)
	config := testAccMemberConfig(f.url, f.wsID, f.alice.ID, "member")
	memberKey := f.wsID + "/" + f.alice.ID
	sameID := statecheck.CompareValue(compare.ValuesSame())
	patch := func(role string) func() {
		return func() {
			if err := f.srv.Patch(mockserver.KindMember, memberKey, map[string]any{"role": role}); err != nil {
				t.Fatal(err)
			}
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(memberAddr, tfjsonpath.New("id"))}},
			{
				PreConfig: patch("admin"),
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMockRole(f.srv, mockserver.KindMember, memberKey, "member"),
					sameID.AddStateValue(memberAddr, tfjsonpath.New("id")),
				},
			},
			{
				// "ws-member" is "member": nothing to do.
				PreConfig: patch("ws-member"),
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccWorkspaceMemberResource_validation(t *testing.T) {
	t.Parallel()
	e := newAccEnv(t)
	for name, tc := range map[string]struct {
		ws, user, role string
		want           string
	}{
		"owner role":         {"ws-team-0a1b2c", testUserID, "owner", `value must be one of`},
		"viewer role":        {"ws-team-0a1b2c", testUserID, "viewer", `value must be one of`},
		"slash in ws":        {"ws/team", testUserID, "member", `must be a workspace UUID or slug`},
		"empty workspace":    {"", testUserID, "member", `must be a workspace UUID or slug`},
		"slash in user_id":   {"ws-team-0a1b2c", "a/b", "member", `(?s)Invalid User ID.*user_id must be a Portkey user id, a UUID`},
		"email as user_id":   {"ws-team-0a1b2c", "bob@example.com", "member", `(?s)Invalid User ID.*user_id must be a Portkey user id`},
		"user_id not a UUID": {"ws-team-0a1b2c", "u-1", "member", `(?s)Invalid User ID.*got "u-1"`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      memberHCL(e.Provider(), tc.ws, tc.user, tc.role),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

func TestAccWorkspaceMemberResource_apiErrors(t *testing.T) {
	t.Parallel()
	f := newMemberFixture(t)
	if err := f.srv.SeedMember(f.wsID, f.bob.ID, "member"); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		config string
		want   string
	}{
		"unknown user": {testAccMemberConfig(f.url, f.wsID, "00000000-0000-4000-8000-000000000000", "member"),
			`(?s)Unable to Create Workspace Member.*HTTP 404.*AB08.*` + cliText("users join through invites")},
		"unknown workspace": {testAccMemberConfig(f.url, "ws-nope-000000", f.alice.ID, "member"),
			`(?s)Unable to Create Workspace Member.*HTTP 404.*` + cliText("Check that workspace_id names an existing workspace")},
		"already a member": {testAccMemberConfig(f.url, f.wsSlug, f.bob.ID, "admin"),
			`(?s)Unable to Create Workspace Member.*` + cliText(fmt.Sprintf("User %[2]s is already a member of workspace %[1]s; import "+
				"it with: terraform import portkey_workspace_member.<name> %[1]s/%[2]s", f.wsSlug, f.bob.ID))},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.config, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
}

// A POST whose answer is lost after the server applied it is not replayed:
// the membership is found and adopted. One whose answer is lost before
// anything happened fails clearly, and nothing is created.
func TestAccWorkspaceMemberResource_ambiguousCreate(t *testing.T) {
	postRoute := "POST /admin/workspaces/{ws}/users"
	t.Run("nothing created: sent again", func(t *testing.T) {
		f := newMemberFixture(t)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				PreConfig: func() {
					f.srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/workspaces/" + f.wsID + "/users", Status: 502})
				},
				Config: testAccMemberConfig(f.url, f.wsID, f.alice.ID, "manager"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("role"), knownvalue.StringExact("manager")),
					expectMockRole(f.srv, mockserver.KindMember, f.wsID+"/"+f.alice.ID, "manager"),
					mockStateCheck(func() error {
						if got := f.srv.Count(postRoute); got != 2 {
							return fmt.Errorf("POST count %d, want 2 (the 502, proven to add nothing, then the add)", got)
						}
						return nil
					}),
				},
			}},
		})
	})
	t.Run("created, answer lost: adopted", func(t *testing.T) {
		f := newMemberFixture(t)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				PreConfig: func() {
					f.srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/workspaces/" + f.wsID + "/users", CommitThenFail: true, Status: 502})
				},
				Config: testAccMemberConfig(f.url, f.wsID, f.alice.ID, "manager"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("role"), knownvalue.StringExact("manager")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("email"), knownvalue.StringExact("alice@example.com")),
					expectMockRole(f.srv, mockserver.KindMember, f.wsID+"/"+f.alice.ID, "manager"),
					mockStateCheck(func() error {
						if got := f.srv.Count(postRoute); got != 1 {
							return fmt.Errorf("POST count %d, want 1: an add found to exist is not sent again", got)
						}
						return nil
					}),
				},
			}},
		})
	})
}

// The user left the organisation: their memberships answer 403 AB03, which
// with the second signal (the user is gone) removes the membership from
// state, and the plan adds it again.
func TestAccWorkspaceMemberResource_userLeft(t *testing.T) {
	f := newMemberFixture(t)
	config := testAccMemberConfig(f.url, f.wsSlug, f.alice.ID, "member")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := f.srv.Delete(mockserver.KindUser, f.alice.ID); err != nil {
						t.Fatal(err)
					}
					f.srv.ClearRequests()
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionCreate)},
				},
			},
			{
				PreConfig: func() {
					// The refresh saw 403 AB03, then confirmed with GET /admin/users/{id};
					// the plan to add her again looked her up once more (is she the
					// owner, whom Portkey would make an admin?).
					counts := f.srv.Counts()
					if counts["GET /admin/workspaces/{ws}/users/{user}"] != 1 || counts["GET /admin/users/{id}"] != 2 {
						t.Errorf("refresh requests: %v", counts)
					}
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// A 403 AB03 on the membership while the user is still in the organisation
// and the workspace still exists (e.g. a key that lost access) is an error,
// never a silent removal from state.
func TestAccWorkspaceMemberResource_unrelatedForbidden(t *testing.T) {
	f := newMemberFixture(t)
	config := testAccMemberConfig(f.url, f.wsID, f.alice.ID, "member")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					f.srv.InjectFault(mockserver.Fault{
						Method: "GET", Path: "/admin/workspaces/" + f.wsID + "/users/" + f.alice.ID, Status: 403, Code: "AB03", Times: -1,
					})
				},
				Config:      config,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unable to Read Workspace Member.*HTTP 403.*AB03`),
			},
			{
				PreConfig: func() {
					f.srv.ClearFaults()
					// The second signals were consulted, and the membership is untouched.
					if f.srv.Count("GET /admin/users/{id}") == 0 || f.srv.Count("GET /admin/workspaces/{id}") == 0 {
						t.Errorf("second signals not consulted: %v", f.srv.Counts())
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// A workspace deleted out of band answers 403 AB03 for its memberships; the
// workspace is confirmed gone, so the membership leaves state.
func TestAccWorkspaceMemberResource_workspaceDeleted(t *testing.T) {
	f := newMemberFixture(t)
	config := testAccMemberConfig(f.url, f.wsSlug, f.alice.ID, "member")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := f.srv.Delete(mockserver.KindWorkspace, f.wsID); err != nil {
						t.Fatal(err)
					}
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// A refresh makes exactly one request per managed user and per membership.
func TestAccUserAndMember_refreshRequests(t *testing.T) {
	f := newMemberFixture(t)
	f.srv.SeedUser(mockserver.User{Email: "carol@example.com"})
	config := providerBlock(f.url) + fmt.Sprintf(`
resource "portkey_user" "alice" {
  email = "alice@example.com"
  role  = "member"
}

resource "portkey_user" "bob" {
  user_id = %[2]q
  role    = "admin"
}

resource "portkey_user" "carol" {
  email = "carol@example.com"
  role  = "admin"
}

resource "portkey_workspace_member" "alice" {
  workspace_id = %[1]q
  user_id      = portkey_user.alice.id
  role         = "member"
}

resource "portkey_workspace_member" "carol" {
  workspace_id = %[1]q
  user_id      = portkey_user.carol.id
  role         = "manager"
}
`, f.wsSlug, f.bob.ID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{PreConfig: f.srv.ClearRequests, Config: config, PlanOnly: true},
			{
				PreConfig: func() {
					want := map[string]int{
						"GET /admin/users/{id}":                   3, // alice, bob, carol
						"GET /admin/workspaces/{ws}/users/{user}": 2, // alice's and carol's memberships
					}
					got := f.srv.Counts()
					if len(got) != len(want) {
						t.Errorf("refresh requests: got %v, want %v", got, want)
					}
					for route, n := range want {
						if got[route] != n {
							t.Errorf("refresh requests: %s: got %d, want %d (all: %v)", route, got[route], n, got)
						}
					}
				},
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}

// A user's organisation role and their membership changing in one apply: the
// membership's org_role follows the user's new role, so it is not promised
// from state (which would make the apply "inconsistent").
func TestAccWorkspaceMemberResource_orgRoleChangesInSameApply(t *testing.T) {
	f := newMemberFixture(t)
	config := func(orgRole, wsRole string) string {
		return providerBlock(f.url) + fmt.Sprintf(`
resource "portkey_user" "alice" {
  user_id = %[1]q
  role    = %[2]q
}

resource "portkey_workspace_member" "test" {
  workspace_id = %[3]q
  user_id      = portkey_user.alice.id
  role         = %[4]q
}
`, f.alice.ID, orgRole, f.wsID, wsRole)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("member", "member"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("org_role"), knownvalue.StringExact("member")),
				},
			},
			{
				Config: config("admin", "manager"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("org_role"), knownvalue.StringExact("admin")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("role"), knownvalue.StringExact("manager")),
				},
			},
		},
	})
}
