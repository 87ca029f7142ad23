package mockserver

// Organisation owners (and admins, behind a switch) in workspaces.
//
// Portkey's own acceptance test (API-NOTES.md 11.4, official
// workspace_member_resource_test.go) says "Org owners always get 'admin' role
// in workspaces regardless of the requested role": an owner added to, or
// re-roled in, a workspace reads back as admin whatever role the request
// asked for. The docs say owners and admins both "get admin in every
// workspace", weaker evidence for admins, so the mock does the same for
// organisation admins only with Options.OrgAdminsAreWorkspaceAdmins (the
// -org-admins-workspace-admin flag of cmd/portkey-mock).
//
// The rule applies when a membership is added (the API's POST, a workspace
// created with users, an accepted invite, SeedMember) or its role is
// updated; a later change of the user's organisation role leaves existing
// memberships as they are, and Patch can still store any role.

// workspaceRoleLocked is the role a membership of userID gets when role is
// asked for.
func (s *Server) workspaceRoleLocked(userID, role string) string {
	u := s.users[userID]
	if u == nil {
		return role
	}
	if u.Role == "owner" || (u.Role == "admin" && s.opts.OrgAdminsAreWorkspaceAdmins) {
		return "admin"
	}
	return role
}
