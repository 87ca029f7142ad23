package mockserver

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

const userTestKey = "pk-users-test-key"

// userAPIClient calls a started mock over plain net/http.
type userAPIClient struct {
	t    *testing.T
	srv  *Server
	base string
}

func newUserAPIClient(t *testing.T) *userAPIClient {
	t.Helper()
	srv := New(Options{APIKeys: []string{userTestKey}})
	return &userAPIClient{t: t, srv: srv, base: srv.Start(t)}
}

// call sends one request; body (if not nil) is JSON-encoded, or sent as is
// when it is a string. It returns the status and the decoded answer.
func (c *userAPIClient) call(method, path string, body any) (int, map[string]any) {
	c.t.Helper()
	return callJSON(c.t, method, c.base+path, userTestKey, body)
}

// expectError asserts an error answer with the given status and code.
func (c *userAPIClient) expectError(method, path string, body any, status int, code string) string {
	c.t.Helper()
	got, out := c.call(method, path, body)
	data, _ := out["data"].(map[string]any)
	if got != status || data == nil || data["errorCode"] != code {
		c.t.Fatalf("%s %s: got %d %v, want %d %s", method, path, got, out, status, code)
	}
	if status == http.StatusBadRequest && code == "AB01" {
		sentInvalid(c.srv, method, path)
	}
	msg, _ := data["message"].(string)
	return msg
}

// expectOK asserts a 200 answer and returns it.
func (c *userAPIClient) expectOK(method, path string, body any) map[string]any {
	c.t.Helper()
	got, out := c.call(method, path, body)
	if got != http.StatusOK {
		c.t.Fatalf("%s %s: got %d %v, want 200", method, path, got, out)
	}
	return out
}

// listIDs returns the ids of a list answer's items, in order.
func listIDs(t *testing.T, out map[string]any) []string {
	t.Helper()
	items, ok := out["data"].([]any)
	if !ok {
		t.Fatalf("no data list in %v", out)
	}
	ids := make([]string, 0, len(items))
	for _, it := range items {
		m, _ := it.(map[string]any)
		id, _ := m["id"].(string)
		ids = append(ids, id)
	}
	return ids
}

func ownerID(t *testing.T, srv *Server) string {
	t.Helper()
	srv.mu.Lock()
	defer srv.mu.Unlock()
	for _, u := range srv.users {
		if u.Role == "owner" {
			return u.ID
		}
	}
	t.Fatal("no owner")
	return ""
}

func TestUsers_list(t *testing.T) {
	t.Parallel()
	c := newUserAPIClient(t)
	owner := ownerID(t, c.srv)
	alice := c.srv.SeedUser(User{Email: "alice@example.com", Role: "admin"})
	bob := c.srv.SeedUser(User{Email: "bob@example.com"})

	out := c.expectOK("GET", "/admin/users", nil)
	if out["object"] != "list" || out["total"] != float64(3) {
		t.Fatalf("envelope: %v", out)
	}
	if got := listIDs(t, out); !slices.Equal(got, []string{owner, alice.ID, bob.ID}) {
		t.Fatalf("order: got %v", got)
	}
	for _, it := range out["data"].([]any) {
		if _, ok := it.(map[string]any)["workspace_ids"]; ok {
			t.Fatalf("list items must not carry workspace_ids: %v", it)
		}
	}
	if bobItem := out["data"].([]any)[2].(map[string]any); bobItem["role"] != "member" || bobItem["object"] != "user" {
		t.Fatalf("a seeded user defaults to member: %v", bobItem)
	}

	for query, want := range map[string][]string{
		"?role=admin":                        {alice.ID},
		"?role=owner":                        {owner},
		"?email=ALICE@example.com":           {alice.ID},
		"?role=member&email=bob@example.com": {bob.ID},
		"?role=admin&email=bob@example.com":  {},
		"?pageSize=2&currentPage=1":          {bob.ID},
		"?page_size=2&current_page=0":        {owner, alice.ID},
	} {
		if got := listIDs(t, c.expectOK("GET", "/admin/users"+query, nil)); !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", query, got, want)
		}
	}
	if out := c.expectOK("GET", "/admin/users?role=admin&pageSize=1", nil); out["total"] != float64(1) {
		t.Errorf("total counts the filtered users: %v", out)
	}
	c.expectError("GET", "/admin/users?role=manager", nil, 400, "AB01")
	c.expectError("GET", "/admin/users?pageSize=-1", nil, 400, "AB01")
}

