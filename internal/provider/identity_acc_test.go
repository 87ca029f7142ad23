package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// Resource identity end to end. It needs Terraform >= 1.12, newer than the
// 1.11 the development machines have on PATH, so these tests skip there.
// terraform-plugin-testing runs the CLI that TF_ACC_TERRAFORM_PATH names
// (else the terraform on PATH): point it at Terraform >= 1.12 to run them,
// e.g. TF_ACC=1 TF_ACC_TERRAFORM_PATH=$HOME/bin/terraform-1.13 go test
// ./internal/provider -run TestAccIdentity.

// identityCLI skips a test on a CLI older than 1.12 (tfversion.SkipBelow),
// saying how to run it.
type identityCLI struct{}

func (identityCLI) CheckTerraformVersion(ctx context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	tfversion.SkipBelow(tfversion.Version1_12_0).CheckTerraformVersion(ctx, req, resp)
	if resp.Skip != "" {
		resp.Skip += ". Resource identity needs Terraform >= 1.12: set TF_ACC_TERRAFORM_PATH to such a CLI to run this test " +
			"(the protocol-level TestIdentity* tests cover it without one)."
	}
}

const (
	identityMemberSlugAddr = "portkey_workspace_member.by_slug"
	identityMemberIDAddr   = "portkey_workspace_member.by_id"
	identityInviteAddr     = "portkey_user_invite.test"
	identityKeyAddr        = "portkey_api_key.test"
)

// testAccIdentityConfig has one resource of each type: portkey_user.test
// manages carol; alice's membership names its workspace by slug, bob's by
// UUID.
func testAccIdentityConfig(f memberFixture, name, orgRole, wsRole string) string {
	return providerBlock(f.url) + fmt.Sprintf(`
resource "portkey_workspace" "test" {
  name = %[1]q
}

resource "portkey_user" "test" {
  email = "carol@example.com"
  role  = %[2]q
}

resource "portkey_workspace_member" "by_slug" {
  workspace_id = portkey_workspace.test.slug
  user_id      = %[5]q
  role         = %[3]q
}

resource "portkey_workspace_member" "by_id" {
  workspace_id = portkey_workspace.test.id
  user_id      = %[4]q
  role         = %[3]q
}

resource "portkey_user_invite" "test" {
  email      = "newcomer@example.com"
  role       = "member"
  workspaces = [{ id = portkey_workspace.test.id, role = "member" }]
}

resource "portkey_api_key" "test" {
  name         = %[1]q
  type         = "workspace"
  sub_type     = "service"
  workspace_id = portkey_workspace.test.id
  scopes       = ["completions.write"]
}
`, name, orgRole, wsRole, f.bob.ID, f.alice.ID)
}

// identityChecks: each resource's identity is its id; a membership's is the
// workspace's UUID (also when its workspace_id is the slug) and the user id.
func identityChecks() []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	for _, addr := range []string{wsAddr, userAddr, identityInviteAddr, identityKeyAddr} {
		checks = append(checks,
			statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.NotNull()}),
			statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id")))
	}
	for _, addr := range []string{identityMemberSlugAddr, identityMemberIDAddr} {
		checks = append(checks,
			statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{
				"workspace_id": knownvalue.StringRegexp(uuidRE), "user_id": knownvalue.NotNull(),
			}),
			statecheck.ExpectIdentityValueMatchesStateAtPath(addr, tfjsonpath.New("user_id"), tfjsonpath.New("user_id")),
			identityMatchesState{addr, "workspace_id", wsAddr, "id"})
	}
	return append(checks,
		statecheck.CompareValuePairs(identityMemberSlugAddr, tfjsonpath.New("workspace_id"), wsAddr, tfjsonpath.New("slug"), compare.ValuesSame()),
		statecheck.ExpectIdentityValueMatchesStateAtPath(identityMemberIDAddr, tfjsonpath.New("workspace_id"), tfjsonpath.New("workspace_id")))
}

