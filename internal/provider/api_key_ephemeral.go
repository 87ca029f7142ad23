package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ ephemeral.EphemeralResourceWithConfigure      = (*apiKeyEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithClose          = (*apiKeyEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithValidateConfig = (*apiKeyEphemeralResource)(nil)
)

// NewAPIKeyEphemeralResource returns the portkey_api_key ephemeral resource:
// a key created when Terraform opens it and deleted when Terraform closes it.
func NewAPIKeyEphemeralResource() ephemeral.EphemeralResource { return &apiKeyEphemeralResource{} }

type apiKeyEphemeralResource struct {
	client *client.Client
	settle settler
}

// apiKeyOpeners maps the id of each open ephemeral key to the client that
// created it, so that Close deletes the key with the credentials that made
// it. Terraform runs one plugin process per provider configuration, where this
// is always the configured client; where one process serves several
// configurations (the test harness, reattached debug sessions), the key is
// otherwise deleted with whichever configuration came last, typically the one
// the short-lived key itself configured.
var apiKeyOpeners sync.Map

type apiKeyEphemeralModel struct {
	apiKeyModel
	Key types.String `tfsdk:"key"`
}

func (e *apiKeyEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

func (e *apiKeyEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	computed := func(name string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: apiKeyDoc(name), Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Creates a short-lived Portkey API key for the duration of one Terraform run, and deletes it " +
			"when Terraform closes the ephemeral resource (at the end of the plan or apply). Neither the key nor any " +
			"of its attributes reach the plan or the state, so the secret can configure another provider or a " +
			"write-only attribute without being stored. Requires Terraform 1.10 or later. Terraform opens it on every " +
			"plan and apply, so each run gets a new key.",
		Attributes: map[string]schema.Attribute{
			"id": computed("id"),
			"type": schema.StringAttribute{
				MarkdownDescription: apiKeyDoc("type"), Required: true,
				Validators: []validator.String{stringvalidator.OneOf("organisation", "workspace")},
			},
			"sub_type": schema.StringAttribute{
				MarkdownDescription: apiKeyDoc("sub_type"), Required: true,
				Validators: []validator.String{stringvalidator.OneOf("service", "user")},
			},
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: apiKeyDoc("workspace_id"), Optional: true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"user_id": schema.StringAttribute{
				MarkdownDescription: apiKeyDoc("user_id"), Optional: true,
				Validators: []validator.String{userIDValidator{}},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: apiKeyDoc("name"), Required: true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, 100)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: apiKeyDoc("description"), Optional: true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, 200)},
			},
			"scopes": schema.SetAttribute{
				MarkdownDescription: apiKeyDoc("scopes"), Required: true, ElementType: types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					scopesValidator{},
				},
			},
			"metadata": schema.MapAttribute{
				MarkdownDescription: apiKeyDoc("metadata"), Optional: true, ElementType: types.StringType,
				Validators: []validator.Map{mapvalidator.SizeAtLeast(1)},
			},
			"config_id": schema.StringAttribute{
				MarkdownDescription: apiKeyDoc("config_id"), Optional: true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"allow_config_override": schema.BoolAttribute{
				MarkdownDescription: apiKeyDoc("allow_config_override") + " Defaults to `false`, as for the resource.",
				Optional:            true, Computed: true,
			},
			"alert_emails": schema.SetAttribute{
				MarkdownDescription: apiKeyDoc("alert_emails"), Optional: true, ElementType: emailType{},
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(emailValidator{}), uniqueEmailsValidator{}},
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: apiKeyDoc("expires_at"), Optional: true, CustomType: rfc3339Type{},
				Validators: []validator.String{rfc3339Validator{}},
			},
			"rate_limits": schema.ListNestedAttribute{
				MarkdownDescription: apiKeyDoc("rate_limits"), Optional: true,
				Validators: []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"type": schema.StringAttribute{
						MarkdownDescription: apiKeyDoc("rate_limits.type"), Required: true,
						Validators: []validator.String{stringvalidator.OneOf("requests", "tokens")},
					},
					"unit": schema.StringAttribute{
						MarkdownDescription: apiKeyDoc("rate_limits.unit"), Required: true,
						Validators: []validator.String{stringvalidator.OneOf("rps", "rpm", "rph", "rpd", "rpw")},
					},
					"value": schema.Int64Attribute{
						MarkdownDescription: apiKeyDoc("rate_limits.value"), Required: true,
						Validators: []validator.Int64{int64validator.AtLeast(0)},
					},
				}},
			},
			"usage_limits": schema.SingleNestedAttribute{
				MarkdownDescription: apiKeyDoc("usage_limits"), Optional: true,
				Attributes: map[string]schema.Attribute{
					"type": schema.StringAttribute{
						MarkdownDescription: apiKeyDoc("usage_limits.type") + " Defaults to `cost`.",
						Optional:            true, Computed: true,
						Validators: []validator.String{stringvalidator.OneOf("cost", "tokens")},
					},
					"credit_limit": schema.Float64Attribute{
						MarkdownDescription: apiKeyDoc("usage_limits.credit_limit"), Optional: true,
						Validators: []validator.Float64{apiKeyPositiveFloat{}},
					},
					"alert_threshold": schema.Float64Attribute{
						MarkdownDescription: apiKeyDoc("usage_limits.alert_threshold"), Optional: true,
						Validators: []validator.Float64{float64validator.AtLeast(0)},
					},
					"periodic_reset": schema.StringAttribute{
						MarkdownDescription: apiKeyDoc("usage_limits.periodic_reset"), Optional: true,
						Validators: []validator.String{stringvalidator.OneOf("monthly", "weekly")},
					},
					"periodic_reset_days": schema.Int64Attribute{
						MarkdownDescription: apiKeyDoc("usage_limits.periodic_reset_days"), Optional: true,
						Validators: []validator.Int64{int64validator.Between(1, 365)},
					},
					"next_usage_reset_at": computed("usage_limits.next_usage_reset_at"),
				},
			},
			"rotation_policy": schema.SingleNestedAttribute{
				MarkdownDescription: apiKeyDoc("rotation_policy"), Optional: true,
				Attributes: map[string]schema.Attribute{
					"rotation_period": schema.StringAttribute{
						MarkdownDescription: apiKeyDoc("rotation_policy.rotation_period"), Optional: true,
						Validators: []validator.String{stringvalidator.OneOf("weekly", "monthly")},
					},
					"next_rotation_at": schema.StringAttribute{
						MarkdownDescription: apiKeyDoc("rotation_policy.next_rotation_at"), Optional: true, Computed: true,
						CustomType: rfc3339Type{}, Validators: []validator.String{rfc3339Validator{midnightUTC: true}},
					},
					"key_transition_period_ms": schema.Int64Attribute{
						MarkdownDescription: apiKeyDoc("rotation_policy.key_transition_period_ms"), Optional: true, Computed: true,
						Validators: []validator.Int64{int64validator.AtLeast(apiKeyMinTransitionMS)},
					},
				},
			},
			"key": schema.StringAttribute{
				MarkdownDescription: "The secret API key. It exists only while Terraform runs: the key is deleted in " +
					"Portkey when Terraform closes the ephemeral resource.",
				Computed:  true,
				Sensitive: true,
			},
			"key_hint":                  computed("key_hint"),
			"status":                    computed("status"),
			"organisation_id":           computed("organisation_id"),
			"created_at":                computed("created_at"),
			"updated_at":                computed("updated_at"),
			"last_reset_at":             computed("last_reset_at"),
			"key_transition_expires_at": computed("key_transition_expires_at"),
		},
	}
}

