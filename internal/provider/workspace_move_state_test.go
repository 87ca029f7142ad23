package provider

import (
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// TestWorkspaceMoveState moves a portkey_workspace from each shape the
// official provider's releases write (move_state_test.go) and plans its
// configuration: nothing changes.
func TestWorkspaceMoveState(t *testing.T) {
	t.Parallel()
	srv, url := newTestMock(t)
	const (
		legacyID = "0b0f7c8e-1d51-4c39-9a0e-6f1d4f0c1a01"
		metaID   = "0b0f7c8e-1d51-4c39-9a0e-6f1d4f0c1a02"
		limitsID = "0b0f7c8e-1d51-4c39-9a0e-6f1d4f0c1a03"
		iconID   = "0b0f7c8e-1d51-4c39-9a0e-6f1d4f0c1a04"
		created  = "2026-05-27T05:36:01.000Z"
	)
	credit, alert, monthly := 100.0, 80.0, "monthly"
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{
		{ID: legacyID, Name: "Legacy", Description: ptr("Created with v0.1.0."), CreatedAt: created},
		{ID: metaID, Name: "Tagged", CreatedAt: created,
			Defaults: &mockserver.WorkspaceDefaults{Metadata: map[string]string{"team": "platform"}}},
		{ID: limitsID, Name: "Production", Description: ptr("Customer-facing traffic."), CreatedAt: created,
			Defaults:    &mockserver.WorkspaceDefaults{Metadata: map[string]string{"team": "platform"}},
			UsageLimits: []mockserver.UsageLimit{{Type: "cost", CreditLimit: &credit, AlertThreshold: &alert, PeriodicReset: &monthly}},
			RateLimits:  []mockserver.RateLimit{{Type: "requests", Unit: "rpm", Value: 100}}},
		{ID: iconID, Name: "Launch", Icon: ptr("🚀"), CreatedAt: created},
	}})
	stamp := "2026-05-27T05:36:01Z" // the official provider's time format

	runMoveCases(t, url, "portkey_workspace", []moveCase{
		{
			release: "v0.1.0",
			state: map[string]any{"id": legacyID, "name": "Legacy", "description": "Created with v0.1.0.",
				"created_at": stamp, "updated_at": stamp},
			config: map[string]any{"name": "Legacy", "description": "Created with v0.1.0."},
		},
		{
			release: "v0.2.7",
			state: map[string]any{"id": metaID, "name": "Tagged", "description": nil,
				"metadata": map[string]any{"team": "platform"}, "created_at": stamp, "updated_at": stamp},
			config: map[string]any{"name": "Tagged", "metadata": map[string]any{"team": "platform"}},
		},
		{
			release: "v0.2.12",
			state: map[string]any{"id": limitsID, "name": "Production", "description": "Customer-facing traffic.",
				"metadata":     map[string]any{"team": "platform"},
				"usage_limits": []any{map[string]any{"type": "cost", "credit_limit": 100, "alert_threshold": 80, "periodic_reset": "monthly"}},
				"rate_limits":  []any{map[string]any{"type": "requests", "unit": "rpm", "value": 100}},
				"created_at":   stamp, "updated_at": stamp},
			config: map[string]any{"name": "Production", "description": "Customer-facing traffic.",
				"metadata":     map[string]any{"team": "platform"},
				"usage_limits": []any{map[string]any{"type": "cost", "credit_limit": 100, "alert_threshold": 80, "periodic_reset": "monthly"}},
				"rate_limits":  []any{map[string]any{"type": "requests", "unit": "rpm", "value": 100}}},
			check: func(t *testing.T, attrs map[string]tftypes.Value) {
				// The whole-number limit is now a decimal number: 100.
				var limits []tftypes.Value
				if err := attrs["usage_limits"].As(&limits); err != nil || len(limits) != 1 {
					t.Fatalf("usage_limits: %v %v", limits, err)
				}
				var limit map[string]tftypes.Value
				var credit big.Float
				if err := limits[0].As(&limit); err != nil {
					t.Fatal(err)
				}
				if err := limit["credit_limit"].As(&credit); err != nil || credit.Cmp(big.NewFloat(100)) != 0 {
					t.Errorf("credit_limit = %s (%v), want 100", credit.String(), err)
				}
			},
		},
		{
			// v0.2.25 to v0.2.28: icon tracked, limits read back as empty lists.
			release: "v0.2.25",
			state: map[string]any{"id": iconID, "name": "Launch", "icon": "🚀", "description": nil, "metadata": nil,
				"usage_limits": []any{}, "rate_limits": []any{}, "created_at": stamp, "updated_at": stamp},
			config: map[string]any{"name": "Launch", "icon": "🚀"},
			check: func(t *testing.T, attrs map[string]tftypes.Value) {
				if got := stringAttr(t, attrs, "slug"); got == "" {
					t.Error("the refresh after the move did not fill slug, which the official state lacks")
				}
			},
		},
	})
}

// TestWorkspaceMoveState_planSeesChanges: the harness is not blind. A
// configuration that differs from Portkey (another name) plans a change
// after the move.
func TestWorkspaceMoveState_planSeesChanges(t *testing.T) {
	t.Parallel()
	srv, url := newTestMock(t)
	const id = "0b0f7c8e-1d51-4c39-9a0e-6f1d4f0c1a05"
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{ID: id, Name: "Staging"}}})
	res := runMove(t, url, "portkey_workspace", map[string]any{"id": id, "name": "Staging"},
		map[string]any{"name": "Staging v2"})
	if res.planned.Equal(res.refreshed) {
		t.Fatal("a configuration with another name planned no change after the move")
	}
}
