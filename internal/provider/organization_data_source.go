package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

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
	InputGuardrails    types.List   `tfsdk:"input_guardrails"`
	OutputGuardrails   types.List   `tfsdk:"output_guardrails"`
}

// guardrailRefType is a guardrail as the organisation defaults name it.
var guardrailRefType = types.ObjectType{AttrTypes: map[string]attr.Type{"id": types.StringType, "slug": types.StringType}}

func (d *organizationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization"
}

func (d *organizationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the Portkey organisation the provider's API key belongs to: its id, owner, default " +
			"workspace, counts and default guardrails. The Admin API has no organisation object, so this is assembled " +
			"from the users and workspaces lists and the organisation defaults: usually three or four requests.",
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
			"input_guardrails":  guardrailRefsAttribute("input", "requests"),
			"output_guardrails": guardrailRefsAttribute("output", "responses"),
		},
	}
}

func guardrailRefsAttribute(direction, checks string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: "The organisation's default " + direction + " guardrails, which check the " + checks + " of " +
			"every workspace not excluded from them, in Portkey's order (see `portkey_organization` to manage them). " +
			"Empty when there are none; null when the API key may not read them (Portkey answered 403 or 404: the key " +
			"lacks the `organisation_settings.read` scope, or the organisation's plan or Portkey version has no " +
			"organisation defaults).",
		Computed: true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"id":   schema.StringAttribute{MarkdownDescription: "The guardrail's id (a UUID).", Computed: true},
			"slug": schema.StringAttribute{MarkdownDescription: "The guardrail's slug.", Computed: true},
		}},
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
//     organisation_id (the real API leaves it out of list items);
//   - GET /admin/organisation/defaults: the default guardrails.
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
	m.WorkspacesCount = types.Int64Value(int64(len(workspaces)))
	if def := defaultWorkspace(workspaces); def != nil {
		m.DefaultWorkspaceID = types.StringValue(def.ID)
	}
	orgID, err := organisationIDOf(ctx, d.client, workspaces)
	if err != nil {
		addAPIError(&resp.Diagnostics, action, err, organisationLookupHint(err))
		return
	}
	m.ID = types.StringValue(orgID)
	m.InputGuardrails, m.OutputGuardrails = types.ListNull(guardrailRefType), types.ListNull(guardrailRefType)
	defaults, err := d.client.GetOrganisationDefaults(ctx)
	switch {
	case errors.Is(err, client.ErrForbidden) || errors.Is(err, client.ErrNotFound):
		tflog.Warn(ctx, "The API key may not read the organisation's default guardrails; they are left null", map[string]any{"error": err.Error()})
	case err != nil:
		addAPIError(&resp.Diagnostics, action, err, "")
		return
	default:
		var diags diag.Diagnostics
		m.InputGuardrails, diags = guardrailRefsValue(defaults.InputGuardrails)
		resp.Diagnostics.Append(diags...)
		m.OutputGuardrails, diags = guardrailRefsValue(defaults.OutputGuardrails)
		resp.Diagnostics.Append(diags...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// guardrailRefsValue is a defaults list as a list of {id, slug} objects.
func guardrailRefsValue(refs []client.GuardrailRef) (types.List, diag.Diagnostics) {
	elems := make([]attr.Value, 0, len(refs))
	var diags diag.Diagnostics
	for _, r := range refs {
		obj, d := types.ObjectValue(guardrailRefType.AttrTypes, map[string]attr.Value{
			"id": types.StringValue(r.ID), "slug": types.StringValue(r.Slug),
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	list, d := types.ListValue(guardrailRefType, elems)
	diags.Append(d...)
	return list, diags
}

func findOwner(users []client.User) *client.User {
	for i := range users {
		if users[i].Role == client.OrgRoleOwner {
			return &users[i]
		}
	}
	return nil
}
