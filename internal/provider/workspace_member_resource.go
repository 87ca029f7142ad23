package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ resource.ResourceWithConfigure   = (*workspaceMemberResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*workspaceMemberResource)(nil)
	_ resource.ResourceWithImportState = (*workspaceMemberResource)(nil)
	_ resource.ResourceWithIdentity    = (*workspaceMemberResource)(nil)
	_ resource.ResourceWithMoveState   = (*workspaceMemberResource)(nil)
)

// NewWorkspaceMemberResource manages one user's role in one workspace.
func NewWorkspaceMemberResource() resource.Resource { return &workspaceMemberResource{} }

type workspaceMemberResource struct {
	client *client.Client
	settle settler
}

// memberFields are the attributes a membership read fills, shared by this
// resource and the member data sources; fill is their one conversion.
type memberFields struct {
	Role      types.String `tfsdk:"role"`
	Email     emailValue   `tfsdk:"email"`
	FirstName types.String `tfsdk:"first_name"`
	LastName  types.String `tfsdk:"last_name"`
	OrgRole   types.String `tfsdk:"org_role"`
	CreatedAt types.String `tfsdk:"created_at"`
}

type workspaceMemberResourceModel struct {
	ID          types.String `tfsdk:"id"`
	WorkspaceID types.String `tfsdk:"workspace_id"`
	UserID      types.String `tfsdk:"user_id"`
	memberFields
}

// memberIdentity identifies a membership (identity.go): the workspace by its
// UUID, however workspace_id names it, and the user id.
type memberIdentity struct {
	WorkspaceID types.String `tfsdk:"workspace_id"`
	UserID      types.String `tfsdk:"user_id"`
}

// noSlash matches a non-empty identifier without "/", the separator of composite IDs.
var noSlash = regexp.MustCompile(`^[^/]+$`)

var workspaceRoles = []string{client.WorkspaceRoleAdmin, client.WorkspaceRoleManager, client.WorkspaceRoleMember}

func (r *workspaceMemberResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace_member"
}

func (r *workspaceMemberResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages one organisation user's membership and role in one workspace. The user must " +
			"already belong to the organisation (see `portkey_user_invite`). Organisation owners and admins act as " +
			"admins in every workspace whether or not they are members.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<workspace_id>/<user_id>`, with `workspace_id` exactly as configured.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: "The workspace, by UUID or slug. The value is kept as written (a slug stays a slug). " +
					"Changing this forces a new resource, unless the new value names the same workspace the other way " +
					"(its UUID instead of its slug, or back).",
				Required:   true,
				Validators: []validator.String{stringvalidator.RegexMatches(noSlash, "must be a workspace UUID or slug")},
				// RequiresReplace is decided in ModifyPlan, which knows a UUID and a slug of one workspace.
			},
			"user_id": schema.StringAttribute{
				MarkdownDescription: "The id (a UUID) of the organisation user to add. Changing this forces a new resource.",
				Required:            true,
				Validators:          []validator.String{userIDValidator{}},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"role": schema.StringAttribute{
				MarkdownDescription: "The user's role in the workspace: `admin`, `manager` or `member`. Changed in place. " +
					"Portkey makes the organisation owner an admin in every workspace whatever role is asked for, so for " +
					"the owner any other role is refused at plan time; an organisation admin whom Portkey was seen to " +
					"make admin the same way is refused too. Where that is only learnt at apply, the configured role " +
					"is kept in state with a warning, and the next plan refuses it.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(workspaceRoles...)},
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "The user's email address.",
				CustomType:          emailType{},
				Computed:            true,
				PlanModifiers:       keep,
			},
			"first_name": schema.StringAttribute{
				MarkdownDescription: "The user's first name.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"last_name": schema.StringAttribute{
				MarkdownDescription: "The user's last name.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"org_role": schema.StringAttribute{
				MarkdownDescription: "The user's organisation role: `owner`, `admin` or `member`. It is not kept from " +
					"state on an update, because a `portkey_user` in the same apply may change it.",
				Computed: true,
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the user was added to the workspace (RFC 3339).",
				Computed:            true,
				PlanModifiers:       keep,
			},
		},
	}
}

