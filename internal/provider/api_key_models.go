package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// What the API key resource, ephemeral resource and data sources share: the
// model of the attributes they all have, the nested objects, the one
// conversion from the API (fill), the request builders, the cross-attribute
// validation and the attribute descriptions.

// Limits the API enforces (API-NOTES.md 6), also checked at plan time.
const (
	apiKeyMinTransitionMS   = 1800000 // 30 minutes
	apiKeyWeekMS            = 7 * 24 * 3600 * 1000
	apiKeyShortestMonthMS   = 28 * 24 * 3600 * 1000
	apiKeyPrivateWorkspace  = "workspace_uuid"
	apiKeyPrivateEphemeral  = "api_key_id"
	apiKeyDefaultUsageLimit = "cost"
)

// apiKeyModel holds the attributes every API key schema shares, read from
// the API by fill. The resource and the ephemeral resource embed it and add
// the secret (and the resource its triggers).
type apiKeyModel struct {
	ID                     types.String `tfsdk:"id"`
	Type                   types.String `tfsdk:"type"`
	SubType                types.String `tfsdk:"sub_type"`
	WorkspaceID            types.String `tfsdk:"workspace_id"`
	UserID                 types.String `tfsdk:"user_id"`
	Name                   types.String `tfsdk:"name"`
	Description            types.String `tfsdk:"description"`
	Scopes                 types.Set    `tfsdk:"scopes"`
	Metadata               types.Map    `tfsdk:"metadata"`
	ConfigID               types.String `tfsdk:"config_id"`
	AllowConfigOverride    types.Bool   `tfsdk:"allow_config_override"`
	AlertEmails            types.Set    `tfsdk:"alert_emails"`
	ExpiresAt              rfc3339Value `tfsdk:"expires_at"`
	RateLimits             types.List   `tfsdk:"rate_limits"`
	UsageLimits            types.Object `tfsdk:"usage_limits"`
	RotationPolicy         types.Object `tfsdk:"rotation_policy"`
	KeyHint                types.String `tfsdk:"key_hint"`
	Status                 types.String `tfsdk:"status"`
	OrganisationID         types.String `tfsdk:"organisation_id"`
	CreatedAt              types.String `tfsdk:"created_at"`
	UpdatedAt              types.String `tfsdk:"updated_at"`
	LastResetAt            types.String `tfsdk:"last_reset_at"`
	KeyTransitionExpiresAt types.String `tfsdk:"key_transition_expires_at"`
}

type apiKeyRateLimitModel struct {
	Type  types.String `tfsdk:"type"`
	Unit  types.String `tfsdk:"unit"`
	Value types.Int64  `tfsdk:"value"`
}

type apiKeyUsageLimitsModel struct {
	Type              types.String  `tfsdk:"type"`
	CreditLimit       types.Float64 `tfsdk:"credit_limit"`
	AlertThreshold    types.Float64 `tfsdk:"alert_threshold"`
	PeriodicReset     types.String  `tfsdk:"periodic_reset"`
	PeriodicResetDays types.Int64   `tfsdk:"periodic_reset_days"`
	NextUsageResetAt  types.String  `tfsdk:"next_usage_reset_at"`
}

type apiKeyRotationPolicyModel struct {
	RotationPeriod        types.String `tfsdk:"rotation_period"`
	NextRotationAt        rfc3339Value `tfsdk:"next_rotation_at"`
	KeyTransitionPeriodMS types.Int64  `tfsdk:"key_transition_period_ms"`
}

var (
	apiKeyRateLimitAttrTypes = map[string]attr.Type{
		"type": types.StringType, "unit": types.StringType, "value": types.Int64Type,
	}
	apiKeyUsageLimitsAttrTypes = map[string]attr.Type{
		"type": types.StringType, "credit_limit": types.Float64Type, "alert_threshold": types.Float64Type,
		"periodic_reset": types.StringType, "periodic_reset_days": types.Int64Type, "next_usage_reset_at": types.StringType,
	}
	apiKeyRotationPolicyAttrTypes = map[string]attr.Type{
		"rotation_period": types.StringType, "next_rotation_at": rfc3339Type{}, "key_transition_period_ms": types.Int64Type,
	}
)

