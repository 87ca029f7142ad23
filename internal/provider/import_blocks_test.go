package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// Importing with an import block, in the same plan as the configuration (no
// state in between to keep the configuration's spelling), plans no change
// for every ID form: a workspace with decimal limits by slug, a user by an
// email in another case, a membership by <slug>/<email> and <slug>/<user id>.
func TestAccImportBlocks_noChanges(t *testing.T) {
	f := newMemberFixture(t)
	var slug string
	config := testAccWorkspaceFull(f.url, "Imported By Block", "Decimals and an icon", 99.99, 60) + fmt.Sprintf(`
resource "portkey_user" "test" {
  email = "Alice@Example.com"
  role  = "admin"
}

resource "portkey_workspace_member" "test" {
  workspace_id = %[1]q
  user_id      = portkey_user.test.id
  role         = "manager"
}
`, f.wsSlug)
	importBlock := func(addr, id string) resource.TestStep {
		return resource.TestStep{
			Config: config, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
			ImportStateIdFunc: func(*terraform.State) (string, error) {
				if id == "" {
					return slug, nil
				}
				return id, nil
			},
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{wsCapture{wsAddr, "slug", &slug}}},
			importBlock(wsAddr, ""), // by the slug captured above
			importBlock(userAddr, "ALICE@example.com"),
			importBlock(memberAddr, f.wsSlug+"/alice@example.com"),
			importBlock(memberAddr, f.wsSlug+"/"+f.alice.ID),
		},
	})
}

// An API key with decimal limits (not exact in binary) applies, plans again
// and imports with an import block without a change. (Its workspace is
// written as the UUID: an imported key configured with the slug plans the
// documented one-time in-place switch of workspace_id.)
func TestAccImportBlocks_apiKeyDecimalLimits(t *testing.T) {
	e := newAccEnv(t)
	ws := e.Workspace("decimal-keys")
	config := e.Provider() + fmt.Sprintf(`
resource "portkey_api_key" "test" {
  name         = %[2]q
  type         = "workspace"
  sub_type     = "service"
  workspace_id = %[1]q
  scopes       = ["completions.write"]

  usage_limits = {
    type            = "cost"
    credit_limit    = 99.99
    alert_threshold = 80.1
    periodic_reset  = "monthly"
  }
}
`, ws.ID, e.Name("decimal-limits"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config: config, ResourceName: "portkey_api_key.test", ImportState: true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}
