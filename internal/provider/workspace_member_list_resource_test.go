package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The members of one workspace, named by UUID or slug: identities and listed
// objects name the workspace by its UUID (as an import by identity does), and
// every generated configuration plans no change.
func TestListResource_workspaceMember(t *testing.T) {
	t.Parallel()
	f := newOrgFixture(t)
	h := newProtoHarness(t, f.url)
	const typeName = "portkey_workspace_member"

	bySlug, _ := objects(t, h.list(typeName, map[string]tftypes.Value{"workspace_id": str(f.prod.Slug)}, true, 100))
	// alice, bob, carol, dave, and ivan who accepted an invite to Production.
	if got := strings.Join(displayNames(bySlug), "|"); got != "alice@example.com (admin) in Production|bob@example.com (manager) in Production|"+
		"carol@example.com (member) in Production|dave@example.com (member) in Production|ivan@example.com (member) in Production" {
		t.Fatalf("members of Production: %s", got)
	}
	if n := f.srv.Count("GET /admin/workspaces/{id}"); n != 1 {
		t.Errorf("%d workspace GETs, want 1 (its UUID)", n)
	}
	if n := f.srv.Count("GET /admin/workspaces/{ws}/users/{user}"); n != len(bySlug) {
		t.Errorf("%d member GETs for %d results", n, len(bySlug))
	}
	for _, r := range bySlug {
		if r.identity["workspace_id"] != f.prod.ID || r.identity["user_id"] == "" {
			t.Fatalf("%s: identity %v", r.displayName, r.identity)
		}
		if st := stringAttrs(t, r.resource); st["workspace_id"] != f.prod.ID || st["id"] != f.prod.ID+"/"+r.identity["user_id"] {
			t.Fatalf("%s: listed object %v", r.displayName, st)
		}
	}
	h.requireListedAsRead(typeName, bySlug)
	if warned := h.requireCleanAdoption(typeName, bySlug); len(warned) > 0 {
		t.Errorf("adoption plans warn: %v", warned)
	}

	byUUID, _ := objects(t, h.list(typeName, map[string]tftypes.Value{"workspace_id": str(f.prod.ID), "role": str("member")}, false, 100))
	if got := strings.Join(displayNames(byUUID), "|"); got != "carol@example.com (member) in Production|dave@example.com (member) in Production|"+
		"ivan@example.com (member) in Production" {
		t.Fatalf("role = member: %s", got)
	}

	// An unknown workspace is an error that names it.
	results := h.list(typeName, map[string]tftypes.Value{"workspace_id": str("ws-nowher-000000")}, false, 100)
	if len(results) != 1 || len(results[0].diags) == 0 || results[0].diags[0].Severity != tfprotov6.DiagnosticSeverityError ||
		!strings.Contains(results[0].diags[0].Detail, `No workspace "ws-nowher-000000"`) {
		t.Fatalf("unknown workspace: %+v", results)
	}
}