// Descriptions shared by every API key schema, keyed by attribute path.
var apiKeyDocs = map[string]string{
	"id": "The key's UUID.",
	"type": "The key's level: `organisation` (an Admin API key for the whole organisation) or `workspace`. " +
		"Only three combinations exist: `organisation`/`service`, `workspace`/`service` and `workspace`/`user`.",
	"sub_type": "Who the key belongs to: `service` (a service account) or `user` (the user named by `user_id`). " +
		"`organisation` keys are always `service` keys.",
	"workspace_id": "The workspace of a `workspace` key, as its UUID or slug; required when `type` is `workspace` " +
		"and not allowed otherwise. Portkey answers with the UUID; the value as written is kept when it names the " +
		"same workspace.",
	"user_id": "The organisation user a `user` key belongs to; required when `sub_type` is `user` and not allowed " +
		"otherwise.",
	"name":        "The key's name, 1 to 100 characters.",
	"description": "A description of 1 to 200 characters. Unset means none (Portkey stores an empty description as none).",
	"scopes": "The permissions of the key, such as `completions.write` or `workspaces.read` (at least one; see " +
		"Portkey's API key scopes). Organisation service keys act as Admin API keys.",
	"metadata": "String metadata Portkey attaches to every request made with the key (`defaults.metadata`). At " +
		"least one entry; unset means none.",
	"config_id": "The config pinned to requests made with the key (`defaults.config_id`). Portkey reports configs " +
		"by UUID, so use the config's UUID. Unset means none.",
	"allow_config_override": "Whether requests may override the pinned `config_id` " +
		"(`defaults.allow_config_override`).",
	"alert_emails": "Addresses that receive usage alerts, compared case-insensitively. At least one; unset means none.",
	"expires_at": "When the key expires, as an RFC 3339 time such as `2027-01-01T00:00:00Z`. Any offset works " +
		"(times are compared as instants), but UTC with `Z` and whole seconds is the form the provider reads back, " +
		"so an imported key then plans no change. It must lie in the future when set. Unset means the key does " +
		"not expire.",
	"rate_limits":       "Rate limits on the key. At least one; unset means none.",
	"rate_limits.type":  "What the limit counts: `requests` or `tokens`.",
	"rate_limits.unit":  "The window: `rps`, `rpm`, `rph`, `rpd` or `rpw` (per second, minute, hour, day or week).",
	"rate_limits.value": "How many requests or tokens the window allows (0 or more).",
	"usage_limits":      "A budget on the key. Unset means none.",
	"usage_limits.type": "What the budget counts: `cost` (dollars) or `tokens`.",
	"usage_limits.credit_limit": "The budget, in dollars for `cost` (decimals allowed) or tokens; greater than 0. " +
		"When usage reaches it, the key's status becomes `exhausted`.",
	"usage_limits.alert_threshold": "Usage at which Portkey emails `alert_emails`, in the unit of `credit_limit` (0 or more).",
	"usage_limits.periodic_reset":  "Resets the usage on a calendar schedule: `monthly` or `weekly`. Conflicts with `periodic_reset_days`.",
	"usage_limits.periodic_reset_days": "Resets the usage every this many days (1 to 365). Conflicts with " +
		"`periodic_reset`.",
	"usage_limits.next_usage_reset_at": "When Portkey next resets the usage, computed from the schedule; null without one.",
	"rotation_policy": "Automatic rotation by Portkey. Set exactly one of `rotation_period` and " +
		"`next_rotation_at`. Rotations Portkey makes change the secret outside Terraform: `key` in state then no " +
		"longer works, so hand out the key through a secret store that Portkey's rotation updates, or use " +
		"`rotate_trigger` instead. Unset means no automatic rotation.",
	"rotation_policy.rotation_period": "How often Portkey rotates the key: `weekly` (Mondays 00:00 UTC) or " +
		"`monthly` (the 1st, 00:00 UTC). Conflicts with `next_rotation_at`.",
	"rotation_policy.next_rotation_at": "When Portkey rotates the key next, as an RFC 3339 time at midnight UTC " +
		"(Portkey rounds to it), such as `2027-01-01T00:00:00Z`. Computed from `rotation_period` when that is set.",
	"rotation_policy.key_transition_period_ms": "How long, in milliseconds, the previous secret keeps working " +
		"after a rotation: at least 1800000 (30 minutes) and less than the rotation period. Defaults to `1800000`.",
	"key_hint":        "The key as Portkey shows it after creation, masked, such as `pk*****x9z`; never the secret.",
	"status":          "The key's status: `active`, `exhausted` (its usage limit is used up) or `expired`.",
	"organisation_id": "The UUID of the key's organisation.",
	"created_at":      "When the key was created (RFC 3339).",
	"updated_at":      "When the key was last changed (RFC 3339).",
	"last_reset_at":   "When the key's usage was last reset (RFC 3339); null if never.",
	"key_transition_expires_at": "After a rotation made by this resource, when the previous secret stops working " +
		"(RFC 3339), as the rotation's answer reported it; null before the first rotation. Portkey's reads do not " +
		"report it, so it is null in data sources and after an import.",
}

