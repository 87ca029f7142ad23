package provider

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// akScopedFactories serve two independent instances of this provider:
// "portkey" and "portkeyscoped". The test harness serves every configuration
// of one provider name (aliases included) from one in-process server, where
// the last configure wins; Terraform runs a plugin process per provider
// configuration. Tests that mix admin resources with a provider configured by
// an ephemeral key give that provider its own name, so the admin resources
// keep the admin key.
var akScopedFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"portkey":       providerserver.NewProtocol6WithError(New("test")()),
	"portkeyscoped": providerserver.NewProtocol6WithError(New("test")()),
}

// akEphemeralConfig opens a short-lived workspace key and configures a second
// provider with it; that provider reads the key's workspace (workspaces.read)
// and lists its workspace's keys (workspace_service_api_keys.list).
func akEphemeralConfig(e *akEnv, readWorkspace, expiresAt string) string {
	return e.Provider() + fmt.Sprintf(`
ephemeral "portkey_api_key" "short" {
  type         = "workspace"
  sub_type     = "service"
  workspace_id = %[1]q
  name         = %[5]q
  scopes       = ["workspaces.read", "workspace_service_api_keys.list"]
  expires_at   = %[4]q
}

provider "portkey" {
  alias    = "scoped"
  api_key  = ephemeral.portkey_api_key.short.key
  base_url = %[2]q
}

data "portkey_workspace" "scoped" {
  provider = portkey.scoped
  id       = %[3]q
}

data "portkey_api_keys" "scoped" {
  provider     = portkey.scoped
  workspace_id = %[1]q
}
`, e.wsASlug, e.url, readWorkspace, expiresAt, e.Name("short-lived"))
}

// akFilesHaveNoSecret searches the raw files Terraform wrote in dir (state,
// its backups, the saved plan file, unzipped) for every secret.
func akFilesHaveNoSecret(secrets []string, dir string, wantPlan bool) error {
	var checked []string
	var sawPlan bool
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) == ".tf" || regexp.MustCompile(`/\.terraform/`).MatchString(p) {
			return err
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		contents := [][]byte{raw}
		var zipNames []string
		if zr, zerr := zip.NewReader(bytes.NewReader(raw), int64(len(raw))); zerr == nil { // a saved plan
			sawPlan = true
			contents[0] = nil // compressed: its entries are checked instead
			for _, f := range zr.File {
				zipNames = append(zipNames, f.Name)
				rc, err := f.Open()
				if err != nil {
					return err
				}
				b, err := io.ReadAll(rc)
				rc.Close()
				if err != nil {
					return err
				}
				contents = append(contents, b)
			}
		}
		for i, c := range contents {
			for _, s := range secrets {
				// A saved plan embeds a snapshot of the configuration
				// (tfconfig/), which holds the test's literal provider key.
				if s == testAdminKey && i > 0 && strings.HasPrefix(zipNames[i-1], "tfconfig/") {
					continue
				}
				if bytes.Contains(c, []byte(s)) {
					return fmt.Errorf("%s contains a secret (%s…)", p, s[:5])
				}
			}
		}
		checked = append(checked, filepath.Base(p))
		return nil
	})
	if err != nil {
		return err
	}
	if wantPlan && !sawPlan {
		return fmt.Errorf("no saved plan file found under %s (checked %v): the check would prove nothing", dir, checked)
	}
	return nil
}

func TestAccAPIKeyEphemeral_basic(t *testing.T) {
	e := newAPIKeyTestEnv(t)
	workDir := t.TempDir()
	noKeysLeft := akCheck(func() error {
		if err := e.Eventually(func() error {
			keys, err := akKeysNamed(e, e.Name("short-lived"))
			if err != nil {
				return err
			}
			if len(keys) != 0 {
				return fmt.Errorf("%d keys left in Portkey after the run, want 0 (first: %s)", len(keys), keys[0].ID)
			}
			return nil
		}); err != nil || e.Live() {
			return err
		}
		if n := len(e.srv.MintedAPIKeySecrets()); n < 1 {
			return fmt.Errorf("no key was minted")
		}
		if n := e.srv.Count("DELETE /api-keys/{id}"); n != len(e.srv.MintedAPIKeySecrets()) {
			return fmt.Errorf("%d deletes for %d opened keys", n, len(e.srv.MintedAPIKeySecrets()))
		}
		// allow_config_override is unset: the provider's default (false) is
		// sent, never left to Portkey's (true in the spec).
		posts := e.srv.Count("POST /api-keys/{type}/{subtype}")
		if n := akRequestsWith(e.srv, "POST", "/api-keys/workspace/service", `"allow_config_override":false`); posts == 0 || n != posts {
			return fmt.Errorf("%d of %d creates sent allow_config_override false", n, posts)
		}
		return nil
	})
	planHasNoSecret := akPlan(func(p *tfjson.Plan) error {
		if err := e.noSecretsAnywhere("plan", p, 1); err != nil {
			return err
		}
		return akFilesHaveNoSecret(e.secrets(), workDir, true)
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		WorkingDir:               workDir,
		Steps: []resource.TestStep{
			{
				Config: akEphemeralConfig(e, e.wsA, "2099-01-01T00:00:00Z"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{planHasNoSecret},
					PostApplyPostRefresh: []plancheck.PlanCheck{planHasNoSecret, plancheck.ExpectEmptyPlan(), noKeysLeft},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					// The short-lived key worked: it read its workspace and listed itself.
					statecheck.ExpectKnownValue("data.portkey_workspace.scoped", tfjsonpath.New("name"), knownvalue.StringExact(e.Name("keys-a"))),
					statecheck.ExpectKnownValue("data.portkey_api_keys.scoped", tfjsonpath.New("api_keys"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"name":         knownvalue.StringExact(e.Name("short-lived")),
							"workspace_id": knownvalue.StringExact(e.wsA),
							"key_hint":     knownvalue.StringRegexp(e.hintRE()),
							"status":       knownvalue.StringExact("active"),
							"expires_at":   knownvalue.StringExact("2099-01-01T00:00:00Z"),
							"scopes": knownvalue.SetExact([]knownvalue.Check{
								knownvalue.StringExact("workspaces.read"), knownvalue.StringExact("workspace_service_api_keys.list"),
							}),
						}),
					})),
					// It is gone once Terraform closed it, and no secret reached the state.
					noKeysLeft,
					akState(func(s *tfjson.State) error {
						if err := e.noSecretsAnywhere("state", s, 1); err != nil {
							return err
						}
						return akFilesHaveNoSecret(e.secrets(), workDir, false)
					}),
					akState(func(s *tfjson.State) error {
						for _, r := range s.Values.RootModule.Resources {
							if r.Type == "portkey_api_key" {
								return fmt.Errorf("%s reached the state", r.Address)
							}
						}
						return nil
					}),
				},
			},
			{
				// Every run opens a new key and deletes it again.
				Config: akEphemeralConfig(e, e.wsA, "2099-01-01T00:00:00Z"),
				ConfigStateChecks: []statecheck.StateCheck{
					noKeysLeft,
					e.MockCheck(akCheck(func() error {
						if n := len(e.srv.MintedAPIKeySecrets()); n < 4 {
							return fmt.Errorf("%d keys minted over two applies and their plans, want at least 4", n)
						}
						return nil
					})),
				},
			},
		},
	})
}

