package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
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

var (
	akUUIDRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	akHintRE = regexp.MustCompile(`^pk\*{5}[0-9a-f]{3}$`)
	akKeyRE  = regexp.MustCompile(`^pk-[0-9a-f]{40}$`)
	akTimeRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
)

const akMinimalBody = `  name   = "ci"
  scopes = ["completions.write"]
`

// akFullBody sets every mutable attribute; akFullBody2 changes each of them.
const akFullBody = `  name                  = "ci"
  description           = "first"
  scopes                = ["completions.write", "logs.view"]
  config_id             = "pc-first"
  allow_config_override = true
  alert_emails          = ["ops@example.com"]
  expires_at            = "2099-01-01T00:00:00Z"
  metadata = {
    team = "ml"
  }
  rate_limits = [{
    type  = "requests"
    unit  = "rpm"
    value = 100
  }]
  usage_limits = {
    credit_limit    = 100.5
    alert_threshold = 80
    periodic_reset  = "monthly"
  }
  rotation_policy = {
    rotation_period          = "weekly"
    key_transition_period_ms = 3600000
  }
`

const akFullBody2 = `  name                  = "ci-renamed"
  description           = "second"
  scopes                = ["logs.view"]
  config_id             = "pc-second"
  allow_config_override = false
  alert_emails          = ["OPS@example.com", "sre@example.com"]
  expires_at            = "2099-06-01T02:00:00+02:00"
  metadata = {
    team = "infra"
    env  = "prod"
  }
  rate_limits = [{
    type  = "tokens"
    unit  = "rpd"
    value = 5000
    }, {
    type  = "requests"
    unit  = "rps"
    value = 5
  }]
  usage_limits = {
    type                = "tokens"
    credit_limit        = 250000
    alert_threshold     = 1000
    periodic_reset_days = 30
  }
  rotation_policy = {
    next_rotation_at         = "2099-01-05T00:00:00Z"
    key_transition_period_ms = 7200000
  }
`

func TestAccAPIKeyResource_basic(t *testing.T) {
	t.Parallel()
	for _, c := range apiKeyCombos {
		t.Run(c.name, func(t *testing.T) {
			akNeedsUser(t, c)
			e := newAPIKeyTestEnv(t)
			var wantWS knownvalue.Check = knownvalue.Null()
			if c.typ == "workspace" {
				wantWS = knownvalue.StringExact(e.wsA)
			}
			var wantUser knownvalue.Check = knownvalue.Null()
			if c.sub == "user" {
				wantUser = knownvalue.StringExact(e.user1)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: e.config(c, akMinimalBody),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionCreate)},
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(akUUIDRE)),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("type"), knownvalue.StringExact(c.typ)),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("sub_type"), knownvalue.StringExact(c.sub)),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("workspace_id"), wantWS),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("user_id"), wantUser),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("key"), knownvalue.StringRegexp(e.keyRE())),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("key_hint"), knownvalue.StringRegexp(e.hintRE())),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("organisation_id"), knownvalue.StringExact(e.orgID)),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(akTimeRE)),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("updated_at"), knownvalue.StringRegexp(akTimeRE)),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("allow_config_override"), knownvalue.Bool(false)),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("scopes"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("completions.write")})),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("description"), knownvalue.Null()),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("usage_limits"), knownvalue.Null()),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("rotation_policy"), knownvalue.Null()),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("rate_limits"), knownvalue.Null()),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("last_reset_at"), knownvalue.Null()),
						statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("key_transition_expires_at"), knownvalue.Null()),
						statecheck.ExpectSensitiveValue(akAddr, tfjsonpath.New("key")),
						e.MockCheck(akSecretMatchesMock(e.srv)),
						akAPIKey(e, func(k map[string]any) error {
							if k["type"] != c.typ+"-"+c.sub || k["name"] != e.Name("ci") {
								return fmt.Errorf("unexpected type or name")
							}
							return nil
						}),
					},
				}},
			})
		})
	}
}

func TestAccAPIKeyResource_import(t *testing.T) {
	t.Parallel()
	for _, c := range apiKeyCombos {
		t.Run(c.name, func(t *testing.T) {
			akNeedsUser(t, c)
			e := newAPIKeyTestEnv(t)
			cfg := e.config(c, akFullBody)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: cfg},
					{
						ResourceName:      akAddr,
						ImportState:       true,
						ImportStateVerify: true,
						// Portkey shows the secret only on create and rotate, so an
						// imported key has a null `key`; everything else must match.
						ImportStateVerifyIgnore: []string{"key"},
					},
					{
						// An import block with the same configuration plans a
						// no-op import (the framework fails on any change), and
						// the imported key has no secret.
						Config:          cfg,
						ResourceName:    akAddr,
						ImportState:     true,
						ImportStateKind: resource.ImportBlockWithID,
						ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectKnownValue(akAddr, tfjsonpath.New("key"), knownvalue.Null()),
							plancheck.ExpectKnownValue(akAddr, tfjsonpath.New("key_hint"), knownvalue.StringRegexp(e.hintRE())),
							plancheck.ExpectKnownValue(akAddr, tfjsonpath.New("usage_limits").AtMapKey("credit_limit"), knownvalue.Float64Exact(100.5)),
						}},
					},
				},
			})
		})
	}
}

// akMockHas checks fields of a key as JSON (the mock's, or an API answer):
// top-level values, and "a.b" for one level of nesting. A nil want means
// cleared: null, absent, or empty.
func akMockHas(want map[string]any) func(k map[string]any) error {
	return func(k map[string]any) error {
		for field, w := range want {
			var got any = k
			for _, part := range regexp.MustCompile(`\.`).Split(field, -1) {
				m, _ := got.(map[string]any)
				got = m[part]
			}
			gotJSON, _ := json.Marshal(got)
			if w == nil && (string(gotJSON) == "[]" || string(gotJSON) == "{}") {
				continue
			}
			wantJSON, _ := json.Marshal(w)
			if string(gotJSON) != string(wantJSON) {
				return fmt.Errorf("%s = %s, want %s", field, gotJSON, wantJSON)
			}
		}
		return nil
	}
}

