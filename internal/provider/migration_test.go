package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// officialEstate is an organisation managed with the official provider: a
// workspace, a member, an invite and an API key in the mock, and the state
// portkey-ai/portkey v0.2.28 writes for them, from the configuration of
// examples/guides/migrating-from-portkey-ai/before.tf.
type officialEstate struct {
	resources []any // state resources, one instance each
	keySecret string
}

const (
	estateWorkspaceID = "2f4f5b8f-6d12-447a-b4b2-e3e5f28380a7"
	estateBobID       = "61e08f60-4822-465e-ba23-39f85cd741cb"
	estateCreated     = "2026-05-27T05:36:01.000Z"
)

func newOfficialEstate(t *testing.T) (*mockserver.Server, string, officialEstate) {
	t.Helper()
	ctx := context.Background()
	srv, url := newTestMock(t, "an official provider's estate: seeded users and members")
	const (
		wsID    = estateWorkspaceID
		bobID   = estateBobID
		created = estateCreated
	)
	credit, alert, reset := 100.0, 80.0, "monthly"
	srv.ApplySeed(mockserver.Seed{
		Users: []mockserver.User{{ID: bobID, Email: "bob@example.com", FirstName: "Bob", Role: "member"}},
		Workspaces: []mockserver.Workspace{{
			ID: wsID, Name: "Production", CreatedAt: created,
			Description: ptr("Customer-facing traffic."),
			Defaults:    &mockserver.WorkspaceDefaults{Metadata: map[string]string{"team": "platform"}},
			UsageLimits: []mockserver.UsageLimit{{Type: "cost", CreditLimit: &credit, AlertThreshold: &alert, PeriodicReset: &reset}},
			RateLimits:  []mockserver.RateLimit{{Type: "requests", Unit: "rpm", Value: 100}},
		}},
	})
	if err := srv.SeedMember(wsID, bobID, "member"); err != nil {
		t.Fatal(err)
	}
	c, err := client.New(client.Config{BaseURL: url, APIKey: testAdminKey})
	if err != nil {
		t.Fatal(err)
	}
	invite, err := c.CreateUserInvite(ctx, client.CreateUserInviteRequest{
		Email: "dana@example.com", Role: "member",
		Workspaces: []client.UserInviteWorkspaceInput{{ID: wsID, Role: "member"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	key, err := c.CreateAPIKey(ctx, "workspace", "service", client.CreateAPIKeyRequest{
		Name: "backend", WorkspaceID: ptr(wsID), Scopes: []string{"completions.write"},
	})
	if err != nil {
		t.Fatal(err)
	}
	gotInvite, err := c.GetUserInvite(ctx, invite.ID)
	if err != nil {
		t.Fatal(err)
	}
	gotKey, err := c.GetAPIKey(ctx, key.ID)
	if err != nil {
		t.Fatal(err)
	}

	// The state portkey-ai/portkey v0.2.28 writes for this configuration.
	return srv, url, officialEstate{keySecret: key.Key, resources: []any{
		officialInstance("portkey_workspace", "production", map[string]any{
			"id": wsID, "name": "Production", "description": "Customer-facing traffic.", "icon": nil,
			"metadata":     map[string]any{"team": "platform"},
			"usage_limits": []any{map[string]any{"type": "cost", "credit_limit": 100, "alert_threshold": 80, "periodic_reset": "monthly"}},
			"rate_limits":  []any{map[string]any{"type": "requests", "unit": "rpm", "value": 100}},
			"created_at":   created, "updated_at": created,
		}),
		officialInstance("portkey_workspace_member", "bob", map[string]any{
			"id": bobID, "workspace_id": wsID, "user_id": bobID, "role": "member", "created_at": created,
		}),
		officialInstance("portkey_user_invite", "dana", map[string]any{
			"id": invite.ID, "email": "dana@example.com", "role": "member", "status": "pending",
			"workspaces": []any{map[string]any{"id": wsID, "role": "member"}}, "scopes": nil,
			"created_at": gotInvite.CreatedAt, "expires_at": gotInvite.ExpiresAt,
		}),
		officialInstance("portkey_api_key", "backend", map[string]any{
			"id": key.ID, "key": key.Key, "name": "backend", "description": nil, "type": "workspace",
			"sub_type": "service", "workspace_id": wsID, "user_id": nil, "scopes": []any{"completions.write"},
			"metadata": nil, "config_id": nil, "allow_config_override": false, "alert_emails": nil,
			"expires_at": nil, "rate_limits": nil, "usage_limits": nil, "rotation_policy": nil,
			"rotate_trigger": nil, "rotate_transition_period_ms": nil, "reset_usage": nil,
			"status": "active", "organisation_id": srv.OrganisationID(), "created_at": gotKey.CreatedAt,
			"updated_at": gotKey.CreatedAt, "last_reset_at": nil, "key_transition_expires_at": nil,
		}, "key"),
	}}
}

// officialProvider names the official provider in a state file, with the
// registry host of the CLI in use (providerAddress).
var officialProvider = fmt.Sprintf("provider[%q]", providerAddress("portkey-ai/portkey"))

// officialInstance is a state resource of the official provider with one
// instance at schema version 0; sensitive names its sensitive attributes.
func officialInstance(typ, name string, attrs map[string]any, sensitive ...string) map[string]any {
	paths := []any{} // one path per sensitive attribute, each a list of steps
	for _, s := range sensitive {
		paths = append(paths, []any{map[string]any{"type": "get_attr", "value": s}})
	}
	return map[string]any{
		"mode": "managed", "type": typ, "name": name, "provider": officialProvider,
		"instances": []any{map[string]any{
			"schema_version": 0, "attributes": attrs, "sensitive_attributes": paths,
		}},
	}
}

// officialStateFile is a state file (version 4) holding resources.
func officialStateFile(resources ...any) map[string]any {
	return map[string]any{
		"version": 4, "terraform_version": "1.11.4", "serial": 3,
		"lineage": "6c0ab7a4-3f0e-4b7e-9a52-2f3f8c1d0e11", "outputs": map[string]any{},
		"resources": resources,
	}
}

// TestAccMigrationFromOfficialProvider is the switch a user of Portkey's
// official provider makes: their state (schema version 0, written by
// portkey-ai/portkey with its attribute names) is moved to this provider
// with `terraform state replace-provider`, and the next plan of the same
// configuration must be empty.
func TestAccMigrationFromOfficialProvider(t *testing.T) {
	terraform := requireTerraformCLI(t)
	t.Parallel()
	srv, url, est := newOfficialEstate(t)
	// An invite without workspaces, as the official provider allows (its
	// attribute is optional): the invitee joins the default workspace only.
	c, err := client.New(client.Config{BaseURL: url, APIKey: testAdminKey})
	if err != nil {
		t.Fatal(err)
	}
	bare, err := c.CreateUserInvite(context.Background(), client.CreateUserInviteRequest{Email: "erin@example.com", Role: "member"})
	if err != nil {
		t.Fatal(err)
	}
	gotBare, err := c.GetUserInvite(context.Background(), bare.ID)
	if err != nil {
		t.Fatal(err)
	}
	state := officialStateFile(append(est.resources, officialInstance("portkey_user_invite", "erin", map[string]any{
		"id": bare.ID, "email": "erin@example.com", "role": "member", "status": "pending",
		"workspaces": nil, "scopes": nil, "created_at": gotBare.CreatedAt, "expires_at": gotBare.ExpiresAt,
	}))...)
	raw, err := json.MarshalIndent(state, "", "  ")
	if err != nil {
		t.Fatal(err)
	}

	bin := t.TempDir()
	buildProvider(t, bin)
	cli := newTFCLI(t, terraform, bin, url)
	cli.write("terraform.tfstate", raw)
	cli.write("main.tf", []byte(fmt.Sprintf(`terraform {
  required_providers {
    portkey = {
      source = "seed-4a8a86ef/portkey"
    }
  }
}

provider "portkey" {}

resource "portkey_workspace" "production" {
  name        = "Production"
  description = "Customer-facing traffic."
  metadata = {
    team = "platform"
  }
  usage_limits = [{
    type            = "cost"
    credit_limit    = 100
    alert_threshold = 80
    periodic_reset  = "monthly"
  }]
  rate_limits = [{
    type  = "requests"
    unit  = "rpm"
    value = 100
  }]
}

resource "portkey_workspace_member" "bob" {
  workspace_id = portkey_workspace.production.id
  user_id      = %[1]q
  role         = "member"
}

resource "portkey_user_invite" "dana" {
  email = "dana@example.com"
  role  = "member"
  workspaces = [{
    id   = portkey_workspace.production.id
    role = "member"
  }]
}

resource "portkey_user_invite" "erin" {
  email = "erin@example.com"
  role  = "member"
}

resource "portkey_api_key" "backend" {
  name         = "backend"
  type         = "workspace"
  sub_type     = "service"
  workspace_id = portkey_workspace.production.id
  scopes       = ["completions.write"]
}
`, estateBobID)))

	cli.mustRun("state replace-provider", "state", "replace-provider", "-auto-approve",
		providerAddress("portkey-ai/portkey"), providerAddress("seed-4a8a86ef/portkey"))
	out := cli.mustRun("the first plan after switching providers (it must be empty)",
		"plan", "-detailed-exitcode", "-input=false", "-no-color")
	if !strings.Contains(out, "No changes.") {
		t.Fatalf("the plan after switching providers is not empty:\n%s", out)
	}
	srv.ClearRequests()
	cli.mustRun("apply after switching", "apply", "-auto-approve", "-input=false", "-no-color")
	for _, r := range srv.Requests() {
		if r.Method != "GET" {
			t.Errorf("applying an empty plan after the switch changed something: %s %s", r.Method, r.Path)
		}
	}
}

func ptr[T any](v T) *T { return &v }
