package provider

import (
	"fmt"
	"reflect"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

const exclAddr = "portkey_organization_guardrail_exclusion.test"

// exclusionFixture is a mock with two workspaces to exclude.
type exclusionFixture struct {
	srv                    *mockserver.Server
	url                    string
	sandbox, sandboxSlug   string
	research, researchSlug string
	other                  string // excluded outside Terraform
}

func newExclusionFixture(t *testing.T) exclusionFixture {
	t.Helper()
	srv, url := newOrgTestMock(t)
	f := exclusionFixture{srv: srv, url: url,
		sandbox: "1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f", sandboxSlug: "ws-sandbo-a1b2c3",
		research: "2e3f4051-6b7c-4d8e-9fa0-1b2c3d4e5f60", researchSlug: "ws-resear-d4e5f6",
		other: "3f405162-7c8d-4e9f-a0b1-2c3d4e5f6071",
	}
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{
		{ID: f.sandbox, Slug: f.sandboxSlug, Name: "Sandbox"},
		{ID: f.research, Slug: f.researchSlug, Name: "Research"},
		{ID: f.other, Name: "Other"},
	}})
	return f
}

func testAccExclusion(url, direction, workspace string) string {
	return providerBlock(url) + fmt.Sprintf(`
resource "portkey_organization_guardrail_exclusion" "test" {
  direction    = %[1]q
  workspace_id = %[2]q
}
`, direction, workspace)
}

func expectExclusions(srv *mockserver.Server, direction string, want ...string) mockStateCheck {
	return func() error {
		got := srv.WorkspaceExclusions(direction)
		if len(got) == 0 && len(want) == 0 {
			return nil
		}
		if !reflect.DeepEqual(got, want) {
			return fmt.Errorf("%s exclusions %v, want %v", direction, got, want)
		}
		return nil
	}
}

func TestAccOrganizationGuardrailExclusionResource_basic(t *testing.T) {
	f := newExclusionFixture(t)
	if err := f.srv.SetWorkspaceExclusion("output", f.other, true); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			// Destroy brings the workspace back; the exclusion made outside Terraform stays.
			return expectExclusions(f.srv, "output", f.other)()
		},
		Steps: []resource.TestStep{{
			Config: testAccExclusion(f.url, "output", f.sandboxSlug),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(exclAddr, tfjsonpath.New("id"), knownvalue.StringExact("output/"+f.sandbox)),
				statecheck.ExpectKnownValue(exclAddr, tfjsonpath.New("workspace_id"), knownvalue.StringExact(f.sandboxSlug)),
				statecheck.ExpectKnownValue(exclAddr, tfjsonpath.New("organisation_id"), knownvalue.StringExact(f.srv.OrganisationID())),
				expectExclusions(f.srv, "output", f.other, f.sandbox),
				expectExclusions(f.srv, "input"),
			},
		}},
	})
}

// The UUID and the slug of one workspace are the same workspace (an
// in-place change that sends nothing); another workspace or direction
// replaces the exclusion.
func TestAccOrganizationGuardrailExclusionResource_update(t *testing.T) {
	f := newExclusionFixture(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return expectExclusions(f.srv, "input")() },
		Steps: []resource.TestStep{
			{Config: testAccExclusion(f.url, "input", f.sandboxSlug)},
			{
				PreConfig: f.srv.ClearRequests,
				Config:    testAccExclusion(f.url, "input", f.sandbox),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(exclAddr, tfjsonpath.New("workspace_id"), knownvalue.StringExact(f.sandbox)),
					mockStateCheck(func() error {
						if n := f.srv.Count("PUT /workspace-exclusions/input-guardrails"); n != 0 {
							return fmt.Errorf("%d PUTs to respell workspace_id, want none", n)
						}
						return nil
					}),
				},
			},
			{
				Config: testAccExclusion(f.url, "input", f.sandboxSlug),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclAddr, plancheck.ResourceActionUpdate),
				}},
			},
			{
				Config: testAccExclusion(f.url, "input", f.researchSlug),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectExclusions(f.srv, "input", f.research)},
			},
			{
				Config: testAccExclusion(f.url, "output", f.researchSlug),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectExclusions(f.srv, "input"), expectExclusions(f.srv, "output", f.research)},
			},
		},
	})
}

// Undone outside Terraform, the exclusion is planned again; a workspace
// created in the same configuration is excluded after it exists and brought
// back before it is deleted.
func TestAccOrganizationGuardrailExclusionResource_disappears(t *testing.T) {
	f := newExclusionFixture(t)
	config := providerBlock(f.url) + `
resource "portkey_workspace" "test" {
  name = "Evaluation Sandbox"
}

resource "portkey_organization_guardrail_exclusion" "test" {
  direction    = "input"
  workspace_id = portkey_workspace.test.id
}
`
	var wsID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return expectExclusions(f.srv, "input")() },
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					wsCapture{wsAddr, "id", &wsID},
					mockStateCheck(func() error { return expectExclusions(f.srv, "input", wsID)() }),
				},
			},
			{
				PreConfig: func() {
					if err := f.srv.SetWorkspaceExclusion("input", wsID, false); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{mockStateCheck(func() error { return expectExclusions(f.srv, "input", wsID)() })},
			},
		},
	})
}

