package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// MoveState takes over a portkey_user_invite of Portkey's official provider
// (move_state.go).
func (r *userInviteResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{moveFromOfficial("portkey_user_invite", r.moveOfficial)}
}

// officialUserInviteState is portkey_user_invite as every release of the
// official provider writes it: workspaces and scopes are lists, both
// optional (an invite may have no workspaces there), and scopes are what its
// configuration sent, since Portkey never returns them.
type officialUserInviteState struct {
	ID         string  `json:"id"`
	Email      string  `json:"email"`
	Role       string  `json:"role"`
	Status     *string `json:"status"`
	Workspaces []struct {
		ID   string `json:"id"`
		Role string `json:"role"`
	} `json:"workspaces"`
	Scopes    []string `json:"scopes"`
	CreatedAt *string  `json:"created_at"`
	ExpiresAt *string  `json:"expires_at"`
}

// invite is the official state as the API would answer it.
func (o *officialUserInviteState) invite() *client.UserInvite {
	inv := &client.UserInvite{
		ID: o.ID, Email: o.Email, Role: o.Role, Status: stringOr(o.Status),
		CreatedAt: stringOr(o.CreatedAt), ExpiresAt: stringOr(o.ExpiresAt),
	}
	for _, w := range o.Workspaces {
		inv.Workspaces = append(inv.Workspaces, client.UserInviteWorkspace{WorkspaceID: w.ID, Role: w.Role})
	}
	return inv
}

// moveOfficial keeps the official scopes (Portkey never returns them). An
// official state without scopes may hold an imported invite whose scopes no
// one recorded, so it is marked like an import here: setting scopes in the
// configuration then records them in place instead of replacing the invite.
func (r *userInviteResource) moveOfficial(ctx context.Context, raw []byte, resp *resource.MoveStateResponse) {
	var o officialUserInviteState
	if !decodeOfficialState("portkey_user_invite", raw, &o, &resp.Diagnostics, "id") {
		return
	}
	m := userInviteResourceModel{
		Workspaces:    types.SetNull(userInviteWorkspaceObjectType),
		Scopes:        types.SetNull(types.StringType),
		ResendTrigger: types.StringNull(),
		InviteLink:    types.StringNull(), // the official provider never stored the link
	}
	if len(o.Scopes) > 0 {
		scopes, d := types.SetValueFrom(ctx, types.StringType, o.Scopes)
		resp.Diagnostics.Append(d...)
		m.Scopes = scopes
	} else {
		resp.Diagnostics.Append(resp.TargetPrivate.SetKey(ctx, privateKeyScopesUnknown, []byte("true"))...)
	}
	resp.Diagnostics.Append(r.fill(ctx, &m, o.invite())...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.TargetState.Set(ctx, &m)...)
}
