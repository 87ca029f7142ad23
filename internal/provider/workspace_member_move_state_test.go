package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// TestWorkspaceMemberMoveState moves a portkey_workspace_member as every
// official release (v0.1.0 to v0.2.28) writes it, its id being the user id,
// and plans its configuration: nothing changes, and the id becomes
// "<workspace_id>/<user_id>".
func TestWorkspaceMemberMoveState(t *testing.T) {
	t.Parallel()
	srv, url := newTestMock(t)
	const (
		wsID    = "2f4f5b8f-6d12-447a-b4b2-e3e5f28380a7"
		bobID   = "61e08f60-4822-465e-ba23-39f85cd741cb"
		carolID = "8acddd9f-e595-11f0-84d4-024c88f9cbd3"
	)
	srv.ApplySeed(mockserver.Seed{
		Users: []mockserver.User{
			{ID: bobID, Email: "bob@example.com", FirstName: "Bob", Role: "member"},
			{ID: carolID, Email: "carol@example.com", FirstName: "Carol", Role: "member"},
		},
		Workspaces: []mockserver.Workspace{{ID: wsID, Name: "Production"}},
	})
	for user, role := range map[string]string{bobID: "member", carolID: "manager"} {
		if err := srv.SeedMember(wsID, user, role); err != nil {
			t.Fatal(err)
		}
	}
	wantID := func(user string) func(t *testing.T, attrs map[string]tftypes.Value) {
		return func(t *testing.T, attrs map[string]tftypes.Value) {
			if got, want := stringAttr(t, attrs, "id"), wsID+"/"+user; got != want {
				t.Errorf("id = %q, want %q", got, want)
			}
			if got := stringAttr(t, attrs, "email"); got == "" {
				t.Error("the refresh after the move did not fill email, which the official state lacks")
			}
		}
	}
	runMoveCases(t, url, "portkey_workspace_member", []moveCase{
		{
			release: "v0.1.0",
			state: map[string]any{"id": bobID, "workspace_id": wsID, "user_id": bobID, "role": "member",
				"created_at": "2026-05-27T05:36:01Z"},
			config: map[string]any{"workspace_id": wsID, "user_id": bobID, "role": "member"},
			check:  wantID(bobID),
		},
		{
			// An imported member: the official import sets id to the user id too.
			release: "v0.1.0 imported",
			state: map[string]any{"id": carolID, "workspace_id": wsID, "user_id": carolID, "role": "manager",
				"created_at": nil},
			config: map[string]any{"workspace_id": wsID, "user_id": carolID, "role": "manager"},
			check:  wantID(carolID),
		},
	})
}
