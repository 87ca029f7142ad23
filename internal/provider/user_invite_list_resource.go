package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ list.ListResourceWithConfigure = (*userInviteListResource)(nil)
)

// NewUserInviteListResource returns the portkey_user_invite list resource.
func NewUserInviteListResource() list.ListResource { return &userInviteListResource{} }

type userInviteListResource struct {
	client *client.Client
}

type userInviteListModel struct {
	Status types.String `tfsdk:"status"`
	Email  emailValue   `tfsdk:"email"`
}

func (r *userInviteListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_invite"
}

func (r *userInviteListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the organisation's user invites (every page), optionally filtered by status or email, " +
			"each with its identity (the invite id) and, when asked, the invite as `portkey_user_invite` reads it. " +
			"Invite links are secret and never part of a result.",
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				MarkdownDescription: "Only invites with this status: `pending`, `accepted`, `expired` or `cancelled`. " +
					"Optional; by default every status.",
				Optional: true,
				Validators: []validator.String{stringvalidator.OneOf(client.InviteStatusPending,
					client.InviteStatusAccepted, client.InviteStatusExpired, client.InviteStatusCancelled)},
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "Only invites to this email address, compared ignoring case. Optional; by default " +
					"every address.",
				CustomType: emailType{},
				Optional:   true,
				Validators: []validator.String{emailValidator{}},
			},
		},
	}
}

func (r *userInviteListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// List makes the portkey_user_invites data source's call (its filters applied
// again, as there). Each invite is read with the GET portkey_user_invite reads
// it with, and converted by the resource's fill.
func (r *userInviteListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg userInviteListModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	streamListResults(ctx, req, stream, "User Invite", func(ctx context.Context) ([]listedObject, diag.Diagnostics) {
		var diags diag.Diagnostics
		status, email := cfg.Status.ValueString(), cfg.Email.ValueString()
		invites, err := r.client.ListUserInvites(ctx, client.ListUserInvitesOptions{Status: status, Email: email})
		if err != nil {
			addAPIError(&diags, "List User Invites", err, "")
			return nil, diags
		}
		out := make([]listedObject, 0, len(invites))
		for i := range invites {
			inv := invites[i]
			if (email != "" && !strings.EqualFold(inv.Email, email)) || (status != "" && inv.Status != status) {
				continue
			}
			out = append(out, listedObject{
				displayName: fmt.Sprintf("%s (%s)", inv.Email, inv.Status),
				identity:    newIDIdentity(inv.ID),
				read: func(ctx context.Context) (any, bool, diag.Diagnostics) {
					var diags diag.Diagnostics
					got, err := r.client.GetUserInvite(ctx, inv.ID)
					if errors.Is(err, client.ErrNotFound) {
						return nil, true, nil
					}
					if err != nil {
						addAPIError(&diags, "Read User Invite", err, fmt.Sprintf("The invite to %s was listed, but reading it failed.", inv.Email))
						return nil, false, diags
					}
					m := userInviteResourceModel{
						Workspaces: types.SetNull(userInviteWorkspaceObjectType), Scopes: types.SetNull(types.StringType),
						InviteLink: types.StringNull(), ReinviteWhenExpired: types.BoolNull(),
					}
					diags.Append((&userInviteResource{client: r.client}).fill(ctx, &m, got)...)
					m.asListed()
					return &m, false, diags
				},
			})
		}
		return out, diags
	})
}

// asListed clears what a configuration of portkey_user_invite leaves out:
// reinvite_when_expired at its default (false). Portkey never returns scopes,
// resend_trigger or the link, so those are null already.
func (m *userInviteResourceModel) asListed() {
	m.ReinviteWhenExpired = types.BoolNull()
}
