package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var (
	_ resource.ResourceWithConfigure        = (*userResource)(nil)
	_ resource.ResourceWithConfigValidators = (*userResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*userResource)(nil)
	_ resource.ResourceWithImportState      = (*userResource)(nil)
	_ resource.ResourceWithIdentity         = (*userResource)(nil)
)

// NewUserResource manages an existing organisation user's role.
func NewUserResource() resource.Resource { return &userResource{} }

type userResource struct {
	client *client.Client
	settle settler
}

// userFields are the attributes of a user that every user-shaped model
// shares: this resource, the portkey_user data source and the items of
// portkey_users. fill is their one conversion from the API.
type userFields struct {
	ID        types.String `tfsdk:"id"`
	Email     emailValue   `tfsdk:"email"`
	FirstName types.String `tfsdk:"first_name"`
	LastName  types.String `tfsdk:"last_name"`
	Role      types.String `tfsdk:"role"`
	CreatedAt types.String `tfsdk:"created_at"`
	UpdatedAt types.String `tfsdk:"updated_at"`
}

type userResourceModel struct {
	userFields
	UserID          types.String `tfsdk:"user_id"`
	WorkspaceIDs    types.Set    `tfsdk:"workspace_ids"`
	RemoveOnDestroy types.Bool   `tfsdk:"remove_on_destroy"`
}

func (r *userResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (r *userResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages the organisation role of an existing Portkey user. Users join an organisation " +
			"through invites (see `portkey_user_invite`), SSO or SCIM, never through this resource: creating it adopts " +
			"the user found by `email` or `user_id` and sets their role. Destroying it only stops managing the user, " +
			"unless `remove_on_destroy` is `true`: then it **removes the user from the organisation**. The " +
			"organisation owner cannot be managed.\n\n" +
			"Safe by construction: nothing but an explicit destroy with `remove_on_destroy = true` removes a person " +
			"from the organisation. Create and update wait for Portkey's eventually consistent reads to show the " +
			"role change and, if they do not in time, record the role Portkey accepted instead of failing, so a " +
			"slow read can never taint the resource (a tainted resource is replaced: destroyed, then created); " +
			"and while `remove_on_destroy` is `true`, a change of `email` or `user_id` that would replace the " +
			"resource is refused at plan time instead of removing the user it managed.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The user's id (a UUID), the same as `user_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "The user's email address, compared ignoring case. Exactly one of `email` and " +
					"`user_id` must be set; the other is filled from Portkey. Changing a configured email forces a new " +
					"resource (a different user).",
				CustomType: emailType{},
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{emailValidator{}},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					emailIgnoreCase{},
					stringplanmodifier.RequiresReplaceIfConfigured(),
				},
			},
			"user_id": schema.StringAttribute{
				MarkdownDescription: "The user's id (a UUID). Exactly one of `email` and `user_id` must be set; the other " +
					"is filled from Portkey. Changing a configured user_id forces a new resource (a different user).",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{userIDValidator{}},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					stringplanmodifier.RequiresReplaceIfConfigured(),
				},
			},
			"role": schema.StringAttribute{
				MarkdownDescription: "The user's organisation role: `admin` or `member`. Admins act as admins in every " +
					"workspace. `owner` cannot be set (the owner is fixed with the organisation). Changed in place.",
				Required:   true,
				Validators: []validator.String{stringvalidator.OneOf(client.OrgRoleAdmin, client.OrgRoleMember)},
			},
			"first_name": schema.StringAttribute{
				MarkdownDescription: "The user's first name, as Portkey has it.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"last_name": schema.StringAttribute{
				MarkdownDescription: "The user's last name, as Portkey has it.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"workspace_ids": schema.SetAttribute{
				MarkdownDescription: "The UUIDs of the workspaces the user can act in: every workspace for admins, the " +
					"workspaces they are a member of for members.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the user joined the organisation (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated_at": schema.StringAttribute{
				MarkdownDescription: "When the user was last modified (RFC 3339); null for a user never modified.",
				Computed:            true,
			},
			"remove_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "Whether destroying this resource removes the user from the organisation " +
					"(`DELETE /admin/users/{id}`, which also deletes their workspace memberships and workspace user " +
					"API keys; they can only come back through a new invite). Defaults to `false`: destroying the " +
					"resource leaves the user in the organisation with their current role, and Terraform stops " +
					"managing them. Terraform uses the value in state, so set it to `true` and apply before the " +
					"destroy. While it is `true`, a change of `email` or `user_id` that names another user is refused " +
					"rather than replacing (and so removing) the user this resource manages.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
		},
	}
}

