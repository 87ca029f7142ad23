package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
)

// Workspace is a workspace as GET /admin/workspaces/{id} answers it. List
// items and the create answer carry a subset (list items have no users and,
// in the real API, no organisation_id).
type Workspace struct {
	Object string `json:"object,omitempty"`
	ID     string `json:"id"` // always the UUID, even when the path named the slug
	Slug   string `json:"slug"`
	// Name is the display form: with an icon set, the API prepends it
	// ("🚀 Production"). PlainName strips it.
	Name           string             `json:"name"`
	Description    *string            `json:"description"`
	Icon           *string            `json:"icon"`
	CreatedAt      string             `json:"created_at"`
	LastUpdatedAt  string             `json:"last_updated_at"`
	IsDefault      int                `json:"is_default"`
	Defaults       *WorkspaceDefaults `json:"defaults"`
	UsageLimits    []UsageLimit       `json:"usage_limits"`
	RateLimits     []RateLimit        `json:"rate_limits"`
	OrganisationID string             `json:"organisation_id,omitempty"`
	Status         string             `json:"status,omitempty"`
	Users          []WorkspaceUser    `json:"users,omitempty"`

	// FromListing is set on an answer of ReadWorkspace that came from the
	// workspaces list rather than GET: Defaults then lacks InputGuardrails,
	// OutputGuardrails and UserAPIKeyConfig (bulkFieldTable).
	FromListing bool `json:"-"`
}

// PlainName is the workspace name without the "<icon> " prefix the API adds
// to it when an icon is set.
func (w *Workspace) PlainName() string {
	if w.Icon == nil || *w.Icon == "" {
		return w.Name
	}
	if plain, ok := strings.CutPrefix(w.Name, *w.Icon+" "); ok {
		return plain
	}
	return w.Name
}

// WorkspaceDefaults is a workspace's "defaults" object. PUT replaces it
// whole: a field left out is cleared.
type WorkspaceDefaults struct {
	Metadata         map[string]string `json:"metadata,omitempty"`
	IsDefault        *int              `json:"is_default,omitempty"`
	InputGuardrails  []string          `json:"input_guardrails,omitempty"`
	OutputGuardrails []string          `json:"output_guardrails,omitempty"`
	UserAPIKeyConfig *string           `json:"user_api_key_config,omitempty"`
}

// UsageLimit is a usage (budget) limit. Credit limit and alert threshold are
// decimals (dollars for type "cost"); periodic_reset and periodic_reset_days
// are mutually exclusive.
type UsageLimit struct {
	Type              string   `json:"type"`
	CreditLimit       *float64 `json:"credit_limit,omitempty"`
	AlertThreshold    *float64 `json:"alert_threshold,omitempty"`
	PeriodicReset     *string  `json:"periodic_reset,omitempty"`
	PeriodicResetDays *int64   `json:"periodic_reset_days,omitempty"`
	NextUsageResetAt  *string  `json:"next_usage_reset_at,omitempty"`
}

// RateLimit is a rate limit: type requests|tokens, unit rpm|rph|rpd.
type RateLimit struct {
	Type  string `json:"type"`
	Unit  string `json:"unit"`
	Value int64  `json:"value"`
}

// WorkspaceUser is a member as embedded in GET /admin/workspaces/{id} (the
// API leaves out the email there).
type WorkspaceUser struct {
	ID            string `json:"id"`
	FirstName     string `json:"first_name"`
	LastName      string `json:"last_name"`
	OrgRole       string `json:"org_role"`
	Role          string `json:"role"`
	Status        string `json:"status"`
	WorkspaceID   string `json:"workspace_id"`
	CreatedAt     string `json:"created_at"`
	LastUpdatedAt string `json:"last_updated_at"`
}

// CreateWorkspaceRequest is the body of POST /admin/workspaces; nil and empty
// fields are left out.
type CreateWorkspaceRequest struct {
	Name        string             `json:"name"`
	Description *string            `json:"description,omitempty"`
	Icon        *string            `json:"icon,omitempty"`
	Defaults    *WorkspaceDefaults `json:"defaults,omitempty"`
	UsageLimits []UsageLimit       `json:"usage_limits,omitempty"`
	RateLimits  []RateLimit        `json:"rate_limits,omitempty"`
	Users       []string           `json:"users,omitempty"` // user ids to add (create only)
}

// UpdateWorkspaceRequest is the full desired state of a workspace: PUT sends
// every field, so what is unset here is cleared on the server. A nil
// Description or Icon is sent as "" (the API's way to clear them), nil
// UsageLimits or RateLimits as JSON null, and Defaults replaces the stored
// defaults whole (nil sends {}).
type UpdateWorkspaceRequest struct {
	Name        string
	Description *string
	Icon        *string
	Defaults    *WorkspaceDefaults
	UsageLimits []UsageLimit
	RateLimits  []RateLimit
}

