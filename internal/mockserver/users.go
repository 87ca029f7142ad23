package mockserver

import "strings"

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

func (s *Server) registerUserRoutes() {}
