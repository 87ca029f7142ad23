package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// MoveState takes over a portkey_api_key of Portkey's official provider
// (move_state.go).
func (r *apiKeyResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{moveFromOfficial("portkey_api_key", moveOfficialAPIKey)}
}

// officialAPIKeyState is portkey_api_key as the official provider writes it.
// Its releases added attributes: v0.2.0 (the first with API keys) has id,
// key, name, description, type, sub_type, organisation_id, workspace_id,
// user_id, status, scopes, created_at and updated_at; v0.2.7 adds metadata and
// alert_emails; v0.2.12 usage_limits (credit_limit, alert_threshold,
// periodic_reset) and rate_limits; v0.2.17 config_id and
// allow_config_override; v0.2.18 usage_limits.type, periodic_reset_days and
// next_usage_reset_at, expires_at, last_reset_at, reset_usage and
// rotation_policy; v0.2.23 rotate_trigger, rotate_transition_period_ms and
// key_transition_expires_at. Limits are whole numbers, lists stand for sets.
type officialAPIKeyState struct {
	ID                  string                   `json:"id"`
	Key                 string                   `json:"key"`
	Name                string                   `json:"name"`
	Description         *string                  `json:"description"`
	Type                string                   `json:"type"`
	SubType             string                   `json:"sub_type"`
	OrganisationID      *string                  `json:"organisation_id"`
	WorkspaceID         *string                  `json:"workspace_id"`
	UserID              *string                  `json:"user_id"`
	Status              *string                  `json:"status"`
	Scopes              []string                 `json:"scopes"`
	Metadata            map[string]string        `json:"metadata"`
	AlertEmails         []string                 `json:"alert_emails"`
	ConfigID            *string                  `json:"config_id"`
	AllowConfigOverride *bool                    `json:"allow_config_override"`
	ExpiresAt           *string                  `json:"expires_at"`
	RateLimits          []client.APIKeyRateLimit `json:"rate_limits"`
	UsageLimits         *struct {
		Type              *string  `json:"type"`
		CreditLimit       *float64 `json:"credit_limit"`
		AlertThreshold    *float64 `json:"alert_threshold"`
		PeriodicReset     *string  `json:"periodic_reset"`
		PeriodicResetDays *int64   `json:"periodic_reset_days"`
		NextUsageResetAt  *string  `json:"next_usage_reset_at"`
	} `json:"usage_limits"`
	RotationPolicy *struct {
		RotationPeriod        *string `json:"rotation_period"`
		NextRotationAt        *string `json:"next_rotation_at"`
		KeyTransitionPeriodMS *int64  `json:"key_transition_period_ms"`
	} `json:"rotation_policy"`
	RotateTrigger            *string `json:"rotate_trigger"`
	RotateTransitionPeriodMS *int64  `json:"rotate_transition_period_ms"`
	ResetUsage               *bool   `json:"reset_usage"`
	LastResetAt              *string `json:"last_reset_at"`
	KeyTransitionExpiresAt   *string `json:"key_transition_expires_at"`
	CreatedAt                *string `json:"created_at"`
	UpdatedAt                *string `json:"updated_at"`
}

// apiKey is the official state as the API would answer it (without the
// secret, which the API never shows after creation).
func (o *officialAPIKeyState) apiKey() *client.APIKey {
	k := &client.APIKey{
		ID: o.ID, Name: o.Name, Description: o.Description, Type: o.Type + "-" + o.SubType,
		OrganisationID: stringOr(o.OrganisationID), WorkspaceID: o.WorkspaceID, UserID: o.UserID,
		Status: stringOr(o.Status), Scopes: o.Scopes, AlertEmails: o.AlertEmails, ExpiresAt: o.ExpiresAt,
		RateLimits: o.RateLimits, LastResetAt: o.LastResetAt,
		CreatedAt: stringOr(o.CreatedAt), LastUpdatedAt: stringOr(o.UpdatedAt),
		Defaults: &client.APIKeyDefaults{ConfigID: o.ConfigID},
	}
	if len(o.Metadata) > 0 {
		k.Defaults.Metadata = map[string]any{}
		for name, v := range o.Metadata {
			k.Defaults.Metadata[name] = v
		}
	}
	if o.AllowConfigOverride != nil {
		allow := client.FlexBool(*o.AllowConfigOverride)
		k.Defaults.AllowConfigOverride = &allow
	}
	if u := o.UsageLimits; u != nil {
		typ := apiKeyDefaultUsageLimit // releases before v0.2.18 sent none: Portkey's default
		if u.Type != nil && *u.Type != "" {
			typ = *u.Type
		}
		k.UsageLimits = &client.APIKeyUsageLimits{
			Type: typ, CreditLimit: u.CreditLimit, AlertThreshold: u.AlertThreshold, PeriodicReset: u.PeriodicReset,
			PeriodicResetDays: u.PeriodicResetDays, NextUsageResetAt: u.NextUsageResetAt,
		}
	}
	if p := o.RotationPolicy; p != nil {
		k.RotationPolicy = &client.APIKeyRotationPolicy{
			RotationPeriod: p.RotationPeriod, NextRotationAt: p.NextRotationAt, KeyTransitionPeriodMS: p.KeyTransitionPeriodMS,
		}
	}
	return k
}

// moveOfficialAPIKey keeps what only the state knows: the secret (null when
// the official provider imported the key), the end of a rotation's
// transition and the rotate and reset triggers, so that a configuration keeping them neither rotates nor resets
// the key after the move.
func moveOfficialAPIKey(ctx context.Context, raw []byte, resp *resource.MoveStateResponse) {
	var o officialAPIKeyState
	if !decodeOfficialState("portkey_api_key", raw, &o, &resp.Diagnostics, "id", "type", "sub_type") {
		return
	}
	var m apiKeyResourceModel
	resp.Diagnostics.Append(m.fill(ctx, o.apiKey())...)
	m.Key = types.StringValue(o.Key)
	m.RotateTrigger = types.StringPointerValue(o.RotateTrigger)
	m.RotateTransitionPeriodMS = types.Int64PointerValue(o.RotateTransitionPeriodMS)
	m.ResetUsage = types.BoolPointerValue(o.ResetUsage)
	// A GET never answers key_transition_expires_at (API-NOTES 11.7): only the
	// rotate answer did, so the state is its one source.
	m.KeyTransitionExpiresAt = types.StringPointerValue(o.KeyTransitionExpiresAt)
	// Not in the official state: the refresh after the move reads them.
	nullIfEmpty(&m.Key, &m.KeyHint, &m.Status, &m.OrganisationID, &m.CreatedAt, &m.UpdatedAt)
	if len(o.Scopes) == 0 {
		m.Scopes = types.SetNull(types.StringType)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
}
