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
	return c
}

// workspaceOut is a workspace as the API answers it: the name in display
// form unless plain is asked for.
func workspaceOut(w *Workspace, plain bool) Workspace {
	c := cloneWorkspace(w)
	if !plain && w.Icon != nil && *w.Icon != "" {
		c.Name = *w.Icon + " " + w.Name
	}
	return c
}

// workspaceListItem is a list entry. Kept simple: the embedded workspace
// minus organisation_id (the shadowing field is always nil, hence omitted)
// and without users, as the real list answers.
type workspaceListItem struct {
	Workspace
	OrganisationID *string `json:"organisation_id,omitempty"`
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

type workspaceWithUsers struct {
	Workspace
	Users []workspaceUser `json:"users"`
}
