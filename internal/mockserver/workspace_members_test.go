package mockserver

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// memberFixture is a mock with a workspace "Team" and three org users.
type memberFixture struct {
	*userAPIClient
	wsID, wsSlug string
	alice, bob   User
	carol        User
}

// ghostUserID is a well-formed user id that names nobody.
const ghostUserID = "0b6c3f0e-7d1a-4c2b-9e8f-5a4b3c2d1e0f"

func newMemberFixture(t *testing.T) *memberFixture {
	t.Helper()
	c := newUserAPIClient(t)
	c.srv.ApplySeed(Seed{Workspaces: []Workspace{{Name: "Team"}}})
	f := &memberFixture{userAPIClient: c, wsID: c.srv.WorkspaceIDByName("Team")}
	c.srv.mu.Lock()
	f.wsSlug = c.srv.workspaces[f.wsID].Slug
	c.srv.mu.Unlock()
	f.alice = c.srv.SeedUser(User{Email: "alice@example.com", FirstName: "Alice", LastName: "A", Role: "admin"})
	f.bob = c.srv.SeedUser(User{Email: "bob@example.com", FirstName: "Bob", LastName: "B"})
	f.carol = c.srv.SeedUser(User{Email: "carol@example.com"})
	return f
}

func (f *memberFixture) membersPath() string { return "/admin/workspaces/" + f.wsID + "/users" }

func addBody(pairs ...string) map[string]any {
	var users []map[string]string
	for i := 0; i+1 < len(pairs); i += 2 {
		users = append(users, map[string]string{"id": pairs[i], "role": pairs[i+1]})
	}
	return map[string]any{"users": users}
}

func TestMembers_add(t *testing.T) {
	t.Parallel()
	f := newMemberFixture(t)

	if out := f.expectOK("POST", f.membersPath(), addBody(f.alice.ID, "admin", f.bob.ID, "manager")); len(out) != 0 {
		t.Fatalf("POST answers {}: %v", out)
	}
	out := f.expectOK("GET", f.membersPath()+"/"+f.bob.ID, nil)
	want := map[string]any{
		"object": "workspace-user", "id": f.bob.ID, "first_name": "Bob", "last_name": "B", "email": "bob@example.com",
		"org_role": "member", "role": "manager", "status": "active", "workspace_id": f.wsID,
	}
	for k, v := range want {
		if out[k] != v {
			t.Errorf("member %s: got %v, want %v", k, out[k], v)
		}
	}
	if out["created_at"] == "" || out["last_updated_at"] == "" {
		t.Errorf("member times: %v", out)
	}

	// Already a member: 409 AB07, and nothing of the request is applied.
	msg := f.expectError("POST", f.membersPath(), addBody(f.carol.ID, "member", f.bob.ID, "member"), 409, "AB07")
	if msg != "User already exists in workspace" {
		t.Errorf("conflict message %q", msg)
	}
	f.expectError("GET", f.membersPath()+"/"+f.carol.ID, nil, 404, "AB08")

	// Every user must be an organisation user; the message names the user.
	msg = f.expectError("POST", f.membersPath(), addBody(f.carol.ID, "member", ghostUserID, "member"), 404, "AB08")
	if !strings.Contains(msg, ghostUserID) {
		t.Errorf("not-found message %q does not name the user", msg)
	}
	f.expectError("GET", f.membersPath()+"/"+f.carol.ID, nil, 404, "AB08")

	// The workspace must exist; a slug works as well as the UUID.
	f.expectError("POST", "/admin/workspaces/ws-nope-000000/users", addBody(f.carol.ID, "member"), 404, "AB08")
	f.expectOK("POST", "/admin/workspaces/"+f.wsSlug+"/users", addBody(f.carol.ID, "member"))
	f.expectOK("GET", f.membersPath()+"/"+f.carol.ID, nil)

	// Validation.
	dave := f.srv.SeedUser(User{Email: "dave@example.com"})
	for name, body := range map[string]any{
		"bad role":      addBody(dave.ID, "owner"),
		"viewer role":   addBody(dave.ID, "viewer"),
		"no users":      map[string]any{"users": []any{}},
		"missing users": map[string]any{},
		"missing role":  map[string]any{"users": []map[string]string{{"id": dave.ID}}},
		"missing id":    map[string]any{"users": []map[string]string{{"role": "member"}}},
		"unknown field": map[string]any{"users": []map[string]string{{"id": dave.ID, "role": "member", "email": "x"}}},
		"duplicate":     addBody(dave.ID, "member", dave.ID, "admin"),
		"no body":       "",
	} {
		t.Run(name, func(t *testing.T) {
			f.expectError("POST", f.membersPath(), body, 400, "AB01")
		})
	}
	f.expectError("GET", f.membersPath()+"/"+dave.ID, nil, 404, "AB08")
}