func TestAccAPIKeyResource_update(t *testing.T) {
	t.Parallel()
	for _, c := range apiKeyCombos {
		t.Run(c.name, func(t *testing.T) {
			akNeedsUser(t, c)
			e := newAPIKeyTestEnv(t)
			sameID := statecheck.CompareValue(compare.ValuesSame())
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: e.config(c, akFullBody),
						ConfigStateChecks: []statecheck.StateCheck{
							sameID.AddStateValue(akAddr, tfjsonpath.New("id")),
							statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("usage_limits"), knownvalue.ObjectExact(map[string]knownvalue.Check{
								"type": knownvalue.StringExact("cost"), "credit_limit": knownvalue.Float64Exact(100.5),
								"alert_threshold": knownvalue.Float64Exact(80), "periodic_reset": knownvalue.StringExact("monthly"),
								"periodic_reset_days": knownvalue.Null(), "next_usage_reset_at": knownvalue.StringRegexp(akTimeRE),
							})),
							statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("rotation_policy"), knownvalue.ObjectExact(map[string]knownvalue.Check{
								"rotation_period": knownvalue.StringExact("weekly"), "key_transition_period_ms": knownvalue.Int64Exact(3600000),
								"next_rotation_at": knownvalue.StringRegexp(regexp.MustCompile(`T00:00:00Z$`)),
							})),
							akAPIKey(e, e.has(map[string]any{
								"description": "first", "defaults.config_id": "pc-first", "defaults.allow_config_override": true,
								"defaults.metadata": map[string]any{"team": "ml"}, "alert_emails": []any{"ops@example.com"},
								"expires_at": "2099-01-01T00:00:00.000Z", "usage_limits.credit_limit": 100.5,
								"rotation_policy.rotation_period": "weekly", "scopes": []any{"completions.write", "logs.view"},
							})),
						},
					},
					{
						// Every mutable attribute changes in place: one PUT, same id.
						PreConfig: e.clearRequests,
						Config:    e.config(c, akFullBody2),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionUpdate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							sameID.AddStateValue(akAddr, tfjsonpath.New("id")),
							statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("name"), knownvalue.StringExact(e.Name("ci-renamed"))),
							statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("key"), knownvalue.StringRegexp(e.keyRE())),
							e.MockCheck(akSecretMatchesMock(e.srv)),
							akAPIKey(e, e.has(map[string]any{
								"name": e.Name("ci-renamed"), "description": "second", "scopes": []any{"logs.view"},
								"defaults.config_id": "pc-second", "defaults.allow_config_override": false,
								"defaults.metadata": map[string]any{"env": "prod", "team": "infra"},
								"alert_emails":      []any{"OPS@example.com", "sre@example.com"}, "expires_at": "2099-06-01T00:00:00.000Z",
								"rate_limits":               []any{map[string]any{"type": "tokens", "unit": "rpd", "value": 5000}, map[string]any{"type": "requests", "unit": "rps", "value": 5}},
								"usage_limits.type":         "tokens",
								"usage_limits.credit_limit": 250000, "usage_limits.alert_threshold": 1000,
								"usage_limits.periodic_reset": nil, "usage_limits.periodic_reset_days": 30,
								"rotation_policy.rotation_period": nil, "rotation_policy.next_rotation_at": "2099-01-05T00:00:00.000Z",
								"rotation_policy.key_transition_period_ms": 7200000,
							})),
							e.MockCheck(akCheck(func() error {
								if n := e.srv.Count("PUT /api-keys/{id}"); n != 1 {
									return fmt.Errorf("%d PUTs, want 1", n)
								}
								return nil
							})),
						},
					},
					{
						// Removing every optional attribute clears it in Portkey.
						Config: e.config(c, akMinimalBody),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionUpdate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							sameID.AddStateValue(akAddr, tfjsonpath.New("id")),
							statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("usage_limits"), knownvalue.Null()),
							statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("rotation_policy"), knownvalue.Null()),
							akAPIKey(e, e.has(map[string]any{
								"name": e.Name("ci"), "description": nil, "scopes": []any{"completions.write"},
								"defaults.config_id": nil, "defaults.allow_config_override": false, "defaults.metadata": nil,
								"alert_emails": nil, "expires_at": nil, "rate_limits": nil, "usage_limits": nil, "rotation_policy": nil,
							})),
						},
					},
					{
						// And everything can be set again, still in place.
						Config: e.config(c, akFullBody),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionUpdate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							sameID.AddStateValue(akAddr, tfjsonpath.New("id")),
							akAPIKey(e, e.has(map[string]any{"description": "first", "usage_limits.credit_limit": 100.5})),
						},
					},
				},
			})
		})
	}
}

