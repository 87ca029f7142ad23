package client

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Every call of the client is in the operations table: a 403 to each names
// known scopes, and what else the 403 may mean.
func TestOperationOf_everyClientCall(t *testing.T) {
	t.Parallel()
	ts, _ := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		writeTestJSON(w, http.StatusForbidden, map[string]any{"success": false, "data": map[string]any{"message": "no", "errorCode": "AB03"}})
	})
	c := newTransportTestClient(t, ts.URL, nil)
	ctx := context.Background()
	role := "member"
	const ws, user, key, inv = "ws-produc-1a2b3c", "3f0c2a1e-8d5b-4c8e-9a7f-1b2c3d4e5f60", "4c46f684-d96c-4b58-b356-81e5722cd19d", "7d1e0b2a-5c3f-4e6a-8b9c-0d1e2f3a4b5c"
	type want struct {
		route  string
		scopes []string
		gone   []string
	}
	wsGone, bothGone := []string{GoneWorkspace}, []string{GoneWorkspace, GoneUser}
	calls := map[string]struct {
		call func() error
		want want
	}{
		"CreateWorkspace": {func() error { _, err := c.CreateWorkspace(ctx, CreateWorkspaceRequest{Name: "n"}); return err },
			want{"POST /admin/workspaces", []string{"workspaces.create"}, nil}},
		"ListWorkspaces": {func() error { _, err := c.ListWorkspaces(ctx, ListWorkspacesOptions{}); return err },
			want{"GET /admin/workspaces", []string{"workspaces.list"}, nil}},
		"GetWorkspace": {func() error { _, err := c.GetWorkspace(ctx, ws); return err },
			want{"GET /admin/workspaces/{workspace}", []string{"workspaces.read"}, wsGone}},
		// Below the bulk read threshold, a refresh's read is its GET.
		"ReadWorkspace": {func() error { _, err := c.ReadWorkspace(ctx, ws); return err },
			want{"GET /admin/workspaces/{workspace}", []string{"workspaces.read"}, wsGone}},
		"UpdateWorkspace": {func() error { return c.UpdateWorkspace(ctx, ws, UpdateWorkspaceRequest{}) },
			want{"PUT /admin/workspaces/{workspace}", []string{"workspaces.update"}, wsGone}},
		"DeleteWorkspace": {func() error { return c.DeleteWorkspace(ctx, ws, "n") },
			want{"DELETE /admin/workspaces/{workspace}", []string{"workspaces.delete"}, wsGone}},
		"ForceDeleteWorkspace": {func() error { return c.ForceDeleteWorkspace(ctx, ws, "n") },
			want{"DELETE /admin/workspaces/{workspace}", []string{"workspaces.delete"}, wsGone}},
		"GetOrganisationDefaults": {func() error { _, err := c.GetOrganisationDefaults(ctx); return err },
			want{"GET /admin/organisation/defaults", []string{"organisation_settings.read"}, nil}},
		"UpdateOrganisationDefaults": {func() error {
			return c.UpdateOrganisationDefaults(ctx, UpdateOrganisationDefaultsRequest{InputGuardrails: &[]string{}})
		}, want{"PUT /admin/organisation/defaults", []string{"organisation_settings.update"}, nil}},
		"ListWorkspaceExclusions": {func() error { _, err := c.ListWorkspaceExclusions(ctx, "input", "org"); return err },
			want{"GET /workspace-exclusions/{direction}", []string{"organisation_exclusions.list"}, nil}},
		"UpdateWorkspaceExclusions": {func() error {
			return c.UpdateWorkspaceExclusions(ctx, "output", UpdateWorkspaceExclusionsRequest{OrganisationID: "org"})
		}, want{"PUT /workspace-exclusions/{direction}", []string{"organisation_exclusions.update"}, nil}},
		"AddWorkspaceMembers": {func() error {
			return c.AddWorkspaceMembers(ctx, ws, AddWorkspaceMembersRequest{Users: []WorkspaceMemberInput{{ID: user, Role: role}}})
		}, want{"POST /admin/workspaces/{workspace}/users", []string{"workspace_users.create"}, wsGone}},
		"ListWorkspaceMembers": {func() error { _, err := c.ListWorkspaceMembers(ctx, ws, ListWorkspaceMembersOptions{}); return err },
			want{"GET /admin/workspaces/{workspace}/users", []string{"workspace_users.list"}, wsGone}},
		"FindWorkspaceMemberByEmail": {func() error { _, err := c.FindWorkspaceMemberByEmail(ctx, ws, "a@example.com"); return err },
			want{"GET /admin/workspaces/{workspace}/users", []string{"workspace_users.list"}, wsGone}},
		"GetWorkspaceMember": {func() error { _, err := c.GetWorkspaceMember(ctx, ws, user); return err },
			want{"GET /admin/workspaces/{workspace}/users/{user}", []string{"workspace_users.read"}, bothGone}},
		"ReadWorkspaceMember": {func() error { _, err := c.ReadWorkspaceMember(ctx, ws, user); return err },
			want{"GET /admin/workspaces/{workspace}/users/{user}", []string{"workspace_users.read"}, bothGone}},
		"UpdateWorkspaceMember": {func() error {
			return c.UpdateWorkspaceMember(ctx, ws, user, UpdateWorkspaceMemberRequest{Role: &role})
		}, want{"PUT /admin/workspaces/{workspace}/users/{user}", []string{"workspace_users.update"}, bothGone}},
		"DeleteWorkspaceMember": {func() error { return c.DeleteWorkspaceMember(ctx, ws, user) },
			want{"DELETE /admin/workspaces/{workspace}/users/{user}", []string{"workspace_users.delete"}, bothGone}},
		"ListUsers": {func() error { _, err := c.ListUsers(ctx, ListUsersOptions{}); return err },
			want{"GET /admin/users", []string{"organisation_users.list"}, nil}},
		"ListUsersPage": {func() error { _, _, err := c.ListUsersPage(ctx, ListUsersOptions{}, 0); return err },
			want{"GET /admin/users", []string{"organisation_users.list"}, nil}},
		"FindUserByEmail": {func() error { _, err := c.FindUserByEmail(ctx, "a@example.com"); return err },
			want{"GET /admin/users", []string{"organisation_users.list"}, nil}},
		"GetUser": {func() error { _, err := c.GetUser(ctx, user); return err },
			want{"GET /admin/users/{user}", []string{"organisation_users.read"}, nil}},
		"UpdateUser": {func() error { return c.UpdateUser(ctx, user, UpdateUserRequest{Role: &role}) },
			want{"PUT /admin/users/{user}", []string{"organisation_users.update"}, nil}},
		"DeleteUser": {func() error { return c.DeleteUser(ctx, user) },
			want{"DELETE /admin/users/{user}", []string{"organisation_users.delete"}, nil}},
		"CreateUserInvite": {func() error {
			_, err := c.CreateUserInvite(ctx, CreateUserInviteRequest{Email: "a@example.com", Role: role})
			return err
		}, want{"POST /admin/users/invites", []string{"organisation_users.create"}, nil}},
		"ListUserInvites": {func() error { _, err := c.ListUserInvites(ctx, ListUserInvitesOptions{}); return err },
			want{"GET /admin/users/invites", []string{"organisation_users.list"}, nil}},
		"GetUserInvite": {func() error { _, err := c.GetUserInvite(ctx, inv); return err },
			want{"GET /admin/users/invites/{invite}", []string{"organisation_users.read"}, nil}},
		"ReadUserInvite": {func() error { _, err := c.ReadUserInvite(ctx, inv, func(*UserInvite) bool { return true }); return err },
			want{"GET /admin/users/invites/{invite}", []string{"organisation_users.read"}, nil}},
		"DeleteUserInvite": {func() error { return c.DeleteUserInvite(ctx, inv) },
			want{"DELETE /admin/users/invites/{invite}", []string{"organisation_users.delete"}, nil}},
		"ResendUserInvite": {func() error { _, err := c.ResendUserInvite(ctx, inv); return err },
			want{"POST /admin/users/invites/{invite}/resend", []string{"organisation_users.create"}, nil}},
		"CreateAPIKey": {func() error {
			_, err := c.CreateAPIKey(ctx, "workspace", "user", CreateAPIKeyRequest{Name: "n", WorkspaceID: new(ws), UserID: new(user), Scopes: []string{"completions.write"}})
			return err
		}, want{"POST /api-keys/{type}/{sub_type}", []string{"workspace_user_api_keys.create"}, nil}},
		"ListAPIKeys": {func() error { _, err := c.ListAPIKeys(ctx, ListAPIKeysOptions{}); return err },
			want{"GET /api-keys", keyScopes("list"), nil}},
		"GetAPIKey": {func() error { _, err := c.GetAPIKey(ctx, key); return err },
			want{"GET /api-keys/{key}", keyScopes("read"), bothGone}},
		"ReadAPIKey": {func() error { _, err := c.ReadAPIKey(ctx, key, func(*APIKey) bool { return true }); return err },
			want{"GET /api-keys/{key}", keyScopes("read"), bothGone}},
		"UpdateAPIKey": {func() error {
			return c.UpdateAPIKey(ctx, key, UpdateAPIKeyRequest{Name: "n", Scopes: []string{"completions.write"}})
		}, want{"PUT /api-keys/{key}", keyScopes("update"), bothGone}},
		"ResetAPIKeyUsage": {func() error { return c.ResetAPIKeyUsage(ctx, key) },
			want{"PUT /api-keys/{key}", keyScopes("update"), bothGone}},
		"DeleteAPIKey": {func() error { return c.DeleteAPIKey(ctx, key) },
			want{"DELETE /api-keys/{key}", keyScopes("delete"), bothGone}},
		"RotateAPIKey": {func() error { _, err := c.RotateAPIKey(ctx, key, nil); return err },
			want{"POST /api-keys/{key}/rotate", keyScopes("rotate"), bothGone}},
	}

	// A method added to the client must be added here, and so to the table;
	// only these call nothing themselves (retry.go).
	notCalls := map[string]bool{"MaxRetries": true, "WaitBeforeResend": true}
	typ := reflect.TypeFor[*Client]()
	for i := range typ.NumMethod() {
		if name := typ.Method(i).Name; calls[name].call == nil && !notCalls[name] {
			t.Errorf("(*Client).%s is not covered: add it to this test and its route to the operations table", name)
		}
	}

	for name, tc := range calls {
		err := tc.call()
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden {
			t.Errorf("%s: err = %v, want the server's 403", name, err)
			continue
		}
		op, ok := apiErr.Operation()
		if !ok {
			t.Errorf("%s: %s %s is not in the operations table", name, apiErr.Method, apiErr.Path)
			continue
		}
		if op.Route != tc.want.route || !slices.Equal(op.Scopes, tc.want.scopes) || !slices.Equal(op.MayBeGone, tc.want.gone) {
			t.Errorf("%s: operation = %s %v gone %v, want %s %v gone %v", name, op.Route, op.Scopes, op.MayBeGone,
				tc.want.route, tc.want.scopes, tc.want.gone)
		}
		for _, s := range op.Scopes {
			if !IsKnownScope(s) {
				t.Errorf("%s needs %q, which is not in the scope reference", name, s)
			}
		}
		if strings.Contains(op.Route, "{workspace}") && op.Params["workspace"] != ws {
			t.Errorf("%s: params = %v, want workspace %q", name, op.Params, ws)
		}
	}
}

