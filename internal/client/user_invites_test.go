package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

const inviteClientTestKey = "pk-invite-client-test-key"

const inviteClientWSID = "2c9e4f7a-1b3d-4e5f-8a9b-0c1d2e3f4a5b"

func newInviteClientMock(t *testing.T) (*mockserver.Server, *client.Client) {
	t.Helper()
	srv := mockserver.New(mockserver.Options{APIKeys: []string{inviteClientTestKey}})
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{ID: inviteClientWSID, Name: "Research"}}})
	c, err := client.New(client.Config{BaseURL: srv.Start(t), APIKey: inviteClientTestKey, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func inviteRequest(email string) client.CreateUserInviteRequest {
	return client.CreateUserInviteRequest{
		Email: email, Role: "member",
		Workspaces: []client.UserInviteWorkspaceInput{{ID: inviteClientWSID, Role: "manager"}},
	}
}

func TestUserInvites_lifecycle(t *testing.T) {
	t.Parallel()
	srv, c := newInviteClientMock(t)
	ctx := context.Background()

	req := inviteRequest("mia@example.com")
	req.WorkspaceAPIKeyDetails = &client.UserInviteAPIKeyDetails{Scopes: []string{"logs.view"}}
	created, err := c.CreateUserInvite(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if link, _ := srv.InviteLink(created.ID); created.InviteLink == "" || created.InviteLink != link {
		t.Errorf("created link %q, mock has %q", created.InviteLink, link)
	}
	if scopes, _ := srv.InviteScopes(created.ID); len(scopes) != 1 || scopes[0] != "logs.view" {
		t.Errorf("scopes sent as %v", scopes)
	}

	inv, err := c.GetUserInvite(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if inv.ID != created.ID || inv.Email != "mia@example.com" || inv.Role != "member" || inv.Status != client.InviteStatusPending ||
		inv.InvitedBy == "" || inv.CreatedAt == "" || inv.ExpiresAt == "" || inv.AcceptedAt != nil {
		t.Errorf("GetUserInvite = %+v", inv)
	}
	if len(inv.Workspaces) != 1 || inv.Workspaces[0] != (client.UserInviteWorkspace{WorkspaceID: inviteClientWSID, Role: "manager"}) {
		t.Errorf("workspaces = %+v", inv.Workspaces)
	}

	link, err := c.ResendUserInvite(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if mockLink, _ := srv.InviteLink(created.ID); link == created.InviteLink || link != mockLink {
		t.Errorf("resent link %q (first %q, mock %q)", link, created.InviteLink, mockLink)
	}

	if err := c.DeleteUserInvite(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetUserInvite(ctx, created.ID); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("GET after delete: %v, want ErrNotFound", err)
	}
	if err := c.DeleteUserInvite(ctx, created.ID); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
}

func TestUserInvites_errors(t *testing.T) {
	t.Parallel()
	srv, c := newInviteClientMock(t)
	ctx := context.Background()
	srv.SeedUser(mockserver.User{Email: "ned@example.com"})

	_, err := c.CreateUserInvite(ctx, inviteRequest("ned@example.com"))
	if !errors.Is(err, client.ErrConflict) || !client.IsCode(err, "AB07") {
		t.Errorf("invite to an org user: %v, want 409 AB07", err)
	}
	if _, err := c.CreateUserInvite(ctx, inviteRequest("olive@example.com")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateUserInvite(ctx, inviteRequest("olive@example.com")); !errors.Is(err, client.ErrConflict) {
		t.Errorf("second pending invite: %v, want ErrConflict", err)
	}
	bad := inviteRequest("pat@example.com")
	bad.Workspaces[0].Role = "owner"
	if _, err := c.CreateUserInvite(ctx, bad); !client.IsCode(err, "AB01") {
		t.Errorf("bad workspace role: %v, want AB01", err)
	}
	// Sent invalid on purpose: the mock's spec check caught it.
	if v := srv.TakeSpecViolations(); len(v) != 1 || !strings.Contains(v[0].Problem, "workspaces[0].role") {
		t.Errorf("spec violations %v, want the bad workspace role", v)
	}

	// A POST that commits and then loses its answer is ambiguous, and is not replayed.
	srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/users/invites", CommitThenFail: true})
	_, err = c.CreateUserInvite(ctx, inviteRequest("quinn@example.com"))
	if !client.IsAmbiguous(err) {
		t.Errorf("commit-then-fail: %v, want an ambiguous error", err)
	}
	if n := srv.Count("POST /admin/users/invites"); n != 5 {
		t.Errorf("%d POSTs, want 5 (one per create, none replayed)", n)
	}
	pending, err := c.ListUserInvites(ctx, client.ListUserInvitesOptions{Email: "quinn@example.com", Status: client.InviteStatusPending})
	if err != nil || len(pending) != 1 {
		t.Errorf("pending invites to quinn: %d, %v; want exactly 1", len(pending), err)
	}
}

func TestUserInvites_listAllPages(t *testing.T) {
	t.Parallel()
	srv, c := newInviteClientMock(t)
	ctx := context.Background()
	for _, e := range []string{"r1@example.com", "r2@example.com", "r3@example.com", "r4@example.com", "r5@example.com"} {
		if _, err := c.CreateUserInvite(ctx, inviteRequest(e)); err != nil {
			t.Fatal(err)
		}
	}
	first := srv.Invites()[0].ID
	if err := srv.CancelInvite(first); err != nil {
		t.Fatal(err)
	}
	srv.ClearRequests()

	all, err := c.ListUserInvites(ctx, client.ListUserInvitesOptions{PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 {
		t.Errorf("listed %d invites, want 5", len(all))
	}
	reqs := srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3 pages", len(reqs))
	}
	for i, r := range reqs {
		if !strings.Contains(r.Query, "currentPage=") || !strings.Contains(r.Query, "pageSize=2") || strings.Contains(r.Query, "page_size") {
			t.Errorf("request %d query %q: want camelCase paging", i, r.Query)
		}
	}

	pending, err := c.ListUserInvites(ctx, client.ListUserInvitesOptions{Status: client.InviteStatusPending, Role: "member"})
	if err != nil || len(pending) != 4 {
		t.Errorf("pending members: %d, %v; want 4", len(pending), err)
	}
	cancelled, err := c.ListUserInvites(ctx, client.ListUserInvitesOptions{Status: client.InviteStatusCancelled})
	if err != nil || len(cancelled) != 1 || cancelled[0].ID != first {
		t.Errorf("cancelled: %+v, %v", cancelled, err)
	}
}

// The client's wire details, checked against a scripted server: the create
// body, and the answers' field spellings.
func TestUserInvites_wire(t *testing.T) {
	t.Parallel()
	var resends atomic.Int32
	var createBody map[string]any
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == "POST" && r.URL.Path == "/v1/admin/users/invites":
			_ = json.NewDecoder(r.Body).Decode(&createBody)
			_, _ = w.Write([]byte(`{"id":"","invite_link":"https://app.portkey.ai/invite/x"}`))
		case r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/resend"):
			if r.ContentLength > 0 {
				t.Errorf("resend sent a body")
			}
			if resends.Add(1) == 1 {
				_, _ = w.Write([]byte(`{"invite_link":"https://app.portkey.ai/invite/snake"}`))
				return
			}
			_, _ = w.Write([]byte(`{}`))
		case r.Method == "GET":
			_, _ = w.Write([]byte(`{"object":"invite","id":"i1","email":"a@b.co","role":"member","status":"pending","accepted_at":null}`))
		}
	}))
	t.Cleanup(ts.Close)
	c, err := client.New(client.Config{BaseURL: ts.URL + "/v1", APIKey: "k", MaxRetries: 0, RequestTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	if _, err := c.CreateUserInvite(ctx, inviteRequest("a@b.co")); err == nil || !strings.Contains(err.Error(), "no invite id") {
		t.Errorf("create without an id: %v", err)
	}
	want := `{"email":"a@b.co","role":"member","workspaces":[{"id":"` + inviteClientWSID + `","role":"manager"}]}`
	if got, _ := json.Marshal(createBody); string(got) != want {
		t.Errorf("create body %s, want %s (no workspace_api_key_details when unset)", got, want)
	}

	if link, err := c.ResendUserInvite(ctx, "i1"); err != nil || link != "https://app.portkey.ai/invite/snake" {
		t.Errorf("resend with a snake_case answer: %q, %v", link, err)
	}
	if _, err := c.ResendUserInvite(ctx, "i1"); err == nil {
		t.Error("resend without a link succeeded")
	}
	inv, err := c.GetUserInvite(ctx, "i1")
	if err != nil || inv.Workspaces != nil {
		t.Errorf("GET without workspaces: %+v, %v; want nil Workspaces", inv, err)
	}
}

// An invite's workspaces decode keyed "id" (live, API-NOTES.md 11.2) and
// keyed "workspace_id" (the spec's example, 9.9); workspaces may be absent
// from a create (11.3).
func TestUserInvites_workspacesBothSpellings(t *testing.T) {
	t.Parallel()
	var inv client.UserInvite
	raw := `{"id":"i1","workspaces":[{"id":"ws-a","role":"admin"},{"workspace_id":"ws-b","role":"member"},{"workspace_id":"","id":"ws-c","role":"manager"}]}`
	if err := json.Unmarshal([]byte(raw), &inv); err != nil {
		t.Fatal(err)
	}
	want := []client.UserInviteWorkspace{{WorkspaceID: "ws-a", Role: "admin"}, {WorkspaceID: "ws-b", Role: "member"}, {WorkspaceID: "ws-c", Role: "manager"}}
	if fmt.Sprint(inv.Workspaces) != fmt.Sprint(want) {
		t.Fatalf("workspaces = %+v, want %+v", inv.Workspaces, want)
	}
	if err := json.Unmarshal([]byte(`{"workspaces":[{"id":1}]}`), &inv); err == nil {
		t.Fatal("a numeric workspace id decoded")
	}

	body, err := json.Marshal(client.CreateUserInviteRequest{Email: "a@b.co", Role: "member"})
	if err != nil || string(body) != `{"email":"a@b.co","role":"member"}` {
		t.Fatalf("create without workspaces: %s, %v; want no workspaces field", body, err)
	}
}
