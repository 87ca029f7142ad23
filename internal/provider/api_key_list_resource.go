package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ list.ListResourceWithConfigure = (*apiKeyListResource)(nil)
)

// NewAPIKeyListResource returns the portkey_api_key list resource.
func NewAPIKeyListResource() list.ListResource { return &apiKeyListResource{} }

type apiKeyListResource struct {
	client *client.Client
}

type apiKeyListModel struct {
	WorkspaceID types.String `tfsdk:"workspace_id"`
	Type        types.String `tfsdk:"type"`
	SubType     types.String `tfsdk:"sub_type"`
}

func (r *apiKeyListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

func (r *apiKeyListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists Portkey API keys (every page), optionally only those of one workspace, type or " +
			"sub-type, each with its identity (the key id) and, when asked, the key as `portkey_api_key` reads it. " +
			"Secrets are never part of a result: Portkey shows a key's secret only when it is created or rotated.",
		Attributes: map[string]schema.Attribute{
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: "Only the keys of this workspace (its UUID or slug). Optional; by default every key " +
					"the provider's API key may see.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "Only keys of this type: `organisation` or `workspace`. Optional; by default both.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf("organisation", "workspace")},
			},
			"sub_type": schema.StringAttribute{
				MarkdownDescription: "Only keys of this sub-type: `service` or `user`. Optional; by default both.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf("service", "user")},
			},
		},
	}
}

func (r *apiKeyListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// List makes the portkey_api_keys data source's call and filters type and
// sub_type as it does. Each key is read with the GET portkey_api_key reads it
// with: list items lack next_usage_reset_at, rotation_policy and most of
// defaults (API-NOTES.md 11.11).
func (r *apiKeyListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg apiKeyListModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	streamListResults(ctx, req, stream, "API Key", func(ctx context.Context) ([]listedObject, diag.Diagnostics) {
		var diags diag.Diagnostics
		keys, err := r.client.ListAPIKeys(ctx, client.ListAPIKeysOptions{WorkspaceID: cfg.WorkspaceID.ValueString()})
		if err != nil {
			addAPIError(&diags, "List API Keys", err, "")
			return nil, diags
		}
		out := make([]listedObject, 0, len(keys))
		for i := range keys {
			k := keys[i]
			if (!cfg.Type.IsNull() && k.KeyType() != cfg.Type.ValueString()) || (!cfg.SubType.IsNull() && k.SubType() != cfg.SubType.ValueString()) {
				continue
			}
			out = append(out, listedObject{
				displayName: fmt.Sprintf("%s (%s)", k.Name, k.Type),
				identity:    newIDIdentity(k.ID),
				read: func(ctx context.Context) (any, bool, diag.Diagnostics) {
					var diags diag.Diagnostics
					got, err := r.client.GetAPIKey(ctx, k.ID)
					if err != nil {
						// Gone as portkey_api_key decides it: 404, or the 403 of a key whose user left.
						listed := apiKeyModel{SubType: types.StringValue(k.SubType()), UserID: types.StringPointerValue(k.UserID)}
						if errors.Is(err, client.ErrNotFound) || apiKeyOwnerLeft(ctx, r.client, &listed, err) {
							return nil, true, nil
						}
					}
					if err != nil {
						addAPIError(&diags, "Read API Key", err, fmt.Sprintf("The key %q (%s) was listed, but reading it failed.", k.Name, k.ID))
						return nil, false, diags
					}
					var m apiKeyResourceModel
					diags.Append(m.fill(ctx, got)...)
					diags.Append(m.asListed(ctx)...)
					return &m, false, diags
				},
			})
		}
		return out, diags
	})
}

// asListed clears what a configuration of portkey_api_key leaves out: the
// secret and the triggers (null already: no read sets them), attributes at
// their schema default (allow_config_override false, usage_limits.type
// "cost", rotation_policy.key_transition_period_ms 1800000), and
// rotation_policy.next_rotation_at when Portkey computes it from
// rotation_period (the two cannot both be configured).
func (m *apiKeyResourceModel) asListed(ctx context.Context) diag.Diagnostics {
	var diags diag.Diagnostics
	if !m.AllowConfigOverride.ValueBool() {
		m.AllowConfigOverride = types.BoolNull()
	}
	if !m.UsageLimits.IsNull() {
		var u apiKeyUsageLimitsModel
		diags.Append(m.UsageLimits.As(ctx, &u, basetypes.ObjectAsOptions{})...)
		if u.Type.ValueString() == apiKeyDefaultUsageLimit {
			u.Type = types.StringNull()
		}
		v, d := types.ObjectValueFrom(ctx, apiKeyUsageLimitsAttrTypes, u)
		diags.Append(d...)
		m.UsageLimits = v
	}
	if !m.RotationPolicy.IsNull() {
		var p apiKeyRotationPolicyModel
		diags.Append(m.RotationPolicy.As(ctx, &p, basetypes.ObjectAsOptions{})...)
		if p.KeyTransitionPeriodMS.ValueInt64() == apiKeyMinTransitionMS {
			p.KeyTransitionPeriodMS = types.Int64Null()
		}
		if !p.RotationPeriod.IsNull() {
			p.NextRotationAt = newRFC3339Pointer(nil)
		}
		v, d := types.ObjectValueFrom(ctx, apiKeyRotationPolicyAttrTypes, p)
		diags.Append(d...)
		m.RotationPolicy = v
	}
	return diags
}