func TestMembers_list(t *testing.T) {
	t.Parallel()
	f := newMemberFixture(t)
	f.expectOK("POST", f.membersPath(), addBody(f.alice.ID, "admin", f.bob.ID, "manager", f.carol.ID, "member"))

	out := f.expectOK("GET", f.membersPath(), nil)
	if out["object"] != "list" || out["total"] != float64(3) {
		t.Fatalf("envelope: %v", out)
	}
	first := out["data"].([]any)[0].(map[string]any)
	if first["object"] != "workspace-user" || first["email"] != "alice@example.com" || first["org_role"] != "admin" {
		t.Fatalf("list item: %v", first)
	}
	for query, want := range map[string][]string{
		"":                                    {f.alice.ID, f.bob.ID, f.carol.ID},
		"?role=manager":                       {f.bob.ID},
		"?email=CAROL@example.com":            {f.carol.ID},
		"?role=admin&email=carol@example.com": {},
		"?page_size=2&current_page=1":         {f.carol.ID},
		"?pageSize=1&currentPage=0":           {f.alice.ID},
	} {
		if got := listIDs(t, f.expectOK("GET", f.membersPath()+query, nil)); !slices.Equal(got, want) {
			t.Errorf("%q: got %v, want %v", query, got, want)
		}
	}
	// By slug, the same list.
	if got := listIDs(t, f.expectOK("GET", "/admin/workspaces/"+f.wsSlug+"/users", nil)); len(got) != 3 {
		t.Errorf("by slug: %v", got)
	}
	f.expectError("GET", f.membersPath()+"?role=owner", nil, 400, "AB01")
	f.expectError("GET", "/admin/workspaces/nope/users", nil, 404, "AB08")

	// A user's new org role shows in their memberships.
	if err := f.srv.Patch(KindUser, f.carol.ID, map[string]any{"role": "admin"}); err != nil {
		t.Fatal(err)
	}
	if out := f.expectOK("GET", f.membersPath()+"/"+f.carol.ID, nil); out["org_role"] != "admin" {
		t.Errorf("org_role follows the user: %v", out)
	}
}