func TestAccOrganizationGuardrailExclusionResource_import(t *testing.T) {
	f := newExclusionFixture(t)
	config := testAccExclusion(f.url, "output", f.sandboxSlug)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{ // by the slug, as configured
				Config: config, ResourceName: exclAddr, ImportState: true, ImportStateVerify: true,
				ImportStateId: "output/" + f.sandboxSlug,
			},
			{ // by the UUID: the configuration's slug plans no replacement
				Config: config, ResourceName: exclAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
				ImportStateId: "output/" + f.sandbox, ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclAddr, plancheck.ResourceActionUpdate),
				}},
			},
			{ // a workspace that is not excluded
				Config: config, ResourceName: exclAddr, ImportState: true, ImportStateId: "output/" + f.researchSlug,
				ExpectError: regexp.MustCompile(`Cannot import non-existent remote object`),
			},
			{
				Config: config, ResourceName: exclAddr, ImportState: true, ImportStateId: "sideways/" + f.sandbox,
				ExpectError: regexp.MustCompile(`is not of the form\s+<direction>/<workspace>`),
			},
		},
	})
}

func TestAccOrganizationGuardrailExclusionResource_errors(t *testing.T) {
	f := newExclusionFixture(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccExclusion(f.url, "both", f.sandbox),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute direction value must be one of`),
			},
			{
				Config:      testAccExclusion(f.url, "input", "a/b"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`must be a workspace UUID or slug`),
			},
			{
				Config: testAccExclusion(f.url, "input", "ws-nope-000000"),
				ExpectError: regexp.MustCompile(`(?s)Unable to Create Organization Guardrail Exclusion.*HTTP 404.*` +
					cliText("No workspace ws-nope-000000 exists in the organisation")),
			},
		},
	})
}

// One plan of an exclusion makes one request: its direction's list.
func TestAccOrganizationGuardrailExclusionResource_requestsPerPlan(t *testing.T) {
	f := newExclusionFixture(t)
	config := testAccExclusion(f.url, "output", f.sandbox)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: f.srv.ClearRequests,
				Config:    config,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh:  []plancheck.PlanCheck{countRequests{f.srv, nil}},
					PostApplyPostRefresh: []plancheck.PlanCheck{countRequests{f.srv, map[string]int{"GET /workspace-exclusions/output-guardrails": 1}}},
				},
			},
		},
	})
}

func TestIdentityLifecycle_organizationGuardrailExclusion(t *testing.T) {
	f := newExclusionFixture(t)
	h := newProtoHarness(t, f.url)
	const typeName = "portkey_organization_guardrail_exclusion"
	want := map[string]string{"direction": "input", "workspace_id": f.sandbox}

	created := h.apply(typeName, nil, map[string]tftypes.Value{"direction": str("input"), "workspace_id": str(f.sandboxSlug)})
	h.expectIdentity("after create", typeName, created.identity, want)
	h.checkReads(typeName, created, want)
	updated := h.apply(typeName, &created, map[string]tftypes.Value{"direction": str("input"), "workspace_id": str(f.sandbox)})
	h.expectIdentity("after update", typeName, updated.identity, want)
	h.checkLegacyUpdate(typeName, updated, map[string]tftypes.Value{"direction": str("input"), "workspace_id": str(f.sandboxSlug)}, want)

	imported, refreshed := h.importByIdentity(typeName, want)
	if st := h.stateValues(typeName, imported.state); st["id"] != "input/"+f.sandbox || st["workspace_id"] != f.sandbox {
		t.Fatalf("imported state: %v", st)
	}
	h.expectIdentity("after import by identity", typeName, refreshed.identity, want)
}

// Resource identity end to end (Terraform >= 1.12, see identityCLI): both
// organisation resources report theirs and import by it.
func TestAccIdentity_organizationResources(t *testing.T) {
	f := newExclusionFixture(t)
	config := testAccOrganization(f.url, `["pii-redaction"]`, `[]`) + fmt.Sprintf(`
resource "portkey_organization_guardrail_exclusion" "test" {
  direction    = "output"
  workspace_id = %q
}
`, f.sandboxSlug)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{identityCLI{}},
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(orgResAddr, map[string]knownvalue.Check{"id": knownvalue.StringExact(f.srv.OrganisationID())}),
					statecheck.ExpectIdentityValueMatchesState(orgResAddr, tfjsonpath.New("id")),
					statecheck.ExpectIdentity(exclAddr, map[string]knownvalue.Check{
						"direction": knownvalue.StringExact("output"), "workspace_id": knownvalue.StringExact(f.sandbox),
					}),
				},
			},
			{Config: config, ResourceName: orgResAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{
				// The identity names the workspace by UUID; the configuration's
				// slug is written back in place (no replacement).
				Config: config, ResourceName: exclAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(exclAddr, plancheck.ResourceActionUpdate),
				}},
			},
		},
	})
}
