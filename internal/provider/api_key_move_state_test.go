package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// officialAPIKeyAttrs are the attributes each official release added to
// portkey_api_key (v0.2.0 is the first with API keys).
var officialAPIKeyAttrs = map[string][]string{
	"v0.2.0": {"id", "key", "name", "description", "type", "sub_type", "organisation_id", "workspace_id", "user_id",
		"status", "scopes", "created_at", "updated_at"},
	"v0.2.7":  {"metadata", "alert_emails"},
	"v0.2.12": {"usage_limits", "rate_limits"},
	"v0.2.17": {"config_id", "allow_config_override"},
	"v0.2.18": {"expires_at", "last_reset_at", "reset_usage", "rotation_policy"},
	"v0.2.23": {"rotate_trigger", "rotate_transition_period_ms", "key_transition_expires_at"},
}

var officialAPIKeyReleases = []string{"v0.2.0", "v0.2.7", "v0.2.12", "v0.2.17", "v0.2.18", "v0.2.23"}

func releaseIndex(release string) int {
	for i, r := range officialAPIKeyReleases {
		if r == release {
			return i
		}
	}
	panic("unknown release " + release)
}

// officialAPIKeyAt is the state release writes for the key k (as Portkey
// answers it) holding secret, with the values of extra (the triggers, the
// configured allow_config_override) where release has those attributes.
func officialAPIKeyAt(release string, k *client.APIKey, secret string, extra map[string]any) map[string]any {
	all := map[string]any{
		"id": k.ID, "key": secret, "name": k.Name, "description": k.Description, "type": k.KeyType(),
		"sub_type": k.SubType(), "organisation_id": k.OrganisationID, "workspace_id": k.WorkspaceID,
		"user_id": k.UserID, "status": k.Status, "scopes": k.Scopes, "created_at": k.CreatedAt,
		"updated_at": k.LastUpdatedAt, "metadata": nil, "alert_emails": nil, "rate_limits": nil, "usage_limits": nil,
		"config_id": nil, "allow_config_override": nil, "expires_at": k.ExpiresAt, "last_reset_at": k.LastResetAt,
		"reset_usage": nil, "rotation_policy": nil, "rotate_trigger": nil, "rotate_transition_period_ms": nil,
		"key_transition_expires_at": nil,
	}
	if k.Defaults != nil && len(k.Defaults.Metadata) > 0 {
		all["metadata"] = k.Defaults.Metadata
	}
	if len(k.AlertEmails) > 0 {
		all["alert_emails"] = k.AlertEmails
	}
	if len(k.RateLimits) > 0 {
		all["rate_limits"] = k.RateLimits
	}
	if u := k.UsageLimits; u != nil {
		limits := map[string]any{"credit_limit": u.CreditLimit, "alert_threshold": u.AlertThreshold, "periodic_reset": u.PeriodicReset}
		if releaseIndex(release) >= releaseIndex("v0.2.18") {
			limits["type"], limits["periodic_reset_days"], limits["next_usage_reset_at"] = u.Type, u.PeriodicResetDays, u.NextUsageResetAt
		}
		all["usage_limits"] = limits
	}
	if p := k.RotationPolicy; p != nil {
		all["rotation_policy"] = map[string]any{"rotation_period": p.RotationPeriod, "next_rotation_at": p.NextRotationAt,
			"key_transition_period_ms": p.KeyTransitionPeriodMS}
	}
	for name, v := range extra {
		all[name] = v
	}
	out := map[string]any{}
	for _, r := range officialAPIKeyReleases[:releaseIndex(release)+1] {
		for _, name := range officialAPIKeyAttrs[r] {
			out[name] = all[name]
		}
	}
	return out
}

