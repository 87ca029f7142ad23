package provider

import (
	"context"
	"errors"
	"fmt"

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
	_ action.ActionWithConfigure  = (*userInviteResendAction)(nil)
	_ action.ActionWithModifyPlan = (*userInviteResendAction)(nil)
)

// NewUserInviteResendAction returns the portkey_user_invite_resend action.
func NewUserInviteResendAction() action.Action { return &userInviteResendAction{} }

type userInviteResendAction struct {
	client *client.Client
}

type userInviteResendActionModel struct {
	ID types.String `tfsdk:"id"`
}

func (a *userInviteResendAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_invite_resend"
}

func (a *userInviteResendAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Re-sends a pending Portkey user invite: Portkey emails the invitee a new link and restarts " +
			"the invite's lifetime. Portkey re-sends only pending invites, so an invite that was accepted, expired or " +
			"cancelled is refused (at plan time when the invite's id is known then). The new link is a secret and " +
			"is shown to no one; a `portkey_user_invite` managing the invite keeps the previous link in " +
			"`invite_link` (change its `resend_trigger` instead when Terraform must hold the new one).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The id of the invite to re-send, such as `portkey_user_invite.alice.id`. Required.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func (a *userInviteResendAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses, at plan time, an invite that does not exist or is not
// pending. An id not known yet (an invite created in the same apply) is
// checked by Invoke; a failed lookup is left to Invoke too.
func (a *userInviteResendAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var cfg userInviteResendActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || a.client == nil || cfg.ID.IsUnknown() || cfg.ID.IsNull() {
		return
	}
	inv, err := a.client.GetUserInvite(ctx, cfg.ID.ValueString())
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		tflog.Debug(ctx, "Could not read the invite at plan time; the invocation will", map[string]any{"error": err.Error()})
		return
	}
	checkResendable(&resp.Diagnostics, cfg.ID.ValueString(), inv)
}

// Invoke checks the invite is pending, then re-sends it. The new link never
// leaves this function.
func (a *userInviteResendAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg userInviteResendActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := cfg.ID.ValueString()
	inv, err := a.client.GetUserInvite(ctx, id)
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		addAPIError(&resp.Diagnostics, "Resend User Invite", err, "Reading the invite before re-sending it failed; nothing was sent.")
		return
	}
	if checkResendable(&resp.Diagnostics, id, inv); resp.Diagnostics.HasError() {
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Re-sending the invite to %s", inv.Email)})
	if _, err := a.client.ResendUserInvite(ctx, id); err != nil {
		hint := ""
		switch {
		case errors.Is(err, client.ErrNotFound):
			hint = fmt.Sprintf("The invite %s no longer exists.", id)
		case client.IsCode(err, "AB01"):
			hint = "Portkey re-sends only pending invites; this one may have just expired or been accepted."
		}
		addAPIError(&resp.Diagnostics, "Resend User Invite", err, hint)
		return
	}
	msg := fmt.Sprintf("Re-sent the invite to %s: Portkey emailed a new link.", inv.Email)
	if fresh, err := a.client.GetUserInvite(ctx, id); err == nil && fresh.ExpiresAt != "" {
		msg = fmt.Sprintf("Re-sent the invite to %s: Portkey emailed a new link, valid until %s.", inv.Email, fresh.ExpiresAt)
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: msg})
}

// checkResendable adds the error for an invite that cannot be re-sent:
// missing (inv nil) or not pending.
func checkResendable(diags *diag.Diagnostics, id string, inv *client.UserInvite) {
	switch {
	case inv == nil:
		diags.AddAttributeError(path.Root("id"), "User Invite Not Found",
			fmt.Sprintf("Portkey has no invite with the id %s: check the action's id. An accepted invite may have been "+
				"removed by Portkey once its invitee joined.", id))
	case inv.Status != client.InviteStatusPending:
		diags.AddAttributeError(path.Root("id"), "User Invite Not Pending",
			fmt.Sprintf("The invite to %s is %s, and Portkey re-sends only pending invites: nothing was sent. %s", inv.Email,
				inv.Status, resendAdvice(inv.Status)))
	}
}

func resendAdvice(status string) string {
	if status == client.InviteStatusAccepted {
		return "The invitee has joined the organisation already."
	}
	return "Invite them again with a new invite (portkey_user_invite with reinvite_when_expired = true replaces an expired or cancelled one)."
}
