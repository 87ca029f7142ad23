package provider

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ resource.ResourceWithConfigure      = (*apiKeyResource)(nil)
	_ resource.ResourceWithImportState    = (*apiKeyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*apiKeyResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*apiKeyResource)(nil)
	_ resource.ResourceWithIdentity       = (*apiKeyResource)(nil)
	_ resource.ResourceWithMoveState      = (*apiKeyResource)(nil)
)

// NewAPIKeyResource returns the portkey_api_key resource.
func NewAPIKeyResource() resource.Resource { return &apiKeyResource{} }

type apiKeyResource struct {
	client *client.Client
	settle settler
}

// apiKeyResourceModel adds the secret and the triggers to the shared model.
type apiKeyResourceModel struct {
	apiKeyModel
	Key                      types.String `tfsdk:"key"`
	RotateTrigger            types.String `tfsdk:"rotate_trigger"`
	RotateTransitionPeriodMS types.Int64  `tfsdk:"rotate_transition_period_ms"`
	ResetUsage               types.Bool   `tfsdk:"reset_usage"`
}

func (r *apiKeyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

func (r *apiKeyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := func(name string, mods ...planmodifier.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: apiKeyDoc(name), Computed: true, PlanModifiers: mods}
	}
	replace := " Changing this forces a new resource."
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a Portkey API key: an organisation Admin API key, a workspace service key, or a " +
			"workspace user key. The secret (`key`) is known only after create and after a rotation, and is kept in " +
			"state as a sensitive value; use the `portkey_api_key` ephemeral resource for a key that must never reach " +
			"state.",
		Attributes: map[string]schema.Attribute{
			"id": computed("id", stringplanmodifier.UseStateForUnknown()),
			"type": schema.StringAttribute{
				MarkdownDescription: apiKeyDoc("type") + replace,
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf("organisation", "workspace")},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"sub_type": schema.StringAttribute{
				MarkdownDescription: apiKeyDoc("sub_type") + replace,
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf("service", "user")},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: apiKeyDoc("workspace_id") + " Changing this to another workspace forces a new " +
					"resource; switching between the UUID and the slug of the same workspace does not.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				// Replacement is decided in ModifyPlan, which can tell a slug
				// from the UUID of the same workspace.
			},
			"user_id": schema.StringAttribute{
				MarkdownDescription: apiKeyDoc("user_id") + replace,
				Optional:            true,
				Validators:          []validator.String{userIDValidator{}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: apiKeyDoc("name"),
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 100)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: apiKeyDoc("description"),
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 200)},
			},
			"scopes": schema.SetAttribute{
				MarkdownDescription: apiKeyDoc("scopes"),
				Required:            true,
				ElementType:         types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					scopesValidator{},
				},
			},
			"metadata": schema.MapAttribute{
				MarkdownDescription: apiKeyDoc("metadata"),
				Optional:            true,
				ElementType:         types.StringType,
				Validators:          []validator.Map{mapvalidator.SizeAtLeast(1)},
			},
			"config_id": schema.StringAttribute{
				MarkdownDescription: apiKeyDoc("config_id"),
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"allow_config_override": schema.BoolAttribute{
				MarkdownDescription: apiKeyDoc("allow_config_override") + " Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"alert_emails": schema.SetAttribute{
				MarkdownDescription: apiKeyDoc("alert_emails"),
				Optional:            true,
				ElementType:         emailType{},
				Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(emailValidator{}), uniqueEmailsValidator{}},
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: apiKeyDoc("expires_at"),
				Optional:            true,
				CustomType:          rfc3339Type{},
				Validators:          []validator.String{rfc3339Validator{}},
			},
			"rate_limits": schema.ListNestedAttribute{
				MarkdownDescription: apiKeyDoc("rate_limits"),
				Optional:            true,
				Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
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
				MarkdownDescription: apiKeyDoc("usage_limits"),
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"type": schema.StringAttribute{
						MarkdownDescription: apiKeyDoc("usage_limits.type") + " Defaults to `cost`.",
						Optional:            true,
						Computed:            true,
						Default:             stringdefault.StaticString(apiKeyDefaultUsageLimit),
						Validators:          []validator.String{stringvalidator.OneOf("cost", "tokens")},
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
					"next_usage_reset_at": computed("usage_limits.next_usage_reset_at",
						apiKeyKeepUnless(apiKeyOnResetPeriod, apiKeyOnResetDays, apiKeyOnReset, apiKeyOnResetScheduleWithoutNext)),
				},
			},
			"rotation_policy": schema.SingleNestedAttribute{
				MarkdownDescription: apiKeyDoc("rotation_policy"),
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"rotation_period": schema.StringAttribute{
						MarkdownDescription: apiKeyDoc("rotation_policy.rotation_period"), Optional: true,
						Validators: []validator.String{stringvalidator.OneOf("weekly", "monthly")},
					},
					"next_rotation_at": schema.StringAttribute{
						MarkdownDescription: apiKeyDoc("rotation_policy.next_rotation_at"),
						Optional:            true,
						Computed:            true,
						CustomType:          rfc3339Type{},
						Validators:          []validator.String{rfc3339Validator{midnightUTC: true}},
						PlanModifiers:       []planmodifier.String{apiKeyKeepUnless(apiKeyOnRotation, apiKeyOnRotationWithoutNext)},
					},
					"key_transition_period_ms": schema.Int64Attribute{
						MarkdownDescription: apiKeyDoc("rotation_policy.key_transition_period_ms"),
						Optional:            true,
						Computed:            true,
						Default:             int64default.StaticInt64(apiKeyMinTransitionMS),
						Validators:          []validator.Int64{int64validator.AtLeast(apiKeyMinTransitionMS)},
					},
				},
			},
			"rotate_trigger": schema.StringAttribute{
				MarkdownDescription: "Any string; setting it to a new value rotates the key in place (same `id`, new " +
					"`key`; the previous secret keeps working until `key_transition_expires_at`). Removing it does not " +
					"rotate. Portkey refuses a rotation while the previous one is still in transition.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"rotate_transition_period_ms": schema.Int64Attribute{
				MarkdownDescription: "How long, in milliseconds, the previous secret keeps working after a rotation made " +
					"by `rotate_trigger`: at least 1800000 (30 minutes). Unset means the rotation policy's " +
					"`key_transition_period_ms`, or Portkey's default of 30 minutes. Changing it alone changes nothing in Portkey.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(apiKeyMinTransitionMS)},
			},
			"reset_usage": schema.BoolAttribute{
				MarkdownDescription: "A trigger: changing it to `true` resets the key's usage once (an `exhausted` key " +
					"becomes `active` again). It then stays `true` without resetting again; set it to `false` and back " +
					"to `true` to reset once more. It has no effect when the key is created.",
				Optional: true,
			},
			"key": schema.StringAttribute{
				MarkdownDescription: "The secret API key. Portkey shows it only when the key is created and when it is " +
					"rotated; it is kept in state (sensitive) from then on. It is null after `terraform import`: change " +
					"`rotate_trigger` to mint a new one. A key whose create answer was lost is rotated at once to learn it.",
				Computed:      true,
				Sensitive:     true,
				PlanModifiers: []planmodifier.String{apiKeyKeepUnless(apiKeyOnRotate)},
			},
			"key_hint":                  computed("key_hint", apiKeyKeepUnless(apiKeyOnRotate)),
			"status":                    computed("status", apiKeyKeepUnless(apiKeyOnReset, apiKeyOnExpiresAt, apiKeyOnInactive)),
			"organisation_id":           computed("organisation_id", stringplanmodifier.UseStateForUnknown()),
			"created_at":                computed("created_at", stringplanmodifier.UseStateForUnknown()),
			"updated_at":                computed("updated_at"),
			"last_reset_at":             computed("last_reset_at", apiKeyKeepUnless(apiKeyOnReset)),
			"key_transition_expires_at": computed("key_transition_expires_at", apiKeyKeepUnless(apiKeyOnRotate)),
		},
	}
}