func TestAccAPIKeyResource_replace(t *testing.T) {
	e := newAPIKeyTestEnv(t)
	wsService, wsUser, orgService := apiKeyCombos[1], apiKeyCombos[2], apiKeyCombos[0]
	differ := statecheck.CompareValue(compare.ValuesDiffer())
	replaced := func(cfg string) resource.TestStep {
		return resource.TestStep{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				differ.AddStateValue(akAddr, tfjsonpath.New("id")),
				e.MockCheck(akSecretMatchesMock(e.srv)),
				akCheck(func() error {
					return e.Eventually(func() error {
						keys, err := akKeysNamed(e, e.Name("ci"))
						if err != nil {
							return err
						}
						if len(keys) != 1 {
							return fmt.Errorf("%d keys named %s, want 1 (the replaced one deleted)", len(keys), e.Name("ci"))
						}
						return nil
					})
				}),
			},
		}
	}
	steps := []resource.TestStep{
		{
			Config:            e.configIn(wsService, e.wsA, "", akMinimalBody),
			ConfigStateChecks: []statecheck.StateCheck{differ.AddStateValue(akAddr, tfjsonpath.New("id"))},
		},
		replaced(e.configIn(wsService, e.wsB, "", akMinimalBody)), // workspace_id
	}
	if !e.Live() { // the mock seeds the users a user key needs
		steps = append(steps,
			replaced(e.configIn(wsUser, e.wsB, e.user1, akMinimalBody)), // sub_type
			replaced(e.configIn(wsUser, e.wsB, e.user2, akMinimalBody)), // user_id
		)
	}
	steps = append(steps,
		replaced(e.configIn(orgService, "", "", akMinimalBody)),                // type
		replaced(e.configIn(wsService, e.wsASlug, "", akMinimalBody)),          // type again, by slug
		replaced(e.configIn(wsService, e.wsBSlug, "", akMinimalBody)),          // another workspace's slug
		replaced(e.configIn(wsService, e.defaultWorkspace, "", akMinimalBody)), // from a slug to another UUID
	)
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// The same workspace named by its slug or its UUID is the same key: no
// replacement, and the reference is kept as written.
func TestAccAPIKeyResource_workspaceSlug(t *testing.T) {
	e := newAPIKeyTestEnv(t)
	c := apiKeyCombos[1]
	sameID := statecheck.CompareValue(compare.ValuesSame())
	step := func(ref string) resource.TestStep {
		return resource.TestStep{
			Config: e.configIn(c, ref, "", akMinimalBody),
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(akAddr, tfjsonpath.New("id")),
				statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("workspace_id"), knownvalue.StringExact(ref)),
				akAPIKey(e, e.has(map[string]any{"workspace_id": e.wsA})),
			},
		}
	}
	toUUID := step(e.wsA)
	toUUID.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionUpdate)}
	toSlug := step(e.wsASlug)
	toSlug.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionUpdate)}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(e.wsASlug),
			toUUID,
			toSlug,
			{
				// An import takes the UUID; a configuration with the slug then
				// plans an in-place update of workspace_id only.
				ResourceName:            akAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"key", "workspace_id"},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if got := states[0].Attributes["workspace_id"]; got != e.wsA {
						return fmt.Errorf("imported workspace_id = %s, want the UUID %s", got, e.wsA)
					}
					return nil
				},
			},
			{
				// Importing with a configuration that writes the slug plans an
				// in-place change of workspace_id, not a replacement.
				Config:             e.configIn(c, e.wsASlug, "", akMinimalBody),
				ResourceName:       akAddr,
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithID,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(akAddr, tfjsonpath.New("workspace_id"), knownvalue.StringExact(e.wsASlug)),
				}},
			},
		},
	})
}

