package mockserver

import (
	"net/http"
	"slices"
	"sort"
	"strings"
)

// User is the wire shape of an organisation user.
type User struct {
	Object        string   `json:"object"`
	ID            string   `json:"id"`
	FirstName     string   `json:"first_name"`
	LastName      string   `json:"last_name"`
	Role          string   `json:"role"`
	Email         string   `json:"email"`
	CreatedAt     string   `json:"created_at"`
	LastUpdatedAt *string  `json:"last_updated_at,omitempty"`
	WorkspaceIDs  []string `json:"workspace_ids,omitempty"`

	seq int64
}

// userWithWorkspaces is GET /admin/users/{id}: the user plus workspace_ids,
// always present (an empty list when the user is in no workspace).
type userWithWorkspaces struct {
	User
	WorkspaceIDs []string `json:"workspace_ids"`
}

// addUserLocked stores a new organisation user.
func (s *Server) addUserLocked(u User) *User {
	n := u
	n.Object = "user"
	if n.ID == "" {
		n.ID = s.opts.NewID()
	}
	if n.Role == "" {
		n.Role = "member"
	}
	if n.CreatedAt == "" {
		n.CreatedAt = s.stamp()
	}
	n.WorkspaceIDs = nil
	n.seq = s.nextSeq()
	s.users[n.ID] = &n
	return &n
}

// userByEmailLocked finds a user by email, case-insensitively.
func (s *Server) userByEmailLocked(email string) *User {
	for _, u := range s.users {
		if strings.EqualFold(u.Email, email) {
			return u
		}
	}
	return nil
}

// SeedUser adds an organisation user (as SSO or an accepted invite would)
// and returns it. Role defaults to member.
func (s *Server) SeedUser(u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *s.addUserLocked(u)
}

// WorkspaceIDByName returns the UUID of the first workspace with exactly this
// name, or "" when there is none (tests seed workspaces by name, then need
// the id).
func (s *Server) WorkspaceIDByName(name string) string {
	if ids := s.WorkspaceIDsNamed(name); len(ids) > 0 {
		return ids[0]
	}
	return ""
}

// userDepartedLocked reports whether id belonged to a user who has left the
// organisation: the API answers 403 AB03 (not 404) for their memberships and
// keys (API-NOTES.md 1.5).
func (s *Server) userDepartedLocked(id string) bool { return s.departed[id] }

// workspaceIDsLocked is a user's workspace_ids as GET single shows them: every
// workspace for owners and admins, their own memberships for members (backend
// changelog), in creation order.
func (s *Server) workspaceIDsLocked(u *User) []string {
	var ws []*Workspace
	for _, w := range s.workspaces {
		if u.Role == "owner" || u.Role == "admin" || s.members[w.ID][u.ID] != nil {
			ws = append(ws, w)
		}
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].seq < ws[j].seq })
	ids := make([]string, 0, len(ws))
	for _, w := range ws {
		ids = append(ids, w.ID)
	}
	return ids
}

// canManageOrg reports whether the caller may use the organisation-level user
// routes: admin keys, or an organisation key (no workspace) with the scope.
func (p *principal) canManageOrg(scope string) bool {
	return p.admin || (p.workspaceID == "" && slices.Contains(p.scopes, scope))
}

// User routes (API-NOTES.md section 2; doc.go lists the quirks). Beyond them:
// the list filters by role (owner|admin|member) and email (ignoring case);
// GET single's workspace_ids holds every workspace for owners and admins and
// their own memberships for members (backend changelog).
//
// Owner protection: the organisation owner can be neither demoted nor removed.
// The mock answers both with 403 AB03 ("User not allowed to access the
// resource"): it is a permission the API grants nobody, not a malformed
// request. Asking for role "owner" in a PUT is a validation error (400 AB01),
// since only admin and member are assignable.

func (s *Server) registerUserRoutes() {
	s.handle("GET", "/admin/users", s.listUsers)
	s.handle("GET", "/admin/users/{id}", s.getUser)
	s.handle("PUT", "/admin/users/{id}", s.updateUser)
	s.handle("DELETE", "/admin/users/{id}", s.deleteUser)
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	if !principalFrom(r.Context()).canManageOrg("organisation_users.list") {
		writeError(w, errForbidden())
		return
	}
	q := r.URL.Query()
	role, email := q.Get("role"), q.Get("email")
	if role != "" {
		if err := oneOf("role", role, "admin", "member", "owner"); err != nil {
			writeError(w, err)
			return
		}
	}
	unlock := s.lockList()
	var users []User
	for _, u := range s.users {
		if (role == "" || u.Role == role) && (email == "" || strings.EqualFold(u.Email, email)) {
			c := *u
			c.WorkspaceIDs = nil // list items do not carry workspace_ids
			users = append(users, c)
		}
	}
	unlock()
	sort.Slice(users, func(i, j int) bool { return users[i].seq < users[j].seq })
	writeList(w, r, users)
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	if !principalFrom(r.Context()).canManageOrg("organisation_users.read") {
		writeError(w, errForbidden())
		return
	}
	unlock := s.lockRead()
	u, ok := s.users[r.PathValue("id")]
	var out userWithWorkspaces
	if ok {
		out = userWithWorkspaces{User: *u, WorkspaceIDs: s.workspaceIDsLocked(u)}
	}
	unlock()
	if !ok {
		writeError(w, errNotFound("User"))
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) {
	if !principalFrom(r.Context()).canManageOrg("organisation_users.update") {
		writeError(w, errForbidden())
		return
	}
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
	if err := oneOf("role", *body.Role, "admin", "member"); err != nil {
		writeError(w, err)
		return
	}
	if err := s.setUserRole(r.PathValue("id"), *body.Role); err != nil {
		writeError(w, err)
		return
	}
	writeOK(w)
}

func (s *Server) setUserRole(id, role string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[id]
	switch {
	case !ok:
		return errNotFound("User")
	case u.Role == "owner":
		return errForbidden()
	case u.Role == role:
		// The real API rejects a PUT that changes nothing (API-NOTES.md 2).
		return errInvalid("")
	}
	u.Role = role
	now := s.stamp()
	u.LastUpdatedAt = &now
	return nil
}

func (s *Server) deleteUser(w http.ResponseWriter, r *http.Request) {
	if !principalFrom(r.Context()).canManageOrg("organisation_users.delete") {
		writeError(w, errForbidden())
		return
	}
	if err := s.removeUser(r.PathValue("id")); err != nil {
		writeError(w, err)
		return
	}
	writeOK(w)
}

func (s *Server) removeUser(id string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[id]
	switch {
	case !ok:
		return errNotFound("User")
	case u.Role == "owner":
		return errForbidden()
	}
	s.deleteUserLocked(u.ID)
	return nil
}
