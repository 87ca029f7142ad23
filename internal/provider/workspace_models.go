package provider

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// workspaceModel is the portkey_workspace resource, and the part of the
// workspace data sources' models that describes one workspace. fill is the
// one conversion from the API for all of them.
type workspaceModel struct {
	ID             types.String `tfsdk:"id"`
	Slug           types.String `tfsdk:"slug"`
	Name           types.String `tfsdk:"name"`
	Description    types.String `tfsdk:"description"`
	Icon           types.String `tfsdk:"icon"`
	Metadata       types.Map    `tfsdk:"metadata"`
	UsageLimits    types.List   `tfsdk:"usage_limits"`
	RateLimits     types.List   `tfsdk:"rate_limits"`
	OrganisationID types.String `tfsdk:"organisation_id"`
	IsDefault      types.Bool   `tfsdk:"is_default"`
	CreatedAt      types.String `tfsdk:"created_at"`
	UpdatedAt      types.String `tfsdk:"updated_at"`
}

// workspaceDataModel is one workspace as the data sources show it: the
// resource's attributes plus the status.
type workspaceDataModel struct {
	workspaceModel
	Status types.String `tfsdk:"status"`
}

// usageLimitModel is one usage (budget) limit. credit_limit and
// alert_threshold are Float64 (a Terraform number, so state written by the
// official provider's Int64 attributes reads back unchanged) because the API
// takes and returns decimals.
type usageLimitModel struct {
	Type              types.String  `tfsdk:"type"`
	CreditLimit       types.Float64 `tfsdk:"credit_limit"`
	AlertThreshold    types.Float64 `tfsdk:"alert_threshold"`
	PeriodicReset     types.String  `tfsdk:"periodic_reset"`
	PeriodicResetDays types.Int64   `tfsdk:"periodic_reset_days"`
}

// rateLimitModel is one rate limit.
type rateLimitModel struct {
	Type  types.String `tfsdk:"type"`
	Unit  types.String `tfsdk:"unit"`
	Value types.Int64  `tfsdk:"value"`
}

var (
	usageLimitObjectType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"type": types.StringType, "credit_limit": types.Float64Type, "alert_threshold": types.Float64Type,
		"periodic_reset": types.StringType, "periodic_reset_days": types.Int64Type,
	}}
	rateLimitObjectType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"type": types.StringType, "unit": types.StringType, "value": types.Int64Type,
	}}
)

// fill sets every attribute from the API's workspace. The name loses the
// "<icon> " prefix the API adds; empty strings, maps and lists become null,
// which is how a plain Optional attribute reads when it is not configured.
func (m *workspaceModel) fill(ctx context.Context, ws *client.Workspace) diag.Diagnostics {
	var diags, d diag.Diagnostics
	m.ID = types.StringValue(ws.ID)
	m.Slug = wsString(ws.Slug)
	m.Name = types.StringValue(ws.PlainName())
	m.Description = wsStringPtr(ws.Description)
	m.Icon = wsStringPtr(ws.Icon)
	m.Metadata = types.MapNull(types.StringType)
	if ws.Defaults != nil && len(ws.Defaults.Metadata) > 0 {
		m.Metadata, d = types.MapValueFrom(ctx, types.StringType, ws.Defaults.Metadata)
		diags.Append(d...)
	}
	m.UsageLimits, d = usageLimitsToList(ctx, ws.UsageLimits)
	diags.Append(d...)
	m.RateLimits, d = rateLimitsToList(ctx, ws.RateLimits)
	diags.Append(d...)
	m.OrganisationID = wsString(ws.OrganisationID)
	m.IsDefault = types.BoolValue(ws.IsDefault == 1 || (ws.Defaults != nil && ws.Defaults.IsDefault != nil && *ws.Defaults.IsDefault == 1))
	m.CreatedAt = wsString(ws.CreatedAt)
	m.UpdatedAt = wsString(ws.LastUpdatedAt)
	return diags
}

// sameDisplayName reports whether a name and icon as a configuration writes
// them show as the API's plain name and icon do. Portkey shows a workspace as
// "<icon> <name>", so the name "🎯 Ops" without an icon and the name "Ops"
// with the icon "🎯" are the same; Portkey itself turns the first into the
// second when it creates the workspace (API-NOTES.md 11.5), also when no
// space follows the emoji ("🎯Ops").
func sameDisplayName(name string, icon *string, plain string, apiIcon *string) bool {
	display := func(n string, i *string) string {
		if i == nil || *i == "" {
			return n
		}
		return *i + " " + n
	}
	if display(name, icon) == display(plain, apiIcon) {
		return true
	}
	if (icon == nil || *icon == "") && apiIcon != nil && *apiIcon != "" {
		rest, ok := strings.CutPrefix(name, *apiIcon)
		return ok && strings.TrimLeft(rest, " ") == plain
	}
	return false
}

