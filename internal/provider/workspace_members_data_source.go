package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*workspaceMembersDataSource)(nil)

// NewWorkspaceMembersDataSource lists the members of a workspace.
func NewWorkspaceMembersDataSource() datasource.DataSource { return &workspaceMembersDataSource{} }

type workspaceMembersDataSource struct {
	client *client.Client
}

type workspaceMembersDataSourceModel struct {
	WorkspaceID types.String      `tfsdk:"workspace_id"`
	Role        types.String      `tfsdk:"role"`
	Members     []memberItemModel `tfsdk:"members"`
}

func (d *workspaceMembersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace_members"
}

func (d *workspaceMembersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the members of a workspace, optionally only those with one role. Every page is read.",
		Attributes: map[string]schema.Attribute{
			"workspace_id": workspaceIDAttribute(),
			"role": schema.StringAttribute{
				MarkdownDescription: "Only members with this workspace role: `admin`, `manager` or `member`. Unset lists every role.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(workspaceRoles...)},
			},
			"members": schema.ListNestedAttribute{
				MarkdownDescription: "The members, in the order Portkey lists them (oldest first).",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: memberAttributes()},
			},
		},
	}
}

func (d *workspaceMembersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *workspaceMembersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m workspaceMembersDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	members, err := d.client.ListWorkspaceMembers(ctx, m.WorkspaceID.ValueString(),
		client.ListWorkspaceMembersOptions{Role: m.Role.ValueString()})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Read Workspace Members", err, notFoundHint(err, "The workspace does not exist."))
		return
	}
	m.Members = make([]memberItemModel, len(members))
	for i := range members {
		m.Members[i].fill(&members[i])
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
