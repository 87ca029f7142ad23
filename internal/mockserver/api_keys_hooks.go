package mockserver

import (
	"net/http"
	"sort"
	"strings"
	"time"
)

// API keys, continued: how minted keys authenticate and what they may do,
// the server's memory of minted secrets and revoked keys, and the test hooks
// (Go and /__mock/ HTTP) that drive a key's status from outside the API.

// apiKeyHistory is what the server remembers beyond the live keys: every
// secret it ever minted (for leak checks in tests) and the ids of keys
// revoked because their user left the organisation (the API answers 403).
type apiKeyHistory struct {
	minted  []string
	revoked map[string]bool
}

// rememberRevokedAPIKeyLocked records a key deleted because its user left
// the organisation: calls by its id answer 403 AB03 from now on.
func (s *Server) rememberRevokedAPIKeyLocked(id string) {
	if s.keyHistory.revoked == nil {
		s.keyHistory.revoked = map[string]bool{}
	}
	s.keyHistory.revoked[id] = true
}

func (s *Server) mintAPIKeySecretLocked() string {
	secret := apiKeySecretPrefix + randomHex(apiKeySecretRandChrs)
	s.keyHistory.minted = append(s.keyHistory.minted, secret)
	return secret
}

func maskAPIKey(secret string) string {
	if len(secret) < 5 {
		return "*****"
	}
	return secret[:2] + "*****" + secret[len(secret)-3:]
}

// apiKeyPrincipalLocked authenticates a key the server minted: active keys
// act within their workspace and scopes.
func (s *Server) apiKeyPrincipalLocked(secret string) (*principal, bool) {
	if secret == "" {
		return nil, false
	}
	now := s.now()
	for _, k := range s.apiKeys {
		if k.secret != secret && (k.prevSecret != secret || !now.Before(k.prevUntil)) {
			continue
		}
		if k.UserID != nil && s.departed[*k.UserID] {
			return nil, false
		}
		s.refreshAPIKeyStatusLocked(k)
		if k.Status != "active" {
			return nil, false
		}
		p := &principal{apiKeyID: k.ID, scopes: append([]string(nil), k.Scopes...)}
		if k.Type == "organisation-service" {
			p.admin = true
		} else if k.WorkspaceID != nil {
			p.workspaceID = *k.WorkspaceID
		}
		return p, true
	}
	return nil, false
}

// refreshAPIKeyStatusLocked marks an active key whose expires_at has passed
// as expired, as the API's background worker does.
func (s *Server) refreshAPIKeyStatusLocked(k *APIKey) {
	if k.Status != "active" || k.ExpiresAt == nil {
		return
	}
	if t, err := time.Parse(time.RFC3339Nano, *k.ExpiresAt); err == nil && !s.now().Before(t) {
		k.Status = "expired"
	}
}

// apiKeyScope is the scope a caller needs for op on a key of this type, e.g.
// "workspace_service_api_keys.read".
func apiKeyScope(keyType, op string) string {
	return strings.ReplaceAll(keyType, "-", "_") + "_api_keys." + op
}

func (p *principal) mayUseAPIKey(keyType string, workspaceID *string, op string) bool {
	if p.admin {
		return true
	}
	return workspaceID != nil && p.canAccessWorkspace(*workspaceID, apiKeyScope(keyType, op))
}

// registerAPIKeyHooks registers the HTTP twins of the out-of-band hooks.
func (s *Server) registerAPIKeyHooks() {
	hook := func(pattern string, fn func(id string) error) {
		s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if err := fn(r.PathValue("id")); err != nil {
				writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
				return
			}
			writeOK(w)
		})
	}
	hook("POST /__mock/api-keys/{id}/exhaust", s.ExhaustAPIKey)
	hook("POST /__mock/api-keys/{id}/expire", s.ExpireAPIKey)
}

func (s *Server) apiKeyLocked(id string) (*APIKey, error) {
	k, ok := s.apiKeys[id]
	if !ok {
		return nil, &noObjectError{kind: KindAPIKey, id: id}
	}
	return k, nil
}

// ExhaustAPIKey marks a key's usage limit as used up (status exhausted), as
// traffic through the gateway would; reset_usage makes it active again.
func (s *Server) ExhaustAPIKey(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.apiKeyLocked(id)
	if err != nil {
		return err
	}
	k.Status = "exhausted"
	if k.UsageLimits != nil && k.UsageLimits.CreditLimit != nil {
		k.usage = *k.UsageLimits.CreditLimit
	}
	return nil
}

// ExpireAPIKey marks a key expired, as the API's expiry worker does.
func (s *Server) ExpireAPIKey(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.apiKeyLocked(id)
	if err != nil {
		return err
	}
	k.Status = "expired"
	return nil
}

// APIKeySecret returns a live key's current secret (tests only; the API
// never shows it after create and rotate).
func (s *Server) APIKeySecret(id string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.apiKeyLocked(id)
	if err != nil {
		return "", err
	}
	return k.secret, nil
}

// MintedAPIKeySecrets returns every secret the server has minted, including
// those of rotated and deleted keys, for tests that prove none leaked.
func (s *Server) MintedAPIKeySecrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.keyHistory.minted...)
}

// APIKeys returns the live keys in creation order, as GET shows them
// (masked).
func (s *Server) APIKeys() []APIKey {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]*APIKey, 0, len(s.apiKeys))
	for _, k := range s.apiKeys {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].seq < keys[j].seq })
	out := make([]APIKey, len(keys))
	for i, k := range keys {
		out[i] = cloneAPIKey(k)
	}
	return out
}
