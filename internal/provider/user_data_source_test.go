package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

func testAccUserDataSource(url, key, value string) string {
	return userDataHCL(providerBlock(url), key, value)
}

// userDataHCL is a provider block and data.portkey_user.test.
func userDataHCL(provider, key, value string) string {
	return provider + fmt.Sprintf(`
data "portkey_user" "test" {
  %[1]s = %[2]q
}
`, key, value)
}

func TestAccUserDataSource_basic(t *testing.T) {
	srv, url := newTestMock(t, "a seeded organisation user with a known membership (users join only through invites)")
	alice := seedAlice(srv)
	defWS := srv.WorkspaceIDByName("Shared Team Workspace")
	const addr = "data.portkey_user.test"
	checks := func(email string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(alice.ID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact(email)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("first_name"), knownvalue.StringExact("Alice")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_name"), knownvalue.StringExact("Liddell")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("role"), knownvalue.StringExact("member")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringExact(alice.CreatedAt)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("updated_at"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("workspace_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(defWS)})),
		}
	}
	if err := srv.SeedMember(defWS, alice.ID, "member"); err != nil {
		t.Fatal(err)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccUserDataSource(url, "id", alice.ID), ConfigStateChecks: checks("alice@example.com")},
			{Config: testAccUserDataSource(url, "email", "alice@example.com"), ConfigStateChecks: checks("alice@example.com")},
			// The email as written is kept when it differs only in case.
			{Config: testAccUserDataSource(url, "email", "ALICE@example.com"), ConfigStateChecks: checks("ALICE@example.com")},
		},
	})
}

func TestAccUserDataSource_errors(t *testing.T) {
	t.Parallel()
	e := newAccEnv(t)
	p := e.Provider()
	ghost := e.Email("ghost")
	for name, tc := range map[string]struct {
		config string
		want   string
	}{
		"unknown id":      {userDataHCL(p, "id", "00000000-0000-4000-8000-000000000000"), `(?s)Unable to Read User.*HTTP 404.*No user of the organisation has this id`},
		"unknown email":   {userDataHCL(p, "email", ghost), `(?s)Unable to Read User.*no organisation user has the email`},
		"malformed email": {userDataHCL(p, "email", "ghost"), `Invalid Email Address`},
		// Refused at plan time: GET /admin/users/ is the list route, not a user.
		"empty id": {userDataHCL(p, "id", ""), `(?s)Invalid Attribute Value Length.*string length must be at least 1`},
		"neither":  {p + "data \"portkey_user\" \"test\" {}\n", `(?s)Missing Attribute Configuration.*\[id,email\]`},
		"both": {p + "data \"portkey_user\" \"test\" {\n  id    = \"x\"\n  email = \"a@example.com\"\n}\n",
			`(?s)Invalid Attribute Combination.*\[id,email\]`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.config, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
}

// An organisation user who is already there (the mock's owner; live, the
// first user Portkey lists), read by id and by email in another case, only
// reads: the user data sources need no user the test made.
func TestAccUserDataSource_existingUser(t *testing.T) {
	e := newAccEnv(t)
	users, err := e.API.ListUsers(e.ctx(), client.ListUsersOptions{})
	e.Must(err)
	if len(users) == 0 {
		t.Fatal("the organisation lists no user; it has an owner at least")
	}
	u, err := e.API.GetUser(e.ctx(), users[0].ID)
	e.Must(err)
	const addr = "data.portkey_user.test"
	checks := func(email string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(u.ID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact(email)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("first_name"), knownvalue.StringExact(u.FirstName)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_name"), knownvalue.StringExact(u.LastName)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("role"), knownvalue.StringExact(u.Role)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringExact(u.CreatedAt)),
			// An owner's or admin's workspace_ids are every workspace, which
			// other tests create and delete meanwhile: only known, not compared.
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("workspace_ids"), knownvalue.NotNull()),
		}
	}
	users2 := e.Provider() + fmt.Sprintf(`
data "portkey_users" "all" {}

data "portkey_users" "one" {
  email = %[1]q
}

data "portkey_users" "role" {
  role = %[2]q
}

data "portkey_users" "none" {
  email = %[3]q
}
`, strings.ToUpper(u.Email), u.Role, e.Email("nobody"))
	hasUser := func(addr string) statecheck.StateCheck {
		return inviteAttrs{addr: addr, fn: func(a map[string]any) error {
			list, _ := a["users"].([]any)
			for _, raw := range list {
				if m, _ := raw.(map[string]any); m["id"] == u.ID {
					if fmt.Sprint(a["total"]) != fmt.Sprint(len(list)) {
						return fmt.Errorf("%s: total %v for %d users", addr, a["total"], len(list))
					}
					return nil
				}
			}
			return fmt.Errorf("%s (%d users) lacks %s", addr, len(list), u.ID)
		}}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: userDataHCL(e.Provider(), "id", u.ID), ConfigStateChecks: checks(u.Email)},
			// The email as written is kept when it differs only in case.
			{Config: userDataHCL(e.Provider(), "email", strings.ToUpper(u.Email)), ConfigStateChecks: checks(strings.ToUpper(u.Email))},
			{
				Config: users2,
				ConfigStateChecks: []statecheck.StateCheck{
					hasUser("data.portkey_users.all"),
					hasUser("data.portkey_users.role"),
					statecheck.ExpectKnownValue("data.portkey_users.one", tfjsonpath.New("total"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue("data.portkey_users.one", tfjsonpath.New("users").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact(u.ID)),
					statecheck.ExpectKnownValue("data.portkey_users.none", tfjsonpath.New("total"), knownvalue.Int64Exact(0)),
				},
			},
		},
	})
}