func (e *apiKeyEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	e.settle = settlerFrom(req.ProviderData)
}

func (e *apiKeyEphemeralResource) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	var cfg apiKeyEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(cfg.validate(ctx)...)
	// An ephemeral key is created on every run: a time in the past is always wrong.
	now := time.Now()
	apiKeyCheckFuture(&resp.Diagnostics, path.Root("expires_at"), cfg.ExpiresAt, now)
	if !cfg.RotationPolicy.IsNull() && !cfg.RotationPolicy.IsUnknown() {
		var rp apiKeyRotationPolicyModel
		resp.Diagnostics.Append(cfg.RotationPolicy.As(ctx, &rp, basetypes.ObjectAsOptions{})...)
		apiKeyCheckFuture(&resp.Diagnostics, path.Root("rotation_policy").AtName("next_rotation_at"), rp.NextRotationAt, now)
	}
}

func (e *apiKeyEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var cfg apiKeyEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.AllowConfigOverride.IsNull() {
		// Sent explicitly, as the resource's default is: the spec's own
		// default is true (API-NOTES.md 6), a looser key than asked for.
		cfg.AllowConfigOverride = types.BoolValue(false)
	}
	body, diags := cfg.createRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	started := time.Now()
	created, err := e.client.CreateAPIKey(ctx, cfg.Type.ValueString(), cfg.SubType.ValueString(), body)
	if err != nil {
		hint := apiKeyCreateHint(err)
		if client.IsAmbiguous(err) {
			// The key may exist without anyone knowing its secret: remove it.
			hint = "Portkey gave no usable answer; " + e.removeOrphan(ctx, &cfg.apiKeyModel, started) + " Run Terraform again."
		}
		addAPIError(&resp.Diagnostics, "Open API Key", err, hint)
		return
	}
	resp.Diagnostics.Append(setEphemeralKeyID(ctx, resp.Private, created.ID)...)
	apiKeyOpeners.Store(created.ID, e.client)

	// Portkey's reads may not show the new key yet: wait for it.
	k, found, err := settle(ctx, e.settle, func(ctx context.Context) (*client.APIKey, error) {
		return e.client.GetAPIKey(ctx, created.ID)
	}, settledFound)
	if !found {
		// Portkey accepted the key: hand it out with what is known of it.
		out := cfg
		out.ID, out.Key = types.StringValue(created.ID), types.StringValue(created.Key)
		resp.Diagnostics.AddWarning("Portkey Does Not Show the Key Yet", fmt.Sprintf("Portkey created the short-lived "+
			"key %s, but its reads did not show it within %s (Portkey's reads are eventually consistent), so the "+
			"attributes Portkey computes (status, key_hint, times) are null.", created.ID, e.settle.limit()))
		resp.Diagnostics.Append(resp.Result.Set(ctx, &out)...)
		return
	}
	if err != nil {
		hint := "The key was created but could not be read back, so it was deleted again."
		apiKeyOpeners.Delete(created.ID)
		if delErr := e.client.DeleteAPIKey(ctx, created.ID); delErr != nil && !errors.Is(delErr, client.ErrNotFound) {
			hint = fmt.Sprintf("The key was created (id %s) but could not be read back, and deleting it failed too "+
				"(%s): delete it in Portkey.", created.ID, describeAPIError(delErr))
		}
		addAPIError(&resp.Diagnostics, "Open API Key", err, hint)
		return
	}
	out := cfg
	resp.Diagnostics.Append(out.fill(ctx, k)...)
	out.WorkspaceID = cfg.WorkspaceID // as configured (the API answers the UUID of the same workspace)
	out.Key = types.StringValue(created.Key)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &out)...)
}

