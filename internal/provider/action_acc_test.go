package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// The actions end to end (Terraform >= 1.14): from lifecycle.action_trigger
// in a plain apply, and with `terraform apply -invoke` on the examples.

// stateCheckFunc is a state check written as a function of the state's
// resources' attribute values by address.
type stateCheckFunc func(attrs map[string]map[string]any) error

func (f stateCheckFunc) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	attrs := map[string]map[string]any{}
	if req.State != nil && req.State.Values != nil && req.State.Values.RootModule != nil {
		for _, r := range req.State.Values.RootModule.Resources {
			attrs[r.Address] = r.AttributeValues
		}
	}
	resp.Error = f(attrs)
}

func testAccRotateTriggerConfig(url, scope string) string {
	return providerBlock(url) + fmt.Sprintf(`
resource "portkey_api_key" "test" {
  name     = "rotated-on-update"
  type     = "organisation"
  sub_type = "service"
  scopes   = [%[1]q]

  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.portkey_api_key_rotate.test]
    }
  }
}

action "portkey_api_key_rotate" "test" {
  config {
    id = portkey_api_key.test.id
  }
}
`, scope)
}

// An action_trigger after_update rotates the key once per update (not on
// create); the resource's state keeps the secret it minted, now the previous
// one.
func TestAccAction_rotateOnUpdate(t *testing.T) {
	srv, url := newTestMock(t, "the secret the mock minted and the request log (rotations counted)")
	rotations := func(want int) statecheck.StateCheck {
		return stateCheckFunc(func(attrs map[string]map[string]any) error {
			if n := srv.Count("POST /api-keys/{id}/rotate"); n != want {
				return fmt.Errorf("%d rotations, want %d", n, want)
			}
			key := attrs["portkey_api_key.test"]
			id, _ := key["id"].(string)
			held, _ := key["key"].(string)
			current, err := srv.APIKeySecret(id)
			if err != nil {
				return err
			}
			if (held == current) != (want == 0) {
				return fmt.Errorf("state holds the current secret: %t, want %t", held == current, want == 0)
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{queryCLI{}},
		Steps: []resource.TestStep{
			{Config: testAccRotateTriggerConfig(url, "logs.view"), ConfigStateChecks: []statecheck.StateCheck{rotations(0)}},
			{Config: testAccRotateTriggerConfig(url, "logs.export"), ConfigStateChecks: []statecheck.StateCheck{rotations(1)}},
		},
	})
}

// Every action example applies, and each action runs with `terraform apply
// -invoke`: the rotation is then reported by the next plan (a warning naming
// rotate_trigger, and no change), a second one during the transition is
// refused, the exporter's action_trigger rotates it on update, the usage
// reset revives an exhausted key, the resend mints a new link, and a resend
// of an accepted invite is refused at plan time.
func TestAccAction_invokeExamples(t *testing.T) {
	mockOnly(t, "the examples' seeded users")
	terraform := requireQueryCLI(t)
	t.Parallel()
	bin := t.TempDir()
	buildProvider(t, bin)
	srv, url := newTestMock(t, "the examples' seeded users")
	srv.ApplySeed(exampleSeed())
	cli := newTFCLI(t, terraform, bin, url)
	var all []byte
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "actions", "*", "action*.tf"))
	if err != nil || len(files) != 4 {
		t.Fatalf("action examples %v (%v), want 4", files, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, data...)
		cli.write(filepath.Base(filepath.Dir(f))+"_"+filepath.Base(f), data)
	}
	cli.write("provider_test_harness.tf", []byte(providerHarness(all)))
	cli.mustRun("apply", "apply", "-auto-approve", "-input=false", "-no-color")
	if n := srv.Count("POST /api-keys/{id}/rotate"); n != 0 {
		t.Fatalf("%d rotations on create, want none", n)
	}
	keyID := func(name string) string {
		for _, k := range srv.APIKeys() {
			if k.Name == name {
				return k.ID
			}
		}
		t.Fatalf("no key %q", name)
		return ""
	}
	invoke := func(addr string) (string, int) {
		return cli.run("apply", "-invoke="+addr, "-auto-approve", "-input=false", "-no-color")
	}

	ci := keyID("ci")
	before, _ := srv.APIKeySecret(ci)
	if out, code := invoke("action.portkey_api_key_rotate.ci"); code != 0 {
		t.Fatalf("invoke rotate (exit %d):\n%s", code, out)
	}
	if after, _ := srv.APIKeySecret(ci); after == before {
		t.Fatal("-invoke did not rotate the key")
	}
	plan := cli.mustRun("the plan after the rotation (no change)", "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if !strings.Contains(plan, "API Key Rotated Outside Terraform") || !strings.Contains(plan, "rotate_trigger") {
		t.Fatalf("the plan after the rotation does not warn that key is stale:\n%s", plan)
	}
	out, code := invoke("action.portkey_api_key_rotate.ci")
	if code == 0 || !strings.Contains(out, "API Key Rotation Refused") || !strings.Contains(out, "still in transition") {
		t.Fatalf("a second rotation during the transition (exit %d):\n%s", code, out)
	}

	// The exporter rotates on update through its action_trigger.
	trigger := filepath.Join(cli.dir, "portkey_api_key_rotate_action-trigger.tf")
	data, err := os.ReadFile(trigger)
	if err != nil {
		t.Fatal(err)
	}
	cli.write(filepath.Base(trigger), []byte(strings.Replace(string(data), `["logs.export"]`, `["logs.export", "logs.view"]`, 1)))
	exporter := keyID("exporter")
	before, _ = srv.APIKeySecret(exporter)
	cli.mustRun("apply the scope change", "apply", "-auto-approve", "-input=false", "-no-color")
	if after, _ := srv.APIKeySecret(exporter); after == before {
		t.Fatal("the update did not trigger the rotation")
	}

	batch := keyID("batch")
	if err := srv.ExhaustAPIKey(batch); err != nil {
		t.Fatal(err)
	}
	if out, code := invoke("action.portkey_api_key_reset_usage.batch"); code != 0 {
		t.Fatalf("invoke reset (exit %d):\n%s", code, out)
	}
	for _, k := range srv.APIKeys() {
		if k.ID == batch && k.Status != "active" {
			t.Fatalf("after the reset the key is %s", k.Status)
		}
	}

	invites := srv.Invites()
	if len(invites) != 1 {
		t.Fatalf("%d invites, want 1", len(invites))
	}
	inviteID := invites[0].ID
	link, _ := srv.InviteLink(inviteID)
	if out, code := invoke("action.portkey_user_invite_resend.newcomer"); code != 0 || strings.Contains(out, link) {
		t.Fatalf("invoke resend (exit %d):\n%s", code, out)
	}
	if again, _ := srv.InviteLink(inviteID); again == link {
		t.Fatal("-invoke did not re-send the invite")
	}
	if err := srv.AcceptInvite(inviteID, false); err != nil {
		t.Fatal(err)
	}
	resends := srv.Count("POST /admin/users/invites/{id}/resend")
	out, code = invoke("action.portkey_user_invite_resend.newcomer")
	if code == 0 || !strings.Contains(out, "User Invite Not Pending") || srv.Count("POST /admin/users/invites/{id}/resend") != resends {
		t.Fatalf("resend of an accepted invite (exit %d):\n%s", code, out)
	}
	for _, s := range srv.MintedAPIKeySecrets() {
		if strings.Contains(out, s) || strings.Contains(plan, s) {
			t.Fatal("a secret reached Terraform's output")
		}
	}
	cli.mustRun("destroy", "destroy", "-auto-approve", "-input=false", "-no-color")
	if keys := srv.APIKeys(); len(keys) != 0 {
		t.Fatalf("%d keys left after destroy", len(keys))
	}
}