// IdentitySchema: a membership is identified by memberIdentity.
func (r *workspaceMemberResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"workspace_id": identityschema.StringAttribute{
			RequiredForImport: true,
			Description:       "The workspace's UUID (also when the configuration names the workspace by its slug).",
		},
		"user_id": identityschema.StringAttribute{RequiredForImport: true, Description: "The user's id."},
	}}
}

func (r *workspaceMemberResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.settle = settlerFrom(req.ProviderData)
}

// ModifyPlan refuses a role Portkey would not keep (refuseForcedRole), and
// decides whether a change of workspace_id replaces the membership: it does,
// unless the new value names the same workspace the other way (its UUID
// instead of its slug, or back), as after an import that wrote it
// differently. Then the plan updates in place, which only rewrites
// workspace_id and id in state. The check costs one GET, and only when
// workspace_id changes.
func (r *workspaceMemberResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	r.refuseForcedRole(ctx, req, resp)
	if req.State.Raw.IsNull() || resp.Diagnostics.HasError() {
		return
	}
	var planWS, stateWS types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("workspace_id"), &planWS)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("workspace_id"), &stateWS)...)
	if resp.Diagnostics.HasError() || planWS.Equal(stateWS) {
		return // the usual case, decided without reading the whole models
	}
	var plan, state workspaceMemberResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.client != nil && !plan.WorkspaceID.IsUnknown() && plan.UserID.Equal(state.UserID) {
		ws, err := r.client.GetWorkspace(ctx, plan.WorkspaceID.ValueString())
		if err == nil && (ws.ID == state.WorkspaceID.ValueString() || ws.Slug == state.WorkspaceID.ValueString()) {
			plan.ID = types.StringValue(memberID(plan.WorkspaceID.ValueString(), plan.UserID.ValueString()))
			resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
			return
		}
	}
	resp.RequiresReplace.Append(path.Root("workspace_id"))
}

