package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// TestAccAPIKey_secretsNeverLogged runs create, rotation, a refused rotation
// (an error diagnostic), an adopted create (a warning diagnostic) and an
// ephemeral key handed to a second provider, with Terraform's and the
// provider's logs at TRACE, then searches the log for the provider's key and
// every secret the mock minted. It is not parallel: the log settings are
// process environment variables (t.Setenv).
func TestAccAPIKey_secretsNeverLogged(t *testing.T) {
	mockOnly(t, "every secret the mock minted (to search the trace log for), and fault injection")
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")               // the provider under test (in process)
	t.Setenv("TF_LOG_PATH", logFile)          //
	t.Setenv("TF_ACC_LOG_PATH", logFile)      // Terraform CLI, and the provider's sink
	t.Setenv("TF_LOG_CORE", "TRACE")          // Terraform core
	t.Setenv("TF_LOG_PROVIDER", "TRACE")      // provider logs as Terraform relays them
	t.Setenv("TF_LOG_SDK_FRAMEWORK", "TRACE") // the framework's own records
	t.Setenv("TF_LOG_SDK_PROTO_DATA_DIR", "") // never dump protocol data to files

	// The provider's key comes from the environment, as in real use: written
	// in the HCL it would be in the log anyway, echoed by the test harness.
	t.Setenv(envAPIKey, testAdminKey)
	e := newAPIKeyTestEnv(t)
	c := apiKeyCombos[1]
	keyInHCL := fmt.Sprintf("  api_key         = %q\n", testAdminKey)
	main := func(trigger string) string {
		cfg := e.config(c, akFullBody+fmt.Sprintf("  rotate_trigger = %q\n", trigger))
		if !strings.Contains(cfg, keyInHCL) {
			t.Fatal("the provider block changed: update this test")
		}
		return strings.Replace(cfg, keyInHCL, "", 1) + `
output "hint" {
  value = portkey_api_key.test.key_hint
}
`
	}
	adopted := func(trigger string) string {
		return main(trigger) + fmt.Sprintf(`
resource "portkey_api_key" "adopted" {
  type         = "workspace"
  sub_type     = "user"
  workspace_id = %q
  user_id      = %q
  name         = "adopted"
  scopes       = ["completions.write"]
}
`, e.wsB, e.user2)
	}
	withEphemeral := func(trigger string) string {
		return adopted(trigger) + fmt.Sprintf(`
ephemeral "portkey_api_key" "short" {
  type         = "workspace"
  sub_type     = "service"
  workspace_id = %[1]q
  name         = "short-lived"
  scopes       = ["workspaces.read"]
}

provider "portkeyscoped" {
  api_key  = ephemeral.portkey_api_key.short.key
  base_url = %[2]q
}

data "portkey_workspace" "scoped" {
  provider = portkeyscoped
  id       = %[1]q
}
`, e.wsA, e.url)
	}
	noSecrets := []statecheck.StateCheck{
		statecheck.ExpectSensitiveValue(akAddr, tfjsonpath.New("key")),
		akNoSecretsOutsideKey(e.srv, 1),
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: akScopedFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{
			{Config: main("one"), ConfigStateChecks: noSecrets},
			{
				Config:            main("two"), // a rotation
				ConfigStateChecks: append(noSecrets, akSecretMatchesMock(e.srv)),
			},
			{
				Config:      main("three"), // refused during the transition: an error diagnostic
				ExpectError: akErrorPattern(`Unable to Rotate API Key`),
			},
			{
				// A create whose answer is lost: adopted, and rotated to
				// recover its secret; that answer is lost too (the new
				// secret is minted but never seen), a second rotation is
				// refused during the transition, and the replacement's delete
				// is refused: kept without a secret, with a warning diagnostic.
				PreConfig: func() {
					e.srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/api-keys/workspace/user", CommitThenFail: true, Status: 502})
					e.srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/api-keys/*", CommitThenFail: true, Reset: true})
					e.srv.InjectFault(mockserver.Fault{Method: "DELETE", Path: "/api-keys/*", Status: 403})
				},
				Config: adopted("two"),
				ConfigStateChecks: append(noSecrets,
					statecheck.ExpectKnownValue("portkey_api_key.adopted", tfjsonpath.New("key"), knownvalue.Null())),
				ExpectNonEmptyPlan: true, // the next plan replaces the key without a secret
			},
			{
				Config: withEphemeral("two"),
				ConfigStateChecks: append(noSecrets,
					statecheck.ExpectKnownValue("data.portkey_workspace.scoped", tfjsonpath.New("name"), knownvalue.StringExact(e.Name("keys-a")))),
			},
		},
	})

	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatalf("reading the TRACE log: %v", err)
	}
	log := string(raw)
	// Evidence that the log captured what the check below is about, so the
	// check can fail: provider API calls with redacted bodies, and the
	// diagnostics of the refused rotation and the adoption.
	for _, want := range []string{
		"Portkey API call", "/api-keys/workspace/service", "/rotate", "[REDACTED]",
		"Unable to Rotate API Key", "Created Without Its Secret", "Has No Secret", "OpenEphemeralResource", "CloseEphemeralResource",
	} {
		if !strings.Contains(log, want) {
			t.Fatalf("the TRACE log (%d bytes) lacks %q: the secret check would prove nothing", len(raw), want)
		}
	}
	secrets := akSecrets(e.srv)
	if len(secrets) < 7 { // admin key, create, rotation, adopted create and its rotation, replacement, ephemeral keys
		t.Fatalf("only %d secrets to look for", len(secrets))
	}
	for _, s := range secrets {
		if i := strings.Index(log, s); i >= 0 {
			start := max(0, i-300)
			t.Errorf("the TRACE log contains a secret (%s…) in: %q", s[:5], strings.ReplaceAll(log[start:i], "\n", " | "))
		}
	}
}
