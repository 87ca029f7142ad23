package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ resource.ResourceWithConfigure   = (*guardrailExclusionResource)(nil)
	_ resource.ResourceWithImportState = (*guardrailExclusionResource)(nil)
	_ resource.ResourceWithIdentity    = (*guardrailExclusionResource)(nil)
)

// NewOrganizationGuardrailExclusionResource excludes one workspace from the
// organisation's default guardrails of one direction.
//
// Exclusions are a resource of their own rather than attributes of
// portkey_organization: they are separate endpoints with their own scopes
// (organisation_exclusions.*, on plans that have them), so managing the
// defaults never needs them and a plan of portkey_organization stays one
// request; the API merges exclusions workspace by workspace, so each
// exclusion can live beside its workspace (in the workspace's module) and
// leave the exclusions Terraform does not manage alone; and a workspace's
// exclusion is destroyed before the workspace, by Terraform's ordering.
func NewOrganizationGuardrailExclusionResource() resource.Resource {
	return &guardrailExclusionResource{}
}

type guardrailExclusionResource struct {
	client *client.Client
	settle settler
}

type guardrailExclusionModel struct {
	ID             types.String `tfsdk:"id"`
	Direction      types.String `tfsdk:"direction"`
	WorkspaceID    types.String `tfsdk:"workspace_id"`
	OrganisationID types.String `tfsdk:"organisation_id"`
}

// exclusionIdentity identifies an exclusion: its direction and the
// workspace's UUID.
type exclusionIdentity struct {
	Direction   types.String `tfsdk:"direction"`
	WorkspaceID types.String `tfsdk:"workspace_id"`
}

// privateWorkspaceSlugKey holds the excluded workspace's slug, so that
// workspace_id may switch between the UUID and the slug without a change.
const privateWorkspaceSlugKey = "workspace_slug"

func (r *guardrailExclusionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_guardrail_exclusion"
}

func (r *guardrailExclusionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Excludes one workspace from the organisation's default input or output guardrails (see " +
			"`portkey_organization`): requests in that workspace no longer go through them. Destroying it brings the " +
			"workspace back under them. Exclusions made outside Terraform, for other workspaces, are left alone.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<direction>/<workspace UUID>`, e.g. `output/6e5a9f93-ae3a-46b4-a87d-2464d373ef7e`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"direction": schema.StringAttribute{
				MarkdownDescription: "Which default guardrails the workspace is excluded from: `input` (those that check " +
					"requests) or `output` (those that check responses). To exclude a workspace from both, declare two " +
					"resources. Changing this forces a new resource.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(client.GuardrailDirectionInput, client.GuardrailDirectionOutput)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: "The workspace to exclude, by UUID or slug. Switching between the UUID and the slug " +
					"of the same workspace is an in-place change; naming another workspace forces a new resource.",
				Required:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(noSlash, "must be a workspace UUID or slug")},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.RequiresReplaceIf(anotherWorkspace, "Naming another workspace forces a new resource.",
						"Naming another workspace forces a new resource."),
				},
			},
			"organisation_id": schema.StringAttribute{
				MarkdownDescription: "The organisation's id (a UUID), which the exclusion endpoints take.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

// anotherWorkspace replaces the exclusion unless the configured workspace_id
// names the same workspace as the state: its UUID (in id) or its slug.
func anotherWorkspace(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	if req.StateValue.IsNull() || req.ConfigValue.IsUnknown() {
		resp.RequiresReplace = true
		return
	}
	var id types.String
	resp.Diagnostics = append(resp.Diagnostics, req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	slug, _ := req.Private.GetKey(ctx, privateWorkspaceSlugKey)
	_, uuid, err := parseExclusionID(id.ValueString())
	cfg := req.ConfigValue.ValueString()
	same := err == nil && (strings.EqualFold(cfg, uuid) || (len(slug) > 2 && `"`+cfg+`"` == string(slug)))
	resp.RequiresReplace = !same
}

// IdentitySchema: an exclusion is identified by exclusionIdentity.
func (r *guardrailExclusionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"direction": identityschema.StringAttribute{RequiredForImport: true, Description: "input or output."},
		"workspace_id": identityschema.StringAttribute{
			RequiredForImport: true,
			Description:       "The workspace's UUID (also when the configuration names the workspace by its slug).",
		},
	}}
}

func (r *guardrailExclusionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.settle = settlerFrom(req.ProviderData)
}

// Create reads the workspace (its UUID and organisation), excludes it, and
// waits until the exclusions list shows it.
func (r *guardrailExclusionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan guardrailExclusionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	const action = "Create Organization Guardrail Exclusion"
	ws, orgID, err := r.workspace(ctx, plan.WorkspaceID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, action, err, notFoundOrGoneHint(err, "No workspace "+plan.WorkspaceID.ValueString()+
			" exists in the organisation: check workspace_id."))
		return
	}
	dir := plan.Direction.ValueString()
	if err := r.client.UpdateWorkspaceExclusions(ctx, dir, client.UpdateWorkspaceExclusionsRequest{
		OrganisationID: orgID, Workspaces: []client.WorkspaceExclusion{{WorkspaceID: ws.ID, Excluded: true}},
	}); err != nil {
		addAPIError(&resp.Diagnostics, action, err, exclusionsAccessHint(err))
		return
	}
	if _, settled, err := awaitRead(ctx, r.settle, r.lister(dir, orgID), func(ids []string) bool { return slices.Contains(ids, ws.ID) }); err != nil {
		tflog.Warn(ctx, "The exclusion was made but the exclusions list could not be read back", map[string]any{"error": err.Error()})
	} else if !settled {
		tflog.Warn(ctx, "The exclusions list does not show the new exclusion yet; the next refresh checks it again", map[string]any{"workspace": ws.ID})
	}
	plan.ID = types.StringValue(exclusionID(dir, ws.ID))
	plan.OrganisationID = types.StringValue(orgID)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateWorkspaceSlugKey, []byte(fmt.Sprintf("%q", ws.Slug)))...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, exclusionIdentity{Direction: plan.Direction, WorkspaceID: types.StringValue(ws.ID)})...)
}