// IdentitySchema: a key is identified by its id (identity.go).
func (r *apiKeyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("The API key's id (a UUID).")
}

func (r *apiKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.settle = settlerFrom(req.ProviderData)
}

func (r *apiKeyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	// Only the attributes validate checks are read (getAttributes): this runs
	// for every key of every plan.
	var cfg apiKeyResourceModel
	resp.Diagnostics.Append(getAttributes(ctx, req.Config, map[string]any{
		"type": &cfg.Type, "sub_type": &cfg.SubType, "workspace_id": &cfg.WorkspaceID, "user_id": &cfg.UserID,
		"usage_limits": &cfg.UsageLimits, "rotation_policy": &cfg.RotationPolicy,
	})...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(cfg.validate(ctx)...)
}

// ModifyPlan checks new times against the clock, and decides whether a
// changed workspace_id names another workspace (replace) or the same one by
// its other identifier (update in place).
func (r *apiKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	// Only the attributes used here are read (getAttributes).
	var plan, state apiKeyResourceModel
	resp.Diagnostics.Append(getAttributes(ctx, req.Plan, map[string]any{
		"expires_at": &plan.ExpiresAt, "workspace_id": &plan.WorkspaceID,
	})...)
	creating := req.State.Raw.IsNull()
	if !creating {
		resp.Diagnostics.Append(getAttributes(ctx, req.State, map[string]any{
			"id": &state.ID, "expires_at": &state.ExpiresAt, "workspace_id": &state.WorkspaceID, "rotation_policy": &state.RotationPolicy,
		})...)
	}
	if resp.Diagnostics.HasError() {
		return
	}

	now := time.Now()
	if creating || !plan.ExpiresAt.Equal(state.ExpiresAt) {
		apiKeyCheckFuture(&resp.Diagnostics, path.Root("expires_at"), plan.ExpiresAt, now)
	}
	var cfgPolicy types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("rotation_policy"), &cfgPolicy)...)
	if !cfgPolicy.IsNull() && !cfgPolicy.IsUnknown() {
		var want, prior apiKeyRotationPolicyModel
		resp.Diagnostics.Append(cfgPolicy.As(ctx, &want, basetypes.ObjectAsOptions{})...)
		if !creating && !state.RotationPolicy.IsNull() {
			resp.Diagnostics.Append(state.RotationPolicy.As(ctx, &prior, basetypes.ObjectAsOptions{})...)
		}
		if creating || !want.NextRotationAt.Equal(prior.NextRotationAt) {
			apiKeyCheckFuture(&resp.Diagnostics, path.Root("rotation_policy").AtName("next_rotation_at"), want.NextRotationAt, now)
		}
	}

	if !creating && state.Key.IsNull() && secretLost(ctx, req.Private) {
		// Created by this provider, but its secret was lost with the
		// create's answer: nobody holds it, so a new key replaces it.
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("key"), types.StringUnknown())...)
		resp.RequiresReplace.Append(path.Root("key"))
		resp.Diagnostics.AddWarning(fmt.Sprintf("API Key %q (%s) Has No Secret", state.Name.ValueString(), state.ID.ValueString()),
			fmt.Sprintf("The provider created the key %q (id %s), but its secret was lost with Portkey's answer and could "+
				"not be recovered, so `key` is null and nobody holds the secret. This plan replaces the key with a new "+
				"one whose secret is recorded.", state.Name.ValueString(), state.ID.ValueString()))
	}
	if creating || plan.WorkspaceID.Equal(state.WorkspaceID) {
		return
	}
	if plan.WorkspaceID.IsUnknown() || plan.WorkspaceID.IsNull() || state.WorkspaceID.IsNull() {
		resp.RequiresReplace.Append(path.Root("workspace_id"))
		return
	}
	same, err := apiKeySameWorkspace(ctx, r.client, state.ID.ValueString(), plan.WorkspaceID.ValueString(), state.WorkspaceID.ValueString(), privateWorkspaceUUID(ctx, req.Private))
	if err != nil {
		addAPIError(&resp.Diagnostics, "Plan API Key", err, fmt.Sprintf(
			"The provider was checking whether workspace_id %q names the key's current workspace.", plan.WorkspaceID.ValueString()))
		return
	}
	if !same {
		resp.RequiresReplace.Append(path.Root("workspace_id"))
	}
}