func TestOperationOf_paramsAndUnknownRoutes(t *testing.T) {
	t.Parallel()
	op, ok := OperationOf("GET", "/admin/workspaces/ws%20x/users/u1")
	if !ok || op.Params["workspace"] != "ws x" || op.Params["user"] != "u1" {
		t.Fatalf("OperationOf = %+v, %v; want the escaped workspace unescaped and the user", op, ok)
	}
	if op, ok := OperationOf("POST", "/api-keys/organisation/service"); !ok || !slices.Equal(op.Scopes, []string{"organisation_service_api_keys.create"}) {
		t.Fatalf("organisation/service create = %+v, %v", op, ok)
	}
	for _, c := range [][2]string{{"GET", "/admin/nothing"}, {"PATCH", "/admin/workspaces/x"}, {"GET", "/admin/workspaces//users"}} {
		if op, ok := OperationOf(c[0], c[1]); ok {
			t.Errorf("OperationOf(%s %s) = %+v, want no match", c[0], c[1], op)
		}
	}
}

func TestExpandScopes(t *testing.T) {
	t.Parallel()
	got := ExpandScopes("logs.{export, list}", "mcp.invoke")
	if want := []string{"logs.export", "logs.list", "mcp.invoke"}; !slices.Equal(got, want) {
		t.Fatalf("ExpandScopes = %v, want %v", got, want)
	}
}

