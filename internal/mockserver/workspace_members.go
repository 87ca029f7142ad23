package mockserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Member is one user's membership of one workspace (store form; the wire
// form, "workspace-user", is built from it and the user).
type Member struct {
	WorkspaceID   string `json:"workspace_id"`
	UserID        string `json:"user_id"`
	Role          string `json:"role"`
	CreatedAt     string `json:"created_at"`
	LastUpdatedAt string `json:"last_updated_at"`

	seq int64
}

// addMemberLocked adds (or re-roles) a membership; wsID is a UUID. Owners
// (and admins, with the option) become admins (workspace_roles.go).
func (s *Server) addMemberLocked(wsID, userID, role string) {
	if s.members[wsID] == nil {
		s.members[wsID] = map[string]*Member{}
	}
	role = s.workspaceRoleLocked(userID, role)
	now := s.stamp()
	s.members[wsID][userID] = &Member{WorkspaceID: wsID, UserID: userID, Role: role, CreatedAt: now, LastUpdatedAt: now, seq: s.nextSeq()}
}

// memberWire is a membership on the wire: "workspace-user", with the user's
// names, email and organisation role. id is the user id.
type memberWire struct {
	Object        string `json:"object"`
	ID            string `json:"id"`
	FirstName     string `json:"first_name"`
	LastName      string `json:"last_name"`
	Email         string `json:"email"`
	OrgRole       string `json:"org_role"`
	Role          string `json:"role"`
	Status        string `json:"status"`
	WorkspaceID   string `json:"workspace_id"`
	CreatedAt     string `json:"created_at"`
	LastUpdatedAt string `json:"last_updated_at"`

	seq int64
}

func (s *Server) memberWireLocked(m *Member) memberWire {
	out := memberWire{
		Object: "workspace-user", ID: m.UserID, Role: m.Role, Status: "active", WorkspaceID: m.WorkspaceID,
		CreatedAt: m.CreatedAt, LastUpdatedAt: m.LastUpdatedAt, seq: m.seq,
	}
	if u := s.users[m.UserID]; u != nil {
		out.FirstName, out.LastName, out.Email, out.OrgRole = u.FirstName, u.LastName, u.Email, u.Role
	}
	return out
}

// SeedMember adds a user to a workspace (UUID or slug) out of band, as a
// change in Portkey's UI would. The user must exist and not be a member yet.
func (s *Server) SeedMember(workspace, userID, role string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.workspaceLocked(workspace)
	switch {
	case w == nil:
		return fmt.Errorf("no workspace %q", workspace)
	case s.users[userID] == nil:
		return fmt.Errorf("no user %q", userID)
	case s.members[w.ID][userID] != nil:
		return fmt.Errorf("user %q is already a member of workspace %q", userID, workspace)
	}
	s.addMemberLocked(w.ID, userID, role)
	return nil
}

// Member routes (API-NOTES.md section 5). Quirks reproduced:
//   - POST takes {"users": [{"id", "role"}]} (roles admin|manager|member),
//     answers {} and applies all or nothing: an unknown user is 404 AB08
//     naming the user, a user already in the workspace 409 AB07 "User already
//     exists in workspace";
//   - the member object is "workspace-user": id is the user id, with the
//     user's email, names and org_role; status is always "active";
//   - the list pages in snake_case (camelCase accepted) and filters by role
//     and email;
//   - a workspace path takes the UUID or the slug; a deleted workspace
//     answers 403 AB03, one that never existed 404 AB08;
//   - GET, PUT and DELETE of a membership of a user who left the
//     organisation answer 403 AB03; of an org user who is not a member, 404
//     AB08. A PUT with the current role is accepted.
//
// Known deviations: the API sometimes spells roles "ws-admin"; the mock only
// does when a test patches a membership's role so; the member GET of the real
// API may omit the id, the mock's never does.

func (s *Server) registerMemberRoutes() {
	s.handle("POST", "/admin/workspaces/{ws}/users", s.addMembers)
	s.handle("GET", "/admin/workspaces/{ws}/users", s.listMembers)
	s.handle("GET", "/admin/workspaces/{ws}/users/{user}", s.getMember)
	s.handle("PUT", "/admin/workspaces/{ws}/users/{user}", s.updateMember)
	s.handle("DELETE", "/admin/workspaces/{ws}/users/{user}", s.deleteMember)

	s.mux.HandleFunc("POST /__mock/members", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			WorkspaceID string `json:"workspace_id"`
			UserID      string `json:"user_id"`
			Role        string `json:"role"`
		}
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		err := dec.Decode(&in)
		if err == nil {
			err = s.SeedMember(in.WorkspaceID, in.UserID, in.Role)
		}
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeOK(w)
	})
}

var memberRoles = []string{"admin", "manager", "member"}