func (r *apiKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan apiKeyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := plan.createRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	name := plan.Name.ValueString()
	got, err := r.createWithSecret(ctx, &plan.apiKeyModel, body)
	if err != nil {
		addCreateError(&resp.Diagnostics, "Create API Key", fmt.Sprintf("the API key %q", name), err, apiKeyCreateHint(err))
		return
	}
	id, secret, transition := got.id, types.StringNull(), types.StringNull()
	if got.secret != "" {
		secret = types.StringValue(got.secret)
	}
	if got.transition != "" {
		transition = types.StringValue(got.transition)
	}
	if got.hintBefore != "" {
		// Recovered by a rotation: a read that still shows the mask from
		// before lags behind it (api_key_rotate_action.go).
		recordOwnRotation(ctx, resp.Private, types.StringValue(got.hintBefore), &resp.Diagnostics)
	}
	if got.secret == "" {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateSecretLost, []byte("true"))...)
		resp.Diagnostics.AddWarning(fmt.Sprintf("API Key %q (%s) Created Without Its Secret", name, id), fmt.Sprintf(
			"Portkey created the key %q (id %s), but its answer was lost, and rotating the key to mint a secret "+
				"failed too (%s). Portkey shows a secret only once, so `key` is null. The next plan replaces this key "+
				"(nobody holds its secret) with one whose secret is known; apply it.", name, id, describeAPIError(got.lost)))
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("key"), secret)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(id))...)
	if resp.Diagnostics.HasError() {
		return
	}

	// Portkey's reads may not show the new key yet: wait for it.
	k, found, err := settle(ctx, r.settle, func(ctx context.Context) (*client.APIKey, error) { return r.client.GetAPIKey(ctx, id) }, settledFound)
	switch {
	case !found:
		setTrustedState(ctx, req.Plan, nil, &resp.State, &resp.Diagnostics, r.settle, "API key "+id)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("key"), secret)...)
		resp.Diagnostics.Append(setSettleMark(ctx, resp.Private, settleMark{Created: true})...)
		return
	case err != nil:
		addAPIError(&resp.Diagnostics, "Read API Key", err, fmt.Sprintf("The key was created (id %s) but could not be "+
			"read back; it is saved as tainted and will be replaced on the next apply.", id))
		return
	}
	state := plan
	fillAPIKeyState(ctx, &state, k, plan.WorkspaceID, transition, &resp.Diagnostics)
	state.Key = secret
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setPrivateWorkspaceUUID(ctx, resp.Private, k, &resp.Diagnostics)
	setReadVersion(ctx, resp.Private, k.LastUpdatedAt, &resp.Diagnostics)
}