// IdentitySchema: a user is identified by their id (identity.go).
func (r *userResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("The user's id.")
}

func (r *userResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.settle = settlerFrom(req.ProviderData)
}

func (r *userResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("email"), path.MatchRoot("user_id")),
	}
}

// ModifyPlan refuses the owner at plan time: on create it looks the user up
// (when the identity is known), on update and destroy it reads the role the
// refresh stored. Lookup failures are left to apply, which reports them.
// While remove_on_destroy is true in state, it refuses a replacement (a
// change of email or user_id naming another user), which would remove the
// user from the organisation. It also keeps updated_at and workspace_ids
// when the role does not change: only a role change moves them, so an email
// differing only in case plans no update.
func (r *userResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.State.Raw.IsNull() {
		var state userResourceModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		var plan userResourceModel
		if !req.Plan.Raw.IsNull() {
			resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
			if resp.Diagnostics.HasError() {
				return
			}
		}
		removes := state.RemoveOnDestroy.ValueBool()
		switch {
		case state.Role.ValueString() == client.OrgRoleOwner && req.Plan.Raw.IsNull() && removes:
			resp.Diagnostics.AddError(ownerRemovalSummary, ownerRemovalDetail(userLabel(state.Email, state.ID)))
		case req.Plan.Raw.IsNull():
		case state.Role.ValueString() == client.OrgRoleOwner:
			resp.Diagnostics.AddError("Unable to Manage the Organisation Owner", ownerDetail(userLabel(state.Email, state.ID)))
		case namesAnotherUser(plan, state) && removes:
			resp.Diagnostics.AddError("Unable to Replace User", replaceRefusedDetail(userLabel(state.Email, state.ID)))
		case !namesAnotherUser(plan, state) && plan.Role.Equal(state.Role):
			plan.UpdatedAt, plan.WorkspaceIDs = state.UpdatedAt, state.WorkspaceIDs
			resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		}
		return
	}
	if r.client == nil || req.Plan.Raw.IsNull() {
		return
	}
	var cfg userResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.UserID.IsUnknown() || cfg.Email.IsUnknown() {
		return
	}
	u, err := r.findUser(ctx, cfg)
	if err != nil {
		tflog.Debug(ctx, "Could not look the user up at plan time; apply will", map[string]any{"error": err.Error()})
		return
	}
	if u.Role == client.OrgRoleOwner {
		attr := path.Root("email")
		if !cfg.UserID.IsNull() {
			attr = path.Root("user_id")
		}
		resp.Diagnostics.AddAttributeError(attr, "Unable to Manage the Organisation Owner", ownerDetail(u.Email))
	}
}

// Create adopts the user. Nothing is created on the server, so no ID is
// written before the role change: a failed change leaves no tainted object
// whose replacement would remove the user from the organisation.
func (r *userResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, cfg userResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	u, err := r.findUser(ctx, cfg)
	if errors.Is(err, client.ErrNotFound) {
		resp.Diagnostics.AddError("Unable to Create User", notAUserDetail(cfg))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Create User", err, "")
		return
	}
	if u.Role == client.OrgRoleOwner {
		resp.Diagnostics.AddError("Unable to Create User", ownerDetail(u.Email))
		return
	}
	role := plan.Role.ValueString()
	if u.Role != role {
		if err := r.client.UpdateUser(ctx, u.ID, client.UpdateUserRequest{Role: &role}); err != nil {
			addAPIError(&resp.Diagnostics, "Create User", err, "Setting the user's organisation role failed; nothing else changed.")
			return
		}
		r.settleRole(ctx, u.ID, req.Plan, &resp.State, resp.Private, &resp.Diagnostics)
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(u.ID))...)
		}
		return
	}
	if cfg.UserID.IsNull() { // found through the list, which lacks workspace_ids
		if u, err = r.client.GetUser(ctx, u.ID); err != nil {
			addAPIError(&resp.Diagnostics, "Create User", err, "")
			return
		}
	}
	resp.Diagnostics.Append(plan.fill(ctx, u)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(u.ID))...)
}

