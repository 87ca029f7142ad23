package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// API key types as the "type" field spells them. The create path names the
// two halves separately: /api-keys/{organisation|workspace}/{service|user}.
// There is no organisation-user key.
const (
	APIKeyTypeOrganisationService = "organisation-service"
	APIKeyTypeWorkspaceService    = "workspace-service"
	APIKeyTypeWorkspaceUser       = "workspace-user"
)

// APIKey is an API key as GET /api-keys/{id} answers it. Key is the masked
// form ("pk*****xyz"): the secret is returned only by CreateAPIKey and
// RotateAPIKey, and when the previous secret stops working only by
// RotateAPIKey (reads never carry key_transition_expires_at). List items
// carry the same fields except NextUsageResetAt and RotationPolicy, and
// their defaults hold only metadata and config_id (API-NOTES.md 11.11).
// RotationPolicy is nil when the key has none: GET then leaves it out.
type APIKey struct {
	Object              string                `json:"object,omitempty"`
	ID                  string                `json:"id"`
	Key                 string                `json:"key"`
	Name                string                `json:"name"`
	Description         *string               `json:"description"`
	Type                string                `json:"type"`
	OrganisationID      string                `json:"organisation_id"`
	WorkspaceID         *string               `json:"workspace_id"` // always the UUID
	UserID              *string               `json:"user_id"`
	Status              string                `json:"status"` // active, exhausted or expired
	CreatedAt           string                `json:"created_at"`
	LastUpdatedAt       string                `json:"last_updated_at"`
	CreationMode        string                `json:"creation_mode,omitempty"`
	RateLimits          []APIKeyRateLimit     `json:"rate_limits"`
	UsageLimits         *APIKeyUsageLimits    `json:"usage_limits"`
	Scopes              []string              `json:"scopes"`
	Defaults            *APIKeyDefaults       `json:"defaults"`
	AlertEmails         []string              `json:"alert_emails"`
	ExpiresAt           *string               `json:"expires_at"`
	LastResetAt         *string               `json:"last_reset_at"`
	NextUsageResetAt    *string               `json:"next_usage_reset_at"`
	AllowConfigOverride *FlexBool             `json:"allow_config_override"` // top-level copy: null, 0 or 1
	RotationPolicy      *APIKeyRotationPolicy `json:"rotation_policy"`

	// FromListing is set on an answer of ReadAPIKey that came from the API
	// keys list rather than GET (bulkFieldTable).
	FromListing bool `json:"-"`
}

// KeyType is the first half of Type: "organisation" or "workspace".
func (k *APIKey) KeyType() string {
	t, _, _ := strings.Cut(k.Type, "-")
	return t
}

// SubType is the second half of Type: "service" or "user".
func (k *APIKey) SubType() string {
	_, s, _ := strings.Cut(k.Type, "-")
	return s
}

// ConfigOverrideAllowed reads allow_config_override from defaults (GET) or,
// where defaults lack it (list items), from the top-level integer copy. The
// default is false.
func (k *APIKey) ConfigOverrideAllowed() bool {
	if k.Defaults != nil && k.Defaults.AllowConfigOverride != nil {
		return bool(*k.Defaults.AllowConfigOverride)
	}
	if k.AllowConfigOverride != nil {
		return bool(*k.AllowConfigOverride)
	}
	return false
}

// APIKeyDefaults is a key's "defaults" object as the API answers it.
// Metadata is free-form JSON; the provider writes strings.
type APIKeyDefaults struct {
	Metadata            map[string]any `json:"metadata"`
	ConfigID            *string        `json:"config_id"`
	AllowConfigOverride *FlexBool      `json:"allow_config_override,omitempty"`
}

// APIKeyDefaultsRequest is the "defaults" object of a create or update.
// Unset members are left out, never sent as null (the spec does not let
// them be null); since PUT replaces defaults whole, leaving one out of an
// update clears it.
type APIKeyDefaultsRequest struct {
	Metadata            map[string]string `json:"metadata,omitempty"`
	ConfigID            *string           `json:"config_id,omitempty"`
	AllowConfigOverride *bool             `json:"allow_config_override,omitempty"`
}

// APIKeyRateLimit is one rate limit: type requests|tokens, unit
// rpd|rph|rpm|rps|rpw, value >= 0.
type APIKeyRateLimit struct {
	Type  string `json:"type"`
	Unit  string `json:"unit"`
	Value int64  `json:"value"`
}

