package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ list.ListResourceWithConfigure = (*workspaceListResource)(nil)
)

// NewWorkspaceListResource returns the portkey_workspace list resource.
func NewWorkspaceListResource() list.ListResource { return &workspaceListResource{} }

type workspaceListResource struct {
	client *client.Client
}

type workspaceListModel struct {
	Name   types.String `tfsdk:"name"`
	Status types.String `tfsdk:"status"`
}

func (r *workspaceListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace"
}

func (r *workspaceListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the organisation's workspaces (every page), optionally filtered by name and status, " +
			"each with its identity (the UUID) and, when asked, the workspace as `portkey_workspace` reads it.",
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
		},
	}
}

func (r *workspaceListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// List makes the portkey_workspaces data source's call. Each workspace is
// read with the GET portkey_workspace reads it with: list items lack fields
// (organisation_id) that the resource's state holds.
func (r *workspaceListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg workspaceListModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	streamListResults(ctx, req, stream, "Workspace", func(ctx context.Context) ([]listedObject, diag.Diagnostics) {
		var diags diag.Diagnostics
		found, err := r.client.ListWorkspaces(ctx, client.ListWorkspacesOptions{
			Name: cfg.Name.ValueString(), Status: cfg.Status.ValueString(),
		})
		if err != nil {
			addAPIError(&diags, "List Workspaces", err, "")
			return nil, diags
		}
		out := make([]listedObject, len(found))
		for i := range found {
			id := found[i].ID
			out[i] = listedObject{
				displayName: fmt.Sprintf("%s (%s)", found[i].PlainName(), found[i].Slug),
				identity:    newIDIdentity(id),
				read: func(ctx context.Context) (any, bool, diag.Diagnostics) {
					var diags diag.Diagnostics
					ws, err := r.client.GetWorkspace(ctx, id)
					if gone, _ := workspaceReadGone(ctx, r.client, id, err); gone {
						return nil, true, nil
					}
					if err != nil {
						addAPIError(&diags, "Read Workspace", err, fmt.Sprintf("The workspace %s was listed, but reading it failed.", id))
						return nil, false, diags
					}
					// force_destroy is in state only: false, as after an import.
					m := workspaceResourceModel{ForceDestroy: types.BoolValue(false)}
					diags.Append(m.fill(ctx, ws)...)
					return &m, false, diags
				},
			}
		}
		return out, diags
	})
}

// workspaceReadGone tells whether a failed read of a listed workspace means
// it was deleted since: 404, or the 403 Portkey answers for a deleted
// workspace once workspaceGone confirms it, as portkey_workspace decides.
func workspaceReadGone(ctx context.Context, c *client.Client, id string, err error) (bool, error) {
	switch {
	case err == nil:
		return false, nil
	case errors.Is(err, client.ErrNotFound):
		return true, nil
	case errors.Is(err, client.ErrForbidden):
		return workspaceGone(ctx, c, id)
	}
	return false, nil
}