func apiKeyDoc(p string) string {
	d, ok := apiKeyDocs[p]
	if !ok {
		panic("apiKeyDocs has no entry for " + p)
	}
	return d
}

// ---- conversion from the API ----

// fill sets every attribute of m from the API's answer. workspace_id becomes
// the UUID; the resource restores the reference its configuration wrote.
func (m *apiKeyModel) fill(ctx context.Context, k *client.APIKey) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(k.ID)
	m.Type = types.StringValue(k.KeyType())
	m.SubType = types.StringValue(k.SubType())
	m.WorkspaceID = types.StringPointerValue(apiKeyNonEmpty(k.WorkspaceID))
	m.UserID = types.StringPointerValue(apiKeyNonEmpty(k.UserID))
	m.Name = types.StringValue(k.Name)
	m.Description = types.StringPointerValue(apiKeyNonEmpty(k.Description)) // a PUT clears it with ""

	scopes, d := types.SetValueFrom(ctx, types.StringType, k.Scopes)
	diags.Append(d...)
	m.Scopes = scopes

	m.Metadata = types.MapNull(types.StringType)
	m.ConfigID = types.StringNull()
	if k.Defaults != nil {
		if len(k.Defaults.Metadata) > 0 {
			meta := make(map[string]attr.Value, len(k.Defaults.Metadata))
			for key, v := range k.Defaults.Metadata {
				meta[key] = types.StringValue(apiKeyMetadataString(v))
			}
			mv, d := types.MapValue(types.StringType, meta)
			diags.Append(d...)
			m.Metadata = mv
		}
		m.ConfigID = types.StringPointerValue(apiKeyNonEmpty(k.Defaults.ConfigID))
	}
	m.AllowConfigOverride = types.BoolValue(k.ConfigOverrideAllowed())

	m.AlertEmails = types.SetNull(emailType{})
	if len(k.AlertEmails) > 0 {
		emails := make([]attr.Value, len(k.AlertEmails))
		for i, e := range k.AlertEmails {
			emails[i] = newEmailValue(e)
		}
		sv, d := types.SetValue(emailType{}, emails)
		diags.Append(d...)
		m.AlertEmails = sv
	}
	m.ExpiresAt = newRFC3339Pointer(k.ExpiresAt)

	m.RateLimits = types.ListNull(types.ObjectType{AttrTypes: apiKeyRateLimitAttrTypes})
	if len(k.RateLimits) > 0 {
		rates := make([]apiKeyRateLimitModel, len(k.RateLimits))
		for i, rl := range k.RateLimits {
			rates[i] = apiKeyRateLimitModel{Type: types.StringValue(rl.Type), Unit: types.StringValue(rl.Unit), Value: types.Int64Value(rl.Value)}
		}
		lv, d := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: apiKeyRateLimitAttrTypes}, rates)
		diags.Append(d...)
		m.RateLimits = lv
	}

	m.UsageLimits = types.ObjectNull(apiKeyUsageLimitsAttrTypes)
	// A usage_limits object without a type is no budget: live lists answer
	// {"is_expired_alerts_sent": true} for an expired key without one.
	if u := k.UsageLimits; u != nil && u.Type != "" {
		next := u.NextUsageResetAt
		if next == nil {
			next = k.NextUsageResetAt
		}
		ov, d := types.ObjectValueFrom(ctx, apiKeyUsageLimitsAttrTypes, apiKeyUsageLimitsModel{
			Type:              types.StringValue(u.Type),
			CreditLimit:       decimalFloat64(u.CreditLimit),
			AlertThreshold:    decimalFloat64(u.AlertThreshold),
			PeriodicReset:     types.StringPointerValue(apiKeyNonEmpty(u.PeriodicReset)),
			PeriodicResetDays: types.Int64PointerValue(u.PeriodicResetDays),
			NextUsageResetAt:  types.StringPointerValue(next),
		})
		diags.Append(d...)
		m.UsageLimits = ov
	}

	m.RotationPolicy = types.ObjectNull(apiKeyRotationPolicyAttrTypes)
	if p := k.RotationPolicy; p != nil {
		transition := p.KeyTransitionPeriodMS
		if transition == nil {
			transition = apiKeyPtr(int64(apiKeyMinTransitionMS))
		}
		ov, d := types.ObjectValueFrom(ctx, apiKeyRotationPolicyAttrTypes, apiKeyRotationPolicyModel{
			RotationPeriod:        types.StringPointerValue(apiKeyNonEmpty(p.RotationPeriod)),
			NextRotationAt:        newRFC3339Pointer(p.NextRotationAt),
			KeyTransitionPeriodMS: types.Int64PointerValue(transition),
		})
		diags.Append(d...)
		m.RotationPolicy = ov
	}

	m.KeyHint = types.StringValue(k.Key)
	m.Status = types.StringValue(k.Status)
	m.OrganisationID = types.StringValue(k.OrganisationID)
	m.CreatedAt = types.StringValue(k.CreatedAt)
	m.UpdatedAt = types.StringValue(k.LastUpdatedAt)
	m.LastResetAt = types.StringPointerValue(k.LastResetAt)
	// Reads never carry it (API-NOTES.md 11.7): only a rotation's answer
	// does, and the resource keeps that in state (fillAPIKeyState).
	m.KeyTransitionExpiresAt = types.StringNull()
	return diags
}