// Switching workspace_id to a slug that Portkey answers 403 for is not
// "another workspace" unless the organisation lists no such workspace: the
// plan fails instead of replacing the key (a new secret).
func TestAccAPIKeyResource_workspaceSlugForbidden(t *testing.T) {
	mockOnly(t, "fault injection (a 403 on the key list)")
	e := newAPIKeyTestEnv(t)
	c := apiKeyCombos[1]
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: e.configIn(c, e.wsA, "", akMinimalBody)},
			{
				PreConfig: func() {
					e.srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/api-keys", Status: 403, Code: "AB03", Times: -1})
				},
				Config:      e.configIn(c, e.wsASlug, "", akMinimalBody),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unable to Plan API Key.*403.*AB03.*` + e.wsASlug),
			},
			{
				// With the slug readable again, it names the same workspace.
				PreConfig: e.srv.ClearFaults,
				Config:    e.configIn(c, e.wsASlug, "", akMinimalBody),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionUpdate),
				}},
			},
		},
	})
}

func TestAccAPIKeyResource_drift(t *testing.T) {
	t.Parallel()
	for _, c := range apiKeyCombos {
		t.Run(c.name, func(t *testing.T) {
			akNeedsUser(t, c)
			e := newAPIKeyTestEnv(t)
			cfg := e.config(c, akFullBody)
			var id string
			sameID := statecheck.CompareValue(compare.ValuesSame())
			steps := []resource.TestStep{
				{
					Config: cfg,
					ConfigStateChecks: []statecheck.StateCheck{
						sameID.AddStateValue(akAddr, tfjsonpath.New("id")),
						akState(func(s *tfjson.State) error {
							r, err := akTestResource(s)
							if err == nil {
								id = r.AttributeValues["id"].(string)
							}
							return err
						}),
					},
				},
				{
					// Changed in Portkey: the credit limit (nested), the
					// description, a scope and the metadata.
					PreConfig: func() {
						akPutOutOfBand(e, id, func(r *client.UpdateAPIKeyRequest) {
							five, desc := 5.0, "changed in the UI"
							r.UsageLimits.CreditLimit = &five
							r.Description = &desc
							r.Scopes = []string{"completions.write"}
							r.Defaults.Metadata = map[string]string{"team": "other"}
						}, func(k *client.APIKey) bool { return k.Description != nil && *k.Description == "changed in the UI" })
					},
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(akAddr, tfjsonpath.New("usage_limits").AtMapKey("credit_limit"), knownvalue.Float64Exact(100.5)),
						akPlan(func(p *tfjson.Plan) error {
							for _, rc := range p.ResourceChanges {
								if rc.Address != akAddr {
									continue
								}
								before, _ := rc.Change.Before.(map[string]any)
								usage, _ := before["usage_limits"].(map[string]any)
								if fmt.Sprint(usage["credit_limit"]) != "5" || before["description"] != "changed in the UI" {
									return fmt.Errorf("the refreshed state does not show the drift: %v", before)
								}
								return nil
							}
							return fmt.Errorf("no change for %s", akAddr)
						}),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						sameID.AddStateValue(akAddr, tfjsonpath.New("id")),
						akAPIKey(e, e.has(map[string]any{
							"usage_limits.credit_limit": 100.5, "usage_limits.alert_threshold": 80, "description": "first",
							"scopes": []any{"completions.write", "logs.view"}, "defaults.metadata": map[string]any{"team": "ml"},
						})),
					},
				},
			}
			if !e.Live() { // only the mock can exhaust a key
				steps = append(steps, resource.TestStep{
					// A status changed by Portkey shows up on refresh without a diff.
					PreConfig: func() {
						if err := e.srv.ExhaustAPIKey(id); err != nil {
							t.Fatal(err)
						}
					},
					RefreshState: true,
					Check: func(s *terraform.State) error {
						if got := s.RootModule().Resources[akAddr].Primary.Attributes["status"]; got != "exhausted" {
							return fmt.Errorf("status after refresh = %s, want exhausted", got)
						}
						return nil
					},
				})
			}
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
		})
	}
}

func TestAccAPIKeyResource_disappears(t *testing.T) {
	t.Parallel()
	for _, c := range apiKeyCombos {
		t.Run(c.name, func(t *testing.T) {
			akNeedsUser(t, c)
			e := newAPIKeyTestEnv(t)
			cfg := e.config(c, akMinimalBody)
			var id string
			differ := statecheck.CompareValue(compare.ValuesDiffer())
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: cfg,
						ConfigStateChecks: []statecheck.StateCheck{
							differ.AddStateValue(akAddr, tfjsonpath.New("id")),
							akState(func(s *tfjson.State) error {
								r, err := akTestResource(s)
								if err == nil {
									id = r.AttributeValues["id"].(string)
								}
								return err
							}),
						},
					},
					{
						PreConfig: func() {
							e.Must(e.API.DeleteAPIKey(context.Background(), id))
							e.Must(e.Eventually(func() error {
								switch _, err := e.API.GetAPIKey(context.Background(), id); {
								case errors.Is(err, client.ErrNotFound):
									return nil
								case err != nil:
									return fmt.Errorf("reading the deleted key: %w", err)
								default:
									return fmt.Errorf("the deleted key still reads")
								}
							}))
						},
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionCreate),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							differ.AddStateValue(akAddr, tfjsonpath.New("id")),
							e.MockCheck(akSecretMatchesMock(e.srv)),
						},
					},
				},
			})
		})
	}
}

// An update of a key that is not active does not promise its status: the
// update may revive it (the mock, like a new expiry in Portkey, turns an
// expired key active on every PUT), and a promised "expired" would make the
// apply fail with "Provider produced inconsistent result". An exhausted key
// stays exhausted through a rename.
func TestAccAPIKeyResource_updateInactive(t *testing.T) {
	mockOnly(t, "expiring and exhausting a key (usage or time Portkey counts)")
	e := newAPIKeyTestEnv(t)
	c := apiKeyCombos[1]
	named := func(name string) string {
		return e.config(c, fmt.Sprintf("  name   = %q\n  scopes = [\"completions.write\"]\n  usage_limits = {\n    credit_limit = 10\n  }\n", name))
	}
	var id string
	sameID := statecheck.CompareValue(compare.ValuesSame())
	renamed := func(name, want string, mark func(string) error) resource.TestStep {
		return resource.TestStep{
			PreConfig: func() {
				if err := mark(id); err != nil {
					t.Fatal(err)
				}
			},
			Config: named(name),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(akAddr, tfjsonpath.New("status")),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(akAddr, tfjsonpath.New("id")),
				statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("name"), knownvalue.StringExact(e.Name(name))),
				statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("status"), knownvalue.StringExact(want)),
			},
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: named("one"),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(akAddr, tfjsonpath.New("id")),
					akState(func(s *tfjson.State) error {
						r, err := akTestResource(s)
						if err == nil {
							id = r.AttributeValues["id"].(string)
						}
						return err
					}),
				},
			},
			renamed("two", "active", e.srv.ExpireAPIKey),
			renamed("three", "exhausted", e.srv.ExhaustAPIKey),
			{
				// An active key's status is still kept through an update.
				PreConfig: func() {
					if err := e.srv.Patch(mockserver.KindAPIKey, id, map[string]any{"status": "active"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: named("four"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(akAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				}},
			},
		},
	})
}

// A user key whose user left the organisation answers 403 AB03; with the
// second signal (the user is gone) it is treated as deleted. The same 403
// while the user still exists is an error, never a silent removal.
func TestAccAPIKeyResource_departedUser(t *testing.T) {
	mockOnly(t, "users to remove and re-seed (users join only through invites)")
	e := newAPIKeyTestEnv(t)
	cfg := e.config(apiKeyCombos[2], akMinimalBody)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				// The user leaves and comes back with the same id: the key stays
				// revoked (403 AB03) but the user exists, so this is an error.
				PreConfig: func() {
					if err := e.srv.Delete(mockserver.KindUser, e.user1); err != nil {
						t.Fatal(err)
					}
					e.srv.SeedUser(mockserver.User{ID: e.user1, Email: e.user1Email})
				},
				Config:      cfg,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unable to Read API Key.*403 Forbidden.*AB03`),
			},
			{
				// Gone for good: the key leaves the state and a new one is planned.
				PreConfig: func() {
					if err := e.srv.Delete(mockserver.KindUser, e.user1); err != nil {
						t.Fatal(err)
					}
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionCreate),
				}},
			},
			{
				// Destroying it is not an error either.
				Config:  cfg,
				Destroy: true,
			},
		},
	})
}