// settleRole waits, after a role change of user id, until Portkey's reads
// show the new role, and sets state from the read-back. Past the settle timeout it records the role Portkey accepted,
// with a warning, and never fails: a Create that failed here would leave a
// tainted resource, whose replacement would remove the user from the
// organisation. A read error is reported without setting any state.
func (r *userResource) settleRole(ctx context.Context, id string, plan tfsdk.Plan, state *tfsdk.State,
	private privateSetter, diags *diag.Diagnostics) {
	var model userResourceModel
	diags.Append(plan.Get(ctx, &model)...)
	if diags.HasError() {
		return
	}
	role := model.Role.ValueString()
	u, settled, err := settle(ctx, r.settle, func(ctx context.Context) (*client.User, error) { return r.client.GetUser(ctx, id) },
		func(u *client.User, err error) bool { return err != nil || u.Role == role })
	if err != nil {
		addAPIError(diags, "Read User", err, fmt.Sprintf("The user's organisation role was set to %s, but reading "+
			"the user back failed. Apply again.", role))
		return
	}
	if !settled {
		var last userResourceModel
		diags.Append(last.fill(ctx, u)...)
		last.Email, last.UserID = keepConfigured(model.Email, last.Email), keepConfiguredString(model.UserID, last.UserID)
		last.RemoveOnDestroy = model.RemoveOnDestroy
		setTrustedState(ctx, plan, &last, state, diags, r.settle, "user "+userLabel(last.Email, last.ID))
		diags.Append(setSettleMark(ctx, private, settleMark{Updated: true, Version: userVersion(u)})...)
		return
	}
	diags.Append(model.fill(ctx, u)...)
	diags.Append(state.Set(ctx, &model)...)
}

func (r *userResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state userResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	u, err := r.client.GetUser(ctx, state.ID.ValueString())
	if readPredatesWrite(ctx, req, resp, err, userVersion(u), "user "+userLabel(state.Email, state.ID), idIdentity{ID: state.ID}) {
		return
	}
	if err != nil {
		gone, goneErr := r.userGone(ctx, err, state)
		if gone {
			tflog.Info(ctx, "The user left the organisation; removing it from state", map[string]any{"id": state.ID.ValueString()})
			removeResource(ctx, resp, idIdentity{ID: state.ID})
			return
		}
		addAPIError(&resp.Diagnostics, "Read User", errors.Join(err, goneErr), "")
		return
	}
	resp.Diagnostics.Append(state.fill(ctx, u)...)
	if state.RemoveOnDestroy.IsNull() { // imported
		state.RemoveOnDestroy = types.BoolValue(false)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(u.ID))...)
}

func (r *userResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state userResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(id))...)
	// The API rejects a PUT that does not change the role: send one only on a change.
	if !plan.Role.Equal(state.Role) {
		role := plan.Role.ValueString()
		if err := r.client.UpdateUser(ctx, id, client.UpdateUserRequest{Role: &role}); err != nil {
			addAPIError(&resp.Diagnostics, "Update User", err, notFoundHint(err, "The user is no longer in the organisation."))
			return
		}
		r.settleRole(ctx, id, req.Plan, &resp.State, resp.Private, &resp.Diagnostics)
		return
	}
	u, err := r.client.GetUser(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Update User", err, "")
		return
	}
	resp.Diagnostics.Append(plan.fill(ctx, u)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, newIDIdentity(u.ID))...)
}

