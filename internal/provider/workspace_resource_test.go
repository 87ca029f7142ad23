package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

const wsAddr = "portkey_workspace.test"

var (
	uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	timeRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
)

func testAccWorkspaceMinimal(url, name string) string {
	return providerBlock(url) + fmt.Sprintf(`
resource "portkey_workspace" "test" {
  name = %[1]q
}
`, name)
}

func testAccWorkspaceFull(url, name, description string, credit float64, rate int) string {
	return providerBlock(url) + fmt.Sprintf(`
resource "portkey_workspace" "test" {
  name        = %[1]q
  description = %[2]q
  icon        = "🚀"
  metadata = {
    team = "platform"
  }

  usage_limits = [{
    type            = "cost"
    credit_limit    = %[3]g
    alert_threshold = 80.5
    periodic_reset  = "monthly"
  }]

  rate_limits = [{
    type  = "requests"
    unit  = "rpm"
    value = %[4]d
  }]
}
`, name, description, credit, rate)
}

// wsCheck adapts a function to a state check and a plan check.
type wsCheck func() error

func (f wsCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

func (f wsCheck) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f()
}

// wsCapture copies a resource's attribute from state into dst.
type wsCapture struct {
	addr, attr string
	dst        *string
}

func (c wsCapture) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State != nil && req.State.Values != nil {
		for _, r := range req.State.Values.RootModule.Resources {
			if r.Address == c.addr {
				if v, ok := r.AttributeValues[c.attr].(string); ok {
					*c.dst = v
					return
				}
			}
		}
	}
	resp.Error = fmt.Errorf("%s.%s not found in state", c.addr, c.attr)
}

// wsServerObject reads a workspace as the mock stores it.
func wsServerObject(srv *mockserver.Server, id string) (map[string]any, error) {
	raw, err := srv.Object(mockserver.KindWorkspace, id)
	if err != nil {
		return nil, err
	}
	var obj map[string]any
	return obj, json.Unmarshal(raw, &obj)
}

// wsDestroyed checks that the workspace with the captured id is gone.
func wsDestroyed(srv *mockserver.Server, id *string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if _, err := srv.Object(mockserver.KindWorkspace, *id); err == nil {
			return fmt.Errorf("workspace %s still exists after destroy", *id)
		}
		return nil
	}
}

func TestAccWorkspaceResource_basic(t *testing.T) {
	srv, url := newTestMock(t)
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             wsDestroyed(srv, &id),
		Steps: []resource.TestStep{{
			Config: testAccWorkspaceFull(url, "Production", "Live traffic", 100.5, 600),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				wsCapture{wsAddr, "id", &id},
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRE)),
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("slug"), knownvalue.StringRegexp(regexp.MustCompile(`^ws-produc-[0-9a-f]{6}$`))),
				// The API answers "🚀 Production"; the icon is stripped from the name.
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("name"), knownvalue.StringExact("Production")),
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("description"), knownvalue.StringExact("Live traffic")),
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("icon"), knownvalue.StringExact("🚀")),
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("metadata"), knownvalue.MapExact(map[string]knownvalue.Check{
					"team": knownvalue.StringExact("platform"),
				})),
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("usage_limits"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"type":                knownvalue.StringExact("cost"),
						"credit_limit":        knownvalue.Float64Exact(100.5),
						"alert_threshold":     knownvalue.Float64Exact(80.5),
						"periodic_reset":      knownvalue.StringExact("monthly"),
						"periodic_reset_days": knownvalue.Null(),
					}),
				})),
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("rate_limits"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"type": knownvalue.StringExact("requests"), "unit": knownvalue.StringExact("rpm"), "value": knownvalue.Int64Exact(600),
					}),
				})),
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("organisation_id"), knownvalue.StringExact(srv.OrganisationID())),
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("is_default"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(timeRE)),
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("updated_at"), knownvalue.StringRegexp(timeRE)),
				wsCheck(func() error {
					obj, err := wsServerObject(srv, id)
					if err != nil {
						return err
					}
					if obj["name"] != "Production" || obj["icon"] != "🚀" {
						return fmt.Errorf("server has name %v icon %v", obj["name"], obj["icon"])
					}
					if ids := srv.WorkspaceIDsNamed("Production"); len(ids) != 1 {
						return fmt.Errorf("%d workspaces named Production, want 1", len(ids))
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccWorkspaceResource_import(t *testing.T) {
	_, url := newTestMock(t)
	var slug string
	config := testAccWorkspaceFull(url, "Imported", "To import", 12.25, 30)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{wsCapture{wsAddr, "slug", &slug}},
			},
			{ // by UUID
				Config:            config,
				ResourceName:      wsAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{ // by slug: Read resolves it to the UUID
				Config:            config,
				ResourceName:      wsAddr,
				ImportState:       true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return slug, nil },
				ImportStateVerify: true,
			},
			{ // importing something that does not exist fails clearly
				Config:        config,
				ResourceName:  wsAddr,
				ImportState:   true,
				ImportStateId: "ws-nope-000000",
				ExpectError:   regexp.MustCompile(`Cannot import non-existent remote object`),
			},
		},
	})
}

