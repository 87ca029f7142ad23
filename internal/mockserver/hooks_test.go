package mockserver

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// coreDefaultWorkspace returns the seeded default workspace and owner.
func coreDefaultWorkspace(t *testing.T, s *Server) (ws Workspace, owner User) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range s.workspaces {
		if w.IsDefault == 1 {
			ws = *w
		}
	}
	for _, u := range s.users {
		if u.Role == "owner" {
			owner = *u
		}
	}
	if ws.ID == "" || owner.ID == "" {
		t.Fatal("no default workspace or owner")
	}
	return ws, owner
}

func TestHooks_seedOverHTTP(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	status, body := h.hook("POST", "/seed", `{
		"admin_keys": ["pk-seeded-admin"],
		"users": [{"id": "u-alice", "email": "alice@example.com", "first_name": "Alice", "role": "admin"}],
		"workspaces": [{"id": "ws-uuid-1", "name": "Seeded", "x_mock_dependents": 2}]
	}`)
	if status != 200 || strings.TrimSpace(string(body)) != "{}" {
		t.Fatalf("seed: %d %s", status, body)
	}
	if st, _, _ := h.call("GET", "/v1/x-core/items/a", "pk-seeded-admin", ""); st != 200 {
		t.Fatalf("the seeded admin key: status %d", st)
	}
	raw, err := h.srv.Object(KindUser, "u-alice")
	if err != nil || !strings.Contains(string(raw), `"email":"alice@example.com"`) || !strings.Contains(string(raw), `"role":"admin"`) {
		t.Fatalf("seeded user: %s %v", raw, err)
	}
	var ws Workspace
	raw, err = h.srv.Object(KindWorkspace, "ws-uuid-1")
	if err != nil || json.Unmarshal(raw, &ws) != nil {
		t.Fatalf("seeded workspace: %s %v", raw, err)
	}
	if ws.Name != "Seeded" || ws.Dependents != 2 || !strings.HasPrefix(ws.Slug, "ws-seeded-") || ws.OrganisationID != h.srv.OrganisationID() || ws.CreatedAt == "" {
		t.Fatalf("seeded workspace = %+v", ws)
	}
	// The seed is decoded strictly.
	if status, _ := h.hook("POST", "/seed", `{"userz":[]}`); status != 400 {
		t.Fatalf("a seed with an unknown field: status %d, want 400", status)
	}
}