// apiKeyCreated is what createWithSecret made: the key's id and, when
// known, its secret. A key adopted after a lost answer got its secret from a
// rotation (hintBefore is the mask Portkey showed before it, transition the
// end of its transition); lost is why no secret could be had.
type apiKeyCreated struct {
	id, secret, transition, hintBefore string
	lost                               error
}

// apiKeyRecoveryTransitionMS is the transition of the rotation that recovers
// an adopted key's secret: the shortest Portkey allows (30 minutes), since
// nobody holds the secret it retires.
const apiKeyRecoveryTransitionMS = int64(30 * time.Minute / time.Millisecond)

// createWithSecret creates the key (createRecovery). A key adopted after a
// lost answer was created by this apply, so nobody holds its secret yet: it
// is rotated at once to mint one. When the rotation cannot succeed (Portkey
// refuses a second rotation during a transition, so one whose answer was
// lost too leaves the secret unknown for 30 minutes), the key is deleted and
// created again, as many times as max_retries allows; after that the last
// key is kept without its secret (lost says why).
func (r *apiKeyResource) createWithSecret(ctx context.Context, m *apiKeyModel, body client.CreateAPIKeyRequest) (apiKeyCreated, error) {
	typ, sub := m.Type.ValueString(), m.SubType.ValueString()
	what := fmt.Sprintf("API key %q", m.Name.ValueString())
	for round := 0; ; round++ {
		created, adopted, err := createRecovery[*client.CreatedAPIKey]{
			client: r.client, what: what,
			send: func(ctx context.Context) (*client.CreatedAPIKey, error) {
				return r.client.CreateAPIKey(ctx, typ, sub, body)
			},
			find: func(ctx context.Context, since time.Time) (*client.CreatedAPIKey, bool, error) {
				k, err := findCreatedAPIKey(ctx, r.client, r.settle, m, since)
				if err != nil || k == nil {
					return nil, false, err
				}
				return &client.CreatedAPIKey{ID: k.ID, Key: k.Key}, true, nil // Key: the mask
			},
		}.run(ctx)
		switch {
		case err != nil:
			return apiKeyCreated{}, err
		case !adopted:
			return apiKeyCreated{id: created.ID, secret: created.Key}, nil
		}
		rotated, err := repeatWhileAmbiguous(ctx, r.client, func(ctx context.Context) (*client.RotatedAPIKey, error) {
			return r.client.RotateAPIKey(ctx, created.ID, new(apiKeyRecoveryTransitionMS))
		})
		if err == nil {
			tflog.Info(ctx, "Rotated an adopted API key to recover its secret", map[string]any{"id": created.ID})
			return apiKeyCreated{id: created.ID, secret: rotated.Key, transition: rotated.KeyTransitionExpiresAt, hintBefore: created.Key}, nil
		}
		if round >= r.client.MaxRetries() {
			return apiKeyCreated{id: created.ID, lost: err}, nil
		}
		// Replace the key whose secret nobody can know by a new one.
		tflog.Warn(ctx, "Replacing an adopted API key whose secret could not be recovered", map[string]any{"id": created.ID, "error": err.Error()})
		if delErr := r.client.DeleteAPIKey(ctx, created.ID); delErr != nil && !isNotFound(delErr) {
			return apiKeyCreated{id: created.ID, lost: err}, nil
		}
		// Until Portkey's reads stop showing it, the next create's lookup
		// could take the deleted key for the new one.
		if _, gone, _ := settle(ctx, r.settle, func(ctx context.Context) (*client.APIKey, error) {
			return r.client.GetAPIKey(ctx, created.ID)
		}, settledGone); !gone {
			return apiKeyCreated{id: created.ID, lost: err}, nil
		}
	}
}

