package provider

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

const orgResAddr = "portkey_organization.test"

// The guardrails of every organisation test mock.
var (
	grPII      = mockserver.Guardrail{ID: "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", Slug: "pii-redaction"}
	grToxicity = mockserver.Guardrail{ID: "7a2b3c4d-5e6f-4a70-8b9c-0d1e2f3a4b5c", Slug: "toxicity"}
	grTeamOnly = mockserver.Guardrail{ID: "8b3c4d5e-6f70-4a81-9cad-1e2f3a4b5c6d", Slug: "team-jailbreak", Scope: mockserver.GuardrailScopeWorkspace}
)

func newOrgTestMock(t *testing.T) (*mockserver.Server, string) {
	t.Helper()
	mockOnly(t, "the organisation's guardrails (seeded) and its default guardrails, which a live organisation shares with everyone in it")
	srv := mockserver.New(mockserver.Options{APIKeys: []string{testAdminKey},
		Guardrails: []mockserver.Guardrail{grPII, grToxicity, grTeamOnly}})
	return srv, srv.Start(t)
}

// testAccOrganization declares portkey_organization.test; input and output
// are HCL set expressions, or "" to leave the attribute out.
func testAccOrganization(url, input, output string) string {
	body := ""
	if input != "" {
		body += "  input_guardrails  = " + input + "\n"
	}
	if output != "" {
		body += "  output_guardrails = " + output + "\n"
	}
	return providerBlock(url) + "\nresource \"portkey_organization\" \"test\" {\n" + body + "}\n"
}

// mockDefaults renders the mock's defaults as slugs, in Portkey's order.
func mockDefaults(srv *mockserver.Server) (input, output []string) {
	in, out := srv.OrganisationDefaults()
	for _, r := range in {
		input = append(input, r.Slug)
	}
	for _, r := range out {
		output = append(output, r.Slug)
	}
	return input, output
}

// expectMockDefaults checks the mock's default guardrails (slugs in order;
// nil for an empty list).
func expectMockDefaults(srv *mockserver.Server, input, output []string) mockStateCheck {
	return func() error {
		in, out := mockDefaults(srv)
		if !reflect.DeepEqual(in, input) || !reflect.DeepEqual(out, output) {
			return fmt.Errorf("mock defaults input %v output %v, want %v and %v", in, out, input, output)
		}
		return nil
	}
}

func expectSet(attr string, values ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return statecheck.ExpectKnownValue(orgResAddr, tfjsonpath.New(attr), knownvalue.SetExact(checks))
}

// countRequests checks the mock's per-route request counts exactly, then
// clears the log.
type countRequests struct {
	srv  *mockserver.Server
	want map[string]int
}

func (c countRequests) check() error {
	got := c.srv.Counts()
	c.srv.ClearRequests()
	if len(got) == 0 && len(c.want) == 0 {
		return nil
	}
	if !reflect.DeepEqual(got, c.want) {
		return fmt.Errorf("requests per route %v, want %v", got, c.want)
	}
	return nil
}

func (c countRequests) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.check()
}

// expectDefaultsCleared is the CheckDestroy of every organisation test:
// destroying the resource clears the lists it managed.
func expectDefaultsCleared(srv *mockserver.Server) resource.TestCheckFunc {
	return func(*terraform.State) error { return expectMockDefaults(srv, nil, nil)() }
}

func TestAccOrganizationResource_basic(t *testing.T) {
	srv, url := newOrgTestMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             expectDefaultsCleared(srv),
		Steps: []resource.TestStep{{
			Config: testAccOrganization(url, `["pii-redaction", "toxicity"]`, fmt.Sprintf("[%q]", grToxicity.ID)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(orgResAddr, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(orgResAddr, tfjsonpath.New("id"), knownvalue.StringExact(srv.OrganisationID())),
				expectSet("input_guardrails", "pii-redaction", "toxicity"),
				expectSet("output_guardrails", grToxicity.ID), // as configured: by id
				expectSet("managed_lists", "input_guardrails", "output_guardrails"),
				expectMockDefaults(srv, []string{"pii-redaction", "toxicity"}, []string{"toxicity"}),
			},
		}},
	})
}