func TestAccAPIKeyResource_rotate(t *testing.T) {
	t.Parallel()
	for _, c := range apiKeyCombos {
		t.Run(c.name, func(t *testing.T) {
			akNeedsUser(t, c)
			e := newAPIKeyTestEnv(t)
			body := func(trigger string) string {
				return akMinimalBody + fmt.Sprintf("  rotate_trigger              = %q\n  rotate_transition_period_ms = 3600000\n", trigger)
			}
			sameID := statecheck.CompareValue(compare.ValuesSame())
			newKey := statecheck.CompareValue(compare.ValuesDiffer())
			var oldSecret string
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						// A trigger set at create time does not rotate.
						Config: e.config(c, body("one")),
						ConfigStateChecks: []statecheck.StateCheck{
							sameID.AddStateValue(akAddr, tfjsonpath.New("id")),
							newKey.AddStateValue(akAddr, tfjsonpath.New("key")),
							statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("key_transition_expires_at"), knownvalue.Null()),
							akState(func(s *tfjson.State) error {
								r, err := akTestResource(s)
								if err == nil {
									oldSecret, _ = r.AttributeValues["key"].(string)
								}
								return err
							}),
						},
					},
					{
						Config: e.config(c, body("two")),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionUpdate),
							plancheck.ExpectUnknownValue(akAddr, tfjsonpath.New("key")),
							plancheck.ExpectUnknownValue(akAddr, tfjsonpath.New("key_transition_expires_at")),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							sameID.AddStateValue(akAddr, tfjsonpath.New("id")),
							newKey.AddStateValue(akAddr, tfjsonpath.New("key")),
							statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("key_transition_expires_at"), knownvalue.StringRegexp(akTimeRE)),
							statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("key_hint"), knownvalue.StringRegexp(e.hintRE())),
							e.MockCheck(akSecretMatchesMock(e.srv)),
							e.MockCheck(akCheck(func() error {
								if n := akRequestsWith(e.srv, "POST", "/api-keys/", `"key_transition_period_ms":3600000`); n != 1 {
									return fmt.Errorf("%d rotations with the configured transition, want 1", n)
								}
								if n := e.srv.Count("PUT /api-keys/{id}"); n != 0 {
									return fmt.Errorf("a rotation alone sent %d PUTs", n)
								}
								return nil
							})),
							// The previous secret still authenticates during the
							// transition (on the mock: what Portkey answers a
							// service key on an admin route is not known).
							e.MockCheck(akCheck(func() error { return akAuthenticates(e.url, oldSecret, true) })),
							e.MockCheck(akCheck(func() error { return akAuthenticates(e.url, "pk-not-minted", false) })),
						},
					},
					{
						// A second rotation during the transition is refused, and the
						// trigger stays at its old value so the next apply retries.
						Config:      e.config(c, body("three")),
						ExpectError: regexp.MustCompile(`(?s)Unable to Rotate API Key.*in transition`),
					},
					{
						Config:           e.config(c, body("two")),
						PlanOnly:         true,
						ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
					{
						// Removing the trigger does not rotate.
						Config: e.config(c, akMinimalBody),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionUpdate),
							plancheck.ExpectKnownValue(akAddr, tfjsonpath.New("rotate_trigger"), knownvalue.Null()),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							sameID.AddStateValue(akAddr, tfjsonpath.New("id")),
							e.MockCheck(akSecretMatchesMock(e.srv)),
						},
					},
				},
			})
		})
	}
}

// akKeysNamed lists, through the API, the keys named name in the
// organisation and in the test's workspaces (each once).
func akKeysNamed(e *akEnv, name string) ([]client.APIKey, error) {
	seen := map[string]bool{}
	var named []client.APIKey
	for _, ws := range []string{"", e.wsA, e.wsB, e.defaultWorkspace} {
		keys, err := e.API.ListAPIKeys(context.Background(), client.ListAPIKeysOptions{WorkspaceID: ws})
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if k.Name == name && !seen[k.ID] {
				seen[k.ID] = true
				named = append(named, k)
			}
		}
	}
	return named, nil
}

// akPutOutOfBand changes a key through the API, as Portkey's UI would: it
// reads the key, lets change edit the full update, sends it, and waits
// until reads show it.
func akPutOutOfBand(e *akEnv, id string, change func(*client.UpdateAPIKeyRequest), shows func(*client.APIKey) bool) {
	e.t.Helper()
	k, err := e.API.GetAPIKey(context.Background(), id)
	e.Must(err)
	req := client.UpdateAPIKeyRequest{
		Name: k.Name, Description: k.Description, Scopes: k.Scopes, AlertEmails: k.AlertEmails,
		ExpiresAt: k.ExpiresAt, RateLimits: k.RateLimits, UsageLimits: k.UsageLimits, RotationPolicy: k.RotationPolicy,
		Defaults: &client.APIKeyDefaultsRequest{},
	}
	// What Portkey computes is not sent back.
	if u := req.UsageLimits; u != nil {
		u.NextUsageResetAt = nil
	}
	if r := req.RotationPolicy; r != nil {
		r.Status = ""
		if r.RotationPeriod != nil {
			r.NextRotationAt = nil
		}
	}
	if d := k.Defaults; d != nil {
		req.Defaults.ConfigID = d.ConfigID
		if len(d.Metadata) > 0 {
			req.Defaults.Metadata = map[string]string{}
			for k, v := range d.Metadata {
				req.Defaults.Metadata[k] = fmt.Sprint(v)
			}
		}
		if d.AllowConfigOverride != nil {
			allow := bool(*d.AllowConfigOverride)
			req.Defaults.AllowConfigOverride = &allow
		}
	}
	change(&req)
	e.Must(e.API.UpdateAPIKey(context.Background(), id, req))
	e.Must(e.Eventually(func() error {
		got, err := e.API.GetAPIKey(context.Background(), id)
		if err != nil {
			return err
		}
		if !shows(got) {
			return fmt.Errorf("key %s does not show the out-of-band change yet", id)
		}
		return nil
	}))
}

