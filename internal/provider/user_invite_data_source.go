package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ datasource.DataSourceWithConfigure        = (*userInviteDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*userInviteDataSource)(nil)
)

// NewUserInviteDataSource returns the portkey_user_invite data source.
func NewUserInviteDataSource() datasource.DataSource { return &userInviteDataSource{} }

type userInviteDataSource struct {
	client *client.Client
}

func (d *userInviteDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_invite"
}

// userInviteDataAttributes are the attributes of one invite in both data
// sources; lookup names the ones the singular data source takes as input.
func userInviteDataAttributes(lookup bool) map[string]schema.Attribute {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	attrs := map[string]schema.Attribute{
		"id":          computed("The invite's UUID."),
		"email":       schema.StringAttribute{MarkdownDescription: "The invited email address.", Computed: true, CustomType: emailType{}},
		"role":        computed("The organisation role the invite grants: `admin` or `member`."),
		"status":      computed("The invite's status: `pending`, `accepted`, `expired` or `cancelled`."),
		"invited_by":  computed("The id of the user whose API key created the invite."),
		"created_at":  computed("When the invite was created (RFC 3339)."),
		"expires_at":  computed("When the invite expires unless accepted (RFC 3339)."),
		"accepted_at": computed("When the invite was accepted (RFC 3339); null until then."),
		"workspaces": schema.SetNestedAttribute{
			MarkdownDescription: "The workspaces the invite grants, each with a role.",
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id":   computed("The workspace's UUID."),
				"role": computed("The role in the workspace: `admin`, `manager` or `member`."),
			}},
		},
	}
	if lookup {
		attrs["id"] = schema.StringAttribute{
			MarkdownDescription: "The invite's UUID. Exactly one of `id` and `email` is required.",
			Optional:            true,
			Computed:            true,
		}
		attrs["email"] = schema.StringAttribute{
			MarkdownDescription: "An invited email address, compared ignoring case: the newest invite to it is " +
				"read. Exactly one of `id` and `email` is required.",
			Optional:   true,
			Computed:   true,
			CustomType: emailType{},
			Validators: []validator.String{emailValidator{}},
		}
	}
	return attrs
}

func (d *userInviteDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one user invite, by id or by email (the newest invite to that address). The " +
			"invite link is secret and never shown. Finding no invite is an error.",
		Attributes: userInviteDataAttributes(true),
	}
}

func (d *userInviteDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("email")),
	}
}

func (d *userInviteDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *userInviteDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg userInviteDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var inv *client.UserInvite
	if !cfg.ID.IsNull() {
		got, err := d.client.GetUserInvite(ctx, cfg.ID.ValueString())
		if errors.Is(err, client.ErrNotFound) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Unable to Read User Invite",
				fmt.Sprintf("Portkey has no invite with the id %q.", cfg.ID.ValueString()))
			return
		}
		if err != nil {
			addAPIError(&resp.Diagnostics, "Read User Invite", err, "")
			return
		}
		inv = got
	} else {
		email := cfg.Email.ValueString()
		invites, err := d.client.ListUserInvites(ctx, client.ListUserInvitesOptions{Email: email})
		if err != nil {
			addAPIError(&resp.Diagnostics, "Read User Invite", err, "")
			return
		}
		if inv = newestUserInvite(invites, email); inv == nil {
			resp.Diagnostics.AddAttributeError(path.Root("email"), "Unable to Read User Invite",
				fmt.Sprintf("Portkey has no invite to %s.", email))
			return
		}
	}
	out, diags := userInviteDataFromAPI(ctx, inv)
	resp.Diagnostics.Append(diags...)
	if !cfg.Email.IsNull() {
		out.Email = cfg.Email // the configured spelling; the API's differs at most in case
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, out)...)
}
