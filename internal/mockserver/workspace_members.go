package mockserver

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

// addMemberLocked adds (or re-roles) a membership; wsID is a UUID.
func (s *Server) addMemberLocked(wsID, userID, role string) *Member {
	if s.members[wsID] == nil {
		s.members[wsID] = map[string]*Member{}
	}
	now := s.stamp()
	m := &Member{WorkspaceID: wsID, UserID: userID, Role: role, CreatedAt: now, LastUpdatedAt: now, seq: s.nextSeq()}
	s.members[wsID][userID] = m
	return m
}

func (s *Server) registerMemberRoutes() {}