func TestAccOrganizationResource_update(t *testing.T) {
	srv, url := newOrgTestMock(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             expectDefaultsCleared(srv),
		Steps: []resource.TestStep{
			{
				Config: testAccOrganization(url, `["pii-redaction"]`, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(orgResAddr, tfjsonpath.New("id")),
					expectSet("input_guardrails", "pii-redaction"),
					expectSet("output_guardrails"), // not managed: read as Portkey has it
					expectSet("managed_lists", "input_guardrails"),
					expectMockDefaults(srv, []string{"pii-redaction"}, nil),
				},
			},
			{
				Config: testAccOrganization(url, `["toxicity", "pii-redaction"]`, `["pii-redaction"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgResAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(orgResAddr, tfjsonpath.New("id")),
					expectSet("input_guardrails", "pii-redaction", "toxicity"),
					expectSet("output_guardrails", "pii-redaction"),
					expectSet("managed_lists", "input_guardrails", "output_guardrails"),
					// A set has no order: Portkey gets the guardrails sorted.
					expectMockDefaults(srv, []string{"pii-redaction", "toxicity"}, []string{"pii-redaction"}),
				},
			},
		},
	})
}

// [] clears a list; it stays managed (an empty list, not an unmanaged one).
func TestAccOrganizationResource_clear(t *testing.T) {
	srv, url := newOrgTestMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             expectDefaultsCleared(srv),
		Steps: []resource.TestStep{
			{
				Config:            testAccOrganization(url, `["pii-redaction"]`, `["toxicity"]`),
				ConfigStateChecks: []statecheck.StateCheck{expectMockDefaults(srv, []string{"pii-redaction"}, []string{"toxicity"})},
			},
			{
				Config: testAccOrganization(url, `[]`, `["toxicity"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgResAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectSet("input_guardrails"),
					expectSet("managed_lists", "input_guardrails", "output_guardrails"),
					expectMockDefaults(srv, nil, []string{"toxicity"}),
				},
			},
		},
	})
}