func (r *apiKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state apiKeyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// With bulk reads, a listing may answer (bulk_reads.go).
	k, err := r.client.ReadAPIKey(ctx, state.ID.ValueString(), apiKeyListedCompleter(ctx, req.Private, &state, time.Now()))
	version := ""
	if k != nil {
		version = k.LastUpdatedAt
	}
	if readPredatesWrite(ctx, req, resp, err, version, "API key "+state.ID.ValueString(), idIdentity{ID: state.ID}) {
		return
	}
	if err != nil {
		if errors.Is(err, client.ErrNotFound) || apiKeyOwnerLeft(ctx, r.client, &state.apiKeyModel, err) {
			tflog.Info(ctx, "API key no longer exists in Portkey; removing it from state", map[string]any{"id": state.ID.ValueString()})
			removeResource(ctx, resp, idIdentity{ID: state.ID})
			return
		}
		addAPIError(&resp.Diagnostics, "Read API Key", err, "")
		return
	}
	// Keep a slug in workspace_id while private state records that it
	// resolved to the workspace Portkey reports; otherwise take the UUID
	// (after an import, or if the reference was never resolved).
	wsRef := types.StringNull()
	if k.WorkspaceID != nil && privateWorkspaceUUID(ctx, req.Private) == *k.WorkspaceID {
		wsRef = state.WorkspaceID
	}
	fillAPIKeyState(ctx, &state, k, wsRef, state.KeyTransitionExpiresAt, &resp.Diagnostics)
	warnIfRotatedOutside(ctx, &resp.Diagnostics, req.Private, resp.Private, state.Key, k)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(k.ID))...)
	setPrivateWorkspaceUUID(ctx, resp.Private, k, &resp.Diagnostics)
	if !k.FromListing {
		setReadVersion(ctx, resp.Private, k.LastUpdatedAt, &resp.Diagnostics)
	}
}

