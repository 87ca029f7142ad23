package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

const userAddr = "portkey_user.test"

func testAccUserByEmail(url, email, role string) string {
	return providerBlock(url) + fmt.Sprintf(`
resource "portkey_user" "test" {
  email = %[1]q
  role  = %[2]q
}
`, email, role)
}

// testAccUserRemovable is testAccUserByEmail with remove_on_destroy = true.
func testAccUserRemovable(url, email, role string) string {
	return providerBlock(url) + fmt.Sprintf(`
resource "portkey_user" "test" {
  email             = %[1]q
  role              = %[2]q
  remove_on_destroy = true
}
`, email, role)
}

func testAccUserByID(url, id, role string) string {
	return providerBlock(url) + fmt.Sprintf(`
resource "portkey_user" "test" {
  user_id = %[1]q
  role    = %[2]q
}
`, id, role)
}

// mockStateCheck asserts something about the mock's state after a step.
type mockStateCheck func() error

func (c mockStateCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c()
}

// mockRole reads the role of a mock user or membership; false when the
// object does not exist.
func mockRole(srv *mockserver.Server, kind, id string) (string, bool) {
	raw, err := srv.Object(kind, id)
	if err != nil {
		return "", false
	}
	var obj map[string]any
	if json.Unmarshal(raw, &obj) != nil {
		return "", false
	}
	s, _ := obj["role"].(string)
	return s, true
}

// expectMockRole asserts the role a mock user or membership has.
func expectMockRole(srv *mockserver.Server, kind, id, role string) statecheck.StateCheck {
	return mockStateCheck(func() error {
		got, ok := mockRole(srv, kind, id)
		if !ok || got != role {
			return fmt.Errorf("mock %s %s: role %q (exists: %v), want %q", kind, id, got, ok, role)
		}
		return nil
	})
}

// expectMockGone asserts that a mock object no longer exists.
func expectMockGone(srv *mockserver.Server, kind, id string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if _, ok := mockRole(srv, kind, id); ok {
			return fmt.Errorf("mock %s %s still exists", kind, id)
		}
		return nil
	}
}

func seedAlice(srv *mockserver.Server) mockserver.User {
	return srv.SeedUser(mockserver.User{Email: "alice@example.com", FirstName: "Alice", LastName: "Liddell", Role: "member"})
}

func TestAccUserResource_basic(t *testing.T) {
	srv, url := newTestMock(t, "organisation users to manage (seeded: users join only through invites)")
	alice := seedAlice(srv)
	defWS := srv.WorkspaceIDByName("Shared Team Workspace")
	sameID := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// remove_on_destroy is false by default: destroying only stops
		// managing Alice, who stays in the organisation as she was.
		CheckDestroy: func(*terraform.State) error {
			if got, ok := mockRole(srv, mockserver.KindUser, alice.ID); !ok || got != "admin" {
				return fmt.Errorf("after the destroy, Alice: role %q (exists: %v), want still an admin", got, ok)
			}
			if n := srv.Count("DELETE /admin/users/{id}"); n != 0 {
				return fmt.Errorf("%d DELETE /admin/users/{id} requests", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: testAccUserByEmail(url, "alice@example.com", "admin"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(userAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("id"), knownvalue.StringExact(alice.ID)),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("user_id"), knownvalue.StringExact(alice.ID)),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("email"), knownvalue.StringExact("alice@example.com")),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("role"), knownvalue.StringExact("admin")),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("first_name"), knownvalue.StringExact("Alice")),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("last_name"), knownvalue.StringExact("Liddell")),
					// An admin acts in every workspace.
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("workspace_ids"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(defWS)})),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("created_at"), knownvalue.StringExact(alice.CreatedAt)),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("updated_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("remove_on_destroy"), knownvalue.Bool(false)),
					expectMockRole(srv, mockserver.KindUser, alice.ID, "admin"),
					sameID.AddStateValue(userAddr, tfjsonpath.New("id")),
				},
			},
			{
				// The same user named by id instead of email: no change at all.
				Config: testAccUserByID(url, alice.ID, "admin"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(userAddr, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("email"), knownvalue.StringExact("alice@example.com")),
					sameID.AddStateValue(userAddr, tfjsonpath.New("id")),
				},
			},
		},
	})
}