// memberWorkspaceLocked resolves the {ws} path value (UUID or slug; a deleted
// workspace answers 403 AB03, as for the workspace routes) and checks
// that the caller may act in it with the scope workspace_users.<op>. Minted
// workspace keys may use these routes in their own workspace.
func (s *Server) memberWorkspaceLocked(r *http.Request, op string) (*Workspace, *apiError) {
	w, err := s.findWorkspaceLocked(r.PathValue("ws"))
	if err != nil {
		return nil, err // 404 AB08, or 403 AB03 for a deleted workspace
	}
	if !principalFrom(r.Context()).canAccessWorkspace(w.ID, "workspace_users."+op) {
		return nil, errForbidden()
	}
	return w, nil
}

// membershipLocked finds {user}'s membership of the request's workspace. A
// user who has left the organisation answers 403 AB03, as the real API does
// (API-NOTES.md 1.5); anyone else who is not a member, 404 AB08.
func (s *Server) membershipLocked(r *http.Request, op string) (*Member, *apiError) {
	w, err := s.memberWorkspaceLocked(r, op)
	if err != nil {
		return nil, err
	}
	userID := r.PathValue("user")
	if s.userDepartedLocked(userID) {
		return nil, errForbidden()
	}
	m := s.members[w.ID][userID]
	if m == nil {
		return nil, errNotFound("Workspace user")
	}
	return m, nil
}

func (s *Server) addMembers(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Users []struct {
			ID   *string `json:"id"`
			Role *string `json:"role"`
		} `json:"users"`
	}
	if err := decodeStrict(r, &body); err != nil {
		writeError(w, err)
		return
	}
	if len(body.Users) == 0 {
		writeError(w, errInvalid("Validation failed: users: Required"))
		return
	}
	seen := map[string]bool{}
	for i, u := range body.Users {
		if u.ID == nil || *u.ID == "" {
			writeError(w, errInvalid("Validation failed: users[%d].id: Required", i))
			return
		}
		if u.Role == nil {
			writeError(w, errInvalid("Validation failed: users[%d].role: Required", i))
			return
		}
		if err := oneOf(fmt.Sprintf("users[%d].role", i), *u.Role, memberRoles...); err != nil {
			writeError(w, err)
			return
		}
		if seen[*u.ID] {
			writeError(w, errInvalid("Validation failed: users[%d].id: duplicate user %s", i, *u.ID))
			return
		}
		seen[*u.ID] = true
	}

	err := func() *apiError {
		s.mu.Lock()
		defer s.mu.Unlock()
		ws, err := s.memberWorkspaceLocked(r, "create")
		if err != nil {
			return err
		}
		// All or nothing: check every user before adding any.
		for _, u := range body.Users {
			if s.users[*u.ID] == nil {
				return errNotFound("User " + *u.ID)
			}
			if s.members[ws.ID][*u.ID] != nil {
				return errConflict("User already exists in workspace")
			}
		}
		for _, u := range body.Users {
			s.addMemberLocked(ws.ID, *u.ID, *u.Role)
		}
		return nil
	}()
	if err != nil {
		writeError(w, err)
		return
	}
	writeOK(w)
}

func (s *Server) listMembers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	role, email := q.Get("role"), q.Get("email")
	if role != "" {
		if err := oneOf("role", role, memberRoles...); err != nil {
			writeError(w, err)
			return
		}
	}
	unlock := s.lockList()
	ws, err := s.memberWorkspaceLocked(r, "list")
	var items []memberWire
	if err == nil {
		for _, m := range s.members[ws.ID] {
			mw := s.memberWireLocked(m)
			if (role == "" || mw.Role == role) && (email == "" || strings.EqualFold(mw.Email, email)) {
				items = append(items, mw)
			}
		}
	}
	unlock()
	if err != nil {
		writeError(w, err)
		return
	}
	sort.Slice(items, func(i, j int) bool { return items[i].seq < items[j].seq })
	writeList(w, r, items)
}

func (s *Server) getMember(w http.ResponseWriter, r *http.Request) {
	unlock := s.lockRead()
	m, err := s.membershipLocked(r, "read")
	var out memberWire
	if err == nil {
		out = s.memberWireLocked(m)
	}
	unlock()
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) updateMember(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Role *string `json:"role"`
	}
	if err := decodeStrict(r, &body); err != nil {
		writeError(w, err)
		return
	}
	if body.Role == nil {
		writeError(w, errInvalid("Validation failed: role: Required"))
		return
	}
	if err := oneOf("role", *body.Role, memberRoles...); err != nil {
		writeError(w, err)
		return
	}
	s.mu.Lock()
	m, err := s.membershipLocked(r, "update")
	if err == nil {
		m.Role = s.workspaceRoleLocked(m.UserID, *body.Role)
		m.LastUpdatedAt = s.stamp()
	}
	s.mu.Unlock()
	if err != nil {
		writeError(w, err)
		return
	}
	writeOK(w)
}

func (s *Server) deleteMember(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	m, err := s.membershipLocked(r, "delete")
	if err == nil {
		delete(s.members[m.WorkspaceID], m.UserID)
	}
	s.mu.Unlock()
	if err != nil {
		writeError(w, err)
		return
	}
	writeOK(w)
}
