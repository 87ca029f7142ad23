package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ action.ActionWithConfigure = (*apiKeyRotateAction)(nil)
)

// NewAPIKeyRotateAction returns the portkey_api_key_rotate action.
func NewAPIKeyRotateAction() action.Action { return &apiKeyRotateAction{} }

type apiKeyRotateAction struct {
	client *client.Client
}

type apiKeyRotateActionModel struct {
	ID                 types.String `tfsdk:"id"`
	TransitionPeriodMS types.Int64  `tfsdk:"transition_period_ms"`
}

func (a *apiKeyRotateAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key_rotate"
}

func (a *apiKeyRotateAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Rotates a Portkey API key: Portkey mints a new secret for the same key (same id), and the " +
			"previous secret keeps working until the transition period ends. Terraform actions return no values, so " +
			"the new secret is shown to no one: use the action to retire a secret (a leaked one, say), and " +
			"`rotate_trigger` on `portkey_api_key` when Terraform must hold the new secret. A `portkey_api_key` " +
			"that manages the key sees the rotation as made outside Terraform: its refresh warns that `key` in state " +
			"is the previous secret. Portkey refuses a rotation while the previous one is still in transition.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The id (a UUID) of the API key to rotate, such as `portkey_api_key.ci.id`. Required.",
				Required:            true,
				Validators: []validator.String{stringvalidator.RegexMatches(apiKeyUUIDPattern,
					"must be an API key id (a UUID)")},
			},
			"transition_period_ms": schema.Int64Attribute{
				MarkdownDescription: "How long, in milliseconds, the previous secret keeps working: at least 1800000 " +
					"(30 minutes). Optional; unset means the key's rotation policy's `key_transition_period_ms`, or " +
					"Portkey's default of 30 minutes.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(apiKeyMinTransitionMS)},
			},
		},
	}
}

func (a *apiKeyRotateAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// Invoke rotates the key. The new secret never leaves this function: it is
// neither logged nor reported.
func (a *apiKeyRotateAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg apiKeyRotateActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := cfg.ID.ValueString()
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Rotating API key %s", id)})
	rotated, err := a.client.RotateAPIKey(ctx, id, cfg.TransitionPeriodMS.ValueInt64Pointer())
	if err != nil {
		summary, hint := "Unable to Rotate API Key", ""
		switch {
		case client.IsCode(err, "AB01"):
			summary = "API Key Rotation Refused"
			hint = fmt.Sprintf("Portkey refuses to rotate a key whose previous rotation is still in transition (until "+
				"it ends, both secrets work); a rotation by this action, by rotate_trigger or by the key's "+
				"rotation_policy counts. Nothing was rotated: invoke the action again once the transition of key %s ends.", id)
		case errors.Is(err, client.ErrNotFound):
			hint = fmt.Sprintf("No API key has the id %s: check the action's id.", id)
		}
		resp.Diagnostics.AddError(summary, apiErrorDetail(err, hint))
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Rotated API key %s: the previous secret keeps "+
		"working until %s. The new secret is not shown; a portkey_api_key managing this key now holds the previous "+
		"one (change its rotate_trigger to mint a secret Terraform holds).", rotated.ID, rotated.KeyTransitionExpiresAt)})
}

// apiKeyPrivatePreRotationHint is the private state key of the masked key
// Portkey showed before the last rotation made by rotate_trigger, kept until
// Portkey shows the new secret's mask.
const apiKeyPrivatePreRotationHint = "pre_rotation_key_hint"

// recordOwnRotation notes, when rotate_trigger rotates the key, the masked
// key Portkey showed before: a read that still shows it lags behind the
// rotation (API-NOTES.md 11.1) and is no rotation outside Terraform.
func recordOwnRotation(ctx context.Context, private privateSetter, before types.String, diags *diag.Diagnostics) {
	if before.IsNull() || before.IsUnknown() || before.ValueString() == "" {
		return
	}
	raw, err := json.Marshal(before.ValueString())
	if err != nil {
		return
	}
	diags.Append(private.SetKey(ctx, apiKeyPrivatePreRotationHint, raw)...)
}

// warnIfRotatedOutside adds the warning of a key whose secret in state is no
// longer its current one: it was rotated outside Terraform (this action,
// Portkey's rotation_policy or its UI). A GET never returns
// key_transition_expires_at (API-NOTES.md 11.7), so the evidence is the
// masked key Portkey shows (key_hint), which no longer masks the secret in
// state. Nothing is said when state holds no secret (after an import), when
// the hint is not in the masked form, or while Portkey still shows the mask
// it showed before rotate_trigger's own rotation (a lagging read).
func warnIfRotatedOutside(ctx context.Context, diags *diag.Diagnostics, prior privateGetter, next privateSetter, secret types.String, k *client.APIKey) {
	if secret.IsNull() || secret.IsUnknown() || secret.ValueString() == "" {
		return
	}
	matches, known := apiKeySecretMatchesHint(secret.ValueString(), k.Key)
	if !known {
		return
	}
	var before string
	if raw, _ := prior.GetKey(ctx, apiKeyPrivatePreRotationHint); len(raw) > 0 {
		_ = json.Unmarshal(raw, &before)
	}
	switch {
	case matches:
		if before != "" {
			diags.Append(next.SetKey(ctx, apiKeyPrivatePreRotationHint, nil)...)
		}
		return
	case before == k.Key:
		tflog.Debug(ctx, "Portkey still shows the key as before rotate_trigger rotated it; not warning", map[string]any{"id": k.ID})
		return
	}
	diags.AddAttributeWarning(path.Root("key"), "API Key Rotated Outside Terraform", fmt.Sprintf("The API key %q "+
		"(id %s) was rotated outside Terraform (by the portkey_api_key_rotate action, its rotation_policy, or in "+
		"Portkey): Portkey shows its secret as %s, but key in state is the previous secret, which stops working when "+
		"that rotation's transition period ends. Set rotate_trigger to a new value and apply to mint a secret "+
		"Terraform holds.", k.Name, k.ID, k.Key))
}

// apiKeySecretMatchesHint reports whether hint, Portkey's masked form of a
// key ("z1*****3AX": the first and last characters around a run of '*'),
// masks secret. known is false for a hint in no such form.
func apiKeySecretMatchesHint(secret, hint string) (matches, known bool) {
	first, last := strings.Index(hint, "*"), strings.LastIndex(hint, "*")
	if first < 0 {
		return false, false
	}
	prefix, suffix := hint[:first], hint[last+1:]
	if strings.Trim(hint[first:last+1], "*") != "" || (prefix == "" && suffix == "") {
		return false, false
	}
	return len(secret) >= len(prefix)+len(suffix) && strings.HasPrefix(secret, prefix) && strings.HasSuffix(secret, suffix), true
}
