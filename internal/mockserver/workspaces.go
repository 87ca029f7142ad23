package mockserver

import (
	"regexp"
	"strings"
)

// Workspace is the wire shape of a workspace (GET single adds "users").
type Workspace struct {
	Object         string             `json:"object"`
	ID             string             `json:"id"`
	Slug           string             `json:"slug"`
	Name           string             `json:"name"`
	Description    *string            `json:"description"`
	Icon           *string            `json:"icon"`
	CreatedAt      string             `json:"created_at"`
	LastUpdatedAt  string             `json:"last_updated_at"`
	IsDefault      int                `json:"is_default"`
	Defaults       *WorkspaceDefaults `json:"defaults"`
	UsageLimits    []UsageLimit       `json:"usage_limits"`
	RateLimits     []RateLimit        `json:"rate_limits"`
	OrganisationID string             `json:"organisation_id"`
	Status         string             `json:"status"`

	// Dependents counts objects outside this API's scope (virtual keys,
	// configs, prompts) that make DELETE answer 409 AB07.
	Dependents int `json:"x_mock_dependents,omitempty"`

	seq int64
}

// WorkspaceDefaults is the workspace "defaults" object; PUT replaces it whole.
type WorkspaceDefaults struct {
	Metadata         map[string]string `json:"metadata,omitempty"`
	IsDefault        *int              `json:"is_default,omitempty"`
	InputGuardrails  []string          `json:"input_guardrails,omitempty"`
	OutputGuardrails []string          `json:"output_guardrails,omitempty"`
	UserAPIKeyConfig *string           `json:"user_api_key_config,omitempty"`
}

// UsageLimit is one usage (budget) limit; credit_limit is a decimal.
type UsageLimit struct {
	Type              string   `json:"type"`
	CreditLimit       *float64 `json:"credit_limit"`
	AlertThreshold    *float64 `json:"alert_threshold"`
	PeriodicReset     *string  `json:"periodic_reset"`
	PeriodicResetDays *int     `json:"periodic_reset_days,omitempty"`
	NextUsageResetAt  *string  `json:"next_usage_reset_at,omitempty"`
}

// RateLimit is one rate limit.
type RateLimit struct {
	Type  string `json:"type"`
	Unit  string `json:"unit"`
	Value int64  `json:"value"`
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slugFor builds a slug as the real API does: "ws-" + the first six characters
// of the kebab-cased name + "-" + six hex digits.
func slugFor(name string) string {
	base := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if len(base) > 6 {
		base = base[:6]
	}
	base = strings.Trim(base, "-")
	if base == "" {
		base = "ws"
	}
	return "ws-" + base + "-" + randomHex(6)
}

// addWorkspaceLocked stores a new workspace, filling identifiers and times.
func (s *Server) addWorkspaceLocked(ws Workspace) *Workspace {
	w := ws
	w.Object = "workspace"
	if w.ID == "" {
		w.ID = s.opts.NewID()
	}
	if w.Slug == "" {
		w.Slug = slugFor(w.Name)
	}
	if w.CreatedAt == "" {
		w.CreatedAt = s.stamp()
	}
	w.LastUpdatedAt = w.CreatedAt
	w.OrganisationID = s.orgID
	if w.Status == "" {
		w.Status = "active"
	}
	w.seq = s.nextSeq()
	s.workspaces[w.ID] = &w
	return &w
}

// workspaceLocked finds a workspace by UUID or slug.
func (s *Server) workspaceLocked(idOrSlug string) *Workspace {
	if w, ok := s.workspaces[idOrSlug]; ok {
		return w
	}
	for _, w := range s.workspaces {
		if w.Slug == idOrSlug {
			return w
		}
	}
	return nil
}

func (s *Server) registerWorkspaceRoutes() {}