// akAuthenticates checks whether the mock accepts key (any answer but 401).
func akAuthenticates(baseURL, key string, want bool) error {
	req, err := http.NewRequest("GET", baseURL+"/api-keys/00000000-0000-4000-8000-000000000000", nil) //nolint:noctx // test
	if err != nil {
		return err
	}
	req.Header.Set("x-portkey-api-key", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if got := resp.StatusCode != http.StatusUnauthorized; got != want {
		return fmt.Errorf("key accepted = %v (HTTP %d), want %v", got, resp.StatusCode, want)
	}
	return nil
}

func TestAccAPIKeyResource_resetUsage(t *testing.T) {
	mockOnly(t, "exhausting a key (usage Portkey counts) and the request log")
	t.Parallel()
	for _, c := range apiKeyCombos {
		t.Run(c.name, func(t *testing.T) {
			e := newAPIKeyTestEnv(t)
			body := func(reset string) string {
				b := akMinimalBody + "  usage_limits = {\n    credit_limit = 10\n  }\n"
				if reset != "" {
					b += "  reset_usage = " + reset + "\n"
				}
				return b
			}
			var id string
			resets := func(want int) akCheck {
				return func() error {
					if n := akRequestsWith(e.srv, "PUT", "/api-keys/"+id, `"reset_usage":true`); n != want {
						return fmt.Errorf("%d PUTs reset the usage, want %d", n, want)
					}
					return nil
				}
			}
			exhaust := func() {
				if err := e.srv.ExhaustAPIKey(id); err != nil {
					t.Fatal(err)
				}
			}
			sameID := statecheck.CompareValue(compare.ValuesSame())
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						// reset_usage at create time does nothing (a new key has no usage).
						Config: e.config(c, body("true")),
						ConfigStateChecks: []statecheck.StateCheck{
							sameID.AddStateValue(akAddr, tfjsonpath.New("id")),
							akState(func(s *tfjson.State) error {
								r, err := akTestResource(s)
								if err == nil {
									id = r.AttributeValues["id"].(string)
								}
								return err
							}),
							akCheck(func() error { return resets(0)() }),
							statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("last_reset_at"), knownvalue.Null()),
						},
					},
					{Config: e.config(c, body("false"))},
					{
						// false -> true on an exhausted key: one reset.
						PreConfig: exhaust,
						Config:    e.config(c, body("true")),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionUpdate),
							plancheck.ExpectUnknownValue(akAddr, tfjsonpath.New("status")),
							plancheck.ExpectUnknownValue(akAddr, tfjsonpath.New("last_reset_at")),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							sameID.AddStateValue(akAddr, tfjsonpath.New("id")),
							statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
							statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("last_reset_at"), knownvalue.StringRegexp(akTimeRE)),
							resets(1),
						},
					},
					{
						// Staying true never resets again, even when exhausted again.
						PreConfig: exhaust,
						Config:    e.config(c, body("true")),
						PlanOnly:  true,
						ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(), akCheck(func() error { return resets(1)() }),
						}},
					},
					{
						// true -> false: no reset, no PUT.
						PreConfig: e.clearRequests,
						Config:    e.config(c, body("false")),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("status"), knownvalue.StringExact("exhausted")),
							akCheck(func() error {
								if n := e.srv.Count("PUT /api-keys/{id}"); n != 0 {
									return fmt.Errorf("%d PUTs, want none", n)
								}
								return nil
							}),
						},
					},
					{
						// false -> true again: a second reset.
						Config: e.config(c, body("true")),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
							resets(1), // the log was cleared before the previous step
						},
					},
				},
			})
		})
	}
}

// A usage reset whose read-back fails is still recorded: the PUT reset the
// usage, so the next plan must not reset it again.
func TestAccAPIKeyResource_resetUsageReadBackFails(t *testing.T) {
	mockOnly(t, "exhausting a key, and fault injection")
	e := newAPIKeyTestEnv(t)
	c := apiKeyCombos[1]
	body := func(reset string) string {
		return akMinimalBody + "  usage_limits = {\n    credit_limit = 10\n  }\n  reset_usage = " + reset + "\n"
	}
	var id string
	resets := akCheck(func() error {
		if n := akRequestsWith(e.srv, "PUT", "/api-keys/"+id, `"reset_usage":true`); n != 1 {
			return fmt.Errorf("%d PUTs reset the usage, want 1", n)
		}
		return nil
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.config(c, body("false")),
				ConfigStateChecks: []statecheck.StateCheck{akState(func(s *tfjson.State) error {
					r, err := akTestResource(s)
					if err == nil {
						id = r.AttributeValues["id"].(string)
					}
					return err
				})},
			},
			{
				PreConfig: func() {
					if err := e.srv.ExhaustAPIKey(id); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(c, body("true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionUpdate),
					// Between plan and apply: the read after the PUT fails.
					akCheck(func() error {
						e.srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/api-keys/" + id, Status: 400})
						return nil
					}),
				}},
				ExpectError: regexp.MustCompile(`(?s)Unable to Read API Key.*updated but could not be read back`),
			},
			{
				Config:           e.config(c, body("true")),
				PlanOnly:         true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), resets}},
			},
			{
				Config: e.config(c, body("true")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					resets,
				},
			},
		},
	})
}

// A create whose answer is lost is reconciled by looking the key up; it is
// adopted without its secret, and a rotation mints one.
// akKeysAndCalls checks that the mock holds one key, and how many creates,
// rotations and deletes it received.
func akKeysAndCalls(srv *mockserver.Server, creates, rotations, deletes int) akCheck {
	return func() error {
		got := []int{len(srv.APIKeys()), srv.Count("POST /api-keys/{type}/{subtype}"), srv.Count("POST /api-keys/{id}/rotate"),
			srv.Count("DELETE /api-keys/{id}")}
		if want := []int{1, creates, rotations, deletes}; !slices.Equal(got, want) {
			return fmt.Errorf("keys, creates, rotations, deletes = %v, want %v", got, want)
		}
		return nil
	}
}