func (r *apiKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state apiKeyResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(id))...)

	desired, diags := plan.updateRequest(ctx)
	resp.Diagnostics.Append(diags...)
	current, diags := state.updateRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	desired.ResetUsage = plan.ResetUsage.ValueBool() && !state.ResetUsage.ValueBool()
	wrote := false
	if desired.ResetUsage || !reflect.DeepEqual(desired, current) {
		wrote = true
		if err := r.client.UpdateAPIKey(ctx, id, desired); err != nil {
			hint := ""
			if errors.Is(err, client.ErrNotFound) {
				hint = "The key was deleted outside Terraform. Run terraform apply again: the refresh removes it from " +
					"state and the plan creates a new key."
			}
			addAPIError(&resp.Diagnostics, "Update API Key", err, hint)
			return
		}
		// Record the trigger now: if the read below fails, the state keeps
		// its prior values, and a reset recorded nowhere would fire again.
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("reset_usage"), plan.ResetUsage)...)
	}

	key, transition := state.Key, state.KeyTransitionExpiresAt
	var rotateErr error
	// The same rule as the plan modifiers' apiKeyOnRotate: a new, non-null value.
	if !plan.RotateTrigger.IsNull() && !plan.RotateTrigger.Equal(state.RotateTrigger) {
		rotated, err := r.client.RotateAPIKey(ctx, id, plan.RotateTransitionPeriodMS.ValueInt64Pointer())
		if err != nil {
			rotateErr = err
		} else {
			wrote = true
			key, transition = types.StringValue(rotated.Key), types.StringValue(rotated.KeyTransitionExpiresAt)
			// Keep the new secret even if the read below fails.
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("key"), key)...)
			resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateSecretLost, nil)...)
			recordOwnRotation(ctx, resp.Private, state.KeyHint, &resp.Diagnostics)
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("rotate_trigger"), plan.RotateTrigger)...)
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("key_transition_expires_at"), transition)...)
		}
	}

	get := func(ctx context.Context) (*client.APIKey, error) { return r.client.GetAPIKey(ctx, id) }
	var (
		k       *client.APIKey
		err     error
		settled = true
	)
	if wrote {
		// Wait until Portkey's reads show the change: a version other than
		// the one it started from, or the planned values.
		prior := state.UpdatedAt.ValueString()
		k, settled, err = settle(ctx, r.settle, get, func(k *client.APIKey, err error) bool {
			if err != nil || versionMoved(k.LastUpdatedAt, prior) {
				return true
			}
			got := plan
			var d diag.Diagnostics
			fillAPIKeyState(ctx, &got, k, plan.WorkspaceID, transition, &d)
			return !d.HasError() && planShows(ctx, req.Plan, &got)
		})
	} else {
		k, err = get(ctx)
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Read API Key", err, "The key was updated but could not be read back; the next "+
			"plan refreshes it.")
		return
	}
	next := plan
	fillAPIKeyState(ctx, &next, k, plan.WorkspaceID, transition, &resp.Diagnostics)
	next.Key = key
	if !settled && rotateErr == nil {
		setTrustedState(ctx, req.Plan, &next, &resp.State, &resp.Diagnostics, r.settle, "API key "+id)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("key"), key)...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("key_transition_expires_at"), transition)...)
		resp.Diagnostics.Append(setSettleMark(ctx, resp.Private, settleMark{Updated: true, Version: k.LastUpdatedAt})...)
		setPrivateWorkspaceUUID(ctx, resp.Private, k, &resp.Diagnostics)
		return
	}
	if rotateErr != nil {
		next.RotateTrigger = state.RotateTrigger // not rotated: the next apply tries again
		hint := ""
		if client.IsCode(rotateErr, "AB01") {
			hint = fmt.Sprintf("Portkey refuses a rotation while the previous one is still in transition (until %s). "+
				"Apply again after that time.", transition.ValueString())
		}
		addAPIError(&resp.Diagnostics, "Rotate API Key", rotateErr, hint)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
	setPrivateWorkspaceUUID(ctx, resp.Private, k, &resp.Diagnostics)
	setReadVersion(ctx, resp.Private, k.LastUpdatedAt, &resp.Diagnostics)
}

func (r *apiKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state apiKeyResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	err := r.client.DeleteAPIKey(ctx, id)
	if err == nil {
		// Until Portkey's reads stop showing it, an ambiguous create of a key
		// of the same name (a replacement) could take it for its own.
		if _, gone, _ := settle(ctx, r.settle, func(ctx context.Context) (*client.APIKey, error) { return r.client.GetAPIKey(ctx, id) },
			settledGone); !gone {
			warnDeleteUnsettled(&resp.Diagnostics, r.settle, "API key "+id)
		}
		return
	}
	if errors.Is(err, client.ErrNotFound) || apiKeyOwnerLeft(ctx, r.client, &state.apiKeyModel, err) {
		return
	}
	addAPIError(&resp.Diagnostics, "Delete API Key", err, "")
}

// ImportState takes the key's id, as an import ID or as an identity's id.
func (r *apiKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importID(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !apiKeyUUIDPattern.MatchString(id) {
		resp.Diagnostics.AddError("Invalid API Key Import ID",
			fmt.Sprintf("%q is not an API key id: import a key by its UUID, e.g. terraform import portkey_api_key.ci "+
				"4c46f684-d96c-4b58-b356-81e5722cd19d (find it with the portkey_api_keys data source).", id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	// A key created moments ago may not be readable yet.
	importSettled(ctx, r.settle, func(ctx context.Context) error { _, err := r.client.GetAPIKey(ctx, id); return err })
}

// fillState refreshes m from the API, keeping what the API cannot tell:
// wsRef, the workspace reference as configured (a slug, where the API answers
// the UUID) when the caller knows it names the key's workspace, and
// key_transition_expires_at when the API leaves it out.
func fillAPIKeyState(ctx context.Context, m *apiKeyResourceModel, k *client.APIKey, wsRef, transition types.String, diags *diag.Diagnostics) {
	diags.Append(m.fill(ctx, k)...)
	if k.WorkspaceID != nil && !wsRef.IsNull() && !wsRef.IsUnknown() {
		m.WorkspaceID = wsRef
	}
	if m.KeyTransitionExpiresAt.IsNull() {
		m.KeyTransitionExpiresAt = transition
	}
}
