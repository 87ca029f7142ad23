package provider

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAccMigrationMovedBlocks is the guide's worked example
// (examples/guides/migrating-from-portkey-ai), run with the real Terraform
// CLI: an estate of the official provider with a type this provider lacks
// (portkey_config) switches to the mixed configuration after.tf, whose moved
// blocks migrate-from-official wrote. The official provider is a stand-in
// (internal/testprovider/portkeyai) installed next to this provider through
// dev_overrides. The plan moves the four resources and changes nothing, the
// apply writes nothing to the API, and the next plan is empty. The guide's
// optional last step, renaming the resources back with a second set of
// moved blocks, also plans no change.
func TestAccMigrationMovedBlocks(t *testing.T) {
	terraform := requireTerraformCLI(t)
	t.Parallel()
	srv, url, est := newOfficialEstate(t)
	routing := officialInstance("portkey_config", "routing", map[string]any{
		"id": "pc-default-0b7e1c", "slug": "pc-default-0b7e1c", "name": "Default routing",
		"config": `{"retry":{"attempts":3}}`, "workspace_id": estateWorkspaceID, "is_default": false,
		"status": "active", "version_id": "5d0e8c1a-0d8b-4b8e-9a55-1e2f3a4b5c6d",
		"created_at": estateCreated, "updated_at": estateCreated,
	})
	raw, err := json.MarshalIndent(officialStateFile(append(est.resources, routing)...), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	ours, official := t.TempDir(), t.TempDir()
	buildProvider(t, ours)
	buildOfficialFake(t, official)
	cli := newTFCLIWith(t, terraform, url, map[string]string{
		providerAddress("seed-4a8a86ef/portkey"): ours,
		providerAddress("portkey-ai/portkey"):    official,
	})
	example := filepath.Join("..", "..", "examples", "guides", "migrating-from-portkey-ai")
	before, err := os.ReadFile(filepath.Join(example, "before.tf"))
	if err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(filepath.Join(example, "after.tf"))
	if err != nil {
		t.Fatal(err)
	}
	cli.write("terraform.tfstate", raw)

	// The state is the official provider's for before.tf: it plans no change.
	cli.write("main.tf", before)
	cli.mustRun("the plan of the official configuration (it must be empty)", "plan", "-detailed-exitcode", "-input=false", "-no-color")

	// migrate-from-official writes the moved blocks after.tf has, and lists portkey_config.
	shown := cli.mustRun("show -json", "show", "-json")
	helper := exec.Command("go", "run", "../cmd/migrate-from-official")
	helper.Stdin = strings.NewReader(shown)
	var helperErr bytes.Buffer
	helper.Stderr = &helperErr
	generated, err := helper.Output()
	if err != nil {
		t.Fatalf("migrate-from-official: %v\n%s", err, helperErr.String())
	}
	moves := regexp.MustCompile(`(?s)moved \{.*?\}\n`).FindAll(generated, -1)
	if len(moves) != 4 {
		t.Fatalf("migrate-from-official wrote %d moved blocks, want 4:\n%s", len(moves), generated)
	}
	for _, m := range moves {
		if !bytes.Contains(after, m) {
			t.Errorf("after.tf lacks the moved block migrate-from-official wrote:\n%s", m)
		}
	}
	if !bytes.Contains(generated, []byte("portkey_config.routing: provider = portkeyai")) {
		t.Errorf("migrate-from-official does not list portkey_config.routing for provider = portkeyai:\n%s", generated)
	}

	// The switch: the plan moves the four resources and changes nothing.
	cli.write("main.tf", after)
	wantMoves := map[string]string{
		"portkey_workspace.production_moved": "portkey_workspace.production",
		"portkey_workspace_member.bob_moved": "portkey_workspace_member.bob",
		"portkey_user_invite.dana_moved":     "portkey_user_invite.dana",
		"portkey_api_key.backend_moved":      "portkey_api_key.backend",
		"portkey_config.routing":             "",
	}
	checkMovesOnly(t, cli, wantMoves)
	srv.ClearRequests()
	cli.mustRun("apply the moves", "apply", "-input=false", "-no-color", "tfplan")
	for _, r := range srv.Requests() {
		if r.Method != "GET" {
			t.Errorf("applying the moves changed something in Portkey: %s %s", r.Method, r.Path)
		}
	}
	cli.mustRun("the plan after the moves (it must be empty)", "plan", "-detailed-exitcode", "-input=false", "-no-color")
	checkProviders(t, cli, map[string]string{
		"portkey_workspace.production_moved": providerAddress("seed-4a8a86ef/portkey"),
		"portkey_api_key.backend_moved":      providerAddress("seed-4a8a86ef/portkey"),
		"portkey_config.routing":             providerAddress("portkey-ai/portkey"),
	})
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(cli.mustRun("show -json", "show", "-json")), &state); err != nil {
		t.Fatal(err)
	}
	for _, r := range state.Values.RootModule.Resources {
		switch r.Address {
		case "portkey_api_key.backend_moved":
			if r.Values["key"] != est.keySecret {
				t.Error("the API key's secret did not survive the move")
			}
		case "portkey_workspace_member.bob_moved":
			if want := estateWorkspaceID + "/" + estateBobID; r.Values["id"] != want {
				t.Errorf("the member's id is %v, want %s", r.Values["id"], want)
			}
		}
	}

	// Optional: back to the original names, a plain rename within this provider.
	renamed := regexp.MustCompile(`(?s)\n# Written by migrate-from-official.*`).ReplaceAll(after, nil)
	renamed = bytes.ReplaceAll(renamed, []byte("_moved"), nil)
	for to, from := range wantMoves {
		if from != "" {
			renamed = append(renamed, []byte("\nmoved {\n  from = "+to+"\n  to   = "+from+"\n}\n")...)
		}
	}
	cli.write("main.tf", renamed)
	checkMovesOnly(t, cli, map[string]string{
		"portkey_workspace.production": "portkey_workspace.production_moved",
		"portkey_workspace_member.bob": "portkey_workspace_member.bob_moved",
		"portkey_user_invite.dana":     "portkey_user_invite.dana_moved",
		"portkey_api_key.backend":      "portkey_api_key.backend_moved",
		"portkey_config.routing":       "",
	})
}

