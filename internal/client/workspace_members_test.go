package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

func TestWorkspaceMembers_lifecycle(t *testing.T) {
	t.Parallel()
	c, srv := newUsersTestClient(t)
	ctx := context.Background()
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{Name: "Team", Slug: "ws-team-abc123"}}})
	ws := srv.WorkspaceIDByName("Team")
	alice := srv.SeedUser(mockserver.User{Email: "alice@example.com", FirstName: "Alice", Role: "admin"})
	bob := srv.SeedUser(mockserver.User{Email: "bob@example.com"})

	err := c.AddWorkspaceMembers(ctx, "ws-team-abc123", AddWorkspaceMembersRequest{Users: []WorkspaceMemberInput{
		{ID: alice.ID, Role: WorkspaceRoleManager}, {ID: bob.ID, Role: WorkspaceRoleMember},
	}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.GetWorkspaceMember(ctx, ws, alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != alice.ID || m.Email != "alice@example.com" || m.FirstName != "Alice" || m.OrgRole != OrgRoleAdmin ||
		m.Role != WorkspaceRoleManager || m.Status != "active" || m.WorkspaceID != ws || m.CreatedAt == "" {
		t.Fatalf("GetWorkspaceMember: %+v", m)
	}

	// Adding a member again: 409 AB07.
	err = c.AddWorkspaceMembers(ctx, ws, AddWorkspaceMembersRequest{Users: []WorkspaceMemberInput{{ID: bob.ID, Role: "admin"}}})
	if !errors.Is(err, ErrConflict) || !IsCode(err, "AB07") {
		t.Fatalf("duplicate add: %v", err)
	}
	// An unknown user: 404 AB08.
	err = c.AddWorkspaceMembers(ctx, ws, AddWorkspaceMembersRequest{Users: []WorkspaceMemberInput{{ID: "0b6c3f0e-7d1a-4c2b-9e8f-5a4b3c2d1e0f", Role: "admin"}}})
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown user: %v", err)
	}

	manager := WorkspaceRoleManager
	if err := c.UpdateWorkspaceMember(ctx, ws, bob.ID, UpdateWorkspaceMemberRequest{Role: &manager}); err != nil {
		t.Fatal(err)
	}
	managers, err := c.ListWorkspaceMembers(ctx, "ws-team-abc123", ListWorkspaceMembersOptions{Role: WorkspaceRoleManager})
	if err != nil || len(managers) != 2 {
		t.Fatalf("managers: %+v %v", managers, err)
	}
	found, err := c.FindWorkspaceMemberByEmail(ctx, ws, "BOB@example.com")
	if err != nil || found.ID != bob.ID {
		t.Fatalf("FindWorkspaceMemberByEmail: %+v %v", found, err)
	}
	if _, err := c.FindWorkspaceMemberByEmail(ctx, ws, "carol@example.com"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("FindWorkspaceMemberByEmail of a non-member: %v", err)
	}

	if err := c.DeleteWorkspaceMember(ctx, ws, bob.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetWorkspaceMember(ctx, ws, bob.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("GET after delete: %v", err)
	}
	if err := c.DeleteWorkspaceMember(ctx, ws, bob.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}

	// A departed user's membership answers 403 AB03, which is not "not found".
	if err := srv.Delete(mockserver.KindUser, alice.ID); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetWorkspaceMember(ctx, ws, alice.ID)
	if !errors.Is(err, ErrForbidden) || !IsCode(err, "AB03") || errors.Is(err, ErrNotFound) {
		t.Fatalf("departed user's membership: %v", err)
	}
}

func TestListWorkspaceMembers_allPages(t *testing.T) {
	t.Parallel()
	c, srv := newUsersTestClient(t)
	ws := srv.WorkspaceIDByName("Shared Team Workspace")
	for i := range 230 {
		u := srv.SeedUser(mockserver.User{Email: fmt.Sprintf("m%03d@example.com", i)})
		if err := srv.SeedMember(ws, u.ID, "member"); err != nil {
			t.Fatal(err)
		}
	}
	srv.ClearRequests()
	members, err := c.ListWorkspaceMembers(context.Background(), ws, ListWorkspaceMembersOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != 231 {
		t.Fatalf("got %d members, want 231 (230 plus the owner)", len(members))
	}
	reqs := srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("want 3 page requests, got %d", len(reqs))
	}
	for _, r := range reqs {
		if !strings.Contains(r.Query, "current_page=") || !strings.Contains(r.Query, "page_size=100") {
			t.Fatalf("members paging is snake_case: %q", r.Query)
		}
	}
}

// The API sometimes prefixes workspace roles with "ws-" and its GET single
// may leave out the id (API-NOTES.md 5 and 9.23): the client normalises both.
func TestWorkspaceMembers_normalisesQuirks(t *testing.T) {
	t.Parallel()
	c, srv := newUsersTestClient(t)
	ctx := context.Background()
	ws := srv.WorkspaceIDByName("Shared Team Workspace")
	bob := srv.SeedUser(mockserver.User{Email: "bob@example.com"})
	if err := srv.SeedMember(ws, bob.ID, "member"); err != nil {
		t.Fatal(err)
	}
	if err := srv.Patch(mockserver.KindMember, ws+"/"+bob.ID, map[string]any{"role": "ws-manager"}); err != nil {
		t.Fatal(err)
	}
	m, err := c.GetWorkspaceMember(ctx, ws, bob.ID)
	if err != nil || m.Role != WorkspaceRoleManager {
		t.Fatalf("GET: %+v %v", m, err)
	}
	list, err := c.ListWorkspaceMembers(ctx, ws, ListWorkspaceMembersOptions{Email: "bob@example.com"})
	if err != nil || len(list) != 1 || list[0].Role != WorkspaceRoleManager {
		t.Fatalf("list: %+v %v", list, err)
	}

	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"object":"workspace-user","role":"ws-admin","org_role":"member","status":"active"}`))
	}))
	t.Cleanup(ts.Close)
	bare, err := New(Config{BaseURL: ts.URL + "/v1", APIKey: "k", MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	m, err = bare.GetWorkspaceMember(ctx, "ws", "user-1")
	if err != nil || m.ID != "user-1" || m.Role != WorkspaceRoleAdmin {
		t.Fatalf("bare GET: %+v %v", m, err)
	}
}
