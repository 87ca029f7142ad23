package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ action.ActionWithConfigure = (*apiKeyResetUsageAction)(nil)
)

// NewAPIKeyResetUsageAction returns the portkey_api_key_reset_usage action.
func NewAPIKeyResetUsageAction() action.Action { return &apiKeyResetUsageAction{} }

type apiKeyResetUsageAction struct {
	client *client.Client
}

type apiKeyResetUsageActionModel struct {
	ID types.String `tfsdk:"id"`
}

func (a *apiKeyResetUsageAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key_reset_usage"
}

func (a *apiKeyResetUsageAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Resets the usage of a Portkey API key once: the usage counted against its `usage_limits` " +
			"starts again from zero, and a key whose status is `exhausted` becomes `active`. Nothing else about the key " +
			"changes. Unlike the `reset_usage` attribute of `portkey_api_key`, it needs no change to the configuration " +
			"and works on any key, managed by Terraform or not.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The id (a UUID) of the API key whose usage to reset, such as `portkey_api_key.ci.id`. " +
					"Required.",
				Required: true,
				Validators: []validator.String{stringvalidator.RegexMatches(apiKeyUUIDPattern,
					"must be an API key id (a UUID)")},
			},
		},
	}
}

func (a *apiKeyResetUsageAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// Invoke resets the usage with a PUT that carries only reset_usage, then
// reads the key back to report its status.
func (a *apiKeyResetUsageAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg apiKeyResetUsageActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := cfg.ID.ValueString()
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Resetting the usage of API key %s", id)})
	if err := a.client.ResetAPIKeyUsage(ctx, id); err != nil {
		addAPIError(&resp.Diagnostics, "Reset API Key Usage", err,
			notFoundHint(err, fmt.Sprintf("No API key has the id %s: check the action's id.", id)))
		return
	}
	k, err := a.client.GetAPIKey(ctx, id)
	switch {
	case errors.Is(err, client.ErrNotFound):
		resp.Diagnostics.AddWarning("API Key Deleted After Its Usage Reset",
			fmt.Sprintf("The usage of API key %s was reset, but the key no longer exists.", id))
	case err != nil:
		resp.Diagnostics.AddWarning("API Key Not Read After Its Usage Reset", fmt.Sprintf("The usage of API key %s "+
			"was reset, but reading the key back failed, so its status is unknown: %s", id, describeAPIError(err)))
	default:
		resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Reset the usage of API key %q (%s): its "+
			"status is %s.", k.Name, k.ID, k.Status)})
	}
}