func TestHooks_objectsOverHTTP(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	ws, owner := coreDefaultWorkspace(t, h.srv)

	status, body := h.hook("GET", "/objects/workspaces/"+ws.ID, "")
	if status != 200 || !strings.Contains(string(body), `"name":"Shared Team Workspace"`) {
		t.Fatalf("GET workspace: %d %s", status, body)
	}
	// A slug names the workspace too.
	if status, _ := h.hook("GET", "/objects/workspaces/"+ws.Slug, ""); status != 200 {
		t.Fatalf("GET workspace by slug: %d", status)
	}
	// Member ids carry a slash: "<workspace>/<user>".
	status, body = h.hook("GET", "/objects/members/"+ws.ID+"/"+owner.ID, "")
	if status != 200 || !strings.Contains(string(body), `"role":"admin"`) {
		t.Fatalf("GET member: %d %s", status, body)
	}

	status, body = h.hook("PATCH", "/objects/workspaces/"+ws.ID, `{"name":"Renamed","description":"d"}`)
	if status != 200 || strings.TrimSpace(string(body)) != "{}" {
		t.Fatalf("PATCH workspace: %d %s", status, body)
	}
	raw, _ := h.srv.Object(KindWorkspace, ws.ID)
	if !strings.Contains(string(raw), `"name":"Renamed"`) || !strings.Contains(string(raw), `"description":"d"`) {
		t.Fatalf("after PATCH: %s", raw)
	}
	status, _ = h.hook("PATCH", "/objects/workspaces/"+ws.ID, `{"description":null}`)
	raw, _ = h.srv.Object(KindWorkspace, ws.ID)
	if status != 200 || !strings.Contains(string(raw), `"description":null`) {
		t.Fatalf("PATCH null did not clear: %d %s", status, raw)
	}
	status, _ = h.hook("PATCH", "/objects/members/"+ws.Slug+"/"+owner.ID, `{"role":"member"}`)
	raw, _ = h.srv.Object(KindMember, ws.ID+"/"+owner.ID)
	if status != 200 || !strings.Contains(string(raw), `"role":"member"`) {
		t.Fatalf("PATCH member: %d %s", status, raw)
	}

	for _, tc := range []struct {
		method, path, body string
		status             int
	}{
		{"GET", "/objects/workspaces/nope", "", 404},
		{"GET", "/objects/gadgets/x", "", 400},
		{"PATCH", "/objects/users/nope", `{"role":"admin"}`, 404},
		{"PATCH", "/objects/workspaces/" + ws.ID, `{"title":"x"}`, 400},
		{"PATCH", "/objects/workspaces/" + ws.ID, `{"id":"other"}`, 400},
		{"PATCH", "/objects/workspaces/" + ws.ID, `not json`, 400},
		{"DELETE", "/objects/invites/nope", "", 404},
		{"DELETE", "/objects/gadgets/x", "", 400},
	} {
		status, body := h.hook(tc.method, tc.path, tc.body)
		if status != tc.status || !strings.Contains(string(body), `"error"`) {
			t.Errorf("%s %s: %d %s, want %d with an error", tc.method, tc.path, status, body, tc.status)
		}
	}

	status, _ = h.hook("DELETE", "/objects/users/"+owner.ID, "")
	if status != 200 {
		t.Fatalf("DELETE user: %d", status)
	}
	if status, _ := h.hook("GET", "/objects/users/"+owner.ID, ""); status != 404 {
		t.Fatalf("GET a deleted user: %d, want 404", status)
	}
	if status, _ := h.hook("GET", "/objects/members/"+ws.ID+"/"+owner.ID, ""); status != 404 {
		t.Fatalf("the deleted user's membership is still there: %d", status)
	}
}

func TestHooks_faultsOverHTTP(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	status, _ := h.hook("POST", "/faults", `{"method":"GET","path":"/x-core/items/*","latency":"250ms","status":503,"retry_after":"2","times":2}`)
	if status != 200 {
		t.Fatalf("POST /__mock/faults: %d", status)
	}
	start := time.Now()
	status, _ = h.api("GET", "/x-core/items/a", "")
	if status != 503 || time.Since(start) < 250*time.Millisecond {
		t.Fatalf("status %d after %v, want 503 after 250ms", status, time.Since(start))
	}
	h.api("GET", "/x-core/items/a", "")
	if status, _ := h.api("GET", "/x-core/items/a", ""); status != 200 {
		t.Fatalf("a fault with times 2 hit a third request: %d", status)
	}

	h.hook("POST", "/faults", `{"status":500,"times":-1}`)
	h.hook("POST", "/faults", `{"reset":true,"commit_then_fail":true,"path":"/x-core/items"}`)
	if status, _ := h.hook("DELETE", "/faults", ""); status != 200 {
		t.Fatalf("DELETE /__mock/faults: %d", status)
	}
	if status, _ := h.api("GET", "/x-core/items/a", ""); status != 200 {
		t.Fatalf("after clearing faults: %d", status)
	}

	for _, bad := range []string{`{"latency":"soon"}`, `{"latency":250}`, `{"stauts":500}`, `[]`} {
		if status, _ := h.hook("POST", "/faults", bad); status != 400 {
			t.Errorf("POST /__mock/faults %s: %d, want 400", bad, status)
		}
	}
}