// APIKeyUsageLimits is a key's single usage (budget) limit. CreditLimit and
// AlertThreshold are decimals (dollars for type "cost"); PeriodicReset and
// PeriodicResetDays are mutually exclusive. NextUsageResetAt is computed by
// the API from the reset schedule; requests leave it unset.
type APIKeyUsageLimits struct {
	Type              string   `json:"type,omitempty"`
	CreditLimit       *float64 `json:"credit_limit,omitempty"`
	AlertThreshold    *float64 `json:"alert_threshold,omitempty"`
	PeriodicReset     *string  `json:"periodic_reset,omitempty"`
	PeriodicResetDays *int64   `json:"periodic_reset_days,omitempty"`
	NextUsageResetAt  *string  `json:"next_usage_reset_at,omitempty"`
}

// APIKeyRotationPolicy is a key's automatic rotation: RotationPeriod
// (weekly|monthly) or NextRotationAt (normalised by the API to UTC
// midnight), and KeyTransitionPeriodMS (>= 1800000, default 1800000). Status
// is read-only ("ACTIVE"); requests leave it empty.
type APIKeyRotationPolicy struct {
	RotationPeriod        *string `json:"rotation_period,omitempty"`
	NextRotationAt        *string `json:"next_rotation_at,omitempty"`
	KeyTransitionPeriodMS *int64  `json:"key_transition_period_ms,omitempty"`
	Status                string  `json:"status,omitempty"`
}

// CreateAPIKeyRequest is the body of POST /api-keys/{type}/{sub-type}.
type CreateAPIKeyRequest struct {
	Name           string                 `json:"name"`
	Description    *string                `json:"description,omitempty"`
	WorkspaceID    *string                `json:"workspace_id,omitempty"` // UUID or slug; workspace keys only
	UserID         *string                `json:"user_id,omitempty"`      // user keys only
	Scopes         []string               `json:"scopes"`
	Defaults       *APIKeyDefaultsRequest `json:"defaults,omitempty"`
	AlertEmails    []string               `json:"alert_emails,omitempty"`
	ExpiresAt      *string                `json:"expires_at,omitempty"`
	RateLimits     []APIKeyRateLimit      `json:"rate_limits,omitempty"`
	UsageLimits    *APIKeyUsageLimits     `json:"usage_limits,omitempty"`
	RotationPolicy *APIKeyRotationPolicy  `json:"rotation_policy,omitempty"`
}

// UpdateAPIKeyRequest is the body of PUT /api-keys/{id}: the full desired
// object, so what is unset here is cleared on the server, each field the way
// Portkey's spec allows (MarshalJSON): a nil Description is sent as "", nil
// AlertEmails as [], nil Defaults as {} (defaults are replaced whole); a nil
// ExpiresAt, RateLimits or RotationPolicy as null (nullable in the spec),
// and a nil UsageLimits as null too (the API clears it so: API-NOTES 6).
// ResetUsage, when true, resets the usage once (an exhausted key becomes
// active again); it is not a stored field. The type, workspace and user of a
// key cannot be changed.
type UpdateAPIKeyRequest struct {
	Name           string
	Description    *string
	Scopes         []string
	Defaults       *APIKeyDefaultsRequest
	AlertEmails    []string
	ExpiresAt      *string
	RateLimits     []APIKeyRateLimit
	UsageLimits    *APIKeyUsageLimits
	RotationPolicy *APIKeyRotationPolicy
	ResetUsage     bool
}

// MarshalJSON writes the full PUT body, with no null where the spec does not
// allow one.
func (r UpdateAPIKeyRequest) MarshalJSON() ([]byte, error) {
	wire := struct {
		Name           string                `json:"name"`
		Description    string                `json:"description"`
		Scopes         []string              `json:"scopes"`
		Defaults       APIKeyDefaultsRequest `json:"defaults"`
		AlertEmails    []string              `json:"alert_emails"`
		ExpiresAt      *string               `json:"expires_at"`
		RateLimits     []APIKeyRateLimit     `json:"rate_limits"`
		UsageLimits    *APIKeyUsageLimits    `json:"usage_limits"`
		RotationPolicy *APIKeyRotationPolicy `json:"rotation_policy"`
		ResetUsage     bool                  `json:"reset_usage,omitempty"`
	}{
		Name: r.Name, Scopes: r.Scopes, AlertEmails: r.AlertEmails, ExpiresAt: r.ExpiresAt,
		RateLimits: r.RateLimits, UsageLimits: r.UsageLimits, RotationPolicy: r.RotationPolicy, ResetUsage: r.ResetUsage,
	}
	if r.Description != nil {
		wire.Description = *r.Description
	}
	if r.Defaults != nil {
		wire.Defaults = *r.Defaults
	}
	if wire.AlertEmails == nil {
		wire.AlertEmails = []string{}
	}
	if len(wire.RateLimits) == 0 {
		wire.RateLimits = nil
	}
	return json.Marshal(wire)
}