func TestUsers_get(t *testing.T) {
	t.Parallel()
	c := newUserAPIClient(t)
	c.srv.ApplySeed(Seed{Workspaces: []Workspace{{Name: "Alpha"}, {Name: "Beta"}}})
	def := c.srv.WorkspaceIDByName("Shared Team Workspace")
	alpha, beta := c.srv.WorkspaceIDByName("Alpha"), c.srv.WorkspaceIDByName("Beta")
	if def == "" || alpha == "" || beta == "" || c.srv.WorkspaceIDByName("Gamma") != "" {
		t.Fatal("WorkspaceIDByName")
	}
	admin := c.srv.SeedUser(User{Email: "admin@example.com", Role: "admin", FirstName: "Ada", LastName: "Min"})
	member := c.srv.SeedUser(User{Email: "member@example.com"})
	loner := c.srv.SeedUser(User{Email: "loner@example.com"})
	if err := c.srv.SeedMember(beta, member.ID, "manager"); err != nil {
		t.Fatal(err)
	}

	wsIDs := func(id string) []string {
		out := c.expectOK("GET", "/admin/users/"+id, nil)
		raw, ok := out["workspace_ids"].([]any)
		if !ok {
			t.Fatalf("GET single must carry workspace_ids: %v", out)
		}
		ids := []string{}
		for _, v := range raw {
			ids = append(ids, v.(string))
		}
		return ids
	}
	all := []string{def, alpha, beta}
	for name, tc := range map[string]struct {
		id   string
		want []string
	}{
		"owner sees every workspace":  {ownerID(t, c.srv), all},
		"admin sees every workspace":  {admin.ID, all},
		"member sees own memberships": {member.ID, []string{beta}},
		"member of none":              {loner.ID, []string{}},
	} {
		if got := wsIDs(tc.id); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", name, got, tc.want)
		}
	}
	out := c.expectOK("GET", "/admin/users/"+admin.ID, nil)
	if out["email"] != "admin@example.com" || out["first_name"] != "Ada" || out["last_name"] != "Min" || out["role"] != "admin" || out["object"] != "user" {
		t.Fatalf("user: %v", out)
	}
	if _, ok := out["last_updated_at"]; ok {
		t.Fatalf("a never-modified user has no last_updated_at: %v", out)
	}
	c.expectError("GET", "/admin/users/00000000-0000-4000-8000-000000000000", nil, 404, "AB08")
}

func TestUsers_update(t *testing.T) {
	t.Parallel()
	c := newUserAPIClient(t)
	bob := c.srv.SeedUser(User{Email: "bob@example.com"})
	path := "/admin/users/" + bob.ID

	if out := c.expectOK("PUT", path, map[string]any{"role": "admin"}); len(out) != 0 {
		t.Fatalf("PUT answers {}: %v", out)
	}
	out := c.expectOK("GET", path, nil)
	if out["role"] != "admin" || out["last_updated_at"] == nil {
		t.Fatalf("after PUT: %v", out)
	}
	// A PUT that changes nothing is rejected, as the real API does.
	c.expectError("PUT", path, map[string]any{"role": "admin"}, 400, "AB01")
	// Only admin and member are assignable.
	c.expectError("PUT", path, map[string]any{"role": "owner"}, 400, "AB01")
	c.expectError("PUT", path, map[string]any{"role": "manager"}, 400, "AB01")
	c.expectError("PUT", path, map[string]any{}, 400, "AB01")
	c.expectError("PUT", path, map[string]any{"role": "member", "first_name": "B"}, 400, "AB01")
	c.expectError("PUT", path, "", 400, "AB01")
	// The owner can be neither demoted nor removed.
	owner := "/admin/users/" + ownerID(t, c.srv)
	c.expectError("PUT", owner, map[string]any{"role": "admin"}, 403, "AB03")
	c.expectError("DELETE", owner, nil, 403, "AB03")
	c.expectError("PUT", "/admin/users/nobody", map[string]any{"role": "admin"}, 404, "AB08")
	if out := c.expectOK("GET", owner, nil); out["role"] != "owner" {
		t.Fatalf("owner changed: %v", out)
	}
}

