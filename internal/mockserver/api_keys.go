package mockserver

// APIKey is the wire shape of an API key; Key holds the masked form on the
// wire while the secret stays unexported.
type APIKey struct {
	Object         string   `json:"object"`
	ID             string   `json:"id"`
	Key            string   `json:"key"`
	Name           string   `json:"name"`
	Description    *string  `json:"description"`
	Type           string   `json:"type"`
	OrganisationID string   `json:"organisation_id"`
	WorkspaceID    *string  `json:"workspace_id"`
	UserID         *string  `json:"user_id"`
	Status         string   `json:"status"`
	CreatedAt      string   `json:"created_at"`
	LastUpdatedAt  string   `json:"last_updated_at"`
	Scopes         []string `json:"scopes"`
	ExpiresAt      *string  `json:"expires_at"`

	secret string
	seq    int64
}

// apiKeyPrincipalLocked authenticates a key the server minted: active keys
// act within their workspace and scopes.
func (s *Server) apiKeyPrincipalLocked(secret string) (*principal, bool) {
	return nil, false
}

func (s *Server) registerAPIKeyRoutes() {}
