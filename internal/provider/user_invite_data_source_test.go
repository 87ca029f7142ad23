package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

func TestAccUserInviteDataSource_basic(t *testing.T) {
	e := newInviteEnv(t)
	email := e.Email("abe")
	var old string
	if !e.Live() {
		// An older, cancelled invite to the same address: the email lookup
		// must return the newest invite. Only the mock can cancel one.
		old = e.CreateInvite(client.CreateUserInviteRequest{
			Email: email, Role: "admin", Workspaces: []client.UserInviteWorkspaceInput{{ID: e.beta, Role: "admin"}},
		}).ID
		e.Must(e.Mock.CancelInvite(old))
	}
	config := e.config(e.basic(email)) + `
data "portkey_user_invite" "by_id" {
  id = portkey_user_invite.test.id
}

data "portkey_user_invite" "by_email" {
  email = upper(portkey_user_invite.test.email)
}
`
	if old != "" {
		config += fmt.Sprintf(`
data "portkey_user_invite" "old" {
  id = %q
}
`, old)
	}
	inviteChecks := func(addr string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.CompareValuePairs(addr, stateValue("id"), inviteAddr, stateValue("id"), compare.ValuesSame()),
			statecheck.ExpectKnownValue(addr, stateValue("role"), knownvalue.StringExact("member")),
			statecheck.ExpectKnownValue(addr, stateValue("status"), knownvalue.StringExact("pending")),
			statecheck.CompareValuePairs(addr, stateValue("created_at"), inviteAddr, stateValue("created_at"), compare.ValuesSame()),
			statecheck.CompareValuePairs(addr, stateValue("expires_at"), inviteAddr, stateValue("expires_at"), compare.ValuesSame()),
			statecheck.CompareValuePairs(addr, stateValue("invited_by"), inviteAddr, stateValue("invited_by"), compare.ValuesSame()),
			statecheck.ExpectKnownValue(addr, stateValue("accepted_at"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, stateValue("workspaces"), knownvalue.SetExact([]knownvalue.Check{
				knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(e.alpha), "role": knownvalue.StringExact("member")}),
			})),
			noInviteLink(addr),
		}
	}
	checks := append(inviteChecks("data.portkey_user_invite.by_id"), inviteChecks("data.portkey_user_invite.by_email")...)
	checks = append(checks,
		statecheck.ExpectKnownValue("data.portkey_user_invite.by_email", stateValue("email"), knownvalue.StringExact(strings.ToUpper(email))),
	)
	if old != "" {
		checks = append(checks,
			statecheck.ExpectKnownValue("data.portkey_user_invite.old", stateValue("status"), knownvalue.StringExact("cancelled")),
			statecheck.ExpectKnownValue("data.portkey_user_invite.old", stateValue("role"), knownvalue.StringExact("admin")),
		)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: checks},
		},
	})
}

