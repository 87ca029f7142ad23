package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// The live API can answer 10.0 where an integer is meant (API-NOTES.md
// 11.6). Against a mock answering every number as a float literal, one
// configuration with every resource kind and every data source, each with
// integer fields set (limits, periodic_reset_days, key_transition_period_ms,
// is_default, the lists' totals), applies, reads back with an empty plan,
// and imports without a difference.
func TestAccFloatLiterals_everyKindReadsBackWithoutDiff(t *testing.T) {
	mockOnly(t, "answers in float literals (the mock's FloatLiterals) and a seeded user")
	srv := mockserver.New(mockserver.Options{APIKeys: []string{testAdminKey}, FloatLiterals: true})
	url := srv.Start(t)
	seedAlice(srv)
	config := providerBlock(url) + `
resource "portkey_workspace" "test" {
  name        = "Floats"
  description = "Numbers arrive as 10.0"
  icon        = "🔢"
  metadata = {
    team = "platform"
  }
  usage_limits = [{
    type                = "tokens"
    credit_limit        = 5000
    alert_threshold     = 4000
    periodic_reset_days = 30
  }]
  rate_limits = [{
    type  = "requests"
    unit  = "rpm"
    value = 600
  }]
}

resource "portkey_user" "alice" {
  email = "alice@example.com"
  role  = "admin"

  # An admin's workspace_ids are every workspace: read them once this one exists.
  depends_on = [portkey_workspace.test]
}

resource "portkey_workspace_member" "alice" {
  workspace_id = portkey_workspace.test.id
  user_id      = portkey_user.alice.id
  role         = "manager"
}

resource "portkey_user_invite" "erin" {
  email = "erin@example.com"
  role  = "member"
  workspaces = [
    { id = portkey_workspace.test.id, role = "member" },
  ]
}

resource "portkey_api_key" "svc" {
  name                  = "floats"
  type                  = "workspace"
  sub_type              = "service"
  workspace_id          = portkey_workspace.test.id
  scopes                = ["completions.write"]
  allow_config_override = true
  rate_limits = [{
    type  = "tokens"
    unit  = "rpd"
    value = 100000
  }]
  usage_limits = {
    type                = "cost"
    credit_limit        = 12.5
    alert_threshold     = 10
    periodic_reset_days = 7
  }
  rotation_policy = {
    rotation_period          = "monthly"
    key_transition_period_ms = 3600000
  }
}

data "portkey_workspace" "test" {
  id = portkey_workspace.test.id
}

data "portkey_workspaces" "all" {
  depends_on = [portkey_workspace.test]
}

data "portkey_user" "alice" {
  id = portkey_user.alice.id
}

data "portkey_users" "all" {
  depends_on = [portkey_user.alice]
}

data "portkey_workspace_member" "alice" {
  workspace_id = portkey_workspace_member.alice.workspace_id
  user_id      = portkey_workspace_member.alice.user_id
}

data "portkey_workspace_members" "all" {
  workspace_id = portkey_workspace_member.alice.workspace_id
}

data "portkey_user_invite" "erin" {
  id = portkey_user_invite.erin.id
}

data "portkey_user_invites" "all" {
  depends_on = [portkey_user_invite.erin]
}

data "portkey_api_key" "svc" {
  id = portkey_api_key.svc.id
}

data "portkey_api_keys" "all" {
  depends_on = [portkey_api_key.svc]
}

data "portkey_organization" "current" {
  depends_on = [portkey_workspace.test, portkey_user.alice]
}
`
	ws, key := "portkey_workspace.test", "portkey_api_key.svc"
	importStep := func(addr string, ignore ...string) resource.TestStep {
		return resource.TestStep{Config: config, ResourceName: addr, ImportState: true, ImportStateVerify: true,
			ImportStateVerifyIgnore: ignore}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ws, tfjsonpath.New("rate_limits").AtSliceIndex(0).AtMapKey("value"), knownvalue.Int64Exact(600)),
					statecheck.ExpectKnownValue(ws, tfjsonpath.New("usage_limits").AtSliceIndex(0).AtMapKey("periodic_reset_days"), knownvalue.Int64Exact(30)),
					statecheck.ExpectKnownValue(key, tfjsonpath.New("rotation_policy").AtMapKey("key_transition_period_ms"), knownvalue.Int64Exact(3600000)),
					statecheck.ExpectKnownValue(key, tfjsonpath.New("usage_limits").AtMapKey("periodic_reset_days"), knownvalue.Int64Exact(7)),
					statecheck.ExpectKnownValue(key, tfjsonpath.New("allow_config_override"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.portkey_workspace.test", tfjsonpath.New("rate_limits").AtSliceIndex(0).AtMapKey("value"), knownvalue.Int64Exact(600)),
					statecheck.ExpectKnownValue("data.portkey_api_key.svc", tfjsonpath.New("rate_limits").AtSliceIndex(0).AtMapKey("value"), knownvalue.Int64Exact(100000)),
					statecheck.ExpectKnownValue("data.portkey_api_keys.all", tfjsonpath.New("api_keys").AtSliceIndex(0).AtMapKey("allow_config_override"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.portkey_organization.current", tfjsonpath.New("workspaces_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue("data.portkey_organization.current", tfjsonpath.New("users_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue("data.portkey_workspaces.all", tfjsonpath.New("workspaces").AtSliceIndex(0).AtMapKey("is_default"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.portkey_users.all", tfjsonpath.New("total"), knownvalue.Int64Exact(2)),
				},
			},
			importStep(ws),
			importStep("portkey_user.alice"),
			importStep("portkey_workspace_member.alice"),
			importStep("portkey_user_invite.erin", "invite_link", "resend_trigger", "reinvite_when_expired"),
			importStep(key, "key"),
		},
	})
}