func TestAccIdentity_allResources(t *testing.T) {
	f := newMemberFixture(t)
	f.srv.SeedUser(mockserver.User{Email: "carol@example.com", FirstName: "Carol", LastName: "Chen", Role: "member"})
	sameIDs := sameIDsAcrossSteps(wsAddr, userAddr, identityMemberSlugAddr, identityMemberIDAddr, identityInviteAddr, identityKeyAddr)
	created := testAccIdentityConfig(f, "Identity E2E", "member", "member")
	updated := testAccIdentityConfig(f, "Identity E2E Renamed", "admin", "manager")
	importByIdentity := func(addr string) resource.TestStep {
		return resource.TestStep{
			Config: updated, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{identityCLI{}},
		Steps: []resource.TestStep{
			{Config: created, ConfigStateChecks: append(identityChecks(), sameIDs()...)},
			{
				// Updated in place: the identities stay (the framework would
				// fail the apply on a change).
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(userAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(identityMemberSlugAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(identityMemberIDAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(identityKeyAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: append(identityChecks(), sameIDs()...),
			},
			importByIdentity(wsAddr),
			importByIdentity(userAddr),
			importByIdentity(identityMemberIDAddr),
			importByIdentity(identityInviteAddr),
			importByIdentity(identityKeyAddr),
			{
				// The identity holds the workspace's UUID, so a membership
				// configured with the slug imports with the UUID and plans
				// the in-place rewrite of workspace_id (no replacement).
				Config: updated, ResourceName: identityMemberSlugAddr, ImportState: true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity, ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(identityMemberSlugAddr, plancheck.ResourceActionUpdate),
				}},
			},
			{
				// The import ID forms keep working: the slug as configured plans no change.
				Config: updated, ResourceName: identityMemberSlugAddr, ImportState: true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return s.RootModule().Resources[wsAddr].Primary.Attributes["slug"] + "/alice@example.com", nil
				},
			},
		},
	})
}

// sameIDsAcrossSteps returns a function whose checks, added to every step,
// require each resource's id to stay the same across the steps.
func sameIDsAcrossSteps(addrs ...string) func() []statecheck.StateCheck {
	type adder interface {
		AddStateValue(string, tfjsonpath.Path) statecheck.StateCheck
	}
	same := make([]adder, len(addrs))
	for i := range addrs {
		same[i] = statecheck.CompareValue(compare.ValuesSame())
	}
	return func() []statecheck.StateCheck {
		checks := make([]statecheck.StateCheck, len(addrs))
		for i, addr := range addrs {
			checks[i] = same[i].AddStateValue(addr, tfjsonpath.New("id"))
		}
		return checks
	}
}

// identityMatchesState checks that an identity attribute of one resource
// equals a state attribute of another.
type identityMatchesState struct {
	identityAddr, identityAttr, stateAddr, stateAttr string
}

func (c identityMatchesState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	var identity, state any
	var foundIdentity, foundState bool
	if req.State != nil && req.State.Values != nil && req.State.Values.RootModule != nil {
		for _, r := range req.State.Values.RootModule.Resources {
			if r.Address == c.identityAddr {
				identity, foundIdentity = r.IdentityValues[c.identityAttr]
			}
			if r.Address == c.stateAddr {
				state, foundState = r.AttributeValues[c.stateAttr]
			}
		}
	}
	switch {
	case !foundIdentity:
		resp.Error = fmt.Errorf("%s: no identity attribute %s in state", c.identityAddr, c.identityAttr)
	case !foundState:
		resp.Error = fmt.Errorf("%s: no attribute %s in state", c.stateAddr, c.stateAttr)
	case identity != state:
		resp.Error = fmt.Errorf("%s identity %s is %v, want %s.%s = %v", c.identityAddr, c.identityAttr, identity, c.stateAddr, c.stateAttr, state)
	}
}
