package mockserver

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

// Read-after-write lag (lag.go). The server's clock is a test clock, so no
// test sleeps: time moves only when a test advances it.

const lagKey = "pk-test-lag-admin"

type lagEnv struct {
	t     *testing.T
	srv   *Server
	base  string
	clock *akClock
}

func newLagEnv(t *testing.T, lag map[string]time.Duration) *lagEnv {
	t.Helper()
	clock := &akClock{t: time.Date(2026, 6, 11, 9, 0, 0, 0, time.UTC)}
	srv := New(Options{APIKeys: []string{lagKey}, Clock: clock.now, Lag: lag})
	return &lagEnv{t: t, srv: srv, base: srv.Start(t), clock: clock}
}

func (e *lagEnv) call(method, path string, body any) (int, map[string]any) {
	e.t.Helper()
	return callJSON(e.t, method, e.base+path, lagKey, body)
}

func (e *lagEnv) ok(method, path string, body any) map[string]any {
	e.t.Helper()
	status, out := e.call(method, path, body)
	if status != http.StatusOK {
		e.t.Fatalf("%s %s: HTTP %d %v", method, path, status, out)
	}
	return out
}

// status returns the HTTP status of a GET.
func (e *lagEnv) status(path string) int {
	e.t.Helper()
	status, _ := e.call("GET", path, nil)
	return status
}

// listed returns the ids a list answers.
func (e *lagEnv) listed(path string) []string {
	e.t.Helper()
	return listIDs(e.t, e.ok("GET", path, nil))
}

func (e *lagEnv) createWorkspace(name string) string {
	e.t.Helper()
	id, _ := e.ok("POST", "/admin/workspaces", map[string]any{"name": name})["id"].(string)
	return id
}

func TestLag_workspaceCreateUpdateDelete(t *testing.T) {
	t.Parallel()
	e := newLagEnv(t, map[string]time.Duration{LagAllKinds: 1500 * time.Millisecond})
	path := func(id string) string { return "/admin/workspaces/" + id }

	// After a create: not found, and absent from lists, until the lag passes.
	id := e.createWorkspace("Lagging")
	if got := e.status(path(id)); got != http.StatusNotFound {
		t.Fatalf("GET right after the create: HTTP %d, want 404", got)
	}
	if slices.Contains(e.listed("/admin/workspaces"), id) {
		t.Fatal("the list shows the workspace right after its create")
	}
	// Writes act on the current object even while reads cannot see it.
	e.clock.advance(time.Millisecond)
	e.ok("PUT", path(id), map[string]any{"description": "set while invisible"})
	e.clock.advance(1498 * time.Millisecond)
	if got := e.status(path(id)); got != http.StatusNotFound {
		t.Fatalf("GET 1.499 s after the create: HTTP %d, want 404", got)
	}
	e.clock.advance(time.Millisecond) // 1.5 s after the create, 1.499 s after the PUT
	if got := e.ok("GET", path(id), nil); got["name"] != "Lagging" || got["description"] != nil {
		t.Fatalf("GET once the create settled shows the version before the PUT: %v", got)
	}
	if !slices.Contains(e.listed("/admin/workspaces"), id) {
		t.Fatal("the list does not show the workspace once the create settled")
	}
	e.clock.advance(time.Millisecond)
	if got := e.ok("GET", path(id), nil); got["description"] != "set while invisible" {
		t.Fatalf("GET once the PUT settled: %v", got)
	}

	// After an update: the old values, in GET and in the list, then the new.
	e.ok("PUT", path(id), map[string]any{"name": "Renamed"})
	if got := e.ok("GET", path(id), nil); got["name"] != "Lagging" {
		t.Fatalf("GET right after the rename: name %v, want the old one", got["name"])
	}
	if got := e.ok("GET", "/admin/workspaces?exact_name=Lagging", nil); len(listIDs(t, got)) != 1 {
		t.Fatalf("the list filtered by the old name: %v", got)
	}
	e.clock.advance(1500 * time.Millisecond)
	if got := e.ok("GET", path(id), nil); got["name"] != "Renamed" {
		t.Fatalf("GET after the lag: name %v", got["name"])
	}

	// After a delete: still there (GET, list), then the 403 of a deleted workspace.
	e.ok("DELETE", path(id), map[string]any{"name": "Renamed"})
	if got := e.ok("GET", path(id), nil); got["name"] != "Renamed" {
		t.Fatalf("GET right after the delete: %v", got)
	}
	if !slices.Contains(e.listed("/admin/workspaces"), id) {
		t.Fatal("the list lost the workspace right after its delete")
	}
	e.clock.advance(1500 * time.Millisecond)
	if got := e.status(path(id)); got != http.StatusForbidden {
		t.Fatalf("GET after the delete settled: HTTP %d, want 403", got)
	}
	if n := e.srv.PendingLag(); n != 0 {
		t.Fatalf("%d stale views still pending", n)
	}
}

