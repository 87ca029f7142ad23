package provider

import (
	"context"
	"fmt"

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
	_ list.ListResourceWithConfigure = (*workspaceMemberListResource)(nil)
)

// NewWorkspaceMemberListResource returns the portkey_workspace_member list resource.
func NewWorkspaceMemberListResource() list.ListResource { return &workspaceMemberListResource{} }

type workspaceMemberListResource struct {
	client *client.Client
}

type workspaceMemberListModel struct {
	WorkspaceID types.String `tfsdk:"workspace_id"`
	Role        types.String `tfsdk:"role"`
}

func (r *workspaceMemberListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace_member"
}

func (r *workspaceMemberListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the members of one workspace (every page), optionally only those with one role, each " +
			"with its identity (the workspace's UUID and the user id) and, when asked, the membership as " +
			"`portkey_workspace_member` reads it.",
		Attributes: map[string]schema.Attribute{
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: "The workspace, by UUID or slug. Required. Results name it by its UUID either way, " +
					"as the identity does.",
				Required:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(noSlash, "must be a workspace UUID or slug")},
			},
			"role": schema.StringAttribute{
				MarkdownDescription: "Only members with this workspace role: `admin`, `manager` or `member`. Optional; " +
					"by default every role.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(workspaceRoles...)},
			},
		},
	}
}

func (r *workspaceMemberListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// List reads the workspace once (its UUID is part of every identity, and an
// import by identity writes it into workspace_id, so the listed object names
// the workspace by UUID too), then makes the portkey_workspace_members data
// source's call. Each membership is read with the GET
// portkey_workspace_member reads it with.
func (r *workspaceMemberListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg workspaceMemberListModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	ref := cfg.WorkspaceID.ValueString()
	streamListResults(ctx, req, stream, "Workspace Member", func(ctx context.Context) ([]listedObject, diag.Diagnostics) {
		var diags diag.Diagnostics
		ws, err := r.client.GetWorkspace(ctx, ref)
		if err != nil {
			addAPIError(&diags, "List Workspace Members", err, notFoundHint(err, fmt.Sprintf("No workspace %q: check workspace_id.", ref)))
			return nil, diags
		}
		members, err := r.client.ListWorkspaceMembers(ctx, ref, client.ListWorkspaceMembersOptions{Role: cfg.Role.ValueString()})
		if err != nil {
			addAPIError(&diags, "List Workspace Members", err, "")
			return nil, diags
		}
		wsUUID, wsName := ws.ID, ws.PlainName()
		out := make([]listedObject, len(members))
		for i := range members {
			userID := members[i].ID
			out[i] = listedObject{
				displayName: fmt.Sprintf("%s (%s) in %s", members[i].Email, members[i].Role, wsName),
				identity:    memberIdentity{WorkspaceID: types.StringValue(wsUUID), UserID: types.StringValue(userID)},
				read: func(ctx context.Context) (any, bool, diag.Diagnostics) {
					var diags diag.Diagnostics
					m, err := r.client.GetWorkspaceMember(ctx, wsUUID, userID)
					if err != nil {
						// Gone as portkey_workspace_member decides it: 404, or a confirmed 403.
						if gone, _ := (&workspaceMemberResource{client: r.client}).membershipGone(ctx, err, wsUUID, userID); gone {
							return nil, true, nil
						}
					}
					if err != nil {
						addAPIError(&diags, "Read Workspace Member", err, fmt.Sprintf("User %s was listed as a member of "+
							"workspace %s, but reading the membership failed.", userID, wsUUID))
						return nil, false, diags
					}
					model := workspaceMemberResourceModel{WorkspaceID: types.StringValue(wsUUID), UserID: types.StringValue(userID)}
					model.fill(m)
					return &model, false, nil
				},
			}
		}
		return out, diags
	})
}