func TestAccUserInviteDataSource_notFound(t *testing.T) {
	e := newAccEnv(t)
	nobody := e.Email("nobody")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.Provider() + fmt.Sprintf(`
data "portkey_user_invite" "test" {
  email = %q
}
`, nobody),
				ExpectError: regexp.MustCompile(`Portkey has no invite to ` + regexp.QuoteMeta(nobody)),
			},
			{
				Config: e.Provider() + `
data "portkey_user_invite" "test" {
  id = "4d1f7a52-9c1e-4a57-8f0e-2b6d3c4e5f60"
}
`,
				ExpectError: regexp.MustCompile(`Portkey has no invite with the id`),
			},
			{
				Config: e.Provider() + fmt.Sprintf(`
data "portkey_user_invite" "test" {
  id    = "4d1f7a52-9c1e-4a57-8f0e-2b6d3c4e5f60"
  email = %q
}
`, nobody),
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination`),
			},
			{
				Config: e.Provider() + `
data "portkey_user_invite" "test" {}
`,
				ExpectError: regexp.MustCompile(`(?s)Exactly one of these attributes must be configured`),
			},
		},
	})
}

func TestAccUserInvitesDataSource_filters(t *testing.T) {
	srv, url := newInviteTestMock(t, "105 invites in one organisation (paging) and an expired one")
	c := newInviteTestClient(t, url)
	// 105 invites: more than one page of 100.
	for i := range 105 {
		role := "member"
		if i%50 == 0 {
			role = "admin"
		}
		if _, err := c.CreateUserInvite(context.Background(), client.CreateUserInviteRequest{
			Email: fmt.Sprintf("bulk%03d@example.com", i), Role: role,
			Workspaces: []client.UserInviteWorkspaceInput{{ID: inviteWSAlpha, Role: "member"}},
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.ExpireInvite(inviteIDByEmail(t, srv, "bulk007@example.com")); err != nil {
		t.Fatal(err)
	}
	config := providerBlock(url) + `
data "portkey_user_invites" "all" {}

data "portkey_user_invites" "admins" {
  role = "admin"
}

data "portkey_user_invites" "expired" {
  status = "expired"
}

data "portkey_user_invites" "one" {
  email  = "Bulk104@Example.com"
  status = "pending"
}

data "portkey_user_invites" "none" {
  email = "nobody@example.com"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.portkey_user_invites.all", stateValue("invites"), knownvalue.ListSizeExact(105)),
					statecheck.ExpectKnownValue("data.portkey_user_invites.admins", stateValue("invites"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"email": knownvalue.StringExact("bulk000@example.com"), "role": knownvalue.StringExact("admin")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"email": knownvalue.StringExact("bulk050@example.com")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"email": knownvalue.StringExact("bulk100@example.com")}),
					})),
					statecheck.ExpectKnownValue("data.portkey_user_invites.expired", stateValue("invites"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"email": knownvalue.StringExact("bulk007@example.com"), "status": knownvalue.StringExact("expired")}),
					})),
					statecheck.ExpectKnownValue("data.portkey_user_invites.one", stateValue("invites"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id":          knownvalue.StringExact(inviteIDByEmail(t, srv, "bulk104@example.com")),
							"email":       knownvalue.StringExact("bulk104@example.com"),
							"role":        knownvalue.StringExact("member"),
							"status":      knownvalue.StringExact("pending"),
							"invited_by":  knownvalue.StringRegexp(inviteUUIDRe),
							"created_at":  knownvalue.StringRegexp(inviteTimeRe),
							"expires_at":  knownvalue.StringRegexp(inviteTimeRe),
							"accepted_at": knownvalue.Null(),
							"workspaces": knownvalue.SetExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
								"id": knownvalue.StringExact(inviteWSAlpha), "role": knownvalue.StringExact("member"),
							})}),
						}),
					})),
					statecheck.ExpectKnownValue("data.portkey_user_invites.none", stateValue("invites"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}

func TestAccUserInvitesDataSource_validation(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      e.Provider() + "\ndata \"portkey_user_invites\" \"test\" {\n  status = \"gone\"\n}\n",
				ExpectError: regexp.MustCompile(`(?s)status.*value\s+must\s+be\s+one\s+of`),
			},
			{
				Config:      e.Provider() + "\ndata \"portkey_user_invites\" \"test\" {\n  role = \"owner\"\n}\n",
				ExpectError: regexp.MustCompile(`(?s)role.*value\s+must\s+be\s+one\s+of`),
			},
			{
				Config:      e.Provider() + "\ndata \"portkey_user_invites\" \"test\" {\n  email = \"nope\"\n}\n",
				ExpectError: regexp.MustCompile(`Invalid Email Address`),
			},
		},
	})
}

// In an organisation that holds other invites, as a live one does, the
// filters find the test's own: by address (any case) exactly one, by role
// the admin's among the rest and never the member's.
func TestAccUserInvitesDataSource_ownInvites(t *testing.T) {
	e := newInviteEnv(t)
	admin, member := e.Email("list-admin"), e.Email("list-member")
	adminID := e.CreateInvite(client.CreateUserInviteRequest{Email: admin, Role: "admin", Workspaces: []client.UserInviteWorkspaceInput{{ID: e.alpha, Role: "member"}}}).ID
	e.CreateInvite(client.CreateUserInviteRequest{Email: member, Role: "member", Workspaces: []client.UserInviteWorkspaceInput{{ID: e.beta, Role: "manager"}}})
	config := e.Provider() + fmt.Sprintf(`
data "portkey_user_invites" "one" {
  email  = %[1]q
  status = "pending"
}

data "portkey_user_invites" "admins" {
  role = "admin"
}
`, mixedCase(admin))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.portkey_user_invites.one", stateValue("invites"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":          knownvalue.StringExact(adminID),
						"email":       knownvalue.StringExact(admin),
						"role":        knownvalue.StringExact("admin"),
						"status":      knownvalue.StringExact("pending"),
						"invited_by":  knownvalue.StringRegexp(inviteUUIDRe),
						"created_at":  knownvalue.StringRegexp(inviteTimeRe),
						"expires_at":  knownvalue.StringRegexp(inviteTimeRe),
						"accepted_at": knownvalue.Null(),
						"workspaces": knownvalue.SetExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(e.alpha), "role": knownvalue.StringExact("member"),
						})}),
					}),
				})),
				inviteAttrs{addr: "data.portkey_user_invites.admins", fn: func(a map[string]any) error {
					invites, _ := a["invites"].([]any)
					seen := map[string]bool{}
					for _, raw := range invites {
						inv, _ := raw.(map[string]any)
						if inv["role"] != "admin" {
							return fmt.Errorf("the role filter let through %v", inv)
						}
						seen[fmt.Sprint(inv["email"])] = true
					}
					if !seen[admin] || seen[member] {
						return fmt.Errorf("the admins (%d) lack %s or hold %s", len(invites), admin, member)
					}
					return nil
				}},
			},
		}},
	})
}

// noInviteLink fails when a data source's state carries an invite link.
func noInviteLink(addr string) statecheck.StateCheck {
	return inviteAttrs{addr: addr, fn: func(a map[string]any) error {
		for k, v := range a {
			if s, ok := v.(string); (ok && regexp.MustCompile(`portkey\.ai/invite/`).MatchString(s)) || k == "invite_link" {
				return fmt.Errorf("%s exposes an invite link in %s", addr, k)
			}
		}
		return nil
	}}
}
