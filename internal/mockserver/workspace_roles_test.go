package mockserver

import (
	"testing"
)

// Owners (always) and organisation admins (with the option) read back as
// workspace admins whatever role they are added or updated with.
func TestWorkspaceRoles_ownersAndAdmins(t *testing.T) {
	t.Parallel()
	for _, adminsToo := range []bool{false, true} {
		c := &userAPIClient{t: t, srv: New(Options{APIKeys: []string{userTestKey}, OrgAdminsAreWorkspaceAdmins: adminsToo})}
		c.base = c.srv.Start(t)
		c.srv.ApplySeed(Seed{Workspaces: []Workspace{{Name: "Team"}}})
		ws := "/admin/workspaces/" + c.srv.WorkspaceIDByName("Team") + "/users"
		c.srv.mu.Lock()
		ownerID := c.srv.ownerIDLocked()
		c.srv.mu.Unlock()
		admin := c.srv.SeedUser(User{Email: "admin@example.com", Role: "admin"})
		member := c.srv.SeedUser(User{Email: "member@example.com", Role: "member"})

		c.expectOK("POST", ws, addBody(ownerID, "member", admin.ID, "manager", member.ID, "manager"))
		adminRole := "manager"
		if adminsToo {
			adminRole = "admin"
		}
		want := map[string]string{ownerID: "admin", admin.ID: adminRole, member.ID: "manager"}
		for id, role := range want {
			if got := c.expectOK("GET", ws+"/"+id, nil)["role"]; got != role {
				t.Errorf("admins too %v: user %s added as non-admin reads as %v, want %s", adminsToo, id, got, role)
			}
		}

		for _, id := range []string{ownerID, admin.ID, member.ID} {
			c.expectOK("PUT", ws+"/"+id, map[string]any{"role": "member"})
		}
		want = map[string]string{ownerID: "admin", admin.ID: "member", member.ID: "member"}
		if adminsToo {
			want[admin.ID] = "admin"
		}
		for id, role := range want {
			if got := c.expectOK("GET", ws+"/"+id, nil)["role"]; got != role {
				t.Errorf("admins too %v: user %s updated to member reads as %v, want %s", adminsToo, id, got, role)
			}
		}
	}
}
