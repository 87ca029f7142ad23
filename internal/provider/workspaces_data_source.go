package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*workspacesDataSource)(nil)

// NewWorkspacesDataSource returns the portkey_workspaces data source.
func NewWorkspacesDataSource() datasource.DataSource { return &workspacesDataSource{} }

type workspacesDataSource struct {
	client *client.Client
}

type workspacesDataSourceModel struct {
	Name       types.String         `tfsdk:"name"`
	Status     types.String         `tfsdk:"status"`
	Workspaces []workspaceDataModel `tfsdk:"workspaces"`
}

func (d *workspacesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspaces"
}

func (d *workspacesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the organisation's Portkey workspaces, reading every page, optionally filtered by " +
			"name and status.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				MarkdownDescription: "Only workspaces whose name contains this text (case-sensitive). Optional; by " +
					"default every name matches.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only workspaces with this status: `active`, `archived`, or both as " +
					"`\"active,archived\"` (only owners' and admins' keys see archived workspaces). Optional; by default " +
					"Portkey's own default applies (active workspaces).",
				Optional: true,
				Validators: []validator.String{stringvalidator.RegexMatches(
					regexp.MustCompile(`^(active|archived)(,(active|archived))*$`),
					`must be "active", "archived" or "active,archived"`)},
			},
			"workspaces": schema.ListNestedAttribute{
				MarkdownDescription: "The matching workspaces, in creation order.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: workspaceDataAttributes()},
			},
		},
	}
}

func (d *workspacesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *workspacesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state workspacesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, err := d.client.ListWorkspaces(ctx, client.ListWorkspacesOptions{
		Name: state.Name.ValueString(), Status: state.Status.ValueString(),
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "List Workspaces", err, "")
		return
	}
	state.Workspaces = make([]workspaceDataModel, len(found))
	for i := range found {
		resp.Diagnostics.Append(state.Workspaces[i].fill(ctx, &found[i])...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