// TestAccAPIKeyResource_ambiguousCreate: a create without a definite answer
// never leaves a duplicate, an orphan or a key without its secret.
func TestAccAPIKeyResource_ambiguousCreate(t *testing.T) {
	mockOnly(t, "fault injection (creates whose answer is lost)")
	t.Parallel()
	for _, c := range apiKeyCombos {
		t.Run(c.name, func(t *testing.T) {
			postPath := "/api-keys/" + c.typ + "/" + c.sub
			known := []statecheck.StateCheck{
				statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("key"), knownvalue.StringRegexp(akKeyRE)),
				statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("key_hint"), knownvalue.StringRegexp(akHintRE)),
			}
			t.Run("nothing created: sent again", func(t *testing.T) {
				e := newAPIKeyTestEnv(t)
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
					Steps: []resource.TestStep{{
						PreConfig:         func() { e.srv.InjectFault(mockserver.Fault{Method: "POST", Path: postPath, Status: 502}) },
						Config:            e.config(c, akMinimalBody),
						ConfigStateChecks: append(known, akSecretMatchesMock(e.srv), akKeysAndCalls(e.srv, 2, 0, 0)),
					}},
				})
			})
			t.Run("created, answer lost: adopted and rotated", func(t *testing.T) {
				e := newAPIKeyTestEnv(t)
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
					Steps: []resource.TestStep{{
						PreConfig: func() {
							e.srv.InjectFault(mockserver.Fault{Method: "POST", Path: postPath, CommitThenFail: true, Status: 504})
						},
						Config:            e.config(c, akMinimalBody),
						ConfigStateChecks: append(known, akSecretMatchesMock(e.srv), akKeysAndCalls(e.srv, 1, 1, 0)),
					}},
				})
			})
		})
	}
}

