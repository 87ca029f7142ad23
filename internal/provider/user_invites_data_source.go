package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*userInvitesDataSource)(nil)

// NewUserInvitesDataSource returns the portkey_user_invites data source.
func NewUserInvitesDataSource() datasource.DataSource { return &userInvitesDataSource{} }

type userInvitesDataSource struct {
	client *client.Client
}

type userInvitesDataSourceModel struct {
	Status  types.String          `tfsdk:"status"`
	Role    types.String          `tfsdk:"role"`
	Email   emailValue            `tfsdk:"email"`
	Invites []userInviteDataModel `tfsdk:"invites"`
}

func (d *userInvitesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_invites"
}

func (d *userInvitesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the organisation's user invites (every page), optionally filtered. Invite links " +
			"are secret and never shown.",
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				MarkdownDescription: "Only invites with this status: `pending`, `accepted`, `expired` or " +
					"`cancelled`. Unset by default (every status).",
				Optional: true,
				Validators: []validator.String{stringvalidator.OneOf(client.InviteStatusPending,
					client.InviteStatusAccepted, client.InviteStatusExpired, client.InviteStatusCancelled)},
			},
			"role": schema.StringAttribute{
				MarkdownDescription: "Only invites granting this organisation role: `admin` or `member`. Unset by " +
					"default (every role).",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(client.OrgRoleAdmin, client.OrgRoleMember)},
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "Only invites to this email address, compared ignoring case. Unset by default.",
				Optional:            true,
				CustomType:          emailType{},
				Validators:          []validator.String{emailValidator{}},
			},
			"invites": schema.ListNestedAttribute{
				MarkdownDescription: "The matching invites, oldest first as Portkey lists them.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: userInviteDataAttributes(false)},
			},
		},
	}
}

func (d *userInvitesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *userInvitesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m userInvitesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	invites, err := d.client.ListUserInvites(ctx, client.ListUserInvitesOptions{
		Status: m.Status.ValueString(), Role: m.Role.ValueString(), Email: m.Email.ValueString(),
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "List User Invites", err, "")
		return
	}
	m.Invites = make([]userInviteDataModel, 0, len(invites))
	for i := range invites {
		inv := &invites[i]
		// The filters are applied again here, in case the API loosens one.
		if (!m.Email.IsNull() && !strings.EqualFold(inv.Email, m.Email.ValueString())) ||
			(!m.Status.IsNull() && inv.Status != m.Status.ValueString()) ||
			(!m.Role.IsNull() && inv.Role != m.Role.ValueString()) {
			continue
		}
		out, diags := userInviteDataFromAPI(ctx, inv)
		resp.Diagnostics.Append(diags...)
		m.Invites = append(m.Invites, out)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