func TestMembers_getUpdateDelete(t *testing.T) {
	t.Parallel()
	f := newMemberFixture(t)
	f.expectOK("POST", f.membersPath(), addBody(f.bob.ID, "member", f.carol.ID, "member"))
	bob := f.membersPath() + "/" + f.bob.ID

	// Not a member (but an org user): 404 AB08, for every verb.
	alice := f.membersPath() + "/" + f.alice.ID
	f.expectError("GET", alice, nil, 404, "AB08")
	f.expectError("PUT", alice, map[string]any{"role": "admin"}, 404, "AB08")
	f.expectError("DELETE", alice, nil, 404, "AB08")
	f.expectError("GET", "/admin/workspaces/nope/users/"+f.bob.ID, nil, 404, "AB08")

	// PUT changes the role; the same role again is accepted.
	if out := f.expectOK("PUT", bob, map[string]any{"role": "manager"}); len(out) != 0 {
		t.Fatalf("PUT answers {}: %v", out)
	}
	f.expectOK("PUT", "/admin/workspaces/"+f.wsSlug+"/users/"+f.bob.ID, map[string]any{"role": "manager"})
	if out := f.expectOK("GET", bob, nil); out["role"] != "manager" {
		t.Fatalf("after PUT: %v", out)
	}
	f.expectError("PUT", bob, map[string]any{"role": "owner"}, 400, "AB01")
	f.expectError("PUT", bob, map[string]any{}, 400, "AB01")
	f.expectError("PUT", bob, map[string]any{"role": "admin", "id": "x"}, 400, "AB01")

	// DELETE removes the membership only.
	if out := f.expectOK("DELETE", bob, nil); len(out) != 0 {
		t.Fatalf("DELETE answers {}: %v", out)
	}
	f.expectError("GET", bob, nil, 404, "AB08")
	f.expectOK("GET", "/admin/users/"+f.bob.ID, nil)

	// A user who left the organisation: 403 AB03 on GET, PUT and DELETE.
	f.expectOK("DELETE", "/admin/users/"+f.carol.ID, nil)
	carol := f.membersPath() + "/" + f.carol.ID
	f.expectError("GET", carol, nil, 403, "AB03")
	f.expectError("PUT", carol, map[string]any{"role": "admin"}, 403, "AB03")
	f.expectError("DELETE", carol, nil, 403, "AB03")
	// ... while adding them again fails as for any non-user.
	f.expectError("POST", f.membersPath(), addBody(f.carol.ID, "member"), 404, "AB08")

	// Out-of-band hooks.
	f.expectOK("POST", f.membersPath(), addBody(f.bob.ID, "member"))
	if err := f.srv.Patch(KindMember, f.wsSlug+"/"+f.bob.ID, map[string]any{"role": "admin"}); err != nil {
		t.Fatal(err)
	}
	if out := f.expectOK("GET", bob, nil); out["role"] != "admin" {
		t.Fatalf("patched: %v", out)
	}
	if err := f.srv.Delete(KindMember, f.wsID+"/"+f.bob.ID); err != nil {
		t.Fatal(err)
	}
	f.expectError("GET", bob, nil, 404, "AB08")
	// SeedMember, through its HTTP twin.
	hook := func(body string) int {
		req, err := http.NewRequestWithContext(context.Background(), "POST",
			strings.TrimSuffix(f.base, APIPrefix)+"/__mock/members", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	body := fmt.Sprintf(`{"workspace_id":%q,"user_id":%q,"role":"manager"}`, f.wsSlug, f.bob.ID)
	if got := hook(body); got != 200 {
		t.Fatalf("POST /__mock/members: %d", got)
	}
	if got := hook(body); got != 400 {
		t.Fatalf("POST /__mock/members of a member: %d, want 400", got)
	}
	if err := f.srv.SeedMember(f.wsSlug, f.bob.ID, "manager"); err == nil {
		t.Fatal("SeedMember of a member must fail")
	}
	if out := f.expectOK("GET", bob, nil); out["role"] != "manager" {
		t.Fatalf("seeded: %v", out)
	}
}

// Members of a deleted workspace answer 403 AB03, as the workspace itself
// does; a workspace that never existed answers 404.
func TestMembers_deletedWorkspace(t *testing.T) {
	t.Parallel()
	f := newMemberFixture(t)
	f.expectOK("POST", f.membersPath(), addBody(f.bob.ID, "member"))
	if err := f.srv.Delete(KindWorkspace, f.wsID); err != nil {
		t.Fatal(err)
	}
	for _, ws := range []string{f.wsID, f.wsSlug} {
		f.expectError("GET", "/admin/workspaces/"+ws+"/users/"+f.bob.ID, nil, 403, "AB03")
		f.expectError("GET", "/admin/workspaces/"+ws+"/users", nil, 403, "AB03")
		f.expectError("POST", "/admin/workspaces/"+ws+"/users", addBody(f.carol.ID, "member"), 403, "AB03")
	}
	f.expectError("GET", "/admin/workspaces/ws-never-000000/users/"+f.bob.ID, nil, 404, "AB08")
}

// Minted workspace keys may use the member routes in their own workspace,
// with the matching workspace_users.* scope, and nowhere else.
func TestMembers_workspaceKey(t *testing.T) {
	t.Parallel()
	f := newMemberFixture(t)
	other := f.srv.WorkspaceIDByName("Shared Team Workspace")
	f.expectOK("POST", f.membersPath(), addBody(f.bob.ID, "member"))
	p := &principal{workspaceID: f.wsID, scopes: []string{"workspace_users.list", "workspace_users.read", "workspace_users.update"}}

	serve := func(method, path, body string) int {
		rec := httptest.NewRecorder()
		req := httptest.NewRequestWithContext(context.WithValue(context.Background(), principalKey{}, p), method, APIPrefix+path, strings.NewReader(body))
		f.srv.mux.ServeHTTP(rec, req)
		return rec.Code
	}
	for _, tc := range []struct {
		method, path, body string
		want               int
	}{
		{"GET", f.membersPath(), "", 200},
		{"GET", "/admin/workspaces/" + f.wsSlug + "/users/" + f.bob.ID, "", 200},
		{"PUT", f.membersPath() + "/" + f.bob.ID, `{"role":"manager"}`, 200},
		{"DELETE", f.membersPath() + "/" + f.bob.ID, "", 403},                                            // no delete scope
		{"POST", f.membersPath(), fmt.Sprintf(`{"users":[{"id":%q,"role":"member"}]}`, f.carol.ID), 403}, // no create scope
		{"GET", "/admin/workspaces/" + other + "/users", "", 403},                                        // another workspace
	} {
		if got := serve(tc.method, tc.path, tc.body); got != tc.want {
			t.Errorf("%s %s: got %d, want %d", tc.method, tc.path, got, tc.want)
		}
	}
}
