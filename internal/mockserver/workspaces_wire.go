package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Workspace request and answer shapes, limit validation and copies.

// nullable is a request field that tells "left out" from null from a value.
// Its value is decoded strictly (unknown fields are errors).
type nullable[T any] struct {
	set, null bool
	v         T
}

func (n *nullable[T]) UnmarshalJSON(b []byte) error {
	n.set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		n.null = true
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(&n.v)
}

type workspaceCreateInput struct {
	Name           *string `json:"name"`
	Description    *string `json:"description"`
	Icon           *string `json:"icon"`
	OrganisationID *string `json:"organisation_id"`
	Defaults       *struct {
		Metadata map[string]string `json:"metadata"`
	} `json:"defaults"`
	UsageLimits []UsageLimit `json:"usage_limits"`
	RateLimits  []RateLimit  `json:"rate_limits"`
	Users       []string     `json:"users"`
}

type workspaceDefaultsInput struct {
	Metadata         map[string]string `json:"metadata"`
	InputGuardrails  []string          `json:"input_guardrails"`
	OutputGuardrails []string          `json:"output_guardrails"`
	UserAPIKeyConfig *string           `json:"user_api_key_config"`
}

type workspaceUpdateInput struct {
	Name        *string                          `json:"name"`
	Description nullable[string]                 `json:"description"`
	Icon        nullable[string]                 `json:"icon"`
	Defaults    nullable[workspaceDefaultsInput] `json:"defaults"`
	UsageLimits nullable[[]UsageLimit]           `json:"usage_limits"`
	RateLimits  nullable[[]RateLimit]            `json:"rate_limits"`
}

// validateLimits checks limits as the API's validator does.
func validateLimits(usage []UsageLimit, rates []RateLimit) *apiError {
	for i, u := range usage {
		f := func(name string) string { return fmt.Sprintf("usage_limits[%d].%s", i, name) }
		if err := oneOf(f("type"), u.Type, "cost", "tokens"); err != nil {
			return err
		}
		if u.CreditLimit != nil && *u.CreditLimit < 1 {
			return errInvalid("Validation failed: %s: must be at least 1", f("credit_limit"))
		}
		if u.AlertThreshold != nil && *u.AlertThreshold < 1 {
			return errInvalid("Validation failed: %s: must be at least 1", f("alert_threshold"))
		}
		if u.PeriodicReset != nil {
			if err := oneOf(f("periodic_reset"), *u.PeriodicReset, "monthly", "weekly"); err != nil {
				return err
			}
		}
		if u.PeriodicResetDays != nil && (*u.PeriodicResetDays < 1 || *u.PeriodicResetDays > 365) {
			return errInvalid("Validation failed: %s: must be between 1 and 365", f("periodic_reset_days"))
		}
		if u.PeriodicReset != nil && u.PeriodicResetDays != nil {
			return errInvalid("Cannot set both periodic_reset and periodic_reset_days")
		}
		if u.NextUsageResetAt != nil {
			if _, err := time.Parse(time.RFC3339, *u.NextUsageResetAt); err != nil {
				return errInvalid("Validation failed: %s: Invalid value", f("next_usage_reset_at"))
			}
		}
	}
	for i, l := range rates {
		f := func(name string) string { return fmt.Sprintf("rate_limits[%d].%s", i, name) }
		if err := oneOf(f("type"), l.Type, "requests", "tokens"); err != nil {
			return err
		}
		if err := oneOf(f("unit"), l.Unit, "rpm", "rph", "rpd"); err != nil {
			return err
		}
		if l.Value < 0 {
			return errInvalid("Validation failed: %s: must be at least 0", f("value"))
		}
	}
	return nil
}