// Several writes within the lag: a read shows the object as it was a lag ago.
func TestLag_readsTrailByTheLag(t *testing.T) {
	t.Parallel()
	e := newLagEnv(t, map[string]time.Duration{KindWorkspace: 2 * time.Second})
	id := e.createWorkspace("v0")
	e.clock.advance(2 * time.Second)
	e.ok("PUT", "/admin/workspaces/"+id, map[string]any{"name": "v1"}) // t = 2 s
	e.clock.advance(time.Second)
	e.ok("PUT", "/admin/workspaces/"+id, map[string]any{"name": "v2"}) // t = 3 s
	for _, step := range []struct {
		advance time.Duration
		want    string
	}{{500 * time.Millisecond, "v0"}, {time.Second, "v1"}, {time.Second, "v2"}} { // at 3.5 s, 4.5 s, 5.5 s
		e.clock.advance(step.advance)
		if got := e.ok("GET", "/admin/workspaces/"+id, nil)["name"]; got != step.want {
			t.Fatalf("name %v, want %s", got, step.want)
		}
	}
}

// Lag is per kind: a kind without one reads current at once.
func TestLag_perKind(t *testing.T) {
	t.Parallel()
	e := newLagEnv(t, map[string]time.Duration{KindUser: time.Second})
	alice := e.srv.SeedUser(User{Email: "alice@example.com"})
	wsID := e.createWorkspace("Instant")
	e.ok("GET", "/admin/workspaces/"+wsID, nil)

	e.ok("PUT", "/admin/users/"+alice.ID, map[string]any{"role": "admin"})
	if got := e.ok("GET", "/admin/users/"+alice.ID, nil)["role"]; got != "member" {
		t.Fatalf("user role right after the PUT: %v, want the old member", got)
	}
	if got := e.ok("GET", "/admin/users?role=admin", nil); len(listIDs(t, got)) != 0 {
		t.Fatalf("the list filtered by the new role already shows her: %v", got)
	}
	// Members have no lag here: the membership reads at once (with the
	// user's organisation role as the lagging user read shows it).
	e.ok("POST", "/admin/workspaces/"+wsID+"/users", addBody(alice.ID, "manager"))
	if got := e.ok("GET", "/admin/workspaces/"+wsID+"/users/"+alice.ID, nil); got["role"] != "manager" || got["org_role"] != "member" {
		t.Fatalf("membership: %v", got)
	}
	e.clock.advance(time.Second)
	if got := e.ok("GET", "/admin/users/"+alice.ID, nil)["role"]; got != "admin" {
		t.Fatalf("user role after the lag: %v", got)
	}

	// Switched off for users, on for workspaces, over HTTP.
	if status, out := callJSON(t, "PUT", e.base[:len(e.base)-len(APIPrefix)]+"/__mock/lag", "", map[string]any{"kind": "users", "duration": "0s"}); status != http.StatusOK {
		t.Fatalf("lag hook: %d %v", status, out)
	}
	if err := e.srv.SetLag(KindWorkspace, time.Second); err != nil {
		t.Fatal(err)
	}
	e.ok("PUT", "/admin/users/"+alice.ID, map[string]any{"role": "member"})
	if got := e.ok("GET", "/admin/users/"+alice.ID, nil)["role"]; got != "member" {
		t.Fatalf("user role with the user lag off: %v", got)
	}
	if got := e.status("/admin/workspaces/" + e.createWorkspace("Later")); got != http.StatusNotFound {
		t.Fatalf("a workspace created with the workspace lag on: HTTP %d, want 404", got)
	}
}