func (r *workspaceMemberResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan workspaceMemberResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ws, user, role := plan.WorkspaceID.ValueString(), plan.UserID.ValueString(), plan.Role.ValueString()

	// member is set when the membership was read while reconciling.
	member, _, err := createRecovery[*client.WorkspaceMember]{
		client: r.client, what: "the membership " + memberID(ws, user),
		send: func(ctx context.Context) (*client.WorkspaceMember, error) {
			return nil, r.client.AddWorkspaceMembers(ctx, ws, client.AddWorkspaceMembersRequest{
				Users: []client.WorkspaceMemberInput{{ID: user, Role: role}},
			})
		},
		find: func(ctx context.Context, _ time.Time) (*client.WorkspaceMember, bool, error) {
			// Portkey's reads may not show a new membership yet: look until
			// they do, within the settle timeout.
			m, _, err := settle(ctx, r.settle, func(ctx context.Context) (*client.WorkspaceMember, error) {
				return r.client.GetWorkspaceMember(ctx, ws, user)
			}, settledFound)
			switch {
			case isNotFound(err):
				return nil, false, nil
			case err != nil:
				return nil, false, err
			}
			return m, true, nil
		},
	}.run(ctx)
	switch {
	case err == nil:
	case errors.Is(err, client.ErrConflict):
		resp.Diagnostics.AddError("Unable to Create Workspace Member", fmt.Sprintf(
			"User %[2]s is already a member of workspace %[1]s; import it with: terraform import "+
				"portkey_workspace_member.<name> %[1]s/%[2]s", ws, user))
		return
	case errors.Is(err, client.ErrForbidden):
		// Portkey answers 403 for a deleted workspace: say which it is.
		if gone, goneErr := workspaceGone(ctx, r.client, ws); goneErr == nil && gone {
			addAPIErrorOwnHint(&resp.Diagnostics, "Create Workspace Member", err, fmt.Sprintf("Workspace %q is not "+
				"among the organisation's workspaces: it was most likely deleted (Portkey answers 403, not 404, for a "+
				"deleted workspace). Set workspace_id to an existing workspace.", ws))
			return
		}
		addAPIError(&resp.Diagnostics, "Create Workspace Member", err, "")
		return
	default:
		addCreateError(&resp.Diagnostics, "Create Workspace Member", fmt.Sprintf("the membership of user %s in workspace %s", user, ws),
			err, notFoundHint(err, "Check that workspace_id names an existing workspace and user_id a user of the "+
				"organisation: users join through invites (portkey_user_invite)."))
		return
	}

	plan.ID = types.StringValue(memberID(ws, user))
	for attr, v := range map[string]types.String{"id": plan.ID, "workspace_id": plan.WorkspaceID, "user_id": plan.UserID} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), v)...)
	}
	if member != nil && member.Role != role {
		if err := r.client.UpdateWorkspaceMember(ctx, ws, user, client.UpdateWorkspaceMemberRequest{Role: &role}); err != nil {
			addAPIError(&resp.Diagnostics, "Create Workspace Member", err, "The membership exists; setting its role failed.")
			return
		}
		member = nil
	}
	if member == nil {
		// Portkey's reads may not show the new membership (or its new role)
		// yet: wait until they show it with the role asked for, or with the
		// admin role Portkey gives organisation owners and admins.
		m, settled, err := settle(ctx, r.settle, func(ctx context.Context) (*client.WorkspaceMember, error) {
			return r.client.GetWorkspaceMember(ctx, ws, user)
		}, func(m *client.WorkspaceMember, err error) bool {
			if err != nil {
				return !isNotFound(err)
			}
			return m.Role == role || adminForOrgRole(m)
		})
		switch {
		case !settled:
			var last any
			mark := settleMark{Created: true}
			if err == nil { // found, with the role from before it was set
				found := &workspaceMemberResourceModel{ID: plan.ID, WorkspaceID: plan.WorkspaceID, UserID: plan.UserID}
				found.fill(m)
				last, mark = found, settleMark{Updated: true, Version: memberVersion(m)}
			}
			setTrustedState(ctx, req.Plan, last, &resp.State, &resp.Diagnostics, r.settle, "the membership "+plan.ID.ValueString())
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), plan.ID)...)
			resp.Diagnostics.Append(setSettleMark(ctx, resp.Private, mark)...)
			resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, memberIdentity{WorkspaceID: plan.WorkspaceID, UserID: plan.UserID})...)
			return
		case err != nil:
			addAPIError(&resp.Diagnostics, "Create Workspace Member", err, "The user was added; reading the membership back failed.")
			return
		}
		member = m
	}
	plan.fill(member)
	keepRequestedRole(ctx, &plan, role, member, resp.Private, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateMemberVersion, jsonString(memberVersion(member)))...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	r.setIdentity(ctx, resp.Identity, member, &plan, &resp.Diagnostics)
}

func (r *workspaceMemberResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state workspaceMemberResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ws, user := state.WorkspaceID.ValueString(), state.UserID.ValueString()
	m, err := r.client.ReadWorkspaceMember(ctx, ws, user)
	if err == nil && m.FromListing && listingPredatesState(memberVersion(m), privateString(ctx, req.Private, privateMemberVersion)) {
		m, err = r.client.GetWorkspaceMember(ctx, ws, user) // the listing trails the state (bulk_reads.go)
	}
	if readPredatesWrite(ctx, req, resp, err, memberVersion(m), "the membership "+state.ID.ValueString(),
		memberIdentity{WorkspaceID: state.WorkspaceID, UserID: state.UserID}) {
		return
	}
	if err != nil {
		gone, goneErr := r.membershipGone(ctx, err, ws, user)
		if gone {
			tflog.Info(ctx, "The membership no longer exists; removing it from state", map[string]any{"id": state.ID.ValueString()})
			// Without a prior identity, the one removed with the state names the workspace as configured.
			removeResource(ctx, resp, memberIdentity{WorkspaceID: state.WorkspaceID, UserID: state.UserID})
			return
		}
		addAPIError(&resp.Diagnostics, "Read Workspace Member", errors.Join(err, goneErr), "")
		return
	}
	prior := state.Role
	state.fill(m)
	// A role Portkey replaced by admin (forcedAdmin) stays as configured: the
	// next plan refuses it, instead of planning it back on every apply.
	if m.Role == client.WorkspaceRoleAdmin && !prior.IsNull() && prior.ValueString() != client.WorkspaceRoleAdmin &&
		forcedAdmin(ctx, req.Private, m.OrgRole) {
		state.Role = prior
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateMemberVersion, jsonString(memberVersion(m)))...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	r.setIdentity(ctx, resp.Identity, m, &state, &resp.Diagnostics)
}

