package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// Shared by portkey_user_invite (resource and data source) and
// portkey_user_invites: the workspace grant model, the one conversion from
// the API, and the invite-specific plan logic.

// userInviteWorkspaceModel is one workspace an invite grants.
type userInviteWorkspaceModel struct {
	ID   types.String `tfsdk:"id"`
	Role types.String `tfsdk:"role"`
}

var userInviteWorkspaceAttrTypes = map[string]attr.Type{"id": types.StringType, "role": types.StringType}

var userInviteWorkspaceObjectType = types.ObjectType{AttrTypes: userInviteWorkspaceAttrTypes}

// userInviteDataModel is an invite as the data sources show it: everything
// GET returns, never the link.
type userInviteDataModel struct {
	ID         types.String `tfsdk:"id"`
	Email      emailValue   `tfsdk:"email"`
	Role       types.String `tfsdk:"role"`
	Status     types.String `tfsdk:"status"`
	Workspaces types.Set    `tfsdk:"workspaces"`
	InvitedBy  types.String `tfsdk:"invited_by"`
	CreatedAt  types.String `tfsdk:"created_at"`
	ExpiresAt  types.String `tfsdk:"expires_at"`
	AcceptedAt types.String `tfsdk:"accepted_at"`
}

// userInviteDataFromAPI converts an invite for the data sources.
func userInviteDataFromAPI(ctx context.Context, inv *client.UserInvite) (userInviteDataModel, diag.Diagnostics) {
	ws, diags := userInviteWorkspacesValue(ctx, userInviteWorkspacesFromAPI(inv.Workspaces))
	return userInviteDataModel{
		ID:         types.StringValue(inv.ID),
		Email:      newEmailValue(inv.Email),
		Role:       inviteString(inv.Role),
		Status:     inviteString(inv.Status),
		Workspaces: ws,
		InvitedBy:  inviteString(inv.InvitedBy),
		CreatedAt:  inviteString(inv.CreatedAt),
		ExpiresAt:  inviteString(inv.ExpiresAt),
		AcceptedAt: inviteStringPtr(inv.AcceptedAt),
	}, diags
}

// userInviteWorkspacesFromAPI converts the grants an invite reports. An
// entry without a workspace id (the spec's example shows
// {"workspace_id":"","role":""}) names no workspace and is skipped.
func userInviteWorkspacesFromAPI(api []client.UserInviteWorkspace) []userInviteWorkspaceModel {
	out := make([]userInviteWorkspaceModel, 0, len(api))
	for _, w := range api {
		if w.WorkspaceID == "" {
			continue
		}
		out = append(out, userInviteWorkspaceModel{ID: types.StringValue(w.WorkspaceID), Role: types.StringValue(w.Role)})
	}
	return out
}

func userInviteWorkspacesValue(ctx context.Context, ws []userInviteWorkspaceModel) (types.Set, diag.Diagnostics) {
	return types.SetValueFrom(ctx, userInviteWorkspaceObjectType, ws)
}

// inviteString maps the API's empty string to null.
func inviteString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func inviteStringPtr(s *string) types.String {
	if s == nil {
		return types.StringNull()
	}
	return inviteString(*s)
}

// newestUserInvite returns the most recently created invite to email
// (ignoring case) among invites, or nil. Equal creation times fall back to
// list order, the later entry winning.
func newestUserInvite(invites []client.UserInvite, email string) *client.UserInvite {
	var best *client.UserInvite
	var bestAt time.Time
	for i := range invites {
		inv := &invites[i]
		if !strings.EqualFold(inv.Email, email) {
			continue
		}
		at, _ := time.Parse(time.RFC3339Nano, inv.CreatedAt)
		if best == nil || !at.Before(bestAt) {
			best, bestAt = inv, at
		}
	}
	return best
}

var inviteUUIDPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// matchInviteWorkspaces builds the workspaces attribute from the API's
// grants, keeping each id as the configuration spelled it: GET names every
// workspace by UUID, while the configuration may use a slug. A prior slug is
// resolved (one GET per slug, only when no UUID matched it) and kept when it
// names the granted workspace.
func matchInviteWorkspaces(ctx context.Context, c *client.Client, prior types.Set, api []client.UserInviteWorkspace) (types.Set, diag.Diagnostics) {
	var diags diag.Diagnostics
	var priorWS []userInviteWorkspaceModel
	if !prior.IsNull() && !prior.IsUnknown() {
		diags.Append(prior.ElementsAs(ctx, &priorWS, false)...)
		if diags.HasError() {
			return prior, diags
		}
	}
	out := userInviteWorkspacesFromAPI(api)
	matched := make([]bool, len(out))
	used := make([]bool, len(priorWS))
	for i, w := range out {
		for j, p := range priorWS {
			if !used[j] && strings.EqualFold(p.ID.ValueString(), w.ID.ValueString()) {
				out[i].ID, matched[i], used[j] = p.ID, true, true
				break
			}
		}
	}
	for j, p := range priorWS {
		if used[j] || p.ID.IsNull() || p.ID.IsUnknown() || inviteUUIDPattern.MatchString(p.ID.ValueString()) {
			continue
		}
		pending := false
		for i := range out {
			pending = pending || !matched[i]
		}
		if !pending {
			break
		}
		ws, err := c.GetWorkspace(ctx, p.ID.ValueString())
		if errors.Is(err, client.ErrForbidden) {
			// A 403 is "gone" only when the organisation lists no such
			// workspace either; otherwise it is reported below.
			if gone, goneErr := workspaceGone(ctx, c, p.ID.ValueString()); goneErr == nil && gone {
				continue
			}
		}
		if err != nil {
			if errors.Is(err, client.ErrNotFound) {
				continue // the workspace is gone: the API's value stands, and the plan shows it
			}
			diags.AddError("Unable to Read User Invite", apiErrorDetail(err,
				fmt.Sprintf("Resolving the workspace slug %q of the invite's workspaces failed.", p.ID.ValueString())))
			return prior, diags
		}
		for i, w := range out {
			if !matched[i] && strings.EqualFold(w.ID.ValueString(), ws.ID) {
				out[i].ID, matched[i], used[j] = p.ID, true, true
				break
			}
		}
	}
	set, d := userInviteWorkspacesValue(ctx, out)
	diags.Append(d...)
	return set, diags
}

// uniqueInviteWorkspaceIDs rejects a workspaces set naming one workspace
// twice (with two roles).
type uniqueInviteWorkspaceIDs struct{}

func (uniqueInviteWorkspaceIDs) Description(context.Context) string {
	return "each workspace id may appear only once"
}

func (v uniqueInviteWorkspaceIDs) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (uniqueInviteWorkspaceIDs) ValidateSet(ctx context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var ws []userInviteWorkspaceModel
	resp.Diagnostics.Append(req.ConfigValue.ElementsAs(ctx, &ws, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	seen := map[string]bool{}
	for _, w := range ws {
		if w.ID.IsNull() || w.ID.IsUnknown() {
			continue
		}
		key := strings.ToLower(w.ID.ValueString())
		if seen[key] {
			resp.Diagnostics.AddAttributeError(req.Path, "Duplicate Invite Workspace",
				fmt.Sprintf("The workspace %q is listed more than once. An invite grants one role per workspace: keep a single entry for it.", w.ID.ValueString()))
		}
		seen[key] = true
	}
}

// privateKeyScopesUnknown marks an imported invite whose scopes Portkey
// never reported: setting scopes on it records them in place instead of
// replacing the invite. The mark goes once scopes are recorded.
const privateKeyScopesUnknown = "scopes_unknown"

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

func scopesUnknown(ctx context.Context, p privateGetter) bool {
	if p == nil {
		return false
	}
	v, _ := p.GetKey(ctx, privateKeyScopesUnknown)
	return len(v) > 0
}

// resendPlanned reports whether applying plan over state re-sends the
// invite (see resendWanted).
func resendPlanned(ctx context.Context, state tfsdk.State, plan tfsdk.Plan) bool {
	if state.Raw.IsNull() || plan.Raw.IsNull() {
		return false
	}
	var before, after, status types.String
	if state.GetAttribute(ctx, path.Root("resend_trigger"), &before).HasError() ||
		plan.GetAttribute(ctx, path.Root("resend_trigger"), &after).HasError() ||
		state.GetAttribute(ctx, path.Root("status"), &status).HasError() {
		return false
	}
	return resendWanted(before, after, status)
}

// resendWanted: resend_trigger changed to a non-null value while the invite
// is pending. An invite that is accepted, expired or cancelled is never
// re-sent; removing the trigger re-sends nothing.
func resendWanted(before, after, status types.String) bool {
	if after.Equal(before) || after.IsNull() {
		return false
	}
	return status.ValueString() == client.InviteStatusPending
}

// keepUnlessResent plans a computed value that only a resend changes
// (invite_link, expires_at): the prior value, or unknown when the plan
// re-sends the invite.
type keepUnlessResent struct{}

func (keepUnlessResent) Description(context.Context) string {
	return "Keeps the value in state unless resend_trigger changes and the invite is re-sent."
}

func (m keepUnlessResent) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (keepUnlessResent) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	if resendPlanned(ctx, req.State, req.Plan) {
		return
	}
	resp.PlanValue = req.StateValue
}
