package mockserver

import (
	"strings"
	"testing"
)

// With NamePrefix, every route that names an object refuses a name (an
// invite's email, ignoring case) without the prefix and changes nothing; a
// workspace's leading emoji is not part of its name; a PUT without a name,
// and every other route, pass.
func TestNamePrefix_refusesUnprefixedNames(t *testing.T) {
	t.Parallel()
	const key = "pk-prefix-test"
	srv := New(Options{APIKeys: []string{key}, NamePrefix: "tf-acc-"})
	base := srv.Start(t)
	call := func(method, path string, body any) (int, map[string]any) {
		t.Helper()
		status, out := callJSON(t, method, base+path, key, body)
		if status == 400 {
			sentInvalid(srv, method, path)
		}
		return status, out
	}
	refused := func(what string, status int, out map[string]any) {
		t.Helper()
		data, _ := out["data"].(map[string]any)
		msg, _ := data["message"].(string)
		if status != 400 || !strings.Contains(msg, `does not start with "tf-acc-"`) {
			t.Errorf("%s: %d %v, want 400 naming the prefix", what, status, out)
		}
	}

	status, out := call("POST", "/admin/workspaces", map[string]any{"name": "Production"})
	refused("workspace without the prefix", status, out)
	status, ws := call("POST", "/admin/workspaces", map[string]any{"name": "🎯 tf-acc-ops-1"})
	if status != 200 {
		t.Fatalf("workspace with a leading emoji and the prefix: %d %v", status, ws)
	}
	id, _ := ws["id"].(string)
	status, out = call("PUT", "/admin/workspaces/"+id, map[string]any{"name": "Renamed"})
	refused("workspace renamed without the prefix", status, out)
	if status, out := call("PUT", "/admin/workspaces/"+id, map[string]any{"description": "no name"}); status != 200 {
		t.Errorf("a PUT without a name: %d %v", status, out)
	}

	status, out = call("POST", "/admin/users/invites", map[string]any{"email": "alice@example.com", "role": "member"})
	refused("invite without the prefix", status, out)
	if status, out := call("POST", "/admin/users/invites", map[string]any{"email": "TF-ACC-Bob-1@Example.com", "role": "member"}); status != 200 {
		t.Errorf("an invite with the prefix in capitals: %d %v", status, out)
	}

	status, out = call("POST", "/api-keys/organisation/service", map[string]any{"name": "ci", "scopes": []string{"logs.view"}})
	refused("API key without the prefix", status, out)
	status, k := call("POST", "/api-keys/organisation/service", map[string]any{"name": "tf-acc-ci-1", "scopes": []string{"logs.view"}})
	if status != 200 {
		t.Fatalf("API key with the prefix: %d %v", status, k)
	}
	keyID, _ := k["id"].(string)
	status, out = call("PUT", "/api-keys/"+keyID, map[string]any{"name": "ci", "scopes": []string{"logs.view"}})
	refused("API key renamed without the prefix", status, out)

	if n := len(srv.WorkspaceIDsNamed("Production")) + len(srv.Invites()) - 1 + len(srv.APIKeys()) - 1; n != 0 {
		t.Errorf("a refused request changed the organisation (%d objects too many)", n)
	}
	if n := len(srv.WorkspaceIDsNamed("tf-acc-ops-1")); n != 1 {
		t.Errorf("%d workspaces named tf-acc-ops-1 (the emoji moved into the icon), want 1", n)
	}
}