// keepSpelling keeps the name and icon as prior (the plan, or the state)
// spells them when they show the same name as the API's answer just filled
// into m: a configuration that writes the emoji into the name reads back as
// written. Otherwise, and when prior knows no name (an import), m keeps the
// API's plain name and icon.
func (m *workspaceModel) keepSpelling(prior *workspaceModel) {
	if prior == nil || prior.Name.IsNull() || prior.Name.IsUnknown() || prior.Icon.IsUnknown() {
		return
	}
	if sameDisplayName(prior.Name.ValueString(), prior.Icon.ValueStringPointer(), m.Name.ValueString(), m.Icon.ValueStringPointer()) {
		m.Name, m.Icon = prior.Name, prior.Icon
	}
}

func (m *workspaceDataModel) fill(ctx context.Context, ws *client.Workspace) diag.Diagnostics {
	m.Status = wsString(ws.Status)
	return m.workspaceModel.fill(ctx, ws)
}

// managedEqual reports whether the attributes a configuration sets are the
// same in both models. Usage limits compare as the API holds them, as
// float64: a decimal from the configuration (99.99) carries more precision
// than the float64 the API answers with, so comparing Terraform numbers would
// call a workspace that matches the plan different.
//
// m is the API's answer (filled) and o the configuration: name and icon
// compare as the name Portkey shows (sameDisplayName).
func (m *workspaceModel) managedEqual(ctx context.Context, o *workspaceModel) bool {
	sameName := m.Name.Equal(o.Name) && m.Icon.Equal(o.Icon) ||
		sameDisplayName(o.Name.ValueString(), o.Icon.ValueStringPointer(), m.Name.ValueString(), m.Icon.ValueStringPointer())
	if !sameName || !m.Description.Equal(o.Description) ||
		!m.Metadata.Equal(o.Metadata) || !m.RateLimits.Equal(o.RateLimits) ||
		m.UsageLimits.IsNull() != o.UsageLimits.IsNull() || m.UsageLimits.IsUnknown() != o.UsageLimits.IsUnknown() {
		return false
	}
	mine, d1 := usageLimitsFromList(ctx, m.UsageLimits)
	theirs, d2 := usageLimitsFromList(ctx, o.UsageLimits)
	return !d1.HasError() && !d2.HasError() && reflect.DeepEqual(mine, theirs)
}

func (m *workspaceModel) toCreateRequest(ctx context.Context) (client.CreateWorkspaceRequest, diag.Diagnostics) {
	var diags, d diag.Diagnostics
	req := client.CreateWorkspaceRequest{
		Name:        m.Name.ValueString(),
		Description: m.Description.ValueStringPointer(),
		Icon:        m.Icon.ValueStringPointer(),
	}
	metadata, d := m.metadata(ctx)
	diags.Append(d...)
	if len(metadata) > 0 {
		req.Defaults = &client.WorkspaceDefaults{Metadata: metadata}
	}
	req.UsageLimits, d = usageLimitsFromList(ctx, m.UsageLimits)
	diags.Append(d...)
	req.RateLimits, d = rateLimitsFromList(ctx, m.RateLimits)
	diags.Append(d...)
	return req, diags
}

// toUpdateRequest is the full desired object. kept holds the parts of
// "defaults" this resource does not manage (guardrails, the user key config)
// as last read: PUT replaces defaults whole, so they are sent back unchanged.
func (m *workspaceModel) toUpdateRequest(ctx context.Context, kept *client.WorkspaceDefaults) (client.UpdateWorkspaceRequest, diag.Diagnostics) {
	var diags, d diag.Diagnostics
	req := client.UpdateWorkspaceRequest{
		Name:        m.Name.ValueString(),
		Description: m.Description.ValueStringPointer(),
		Icon:        m.Icon.ValueStringPointer(),
		Defaults:    &client.WorkspaceDefaults{},
	}
	if kept != nil {
		req.Defaults.InputGuardrails = kept.InputGuardrails
		req.Defaults.OutputGuardrails = kept.OutputGuardrails
		req.Defaults.UserAPIKeyConfig = kept.UserAPIKeyConfig
	}
	req.Defaults.Metadata, d = m.metadata(ctx)
	diags.Append(d...)
	req.UsageLimits, d = usageLimitsFromList(ctx, m.UsageLimits)
	diags.Append(d...)
	req.RateLimits, d = rateLimitsFromList(ctx, m.RateLimits)
	diags.Append(d...)
	return req, diags
}

func (m *workspaceModel) metadata(ctx context.Context) (map[string]string, diag.Diagnostics) {
	if m.Metadata.IsNull() || m.Metadata.IsUnknown() {
		return nil, nil
	}
	out := map[string]string{}
	diags := m.Metadata.ElementsAs(ctx, &out, false)
	return out, diags
}

// unmanagedDefaults extracts the "defaults" fields this resource does not
// manage, as JSON for private state; nil when there are none.
func unmanagedDefaults(ws *client.Workspace) []byte {
	if ws.Defaults == nil {
		return nil
	}
	kept := client.WorkspaceDefaults{
		InputGuardrails:  ws.Defaults.InputGuardrails,
		OutputGuardrails: ws.Defaults.OutputGuardrails,
		UserAPIKeyConfig: ws.Defaults.UserAPIKeyConfig,
	}
	raw, err := json.Marshal(kept)
	if err != nil || string(raw) == "{}" {
		return nil
	}
	return raw
}