func TestAccWorkspaceResource_update(t *testing.T) {
	srv, url := newTestMock(t)
	var id string
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccWorkspaceFull(url, "Before", "First", 100, 60),
				ConfigStateChecks: []statecheck.StateCheck{
					wsCapture{wsAddr, "id", &id},
					sameID.AddStateValue(wsAddr, tfjsonpath.New("id")),
				},
			},
			{
				// Guardrails set in Portkey are not managed here; an update must keep them.
				PreConfig: func() {
					if err := srv.Patch(mockserver.KindWorkspace, id, map[string]any{
						"defaults": map[string]any{"metadata": map[string]string{"team": "platform"}, "input_guardrails": []string{"gr-pii"}},
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccWorkspaceFull(url, "After", "Second", 250.75, 120),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(wsAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("name"), knownvalue.StringExact("After")),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("description"), knownvalue.StringExact("Second")),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("usage_limits").AtSliceIndex(0).AtMapKey("credit_limit"), knownvalue.Float64Exact(250.75)),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("rate_limits").AtSliceIndex(0).AtMapKey("value"), knownvalue.Int64Exact(120)),
					wsCheck(func() error {
						obj, err := wsServerObject(srv, id)
						if err != nil {
							return err
						}
						defaults, _ := obj["defaults"].(map[string]any)
						if g, _ := defaults["input_guardrails"].([]any); len(g) != 1 || g[0] != "gr-pii" {
							return fmt.Errorf("the unmanaged guardrails were lost: defaults = %v", defaults)
						}
						if obj["name"] != "After" {
							return fmt.Errorf("server name %v", obj["name"])
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccWorkspaceResource_drift(t *testing.T) {
	srv, url := newTestMock(t)
	var id string
	config := testAccWorkspaceFull(url, "Drifting", "Managed", 100, 60)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{wsCapture{wsAddr, "id", &id}}},
			{
				// Renamed and re-limited in Portkey's UI: the plan puts it back.
				PreConfig: func() {
					if err := srv.Patch(mockserver.KindWorkspace, id, map[string]any{
						"name":         "Renamed in UI",
						"usage_limits": []map[string]any{{"type": "cost", "credit_limit": 5, "alert_threshold": 80.5, "periodic_reset": "monthly"}},
						"rate_limits":  nil,
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(wsAddr, tfjsonpath.New("name"), knownvalue.StringExact("Drifting")),
					},
				},
			},
			{
				// A description cleared outside Terraform is detected.
				PreConfig: func() {
					if err := srv.Patch(mockserver.KindWorkspace, id, map[string]any{"description": nil}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(wsAddr, tfjsonpath.New("description"), knownvalue.StringExact("Managed")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{wsCheck(func() error {
					obj, err := wsServerObject(srv, id)
					if err != nil {
						return err
					}
					limits, _ := obj["usage_limits"].([]any)
					first, _ := limits[0].(map[string]any)
					if obj["name"] != "Drifting" || obj["description"] != "Managed" || first["credit_limit"] != float64(100) || obj["rate_limits"] == nil {
						return fmt.Errorf("drift not corrected on the server: %v", obj)
					}
					return nil
				})},
			},
		},
	})
}

func TestAccWorkspaceResource_disappears(t *testing.T) {
	srv, url := newTestMock(t)
	var id string
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	config := testAccWorkspaceMinimal(url, "Ephemeral")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					wsCapture{wsAddr, "id", &id},
					differentID.AddStateValue(wsAddr, tfjsonpath.New("id")),
				},
			},
			{
				// Deleted in Portkey: the API now answers 403 for it, the list
				// no longer has it, so the plan recreates it without an error.
				PreConfig: func() {
					if err := srv.Delete(mockserver.KindWorkspace, id); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(wsAddr, tfjsonpath.New("id"))},
			},
		},
	})
}

