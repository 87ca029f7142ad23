package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

func forbidden(method, path string) error {
	return &client.APIError{StatusCode: 403, Code: "AB03", Message: "User not allowed to access the resource", Method: method, Path: path}
}

// Every 403 names the scope its call needs and, where Portkey also answers 403
// for an object that is gone, says that too.
func TestAPIErrorDetail_forbidden(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		err         error
		want        []string
		wantNotGone bool
	}{
		"workspace read": {forbidden("GET", "/admin/workspaces/ws-produc-1a2b3c"), []string{
			"HTTP 403 Forbidden (Portkey error code: AB03)",
			"Portkey refused GET /admin/workspaces/{workspace} to this API key. The call needs the workspaces.read scope",
			`Portkey also answers 403 when workspace "ws-produc-1a2b3c" was deleted`,
		}, false},
		"member add": {forbidden("POST", "/admin/workspaces/ws-gone-123456/users"), []string{
			"The call needs the workspace_users.create scope",
			`when workspace "ws-gone-123456" was deleted`,
		}, false},
		"membership": {forbidden("DELETE", "/admin/workspaces/ws-a/users/u-1"), []string{
			"workspace_users.delete scope", `when workspace "ws-a" was deleted or when user "u-1" left the organisation`,
		}, false},
		"api key": {forbidden("PUT", "/api-keys/4c46f684-d96c-4b58-b356-81e5722cd19d"), []string{
			"one of the scopes organisation_service_api_keys.update, workspace_service_api_keys.update or " +
				"workspace_user_api_keys.update (the one for the key's type)",
			"when the key's workspace was deleted or when the key's user left the organisation",
		}, false},
		"api key create": {forbidden("POST", "/api-keys/workspace/user"), []string{"the workspace_user_api_keys.create scope"}, true},
		"user update":    {forbidden("PUT", "/admin/users/u-1"), []string{"the organisation_users.update scope"}, true},
		"invite":         {forbidden("POST", "/admin/users/invites"), []string{"the organisation_users.create scope"}, true},
		"unknown route": {forbidden("GET", "/admin/other"), []string{
			"it may lack the scope the call needs, act only inside another workspace",
		}, true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := apiErrorDetail(tc.err, "")
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("detail lacks %q:\n%s", w, got)
				}
			}
			if tc.wantNotGone && strings.Contains(got, "also answers 403") {
				t.Errorf("detail says a 403 may mean gone, for a call where it cannot:\n%s", got)
			}
		})
	}
}

// The workspace read that found the workspace still listed gives one
// paragraph: not a deletion, and the scope; never the generic paragraph too.
func TestWorkspaceForbiddenHint_oneParagraph(t *testing.T) {
	t.Parallel()
	err := forbidden("GET", "/admin/workspaces/ws-x")
	for name, listErr := range map[string]error{"still listed": nil, "list failed": forbidden("GET", "/admin/workspaces")} {
		got := workspaceForbiddenHint(err, listErr)
		if strings.Count(got, "Portkey refused GET /admin/workspaces/{workspace}") != 1 || strings.Contains(got, "also answers 403 when") {
			t.Errorf("%s: want one paragraph naming the scope, without the deletion sentence:\n%s", name, got)
		}
		if !strings.Contains(got, "workspaces.read scope") {
			t.Errorf("%s: no scope named:\n%s", name, got)
		}
	}
}

func TestAPIErrorDetail_unauthorized(t *testing.T) {
	t.Parallel()
	err := &client.APIError{StatusCode: 401, Code: "AB05", Message: "Unauthorised Request", Method: "GET", Path: "/admin/users"} //nolint:misspell // the API's spelling
	got := apiErrorDetail(err, "")
	for _, w := range []string{"HTTP 401", "PORTKEY_API_KEY", "sends nothing more with a rejected key", "without calling Portkey"} {
		if !strings.Contains(got, w) {
			t.Errorf("detail lacks %q:\n%s", w, got)
		}
	}
}

// A member naming a deleted workspace by its slug is told the workspace is
// gone, in one paragraph.
func TestAccAPIErrors_memberOfDeletedWorkspace(t *testing.T) {
	srv, url := newTestMock(t, "a seeded organisation user")
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{Name: "Doomed"}}})
	id := srv.WorkspaceIDByName("Doomed")
	obj, err := wsServerObject(srv, id)
	if err != nil {
		t.Fatal(err)
	}
	slug, _ := obj["slug"].(string)
	if err := srv.Delete(mockserver.KindWorkspace, id); err != nil {
		t.Fatal(err)
	}
	user := srv.SeedUser(mockserver.User{Email: "member@example.com"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + fmt.Sprintf(`
resource "portkey_workspace_member" "test" {
  workspace_id = %[1]q
  user_id      = %[2]q
  role         = "member"
}
`, slug, user.ID),
			ExpectError: wsErrorRE("Unable to Create Workspace Member", "HTTP 403",
				fmt.Sprintf("Workspace %q is not among the organisation's workspaces: it was most likely deleted", slug),
				"Set workspace_id to an existing workspace."),
		}},
	})
}

// A workspace key without the scope a call needs is told which scope.
func TestAccAPIErrors_forbiddenNamesTheScope(t *testing.T) {
	srv, url := newTestMock(t, "a seeded organisation user")
	wsID := srv.WorkspaceIDByName("Shared Team Workspace")
	user := srv.SeedUser(mockserver.User{Email: "scoped@example.com"})
	c, err := client.New(client.Config{BaseURL: url, APIKey: testAdminKey})
	if err != nil {
		t.Fatal(err)
	}
	created, err := c.CreateAPIKey(context.Background(), "workspace", "service", client.CreateAPIKeyRequest{
		Name: "reader", WorkspaceID: &wsID, Scopes: []string{"workspaces.read"},
	})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "portkey" {
  api_key  = %[1]q
  base_url = %[2]q
}

resource "portkey_workspace_member" "test" {
  workspace_id = %[3]q
  user_id      = %[4]q
  role         = "member"
}
`, created.Key, url, wsID, user.ID),
			ExpectError: wsErrorRE("Unable to Create Workspace Member", "HTTP 403",
				"Portkey refused POST /admin/workspaces/{workspace}/users to this API key.",
				"The call needs the workspace_users.create scope"),
		}},
	})
}

// A wrong admin key: the first 401 stops the run's other calls, which fail
// with the same message without a request.
func TestAccAPIErrors_wrongKeyIsSentOnce(t *testing.T) {
	srv, url := newTestMock(t, "the request log (how often a rejected key is sent)")
	var reads strings.Builder
	for i := range 6 {
		fmt.Fprintf(&reads, "\ndata \"portkey_workspace\" \"w%[1]d\" {\n  slug = \"ws-nowher-%06[1]d\"\n}\n", i)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "portkey" {
  api_key  = "pk-wrong-key"
  base_url = %[1]q
}

data "portkey_users" "all" {}
`, url) + reads.String(),
			ExpectError: wsErrorRE("HTTP 401", "sends nothing more with a rejected key"),
		}},
	})
	if n := len(srv.Requests()); n != 1 {
		t.Fatalf("the mock saw %d requests with the wrong key, want 1", n)
	}
}
