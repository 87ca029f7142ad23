package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// MoveState takes over a portkey_workspace_member of Portkey's official
// provider (move_state.go).
func (r *workspaceMemberResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{moveFromOfficial("portkey_workspace_member", moveOfficialWorkspaceMember)}
}

// officialWorkspaceMemberState is portkey_workspace_member as every release
// of the official provider writes it. Its id is whatever the API answered
// for the membership (the user id, in practice); here the id is
// "<workspace_id>/<user_id>", built from the two.
type officialWorkspaceMemberState struct {
	WorkspaceID string  `json:"workspace_id"`
	UserID      string  `json:"user_id"`
	Role        string  `json:"role"`
	CreatedAt   *string `json:"created_at"`
}

func moveOfficialWorkspaceMember(ctx context.Context, raw []byte, resp *resource.MoveStateResponse) {
	var o officialWorkspaceMemberState
	if !decodeOfficialState("portkey_workspace_member", raw, &o, &resp.Diagnostics, "workspace_id", "user_id") {
		return
	}
	m := workspaceMemberResourceModel{WorkspaceID: types.StringValue(o.WorkspaceID), UserID: types.StringValue(o.UserID)}
	m.fill(&client.WorkspaceMember{Role: o.Role, CreatedAt: stringOr(o.CreatedAt)})
	// Not in the official state: the refresh after the move reads them.
	m.Email = emailValue{}
	nullIfEmpty(&m.Role, &m.FirstName, &m.LastName, &m.OrgRole, &m.CreatedAt)
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
}
