package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

func TestAccUserInviteDataSource_basic(t *testing.T) {
	srv, url := newInviteTestMock(t)
	// An older, cancelled invite to the same address: the email lookup must
	// return the newest invite.
	old, err := newInviteTestClient(t, url).CreateUserInvite(context.Background(), client.CreateUserInviteRequest{
		Email: "abe@example.com", Role: "admin", Workspaces: []client.UserInviteWorkspaceInput{{ID: inviteWSBeta, Role: "admin"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.CancelInvite(old.ID); err != nil {
		t.Fatal(err)
	}
	cfg := basicInvite("abe@example.com")
	config := providerBlock(url) + cfg.hcl("test") + `
data "portkey_user_invite" "by_id" {
  id = portkey_user_invite.test.id
}

data "portkey_user_invite" "by_email" {
  email = upper(portkey_user_invite.test.email)
}

data "portkey_user_invite" "old" {
  id = ` + fmt.Sprintf("%q", old.ID) + `
}
`
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
				knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(inviteWSAlpha), "role": knownvalue.StringExact("member")}),
			})),
			noInviteLink(addr),
		}
	}
	checks := append(inviteChecks("data.portkey_user_invite.by_id"), inviteChecks("data.portkey_user_invite.by_email")...)
	checks = append(checks,
		statecheck.ExpectKnownValue("data.portkey_user_invite.by_email", stateValue("email"), knownvalue.StringExact("ABE@EXAMPLE.COM")),
		statecheck.ExpectKnownValue("data.portkey_user_invite.old", stateValue("status"), knownvalue.StringExact("cancelled")),
		statecheck.ExpectKnownValue("data.portkey_user_invite.old", stateValue("role"), knownvalue.StringExact("admin")),
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: checks},
		},
	})
}

func TestAccUserInviteDataSource_notFound(t *testing.T) {
	_, url := newInviteTestMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(url) + `
data "portkey_user_invite" "test" {
  email = "nobody@example.com"
}
`,
				ExpectError: regexp.MustCompile(`Portkey has no invite to nobody@example.com`),
			},
			{
				Config: providerBlock(url) + `
data "portkey_user_invite" "test" {
  id = "4d1f7a52-9c1e-4a57-8f0e-2b6d3c4e5f60"
}
`,
				ExpectError: regexp.MustCompile(`Portkey has no invite with the id`),
			},
			{
				Config: providerBlock(url) + `
data "portkey_user_invite" "test" {
  id    = "4d1f7a52-9c1e-4a57-8f0e-2b6d3c4e5f60"
  email = "nobody@example.com"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination`),
			},
			{
				Config: providerBlock(url) + `
data "portkey_user_invite" "test" {}
`,
				ExpectError: regexp.MustCompile(`(?s)Exactly one of these attributes must be configured`),
			},
		},
	})
}

func TestAccUserInvitesDataSource_filters(t *testing.T) {
	srv, url := newInviteTestMock(t)
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
	_, url := newInviteTestMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      providerBlock(url) + "\ndata \"portkey_user_invites\" \"test\" {\n  status = \"gone\"\n}\n",
				ExpectError: regexp.MustCompile(`(?s)status.*value\s+must\s+be\s+one\s+of`),
			},
			{
				Config:      providerBlock(url) + "\ndata \"portkey_user_invites\" \"test\" {\n  role = \"owner\"\n}\n",
				ExpectError: regexp.MustCompile(`(?s)role.*value\s+must\s+be\s+one\s+of`),
			},
			{
				Config:      providerBlock(url) + "\ndata \"portkey_user_invites\" \"test\" {\n  email = \"nope\"\n}\n",
				ExpectError: regexp.MustCompile(`Invalid Email Address`),
			},
		},
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
