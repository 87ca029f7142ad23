package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// TestUserInviteMoveState moves a portkey_user_invite as every official
// release (v0.1.0 to v0.2.28) writes it, after a create, after a refresh
// (which reads the workspaces back without their ids: the API keys them
// workspace_id) and after an import (no workspaces), and plans its
// configuration: nothing changes, the invite is not replaced, and the scopes
// Portkey never returns survive the move.
func TestUserInviteMoveState(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, url := newTestMock(t)
	const wsID = "2f4f5b8f-6d12-447a-b4b2-e3e5f28380a7"
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{ID: wsID, Name: "Production"}}})
	c, err := client.New(client.Config{BaseURL: url, APIKey: testAdminKey})
	if err != nil {
		t.Fatal(err)
	}
	invite := func(email string, scopes ...string) *client.UserInvite {
		req := client.CreateUserInviteRequest{Email: email, Role: "member",
			Workspaces: []client.UserInviteWorkspaceInput{{ID: wsID, Role: "member"}}}
		if len(scopes) > 0 {
			req.WorkspaceAPIKeyDetails = &client.UserInviteAPIKeyDetails{Scopes: scopes}
		}
		created, err := c.CreateUserInvite(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.GetUserInvite(ctx, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	dana, erin, fay := invite("dana@example.com"), invite("erin@example.com", "completions.write"), invite("fay@example.com")
	state := func(inv *client.UserInvite, workspaces, scopes any) map[string]any {
		return map[string]any{"id": inv.ID, "email": inv.Email, "role": "member", "status": "pending",
			"workspaces": workspaces, "scopes": scopes, "created_at": inv.CreatedAt, "expires_at": inv.ExpiresAt}
	}
	config := func(email string, scopes ...string) map[string]any {
		cfg := map[string]any{"email": email, "role": "member",
			"workspaces": []any{map[string]any{"id": wsID, "role": "member"}}}
		if len(scopes) > 0 {
			cfg["scopes"] = scopes
		}
		return cfg
	}
	granted := []any{map[string]any{"id": wsID, "role": "member"}}
	noLink := func(t *testing.T, attrs map[string]tftypes.Value) {
		if !attrs["invite_link"].IsNull() {
			t.Error("invite_link is set after the move; the official state never held it")
		}
	}
	runMoveCases(t, url, "portkey_user_invite", []moveCase{
		{release: "v0.1.0", state: state(dana, granted, nil), config: config("dana@example.com"), check: noLink},
		{
			release: "v0.1.0 with scopes",
			state:   state(erin, granted, []any{"completions.write"}),
			config:  config("erin@example.com", "completions.write"),
			check: func(t *testing.T, attrs map[string]tftypes.Value) {
				var scopes []tftypes.Value
				if err := attrs["scopes"].As(&scopes); err != nil || len(scopes) != 1 {
					t.Errorf("scopes after the move and refresh = %v (%v), want the official state's one scope", scopes, err)
				}
			},
		},
		{
			release: "v0.1.0 refreshed",
			state:   state(fay, []any{map[string]any{"id": "", "role": "member"}}, nil),
			config:  config("fay@example.com"),
		},
		{
			release: "v0.1.0 imported",
			state:   state(dana, nil, nil),
			config:  config("dana@example.com"),
		},
	})
}

// TestUserInviteMoveState_scopesUnknown: an official state without scopes
// may hold an imported invite whose scopes no one recorded, so the move marks
// it as an import does: setting scopes then records them without replacing
// the invite.
func TestUserInviteMoveState_scopesUnknown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, url := newTestMock(t)
	const wsID = "2f4f5b8f-6d12-447a-b4b2-e3e5f28380a7"
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{ID: wsID, Name: "Production"}}})
	c, err := client.New(client.Config{BaseURL: url, APIKey: testAdminKey})
	if err != nil {
		t.Fatal(err)
	}
	created, err := c.CreateUserInvite(ctx, client.CreateUserInviteRequest{Email: "gus@example.com", Role: "member",
		Workspaces:             []client.UserInviteWorkspaceInput{{ID: wsID, Role: "member"}},
		WorkspaceAPIKeyDetails: &client.UserInviteAPIKeyDetails{Scopes: []string{"completions.write"}}})
	if err != nil {
		t.Fatal(err)
	}
	res := runMove(t, url, "portkey_user_invite",
		map[string]any{"id": created.ID, "email": "gus@example.com", "role": "member", "workspaces": nil, "scopes": nil},
		map[string]any{"email": "gus@example.com", "role": "member", "scopes": []string{"completions.write"},
			"workspaces": []any{map[string]any{"id": wsID, "role": "member"}}})
	if len(res.requiresReplace) > 0 {
		t.Errorf("setting the scopes of a moved invite without scopes replaces it (requires_replace %v)", res.requiresReplace)
	}
	if res.planned.Equal(res.refreshed) {
		t.Error("the scopes were not planned in place")
	}
}