// setPrivateDefaults records the defaults this resource does not manage, as
// ws shows them; a ws read from the workspaces list (bulk reads) does not show
// them, so it records that they are unread instead.
func setPrivateDefaults(ctx context.Context, private privateSetter, ws *client.Workspace) diag.Diagnostics {
	if ws.FromListing {
		diags := private.SetKey(ctx, privateDefaultsKey, nil)
		diags.Append(private.SetKey(ctx, privateDefaultsUnreadKey, []byte("true"))...)
		return diags
	}
	diags := private.SetKey(ctx, privateDefaultsKey, unmanagedDefaults(ws))
	diags.Append(private.SetKey(ctx, privateDefaultsUnreadKey, nil)...)
	return diags
}

// keptDefaults returns the defaults an update must send back unchanged: as
// the last read recorded them or, when that read came from the workspaces
// list, as a GET shows them now.
func (r *workspaceResource) keptDefaults(ctx context.Context, private privateGetter, id string) (*client.WorkspaceDefaults, diag.Diagnostics) {
	unread, diags := private.GetKey(ctx, privateDefaultsUnreadKey)
	if len(unread) == 0 {
		raw, d := private.GetKey(ctx, privateDefaultsKey)
		diags.Append(d...)
		return parseUnmanagedDefaults(raw), diags
	}
	// Portkey's reads may lag behind writes: a workspace created moments ago
	// may not read yet (settle.go).
	ws, _, err := settle(ctx, r.settle, func(ctx context.Context) (*client.Workspace, error) {
		return r.client.GetWorkspace(ctx, id)
	}, settledFound)
	if err != nil {
		addAPIError(&diags, "Update Workspace", err, "The last refresh read this workspace from Portkey's list of "+
			"workspaces, which does not show its guardrails and user key config, and reading them before the update "+
			"failed, so nothing was changed. Run terraform apply again.")
		return nil, diags
	}
	return parseUnmanagedDefaults(unmanagedDefaults(ws)), diags
}

func parseUnmanagedDefaults(raw []byte) *client.WorkspaceDefaults {
	if len(raw) == 0 {
		return nil
	}
	var kept client.WorkspaceDefaults
	if json.Unmarshal(raw, &kept) != nil {
		return nil
	}
	return &kept
}

func usageLimitsToList(ctx context.Context, in []client.UsageLimit) (types.List, diag.Diagnostics) {
	if len(in) == 0 {
		return types.ListNull(usageLimitObjectType), nil
	}
	models := make([]usageLimitModel, len(in))
	for i, u := range in {
		models[i] = usageLimitModel{
			Type:              types.StringValue(u.Type),
			CreditLimit:       decimalFloat64(u.CreditLimit),
			AlertThreshold:    decimalFloat64(u.AlertThreshold),
			PeriodicReset:     wsStringPtr(u.PeriodicReset),
			PeriodicResetDays: types.Int64PointerValue(u.PeriodicResetDays),
		}
	}
	return types.ListValueFrom(ctx, usageLimitObjectType, models)
}

func usageLimitsFromList(ctx context.Context, l types.List) ([]client.UsageLimit, diag.Diagnostics) {
	if l.IsNull() || l.IsUnknown() {
		return nil, nil
	}
	var models []usageLimitModel
	diags := l.ElementsAs(ctx, &models, false)
	out := make([]client.UsageLimit, len(models))
	for i, m := range models {
		out[i] = client.UsageLimit{
			Type:              m.Type.ValueString(),
			CreditLimit:       m.CreditLimit.ValueFloat64Pointer(),
			AlertThreshold:    m.AlertThreshold.ValueFloat64Pointer(),
			PeriodicReset:     m.PeriodicReset.ValueStringPointer(),
			PeriodicResetDays: m.PeriodicResetDays.ValueInt64Pointer(),
		}
	}
	return out, diags
}

func rateLimitsToList(ctx context.Context, in []client.RateLimit) (types.List, diag.Diagnostics) {
	if len(in) == 0 {
		return types.ListNull(rateLimitObjectType), nil
	}
	models := make([]rateLimitModel, len(in))
	for i, r := range in {
		models[i] = rateLimitModel{Type: types.StringValue(r.Type), Unit: types.StringValue(r.Unit), Value: types.Int64Value(r.Value)}
	}
	return types.ListValueFrom(ctx, rateLimitObjectType, models)
}

func rateLimitsFromList(ctx context.Context, l types.List) ([]client.RateLimit, diag.Diagnostics) {
	if l.IsNull() || l.IsUnknown() {
		return nil, nil
	}
	var models []rateLimitModel
	diags := l.ElementsAs(ctx, &models, false)
	out := make([]client.RateLimit, len(models))
	for i, m := range models {
		out[i] = client.RateLimit{Type: m.Type.ValueString(), Unit: m.Unit.ValueString(), Value: m.Value.ValueInt64()}
	}
	return out, diags
}

// wsString maps "" to null.
func wsString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// wsStringPtr maps nil and "" to null.
func wsStringPtr(p *string) types.String {
	if p == nil {
		return types.StringNull()
	}
	return wsString(*p)
}