func TestAccWorkspaceResource_clearOptional(t *testing.T) {
	srv, url := newTestMock(t)
	var id string
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccWorkspaceFull(url, "Clearable", "Soon gone", 100, 60),
				ConfigStateChecks: []statecheck.StateCheck{
					wsCapture{wsAddr, "id", &id},
					sameID.AddStateValue(wsAddr, tfjsonpath.New("id")),
				},
			},
			{
				Config: testAccWorkspaceMinimal(url, "Clearable"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(wsAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("description"), knownvalue.Null()),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("metadata"), knownvalue.Null()),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("usage_limits"), knownvalue.Null()),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("rate_limits"), knownvalue.Null()),
					wsCheck(func() error {
						obj, err := wsServerObject(srv, id)
						if err != nil {
							return err
						}
						for _, f := range []string{"description", "icon", "defaults", "usage_limits", "rate_limits"} {
							if obj[f] != nil {
								return fmt.Errorf("%s = %v on the server, want it cleared", f, obj[f])
							}
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccWorkspaceResource_validation(t *testing.T) {
	_, url := newTestMock(t)
	limited := func(usage, rate string) string {
		return providerBlock(url) + fmt.Sprintf(`
resource "portkey_workspace" "test" {
  name         = "Invalid"
  usage_limits = [%s]
  rate_limits  = [%s]
}
`, usage, rate)
	}
	okUsage := `{ type = "cost", credit_limit = 10 }`
	okRate := `{ type = "requests", unit = "rpm", value = 10 }`
	var steps []resource.TestStep
	for _, tc := range []struct{ config, want string }{
		{limited(`{ type = "dollars", credit_limit = 10 }`, okRate), `value must be one of`},
		{limited(okUsage, `{ type = "calls", unit = "rpm", value = 10 }`), `value must be one of`},
		{limited(okUsage, `{ type = "requests", unit = "rps", value = 10 }`), `value must be one of`},
		{limited(`{ type = "cost", credit_limit = 10, periodic_reset = "monthly", periodic_reset_days = 30 }`, okRate), `cannot be specified when`},
		{limited(`{ type = "cost", periodic_reset = "daily" }`, okRate), `value must be one of`},
		{limited(`{ type = "cost", periodic_reset_days = 366 }`, okRate), `between 1 and 365`},
		{limited(`{ type = "cost", credit_limit = -5 }`, okRate), `must be at least 1`},
		{limited(`{ type = "cost", credit_limit = 0 }`, okRate), `must be at least 1`},
		{limited(`{ type = "cost", alert_threshold = -1 }`, okRate), `must be at least 1`},
		{limited(okUsage, `{ type = "requests", unit = "rpm", value = -1 }`), `must be at least 1`},
		{limited(okUsage, `{ type = "requests", unit = "rpm", value = 0 }`), `must be at least 1`},
		{providerBlock(url) + `
resource "portkey_workspace" "test" {
  name = ""
}
`, `must not be empty`},
		{providerBlock(url) + `
resource "portkey_workspace" "test" {
  name        = "x"
  description = ""
}
`, `length must be at least 1`},
		{providerBlock(url) + `
resource "portkey_workspace" "test" {
  name         = "x"
  usage_limits = []
}
`, `at least 1`},
	} {
		// Terraform wraps long messages: any space may be a line break.
		want := regexp.MustCompile(strings.ReplaceAll(tc.want, " ", `\s+`))
		steps = append(steps, resource.TestStep{Config: tc.config, PlanOnly: true, ExpectError: want})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}