func TestUsers_delete(t *testing.T) {
	t.Parallel()
	c := newUserAPIClient(t)
	def := c.srv.WorkspaceIDByName("Shared Team Workspace")
	bob := c.srv.SeedUser(User{Email: "bob@example.com"})
	carol := c.srv.SeedUser(User{Email: "carol@example.com"})
	if err := c.srv.SeedMember(def, bob.ID, "member"); err != nil {
		t.Fatal(err)
	}
	if err := c.srv.SeedMember(def, carol.ID, "member"); err != nil {
		t.Fatal(err)
	}
	c.srv.mu.Lock()
	ws, bobID, carolID := def, bob.ID, carol.ID
	c.srv.apiKeys["k-bob"] = &APIKey{ID: "k-bob", Type: "workspace-user", WorkspaceID: &ws, UserID: &bobID}
	c.srv.apiKeys["k-carol"] = &APIKey{ID: "k-carol", Type: "workspace-user", WorkspaceID: &ws, UserID: &carolID}
	c.srv.apiKeys["k-svc"] = &APIKey{ID: "k-svc", Type: "workspace-service", WorkspaceID: &ws}
	c.srv.mu.Unlock()

	if out := c.expectOK("DELETE", "/admin/users/"+bob.ID, nil); len(out) != 0 {
		t.Fatalf("DELETE answers {}: %v", out)
	}
	c.expectError("GET", "/admin/users/"+bob.ID, nil, 404, "AB08")
	c.expectError("DELETE", "/admin/users/"+bob.ID, nil, 404, "AB08")
	// The cascade: memberships and the user's workspace-user keys go.
	if got := listIDs(t, c.expectOK("GET", "/admin/workspaces/"+def+"/users", nil)); slices.Contains(got, bob.ID) || !slices.Contains(got, carol.ID) {
		t.Fatalf("members after delete: %v", got)
	}
	c.srv.mu.Lock()
	_, bobKey := c.srv.apiKeys["k-bob"]
	_, carolKey := c.srv.apiKeys["k-carol"]
	_, svcKey := c.srv.apiKeys["k-svc"]
	c.srv.mu.Unlock()
	if bobKey || !carolKey || !svcKey {
		t.Fatalf("keys after delete: bob %v carol %v service %v", bobKey, carolKey, svcKey)
	}
	// A departed user's memberships answer 403 AB03, not 404.
	c.expectError("GET", "/admin/workspaces/"+def+"/users/"+bob.ID, nil, 403, "AB03")

	// The out-of-band hook cascades the same way.
	if err := c.srv.Delete(KindUser, carol.ID); err != nil {
		t.Fatal(err)
	}
	c.expectError("GET", "/admin/workspaces/"+def+"/users/"+carol.ID, nil, 403, "AB03")
}

func TestUsers_hooks(t *testing.T) {
	t.Parallel()
	c := newUserAPIClient(t)
	bob := c.srv.SeedUser(User{Email: "bob@example.com"})
	if err := c.srv.Patch(KindUser, bob.ID, map[string]any{"role": "admin"}); err != nil {
		t.Fatal(err)
	}
	if out := c.expectOK("GET", "/admin/users/"+bob.ID, nil); out["role"] != "admin" {
		t.Fatalf("patched role: %v", out)
	}
}

// A minted key without organisation scopes cannot use the user routes.
func TestUsers_workspaceKeyForbidden(t *testing.T) {
	t.Parallel()
	srv := New(Options{APIKeys: []string{userTestKey}})
	ws := srv.WorkspaceIDByName("Shared Team Workspace")
	p := &principal{workspaceID: ws, scopes: []string{"workspace_users.list", "workspace_users.read"}}
	for _, route := range []string{"GET /admin/users", "GET /admin/users/" + ownerID(t, srv), "DELETE /admin/users/x"} {
		method, path, _ := strings.Cut(route, " ")
		rec := httptest.NewRecorder()
		req := httptest.NewRequestWithContext(context.WithValue(context.Background(), principalKey{}, p), method, APIPrefix+path, nil)
		srv.mux.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s: got %d %s, want 403", route, rec.Code, rec.Body)
		}
	}
}