// apiKeyMetadataString renders a metadata value as a string: strings as they are,
// anything else (Portkey's metadata is free-form JSON) as JSON.
func apiKeyMetadataString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func apiKeyNonEmpty(p *string) *string {
	if p == nil || *p == "" {
		return nil
	}
	return p
}

func apiKeyPtr[T any](v T) *T { return &v }

// ---- requests ----

// apiKeyRequestParts are the parts of a create or update body built from
// the configuration.
type apiKeyRequestParts struct {
	description    *string
	scopes         []string
	defaults       *client.APIKeyDefaultsRequest
	alertEmails    []string
	expiresAt      *string
	rateLimits     []client.APIKeyRateLimit
	usageLimits    *client.APIKeyUsageLimits
	rotationPolicy *client.APIKeyRotationPolicy
}

func (m *apiKeyModel) requestParts(ctx context.Context) (apiKeyRequestParts, diag.Diagnostics) {
	var diags diag.Diagnostics
	var p apiKeyRequestParts
	p.description = m.Description.ValueStringPointer()
	diags.Append(m.Scopes.ElementsAs(ctx, &p.scopes, false)...)
	sort.Strings(p.scopes)

	defaults := &client.APIKeyDefaultsRequest{ConfigID: m.ConfigID.ValueStringPointer()}
	if !m.Metadata.IsNull() && !m.Metadata.IsUnknown() {
		diags.Append(m.Metadata.ElementsAs(ctx, &defaults.Metadata, false)...)
	}
	if !m.AllowConfigOverride.IsNull() && !m.AllowConfigOverride.IsUnknown() {
		defaults.AllowConfigOverride = m.AllowConfigOverride.ValueBoolPointer()
	}
	p.defaults = defaults

	if !m.AlertEmails.IsNull() && !m.AlertEmails.IsUnknown() {
		var emails []emailValue
		diags.Append(m.AlertEmails.ElementsAs(ctx, &emails, false)...)
		for _, e := range emails {
			p.alertEmails = append(p.alertEmails, e.ValueString())
		}
		sort.Strings(p.alertEmails)
	}
	p.expiresAt = m.ExpiresAt.ValueStringPointer()

	if !m.RateLimits.IsNull() && !m.RateLimits.IsUnknown() {
		var rates []apiKeyRateLimitModel
		diags.Append(m.RateLimits.ElementsAs(ctx, &rates, false)...)
		for _, rl := range rates {
			p.rateLimits = append(p.rateLimits, client.APIKeyRateLimit{Type: rl.Type.ValueString(), Unit: rl.Unit.ValueString(), Value: rl.Value.ValueInt64()})
		}
	}

	if !m.UsageLimits.IsNull() && !m.UsageLimits.IsUnknown() {
		var u apiKeyUsageLimitsModel
		diags.Append(m.UsageLimits.As(ctx, &u, basetypes.ObjectAsOptions{})...)
		typ := u.Type.ValueString()
		if typ == "" {
			typ = apiKeyDefaultUsageLimit
		}
		p.usageLimits = &client.APIKeyUsageLimits{
			Type: typ, CreditLimit: u.CreditLimit.ValueFloat64Pointer(), AlertThreshold: u.AlertThreshold.ValueFloat64Pointer(),
			PeriodicReset: u.PeriodicReset.ValueStringPointer(), PeriodicResetDays: u.PeriodicResetDays.ValueInt64Pointer(),
		}
	}

	if !m.RotationPolicy.IsNull() && !m.RotationPolicy.IsUnknown() {
		var rp apiKeyRotationPolicyModel
		diags.Append(m.RotationPolicy.As(ctx, &rp, basetypes.ObjectAsOptions{})...)
		policy := &client.APIKeyRotationPolicy{
			RotationPeriod:        rp.RotationPeriod.ValueStringPointer(),
			KeyTransitionPeriodMS: rp.KeyTransitionPeriodMS.ValueInt64Pointer(),
		}
		// next_rotation_at is computed from rotation_period when that is set;
		// the two are mutually exclusive in a request.
		if policy.RotationPeriod == nil {
			policy.NextRotationAt = rp.NextRotationAt.ValueStringPointer()
		}
		p.rotationPolicy = policy
	}
	return p, diags
}