// Memberships, users (with their cascade), invites and API keys lag alike.
func TestLag_everyKind(t *testing.T) {
	t.Parallel()
	e := newLagEnv(t, map[string]time.Duration{LagAllKinds: time.Second})
	alice := e.srv.SeedUser(User{Email: "alice@example.com"})
	wsID := e.createWorkspace("Team")
	e.clock.advance(time.Second)
	members := "/admin/workspaces/" + wsID + "/users"

	// Membership: create, update, delete.
	e.ok("POST", members, addBody(alice.ID, "member"))
	if got := e.status(members + "/" + alice.ID); got != http.StatusNotFound {
		t.Fatalf("member right after the add: HTTP %d", got)
	}
	if slices.Contains(e.listed(members), alice.ID) {
		t.Fatal("the members list shows the new member")
	}
	e.clock.advance(time.Second)
	e.ok("PUT", members+"/"+alice.ID, map[string]any{"role": "manager"})
	if got := e.ok("GET", members+"/"+alice.ID, nil)["role"]; got != "member" {
		t.Fatalf("member role right after the PUT: %v", got)
	}
	e.clock.advance(time.Second)

	// An API key of Alice's, then Alice leaves: her membership and key are
	// still there for a lag, as is she.
	keyID, _ := e.ok("POST", "/api-keys/workspace/user", map[string]any{
		"name": "alice", "workspace_id": wsID, "user_id": alice.ID, "scopes": []string{"completions.write"},
	})["id"].(string)
	if got := e.status("/api-keys/" + keyID); got != http.StatusNotFound {
		t.Fatalf("API key right after the create: HTTP %d", got)
	}
	e.clock.advance(time.Second)
	hint, _ := e.ok("GET", "/api-keys/"+keyID, nil)["key"].(string)
	rotated, _ := e.ok("POST", "/api-keys/"+keyID+"/rotate", nil)["key"].(string)
	if got := e.ok("GET", "/api-keys/"+keyID, nil)["key"]; got != hint || got == maskAPIKey(rotated) {
		t.Fatalf("the key hint right after a rotation: %v, want the old %s", got, hint)
	}
	e.clock.advance(time.Second)

	e.ok("DELETE", "/admin/users/"+alice.ID, nil)
	if got := e.ok("GET", "/admin/users/"+alice.ID, nil)["email"]; got != "alice@example.com" {
		t.Fatalf("user right after the delete: %v", got)
	}
	if got := e.ok("GET", members+"/"+alice.ID, nil)["role"]; got != "manager" {
		t.Fatalf("her membership right after the delete: %v", got)
	}
	if !slices.Contains(e.listed("/api-keys"), keyID) {
		t.Fatal("her key left the list right after her delete")
	}
	e.clock.advance(time.Second)
	for path, want := range map[string]int{
		"/admin/users/" + alice.ID: http.StatusNotFound,
		members + "/" + alice.ID:   http.StatusForbidden, // a departed user's membership
		"/api-keys/" + keyID:       http.StatusForbidden,
	} {
		if got := e.status(path); got != want {
			t.Errorf("GET %s after the lag: HTTP %d, want %d", path, got, want)
		}
	}

	// Invites: create and delete.
	invID, _ := e.ok("POST", "/admin/users/invites", map[string]any{
		"email": "bob@example.com", "role": "member", "workspaces": []map[string]string{{"id": wsID, "role": "member"}},
	})["id"].(string)
	if got := e.status("/admin/users/invites/" + invID); got != http.StatusNotFound {
		t.Fatalf("invite right after the create: HTTP %d", got)
	}
	if slices.Contains(e.listed("/admin/users/invites?email=bob@example.com"), invID) {
		t.Fatal("the invites list shows the new invite")
	}
	e.clock.advance(time.Second)
	e.ok("DELETE", "/admin/users/invites/"+invID, nil)
	if !slices.Contains(e.listed("/admin/users/invites?status=pending"), invID) {
		t.Fatal("the invites list lost the invite right after its delete")
	}
	e.clock.advance(time.Second)
	if got := e.status("/admin/users/invites/" + invID); got != http.StatusNotFound {
		t.Fatalf("invite after the delete settled: HTTP %d", got)
	}
}