// A list left out of the configuration is not managed: it shows what
// Portkey has, changes out of band plan nothing, removing a list from the
// configuration leaves it as it is, and destroy leaves it too.
func TestAccOrganizationResource_unmanagedList(t *testing.T) {
	srv, url := newOrgTestMock(t)
	if err := srv.SetOrganisationDefaults(nil, []string{"toxicity"}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			return expectMockDefaults(srv, nil, []string{"pii-redaction"})() // output was not managed at the end
		},
		Steps: []resource.TestStep{
			{
				Config: testAccOrganization(url, `["pii-redaction"]`, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					expectSet("output_guardrails", "toxicity"), // adopted as Portkey has it
					expectSet("managed_lists", "input_guardrails"),
					expectMockDefaults(srv, []string{"pii-redaction"}, []string{"toxicity"}),
				},
			},
			{
				// Changed out of band: the unmanaged list follows, with no plan.
				PreConfig: func() {
					if err := srv.SetOrganisationDefaults(nil, []string{"pii-redaction"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccOrganization(url, `["pii-redaction"]`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgResAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectSet("output_guardrails", "pii-redaction")},
			},
			{
				// Managing output, then no longer: the plan shows only that
				// output leaves managed_lists, and no PUT touches it.
				Config: testAccOrganization(url, `["pii-redaction"]`, `["pii-redaction"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgResAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(orgResAddr, tfjsonpath.New("managed_lists"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("input_guardrails"), knownvalue.StringExact("output_guardrails"),
					})),
				}},
			},
			{
				PreConfig: srv.ClearRequests,
				Config:    testAccOrganization(url, `["pii-redaction"]`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgResAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(orgResAddr, tfjsonpath.New("output_guardrails"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("pii-redaction"),
					})),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectSet("managed_lists", "input_guardrails"),
					expectMockDefaults(srv, []string{"pii-redaction"}, []string{"pii-redaction"}),
					mockStateCheck(func() error {
						if n := srv.Count("PUT /admin/organisation/defaults"); n != 0 {
							return fmt.Errorf("%d PUTs to stop managing a list, want none", n)
						}
						return nil
					}),
				},
			},
		},
	})
}

// A managed list changed out of band is drift: the plan restores it.
func TestAccOrganizationResource_drift(t *testing.T) {
	srv, url := newOrgTestMock(t)
	config := testAccOrganization(url, `["pii-redaction"]`, `[]`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             expectDefaultsCleared(srv),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := srv.SetOrganisationDefaults([]string{"toxicity"}, []string{"pii-redaction"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgResAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(orgResAddr, tfjsonpath.New("input_guardrails"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("pii-redaction"),
					})),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectMockDefaults(srv, []string{"pii-redaction"}, nil)},
			},
		},
	})
}

// A guardrail named by its slug or by its id is the same guardrail: a
// respelled configuration plans nothing (and sends nothing), the state keeps
// the spelling it had, and an import with the configuration in ids plans
// nothing either.
func TestAccOrganizationResource_slugOrID(t *testing.T) {
	srv, url := newOrgTestMock(t)
	bySlug := testAccOrganization(url, `["pii-redaction", "toxicity"]`, `["toxicity"]`)
	byID := testAccOrganization(url, fmt.Sprintf("[%q, %q]", grPII.ID, grToxicity.ID), fmt.Sprintf("[%q]", grToxicity.ID))
	mixed := testAccOrganization(url, fmt.Sprintf("[%q, \"toxicity\"]", grPII.ID), `["toxicity"]`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             expectDefaultsCleared(srv),
		Steps: []resource.TestStep{
			{Config: bySlug},
			{
				PreConfig: srv.ClearRequests,
				Config:    byID,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectSet("input_guardrails", "pii-redaction", "toxicity"),
					mockStateCheck(func() error {
						if n := srv.Count("PUT /admin/organisation/defaults"); n != 0 {
							return fmt.Errorf("%d PUTs for a respelled configuration, want none", n)
						}
						return nil
					}),
				},
			},
			{Config: mixed, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				// Imported (both lists spelled as slugs), configured by id: no change.
				Config: byID, ResourceName: orgResAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
				ImportStateId: srv.OrganisationID(),
			},
		},
	})
}

// A workspace guardrail is refused at apply with Portkey's message, and
// nothing changes.
func TestAccOrganizationResource_workspaceGuardrail(t *testing.T) {
	srv, url := newOrgTestMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccOrganization(url, `["pii-redaction", "team-jailbreak"]`, ""),
				ExpectError: regexp.MustCompile(`(?s)Unable to Create Organization.*` + cliText("HTTP 400 Bad Request (Portkey error code: AB01)") + `.*` +
					cliText("Workspace-scoped guardrails cannot be set as organisation defaults") + `.*"team-jailbreak"`),
			},
			{
				PreConfig: func() {
					if in, out := mockDefaults(srv); in != nil || out != nil {
						t.Fatalf("a refused PUT changed the defaults: %v %v", in, out)
					}
				},
				Config: testAccOrganization(url, `["pii-redaction"]`, ""),
			},
			{
				Config:      testAccOrganization(url, fmt.Sprintf("[%q]", grTeamOnly.ID), ""),
				ExpectError: regexp.MustCompile(`(?s)Unable to Update Organization.*` + cliText("Workspace-scoped guardrails cannot be set as organisation defaults")),
			},
		},
	})
}

func TestAccOrganizationResource_import(t *testing.T) {
	srv, url := newOrgTestMock(t)
	config := testAccOrganization(url, `["pii-redaction"]`, `["toxicity"]`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             expectDefaultsCleared(srv),
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config: config, ResourceName: orgResAddr, ImportState: true, ImportStateVerify: true,
				ImportStateId: srv.OrganisationID(),
			},
			{
				Config: config, ResourceName: orgResAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
				ImportStateId: strings.ToUpper(srv.OrganisationID()), // ids compare ignoring case
			},
			{
				Config: config, ResourceName: orgResAddr, ImportState: true,
				ImportStateId: "0b9e7c1a-2f3d-4e5b-8a6c-7d8e9f0a1b2c",
				ExpectError: regexp.MustCompile(`(?s)Unable to Import Organization.*` +
					cliText("is not the id of the organisation the provider's API key belongs to, "+srv.OrganisationID())),
			},
		},
	})
}

// After an import both lists are managed; a configuration that sets only
// one plans to stop managing the other (and changes nothing in Portkey).
func TestAccOrganizationResource_importPartialConfig(t *testing.T) {
	srv, url := newOrgTestMock(t)
	if err := srv.SetOrganisationDefaults([]string{"pii-redaction"}, []string{"toxicity"}); err != nil {
		t.Fatal(err)
	}
	config := testAccOrganization(url, `["pii-redaction"]`, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config, ResourceName: orgResAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
				ImportStateId: srv.OrganisationID(), ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgResAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(orgResAddr, tfjsonpath.New("managed_lists"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("input_guardrails"),
					})),
				}},
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// One plan of the resource makes one request, GET
// /admin/organisation/defaults: the plan without refresh makes none.
func TestAccOrganizationResource_requestsPerPlan(t *testing.T) {
	srv, url := newOrgTestMock(t)
	config := testAccOrganization(url, `["pii-redaction", "toxicity"]`, `["toxicity"]`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: srv.ClearRequests,
				Config:    config,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh:  []plancheck.PlanCheck{countRequests{srv, nil}},
					PostApplyPostRefresh: []plancheck.PlanCheck{countRequests{srv, map[string]int{"GET /admin/organisation/defaults": 1}}},
				},
			},
		},
	})
}

// Create looks the organisation id up (the workspaces list and the default
// workspace), PUTs the lists and reads them back once; destroy PUTs once.
func TestAccOrganizationResource_requestsPerApply(t *testing.T) {
	srv, url := newOrgTestMock(t)
	srv.ClearRequests()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if n := srv.Count("PUT /admin/organisation/defaults"); n != 1 {
				return fmt.Errorf("destroy made %d PUTs, want 1", n)
			}
			return expectMockDefaults(srv, nil, nil)()
		},
		Steps: []resource.TestStep{{
			Config: testAccOrganization(url, `["pii-redaction"]`, ""),
			ConfigStateChecks: []statecheck.StateCheck{mockStateCheck(func() error {
				return countRequests{srv, map[string]int{
					"GET /admin/workspaces":            1,
					"GET /admin/workspaces/{id}":       1,
					"PUT /admin/organisation/defaults": 1,
					"GET /admin/organisation/defaults": 1,
				}}.check()
			})},
		}},
	})
}

func TestAccOrganizationResource_validation(t *testing.T) {
	t.Parallel()
	_, url := newOrgTestMock(t)
	for name, tc := range map[string]struct{ input, output, want string }{
		"neither list": {"", "", `(?s)Missing Attribute Configuration.*At least one of these attributes must be configured:\s+\[input_guardrails,output_guardrails\]`},
		"empty name":   {`[""]`, "", `string length must be at least 1`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: testAccOrganization(url, tc.input, tc.output), PlanOnly: true, ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

// A second portkey_organization for one provider configuration is refused
// at plan time; one per organisation (provider configuration) is fine.
func TestAccOrganizationResource_singleton(t *testing.T) {
	mockOnly(t, "the organisation's guardrails (seeded) and its default guardrails, which a live organisation shares with everyone in it")
	t.Parallel()
	const refused = `(?s)More Than One portkey_organization.*` + `declares more than one\s+portkey_organization`
	two := func(url string) string {
		return testAccOrganization(url, `["pii-redaction"]`, "") + `
resource "portkey_organization" "other" {
  output_guardrails = ["toxicity"]
}
`
	}
	t.Run("two new", func(t *testing.T) {
		srv, url := newOrgTestMock(t)
		counted := providerBlock(url) + `
resource "portkey_organization" "test" {
  count            = 2
  input_guardrails = ["pii-redaction"]
}
`
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: two(url), ExpectError: regexp.MustCompile(refused)},
				{Config: counted, ExpectError: regexp.MustCompile(refused)},
			},
		})
		if n := srv.Count("PUT /admin/organisation/defaults"); n != 0 {
			t.Fatalf("%d PUTs, want none: the plan is refused", n)
		}
	})
	t.Run("a second beside an existing one", func(t *testing.T) {
		other, otherURL := newOrgTestMock(t)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: testAccOrganization(otherURL, `["pii-redaction"]`, "")},
				{
					// Tainted: replaced (destroyed, then created) without a refusal.
					Config: testAccOrganization(otherURL, `["pii-redaction"]`, ""), Taint: []string{orgResAddr},
					ConfigStateChecks: []statecheck.StateCheck{expectMockDefaults(other, []string{"pii-redaction"}, nil)},
				},
				{
					// A new one beside it cannot be told from a replacement at
					// first; once both exist, the next plan refuses them.
					Config: two(otherURL), ExpectError: regexp.MustCompile(refused),
				},
			},
		})
	})
	t.Run("one per organisation", func(t *testing.T) {
		// Real Terraform runs one provider process per provider
		// configuration; terraform-plugin-testing serves every alias from
		// one in-process server, whose last configuration wins. So this runs
		// the CLI with the provider binary.
		terraform := requireTerraformCLI(t)
		t.Parallel()
		srv, url := newOrgTestMock(t)
		bin := t.TempDir()
		buildProvider(t, bin)
		second, secondURL := newOrgTestMock(t)
		cli := newTFCLI(t, terraform, bin, url)
		cli.write("main.tf", []byte(fmt.Sprintf(`
terraform {
  required_providers {
    portkey = {
      source = "seed-4a8a86ef/portkey"
    }
  }
}

provider "portkey" {}

provider "portkey" {
  alias    = "second"
  base_url = %[1]q
}

resource "portkey_organization" "first" {
  input_guardrails = ["pii-redaction"]
}

resource "portkey_organization" "second" {
  provider         = portkey.second
  input_guardrails = ["toxicity"]
}
`, secondURL)))
		cli.mustRun("apply", "apply", "-auto-approve", "-input=false", "-no-color")
		if err := expectMockDefaults(srv, []string{"pii-redaction"}, nil)(); err != nil {
			t.Error(err)
		}
		if err := expectMockDefaults(second, []string{"toxicity"}, nil)(); err != nil {
			t.Error(err)
		}
		cli.mustRun("the plan after apply (it must be empty)", "plan", "-detailed-exitcode", "-input=false", "-no-color")
		cli.mustRun("destroy", "destroy", "-auto-approve", "-input=false", "-no-color")
	})
}

// The organisation's identity is its id: set on create, every refresh (also
// without a prior identity) and update; an import by identity yields it.
func TestIdentityLifecycle_organization(t *testing.T) {
	srv, url := newOrgTestMock(t)
	h := newProtoHarness(t, url)
	const typeName = "portkey_organization"
	want := map[string]string{"id": srv.OrganisationID()}

	created := h.apply(typeName, nil, map[string]tftypes.Value{"input_guardrails": strSet("pii-redaction")})
	if st := h.stateValues(typeName, created.state); st["id"] != srv.OrganisationID() {
		t.Fatalf("created state: %v", st)
	}
	h.expectIdentity("after create", typeName, created.identity, want)
	h.checkReads(typeName, created, want)
	updated := h.apply(typeName, &created, map[string]tftypes.Value{"input_guardrails": strSet("toxicity")})
	h.expectIdentity("after update", typeName, updated.identity, want)
	if in, _ := mockDefaults(srv); !reflect.DeepEqual(in, []string{"toxicity"}) {
		t.Fatalf("after update: input %v", in)
	}
	h.checkLegacyUpdate(typeName, updated, map[string]tftypes.Value{"input_guardrails": strSet("pii-redaction")}, want)

	imported, refreshed := h.importByIdentity(typeName, want)
	if st := h.stateValues(typeName, imported.state); st["id"] != srv.OrganisationID() {
		t.Fatalf("imported state: %v", st)
	}
	h.expectIdentity("after import by identity", typeName, refreshed.identity, want)
}
