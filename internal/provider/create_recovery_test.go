package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// recoveryConfig is one resource of every kind that a POST creates, the
// API keys of all three kinds included.
func recoveryConfig(e *akEnv, settleTimeout string) string {
	block := strings.Replace(providerBlock(e.url), fmt.Sprintf("read_after_write_timeout = %q", testSettleTimeout),
		fmt.Sprintf("read_after_write_timeout = %q", settleTimeout), 1)
	return block + fmt.Sprintf(`
resource "portkey_workspace" "ws" {
  name = "Recovered"
}

resource "portkey_workspace_member" "member" {
  workspace_id = %[1]q
  user_id      = %[2]q
  role         = "manager"
}

resource "portkey_user_invite" "invite" {
  email = "recovered@example.com"
  role  = "member"
}

resource "portkey_api_key" "org" {
  type     = "organisation"
  sub_type = "service"
  name     = "recovered-org"
  scopes   = ["completions.write"]
}

resource "portkey_api_key" "service" {
  type         = "workspace"
  sub_type     = "service"
  workspace_id = %[1]q
  name         = "recovered-service"
  scopes       = ["completions.write"]
}

resource "portkey_api_key" "user" {
  type         = "workspace"
  sub_type     = "user"
  workspace_id = %[1]q
  user_id      = %[2]q
  name         = "recovered-user"
  scopes       = ["completions.write"]
}
`, e.wsA, e.user1)
}

// recoveryPOSTs are the create routes of recoveryConfig's resources.
func recoveryPOSTs(e *akEnv) []string {
	return []string{"/admin/workspaces", "/admin/workspaces/" + e.wsA + "/users", "/admin/users/invites",
		"/api-keys/organisation/service", "/api-keys/workspace/service", "/api-keys/workspace/user"}
}

// recoveryOutcome counts, on the mock, the objects recoveryConfig's
// resources made, and checks that the secrets in state are Portkey's current
// ones.
func recoveryOutcome(srv *mockserver.Server, e *akEnv, s *tfjson.State) (map[string]int, error) {
	counts := map[string]int{"workspace": len(srv.WorkspaceIDsNamed("Recovered"))}
	for _, inv := range srv.Invites() {
		if inv.Email == "recovered@example.com" {
			counts["invite"]++
		}
	}
	for _, k := range srv.APIKeys() {
		if strings.HasPrefix(k.Name, "recovered-") {
			counts[k.Name]++
		}
	}
	if _, err := srv.Object(mockserver.KindMember, e.wsA+"/"+e.user1); err == nil {
		counts["member"] = 1
	}
	if s == nil || s.Values == nil || s.Values.RootModule == nil {
		return counts, nil
	}
	for _, r := range s.Values.RootModule.Resources {
		id, _ := r.AttributeValues["id"].(string)
		switch r.Type {
		case "portkey_api_key":
			want, err := srv.APIKeySecret(id)
			if err != nil || r.AttributeValues["key"] != want {
				return counts, fmt.Errorf("%s: the key in state is not Portkey's current secret (%w)", r.Address, err)
			}
		case "portkey_user_invite":
			want, err := srv.InviteLink(id)
			if err != nil || r.AttributeValues["invite_link"] != want {
				return counts, fmt.Errorf("%s: invite_link in state is not Portkey's current link (%w)", r.Address, err)
			}
		}
	}
	return counts, nil
}

// TestAccCreateRecovery_underLag: every create first fails cleanly (502,
// nothing stored), then commits and loses its answer, while Portkey's reads
// trail every write by 1.5 s. The lookups settle (read_after_write_timeout 3 s)
// before concluding absence, so the first failure is sent again once and the
// second is adopted, never created twice: one object per resource, each key
// rotated and the invite re-sent so that every secret is known, and an empty
// plan.
func TestAccCreateRecovery_underLag(t *testing.T) {
	mockOnly(t, "the mock's lag mode and fault injection")
	e := newAPIKeyTestEnvWith(t, mockserver.Options{Lag: map[string]time.Duration{mockserver.LagAllKinds: testLag}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.srv.ClearRequests() // count this step's requests, not the setup's
				for _, p := range recoveryPOSTs(e) {
					e.srv.InjectFault(mockserver.Fault{Method: "POST", Path: p, Status: 502})
					e.srv.InjectFault(mockserver.Fault{Method: "POST", Path: p, CommitThenFail: true, Reset: true})
				}
			},
			Config: recoveryConfig(e, testSettleTimeout),
			ConfigStateChecks: []statecheck.StateCheck{akState(func(s *tfjson.State) error {
				counts, err := recoveryOutcome(e.srv, e, s)
				if err != nil {
					return err
				}
				for _, what := range []string{"workspace", "member", "invite", "recovered-org", "recovered-service", "recovered-user"} {
					if counts[what] != 1 {
						return fmt.Errorf("objects made: %v; want exactly one %s", counts, what)
					}
				}
				for _, p := range recoveryPOSTs(e) {
					n := 0
					for _, r := range e.srv.Requests() {
						if r.Method == "POST" && r.Path == p {
							n++
						}
					}
					if n != 2 {
						return fmt.Errorf("POST %s: %d requests, want 2 (the clean failure, then the one adopted)", p, n)
					}
				}
				if n := e.srv.Count("POST /api-keys/{id}/rotate"); n != 3 {
					return fmt.Errorf("%d rotations, want 3 (one per adopted key)", n)
				}
				return nil
			})},
		}},
	})
}

// TestAccCreateRecovery_lagBeyondTheSettleTimeout shows what the guarantee
// rests on: when Portkey's reads trail a lost create by longer than
// read_after_write_timeout, the lookup cannot tell the create that committed
// from one that did not, and the create sent again makes a second workspace.
// The setting must exceed Portkey's lag (the README says so).
func TestAccCreateRecovery_lagBeyondTheSettleTimeout(t *testing.T) {
	mockOnly(t, "the mock's lag mode and fault injection")
	e := newAPIKeyTestEnvWith(t, mockserver.Options{Lag: map[string]time.Duration{mockserver.LagAllKinds: testLag}})
	block := strings.Replace(providerBlock(e.url), fmt.Sprintf("read_after_write_timeout = %q", testSettleTimeout),
		`read_after_write_timeout = "200ms"`, 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/workspaces", CommitThenFail: true, Reset: true})
			},
			Config: block + `
resource "portkey_workspace" "ws" {
  name = "Twice"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{akCheck(func() error {
				if ids := e.srv.WorkspaceIDsNamed("Twice"); len(ids) != 2 {
					return fmt.Errorf("workspaces named Twice: %v; with the lag beyond the settle timeout, want the duplicate this test documents", ids)
				}
				return nil
			})},
		}},
	})
}
