package provider

import (
	"context"
	"fmt"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

func akDataConfig(e *akEnv) string {
	cfg := providerBlock(e.url)
	for i, c := range apiKeyCombos {
		order := "" // created one after the other: lists are in creation order
		if i > 0 {
			order = fmt.Sprintf("  depends_on = [portkey_api_key.k%d]\n", i-1)
		}
		cfg += fmt.Sprintf("\nresource \"portkey_api_key\" \"k%d\" {\n%s%s%s}\n", i, e.identity(c, e.wsASlug, e.user1), akFullBody, order)
	}
	return cfg + `
data "portkey_api_key" "user" {
  id = portkey_api_key.k2.id
}

data "portkey_api_keys" "workspace" {
  workspace_id = portkey_api_key.k1.workspace_id
  depends_on   = [portkey_api_key.k2]
}

data "portkey_api_keys" "users" {
  sub_type   = "user"
  depends_on = [portkey_api_key.k0, portkey_api_key.k1, portkey_api_key.k2]
}

data "portkey_api_keys" "organisation" {
  type       = "organisation"
  depends_on = [portkey_api_key.k0, portkey_api_key.k1, portkey_api_key.k2]
}

data "portkey_api_keys" "all" {
  depends_on = [portkey_api_key.k0, portkey_api_key.k1, portkey_api_key.k2]
}
`
}

func TestAccAPIKeyDataSources_basic(t *testing.T) {
	mockOnly(t, "a user to own a user key (the mock seeds one), and an organisation holding only the test's keys")
	e := newAPIKeyTestEnv(t)
	pair := func(attr string, dsPath tfjsonpath.Path) statecheck.StateCheck {
		return statecheck.CompareValuePairs("portkey_api_key.k2", tfjsonpath.New(attr), "data.portkey_api_key.user", dsPath, compare.ValuesSame())
	}
	var checks []statecheck.StateCheck
	for _, attr := range []string{"id", "name", "description", "type", "sub_type", "user_id", "scopes", "metadata", "config_id",
		"allow_config_override", "alert_emails", "expires_at", "rate_limits", "usage_limits", "rotation_policy", "key_hint",
		"status", "organisation_id", "created_at", "updated_at", "last_reset_at", "key_transition_expires_at"} {
		checks = append(checks, pair(attr, tfjsonpath.New(attr)))
	}
	item := func(name, typ, sub string) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"name": knownvalue.StringExact(name), "type": knownvalue.StringExact(typ), "sub_type": knownvalue.StringExact(sub),
			"key_hint": knownvalue.StringRegexp(akHintRE), "allow_config_override": knownvalue.Bool(true),
			"usage_limits": knownvalue.ObjectPartial(map[string]knownvalue.Check{"credit_limit": knownvalue.Float64Exact(100.5)}),
		})
	}
	checks = append(checks,
		// The workspace of the key, as the UUID (the resource keeps the slug it was given).
		statecheck.ExpectKnownValue("data.portkey_api_key.user", tfjsonpath.New("workspace_id"), knownvalue.StringExact(e.wsA)),
		statecheck.ExpectKnownValue("portkey_api_key.k2", tfjsonpath.New("workspace_id"), knownvalue.StringExact(e.wsASlug)),
		statecheck.ExpectKnownValue("data.portkey_api_keys.workspace", tfjsonpath.New("api_keys"), knownvalue.ListExact([]knownvalue.Check{
			item("ci", "workspace", "service"), item("ci", "workspace", "user"),
		})),
		statecheck.ExpectKnownValue("data.portkey_api_keys.users", tfjsonpath.New("api_keys"), knownvalue.ListExact([]knownvalue.Check{
			item("ci", "workspace", "user"),
		})),
		statecheck.ExpectKnownValue("data.portkey_api_keys.organisation", tfjsonpath.New("api_keys"), knownvalue.ListExact([]knownvalue.Check{
			item("ci", "organisation", "service"),
		})),
		statecheck.ExpectKnownValue("data.portkey_api_keys.all", tfjsonpath.New("api_keys"), knownvalue.ListSizeExact(3)),
		// The resources hold their secrets in `key`; the data sources hold none.
		akNoSecretsOutsideKey(e.srv, 3),
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: akDataConfig(e), ConfigStateChecks: checks}},
	})
}

// portkey_api_keys reads every page.
func TestAccAPIKeysDataSource_allPages(t *testing.T) {
	mockOnly(t, "the request log (pages read)")
	e := newAPIKeyTestEnv(t)
	const n = 205
	cfg := providerBlock(e.url) + fmt.Sprintf(`
data "portkey_api_keys" "b" {
  workspace_id = %q
}
`, e.wsB)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				cl, err := client.New(client.Config{BaseURL: e.url, APIKey: testAdminKey})
				if err != nil {
					t.Fatal(err)
				}
				for i := 0; i < n; i++ {
					if _, err := cl.CreateAPIKey(context.Background(), "workspace", "service", client.CreateAPIKeyRequest{
						Name: fmt.Sprintf("bulk-%03d", i), WorkspaceID: &e.wsB, Scopes: []string{"completions.write"},
					}); err != nil {
						t.Fatal(err)
					}
				}
				e.srv.ClearRequests()
			},
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.portkey_api_keys.b", tfjsonpath.New("api_keys"), knownvalue.ListSizeExact(n)),
				statecheck.ExpectKnownValue("data.portkey_api_keys.b", tfjsonpath.New("api_keys").AtSliceIndex(n-1).AtMapKey("name"), knownvalue.StringExact(fmt.Sprintf("bulk-%03d", n-1))),
				akState(func(*tfjson.State) error {
					// Each read of the data source (plan, apply, refreshes) takes 3 pages of 100.
					if got := e.srv.Count("GET /api-keys"); got == 0 || got%3 != 0 {
						return fmt.Errorf("%d list requests, want a multiple of 3 pages", got)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccAPIKeyDataSource_notFound(t *testing.T) {
	e := newAPIKeyTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.Provider() + `
data "portkey_api_key" "x" {
  id = "5f0c1d9e-0000-4000-8000-000000000000"
}
`,
				ExpectError: akErrorPattern(`Unable to Read API Key.*No API key has the id 5f0c1d9e-0000-4000-8000-000000000000`),
			},
			{
				Config: e.Provider() + `
data "portkey_api_key" "x" {
  id = "ci-key"
}
`,
				ExpectError: akErrorPattern(`must be an API key UUID`),
			},
			{
				Config: e.Provider() + `
data "portkey_api_keys" "x" {
  type = "team"
}
`,
				ExpectError: akErrorPattern(`value must be one of`),
			},
		},
	})
}
