package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ datasource.DataSourceWithConfigure        = (*workspaceDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*workspaceDataSource)(nil)
)

// NewWorkspaceDataSource returns the portkey_workspace data source.
func NewWorkspaceDataSource() datasource.DataSource { return &workspaceDataSource{} }

type workspaceDataSource struct {
	client *client.Client
}

// The model is workspaceDataModel (workspace_models.go).

func (d *workspaceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace"
}

func (d *workspaceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := workspaceDataAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "The workspace's UUID. Set exactly one of `id`, `slug` and `name`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["slug"] = schema.StringAttribute{
		MarkdownDescription: "The workspace's slug, such as `ws-produc-1a2b3c`. Set exactly one of `id`, `slug` and `name`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["name"] = schema.StringAttribute{
		MarkdownDescription: "The workspace's exact name (case-sensitive, without its icon). Set exactly one of `id`, " +
			"`slug` and `name`; a name that matches no workspace, or several, is an error.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Portkey workspace by its UUID, slug or exact name. A workspace that does not " +
			"exist is an error.",
		Attributes: attrs,
	}
}

// workspaceDataAttributes describes one workspace, every attribute computed;
// both workspace data sources use it.
func workspaceDataAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	return map[string]schema.Attribute{
		"id":          str("The workspace's UUID."),
		"slug":        str("The workspace's slug, such as `ws-produc-1a2b3c`."),
		"name":        str("The workspace's name, without the icon Portkey's API prepends to it."),
		"description": str("The workspace's description; null when it has none."),
		"icon":        str("The workspace's icon (an emoji); null when it has none."),
		"metadata": schema.MapAttribute{
			MarkdownDescription: "The workspace's default metadata (`defaults.metadata`); null when it has none.",
			Computed:            true,
			ElementType:         types.StringType,
		},
		"usage_limits": schema.ListNestedAttribute{
			MarkdownDescription: "The workspace's usage (budget) limits; null when it has none.",
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"type":                str("What the limit counts: `cost` or `tokens`."),
				"credit_limit":        schema.Float64Attribute{MarkdownDescription: "The limit, in dollars or tokens.", Computed: true},
				"alert_threshold":     schema.Float64Attribute{MarkdownDescription: "Usage at which Portkey alerts.", Computed: true},
				"periodic_reset":      str("The calendar reset: `monthly`, `weekly`, or null."),
				"periodic_reset_days": schema.Int64Attribute{MarkdownDescription: "The reset interval in days, or null.", Computed: true},
			}},
		},
		"rate_limits": schema.ListNestedAttribute{
			MarkdownDescription: "The workspace's rate limits; null when it has none.",
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"type":  str("What the limit counts: `requests` or `tokens`."),
				"unit":  str("The window: `rpm`, `rph` or `rpd`."),
				"value": schema.Int64Attribute{MarkdownDescription: "How many the window allows.", Computed: true},
			}},
		},
		"organisation_id": str("The UUID of the workspace's organisation. Portkey's list endpoint does not return it, " +
			"so it is null in `portkey_workspaces`."),
		"is_default": schema.BoolAttribute{MarkdownDescription: "Whether this is the organisation's default workspace.", Computed: true},
		"created_at": str("When the workspace was created (RFC 3339)."),
		"updated_at": str("When the workspace was last changed (RFC 3339)."),
		"status": str("The workspace's status, such as `active` or `archived`. Portkey reports it in its list of " +
			"workspaces only (not when reading one), so `portkey_workspace` looks it up there; null when that list " +
			"does not show the workspace."),
	}
}

func (d *workspaceDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("slug"), path.MatchRoot("name")),
	}
}

func (d *workspaceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *workspaceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg workspaceDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ref, what, status := cfg.ID.ValueString(), "id", ""
	if !cfg.Slug.IsNull() {
		ref, what = cfg.Slug.ValueString(), "slug"
	}
	if !cfg.Name.IsNull() {
		listed, ok := d.byName(ctx, cfg.Name.ValueString(), resp)
		if !ok {
			return
		}
		ref, what, status = listed.ID, "name", listed.Status
	}

	ws, err := d.client.GetWorkspace(ctx, ref)
	if err != nil {
		hint := ""
		if errors.Is(err, client.ErrNotFound) {
			hint = fmt.Sprintf("No workspace has the %s %q.", what, ref)
		}
		addAPIError(&resp.Diagnostics, "Read Workspace", err, hint)
		return
	}
	var state workspaceDataModel
	resp.Diagnostics.Append(state.fill(ctx, ws)...)
	if ws.Status == "" {
		// Portkey's GET of one workspace has no status (API-NOTES.md
		// 11.11); its list items do.
		if status == "" {
			status = listedStatus(ctx, d.client, ws)
		}
		state.Status = wsString(status)
	}
	if !cfg.ID.IsNull() {
		state.ID = cfg.ID // keep the configured value (the API also accepts a slug there)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// listedStatus is a workspace's status as the organisation's list shows it
// (active and archived ones); "" when the list does not show it or cannot be
// read, which leaves status null.
func listedStatus(ctx context.Context, c *client.Client, ws *client.Workspace) string {
	found, err := c.ListWorkspaces(ctx, client.ListWorkspacesOptions{ExactName: ws.PlainName(), Status: "active,archived"})
	if err != nil {
		tflog.Warn(ctx, "Could not list workspaces to read a workspace's status", map[string]any{"id": ws.ID, "error": err.Error()})
		return ""
	}
	for _, item := range found {
		if item.ID == ws.ID {
			return item.Status
		}
	}
	return ""
}

// byName resolves an exact workspace name to its list item; anything but one
// match is an error.
func (d *workspaceDataSource) byName(ctx context.Context, name string, resp *datasource.ReadResponse) (client.Workspace, bool) {
	found, err := d.client.ListWorkspaces(ctx, client.ListWorkspacesOptions{ExactName: name})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Read Workspace", err, "")
		return client.Workspace{}, false
	}
	var matches []client.Workspace
	var ids []string
	for _, ws := range found {
		if ws.PlainName() == name {
			matches = append(matches, ws)
			ids = append(ids, ws.ID)
		}
	}
	switch len(ids) {
	case 1:
		return matches[0], true
	case 0:
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Unable to Read Workspace",
			fmt.Sprintf("No workspace is named %q (names are case-sensitive and exclude the icon).", name))
	default:
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Unable to Read Workspace",
			fmt.Sprintf("%d workspaces are named %q (ids %s). Look the workspace up by id or slug instead.",
				len(ids), name, strings.Join(ids, ", ")))
	}
	return client.Workspace{}, false
}