func (r *workspaceMemberResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state workspaceMemberResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ws, user, role := plan.WorkspaceID.ValueString(), plan.UserID.ValueString(), plan.Role.ValueString()
	get := func(ctx context.Context) (*client.WorkspaceMember, error) {
		return r.client.GetWorkspaceMember(ctx, ws, user)
	}
	var (
		m       *client.WorkspaceMember
		err     error
		settled = true
	)
	if plan.Role.Equal(state.Role) {
		m, err = get(ctx) // nothing written: nothing to wait for
	} else {
		if err := r.client.UpdateWorkspaceMember(ctx, ws, user, client.UpdateWorkspaceMemberRequest{Role: &role}); err != nil {
			addAPIError(&resp.Diagnostics, "Update Workspace Member", err, notFoundHint(err,
				"The user is no longer a member of the workspace; refresh and apply to add them again."))
			return
		}
		// Wait until Portkey's reads show the change: the new role, or a
		// version other than the one the change started from.
		prior := privateString(ctx, req.Private, privateMemberVersion)
		m, settled, err = settle(ctx, r.settle, get, func(m *client.WorkspaceMember, err error) bool {
			return err != nil || m.Role == role || (prior != "" && versionMoved(memberVersion(m), prior))
		})
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Update Workspace Member", err, "")
		return
	}
	if !settled {
		var last workspaceMemberResourceModel
		last.WorkspaceID, last.UserID = plan.WorkspaceID, plan.UserID
		last.fill(m)
		setTrustedState(ctx, req.Plan, &last, &resp.State, &resp.Diagnostics, r.settle, "the membership "+plan.ID.ValueString())
		resp.Diagnostics.Append(setSettleMark(ctx, resp.Private, settleMark{Updated: true, Version: memberVersion(m)})...)
		r.setIdentity(ctx, resp.Identity, m, &plan, &resp.Diagnostics)
		return
	}
	plan.fill(m)
	keepRequestedRole(ctx, &plan, role, m, resp.Private, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateMemberVersion, jsonString(memberVersion(m)))...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	r.setIdentity(ctx, resp.Identity, m, &plan, &resp.Diagnostics)
}

func (r *workspaceMemberResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state workspaceMemberResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ws, user := state.WorkspaceID.ValueString(), state.UserID.ValueString()
	err := r.client.DeleteWorkspaceMember(ctx, ws, user)
	if err == nil {
		// Until Portkey's reads stop showing it, adding the user again (a
		// replacement) could read back the membership just removed.
		if _, gone, _ := settle(ctx, r.settle, func(ctx context.Context) (*client.WorkspaceMember, error) {
			return r.client.GetWorkspaceMember(ctx, ws, user)
		}, settledGone); !gone {
			warnDeleteUnsettled(&resp.Diagnostics, r.settle, "the membership "+state.ID.ValueString())
		}
		return
	}
	if gone, goneErr := r.membershipGone(ctx, err, ws, user); !gone {
		addAPIError(&resp.Diagnostics, "Delete Workspace Member", errors.Join(err, goneErr), "")
	}
}