func TestHooks_requestsCountsAndReset(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	h.api("GET", "/x-core/items/a", "")
	h.api("GET", "/x-core/items/b", "")
	h.api("POST", "/x-core/items", `{"name":"n"}`)

	status, body := h.hook("GET", "/requests", "")
	var reqs []Request
	if status != 200 || json.Unmarshal(body, &reqs) != nil || len(reqs) != 3 {
		t.Fatalf("GET /__mock/requests: %d %s", status, body)
	}
	if reqs[2].Method != "POST" || reqs[2].Route != "POST /x-core/items" || reqs[2].Body != `{"name":"n"}` {
		t.Fatalf("last entry %+v", reqs[2])
	}
	status, body = h.hook("GET", "/counts", "")
	var counts map[string]int
	if status != 200 || json.Unmarshal(body, &counts) != nil || counts["GET /x-core/items/{id}"] != 2 || counts["POST /x-core/items"] != 1 {
		t.Fatalf("GET /__mock/counts: %d %s", status, body)
	}
	if status, _ := h.hook("DELETE", "/requests", ""); status != 200 || len(h.srv.Requests()) != 0 {
		t.Fatalf("DELETE /__mock/requests: %d, %d entries left", status, len(h.srv.Requests()))
	}

	// Reset: back to the initial organisation; admin keys stay accepted.
	h.hook("POST", "/seed", `{"admin_keys":["pk-seeded"],"users":[{"id":"u-bob","email":"bob@example.com"}]}`)
	h.srv.InjectFault(Fault{Status: 500, Times: -1})
	oldOrg := h.srv.OrganisationID()
	if status, _ := h.hook("POST", "/reset", ""); status != 200 {
		t.Fatalf("POST /__mock/reset: %d", status)
	}
	if _, err := h.srv.Object(KindUser, "u-bob"); err == nil {
		t.Fatal("a seeded user survived the reset")
	}
	if h.srv.OrganisationID() == oldOrg {
		t.Fatal("the reset kept the organisation id")
	}
	coreDefaultWorkspace(t, h.srv) // the owner and default workspace are back
	if st, _, _ := h.call("GET", "/v1/x-core/items/a", "pk-seeded", ""); st != 200 {
		t.Fatalf("after reset (faults cleared, seeded key kept): status %d", st)
	}
	if n := len(h.srv.Requests()); n != 1 {
		t.Fatalf("the reset kept %d old log entries", n-1)
	}
}

