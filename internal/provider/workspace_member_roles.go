package provider

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// Organisation owners and admins in workspaces (API-NOTES.md 11.4).
//
// Portkey makes the organisation owner an admin of every workspace it is
// added to, whatever role was asked for (official acceptance test), and may
// do the same for organisation admins (docs; weaker evidence). A membership
// configured with another role would otherwise plan a change on every apply.
// The rule:
//
//   - at plan time, a non-admin role is refused when Portkey is known to
//     replace it: the user is the owner (state's org_role, or one GET of the
//     user when the membership is to be created), or an organisation admin
//     for whom Portkey was seen doing it (privateForcedAdmin);
//   - where that is only learnt at apply (the user id was unknown at plan
//     time, or an admin's first membership), the configured role is kept in
//     state with a warning, and refreshes keep it while Portkey answers admin
//     for that reason; the next plan refuses it.

// privateForcedAdmin marks a membership whose requested role Portkey
// replaced with admin because of the user's organisation role.
const privateForcedAdmin = "workspace_role_forced_admin"

// privateMemberVersion is the membership's last_updated_at at the last read:
// an update's read-back with another one shows the update (settle.go).
const privateMemberVersion = "member_updated_at"

// adminForOrgRole reports whether an admin role in a member answer can be
// Portkey's doing: the user is the organisation's owner or an admin.
func adminForOrgRole(m *client.WorkspaceMember) bool {
	return m.Role == client.WorkspaceRoleAdmin && (m.OrgRole == client.OrgRoleOwner || m.OrgRole == client.OrgRoleAdmin)
}

// forcedAdmin reports whether Portkey's "admin" for a membership of a user
// with orgRole replaces the configured role: always for the owner, for an
// organisation admin once Portkey was seen doing it.
func forcedAdmin(ctx context.Context, p privateGetter, orgRole string) bool {
	return orgRole == client.OrgRoleOwner || (orgRole == client.OrgRoleAdmin && privateFlag(ctx, p, privateForcedAdmin))
}

// keepRequestedRole handles a read-back whose role differs from the role
// asked for: the state keeps the requested role, with a warning; when
// Portkey's admin comes from the user's organisation role, the private state
// remembers it for Read and the next plan.
func keepRequestedRole(ctx context.Context, model *workspaceMemberResourceModel, role string, m *client.WorkspaceMember,
	private privateSetter, diags *diag.Diagnostics) {
	if m.Role == role {
		diags.Append(private.SetKey(ctx, privateForcedAdmin, nil)...)
		return
	}
	model.Role = types.StringValue(role)
	who := m.Email
	if who == "" {
		who = "user " + m.ID
	}
	if adminForOrgRole(m) {
		diags.Append(private.SetKey(ctx, privateForcedAdmin, []byte("true"))...)
		diags.AddAttributeWarning(path.Root("role"), "Portkey Made the Member an Admin", fmt.Sprintf("Portkey answers "+
			"role \"admin\" for %s in workspace %s, where %q was asked for: Portkey gives the organisation's %s the "+
			"admin role in every workspace. The state keeps the configured %q, so that no change is planned, and the "+
			"next plan refuses it: set role = \"admin\", or remove this resource.", who, model.WorkspaceID.ValueString(),
			role, orgRolePlural(m.OrgRole), role))
		return
	}
	diags.AddAttributeWarning(path.Root("role"), "Portkey Answered Another Role", fmt.Sprintf("Portkey accepted role %q "+
		"for %s in workspace %s but answers %q. The state keeps the configured role; if Portkey keeps answering %q, "+
		"the next plan shows the difference.", role, who, model.WorkspaceID.ValueString(), m.Role, m.Role))
}

func orgRolePlural(orgRole string) string {
	if orgRole == client.OrgRoleOwner {
		return "owner"
	}
	return "admins"
}

// refuseForcedRole refuses, at plan time, a non-admin role Portkey is known
// to replace with admin (see the rule above). It reads the user (one GET)
// only for a membership to be created with a non-admin role; plans of
// existing memberships use the state.
func (r *workspaceMemberResource) refuseForcedRole(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var plan workspaceMemberResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Role.IsUnknown() || plan.Role.ValueString() == client.WorkspaceRoleAdmin {
		return
	}
	orgRole, who, forced := "", "", false
	if !req.State.Raw.IsNull() {
		var state workspaceMemberResourceModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if state.UserID.Equal(plan.UserID) {
			orgRole, who = state.OrgRole.ValueString(), state.Email.ValueString()
			forced = forcedAdmin(ctx, req.Private, orgRole)
		}
	}
	if orgRole == "" {
		if r.client == nil || plan.UserID.IsUnknown() || plan.UserID.IsNull() {
			return // known at apply: Create keeps the role with a warning
		}
		u, err := r.client.GetUser(ctx, plan.UserID.ValueString())
		if err != nil {
			return // apply reports a user that does not exist
		}
		orgRole, who = u.Role, u.Email
		forced = orgRole == client.OrgRoleOwner
	}
	if !forced {
		return
	}
	if who == "" {
		who = "User " + plan.UserID.ValueString()
	}
	detail := fmt.Sprintf("%s is the owner of the Portkey organisation, and Portkey makes the owner an admin of "+
		"every workspace whatever role is asked for, so role %q would never be kept. Set role = \"admin\", or remove "+
		"this resource: the owner acts as an admin in every workspace without it.", who, plan.Role.ValueString())
	if orgRole == client.OrgRoleAdmin {
		detail = fmt.Sprintf("%s is an organisation admin, and Portkey made them an admin of this workspace where %q "+
			"was asked for (Portkey gives organisation admins the admin role in workspaces), so that role would never "+
			"be kept. Set role = \"admin\", or remove this resource. If a portkey_user in this configuration makes "+
			"them a member, apply that change first (terraform apply -target=<that portkey_user>).", who, plan.Role.ValueString())
	}
	resp.Diagnostics.AddAttributeError(path.Root("role"), "Unable to Plan Workspace Member Role", detail)
}

// memberVersion is a member answer's last_updated_at ("" when absent).
func memberVersion(m *client.WorkspaceMember) string {
	if m == nil || m.LastUpdatedAt == nil {
		return ""
	}
	return *m.LastUpdatedAt
}

// jsonString encodes a private state value (private state holds JSON).
func jsonString(s string) []byte {
	raw, _ := json.Marshal(s)
	return raw
}

// privateString reads a string jsonString stored.
func privateString(ctx context.Context, p privateGetter, key string) string {
	raw, _ := p.GetKey(ctx, key)
	var s string
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &s)
	}
	return s
}

// privateFlag reports whether a private key holds true.
func privateFlag(ctx context.Context, p privateGetter, key string) bool {
	raw, _ := p.GetKey(ctx, key)
	return string(raw) == "true"
}