// ImportState accepts "<workspace>/<user_id>" or "<workspace>/<email>", the
// workspace by UUID or slug (kept as written), or an identity.
func (r *workspaceMemberResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" && req.Identity != nil {
		var id memberIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &id)...)
		req.ID = memberID(id.WorkspaceID.ValueString(), id.UserID.ValueString())
	}
	ws, user, err := parseMemberID(strings.TrimSpace(req.ID))
	if err != nil {
		resp.Diagnostics.AddError("Unable to Import Workspace Member", err.Error())
		return
	}
	if strings.Contains(user, "@") {
		m, err := r.client.FindWorkspaceMemberByEmail(ctx, ws, user)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Import Workspace Member", err, "")
			return
		}
		user = m.ID
	}
	for attr, v := range map[string]string{"id": memberID(ws, user), "workspace_id": ws, "user_id": user} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), v)...)
	}
	// A membership added moments ago may not be readable yet.
	importSettled(ctx, r.settle, func(ctx context.Context) error { _, err := r.client.GetWorkspaceMember(ctx, ws, user); return err })
}

// membershipGone decides whether a failed call on a membership means it no
// longer exists. 404 does. 403 AB03 is what the API answers for a departed
// user's memberships and for a deleted workspace (API-NOTES.md 1.5), but also
// for a key that may not act there, so it counts as gone only with a second
// signal: the user is no longer in the organisation, or the workspace no
// longer exists. Any other answer is an error.
func (r *workspaceMemberResource) membershipGone(ctx context.Context, err error, ws, user string) (bool, error) {
	if errors.Is(err, client.ErrNotFound) {
		return true, nil
	}
	if !errors.Is(err, client.ErrForbidden) || !client.IsCode(err, "AB03") {
		return false, nil
	}
	_, userErr := r.client.GetUser(ctx, user)
	switch {
	case errors.Is(userErr, client.ErrNotFound):
		return true, nil
	case userErr != nil:
		return false, userErr
	}
	return r.workspaceDeleted(ctx, ws)
}

// workspaceDeleted reports whether a workspace (UUID or slug) no longer
// exists: its GET answers 404, or 403 confirmed by workspaceGone.
func (r *workspaceMemberResource) workspaceDeleted(ctx context.Context, ws string) (bool, error) {
	_, err := r.client.GetWorkspace(ctx, ws)
	switch {
	case err == nil:
		return false, nil
	case errors.Is(err, client.ErrNotFound):
		return true, nil
	case !errors.Is(err, client.ErrForbidden):
		return false, err
	}
	return workspaceGone(ctx, r.client, ws)
}

// setIdentity sets the identity of the membership in model from the API's
// answer m, whose workspace_id is the workspace's UUID whichever way the
// model's workspace_id names it. Should an answer leave it out (the API notes
// a member GET with incomplete data), the identity the request carried stays,
// or the workspace is looked up.
func (r *workspaceMemberResource) setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, m *client.WorkspaceMember, model *workspaceMemberResourceModel, diags *diag.Diagnostics) {
	if identity == nil || diags.HasError() {
		return
	}
	wsUUID := m.WorkspaceID
	if wsUUID == "" {
		if !identity.Raw.IsFullyNull() {
			return
		}
		w, err := r.client.GetWorkspace(ctx, model.WorkspaceID.ValueString())
		if err != nil {
			addAPIError(diags, "Read Workspace Member", err, "The membership was read, but not its workspace's UUID, "+
				"which is part of the resource's identity.")
			return
		}
		wsUUID = w.ID
	}
	diags.Append(setIdentity(ctx, identity, memberIdentity{WorkspaceID: types.StringValue(wsUUID), UserID: model.UserID})...)
}

// fill sets the membership attributes from the API; workspace_id and user_id
// stay as configured, and id is built from them.
func (m *workspaceMemberResourceModel) fill(api *client.WorkspaceMember) {
	m.ID = types.StringValue(memberID(m.WorkspaceID.ValueString(), m.UserID.ValueString()))
	m.memberFields.fill(api)
}

func (f *memberFields) fill(m *client.WorkspaceMember) {
	f.Role = types.StringValue(m.Role)
	f.Email = newEmailValue(m.Email)
	f.FirstName = types.StringValue(m.FirstName)
	f.LastName = types.StringValue(m.LastName)
	f.OrgRole = types.StringValue(m.OrgRole)
	f.CreatedAt = types.StringValue(m.CreatedAt)
}