// Read makes one request: the direction's exclusions list. An exclusion no
// longer listed (undone outside Terraform, or its workspace deleted) is
// removed from state.
func (r *guardrailExclusionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state guardrailExclusionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dir, wsID, err := parseExclusionID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Unable to Read Organization Guardrail Exclusion", err.Error())
		return
	}
	identity := exclusionIdentity{Direction: types.StringValue(dir), WorkspaceID: types.StringValue(wsID)}
	ids, err := r.client.ListWorkspaceExclusions(ctx, dir, state.OrganisationID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "Read Organization Guardrail Exclusion", err, exclusionsAccessHint(err))
		return
	}
	if !containsFold(ids, wsID) {
		tflog.Warn(ctx, "The workspace is no longer excluded; removing the exclusion from state", map[string]any{"id": state.ID.ValueString()})
		removeResource(ctx, resp, identity)
		return
	}
	state.Direction = types.StringValue(dir)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, identity)...)
}

// Update only ever respells workspace_id (the UUID for the slug of the same
// workspace, or the reverse): nothing changes in Portkey.
func (r *guardrailExclusionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state guardrailExclusionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID, plan.OrganisationID = state.ID, state.OrganisationID
	dir, wsID, err := parseExclusionID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Unable to Update Organization Guardrail Exclusion", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, exclusionIdentity{Direction: types.StringValue(dir), WorkspaceID: types.StringValue(wsID)})...)
}

// Delete brings the workspace back under the default guardrails. When that
// fails (say the workspace was deleted meanwhile), a list without the
// workspace means there is nothing left to undo.
func (r *guardrailExclusionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state guardrailExclusionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dir, wsID, err := parseExclusionID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Unable to Delete Organization Guardrail Exclusion", err.Error())
		return
	}
	orgID := state.OrganisationID.ValueString()
	err = r.client.UpdateWorkspaceExclusions(ctx, dir, client.UpdateWorkspaceExclusionsRequest{
		OrganisationID: orgID, Workspaces: []client.WorkspaceExclusion{{WorkspaceID: wsID, Excluded: false}},
	})
	if err == nil {
		return
	}
	if ids, listErr := r.client.ListWorkspaceExclusions(ctx, dir, orgID); listErr == nil && !containsFold(ids, wsID) {
		return
	}
	addAPIError(&resp.Diagnostics, "Delete Organization Guardrail Exclusion", err, exclusionsAccessHint(err))
}

// ImportState takes "<direction>/<workspace UUID or slug>", or an identity.
func (r *guardrailExclusionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	const action = "Import Organization Guardrail Exclusion"
	id := strings.TrimSpace(req.ID)
	if id == "" && req.Identity != nil {
		var ident exclusionIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...)
		id = exclusionID(ident.Direction.ValueString(), ident.WorkspaceID.ValueString())
	}
	dir, ref, err := parseExclusionID(id)
	if err != nil {
		resp.Diagnostics.AddError("Unable to "+action, err.Error())
		return
	}
	ws, orgID, err := r.workspace(ctx, ref)
	if err != nil {
		addAPIError(&resp.Diagnostics, action, err, notFoundOrGoneHint(err, "No workspace "+ref+" exists in the organisation."))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), exclusionID(dir, ws.ID))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("direction"), dir)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("workspace_id"), ref)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("organisation_id"), orgID)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateWorkspaceSlugKey, []byte(fmt.Sprintf("%q", ws.Slug)))...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, exclusionIdentity{Direction: types.StringValue(dir), WorkspaceID: types.StringValue(ws.ID)})...)
}

// workspace reads the workspace a reference names, and its organisation id.
func (r *guardrailExclusionResource) workspace(ctx context.Context, ref string) (*client.Workspace, string, error) {
	ws, err := r.client.GetWorkspace(ctx, ref)
	if err != nil {
		return nil, "", err
	}
	if ws.OrganisationID != "" {
		return ws, ws.OrganisationID, nil
	}
	orgID, err := lookupOrganisationID(ctx, r.client)
	return ws, orgID, err
}

func (r *guardrailExclusionResource) lister(dir, orgID string) func(context.Context) ([]string, error) {
	return func(ctx context.Context) ([]string, error) { return r.client.ListWorkspaceExclusions(ctx, dir, orgID) }
}

func containsFold(ids []string, id string) bool {
	return slices.ContainsFunc(ids, func(s string) bool { return strings.EqualFold(s, id) })
}

// exclusionsAccessHint explains a 403 or 404 from the exclusion endpoints.
func exclusionsAccessHint(err error) string {
	switch {
	case errors.Is(err, client.ErrForbidden):
		return "Workspace exclusions need an organisation Admin API key with the organisation_exclusions.list and " +
			"organisation_exclusions.update scopes, on a plan that includes organisation guardrails (Portkey answers " +
			"403 otherwise). A workspace deleted outside Terraform also answers 403: run terraform plan again."
	case errors.Is(err, client.ErrNotFound):
		return "This Portkey control plane has no /workspace-exclusions endpoints: upgrade a self-hosted control plane, " +
			"or check the provider's base_url."
	}
	return ""
}

// notFoundOrGoneHint is hint for a workspace that answered 404, or 403 (as a
// deleted workspace does).
func notFoundOrGoneHint(err error, hint string) string {
	if errors.Is(err, client.ErrNotFound) || errors.Is(err, client.ErrForbidden) {
		return hint
	}
	return ""
}
