package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*organizationDataSource)(nil)

// NewOrganizationDataSource reads the organisation the API key belongs to.
func NewOrganizationDataSource() datasource.DataSource { return &organizationDataSource{} }

type organizationDataSource struct {
	client *client.Client
}

type organizationDataSourceModel struct {
	ID                 types.String `tfsdk:"id"`
	OwnerUserID        types.String `tfsdk:"owner_user_id"`
	OwnerEmail         emailValue   `tfsdk:"owner_email"`
	DefaultWorkspaceID types.String `tfsdk:"default_workspace_id"`
	UsersCount         types.Int64  `tfsdk:"users_count"`
	WorkspacesCount    types.Int64  `tfsdk:"workspaces_count"`
}

func (d *organizationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization"
}

func (d *organizationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the Portkey organisation the provider's API key belongs to: its id, owner, default " +
			"workspace and counts. The Admin API has no organisation object, so this is assembled from the users and " +
			"workspaces lists: usually two or three requests.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The organisation id (a UUID), as workspaces and API keys carry it in `organisation_id`.",
				Computed:            true,
			},
			"owner_user_id": schema.StringAttribute{
				MarkdownDescription: "The user id (a UUID) of the organisation's owner.",
				Computed:            true,
			},
			"owner_email": schema.StringAttribute{
				MarkdownDescription: "The email address of the organisation's owner.",
				CustomType:          emailType{},
				Computed:            true,
			},
			"default_workspace_id": schema.StringAttribute{
				MarkdownDescription: "The UUID of the default workspace (\"Shared Team Workspace\" unless renamed).",
				Computed:            true,
			},
			"users_count": schema.Int64Attribute{
				MarkdownDescription: "How many users the organisation has (invites not yet accepted are not users).",
				Computed:            true,
			},
			"workspaces_count": schema.Int64Attribute{
				MarkdownDescription: "How many active workspaces the organisation has.",
				Computed:            true,
			},
		},
	}
}

func (d *organizationDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// Read makes as few requests as the API allows:
//   - GET /admin/users (first page of 100): users_count is its total, and the
//     owner, the organisation's first user, is almost always on it; only
//     otherwise GET /admin/users?role=owner&pageSize=1;
//   - GET /admin/workspaces (every page, one for up to 100 workspaces): the
//     count and the default workspace;
//   - GET /admin/workspaces/{default}, only when the list items lack
//     organisation_id (the real API leaves it out of list items).
func (d *organizationDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	const action = "Read Organization"
	var m organizationDataSourceModel

	users, total, err := d.client.ListUsersPage(ctx, client.ListUsersOptions{}, 0)
	if err != nil {
		addAPIError(&resp.Diagnostics, action, err, "")
		return
	}
	m.UsersCount = types.Int64Value(int64(total))
	owner := findOwner(users)
	if owner == nil {
		owners, _, err := d.client.ListUsersPage(ctx, client.ListUsersOptions{Role: client.OrgRoleOwner, PageSize: 1}, 0)
		if err != nil {
			addAPIError(&resp.Diagnostics, action, err, "")
			return
		}
		if owner = findOwner(owners); owner == nil {
			addAPIError(&resp.Diagnostics, action, errors.New("the organisation has no user with the role owner"), "")
			return
		}
	}
	m.OwnerUserID = types.StringValue(owner.ID)
	m.OwnerEmail = newEmailValue(owner.Email)

	workspaces, err := d.client.ListWorkspaces(ctx, client.ListWorkspacesOptions{})
	if err != nil {
		addAPIError(&resp.Diagnostics, action, err, "")
		return
	}
	if len(workspaces) == 0 {
		addAPIError(&resp.Diagnostics, action, errors.New("the API key sees no workspace, so the organisation id is unknown"),
			"Use an organisation Admin API key.")
		return
	}
	m.WorkspacesCount = types.Int64Value(int64(len(workspaces)))
	def := &workspaces[0]
	for i := range workspaces {
		if workspaces[i].IsDefault == 1 {
			def = &workspaces[i]
			break
		}
	}
	m.DefaultWorkspaceID = types.StringValue(def.ID)
	orgID := def.OrganisationID
	if orgID == "" {
		ws, err := d.client.GetWorkspace(ctx, def.ID)
		if err != nil {
			addAPIError(&resp.Diagnostics, action, err, "")
			return
		}
		orgID = ws.OrganisationID
	}
	m.ID = types.StringValue(orgID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func findOwner(users []client.User) *client.User {
	for i := range users {
		if users[i].Role == client.OrgRoleOwner {
			return &users[i]
		}
	}
	return nil
}