// Delete removes the user from the organisation, with their workspace
// memberships and workspace-user API keys.
func (r *userResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	who := userLabel(state.Email, state.ID)
	if !state.RemoveOnDestroy.ValueBool() {
		resp.Diagnostics.AddWarning("User Stays in the Organisation", fmt.Sprintf("Terraform no longer manages %s, "+
			"who stays in the Portkey organisation with the role %s: remove_on_destroy is false. To remove a user "+
			"from the organisation with Terraform, set remove_on_destroy = true and apply before destroying.",
			who, state.Role.ValueString()))
		return
	}
	id := state.ID.ValueString()
	err := r.client.DeleteUser(ctx, id)
	if err == nil {
		// Until Portkey's reads stop showing the user, adopting them again
		// would find the user just removed.
		if _, gone, _ := settle(ctx, r.settle, func(ctx context.Context) (*client.User, error) { return r.client.GetUser(ctx, id) },
			settledGone); !gone {
			warnDeleteUnsettled(&resp.Diagnostics, r.settle, "user "+who)
		}
		return
	}
	if errors.Is(err, client.ErrNotFound) {
		return
	}
	if errors.Is(err, client.ErrForbidden) {
		// The API refuses to remove the owner: say so when that is the reason.
		if u, getErr := r.client.GetUser(ctx, state.ID.ValueString()); getErr == nil && u.Role == client.OrgRoleOwner {
			resp.Diagnostics.AddError(ownerRemovalSummary, ownerRemovalDetail(u.Email))
			return
		}
	}
	addAPIError(&resp.Diagnostics, "Delete User", err, "")
}

