package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// Portkey moves the emoji a new workspace's name starts with into its icon
// when no icon is sent (API-NOTES.md 11.5; Portkey's own acceptance test
// TestAccWorkspaceResource_emojiInName_noIcon). The configuration as written
// reads back unchanged, also without a space after the emoji, through
// creates, updates and refreshes; switching to an explicit icon converges.

func testAccEmojiWorkspaces(e *accEnv, description string) string {
	return e.Provider() + fmt.Sprintf(`
resource "portkey_workspace" "test" {
  name        = "🎯 %[2]s"
  description = %[1]q
}

resource "portkey_workspace" "nospace" {
  name = "🚀%[3]s"
}
`, description, e.Name("target"), e.Name("launch"))
}

// wsAPINameIcon checks, through the API, the plain name and the icon
// Portkey holds (a nil icon: none).
func wsAPINameIcon(e *accEnv, id *string, name string, icon *string) wsCheck {
	return wsAPI(e, id, func(ws *client.Workspace) error {
		got := ws.Icon
		if got != nil && *got == "" {
			got = nil
		}
		if ws.PlainName() != name || (got == nil) != (icon == nil) || (got != nil && *got != *icon) {
			return fmt.Errorf("Portkey holds name %q icon %v, want %q %v", ws.PlainName(), derefString(ws.Icon), name, derefString(icon))
		}
		return nil
	})
}

func TestAccWorkspaceResource_emojiInNameNoIcon(t *testing.T) {
	e := newAccEnv(t)
	target, launch := e.Name("target"), e.Name("launch")
	dart, rocket := "🎯", "🚀"
	const nospace = "portkey_workspace.nospace"
	var id, nospaceID string
	asWritten := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("name"), knownvalue.StringExact("🎯 "+target)),
		statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("icon"), knownvalue.Null()),
		statecheck.ExpectKnownValue(nospace, tfjsonpath.New("name"), knownvalue.StringExact("🚀"+launch)),
		statecheck.ExpectKnownValue(nospace, tfjsonpath.New("icon"), knownvalue.Null()),
	}
	empty := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             wsGone(e, &id),
		Steps: []resource.TestStep{
			{
				Config:           testAccEmojiWorkspaces(e, "first"),
				ConfigPlanChecks: empty,
				ConfigStateChecks: append([]statecheck.StateCheck{
					wsCapture{wsAddr, "id", &id},
					wsCapture{nospace, "id", &nospaceID},
					// Portkey took the emoji out of the name.
					wsAPINameIcon(e, &id, target, &dart),
					wsAPINameIcon(e, &nospaceID, launch, &rocket),
				}, asWritten...),
			},
			{
				// Nothing changes on the next plan.
				Config: testAccEmojiWorkspaces(e, "first"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// An update of another attribute keeps the spelling.
				Config:            testAccEmojiWorkspaces(e, "second"),
				ConfigPlanChecks:  empty,
				ConfigStateChecks: asWritten,
			},
			{
				// Opting in to an explicit icon converges too.
				Config: e.Provider() + fmt.Sprintf(`
resource "portkey_workspace" "test" {
  name        = %q
  icon        = "🎯"
  description = "second"
}
`, target),
				ConfigPlanChecks: empty,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("name"), knownvalue.StringExact(target)),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("icon"), knownvalue.StringExact("🎯")),
					wsAPINameIcon(e, &id, target, &dart),
				},
			},
			{
				// And back: the emoji in the name, no icon.
				Config:           testAccEmojiWorkspaces(e, "second"),
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
	e := newAccEnv(t)
	name := e.Name("plain")
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            wsMinimalHCL(e.Provider(), name),
				ConfigStateChecks: []statecheck.StateCheck{wsCapture{wsAddr, "id", &id}},
			},
			{
				PreConfig: func() {
					fire := "🔥"
					wsPutOutOfBand(e, id, func(r *client.UpdateWorkspaceRequest) { r.Icon = &fire },
						func(ws *client.Workspace) bool { return ws.Icon != nil && *ws.Icon == fire })
				},
				Config: wsMinimalHCL(e.Provider(), name),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(wsAddr, tfjsonpath.New("icon"), knownvalue.Null()),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{wsAPINameIcon(e, &id, name, nil)},
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
	e := newAccEnv(t)
	icon, name := "🎯", e.Name("imported")
	id := e.CreateWorkspace(client.CreateWorkspaceRequest{Name: name, Icon: &icon}).ID
	config := wsMinimalHCL(e.Provider(), "🎯 "+name)
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
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("name"), knownvalue.StringExact("🎯 "+name)),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("icon"), knownvalue.Null()),
					wsAPI(e, &id, func(ws *client.Workspace) error {
						if ws.Name != "🎯 "+name {
							return fmt.Errorf("Portkey shows %q, want 🎯 %s", ws.Name, name)
						}
						return nil
					}),
				},
			},
		},
	})
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
