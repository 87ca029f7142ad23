package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ datasource.DataSourceWithConfigure        = (*userDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*userDataSource)(nil)
)

// userStatus is the status of every organisation user: the API has no user
// status, and a user exists only once they have joined.
const userStatus = "active"

// NewUserDataSource reads one organisation user by id or email.
func NewUserDataSource() datasource.DataSource { return &userDataSource{} }

type userDataSource struct {
	client *client.Client
}

type userDataSourceModel struct {
	userFields
	Status       types.String `tfsdk:"status"`
	WorkspaceIDs types.Set    `tfsdk:"workspace_ids"`
}

// userAttributes are the data source attributes of a user, shared by
// portkey_user and the items of portkey_users.
func userAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "The user's id (a UUID).",
			Computed:            true,
		},
		"email": schema.StringAttribute{
			MarkdownDescription: "The user's email address.",
			CustomType:          emailType{},
			Computed:            true,
		},
		"first_name": schema.StringAttribute{MarkdownDescription: "The user's first name.", Computed: true},
		"last_name":  schema.StringAttribute{MarkdownDescription: "The user's last name.", Computed: true},
		"role": schema.StringAttribute{
			MarkdownDescription: "The user's organisation role: `owner`, `admin` or `member`.",
			Computed:            true,
		},
		"status": schema.StringAttribute{
			MarkdownDescription: "Always `active`: the API has no user status, and only users who joined exist " +
				"(pending people are invites, see `portkey_user_invites`).",
			Computed: true,
		},
		"created_at": schema.StringAttribute{
			MarkdownDescription: "When the user joined the organisation (RFC 3339).",
			Computed:            true,
		},
		"updated_at": schema.StringAttribute{
			MarkdownDescription: "When the user was last modified (RFC 3339); null for a user never modified.",
			Computed:            true,
		},
	}
}

func (d *userDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (d *userDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := userAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "The id (a UUID) of the user to read. Exactly one of `id` and `email` must be set.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["email"] = schema.StringAttribute{
		MarkdownDescription: "The email of the user to read, matched ignoring case. Exactly one of `id` and " +
			"`email` must be set.",
		CustomType: emailType{},
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{emailValidator{}},
	}
	attrs["workspace_ids"] = schema.SetAttribute{
		MarkdownDescription: "The UUIDs of the workspaces the user can act in: every workspace for owners and " +
			"admins, the workspaces they are a member of for members.",
		ElementType: types.StringType,
		Computed:    true,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one user of the organisation by id or email. A user that does not exist is an error.",
		Attributes:          attrs,
	}
}

func (d *userDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *userDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("email")),
	}
}

func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m userDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := m.ID.ValueString()
	if m.ID.IsNull() {
		// The list has no workspace_ids: find the id, then GET the user.
		u, err := d.client.FindUserByEmail(ctx, m.Email.ValueString())
		if err != nil {
			addAPIError(&resp.Diagnostics, "Read User", err, notFoundHint(err, "No user of the organisation has this email."))
			return
		}
		id = u.ID
	}
	u, err := d.client.GetUser(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Read User", err, notFoundHint(err, "No user of the organisation has this id."))
		return
	}
	m.fill(u)
	m.Status = types.StringValue(userStatus)
	var diags diag.Diagnostics
	m.WorkspaceIDs, diags = workspaceIDsValue(ctx, u.WorkspaceIDs)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
