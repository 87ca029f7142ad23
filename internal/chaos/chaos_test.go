package chaos

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

func TestShapeFor(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]Shape{
		200: {Workspaces: 20, Members: 80, Invites: 40, OrgKeys: 20, ServiceKeys: 20, UserKeys: 20, Users: 20},
		20:  {Workspaces: 2, Members: 8, Invites: 4, OrgKeys: 2, ServiceKeys: 2, UserKeys: 2, Users: 4},
	} {
		if got := ShapeFor(n); got != want || got.Total() != n {
			t.Errorf("ShapeFor(%d) = %+v (total %d), want %+v", n, got, got.Total(), want)
		}
	}
	// Every membership is distinct, so none can be refused as a duplicate.
	cfg := Config(ShapeFor(200), 1, "")
	seen := map[string]bool{}
	for _, block := range strings.Split(cfg, "resource \"portkey_workspace_member\"")[1:] {
		lines := strings.Split(block, "\n")
		key := strings.TrimSpace(lines[1]) + strings.TrimSpace(lines[2])
		if seen[key] {
			t.Fatalf("membership %s twice", key)
		}
		seen[key] = true
	}
	if len(seen) != 80 {
		t.Fatalf("%d memberships", len(seen))
	}
}

// TestChaos_small is the small version of make chaos: 20 resources, a fixed
// seed, 20% of the requests failing, and reads that trail writes by 1 s (the
// provider's read_after_write_timeout is 5 s). The targets: one
// apply per phase, one destroy, no duplicate, orphan or null secret, and
// empty plans.
func TestChaos_small(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does) to run it with the Terraform CLI")
	}
	terraform, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("terraform is not on PATH: this test needs Terraform >= 1.11")
	}
	bin := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-portkey"), "../..").CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	const key = "chaos-test-key"
	srv := mockserver.New(mockserver.Options{APIKeys: []string{key}, Lag: map[string]time.Duration{mockserver.LagAllKinds: time.Second}})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)

	var log strings.Builder
	res, err := Run(context.Background(), Options{
		Terraform: terraform, ProviderDir: bin, BaseURL: ts.URL + mockserver.APIPrefix, APIKey: key, WorkDir: t.TempDir(),
		Shape: ShapeFor(20), Seed: 7, Rate: 0.2, RetryAfter: 1, MaxLatency: 500 * time.Millisecond,
		MaxRetries: 10, SettleTimeout: "5s", MaxRuns: 3, Log: &log,
	})
	t.Log("\n" + log.String())
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests == 0 || len(res.Injected) == 0 {
		t.Fatalf("the mock injected no fault (%d requests, %v): the run proves nothing", res.Requests, res.Injected)
	}
	if !res.OK(1) {
		t.Fatalf("the run missed the targets: %+v", res.Phases)
	}
}

// TestCheck_findsDuplicatesOrphansAndNullSecrets: the checks count what they
// are for, so a run that made any of them cannot pass.
func TestCheck_findsDuplicatesOrphansAndNullSecrets(t *testing.T) {
	t.Parallel()
	srv := mockserver.New(mockserver.Options{APIKeys: []string{"k"}})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{
		{ID: "11111111-0000-4000-8000-000000000001", Name: "chaos-ws-000"},
		{ID: "11111111-0000-4000-8000-000000000002", Name: "chaos-ws-000"}, // a duplicate, not in state
		{ID: "11111111-0000-4000-8000-000000000003", Name: "unrelated"},
	}})
	state := []stateResource{
		{Address: "portkey_workspace.ws000", Type: "portkey_workspace", ID: "11111111-0000-4000-8000-000000000001"},
		{Address: "portkey_api_key.org000", Type: "portkey_api_key", ID: "k1", Values: map[string]any{"key": nil}},
		{Address: "portkey_user_invite.inv000", Type: "portkey_user_invite", ID: "i1", Values: map[string]any{"invite_link": nil, "status": "pending"}},
		{Address: "portkey_user_invite.inv001", Type: "portkey_user_invite", ID: "i2", Values: map[string]any{"invite_link": nil, "status": "accepted"}},
	}
	var p Phase
	if err := check(context.Background(), mock{root: ts.URL}, state, &p, false); err != nil {
		t.Fatal(err)
	}
	if p.Duplicates != 1 || p.Orphans != 1 || p.NullSecrets != 2 {
		t.Fatalf("duplicates %d, orphans %d, null secrets %d; want 1, 1, 2: %v", p.Duplicates, p.Orphans, p.NullSecrets, p.Findings)
	}
}

func TestErrorBlocks(t *testing.T) {
	t.Parallel()
	out := "portkey_workspace.w: Destroying...\n╷\n│ Error: Unable to Delete Workspace\n│ \n│ DELETE /admin/workspaces/x: HTTP 403\n╵\n" +
		"╷\n│ Warning: Something\n│ \n│ detail\n╵\n╷\n│ Error: Second\n╵\n"
	got := errorBlocks(out)
	want := []string{"    | Error: Unable to Delete Workspace\n    | \n    | DELETE /admin/workspaces/x: HTTP 403", "    | Error: Second"}
	if strings.Join(got, "\n--\n") != strings.Join(want, "\n--\n") {
		t.Fatalf("errorBlocks:\n%q\nwant\n%q", got, want)
	}
}