// A user whose role already matches is adopted without any PUT (the API
// rejects a PUT that changes nothing); a role change is an in-place update.
func TestAccUserResource_update(t *testing.T) {
	srv, url := newTestMock(t, "organisation users to manage (seeded: users join only through invites)")
	alice := seedAlice(srv)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	puts := func(want int) statecheck.StateCheck {
		return mockStateCheck(func() error {
			if got := srv.Count("PUT /admin/users/{id}"); got != want {
				return fmt.Errorf("PUT /admin/users/{id}: %d requests, want %d", got, want)
			}
			return nil
		})
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccUserByID(url, alice.ID, "member"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("role"), knownvalue.StringExact("member")),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("updated_at"), knownvalue.Null()),
					// A member is in no workspace yet.
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("workspace_ids"), knownvalue.SetSizeExact(0)),
					puts(0),
					sameID.AddStateValue(userAddr, tfjsonpath.New("id")),
				},
			},
			{
				Config: testAccUserByID(url, alice.ID, "admin"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(userAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("role"), knownvalue.StringExact("admin")),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("updated_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("workspace_ids"), knownvalue.SetSizeExact(1)),
					expectMockRole(srv, mockserver.KindUser, alice.ID, "admin"),
					puts(1),
					sameID.AddStateValue(userAddr, tfjsonpath.New("id")),
				},
			},
			{
				Config: testAccUserByID(url, alice.ID, "member"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(userAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMockRole(srv, mockserver.KindUser, alice.ID, "member"),
					puts(2),
					sameID.AddStateValue(userAddr, tfjsonpath.New("id")),
				},
			},
			{
				// Another user: a replacement, which stops managing Alice (she
				// stays in the organisation: remove_on_destroy is false) and adopts Bob.
				PreConfig: func() { srv.SeedUser(mockserver.User{Email: "bob@example.com"}) },
				Config:    testAccUserByEmail(url, "bob@example.com", "member"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(userAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("email"), knownvalue.StringExact("bob@example.com")),
					expectMockRole(srv, mockserver.KindUser, alice.ID, "member"),
					mockStateCheck(func() error {
						if n := srv.Count("DELETE /admin/users/{id}"); n != 0 {
							return fmt.Errorf("%d DELETE /admin/users/{id} requests", n)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccUserResource_import(t *testing.T) {
	srv, url := newTestMock(t, "organisation users to manage (seeded: users join only through invites)")
	alice := seedAlice(srv)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccUserByEmail(url, "alice@example.com", "admin")},
			{
				ResourceName:      userAddr,
				ImportState:       true,
				ImportStateId:     alice.ID,
				ImportStateVerify: true,
			},
			{
				ResourceName:      userAddr,
				ImportState:       true,
				ImportStateId:     "alice@example.com",
				ImportStateVerify: true,
			},
			{
				ResourceName:      userAddr,
				ImportState:       true,
				ImportStateId:     "ALICE@Example.com",
				ImportStateVerify: true,
			},
			{
				ResourceName:  userAddr,
				ImportState:   true,
				ImportStateId: "ghost@example.com",
				ExpectError:   regexp.MustCompile(`(?s)Unable to Import User.*no organisation user has the email`),
			},
		},
	})
}

// A user imported by email, with a configuration that names them by id:
// nothing to change.
func TestAccUserResource_importThenPlan(t *testing.T) {
	srv, url := newTestMock(t, "organisation users to manage (seeded: users join only through invites)")
	alice := seedAlice(srv)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             testAccUserByID(url, alice.ID, "member"),
				ResourceName:       userAddr,
				ImportState:        true,
				ImportStateId:      "Alice@Example.com",
				ImportStatePersist: true,
			},
			{
				Config: testAccUserByID(url, alice.ID, "member"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("id"), knownvalue.StringExact(alice.ID)),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("email"), knownvalue.StringExact("alice@example.com")),
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("first_name"), knownvalue.StringExact("Alice")),
				},
			},
		},
	})
}

