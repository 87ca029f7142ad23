package client

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// TestLiveContract_readOnly checks the client against the real Admin API: it
// decodes every list and single read this provider relies on, follows the
// paging to the end, and confirms a GET never shows a full API key secret.
// It only reads, so it is safe against a production organisation.
//
// It runs only when PORTKEY_LIVE_API_KEY holds an organisation Admin API key
// (and PORTKEY_LIVE_BASE_URL, optionally, a self-hosted control plane); CI
// never sets it, because the project keeps no Portkey credentials.
func TestLiveContract_readOnly(t *testing.T) {
	key := os.Getenv("PORTKEY_LIVE_API_KEY")
	if key == "" {
		t.Skip("live contract test: set PORTKEY_LIVE_API_KEY to an organisation Admin API key to run it against the real API (read-only)")
	}
	c, err := New(Config{BaseURL: os.Getenv("PORTKEY_LIVE_BASE_URL"), APIKey: key, UserAgent: "terraform-provider-portkey/live-contract-test"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	workspaces, err := c.ListWorkspaces(ctx, ListWorkspacesOptions{})
	if err != nil {
		t.Fatalf("ListWorkspaces: %v", err)
	}
	if len(workspaces) == 0 {
		t.Fatal("ListWorkspaces returned no workspace; every organisation has a default one")
	}
	ws, err := c.GetWorkspace(ctx, workspaces[0].ID)
	if err != nil {
		t.Fatalf("GetWorkspace(%s): %v", workspaces[0].ID, err)
	}
	if ws.ID != workspaces[0].ID || ws.Slug == "" {
		t.Errorf("GetWorkspace answered id %q slug %q for %q", ws.ID, ws.Slug, workspaces[0].ID)
	}
	if bySlug, err := c.GetWorkspace(ctx, ws.Slug); err != nil || bySlug.ID != ws.ID {
		t.Errorf("GetWorkspace by slug %q: %v (id %v)", ws.Slug, err, bySlug)
	}

	users, err := c.ListUsers(ctx, ListUsersOptions{})
	if err != nil {
		t.Fatalf("ListUsers: %v", err)
	}
	if len(users) == 0 {
		t.Fatal("ListUsers returned no user; every organisation has an owner")
	}
	if _, err := c.GetUser(ctx, users[0].ID); err != nil {
		t.Errorf("GetUser(%s): %v", users[0].ID, err)
	}
	if _, err := c.ListWorkspaceMembers(ctx, ws.ID, ListWorkspaceMembersOptions{}); err != nil {
		t.Errorf("ListWorkspaceMembers(%s): %v", ws.ID, err)
	}
	if _, err := c.ListUserInvites(ctx, ListUserInvitesOptions{}); err != nil {
		t.Errorf("ListUserInvites: %v", err)
	}

	keys, err := c.ListAPIKeys(ctx, ListAPIKeysOptions{})
	if err != nil {
		t.Fatalf("ListAPIKeys: %v", err)
	}
	for i, k := range keys {
		if i == 3 {
			break
		}
		got, err := c.GetAPIKey(ctx, k.ID)
		if err != nil {
			t.Errorf("GetAPIKey(%s): %v", k.ID, err)
			continue
		}
		if got.Key != "" && !strings.Contains(got.Key, "*") {
			t.Errorf("GetAPIKey(%s) returned an unmasked key", k.ID)
		}
	}

	// Organisation defaults and exclusions are in no spec: check their shapes
	// (a 403 means the plan or the key's scopes do not include them).
	switch d, err := c.GetOrganisationDefaults(ctx); {
	case errors.Is(err, ErrForbidden):
		t.Logf("GetOrganisationDefaults: %v (not available to this key)", err)
	case err != nil:
		t.Errorf("GetOrganisationDefaults: %v", err)
	default:
		for _, r := range append(d.InputGuardrails, d.OutputGuardrails...) {
			if r.ID == "" || r.Slug == "" {
				t.Errorf("GetOrganisationDefaults: a guardrail without id or slug: %+v", r)
			}
		}
		if ws.OrganisationID != "" {
			for _, dir := range []string{GuardrailDirectionInput, GuardrailDirectionOutput} {
				if _, err := c.ListWorkspaceExclusions(ctx, dir, ws.OrganisationID); err != nil && !errors.Is(err, ErrForbidden) {
					t.Errorf("ListWorkspaceExclusions(%s): %v", dir, err)
				}
			}
		}
	}
}