// TestAccAPIKeyResource_ambiguousCreateRotationLost: the rotation that
// recovers an adopted key's secret loses its answer too. Portkey refuses a
// second rotation during the first one's transition, so the key is replaced
// within the same apply by one whose secret is known.
func TestAccAPIKeyResource_ambiguousCreateRotationLost(t *testing.T) {
	mockOnly(t, "fault injection (a create and a rotation whose answers are lost)")
	e := newAPIKeyTestEnv(t)
	c := apiKeyCombos[1]
	var first string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/api-keys/workspace/service", CommitThenFail: true, Reset: true})
				e.srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/api-keys/*", CommitThenFail: true, Status: 502})
			},
			Config: e.config(c, akMinimalBody),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("key"), knownvalue.StringRegexp(akKeyRE)),
				akSecretMatchesMock(e.srv),
				// Created, rotated (answer lost), rotated again (refused),
				// deleted, created again.
				akKeysAndCalls(e.srv, 2, 2, 1),
				akState(func(s *tfjson.State) error {
					r, err := akTestResource(s)
					if err != nil {
						return err
					}
					for _, req := range e.srv.Requests() {
						if req.Method == "DELETE" {
							first = strings.TrimPrefix(req.Path, "/api-keys/")
						}
					}
					if first == "" || r.AttributeValues["id"] == first {
						return fmt.Errorf("state holds %v; the deleted key was %q", r.AttributeValues["id"], first)
					}
					return nil
				}),
			},
		}},
	})
}

// TestAccAPIKeyResource_secretLostThenReplaced: when nothing recovers the
// secret within the apply (max_retries = 0: one rotation, whose answer is
// lost), the key is kept with a warning naming it, and the next plan
// replaces it.
func TestAccAPIKeyResource_secretLostThenReplaced(t *testing.T) {
	mockOnly(t, "fault injection (answers lost)")
	e := newAPIKeyTestEnv(t)
	c := apiKeyCombos[0]
	cfg := strings.Replace(e.config(c, akMinimalBody), `request_timeout = "10s"`, `request_timeout = "10s"
  max_retries     = 0`, 1)
	var lost string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					e.srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/api-keys/organisation/service", CommitThenFail: true, Status: 502})
					e.srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/api-keys/*", CommitThenFail: true, Reset: true})
				},
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("key"), knownvalue.Null()),
					akKeysAndCalls(e.srv, 1, 1, 0),
					akState(func(s *tfjson.State) error {
						r, err := akTestResource(s)
						if err == nil {
							lost, _ = r.AttributeValues["id"].(string)
						}
						return err
					}),
				},
				// The plan after the apply already shows the fix.
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("key"), knownvalue.StringRegexp(akKeyRE)),
					akSecretMatchesMock(e.srv),
					akCheck(func() error {
						if _, err := e.srv.APIKeySecret(lost); err == nil {
							return fmt.Errorf("the key %s without a secret is still in Portkey", lost)
						}
						if n := len(e.srv.APIKeys()); n != 1 {
							return fmt.Errorf("%d keys in the mock, want 1", n)
						}
						return nil
					}),
				},
			},
		},
	})
}

// A create whose 200 answer cannot be decoded made the key: it is adopted
// and rotated for its secret, never reported as "nothing was created".
func TestAccAPIKeyResource_undecodableCreateAnswer(t *testing.T) {
	mockOnly(t, "fault injection (a truncated create answer)")
	e := newAPIKeyTestEnv(t)
	c := apiKeyCombos[1]
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/api-keys/workspace/service", Truncate: true})
			},
			Config: e.config(c, akMinimalBody),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("key"), knownvalue.StringRegexp(akKeyRE)),
				statecheck.ExpectKnownValue(akAddr, tfjsonpath.New("key_hint"), knownvalue.StringRegexp(akHintRE)),
				akSecretMatchesMock(e.srv),
				akKeysAndCalls(e.srv, 1, 1, 0),
			},
		}},
	})
}

// Two keys that match the natural key are never adopted.
func TestAccAPIKeyResource_ambiguousCreateTwoMatches(t *testing.T) {
	mockOnly(t, "fault injection (a create whose answer is lost)")
	e := newAPIKeyTestEnv(t)
	c := apiKeyCombos[1]
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				// Someone else creates a key of the same name just before.
				cl, err := client.New(client.Config{BaseURL: e.url, APIKey: testAdminKey})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := cl.CreateAPIKey(context.Background(), "workspace", "service", client.CreateAPIKeyRequest{
					Name: e.Name("ci"), WorkspaceID: &e.wsA, Scopes: []string{"a"},
				}); err != nil {
					t.Fatal(err)
				}
				e.srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/api-keys/workspace/service", CommitThenFail: true, Reset: true})
			},
			Config:      e.config(c, akMinimalBody),
			ExpectError: regexp.MustCompile(`(?s)Unable to Create API Key.*2\s+objects\s+like\s+it\s+were\s+created.*adopts\s+none`),
		}},
	})
}

func TestAccAPIKeyResource_apiErrors(t *testing.T) {
	mockOnly(t, "fault injection")
	e := newAPIKeyTestEnv(t)
	c := apiKeyCombos[1]
	cfg := e.config(c, akMinimalBody)
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The API's own validation answer is shown with its code.
				Config:      e.configIn(c, "ws-nope-000000", "", akMinimalBody),
				ExpectError: regexp.MustCompile(`(?s)Unable to Create API Key.*404.*AB08.*does not exist`),
			},
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{akState(func(s *tfjson.State) error {
					r, err := akTestResource(s)
					if err == nil {
						id = r.AttributeValues["id"].(string)
					}
					return err
				})},
			},
			{
				// A 403 on read is an error, never "deleted".
				PreConfig: func() {
					e.srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/api-keys/" + id, Status: 403, Times: -1})
				},
				Config:      cfg,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unable to Read API Key.*403`),
			},
			{
				// Server errors on read are retried.
				PreConfig: func() {
					e.srv.ClearFaults()
					e.srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/api-keys/" + id, Status: 503, Times: 2})
				},
				Config:   cfg,
				PlanOnly: true,
			},
			{
				// An update of a key deleted after the refresh is an error.
				PreConfig: func() {
					e.srv.InjectFault(mockserver.Fault{Method: "PUT", Path: "/api-keys/" + id, Status: 404})
				},
				Config:      e.config(c, `  name   = "renamed"`+"\n"+`  scopes = ["completions.write"]`+"\n"),
				ExpectError: regexp.MustCompile(`(?s)Unable to Update API Key.*deleted outside Terraform`),
			},
			{
				// A deletion that fails is reported.
				PreConfig: func() {
					e.srv.InjectFault(mockserver.Fault{Method: "DELETE", Path: "/api-keys/" + id, Status: 403})
				},
				Config:      cfg,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Unable to Delete API Key.*403`),
			},
		},
	})
}

// A refresh reads each key with exactly one GET (no list, no user lookup).
func TestAccAPIKeyResource_refreshReadsOnce(t *testing.T) {
	mockOnly(t, "the request log (one GET per key on refresh)")
	e := newAPIKeyTestEnv(t)
	cfg := providerBlock(e.url)
	for i, c := range apiKeyCombos {
		cfg += fmt.Sprintf("\nresource \"portkey_api_key\" \"k%d\" {\n%s%s}\n", i, e.identity(c, e.wsASlug, e.user1), akFullBody)
	}
	count := func(want int) akCheck {
		return func() error {
			counts := e.srv.Counts()
			total := 0
			for _, n := range counts {
				total += n
			}
			if counts["GET /api-keys/{id}"] != want || total != want {
				return fmt.Errorf("requests %v, want exactly %d GET /api-keys/{id}", counts, want)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				// A plan refreshes each key with exactly one GET.
				PreConfig: e.clearRequests,
				Config:    cfg,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh:  []plancheck.PlanCheck{count(0)},
					PostApplyPostRefresh: []plancheck.PlanCheck{count(len(apiKeyCombos))},
				},
			},
			{
				// So does a refresh-only run (terraform refresh = apply -refresh-only),
				// followed by the framework's own plan: two reads per key in all.
				PreConfig:         e.srv.ClearRequests,
				RefreshState:      true,
				RefreshPlanChecks: resource.RefreshPlanChecks{PostRefresh: []plancheck.PlanCheck{count(2 * len(apiKeyCombos))}},
			},
		},
	})
}

// TestAccAPIKeyResource_scheduleWithoutNextValue: Portkey can show a reset
// schedule with next_usage_reset_at null (and a rotation period with
// next_rotation_at null); the next write computes them, so an update plans
// them unknown instead of promising the null ("Provider produced inconsistent
// result").
func TestAccAPIKeyResource_scheduleWithoutNextValue(t *testing.T) {
	mockOnly(t, "the mock's hooks (a key patched out of band)")
	e := newAPIKeyTestEnv(t)
	c := apiKeyCombos[0]
	body := func(credit string) string {
		return fmt.Sprintf(`  name   = "scheduled"
  scopes = ["logs.view"]
  usage_limits = {
    credit_limit   = %s
    periodic_reset = "monthly"
  }
  rotation_policy = {
    rotation_period = "weekly"
  }
`, credit)
	}
	var id string
	nextReset := tfjsonpath.New("usage_limits").AtMapKey("next_usage_reset_at")
	nextRotation := tfjsonpath.New("rotation_policy").AtMapKey("next_rotation_at")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.config(c, body("10")),
				ConfigStateChecks: []statecheck.StateCheck{akState(func(s *tfjson.State) error {
					r, err := akTestResource(s)
					if err == nil {
						id, _ = r.AttributeValues["id"].(string)
					}
					return err
				})},
			},
			{
				// Portkey shows the schedules without their next dates; the
				// refresh records the nulls, and a change of credit_limit
				// makes Portkey compute them again.
				PreConfig: func() {
					if err := e.srv.Patch(mockserver.KindAPIKey, id, map[string]any{
						"usage_limits":    map[string]any{"next_usage_reset_at": nil},
						"rotation_policy": map[string]any{"next_rotation_at": nil},
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(c, body("20")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(akAddr, nextReset),
					plancheck.ExpectUnknownValue(akAddr, nextRotation),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(akAddr, nextReset, knownvalue.StringRegexp(akTimeRE)),
					statecheck.ExpectKnownValue(akAddr, nextRotation, knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT00:00:00Z$`))),
				},
			},
			{
				// With the dates known again, a change keeps them.
				Config: e.config(c, body("30")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(akAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(akAddr, nextReset, knownvalue.StringRegexp(akTimeRE)),
				}},
			},
		},
	})
}