// CreatedAPIKey is the answer of a create: the only time, besides a
// rotation, that the API shows the secret.
type CreatedAPIKey struct {
	ID     string `json:"id"`
	Key    string `json:"key"`
	Object string `json:"object"`
}

// RotatedAPIKey is the answer of a rotation: the new secret, and until when
// the previous one is still accepted.
type RotatedAPIKey struct {
	ID                     string `json:"id"`
	Key                    string `json:"key"`
	KeyTransitionExpiresAt string `json:"key_transition_expires_at"`
}

// ListAPIKeysOptions filters GET /api-keys. WorkspaceID takes a UUID or a
// slug. PageSize 0 means DefaultPageSize.
type ListAPIKeysOptions struct {
	WorkspaceID string
	PageSize    int
}

// CreateAPIKey creates a key: keyType is "organisation" or "workspace",
// subType "service" or "user". A POST is never retried after an ambiguous
// failure (see IsAmbiguous): callers reconcile with ListAPIKeys.
func (c *Client) CreateAPIKey(ctx context.Context, keyType, subType string, req CreateAPIKeyRequest) (*CreatedAPIKey, error) {
	var out CreatedAPIKey
	if err := c.do(ctx, "POST", pathf("/api-keys/%s/%s", keyType, subType), nil, req, &out); err != nil {
		return nil, err
	}
	if out.ID == "" {
		return nil, &DecodeError{Method: "POST", Path: pathf("/api-keys/%s/%s", keyType, subType), StatusCode: 200,
			Err: errors.New("the answer carried no key id")}
	}
	return &out, nil
}

// ListAPIKeys returns every key (all pages), optionally of one workspace.
func (c *Client) ListAPIKeys(ctx context.Context, opts ListAPIKeysOptions) ([]APIKey, error) {
	q := url.Values{}
	if opts.WorkspaceID != "" {
		q.Set("workspace_id", opts.WorkspaceID)
	}
	return listAll[APIKey](ctx, c, "/api-keys", q, snakePaging, opts.PageSize)
}

// GetAPIKey reads one key; its Key is masked.
func (c *Client) GetAPIKey(ctx context.Context, id string) (*APIKey, error) {
	var out APIKey
	if err := c.do(ctx, "GET", pathf("/api-keys/%s", id), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateAPIKey replaces a key's mutable fields with req (the API answers {}).
func (c *Client) UpdateAPIKey(ctx context.Context, id string, req UpdateAPIKeyRequest) error {
	return c.do(ctx, "PUT", pathf("/api-keys/%s", id), nil, req, nil)
}

// ResetAPIKeyUsage resets a key's usage once (an exhausted key becomes active
// again) with a PUT whose body is only {"reset_usage": true}: the PUT changes
// the fields its body names (a null clears one), so every other field keeps
// its value.
func (c *Client) ResetAPIKeyUsage(ctx context.Context, id string) error {
	body := struct {
		ResetUsage bool `json:"reset_usage"`
	}{true}
	return c.do(ctx, "PUT", pathf("/api-keys/%s", id), nil, body, nil)
}

// DeleteAPIKey deletes a key.
func (c *Client) DeleteAPIKey(ctx context.Context, id string) error {
	return c.do(ctx, "DELETE", pathf("/api-keys/%s", id), nil, nil, nil)
}

// RotateAPIKey mints a new secret for a key (same id). The previous secret
// stays valid for transitionMS milliseconds (nil: the key's policy or the
// API's default of 30 minutes). The API refuses a second rotation while a
// transition is running.
func (c *Client) RotateAPIKey(ctx context.Context, id string, transitionMS *int64) (*RotatedAPIKey, error) {
	body := struct {
		KeyTransitionPeriodMS *int64 `json:"key_transition_period_ms,omitempty"`
	}{transitionMS}
	var out RotatedAPIKey
	if err := c.do(ctx, "POST", pathf("/api-keys/%s/rotate", id), nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// FlexBool decodes the API's mixed boolean encodings: true/false, 0/1 and
// "true"/"false". It encodes as a JSON boolean.
type FlexBool bool

// UnmarshalJSON implements json.Unmarshaler.
func (b *FlexBool) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch string(data) {
	case "null":
		return nil
	case "true", "1", `"true"`, `"1"`:
		*b = true
		return nil
	case "false", "0", `"false"`, `"0"`, `""`:
		*b = false
		return nil
	}
	var n float64
	if err := json.Unmarshal(data, &n); err == nil {
		*b = n != 0
		return nil
	}
	return fmt.Errorf("cannot read %s as a boolean", data)
}