// MarshalJSON writes the full PUT body.
func (r UpdateWorkspaceRequest) MarshalJSON() ([]byte, error) {
	deref := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	wire := struct {
		Name        string            `json:"name"`
		Description string            `json:"description"`
		Icon        string            `json:"icon"`
		Defaults    WorkspaceDefaults `json:"defaults"`
		UsageLimits []UsageLimit      `json:"usage_limits"`
		RateLimits  []RateLimit       `json:"rate_limits"`
	}{Name: r.Name, Description: deref(r.Description), Icon: deref(r.Icon)}
	if r.Defaults != nil {
		wire.Defaults = *r.Defaults
	}
	if len(r.UsageLimits) > 0 {
		wire.UsageLimits = r.UsageLimits
	}
	if len(r.RateLimits) > 0 {
		wire.RateLimits = r.RateLimits
	}
	return json.Marshal(wire)
}

// ListWorkspacesOptions filters ListWorkspaces; empty fields are not sent.
type ListWorkspacesOptions struct {
	Name      string // case-sensitive substring of the name
	ExactName string // the exact name
	Status    string // active, archived, or both comma-separated
}

// CreateWorkspace creates a workspace and returns it as the API answers.
// After an ambiguous failure (IsAmbiguous) the workspace may exist: look it
// up by name instead of retrying.
func (c *Client) CreateWorkspace(ctx context.Context, req CreateWorkspaceRequest) (*Workspace, error) {
	var ws Workspace
	if err := c.do(ctx, "POST", "/admin/workspaces", nil, req, &ws); err != nil {
		return nil, err
	}
	if ws.ID == "" {
		return nil, &DecodeError{Method: "POST", Path: "/admin/workspaces", StatusCode: 200,
			Err: errors.New("the answer carried no workspace id")}
	}
	return &ws, nil
}

// GetWorkspace reads one workspace by UUID or slug. A workspace deleted
// recently may answer 403 (ErrForbidden) rather than 404.
func (c *Client) GetWorkspace(ctx context.Context, idOrSlug string) (*Workspace, error) {
	var ws Workspace
	if err := c.do(ctx, "GET", pathf("/admin/workspaces/%s", idOrSlug), nil, nil, &ws); err != nil {
		return nil, err
	}
	return &ws, nil
}

// ListWorkspaces returns every workspace matching opts, reading all pages.
func (c *Client) ListWorkspaces(ctx context.Context, opts ListWorkspacesOptions) ([]Workspace, error) {
	q := url.Values{}
	if opts.Name != "" {
		q.Set("name", opts.Name)
	}
	if opts.ExactName != "" {
		q.Set("exact_name", opts.ExactName)
	}
	if opts.Status != "" {
		q.Set("status", opts.Status)
	}
	return listAll[Workspace](ctx, c, "/admin/workspaces", q, snakePaging, DefaultPageSize)
}

// UpdateWorkspace replaces a workspace's settings with req (see
// UpdateWorkspaceRequest). The API answers {}; read the workspace afterwards.
func (c *Client) UpdateWorkspace(ctx context.Context, idOrSlug string, req UpdateWorkspaceRequest) error {
	return c.do(ctx, "PUT", pathf("/admin/workspaces/%s", idOrSlug), nil, req, nil)
}

// DeleteWorkspace deletes a workspace. The API requires the workspace's
// current name in the body as a confirmation, and answers 409 (ErrConflict)
// while objects outside this API (virtual keys, configs, prompts…) remain.
func (c *Client) DeleteWorkspace(ctx context.Context, idOrSlug, name string) error {
	return c.deleteWorkspace(ctx, idOrSlug, name, false)
}

// ForceDeleteWorkspace deletes a workspace and everything in it: with
// force_delete=true the API cascades through the workspace's dependents
// (virtual keys, configs, prompts, its API keys) instead of answering 409
// (API-NOTES.md 11.8). Nothing of it can be recovered. The flag goes in the
// body, as Portkey's own provider sends it, and in the query, since a later
// release of that provider found the body flag ignored.
func (c *Client) ForceDeleteWorkspace(ctx context.Context, idOrSlug, name string) error {
	return c.deleteWorkspace(ctx, idOrSlug, name, true)
}

func (c *Client) deleteWorkspace(ctx context.Context, idOrSlug, name string, force bool) error {
	body := struct {
		Name        string `json:"name"`
		ForceDelete bool   `json:"force_delete,omitempty"`
	}{Name: name, ForceDelete: force}
	var q url.Values
	if force {
		q = url.Values{"force_delete": {"true"}}
	}
	return c.do(ctx, "DELETE", pathf("/admin/workspaces/%s", idOrSlug), q, body, nil)
}
