package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

func testAccMemberDataSource(url, ws, key, value string) string {
	return providerBlock(url) + fmt.Sprintf(`
data "portkey_workspace_member" "test" {
  workspace_id = %[1]q
  %[2]s = %[3]q
}
`, ws, key, value)
}

func TestAccWorkspaceMemberDataSource_basic(t *testing.T) {
	f := newMemberFixture(t)
	if err := f.srv.SeedMember(f.wsID, f.alice.ID, "manager"); err != nil {
		t.Fatal(err)
	}
	const addr = "data.portkey_workspace_member.test"
	checks := func(ws, email string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(ws+"/"+f.alice.ID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("workspace_id"), knownvalue.StringExact(ws)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("user_id"), knownvalue.StringExact(f.alice.ID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact(email)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("role"), knownvalue.StringExact("manager")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("org_role"), knownvalue.StringExact("member")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("first_name"), knownvalue.StringExact("Alice")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_name"), knownvalue.StringExact("Liddell")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("updated_at"), knownvalue.NotNull()),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccMemberDataSource(f.url, f.wsID, "user_id", f.alice.ID), ConfigStateChecks: checks(f.wsID, "alice@example.com")},
			{Config: testAccMemberDataSource(f.url, f.wsSlug, "user_id", f.alice.ID), ConfigStateChecks: checks(f.wsSlug, "alice@example.com")},
			{Config: testAccMemberDataSource(f.url, f.wsSlug, "email", "Alice@Example.com"), ConfigStateChecks: checks(f.wsSlug, "Alice@Example.com")},
		},
	})
}

func TestAccWorkspaceMemberDataSource_errors(t *testing.T) {
	t.Parallel()
	f := newMemberFixture(t)
	for name, tc := range map[string]struct {
		config string
		want   string
	}{
		// bob is an organisation user, but not a member of the workspace.
		"not a member by id":    {testAccMemberDataSource(f.url, f.wsID, "user_id", f.bob.ID), `(?s)Unable to Read Workspace Member.*HTTP 404.*` + cliText("the user is not a member of it")},
		"not a member by email": {testAccMemberDataSource(f.url, f.wsID, "email", "bob@example.com"), `(?s)Unable to Read Workspace Member.*has no member with the email`},
		"unknown workspace":     {testAccMemberDataSource(f.url, "ws-nope-000000", "user_id", f.bob.ID), `(?s)Unable to Read Workspace Member.*HTTP 404`},
		// Refused at plan time: GET .../users/ is the members list, not a member.
		"empty user_id": {testAccMemberDataSource(f.url, f.wsID, "user_id", ""), `must be a user id`},
		"neither":       {providerBlock(f.url) + "data \"portkey_workspace_member\" \"test\" {\n  workspace_id = \"x\"\n}\n", `(?s)Missing Attribute Configuration.*\[user_id,email\]`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.config, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
}

func TestAccWorkspaceMembersDataSource_basic(t *testing.T) {
	f := newMemberFixture(t)
	// 120 members over two pages: 80 members, 30 managers, 10 admins.
	for i := range 120 {
		u := f.srv.SeedUser(mockserver.User{Email: fmt.Sprintf("m%03d@example.com", i)})
		role := "member"
		switch {
		case i >= 110:
			role = "admin"
		case i >= 80:
			role = "manager"
		}
		if err := f.srv.SeedMember(f.wsSlug, u.ID, role); err != nil {
			t.Fatal(err)
		}
	}
	const addr = "data.portkey_workspace_members.test"
	config := func(ws, args string) string {
		return providerBlock(f.url) + fmt.Sprintf("data \"portkey_workspace_members\" \"test\" {\n  workspace_id = %q\n%s}\n", ws, args)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config("ws-nope-000000", ""),
				ExpectError: regexp.MustCompile(`(?s)Unable to Read Workspace Members.*HTTP 404.*The workspace does not exist`),
			},
			{
				Config:      config(f.wsID, "  role = \"owner\"\n"),
				ExpectError: regexp.MustCompile(`value must be one of`),
			},
			{
				Config: config(f.wsID, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("members"), knownvalue.ListSizeExact(120)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("members").AtSliceIndex(119), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"user_id":    knownvalue.NotNull(),
						"email":      knownvalue.StringExact("m119@example.com"),
						"first_name": knownvalue.StringExact(""),
						"last_name":  knownvalue.StringExact(""),
						"role":       knownvalue.StringExact("admin"),
						"org_role":   knownvalue.StringExact("member"),
						"status":     knownvalue.StringExact("active"),
						"created_at": knownvalue.NotNull(),
						"updated_at": knownvalue.NotNull(),
					})),
				},
			},
			{
				Config: config(f.wsSlug, "  role = \"manager\"\n"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("members"), knownvalue.ListSizeExact(30)),
				},
			},
			{
				// The default workspace: only the owner.
				Config: config(f.srv.WorkspaceIDByName("Shared Team Workspace"), ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("members"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"email": knownvalue.StringExact("owner@example.com"), "org_role": knownvalue.StringExact("owner"),
						}),
					})),
				},
			},
		},
	})
}