func (m *apiKeyModel) createRequest(ctx context.Context) (client.CreateAPIKeyRequest, diag.Diagnostics) {
	p, diags := m.requestParts(ctx)
	return client.CreateAPIKeyRequest{
		Name: m.Name.ValueString(), Description: p.description,
		WorkspaceID: m.WorkspaceID.ValueStringPointer(), UserID: m.UserID.ValueStringPointer(),
		Scopes: p.scopes, Defaults: p.defaults, AlertEmails: p.alertEmails, ExpiresAt: p.expiresAt,
		RateLimits: p.rateLimits, UsageLimits: p.usageLimits, RotationPolicy: p.rotationPolicy,
	}, diags
}

// updateRequest is the full desired object: what the configuration leaves
// out is sent as null and cleared.
func (m *apiKeyModel) updateRequest(ctx context.Context) (client.UpdateAPIKeyRequest, diag.Diagnostics) {
	p, diags := m.requestParts(ctx)
	return client.UpdateAPIKeyRequest{
		Name: m.Name.ValueString(), Description: p.description, Scopes: p.scopes, Defaults: p.defaults,
		AlertEmails: p.alertEmails, ExpiresAt: p.expiresAt, RateLimits: p.rateLimits,
		UsageLimits: p.usageLimits, RotationPolicy: p.rotationPolicy,
	}, diags
}

// ---- validation shared by the resource and the ephemeral resource ----