// Failed writes change nothing, so they leave no stale view; SettleLag and
// Reset end the pending ones; the truth (Object) is never stale.
func TestLag_settleResetAndTruth(t *testing.T) {
	t.Parallel()
	e := newLagEnv(t, map[string]time.Duration{LagAllKinds: time.Hour})
	e.call("POST", "/admin/workspaces", map[string]any{"name": ""}) // 400
	if n := e.srv.PendingLag(); n != 0 {
		t.Fatalf("a rejected create left %d stale views", n)
	}
	id := e.createWorkspace("Pending")
	if _, err := e.srv.Object(KindWorkspace, id); err != nil {
		t.Fatalf("Object is stale: %v", err)
	}
	if n := e.srv.PendingLag(); n != 1 {
		t.Fatalf("pending stale views: %d, want 1", n)
	}
	e.srv.SettleLag()
	e.ok("GET", "/admin/workspaces/"+id, nil)

	e.createWorkspace("Again")
	root := e.base[:len(e.base)-len(APIPrefix)]
	if status, out := callJSON(t, "GET", root+"/__mock/lag", "", nil); status != http.StatusOK || out["pending"] != float64(1) {
		t.Fatalf("GET /__mock/lag: %d %v", status, out)
	}
	if status, _ := callJSON(t, "POST", root+"/__mock/lag/settle", "", nil); status != http.StatusOK {
		t.Fatalf("POST /__mock/lag/settle: %d", status)
	}
	e.createWorkspace("Once more")
	e.srv.Reset()
	if n := e.srv.PendingLag(); n != 0 {
		t.Fatalf("Reset kept %d stale views", n)
	}
	for _, bad := range []map[string]any{{"kind": "gadgets", "duration": "1s"}, {"duration": "soon"}, {"duration": "-1s"}} {
		if status, _ := callJSON(t, "PUT", root+"/__mock/lag", "", bad); status != http.StatusBadRequest {
			t.Errorf("PUT /__mock/lag %v: HTTP %d, want 400", bad, status)
		}
	}
}

func TestParseLag(t *testing.T) {
	t.Parallel()
	got, err := ParseLag("1.5s")
	if err != nil || len(got) != 1 || got[LagAllKinds] != 1500*time.Millisecond {
		t.Fatalf(`ParseLag("1.5s") = %v, %v`, got, err)
	}
	got, err = ParseLag(" users=2s, *=500ms ,workspaces=0s")
	if err != nil || got[KindUser] != 2*time.Second || got[LagAllKinds] != 500*time.Millisecond || got[KindWorkspace] != 0 {
		t.Fatalf("ParseLag(pairs) = %v, %v", got, err)
	}
	for _, bad := range []string{"fast", "users=", "gadgets=1s", "users=-1s"} {
		if _, err := ParseLag(bad); err == nil {
			t.Errorf("ParseLag(%q) accepted", bad)
		}
	}
}

// Without lag, writes never wait on each other and reads are current.
func TestLag_offByDefault(t *testing.T) {
	t.Parallel()
	e := newLagEnv(t, nil)
	id := e.createWorkspace("Now")
	e.ok("GET", "/admin/workspaces/"+id, nil)
	if n := e.srv.PendingLag(); n != 0 {
		t.Fatalf("%d stale views without lag", n)
	}
}

// The copies of stale views share nothing with the stored objects.
func TestLag_deepCopy(t *testing.T) {
	t.Parallel()
	desc, limit := "d", 5.0
	w := &Workspace{
		ID: "w", Description: &desc, UsageLimits: []UsageLimit{{Type: "cost", CreditLimit: &limit}},
		Defaults: &WorkspaceDefaults{Metadata: map[string]string{"k": "v"}}, seq: 7,
	}
	c, ok := deepCopy(w).(*Workspace)
	if !ok || c == w || c.seq != 7 || *c.Description != "d" || *c.UsageLimits[0].CreditLimit != 5 || c.Defaults.Metadata["k"] != "v" {
		t.Fatalf("copy %+v", c)
	}
	*w.Description, *w.UsageLimits[0].CreditLimit, w.Defaults.Metadata["k"] = "changed", 9, "changed"
	if *c.Description != "d" || *c.UsageLimits[0].CreditLimit != 5 || c.Defaults.Metadata["k"] != "v" {
		t.Fatalf("the copy changed with the original: %+v", c)
	}
	list := []any{"x"}
	k := &APIKey{ID: "k", Defaults: APIKeyDefaults{Metadata: map[string]any{"a": list}}, secret: "s"}
	ck, _ := deepCopy(k).(*APIKey)
	list[0] = "y"
	copied, _ := ck.Defaults.Metadata["a"].([]any)
	if ck.secret != "s" || len(copied) != 1 || copied[0] != "x" {
		t.Fatalf("API key copy: %+v", ck)
	}
}