// checkMovesOnly plans into tfplan and checks, from the plan's JSON, that
// every resource is a no-op and that each address of want was moved from
// its value ("" for not moved).
func checkMovesOnly(t *testing.T, cli *tfCLI, want map[string]string) {
	t.Helper()
	out := cli.mustRun("plan the moves", "plan", "-input=false", "-no-color", "-out=tfplan")
	var plan struct {
		ResourceChanges []struct {
			Address         string `json:"address"`
			PreviousAddress string `json:"previous_address"`
			Change          struct {
				Actions []string `json:"actions"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(cli.mustRun("show the plan", "show", "-json", "tfplan")), &plan); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, rc := range plan.ResourceChanges {
		seen[rc.Address] = true
		if len(rc.Change.Actions) != 1 || rc.Change.Actions[0] != "no-op" {
			t.Errorf("%s: planned %v, want no-op\n%s", rc.Address, rc.Change.Actions, out)
		}
		if from, ok := want[rc.Address]; ok && rc.PreviousAddress != from {
			t.Errorf("%s: moved from %q, want %q", rc.Address, rc.PreviousAddress, from)
		}
	}
	for addr := range want {
		if !seen[addr] {
			t.Errorf("the plan has no %s:\n%s", addr, out)
		}
	}
}

// checkProviders checks which provider manages each address in state.
func checkProviders(t *testing.T, cli *tfCLI, want map[string]string) {
	t.Helper()
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address      string `json:"address"`
					ProviderName string `json:"provider_name"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(cli.mustRun("show -json", "show", "-json")), &state); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range state.Values.RootModule.Resources {
		got[r.Address] = r.ProviderName
	}
	for addr, provider := range want {
		if got[addr] != provider {
			t.Errorf("%s is managed by %q, want %q", addr, got[addr], provider)
		}
	}
}

// TestAccMigrationReplaceProviderMixedEstate is why the guide sends mixed
// estates to moved blocks: `terraform state replace-provider` hands every
// resource of portkey-ai/portkey to this provider, including portkey_config,
// which it does not have, and the next plan fails.
func TestAccMigrationReplaceProviderMixedEstate(t *testing.T) {
	terraform := requireTerraformCLI(t)
	t.Parallel()
	_, url, est := newOfficialEstate(t)
	routing := officialInstance("portkey_config", "routing", map[string]any{
		"id": "pc-default-0b7e1c", "name": "Default routing", "config": `{"retry":{"attempts":3}}`,
	})
	raw, err := json.MarshalIndent(officialStateFile(append(est.resources, routing)...), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", "migrating-from-portkey-ai", "before.tf"))
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	buildProvider(t, bin)
	cli := newTFCLI(t, terraform, bin, url)
	cli.write("terraform.tfstate", raw)
	cli.write("main.tf", bytes.Replace(before, []byte(`"portkey-ai/portkey"`), []byte(`"seed-4a8a86ef/portkey"`), 1))
	cli.mustRun("state replace-provider", "state", "replace-provider", "-auto-approve",
		providerAddress("portkey-ai/portkey"), providerAddress("seed-4a8a86ef/portkey"))
	out, code := cli.run("plan", "-input=false", "-no-color")
	const want = `does not support resource type "portkey_config"`
	if code == 0 || !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
		t.Fatalf("the plan after replace-provider on a mixed estate: exit %d, want a failure saying %s:\n%s", code, want, out)
	}
}