// validate checks the rules that span attributes; unknown values are skipped
// (they are checked again once known).
func (m *apiKeyModel) validate(ctx context.Context) diag.Diagnostics {
	var diags diag.Diagnostics
	known := func(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }
	set := func(v attr.Value) bool { return !v.IsNull() } // unknown counts as set

	if known(m.Type) && known(m.SubType) && m.Type.ValueString() == "organisation" && m.SubType.ValueString() == "user" {
		diags.AddAttributeError(path.Root("sub_type"), "Invalid API Key Type",
			"Portkey has no organisation user keys: the valid combinations are organisation/service, workspace/service "+
				"and workspace/user. Use sub_type = \"service\", or type = \"workspace\" with a workspace_id.")
	}
	// Which of workspace_id and user_id belong depends on how an invalid
	// combination is fixed: say nothing about them until it is valid.
	validCombination := !diags.HasError()
	if validCombination && known(m.Type) {
		switch {
		case m.Type.ValueString() == "workspace" && m.WorkspaceID.IsNull():
			diags.AddAttributeError(path.Root("workspace_id"), "Missing Workspace",
				"A workspace key needs workspace_id: set it to the UUID or slug of the key's workspace.")
		case m.Type.ValueString() == "organisation" && set(m.WorkspaceID):
			diags.AddAttributeError(path.Root("workspace_id"), "Unexpected Workspace",
				"An organisation key belongs to no workspace: remove workspace_id, or set type = \"workspace\".")
		}
	}
	if validCombination && known(m.SubType) {
		switch {
		case m.SubType.ValueString() == "user" && m.UserID.IsNull():
			diags.AddAttributeError(path.Root("user_id"), "Missing User",
				"A user key needs user_id: set it to the id of the organisation user the key belongs to.")
		case m.SubType.ValueString() == "service" && set(m.UserID):
			diags.AddAttributeError(path.Root("user_id"), "Unexpected User",
				"A service key belongs to no user: remove user_id, or set sub_type = \"user\".")
		}
	}

	if known(m.UsageLimits) {
		var u apiKeyUsageLimitsModel
		diags.Append(m.UsageLimits.As(ctx, &u, basetypes.ObjectAsOptions{})...)
		if set(u.PeriodicReset) && set(u.PeriodicResetDays) {
			diags.AddAttributeError(path.Root("usage_limits").AtName("periodic_reset_days"), "Conflicting Usage Resets",
				"Set either periodic_reset (monthly or weekly) or periodic_reset_days (every N days), not both: "+
					"Portkey answers \"Cannot set both periodic_reset and periodic_reset_days\".")
		}
	}

	if known(m.RotationPolicy) {
		var rp apiKeyRotationPolicyModel
		diags.Append(m.RotationPolicy.As(ctx, &rp, basetypes.ObjectAsOptions{})...)
		p := path.Root("rotation_policy")
		switch {
		case set(rp.RotationPeriod) && set(rp.NextRotationAt):
			diags.AddAttributeError(p, "Conflicting Rotation Schedule",
				"Set either rotation_period or next_rotation_at in rotation_policy, not both.")
		case rp.RotationPeriod.IsNull() && rp.NextRotationAt.IsNull():
			diags.AddAttributeError(p, "Missing Rotation Schedule",
				"rotation_policy needs rotation_period (weekly or monthly) or next_rotation_at.")
		}
		if known(rp.RotationPeriod) && known(rp.KeyTransitionPeriodMS) {
			limit, label := int64(apiKeyWeekMS), "a week (604800000 ms)"
			if rp.RotationPeriod.ValueString() == "monthly" {
				limit, label = apiKeyShortestMonthMS, "the shortest month (2419200000 ms)"
			}
			if rp.KeyTransitionPeriodMS.ValueInt64() >= limit {
				diags.AddAttributeError(p.AtName("key_transition_period_ms"), "Transition Longer Than the Rotation Period",
					fmt.Sprintf("key_transition_period_ms must be less than the rotation period, %s.", label))
			}
		}
	}
	return diags
}

// apiKeyCheckFuture reports a time that is set but not in the future (the API
// refuses it). Plan-time only where the value is new.
func apiKeyCheckFuture(diags *diag.Diagnostics, p path.Path, v rfc3339Value, now time.Time) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	t, err := time.Parse(time.RFC3339, v.ValueString())
	if err != nil {
		return // the attribute validator reports it
	}
	if !t.After(now) {
		diags.AddAttributeError(p, "Time in the Past",
			fmt.Sprintf("%s is %s, which is not in the future; Portkey refuses it. Set a later time or remove it.",
				p, v.ValueString()))
	}
}