func TestHooks_goErrors(t *testing.T) {
	t.Parallel()
	s := New(Options{})
	ws, owner := coreDefaultWorkspace(t, s)
	for name, err := range map[string]error{
		"Patch unknown kind":   s.Patch("gadgets", "x", map[string]any{}),
		"Patch unknown id":     s.Patch(KindUser, "nope", map[string]any{"role": "admin"}),
		"Patch unknown field":  s.Patch(KindUser, owner.ID, map[string]any{"rolle": "admin"}),
		"Patch wrong type":     s.Patch(KindUser, owner.ID, map[string]any{"role": 5}),
		"Patch id":             s.Patch(KindWorkspace, ws.ID, map[string]any{"id": "x"}),
		"Patch member key":     s.Patch(KindMember, ws.ID+"/"+owner.ID, map[string]any{"user_id": "x"}),
		"Patch non-object":     s.Patch(KindUser, owner.ID, []string{"x"}),
		"Patch unmarshalable":  s.Patch(KindUser, owner.ID, func() {}),
		"Delete unknown kind":  s.Delete("gadgets", "x"),
		"Delete unknown id":    s.Delete(KindAPIKey, "nope"),
		"Delete unknown memb":  s.Delete(KindMember, ws.ID+"/nope"),
		"Delete unknown ws":    s.Delete(KindMember, "nope/"+owner.ID),
		"Object unknown kind":  func() error { _, err := s.Object("gadgets", "x"); return err }(),
		"Object unknown id":    func() error { _, err := s.Object(KindInvite, "nope"); return err }(),
		"Object member no ws":  func() error { _, err := s.Object(KindMember, owner.ID); return err }(),
		"Object workspace gap": func() error { _, err := s.Object(KindWorkspace, ""); return err }(),
	} {
		if err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	// A rejected patch changes nothing, even in the fields before the bad one.
	_ = s.Patch(KindUser, owner.ID, json.RawMessage(`{"first_name":"Changed","rolle":"x"}`))
	raw, _ := s.Object(KindUser, owner.ID)
	if strings.Contains(string(raw), "Changed") {
		t.Fatalf("a rejected patch was partly applied: %s", raw)
	}
	// Patch accepts maps, structs and raw JSON.
	if err := s.Patch(KindUser, owner.ID, struct {
		FirstName string `json:"first_name"`
	}{"Struct"}); err != nil {
		t.Fatalf("Patch with a struct: %v", err)
	}
	if err := s.Patch(KindUser, owner.ID, json.RawMessage(`{"last_name":"Raw"}`)); err != nil {
		t.Fatalf("Patch with raw JSON: %v", err)
	}
	raw, _ = s.Object(KindUser, owner.ID)
	if !strings.Contains(string(raw), `"first_name":"Struct"`) || !strings.Contains(string(raw), `"last_name":"Raw"`) {
		t.Fatalf("after patches: %s", raw)
	}
}

func TestHooks_deleteUserCascades(t *testing.T) {
	t.Parallel()
	s := New(Options{})
	ws, owner := coreDefaultWorkspace(t, s)
	str := func(v string) *string { return &v }

	s.mu.Lock()
	alice := s.addUserLocked(User{Email: "alice@example.com"})
	other := s.addWorkspaceLocked(Workspace{Name: "Other"})
	s.addMemberLocked(ws.ID, alice.ID, "member")
	s.addMemberLocked(other.ID, alice.ID, "admin")
	s.addMemberLocked(other.ID, owner.ID, "admin")
	s.apiKeys["k-alice-1"] = &APIKey{ID: "k-alice-1", Type: "workspace-user", WorkspaceID: str(ws.ID), UserID: str(alice.ID)}
	s.apiKeys["k-alice-2"] = &APIKey{ID: "k-alice-2", Type: "workspace-user", WorkspaceID: str(other.ID), UserID: str(alice.ID)}
	s.apiKeys["k-owner"] = &APIKey{ID: "k-owner", Type: "workspace-user", WorkspaceID: str(ws.ID), UserID: str(owner.ID)}
	s.apiKeys["k-service"] = &APIKey{ID: "k-service", Type: "workspace-service", WorkspaceID: str(other.ID)}
	aliceID, otherID := alice.ID, other.ID
	s.mu.Unlock()

	if err := s.Delete(KindUser, aliceID); err != nil {
		t.Fatalf("Delete user: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[aliceID]; ok {
		t.Fatal("the user is still there")
	}
	for wsID, ms := range s.members {
		if _, ok := ms[aliceID]; ok {
			t.Fatalf("the user is still a member of %s", wsID)
		}
	}
	for _, id := range []string{"k-alice-1", "k-alice-2"} {
		if _, ok := s.apiKeys[id]; ok {
			t.Fatalf("the user's key %s survived", id)
		}
	}
	for _, id := range []string{"k-owner", "k-service"} {
		if _, ok := s.apiKeys[id]; !ok {
			t.Fatalf("key %s of someone else was removed", id)
		}
	}
	if s.members[ws.ID][owner.ID] == nil || s.members[otherID][owner.ID] == nil {
		t.Fatal("other users' memberships were removed")
	}
}

func TestHooks_deleteWorkspaceCascades(t *testing.T) {
	t.Parallel()
	s := New(Options{})
	ws, owner := coreDefaultWorkspace(t, s)
	str := func(v string) *string { return &v }
	s.mu.Lock()
	other := s.addWorkspaceLocked(Workspace{Name: "Doomed"})
	s.addMemberLocked(other.ID, owner.ID, "admin")
	s.apiKeys["k-doomed"] = &APIKey{ID: "k-doomed", Type: "workspace-service", WorkspaceID: str(other.ID)}
	s.apiKeys["k-kept"] = &APIKey{ID: "k-kept", Type: "workspace-service", WorkspaceID: str(ws.ID)}
	otherID, otherSlug := other.ID, other.Slug
	s.mu.Unlock()

	if err := s.Delete(KindWorkspace, otherSlug); err != nil { // by slug
		t.Fatalf("Delete workspace: %v", err)
	}
	if _, err := s.Object(KindWorkspace, otherID); err == nil {
		t.Fatal("the workspace is still there")
	}
	if _, err := s.Object(KindMember, otherID+"/"+owner.ID); err == nil {
		t.Fatal("its membership is still there")
	}
	if _, err := s.Object(KindAPIKey, "k-doomed"); err == nil {
		t.Fatal("its key is still there")
	}
	if _, err := s.Object(KindAPIKey, "k-kept"); err != nil {
		t.Fatalf("another workspace's key went: %v", err)
	}
	if _, err := s.Object(KindUser, owner.ID); err != nil {
		t.Fatalf("the user went with the workspace: %v", err)
	}
	if err := s.Delete(KindMember, ws.Slug+"/"+owner.ID); err != nil {
		t.Fatalf("Delete member by slug: %v", err)
	}
	if _, err := s.Object(KindMember, ws.ID+"/"+owner.ID); err == nil {
		t.Fatal("the membership is still there")
	}
}

// With NoHooks the server is only the Admin API: every hook answers 404 in
// the API's error envelope and changes nothing, with or without a key, while
// the API and the Go hooks work as before.
func TestHooks_offWithNoHooks(t *testing.T) {
	t.Parallel()
	srv := New(Options{APIKeys: []string{"pk-no-hooks"}, NoHooks: true})
	base := srv.Start(t)
	root := strings.TrimSuffix(base, APIPrefix)
	for _, hook := range []struct{ method, path, body string }{
		{"POST", "/__mock/reset", ""},
		{"POST", "/__mock/seed", `{"users":[{"email":"hooked@example.com"}]}`},
		{"POST", "/__mock/faults", `{"method":"GET","path":"/admin/users","status":500}`},
		{"GET", "/__mock/requests", ""},
		{"GET", "/__mock/counts", ""},
	} {
		for _, key := range []string{"", "pk-no-hooks"} {
			var body any
			if hook.body != "" {
				body = hook.body
			}
			status, out := callJSON(t, hook.method, root+hook.path, key, body)
			data, _ := out["data"].(map[string]any)
			if msg, _ := data["message"].(string); status != 404 || out["success"] != false || !strings.Contains(msg, "hooks are off") {
				t.Errorf("%s %s (key %q): %d %v, want 404 naming the hooks off", hook.method, hook.path, key, status, out)
			}
		}
	}
	status, out := callJSON(t, "GET", base+"/admin/users", "pk-no-hooks", nil)
	if status != 200 {
		t.Fatalf("GET /admin/users: %d %v", status, out)
	}
	if users, _ := out["data"].([]any); len(users) != 1 {
		t.Errorf("the seed hook changed the organisation: %d users, want the owner only", len(users))
	}
	if n := srv.Count("GET /admin/users"); n != 1 {
		t.Errorf("the Go hooks: Count = %d, want 1", n)
	}
}

func TestObjects_listsEveryObjectOfAKind(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	for kind, want := range map[string]int{KindWorkspace: 1, KindUser: 1, KindMember: 1, KindInvite: 0, KindAPIKey: 0} {
		status, body := h.hook("GET", "/objects/"+kind, "")
		var objs []map[string]any
		if err := json.Unmarshal(body, &objs); status != 200 || err != nil || len(objs) != want {
			t.Errorf("GET /__mock/objects/%s: %d %s, want %d objects", kind, status, body, want)
		}
		if kind == KindMember && len(objs) == 1 && (objs[0]["workspace_id"] == nil || objs[0]["user_id"] == nil) {
			t.Errorf("a member without its workspace_id and user_id: %s", body)
		}
	}
	if status, _ := h.hook("GET", "/objects/gadgets", ""); status != 400 {
		t.Errorf("an unknown kind answered %d, want 400", status)
	}
}