// ImportState accepts the user id or, when the ID holds an "@", the email; or
// an identity.
func (r *userResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := strings.TrimSpace(importID(ctx, req, &resp.Diagnostics))
	if strings.Contains(id, "@") {
		u, err := r.client.FindUserByEmail(ctx, id)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Import User", err, "Import by the user's id or by the email of an organisation user.")
			return
		}
		id = u.ID
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// findUser looks the configured user up by user_id (GET) or email (list
// with the email filter, matched ignoring case); cfg is the configuration,
// where exactly one of the two is set.
func (r *userResource) findUser(ctx context.Context, cfg userResourceModel) (*client.User, error) {
	if !cfg.UserID.IsNull() {
		return r.client.GetUser(ctx, cfg.UserID.ValueString())
	}
	return r.client.FindUserByEmail(ctx, cfg.Email.ValueString())
}

// userGone decides whether a failed GET means the user left the
// organisation: 404 does; 403 AB03 does only when the users list confirms
// the id is absent (API-NOTES.md 1.5). Any other answer is an error. The
// whole list is read, not one filtered by the email in state: that email may
// be stale (changed in Portkey, or spelled in another case than the API's
// filter matches), and a filter that misses would make an unrelated 403 look
// like a departure.
func (r *userResource) userGone(ctx context.Context, err error, state userResourceModel) (bool, error) {
	if errors.Is(err, client.ErrNotFound) {
		return true, nil
	}
	if !errors.Is(err, client.ErrForbidden) || !client.IsCode(err, "AB03") {
		return false, nil
	}
	users, listErr := r.client.ListUsers(ctx, client.ListUsersOptions{})
	if listErr != nil {
		return false, listErr
	}
	for _, u := range users {
		if u.ID == state.ID.ValueString() {
			return false, nil
		}
	}
	return true, nil
}

// userVersion is a user answer's last_updated_at ("" when absent).
func userVersion(u *client.User) string {
	if u == nil || u.LastUpdatedAt == nil {
		return ""
	}
	return *u.LastUpdatedAt
}

// keepConfigured keeps an identity attribute as the plan has it when known
// (the configuration's spelling), else the read's.
func keepConfigured(planned, read emailValue) emailValue {
	if planned.IsUnknown() || planned.IsNull() {
		return read
	}
	return planned
}

func keepConfiguredString(planned, read types.String) types.String {
	if planned.IsUnknown() || planned.IsNull() {
		return read
	}
	return planned
}

// namesAnotherUser reports whether the plan's configured identity differs
// from the state's: the change that replaces the resource (email compared
// ignoring case). An identity unknown until apply is judged then, when
// Terraform plans again.
func namesAnotherUser(plan, state userResourceModel) bool {
	email, id := plan.Email, plan.UserID
	return (!email.IsNull() && !email.IsUnknown() && !strings.EqualFold(email.ValueString(), state.Email.ValueString())) ||
		(!id.IsNull() && !id.IsUnknown() && id.ValueString() != state.UserID.ValueString())
}

func replaceRefusedDetail(who string) string {
	return fmt.Sprintf("This change of email or user_id names another user than %s, whom this resource manages, "+
		"so Terraform would replace the resource, and because remove_on_destroy is true, the replacement would "+
		"remove %s from the Portkey organisation. To manage another user, add a new portkey_user resource. To move "+
		"this resource to another user anyway, first set remove_on_destroy = false and apply, or stop managing "+
		"%s with a removed block (lifecycle { destroy = false }).", who, who, who)
}

func notAUserDetail(m userResourceModel) string {
	key := "id " + m.UserID.ValueString()
	if m.UserID.IsNull() {
		key = "email " + m.Email.ValueString()
	}
	return fmt.Sprintf("No Portkey user with %s: users join through invites; create a portkey_user_invite and apply "+
		"again after they accept.", key)
}

const ownerRemovalSummary = "Unable to Remove the Organisation Owner"

func ownerRemovalDetail(who string) string {
	return fmt.Sprintf("%s is the owner of the Portkey organisation, who cannot be removed from it. Stop managing "+
		"the user without removing them: terraform state rm <address>, or a removed block with "+
		"lifecycle { destroy = false }.", who)
}

func ownerDetail(who string) string {
	return fmt.Sprintf("%s is the owner of the Portkey organisation. The owner's role is fixed (it cannot be "+
		"changed to admin or member) and the owner cannot be removed, so portkey_user cannot manage them. Remove "+
		"this resource from the configuration (and from state, if it is there).", who)
}

func userLabel(email emailValue, id types.String) string {
	if email.ValueString() != "" {
		return email.ValueString()
	}
	return "User " + id.ValueString()
}

// notFoundHint returns hint when err is a not-found answer, else "".
func notFoundHint(err error, hint string) string {
	if errors.Is(err, client.ErrNotFound) {
		return hint
	}
	return ""
}

// fill sets the shared user attributes from an API user.
func (f *userFields) fill(u *client.User) {
	f.ID = types.StringValue(u.ID)
	f.Email = newEmailValue(u.Email)
	f.FirstName = types.StringValue(u.FirstName)
	f.LastName = types.StringValue(u.LastName)
	f.Role = types.StringValue(u.Role)
	f.CreatedAt = types.StringValue(u.CreatedAt)
	f.UpdatedAt = types.StringPointerValue(u.LastUpdatedAt)
}

// fill sets every attribute from a GET single answer.
func (m *userResourceModel) fill(ctx context.Context, u *client.User) diag.Diagnostics {
	m.userFields.fill(u)
	m.UserID = types.StringValue(u.ID)
	var diags diag.Diagnostics
	m.WorkspaceIDs, diags = workspaceIDsValue(ctx, u.WorkspaceIDs)
	return diags
}

func workspaceIDsValue(ctx context.Context, ids []string) (types.Set, diag.Diagnostics) {
	if ids == nil {
		ids = []string{}
	}
	return types.SetValueFrom(ctx, types.StringType, ids)
}

// emailIgnoreCase keeps the state's email in the plan when the configured one
// differs only in case, so that such a difference is neither a diff nor a
// replacement (semantic equality applies after apply and read, not in plans).
type emailIgnoreCase struct{}

func (emailIgnoreCase) Description(context.Context) string {
	return "A configured email that differs from the state only in case is no change."
}

func (m emailIgnoreCase) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (emailIgnoreCase) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if strings.EqualFold(req.ConfigValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}
