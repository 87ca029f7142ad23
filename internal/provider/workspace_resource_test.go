package provider

import (
	"context"
	"encoding/json"
	"errors"
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

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

const wsAddr = "portkey_workspace.test"

var (
	uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	// wsSlugRE is a workspace slug as Portkey makes them ("ws-shared-e2a85b").
	wsSlugRE = regexp.MustCompile(`^ws-[a-z0-9]+(-[a-z0-9]+)*$`)
	timeRE   = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
)

func testAccWorkspaceMinimal(url, name string) string {
	return wsMinimalHCL(providerBlock(url), name)
}

func testAccWorkspaceFull(url, name, description string, credit float64, rate int) string {
	return wsFullHCL(providerBlock(url), name, description, credit, rate)
}

// wsMinimalHCL is a provider block and a workspace with only a name.
func wsMinimalHCL(provider, name string) string {
	return provider + fmt.Sprintf(`
resource "portkey_workspace" "test" {
  name = %[1]q
}
`, name)
}

// wsFullHCL is a provider block and a workspace with every setting.
func wsFullHCL(provider, name, description string, credit float64, rate int) string {
	return provider + fmt.Sprintf(`
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

// wsAPI reads the workspace with the captured id through the Admin API and
// runs check on it, until it passes in live mode (reads may lag).
func wsAPI(e *accEnv, id *string, check func(ws *client.Workspace) error) wsCheck {
	return func() error {
		return e.Eventually(func() error {
			ws, err := e.API.GetWorkspace(context.Background(), *id)
			if err != nil {
				return err
			}
			return check(ws)
		})
	}
}

// wsGone checks through the Admin API that the workspace with the captured
// id is gone (403 or 404: Portkey answers either after a delete).
func wsGone(e *accEnv, id *string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		return e.Eventually(func() error {
			_, err := e.API.GetWorkspace(context.Background(), *id)
			if errors.Is(err, client.ErrNotFound) || errors.Is(err, client.ErrForbidden) {
				return nil
			}
			if err != nil {
				return err
			}
			return fmt.Errorf("workspace %s still exists after destroy", *id)
		})
	}
}

// wsPutOutOfBand changes a workspace through the Admin API, as Portkey's UI
// would: it reads the workspace, lets change edit the full update, sends it,
// and waits until reads show it.
func wsPutOutOfBand(e *accEnv, id string, change func(*client.UpdateWorkspaceRequest), shows func(*client.Workspace) bool) {
	e.t.Helper()
	ws, err := e.API.GetWorkspace(context.Background(), id)
	e.Must(err)
	req := client.UpdateWorkspaceRequest{
		Name: ws.PlainName(), Description: ws.Description, Icon: ws.Icon,
		UsageLimits: ws.UsageLimits, RateLimits: ws.RateLimits,
	}
	for i := range req.UsageLimits {
		req.UsageLimits[i].NextUsageResetAt = nil
	}
	if d := ws.Defaults; d != nil {
		req.Defaults = &client.WorkspaceDefaults{Metadata: d.Metadata, InputGuardrails: d.InputGuardrails, OutputGuardrails: d.OutputGuardrails, UserAPIKeyConfig: d.UserAPIKeyConfig}
	}
	change(&req)
	e.Must(e.API.UpdateWorkspace(context.Background(), id, req))
	e.Must(e.Eventually(func() error {
		got, err := e.API.GetWorkspace(context.Background(), id)
		if err != nil {
			return err
		}
		if !shows(got) {
			return fmt.Errorf("workspace %s does not show the out-of-band change yet", id)
		}
		return nil
	}))
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
	e := newAccEnv(t)
	name := e.Name("production")
	var id, orgID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             wsGone(e, &id),
		Steps: []resource.TestStep{{
			Config: wsFullHCL(e.Provider(), name, "Live traffic", 100.5, 600),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				wsCapture{wsAddr, "id", &id},
				wsCapture{wsAddr, "organisation_id", &orgID},
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRE)),
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("slug"), knownvalue.StringRegexp(wsSlugRE)),
				// The API answers "🚀 <name>"; the icon is stripped from the name.
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
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
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("organisation_id"), knownvalue.StringRegexp(uuidRE)),
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("is_default"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(timeRE)),
				statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("updated_at"), knownvalue.StringRegexp(timeRE)),
				wsAPI(e, &id, func(ws *client.Workspace) error {
					if ws.PlainName() != name || ws.Icon == nil || *ws.Icon != "🚀" || ws.OrganisationID != orgID {
						return fmt.Errorf("Portkey has name %q icon %v organisation %q", ws.Name, ws.Icon, ws.OrganisationID)
					}
					named, err := e.API.ListWorkspaces(context.Background(), client.ListWorkspacesOptions{ExactName: name})
					if err != nil {
						return err
					}
					if len(named) != 1 {
						return fmt.Errorf("%d workspaces named %s, want 1", len(named), name)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccWorkspaceResource_import(t *testing.T) {
	e := newAccEnv(t)
	var slug string
	config := wsFullHCL(e.Provider(), e.Name("imported"), "To import", 12.25, 30)
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
	e := newAccEnv(t)
	before, after := e.Name("before"), e.Name("after")
	var id string
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: wsFullHCL(e.Provider(), before, "First", 100, 60),
				ConfigStateChecks: []statecheck.StateCheck{
					wsCapture{wsAddr, "id", &id},
					sameID.AddStateValue(wsAddr, tfjsonpath.New("id")),
				},
			},
			{
				// Guardrails set in Portkey are not managed here; an update
				// must keep them. Only the mock has a guardrail to set: in
				// live mode the update runs without one.
				PreConfig: func() {
					if e.Live() {
						return
					}
					e.Must(e.Mock.Patch(mockserver.KindWorkspace, id, map[string]any{
						"defaults": map[string]any{"metadata": map[string]string{"team": "platform"}, "input_guardrails": []string{"gr-pii"}},
					}))
				},
				Config: wsFullHCL(e.Provider(), after, "Second", 250.75, 120),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: append([]statecheck.StateCheck{
					sameID.AddStateValue(wsAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("name"), knownvalue.StringExact(after)),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("description"), knownvalue.StringExact("Second")),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("usage_limits").AtSliceIndex(0).AtMapKey("credit_limit"), knownvalue.Float64Exact(250.75)),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("rate_limits").AtSliceIndex(0).AtMapKey("value"), knownvalue.Int64Exact(120)),
					wsAPI(e, &id, func(ws *client.Workspace) error {
						if ws.PlainName() != after || ws.Description == nil || *ws.Description != "Second" {
							return fmt.Errorf("Portkey has name %q description %v", ws.Name, ws.Description)
						}
						return nil
					}),
				}, e.MockOnly(wsCheck(func() error {
					obj, err := wsServerObject(e.Mock, id)
					if err != nil {
						return err
					}
					defaults, _ := obj["defaults"].(map[string]any)
					if g, _ := defaults["input_guardrails"].([]any); len(g) != 1 || g[0] != "gr-pii" {
						return fmt.Errorf("the unmanaged guardrails were lost: defaults = %v", defaults)
					}
					return nil
				}))...),
			},
		},
	})
}

func TestAccWorkspaceResource_drift(t *testing.T) {
	e := newAccEnv(t)
	name, renamed := e.Name("drifting"), e.Name("renamed-in-ui")
	var id string
	config := wsFullHCL(e.Provider(), name, "Managed", 100, 60)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{wsCapture{wsAddr, "id", &id}}},
			{
				// Renamed and re-limited in Portkey's UI: the plan puts it back.
				PreConfig: func() {
					five, threshold, monthly := 5.0, 80.5, "monthly"
					wsPutOutOfBand(e, id, func(r *client.UpdateWorkspaceRequest) {
						r.Name = renamed
						r.UsageLimits = []client.UsageLimit{{Type: "cost", CreditLimit: &five, AlertThreshold: &threshold, PeriodicReset: &monthly}}
						r.RateLimits = nil
					}, func(ws *client.Workspace) bool { return ws.PlainName() == renamed && len(ws.RateLimits) == 0 })
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(wsAddr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					},
				},
			},
			{
				// A description cleared outside Terraform is detected.
				PreConfig: func() {
					wsPutOutOfBand(e, id, func(r *client.UpdateWorkspaceRequest) { r.Description = nil },
						func(ws *client.Workspace) bool { return ws.Description == nil || *ws.Description == "" })
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(wsAddr, tfjsonpath.New("description"), knownvalue.StringExact("Managed")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{wsAPI(e, &id, func(ws *client.Workspace) error {
					if ws.PlainName() != name || ws.Description == nil || *ws.Description != "Managed" ||
						len(ws.UsageLimits) != 1 || ws.UsageLimits[0].CreditLimit == nil || *ws.UsageLimits[0].CreditLimit != 100 || len(ws.RateLimits) != 1 {
						return fmt.Errorf("drift not corrected in Portkey: %+v", ws)
					}
					return nil
				})},
			},
		},
	})
}

func TestAccWorkspaceResource_disappears(t *testing.T) {
	e := newAccEnv(t)
	name := e.Name("ephemeral")
	var id string
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	config := wsMinimalHCL(e.Provider(), name)
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
					e.Must(e.API.DeleteWorkspace(context.Background(), id, name))
					e.Must(wsGone(e, &id)(nil))
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
	e := newAccEnv(t)
	name := e.Name("clearable")
	var id string
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: wsFullHCL(e.Provider(), name, "Soon gone", 100, 60),
				ConfigStateChecks: []statecheck.StateCheck{
					wsCapture{wsAddr, "id", &id},
					sameID.AddStateValue(wsAddr, tfjsonpath.New("id")),
				},
			},
			{
				Config: wsMinimalHCL(e.Provider(), name),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: append([]statecheck.StateCheck{
					sameID.AddStateValue(wsAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("description"), knownvalue.Null()),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("metadata"), knownvalue.Null()),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("usage_limits"), knownvalue.Null()),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("rate_limits"), knownvalue.Null()),
					wsAPI(e, &id, func(ws *client.Workspace) error {
						cleared := (ws.Description == nil || *ws.Description == "") && (ws.Icon == nil || *ws.Icon == "") &&
							(ws.Defaults == nil || len(ws.Defaults.Metadata) == 0) && len(ws.UsageLimits) == 0 && len(ws.RateLimits) == 0
						if !cleared {
							return fmt.Errorf("Portkey still has settings the configuration dropped: %+v", ws)
						}
						return nil
					}),
				}, e.MockOnly(wsCheck(func() error {
					// The mock stores a cleared field as absent, not as empty.
					obj, err := wsServerObject(e.Mock, id)
					if err != nil {
						return err
					}
					for _, f := range []string{"description", "icon", "defaults", "usage_limits", "rate_limits"} {
						if obj[f] != nil {
							return fmt.Errorf("%s = %v on the server, want it cleared", f, obj[f])
						}
					}
					return nil
				}))...),
			},
		},
	})
}

func TestAccWorkspaceResource_validation(t *testing.T) {
	e := newAccEnv(t)
	limited := func(usage, rate string) string {
		return e.Provider() + fmt.Sprintf(`
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
		{e.Provider() + `
resource "portkey_workspace" "test" {
  name = ""
}
`, `must not be empty`},
		{e.Provider() + `
resource "portkey_workspace" "test" {
  name        = "x"
  description = ""
}
`, `length must be at least 1`},
		{e.Provider() + `
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