func TestKnownScopes(t *testing.T) {
	t.Parallel()
	all := KnownScopes()
	if !slices.IsSorted(all) || len(slices.Compact(slices.Clone(all))) != len(all) {
		t.Fatal("KnownScopes is not sorted and unique")
	}
	// A few from each of Portkey's lists (API-NOTES.md 6.1).
	for _, s := range []string{
		"organisation_users.create", "organisation_service_api_keys.rotate", "audit_logs.list", "workspaces.delete",
		"workspace_user_api_keys.rotate", "completions.write", "prompts.render", "virtual_keys.copy", "mcp.invoke",
		"organisation_agent_integrations.list", "logs.write", "analytics.view", "guardrails.invoke",
	} {
		if !IsKnownScope(s) {
			t.Errorf("%q is missing", s)
		}
	}
	for _, s := range []string{"completion.write", "workspaces.publish", "", "organisation-users.read"} {
		if IsKnownScope(s) {
			t.Errorf("%q is known, want unknown", s)
		}
	}
}

func TestClosestScope(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"completion.write":                     "completions.write",
		"workspace.read":                       "workspaces.read",
		"Workspaces.Read":                      "workspaces.read",
		"organisation-service-api-keys.rotate": "organisation_service_api_keys.rotate",
		"workspace_users.lst":                  "workspace_users.list",
		"billing.everything":                   "",
	} {
		if got := ClosestScope(in); got != want {
			t.Errorf("ClosestScope(%q) = %q, want %q", in, got, want)
		}
	}
}