// normalizeUsageLimitsLocked copies limits for storage, computing
// next_usage_reset_at when a periodic reset is set and no time was given.
func (s *Server) normalizeUsageLimitsLocked(in []UsageLimit) []UsageLimit {
	if len(in) == 0 {
		return nil
	}
	out := make([]UsageLimit, len(in))
	now := s.now()
	for i, u := range in {
		out[i] = u
		if u.NextUsageResetAt != nil {
			continue
		}
		var next time.Time
		switch {
		case u.PeriodicReset != nil && *u.PeriodicReset == "monthly":
			next = time.Date(now.Year(), now.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		case u.PeriodicReset != nil && *u.PeriodicReset == "weekly":
			days := (8 - int(now.Weekday())) % 7
			if days == 0 {
				days = 7
			}
			next = time.Date(now.Year(), now.Month(), now.Day()+days, 0, 0, 0, 0, time.UTC)
		case u.PeriodicResetDays != nil:
			next = now.AddDate(0, 0, *u.PeriodicResetDays)
		default:
			continue
		}
		stamp := next.Format(timeFormat)
		out[i].NextUsageResetAt = &stamp
	}
	return out
}

// nonEmpty stores "" as unset.
func nonEmpty(p *string) *string {
	if p == nil || *p == "" {
		return nil
	}
	v := *p
	return &v
}

// cloneWorkspace deep-copies a stored workspace for an answer.
func cloneWorkspace(w *Workspace) Workspace {
	c := *w
	c.Dependents = 0
	if w.Defaults != nil {
		d := *w.Defaults
		if w.Defaults.Metadata != nil {
			d.Metadata = make(map[string]string, len(w.Defaults.Metadata))
			for k, v := range w.Defaults.Metadata {
				d.Metadata[k] = v
			}
		}
		d.InputGuardrails = append([]string(nil), w.Defaults.InputGuardrails...)
		d.OutputGuardrails = append([]string(nil), w.Defaults.OutputGuardrails...)
		c.Defaults = &d
	}
	c.UsageLimits = append([]UsageLimit(nil), w.UsageLimits...)
	c.RateLimits = append([]RateLimit(nil), w.RateLimits...)
	if w.SecuritySettings != nil {
		c.SecuritySettings = make(map[string]bool, len(w.SecuritySettings))
		for k, v := range w.SecuritySettings {
			c.SecuritySettings[k] = v
		}
	}
	if w.Settings != nil {
		st := *w.Settings
		c.Settings = &st
	}
	return c
}

// displayName is the name as answers show it: with an icon set, the API
// prepends it ("🚀 Production") unless ?name_format=plain (4).
func displayName(w *Workspace, plain bool) string {
	if !plain && w.Icon != nil && *w.Icon != "" {
		return *w.Icon + " " + w.Name
	}
	return w.Name
}

// WorkspaceSettings is a workspace's "settings" object as the live GET
// answers it (API-NOTES.md 4, 11.11): 0/1 flags, counts and TTLs, where
// user_api_key_count -1 means unlimited.
type WorkspaceSettings struct {
	DebugLog                int `json:"debug_log"`
	UserAPIKeyTTL           int `json:"user_api_key_ttl"`
	UserKeyMetadata         int `json:"user_key_metadata"`
	UserAPIKeyCount         int `json:"user_api_key_count"`
	UserAPIKeyMaxTTL        int `json:"user_api_key_max_ttl"`
	UserKeyMetadataOverride int `json:"user_key_metadata_override"`
}

func defaultWorkspaceSettings() *WorkspaceSettings {
	return &WorkspaceSettings{DebugLog: 1, UserKeyMetadata: 1, UserAPIKeyCount: -1, UserKeyMetadataOverride: 1}
}

// securitySettingNames are the members of a workspace's security_settings as
// the live answers name them (API-NOTES.md 4, 11.11): who may see and change
// what inside the workspace.
var securitySettingNames = []string{
	"managersUpdateWs", "managersViewAllData", "managersViewAnalytics", "managersViewApiKeys", "managersViewConfigs",
	"managersViewGuardrails", "managersViewLogMetadata", "managersViewLogs", "managersViewPrompts",
	"managersViewVirtualKeys", "managersWriteApiKeys", "managersWriteConfigs", "managersWriteGuardrails",
	"managersWriteMcpServers", "managersWritePrompts", "managersWriteVirtualKeys", "managersWriteWsIntegrations",
	"managersWriteWsMcpIntegrations", "managersWriteWsUsers", "membersViewAllData", "membersViewAnalytics",
	"membersViewApiKeys", "membersViewConfigs", "membersViewGuardrails", "membersViewLogMetadata", "membersViewLogs",
	"membersViewPrompts", "membersViewVirtualKeys", "membersWriteApiKeys", "membersWriteConfigs",
	"membersWriteGuardrails", "membersWritePrompts", "membersWriteVirtualKeys", "organisationAdminsViewLogMetadata",
	"organisationAdminsViewLogs",
}

// defaultSecuritySettings allows everything: the mock's choice (the real
// defaults are the organisation's and undocumented).
func defaultSecuritySettings() map[string]bool {
	out := make(map[string]bool, len(securitySettingNames))
	for _, n := range securitySettingNames {
		out[n] = true
	}
	return out
}

// workspaceGetView is GET /admin/workspaces/{id} as recorded live
// (testdata/live-shapes.json, workspace_get): no status; created_by,
// creation_source, last_reset_at, security_settings, settings,
// organisation_id and the members without email.
type workspaceGetView struct {
	ID               string             `json:"id"`
	Name             string             `json:"name"`
	Description      *string            `json:"description"`
	CreatedAt        string             `json:"created_at"`
	LastUpdatedAt    string             `json:"last_updated_at"`
	IsDefault        int                `json:"is_default"`
	Defaults         *WorkspaceDefaults `json:"defaults"`
	Slug             string             `json:"slug"`
	Icon             *string            `json:"icon"`
	UsageLimits      []UsageLimit       `json:"usage_limits"`
	RateLimits       []RateLimit        `json:"rate_limits"`
	SecuritySettings map[string]bool    `json:"security_settings"`
	Settings         *WorkspaceSettings `json:"settings"`
	OrganisationID   string             `json:"organisation_id"`
	LastResetAt      *string            `json:"last_reset_at"`
	CreatedBy        string             `json:"created_by"`
	CreationSource   string             `json:"creation_source"`
	Users            []workspaceUser    `json:"users"`
	Object           string             `json:"object"`
}

func workspaceGetOut(w *Workspace, plain bool, users []workspaceUser) workspaceGetView {
	c := cloneWorkspace(w)
	return workspaceGetView{
		ID: c.ID, Name: displayName(w, plain), Description: c.Description, CreatedAt: c.CreatedAt,
		LastUpdatedAt: c.LastUpdatedAt, IsDefault: c.IsDefault, Defaults: c.Defaults, Slug: c.Slug, Icon: c.Icon,
		UsageLimits: c.UsageLimits, RateLimits: c.RateLimits, SecuritySettings: c.SecuritySettings,
		Settings: c.Settings, OrganisationID: c.OrganisationID, LastResetAt: c.LastResetAt, CreatedBy: c.CreatedBy,
		CreationSource: c.CreationSource, Users: users, Object: "workspace",
	}
}

// workspaceListItem is a list item as recorded live (workspace_list_item):
// status and scim_source_id, security_settings, and no organisation_id,
// users, settings, created_by, creation_source or last_reset_at. The create
// answer has this shape too: the spec gives create and list items one schema
// (Workspace), and no create answer was recorded.
type workspaceListItem struct {
	ID               string                 `json:"id"`
	Slug             string                 `json:"slug"`
	Name             string                 `json:"name"`
	Icon             *string                `json:"icon"`
	Description      *string                `json:"description"`
	CreatedAt        string                 `json:"created_at"`
	LastUpdatedAt    string                 `json:"last_updated_at"`
	Defaults         *workspaceListDefaults `json:"defaults"`
	IsDefault        int                    `json:"is_default"`
	ScimSourceID     *string                `json:"scim_source_id"`
	UsageLimits      []UsageLimit           `json:"usage_limits"`
	RateLimits       []RateLimit            `json:"rate_limits"`
	SecuritySettings map[string]bool        `json:"security_settings"`
	Status           string                 `json:"status"`
	Object           string                 `json:"object"`
}

// workspaceListDefaults is a list item's defaults: the spec's Workspace
// schema has only metadata and is_default there (the guardrails and the user
// key config are GET single's).
type workspaceListDefaults struct {
	Metadata  map[string]string `json:"metadata,omitempty"`
	IsDefault *int              `json:"is_default,omitempty"`
}

func workspaceListOut(w *Workspace) workspaceListItem {
	c := cloneWorkspace(w)
	item := workspaceListItem{
		ID: c.ID, Slug: c.Slug, Name: displayName(w, false), Icon: c.Icon, Description: c.Description,
		CreatedAt: c.CreatedAt, LastUpdatedAt: c.LastUpdatedAt, IsDefault: c.IsDefault, ScimSourceID: c.ScimSourceID,
		UsageLimits: c.UsageLimits, RateLimits: c.RateLimits, SecuritySettings: c.SecuritySettings,
		Status: c.Status, Object: "workspace",
	}
	if d := c.Defaults; d != nil && (len(d.Metadata) > 0 || d.IsDefault != nil) {
		item.Defaults = &workspaceListDefaults{Metadata: d.Metadata, IsDefault: d.IsDefault}
	}
	return item
}

// workspaceUser is a member as embedded in GET single: no email.
type workspaceUser struct {
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
