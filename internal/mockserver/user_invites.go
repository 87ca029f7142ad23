package mockserver

// Invite is the wire shape of a user invite.
type Invite struct {
	Object     string            `json:"object"`
	ID         string            `json:"id"`
	Email      string            `json:"email"`
	Role       string            `json:"role"`
	CreatedAt  string            `json:"created_at"`
	ExpiresAt  string            `json:"expires_at"`
	AcceptedAt *string           `json:"accepted_at"`
	Status     string            `json:"status"`
	InvitedBy  string            `json:"invited_by"`
	Workspaces []InviteWorkspace `json:"workspaces"`

	link   string
	scopes []string
	seq    int64
}

// InviteWorkspace is a workspace an invite grants, as GET shows it.
type InviteWorkspace struct {
	WorkspaceID string `json:"workspace_id"`
	Role        string `json:"role"`
}

func (s *Server) registerInviteRoutes() {}