func TestAccUserResource_disappears(t *testing.T) {
	srv, url := newTestMock(t, "organisation users to manage (seeded: users join only through invites)")
	alice := seedAlice(srv)
	config := testAccUserByEmail(url, "alice@example.com", "admin")
	recreate := resource.ConfigPlanChecks{
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(userAddr, plancheck.ResourceActionCreate)},
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				// 403 AB03 while the user still lists: an error, not "gone".
				PreConfig: func() {
					srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/admin/users/" + alice.ID, Status: 403, Code: "AB03"})
				},
				Config:      config,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unable to Read User.*HTTP 403`),
			},
			{
				// The user left the organisation: removed from state, and the plan
				// adopts them again (apply would then say they must be invited).
				PreConfig: func() {
					if err := srv.Delete(mockserver.KindUser, alice.ID); err != nil {
						t.Fatal(err)
					}
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks:   recreate,
			},
			{
				// The same when the GET of the departed user answers 403 AB03:
				// the users list confirms they are gone.
				PreConfig: func() {
					srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/admin/users/" + alice.ID, Status: 403, Code: "AB03"})
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks:   recreate,
			},
		},
	})
}

// A role changed outside Terraform is planned back and restored.
func TestAccUserResource_drift(t *testing.T) {
	srv, url := newTestMock(t, "organisation users to manage (seeded: users join only through invites)")
	alice := seedAlice(srv)
	config := testAccUserByEmail(url, "alice@example.com", "admin")
	sameID := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(userAddr, tfjsonpath.New("id"))},
			},
			{
				PreConfig: func() {
					if err := srv.Patch(mockserver.KindUser, alice.ID, map[string]any{"role": "member"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(userAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(userAddr, tfjsonpath.New("role"), knownvalue.StringExact("admin")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMockRole(srv, mockserver.KindUser, alice.ID, "admin"),
					sameID.AddStateValue(userAddr, tfjsonpath.New("id")),
				},
			},
		},
	})
}

// An email written in another case than Portkey stores it is no diff, and
// the configuration's spelling is kept.
func TestAccUserResource_emailCase(t *testing.T) {
	srv, url := newTestMock(t, "organisation users to manage (seeded: users join only through invites)")
	seedAlice(srv)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccUserByEmail(url, "Alice@Example.com", "admin"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("email"), knownvalue.StringExact("Alice@Example.com")),
				},
			},
			{
				Config: testAccUserByEmail(url, "Alice@Example.com", "admin"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Another spelling of the same address: still no change, no replacement.
				Config: testAccUserByEmail(url, "ALICE@EXAMPLE.COM", "admin"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccUserResource_validation(t *testing.T) {
	t.Parallel()
	_, url := newTestMock(t, "organisation users to manage (seeded: users join only through invites)")
	for name, tc := range map[string]struct {
		body string
		want string
	}{
		"owner role":      {`email = "alice@example.com"` + "\n  role = \"owner\"", `value must be one of`},
		"manager role":    {`email = "alice@example.com"` + "\n  role = \"manager\"", `value must be one of`},
		"both identities": {`email = "alice@example.com"` + "\n  user_id = \"61e08f60-4822-465e-ba23-39f85cd741cb\"\n  role = \"admin\"", `(?s)Invalid Attribute Combination.*Exactly one of these attributes must be configured:\s+\[email,user_id\]`},
		"no identity":     {`role = "admin"`, `(?s)Missing Attribute Configuration.*Exactly one of these attributes must be configured:\s+\[email,user_id\]`},
		"malformed email": {`email = "alice.example.com"` + "\n  role = \"admin\"", `Invalid Email Address`},
		"empty user_id":   {`user_id = ""` + "\n  role = \"admin\"", `(?s)Invalid User ID.*user_id must be a Portkey user id`},
		"user_id a name":  {`user_id = "alice"` + "\n  role = \"admin\"", `(?s)Invalid User ID.*got "alice"`},
		"no role":         {`email = "alice@example.com"`, `The argument "role" is required`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(url) + "resource \"portkey_user\" \"test\" {\n  " + tc.body + "\n}\n",
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

func TestAccUserResource_apiErrors(t *testing.T) {
	t.Parallel()
	srv, url := newTestMock(t, "organisation users to manage (seeded: users join only through invites)")
	owner := mockOwner(t, url)
	ownerRefused := "Unable to Manage the Organisation Owner.*" + cliText("owner@example.com is the owner of the Portkey organisation")
	for name, tc := range map[string]struct {
		config string
		want   string
	}{
		"unknown email": {testAccUserByEmail(url, "ghost@example.com", "admin"), "Unable to Create User.*" +
			cliText("No Portkey user with email ghost@example.com: users join through invites; create a "+
				"portkey_user_invite and apply again after they accept.")},
		"unknown id": {testAccUserByID(url, "00000000-0000-4000-8000-000000000000", "admin"), "Unable to Create User.*" +
			cliText("No Portkey user with id 00000000-0000-4000-8000-000000000000: users join through invites")},
		// Refused at plan time: the identity is known, so the user is looked up.
		"owner by email": {testAccUserByEmail(url, "OWNER@example.com", "admin"), ownerRefused},
		"owner by id":    {testAccUserByID(url, owner.ID, "member"), ownerRefused},
		// The email is only known at apply, where Terraform plans again: the
		// same refusal, before any change reaches the API.
		"owner known at apply": {providerBlock(url) + `
resource "terraform_data" "email" {
  input = "owner@example.com"
}

resource "portkey_user" "test" {
  email = terraform_data.email.output
  role  = "admin"
}
`, ownerRefused},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.config, ExpectError: regexp.MustCompile("(?s)" + tc.want)}},
			})
		})
	}
	if got, _ := mockRole(srv, mockserver.KindUser, owner.ID); got != "owner" {
		t.Fatalf("the owner's role changed to %q", got)
	}
	if got := srv.Count("PUT /admin/users/{id}") + srv.Count("DELETE /admin/users/{id}"); got != 0 {
		t.Fatalf("%d PUT/DELETE requests reached the API", got)
	}
}

// A managed user who becomes the owner out of band is refused at plan time,
// for a role change and for removal alike.
func TestAccUserResource_becomesOwner(t *testing.T) {
	srv, url := newTestMock(t, "organisation users to manage (seeded: users join only through invites)")
	alice := seedAlice(srv)
	config := testAccUserRemovable(url, "alice@example.com", "admin")
	setRole := func(role string) func() {
		return func() {
			if err := srv.Patch(mockserver.KindUser, alice.ID, map[string]any{"role": role}); err != nil {
				t.Fatal(err)
			}
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: setRole("owner"),
				Config:    config,
				ExpectError: regexp.MustCompile(`(?s)Unable to Manage the Organisation Owner.*` +
					cliText("alice@example.com is the owner of the Portkey organisation")),
			},
			{
				Config: providerBlock(url),
				// Terraform does not refresh an object it plans to destroy, so the
				// refusal comes from apply, when Portkey refuses the DELETE.
				ExpectError: regexp.MustCompile(`(?s)Unable to Remove the Organisation Owner.*` +
					cliText("alice@example.com is the owner of the Portkey organisation, who cannot be removed from it. "+
						"Stop managing the user without removing them: terraform state rm <address>")),
			},
			{
				PreConfig: setRole("admin"),
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					expectMockRole(srv, mockserver.KindUser, alice.ID, "admin"),
				},
			},
		},
	})
}

// cliText matches a message as the Terraform CLI prints it: wrapped at any
// space.
func cliText(msg string) string {
	return strings.ReplaceAll(regexp.QuoteMeta(msg), " ", `\s+`)
}

// mockOwner returns the mock's organisation owner, read through the API.
func mockOwner(t *testing.T, url string) client.User {
	t.Helper()
	c, err := client.New(client.Config{BaseURL: url, APIKey: testAdminKey})
	if err != nil {
		t.Fatal(err)
	}
	owners, err := c.ListUsers(context.Background(), client.ListUsersOptions{Role: client.OrgRoleOwner})
	if err != nil || len(owners) != 1 {
		t.Fatalf("listing the owner: %v %v", owners, err)
	}
	return owners[0]
}

// remove_on_destroy = true: a destroy removes the user from the
// organisation, but a change of email that would replace the resource is
// refused at plan time, before anything reaches the API.
func TestAccUserResource_removeOnDestroy(t *testing.T) {
	srv, url := newTestMock(t, "organisation users to manage (seeded: users join only through invites)")
	alice := seedAlice(srv)
	srv.SeedUser(mockserver.User{Email: "bob@example.com"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             expectMockGone(srv, mockserver.KindUser, alice.ID),
		Steps: []resource.TestStep{
			{
				Config: testAccUserRemovable(url, "alice@example.com", "admin"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("remove_on_destroy"), knownvalue.Bool(true)),
				},
			},
			{
				Config: testAccUserRemovable(url, "bob@example.com", "admin"),
				ExpectError: regexp.MustCompile(`(?s)Unable to Replace User.*` + cliText("names another user than "+
					"alice@example.com, whom this resource manages") + `.*` + cliText("would remove alice@example.com from "+
					"the Portkey organisation")),
			},
			{
				// Refused before any request changed anything.
				Config: testAccUserRemovable(url, "alice@example.com", "admin"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMockRole(srv, mockserver.KindUser, alice.ID, "admin"),
					expectCount(srv, "DELETE /admin/users/{id}", 0),
				},
			},
		},
	})
}
