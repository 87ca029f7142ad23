package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*usersDataSource)(nil)

// NewUsersDataSource lists the organisation's users.
func NewUsersDataSource() datasource.DataSource { return &usersDataSource{} }

type usersDataSource struct {
	client *client.Client
}

type usersDataSourceModel struct {
	Role     types.String    `tfsdk:"role"`
	Email    emailValue      `tfsdk:"email"`
	PageSize types.Int64     `tfsdk:"page_size"`
	Total    types.Int64     `tfsdk:"total"`
	Users    []userItemModel `tfsdk:"users"`
}

type userItemModel struct {
	userFields
	Status types.String `tfsdk:"status"`
}

func (d *usersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_users"
}

func (d *usersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the users of the organisation, optionally filtered by role or email. Every page is " +
			"read.",
		Attributes: map[string]schema.Attribute{
			"role": schema.StringAttribute{
				MarkdownDescription: "Only users with this organisation role: `owner`, `admin` or `member`. Unset lists every role.",
				Optional:            true,
				Validators: []validator.String{stringvalidator.OneOf(
					client.OrgRoleOwner, client.OrgRoleAdmin, client.OrgRoleMember)},
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "Only the user with this email, matched ignoring case. Unset lists every user.",
				CustomType:          emailType{},
				Optional:            true,
				Validators:          []validator.String{emailValidator{}},
			},
			"page_size": schema.Int64Attribute{
				MarkdownDescription: "How many users to ask for per request, from 1 to 100; defaults to 100. Every " +
					"page is read whatever the size, so this only trades request count for request size (it is kept " +
					"for compatibility with Portkey's official provider, where it limited the result).",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, 100)},
			},
			"total": schema.Int64Attribute{
				MarkdownDescription: "The number of users listed.",
				Computed:            true,
			},
			"users": schema.ListNestedAttribute{
				MarkdownDescription: "The users, in the order Portkey lists them (oldest first).",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: userAttributes()},
			},
		},
	}
}

func (d *usersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *usersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m usersDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	email := m.Email.ValueString()
	users, err := d.client.ListUsers(ctx, client.ListUsersOptions{
		Role: m.Role.ValueString(), Email: email, PageSize: int(m.PageSize.ValueInt64()),
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Read Users", err, "")
		return
	}
	m.Users = make([]userItemModel, 0, len(users))
	for i := range users {
		// The email filter is exact, whatever matching the API does.
		if email != "" && !strings.EqualFold(users[i].Email, email) {
			continue
		}
		var item userItemModel
		item.fill(&users[i])
		item.Status = types.StringValue(userStatus)
		m.Users = append(m.Users, item)
	}
	m.Total = types.Int64Value(int64(len(m.Users)))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