// The short-lived key is scoped: a read outside its workspace is refused.
// Terraform (1.11) does not close ephemeral resources when the plan fails, so
// that run's key stays in Portkey: an expires_at makes it expire by itself,
// which is why the documentation recommends one.
func TestAccAPIKeyEphemeral_scoped(t *testing.T) {
	e := newAPIKeyTestEnv(t)
	name := e.Name("short-lived")
	t.Cleanup(func() {
		// The failed run's key, expiring by itself, goes now.
		keys, err := akKeysNamed(e, name)
		if err != nil {
			t.Errorf("cleanup: listing the keys named %s: %v", name, err)
		}
		for _, k := range keys {
			if err := e.API.DeleteAPIKey(context.Background(), k.ID); err != nil && !errors.Is(err, client.ErrNotFound) {
				t.Errorf("cleanup: deleting key %s: %v; make sweep-live removes it", k.ID, err)
			}
		}
	})
	expiry := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{
			{
				Config:      akEphemeralConfig(e, e.wsB, expiry.Format(time.RFC3339)),
				PlanOnly:    true,
				ExpectError: akErrorPattern(`Unable to Read Workspace.*403`),
			},
			{
				Config: akEphemeralConfig(e, e.wsA, expiry.Format(time.RFC3339)),
				ConfigStateChecks: []statecheck.StateCheck{akCheck(func() error {
					return e.Eventually(func() error {
						keys, err := akKeysNamed(e, name)
						if err != nil {
							return err
						}
						for _, k := range keys {
							if got, err := time.Parse(time.RFC3339, derefString(k.ExpiresAt)); err != nil || !got.Equal(expiry) {
								return fmt.Errorf("key %s left behind without the configured expiry (expires_at %q)", k.ID, derefString(k.ExpiresAt))
							}
						}
						if len(keys) > 1 {
							return fmt.Errorf("%d keys left, want at most the failed run's", len(keys))
						}
						return nil
					})
				})},
			},
		},
	})
}

// An ephemeral key whose create answer is lost, or arrives unreadable, cannot
// be used (its secret is unknown): Open deletes it and fails, leaving nothing
// behind.
func TestAccAPIKeyEphemeral_ambiguousCreate(t *testing.T) {
	mockOnly(t, "fault injection (a create whose answer is lost or unreadable)")
	for name, fault := range map[string]mockserver.Fault{
		"502 after commit":   {Method: "POST", Path: "/api-keys/workspace/service", CommitThenFail: true, Status: 502},
		"undecodable answer": {Method: "POST", Path: "/api-keys/workspace/service", Truncate: true},
	} {
		t.Run(name, func(t *testing.T) {
			e := newAPIKeyTestEnv(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
				Steps: []resource.TestStep{{
					PreConfig:   func() { e.srv.InjectFault(fault) },
					Config:      akEphemeralConfig(e, e.wsA, "2099-01-01T00:00:00Z"),
					ExpectError: akErrorPattern(`Unable to Open API Key.*that key was deleted`),
				}, {
					Config: akEphemeralConfig(e, e.wsA, "2099-01-01T00:00:00Z"),
					ConfigStateChecks: []statecheck.StateCheck{akCheck(func() error {
						if n := len(e.srv.APIKeys()); n != 0 {
							return fmt.Errorf("%d keys left", n)
						}
						return nil
					})},
				}},
			})
		})
	}
}
