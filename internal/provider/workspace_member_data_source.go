package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ datasource.DataSourceWithConfigure        = (*workspaceMemberDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*workspaceMemberDataSource)(nil)
)

// NewWorkspaceMemberDataSource reads one member of a workspace.
func NewWorkspaceMemberDataSource() datasource.DataSource { return &workspaceMemberDataSource{} }

type workspaceMemberDataSource struct {
	client *client.Client
}

type workspaceMemberDataSourceModel struct {
	ID          types.String `tfsdk:"id"`
	WorkspaceID types.String `tfsdk:"workspace_id"`
	memberItemModel
}

// memberItemModel is a membership as the member data sources show it; the
// items of portkey_workspace_members have exactly these attributes.
type memberItemModel struct {
	UserID types.String `tfsdk:"user_id"`
	memberFields
	Status    types.String `tfsdk:"status"`
	UpdatedAt types.String `tfsdk:"updated_at"`
}

func (m *memberItemModel) fill(api *client.WorkspaceMember) {
	m.UserID = types.StringValue(api.ID)
	m.memberFields.fill(api)
	m.Status = types.StringValue(api.Status)
	m.UpdatedAt = types.StringPointerValue(api.LastUpdatedAt)
}

// memberAttributes are the data source attributes of a membership.
func memberAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"user_id": schema.StringAttribute{MarkdownDescription: "The member's user id (a UUID).", Computed: true},
		"email": schema.StringAttribute{
			MarkdownDescription: "The member's email address.",
			CustomType:          emailType{},
			Computed:            true,
		},
		"first_name": schema.StringAttribute{MarkdownDescription: "The member's first name.", Computed: true},
		"last_name":  schema.StringAttribute{MarkdownDescription: "The member's last name.", Computed: true},
		"role": schema.StringAttribute{
			MarkdownDescription: "The member's workspace role: `admin`, `manager` or `member`.",
			Computed:            true,
		},
		"org_role": schema.StringAttribute{
			MarkdownDescription: "The member's organisation role: `owner`, `admin` or `member`.",
			Computed:            true,
		},
		"status": schema.StringAttribute{
			MarkdownDescription: "The membership status as Portkey reports it (`active`).",
			Computed:            true,
		},
		"created_at": schema.StringAttribute{
			MarkdownDescription: "When the user was added to the workspace (RFC 3339).",
			Computed:            true,
		},
		"updated_at": schema.StringAttribute{
			MarkdownDescription: "When the membership was last modified (RFC 3339).",
			Computed:            true,
		},
	}
}

func workspaceIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "The workspace, by UUID or slug.",
		Required:            true,
		Validators:          []validator.String{stringvalidator.RegexMatches(noSlash, "must be a workspace UUID or slug")},
	}
}

func (d *workspaceMemberDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace_member"
}

func (d *workspaceMemberDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := memberAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "`<workspace_id>/<user_id>`, the ID `portkey_workspace_member` would have.",
		Computed:            true,
	}
	attrs["workspace_id"] = workspaceIDAttribute()
	attrs["user_id"] = schema.StringAttribute{
		MarkdownDescription: "The user id (a UUID) of the member to read. Exactly one of `user_id` and `email` must be set.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{stringvalidator.RegexMatches(noSlash, "must be a user id")},
	}
	attrs["email"] = schema.StringAttribute{
		MarkdownDescription: "The email of the member to read, matched ignoring case. Exactly one of `user_id` and " +
			"`email` must be set.",
		CustomType: emailType{},
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{emailValidator{}},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one member of a workspace by user id or email. A user who is not a member of the " +
			"workspace is an error.",
		Attributes: attrs,
	}
}

func (d *workspaceMemberDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *workspaceMemberDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("user_id"), path.MatchRoot("email")),
	}
}

func (d *workspaceMemberDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m workspaceMemberDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ws := m.WorkspaceID.ValueString()
	var (
		member *client.WorkspaceMember
		err    error
	)
	if m.UserID.IsNull() {
		member, err = d.client.FindWorkspaceMemberByEmail(ctx, ws, m.Email.ValueString())
	} else {
		member, err = d.client.GetWorkspaceMember(ctx, ws, m.UserID.ValueString())
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Read Workspace Member", err,
			notFoundHint(err, "The workspace does not exist, or the user is not a member of it."))
		return
	}
	m.fill(member)
	m.ID = types.StringValue(memberID(ws, member.ID))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
