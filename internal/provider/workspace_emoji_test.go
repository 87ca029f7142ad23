package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// Portkey moves the emoji a new workspace's name starts with into its icon
// when no icon is sent (API-NOTES.md 11.5; Portkey's own acceptance test
// TestAccWorkspaceResource_emojiInName_noIcon). The configuration as written
// reads back unchanged, also without a space after the emoji, through
// creates, updates and refreshes; switching to an explicit icon converges.

func testAccEmojiWorkspaces(url, description string) string {
	return providerBlock(url) + fmt.Sprintf(`
resource "portkey_workspace" "test" {
  name        = "🎯 Target"
  description = %[1]q
}

resource "portkey_workspace" "nospace" {
  name = "🚀Launch"
}
`, description)
}

// wsServerNameIcon checks the mock's stored (plain) name and icon.
func wsServerNameIcon(srv *mockserver.Server, id *string, name string, icon any) wsCheck {
	return func() error {
		obj, err := wsServerObject(srv, *id)
		if err != nil {
			return err
		}
		if obj["name"] != name || obj["icon"] != icon {
			return fmt.Errorf("the server stores name %v icon %v, want %q %v", obj["name"], obj["icon"], name, icon)
		}
		return nil
	}
}

func TestAccWorkspaceResource_emojiInNameNoIcon(t *testing.T) {
	srv, url := newTestMock(t)
	const nospace = "portkey_workspace.nospace"
	var id, nospaceID string
	asWritten := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("name"), knownvalue.StringExact("🎯 Target")),
		statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("icon"), knownvalue.Null()),
		statecheck.ExpectKnownValue(nospace, tfjsonpath.New("name"), knownvalue.StringExact("🚀Launch")),
		statecheck.ExpectKnownValue(nospace, tfjsonpath.New("icon"), knownvalue.Null()),
	}
	empty := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             wsDestroyed(srv, &id),
		Steps: []resource.TestStep{
			{
				Config:           testAccEmojiWorkspaces(url, "first"),
				ConfigPlanChecks: empty,
				ConfigStateChecks: append([]statecheck.StateCheck{
					wsCapture{wsAddr, "id", &id},
					wsCapture{nospace, "id", &nospaceID},
					// Portkey took the emoji out of the name.
					wsServerNameIcon(srv, &id, "Target", "🎯"),
					wsServerNameIcon(srv, &nospaceID, "Launch", "🚀"),
				}, asWritten...),
			},
			{
				// Nothing changes on the next plan.
				Config: testAccEmojiWorkspaces(url, "first"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// An update of another attribute keeps the spelling.
				Config:            testAccEmojiWorkspaces(url, "second"),
				ConfigPlanChecks:  empty,
				ConfigStateChecks: asWritten,
			},
			{
				// Opting in to an explicit icon converges too.
				Config: providerBlock(url) + `
resource "portkey_workspace" "test" {
  name        = "Target"
  icon        = "🎯"
  description = "second"
}
`,
				ConfigPlanChecks: empty,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("name"), knownvalue.StringExact("Target")),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("icon"), knownvalue.StringExact("🎯")),
					wsServerNameIcon(srv, &id, "Target", "🎯"),
				},
			},
			{
				// And back: the emoji in the name, no icon.
				Config:           testAccEmojiWorkspaces(url, "second"),
				ConfigPlanChecks: empty,
				ConfigStateChecks: append([]statecheck.StateCheck{
					wsCapture{nospace, "id", &nospaceID},
				}, asWritten...),
			},
		},
	})
}

// An icon added in Portkey to a workspace whose configuration has none is a
// change the next plan shows and the next apply removes.
func TestAccWorkspaceResource_emojiOutOfBandIcon(t *testing.T) {
	srv, url := newTestMock(t)
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            testAccWorkspaceMinimal(url, "Plain"),
				ConfigStateChecks: []statecheck.StateCheck{wsCapture{wsAddr, "id", &id}},
			},
			{
				PreConfig: func() {
					if err := srv.Patch(mockserver.KindWorkspace, id, map[string]any{"icon": "🔥"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccWorkspaceMinimal(url, "Plain"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(wsAddr, tfjsonpath.New("icon"), knownvalue.Null()),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{wsServerNameIcon(srv, &id, "Plain", nil)},
			},
		},
	})
}

// An import cannot see the configuration: it reads the plain name and the
// icon. With the emoji written into the name, the import plans one in-place
// update of name and icon; applying it leaves the name Portkey shows as it
// was, and the next plan is empty. The spelling with an explicit icon
// imports with no change (TestAccWorkspaceResource_import).
func TestAccWorkspaceResource_emojiInNameImport(t *testing.T) {
	srv, url := newTestMock(t)
	icon := "🎯"
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{Name: "Imported", Icon: &icon}}})
	id := srv.WorkspaceIDsNamed("Imported")[0]
	config := testAccWorkspaceMinimal(url, "🎯 Imported")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config, ResourceName: wsAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
				ImportStateId: id, ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionUpdate),
				}},
			},
			{
				Config: config + fmt.Sprintf(`
import {
  to = portkey_workspace.test
  id = %[1]q
}
`, id),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("name"), knownvalue.StringExact("🎯 Imported")),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("icon"), knownvalue.Null()),
					wsCheck(func() error {
						ws, err := wsGetDisplayName(url, id)
						if err != nil {
							return err
						}
						if ws != "🎯 Imported" {
							return fmt.Errorf("Portkey shows %q, want 🎯 Imported", ws)
						}
						return nil
					}),
				},
			},
		},
	})
}

// wsGetDisplayName is the name Portkey's GET shows for a workspace.
func wsGetDisplayName(url, id string) (string, error) {
	c, err := client.New(client.Config{BaseURL: url, APIKey: testAdminKey})
	if err != nil {
		return "", err
	}
	ws, err := c.GetWorkspace(context.Background(), id)
	if err != nil {
		return "", err
	}
	return ws.Name, nil
}

func TestSameDisplayName(t *testing.T) {
	t.Parallel()
	p := func(s string) *string { return &s }
	cases := []struct {
		name        string
		icon        *string
		plain       string
		apiIcon     *string
		same        bool
		description string
	}{
		{"🎯 Ops", nil, "Ops", p("🎯"), true, "the emoji moved into the icon"},
		{"🎯Ops", nil, "Ops", p("🎯"), true, "no space after the emoji"},
		{"Ops", p("🎯"), "Ops", p("🎯"), true, "an explicit icon"},
		{"Ops", p("🎯"), "🎯 Ops", nil, true, "the icon written into the name in Portkey"},
		{"Ops", nil, "Ops", nil, true, "no icon at all"},
		{"Ops", nil, "Ops", p("🔥"), false, "an icon added in Portkey"},
		{"🎯 Ops", nil, "Ops", p("🔥"), false, "another emoji"},
		{"🎯 Ops", nil, "Opsy", p("🎯"), false, "another name"},
		{"Ops", p("🎯"), "Ops", nil, false, "the icon removed in Portkey"},
		{"My Team", nil, "MyTeam", nil, false, "spaces inside the name count"},
	}
	for _, c := range cases {
		if got := sameDisplayName(c.name, c.icon, c.plain, c.apiIcon); got != c.same {
			t.Errorf("%s: sameDisplayName = %v, want %v", c.description, got, c.same)
		}
	}
}