// TestLag_listsOnly: with LagListsOnly, GETs are current at once while lists
// trail every write by the lag (create, update, delete), for every list.
func TestLag_listsOnly(t *testing.T) {
	t.Parallel()
	clock := &akClock{t: time.Date(2026, 6, 11, 9, 0, 0, 0, time.UTC)}
	srv := New(Options{APIKeys: []string{lagKey}, Clock: clock.now, Lag: map[string]time.Duration{LagAllKinds: time.Second}, LagListsOnly: true})
	e := &lagEnv{t: t, srv: srv, base: srv.Start(t), clock: clock}
	path := func(id string) string { return "/admin/workspaces/" + id }

	id := e.createWorkspace("Listed late")
	if got := e.ok("GET", path(id), nil); got["name"] != "Listed late" {
		t.Fatalf("GET right after the create: %v", got)
	}
	if slices.Contains(e.listed("/admin/workspaces"), id) {
		t.Fatal("the list shows the workspace right after its create")
	}
	e.clock.advance(time.Second)
	e.ok("PUT", path(id), map[string]any{"name": "Renamed"})
	if got := e.ok("GET", path(id), nil); got["name"] != "Renamed" {
		t.Fatalf("GET right after the rename: %v", got["name"])
	}
	if got := e.ok("GET", "/admin/workspaces?exact_name=Listed%20late", nil); len(listIDs(t, got)) != 1 {
		t.Fatalf("the list filtered by the old name right after the rename: %v", got)
	}
	key, _ := e.ok("POST", "/api-keys/workspace/service", map[string]any{"name": "k", "workspace_id": id, "scopes": []string{"logs.view"}})["id"].(string)
	if got := e.status("/api-keys/" + key); got != http.StatusOK {
		t.Fatalf("GET of the new key: HTTP %d", got)
	}
	if slices.Contains(e.listed("/api-keys"), key) {
		t.Fatal("the keys list shows the key right after its create")
	}
	e.clock.advance(time.Second)
	if !slices.Contains(e.listed("/api-keys"), key) || len(listIDs(t, e.ok("GET", "/admin/workspaces?exact_name=Renamed", nil))) != 1 {
		t.Fatal("the lists do not show the writes once the lag passed")
	}
}

// TestLag_organisation: the organisation's default guardrails and its
// workspace exclusions trail writes like every other kind.
func TestLag_organisation(t *testing.T) {
	t.Parallel()
	clock := &akClock{t: time.Date(2026, 6, 11, 9, 0, 0, 0, time.UTC)}
	srv := New(Options{APIKeys: []string{lagKey}, Clock: clock.now, Lag: map[string]time.Duration{LagKindOrganisation: time.Second},
		Guardrails: []Guardrail{{ID: "7e3f4a5b-6c7d-4e8f-a09b-1c2d3e4f5a6b", Slug: "pii", Scope: GuardrailScopeOrganisation}}})
	e := &lagEnv{t: t, srv: srv, base: srv.Start(t), clock: clock}
	inputSlugs := func() []string {
		var slugs []string
		refs, _ := e.ok("GET", "/admin/organisation/defaults", nil)["input_guardrails"].([]any) // null when none
		for _, g := range refs {
			slugs = append(slugs, g.(map[string]any)["slug"].(string))
		}
		return slugs
	}
	e.ok("PUT", "/admin/organisation/defaults", map[string]any{"input_guardrails": []string{"pii"}})
	if got := inputSlugs(); len(got) != 0 {
		t.Fatalf("defaults right after the PUT: %v, want the previous (none)", got)
	}
	e.clock.advance(time.Second)
	if got := inputSlugs(); !slices.Equal(got, []string{"pii"}) {
		t.Fatalf("defaults once the lag passed: %v", got)
	}

	ws := e.createWorkspace("Excluded") // workspaces have no lag here
	org := srv.OrganisationID()
	excluded := func() []string {
		var ids []string
		items, _ := e.ok("GET", "/workspace-exclusions/input-guardrails?organisation_id="+org, nil)["data"].([]any)
		for _, it := range items {
			ids = append(ids, it.(map[string]any)["workspace_id"].(string))
		}
		return ids
	}
	e.ok("PUT", "/workspace-exclusions/input-guardrails", map[string]any{"organisation_id": org,
		"workspaces": []any{map[string]any{"workspace_id": ws, "excluded": true}}})
	if got := excluded(); len(got) != 0 {
		t.Fatalf("exclusions right after the PUT: %v, want none yet", got)
	}
	e.clock.advance(time.Second)
	if got := excluded(); !slices.Equal(got, []string{ws}) {
		t.Fatalf("exclusions once the lag passed: %v", got)
	}
}