// seedUsers adds n members and a admins with predictable emails.
func seedUsers(srv *mockserver.Server, members, admins int) {
	for i := range members {
		srv.SeedUser(mockserver.User{Email: fmt.Sprintf("member%03d@example.com", i), Role: "member"})
	}
	for i := range admins {
		srv.SeedUser(mockserver.User{Email: fmt.Sprintf("admin%03d@example.com", i), Role: "admin"})
	}
}

func TestAccUsersDataSource_basic(t *testing.T) {
	srv, url := newTestMock(t, "131 seeded users (paging) and the request log")
	seedUsers(srv, 125, 5) // with the owner, 131 users: two pages of 100
	const addr = "data.portkey_users.test"
	config := func(args string) string {
		return providerBlock(url) + "data \"portkey_users\" \"test\" {\n" + args + "}\n"
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config("  role = \"manager\"\n"),
				ExpectError: regexp.MustCompile(`value must be one of`),
			},
			{
				Config:      config("  page_size = 500\n"),
				ExpectError: regexp.MustCompile(`page_size value must be between 1 and 100`),
			},
			{
				Config: config(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("total"), knownvalue.Int64Exact(131)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("users"), knownvalue.ListSizeExact(131)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("users").AtSliceIndex(0).AtMapKey("role"), knownvalue.StringExact("owner")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("users").AtSliceIndex(130), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"email":  knownvalue.StringExact("admin004@example.com"),
						"role":   knownvalue.StringExact("admin"),
						"status": knownvalue.StringExact("active"),
						"id":     knownvalue.NotNull(),
					})),
				},
			},
			{
				Config: config("  role = \"admin\"\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("total"), knownvalue.Int64Exact(5)),
				},
			},
			{
				Config: config("  email = \"Member120@Example.com\"\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("total"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("users").AtSliceIndex(0).AtMapKey("email"), knownvalue.StringExact("member120@example.com")),
				},
			},
			{
				Config: config("  email = \"nobody@example.com\"\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("total"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("users"), knownvalue.ListSizeExact(0)),
				},
			},
			{
				// page_size only sets the request size: every user is still read.
				PreConfig: srv.ClearRequests,
				Config:    config("  role      = \"member\"\n  page_size = 50\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("total"), knownvalue.Int64Exact(125)),
					mockStateCheck(func() error {
						for _, r := range srv.Requests() {
							if r.Route == "GET /admin/users" && !regexp.MustCompile(`pageSize=50\b`).MatchString(r.Query) {
								return fmt.Errorf("request %q does not ask for pages of 50", r.Query)
							}
						}
						return nil
					}),
				},
			},
		},
	})
}