// TestAPIKeyMoveState moves a portkey_api_key from each shape the official
// releases write (move_state_test.go) and plans its configuration: nothing
// changes, the key is not replaced, rotated or reset, and the secret the
// official state holds is kept.
func TestAPIKeyMoveState(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, url := newTestMock(t)
	const (
		wsID   = "2f4f5b8f-6d12-447a-b4b2-e3e5f28380a7"
		userID = "61e08f60-4822-465e-ba23-39f85cd741cb"
		future = "2099-01-01T00:00:00Z"
	)
	srv.ApplySeed(mockserver.Seed{
		Users:      []mockserver.User{{ID: userID, Email: "bob@example.com", FirstName: "Bob", Role: "member"}},
		Workspaces: []mockserver.Workspace{{ID: wsID, Name: "Production"}},
	})
	if err := srv.SeedMember(wsID, userID, "member"); err != nil {
		t.Fatal(err)
	}
	c, err := client.New(client.Config{BaseURL: url, APIKey: testAdminKey})
	if err != nil {
		t.Fatal(err)
	}
	// create makes a key and returns it as Portkey reads it back, with its secret.
	create := func(keyType, subType string, req client.CreateAPIKeyRequest) (*client.APIKey, string) {
		created, err := c.CreateAPIKey(ctx, keyType, subType, req)
		if err != nil {
			t.Fatal(err)
		}
		k, err := c.GetAPIKey(ctx, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		return k, created.Key
	}
	credit, alert, monthly, tokens, days := 50.0, 40.0, "monthly", 1000000.0, int64(30)
	transition := int64(apiKeyMinTransitionMS)

	plain, plainSecret := create("workspace", "service", client.CreateAPIKeyRequest{
		Name: "backend", Description: ptr("Backend service."), WorkspaceID: ptr(wsID), Scopes: []string{"completions.write"}})
	tagged, taggedSecret := create("workspace", "service", client.CreateAPIKeyRequest{
		Name: "tagged", WorkspaceID: ptr(wsID), Scopes: []string{"completions.write", "logs.view"},
		Defaults:    &client.APIKeyDefaultsRequest{Metadata: map[string]string{"env": "prod"}},
		AlertEmails: []string{"ops@example.com"}})
	limited, limitedSecret := create("workspace", "service", client.CreateAPIKeyRequest{
		Name: "limited", WorkspaceID: ptr(wsID), Scopes: []string{"completions.write"},
		UsageLimits: &client.APIKeyUsageLimits{Type: "cost", CreditLimit: &credit, AlertThreshold: &alert, PeriodicReset: &monthly},
		RateLimits:  []client.APIKeyRateLimit{{Type: "requests", Unit: "rpm", Value: 60}}})
	admin, adminSecret := create("organisation", "service", client.CreateAPIKeyRequest{
		Name: "terraform-admin", Scopes: []string{"workspaces.read", "workspaces.list"},
		Defaults: &client.APIKeyDefaultsRequest{AllowConfigOverride: ptr(false)}})
	user, userSecret := create("workspace", "user", client.CreateAPIKeyRequest{
		Name: "bob", WorkspaceID: ptr(wsID), UserID: ptr(userID), Scopes: []string{"completions.write"}, ExpiresAt: ptr(future),
		UsageLimits:    &client.APIKeyUsageLimits{Type: "tokens", CreditLimit: &tokens, PeriodicResetDays: &days},
		RotationPolicy: &client.APIKeyRotationPolicy{RotationPeriod: &monthly, KeyTransitionPeriodMS: &transition}})
	rotated, _ := create("workspace", "service", client.CreateAPIKeyRequest{
		Name: "rotated", WorkspaceID: ptr(wsID), Scopes: []string{"completions.write"}})
	// The official provider rotated it (rotate_trigger = "v1"), keeping the
	// new secret and the transition's end, and reset its usage (reset_usage = true).
	rotation, err := c.RotateAPIKey(ctx, rotated.ID, &transition)
	if err != nil {
		t.Fatal(err)
	}
	if rotated, err = c.GetAPIKey(ctx, rotated.ID); err != nil {
		t.Fatal(err)
	}

	keeps := func(secret string) func(t *testing.T, attrs map[string]tftypes.Value) {
		return func(t *testing.T, attrs map[string]tftypes.Value) {
			if got := stringAttr(t, attrs, "key"); got != secret {
				t.Error("the secret in the official state was not kept through the move and refresh")
			}
			if stringAttr(t, attrs, "key_hint") == "" {
				t.Error("the refresh after the move did not fill key_hint, which the official state lacks")
			}
		}
	}
	service := map[string]any{"type": "workspace", "sub_type": "service", "workspace_id": wsID}
	config := func(attrs map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range service {
			out[k] = v
		}
		for k, v := range attrs {
			out[k] = v
		}
		return out
	}
	runMoveCases(t, url, "portkey_api_key", []moveCase{
		{
			release: "v0.2.0",
			state:   officialAPIKeyAt("v0.2.0", plain, plainSecret, nil),
			config: config(map[string]any{"name": "backend", "description": "Backend service.",
				"scopes": []string{"completions.write"}}),
			check: keeps(plainSecret),
		},
		{
			release: "v0.2.7",
			state:   officialAPIKeyAt("v0.2.7", tagged, taggedSecret, nil),
			config: config(map[string]any{"name": "tagged", "scopes": []string{"logs.view", "completions.write"},
				"metadata": map[string]any{"env": "prod"}, "alert_emails": []string{"ops@example.com"}}),
			check: keeps(taggedSecret),
		},
		{
			release: "v0.2.12",
			state:   officialAPIKeyAt("v0.2.12", limited, limitedSecret, nil),
			config: config(map[string]any{"name": "limited", "scopes": []string{"completions.write"},
				"usage_limits": map[string]any{"credit_limit": 50, "alert_threshold": 40, "periodic_reset": "monthly"},
				"rate_limits":  []any{map[string]any{"type": "requests", "unit": "rpm", "value": 60}}}),
			check: keeps(limitedSecret),
		},
		{
			release: "v0.2.17",
			state:   officialAPIKeyAt("v0.2.17", admin, adminSecret, map[string]any{"allow_config_override": false}),
			config: map[string]any{"name": "terraform-admin", "type": "organisation", "sub_type": "service",
				"scopes": []string{"workspaces.read", "workspaces.list"}, "allow_config_override": false},
			check: keeps(adminSecret),
		},
		{
			release: "v0.2.18",
			state:   officialAPIKeyAt("v0.2.18", user, userSecret, nil),
			config: map[string]any{"name": "bob", "type": "workspace", "sub_type": "user", "workspace_id": wsID,
				"user_id": userID, "scopes": []string{"completions.write"}, "expires_at": future,
				"usage_limits":    map[string]any{"type": "tokens", "credit_limit": 1000000, "periodic_reset_days": 30},
				"rotation_policy": map[string]any{"rotation_period": "monthly"}},
			check: keeps(userSecret),
		},
		{
			release: "v0.2.23",
			state: officialAPIKeyAt("v0.2.23", rotated, rotation.Key, map[string]any{"rotate_trigger": "v1",
				"rotate_transition_period_ms": transition, "reset_usage": true,
				"key_transition_expires_at": rotation.KeyTransitionExpiresAt}),
			config: config(map[string]any{"name": "rotated", "scopes": []string{"completions.write"},
				"rotate_trigger": "v1", "rotate_transition_period_ms": transition, "reset_usage": true}),
			check: func(t *testing.T, attrs map[string]tftypes.Value) {
				keeps(rotation.Key)(t, attrs)
				if got := stringAttr(t, attrs, "key_transition_expires_at"); got != rotation.KeyTransitionExpiresAt {
					t.Errorf("key_transition_expires_at = %q, want the official state's %q", got, rotation.KeyTransitionExpiresAt)
				}
			},
		},
	})
}
