package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// MoveState takes over a portkey_workspace of Portkey's official provider
// (move_state.go).
func (r *workspaceResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{moveFromOfficial("portkey_workspace", moveOfficialWorkspace)}
}

// officialWorkspaceState is portkey_workspace as the official provider
// writes it. Its releases added attributes: v0.1.0 has id, name,
// description, created_at and updated_at; v0.2.7 adds metadata; v0.2.12
// usage_limits and rate_limits (whole numbers, empty lists when unset);
// v0.2.25 icon. Without an icon in its state, its name may carry the
// "<icon> " prefix the API adds.
type officialWorkspaceState struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Description *string           `json:"description"`
	Icon        *string           `json:"icon"`
	Metadata    map[string]string `json:"metadata"`
	UsageLimits []struct {
		Type           string   `json:"type"`
		CreditLimit    *float64 `json:"credit_limit"`
		AlertThreshold *float64 `json:"alert_threshold"`
		PeriodicReset  *string  `json:"periodic_reset"`
	} `json:"usage_limits"`
	RateLimits []client.RateLimit `json:"rate_limits"`
	CreatedAt  *string            `json:"created_at"`
	UpdatedAt  *string            `json:"updated_at"`
	// ForceDelete is the cascade-delete switch of the official provider's
	// releases after v0.2.28 (its CHANGELOG); it becomes force_destroy.
	ForceDelete *bool `json:"force_delete"`
}

// workspace is the official state as the API would answer it.
func (o *officialWorkspaceState) workspace() *client.Workspace {
	ws := &client.Workspace{
		ID: o.ID, Name: o.Name, Description: o.Description, Icon: o.Icon, RateLimits: o.RateLimits,
		CreatedAt: stringOr(o.CreatedAt), LastUpdatedAt: stringOr(o.UpdatedAt),
	}
	if o.Icon != nil && *o.Icon != "" && o.Name != "" {
		ws.Name = *o.Icon + " " + o.Name // the official state holds the plain name when it tracks the icon
	}
	if len(o.Metadata) > 0 {
		ws.Defaults = &client.WorkspaceDefaults{Metadata: o.Metadata}
	}
	for _, u := range o.UsageLimits {
		ws.UsageLimits = append(ws.UsageLimits, client.UsageLimit{
			Type: u.Type, CreditLimit: u.CreditLimit, AlertThreshold: u.AlertThreshold, PeriodicReset: u.PeriodicReset,
		})
	}
	return ws
}

func moveOfficialWorkspace(ctx context.Context, raw []byte, resp *resource.MoveStateResponse) {
	var o officialWorkspaceState
	if !decodeOfficialState("portkey_workspace", raw, &o, &resp.Diagnostics, "id") {
		return
	}
	m := workspaceResourceModel{ForceDestroy: types.BoolValue(o.ForceDelete != nil && *o.ForceDelete)}
	resp.Diagnostics.Append(m.fill(ctx, o.workspace())...)
	// Not in the official state: the refresh after the move reads them.
	m.IsDefault = types.BoolNull()
	nullIfEmpty(&m.Name)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
}