// removeOrphan deletes the key an ambiguous create may have made, and says
// what happened.
func (e *apiKeyEphemeralResource) removeOrphan(ctx context.Context, m *apiKeyModel, started time.Time) string {
	found, err := findCreatedAPIKey(ctx, e.client, e.settle, m, started)
	switch {
	case err != nil:
		return fmt.Sprintf("looking for a key it may have created failed (%s); check Portkey for a key named %q and delete it.",
			describeAPIError(err), m.Name.ValueString())
	case found == nil:
		return "no key was created."
	}
	if err := e.client.DeleteAPIKey(ctx, found.ID); err != nil && !errors.Is(err, client.ErrNotFound) {
		return fmt.Sprintf("it created the key %s, whose secret is unknown, and deleting it failed (%s): delete it in Portkey.",
			found.ID, describeAPIError(err))
	}
	return fmt.Sprintf("it had created the key %s, whose secret is unknown; that key was deleted.", found.ID)
}

func (e *apiKeyEphemeralResource) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	raw, diags := req.Private.GetKey(ctx, apiKeyPrivateEphemeral)
	resp.Diagnostics.Append(diags...)
	var id string
	if len(raw) == 0 || json.Unmarshal(raw, &id) != nil || id == "" {
		return // Open failed before creating a key
	}
	c := e.client
	if opener, ok := apiKeyOpeners.LoadAndDelete(id); ok {
		if oc, ok := opener.(*client.Client); ok && oc != nil {
			c = oc
		}
	}
	if err := c.DeleteAPIKey(ctx, id); err != nil && !errors.Is(err, client.ErrNotFound) {
		addAPIError(&resp.Diagnostics, "Close API Key", err, fmt.Sprintf("The short-lived key %s could not be deleted: "+
			"delete it in Portkey.", id))
		return
	}
	tflog.Debug(ctx, "Deleted the ephemeral API key", map[string]any{"id": id})
}

func setEphemeralKeyID(ctx context.Context, p interface {
	SetKey(context.Context, string, []byte) diag.Diagnostics
}, id string) diag.Diagnostics {
	raw, _ := json.Marshal(id)
	return p.SetKey(ctx, apiKeyPrivateEphemeral, raw)
}
