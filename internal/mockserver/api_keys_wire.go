package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// API keys on the wire: the request bodies (decoded strictly), the GET and
// list shapes, and the validation rules of API-NOTES.md 6.

var apiKeyEmailPattern = regexp.MustCompile(`^[^\s@]+@[^\s@]+\.[^\s@]+$`)

// ---- wire input types (decoded strictly) ----

// keyField is a JSON field that tells absent (set false) from null.
type keyField[T any] struct {
	set, null bool
	v         T
}

func (f *keyField[T]) UnmarshalJSON(b []byte) error {
	f.set = true
	if string(bytes.TrimSpace(b)) == "null" {
		f.null = true
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(&f.v)
}

type apiKeyRateLimitInput struct {
	Type  *string `json:"type"`
	Unit  *string `json:"unit"`
	Value *int64  `json:"value"`
}

type apiKeyUsageLimitsInput struct {
	Type              *string  `json:"type"`
	CreditLimit       *float64 `json:"credit_limit"`
	AlertThreshold    *float64 `json:"alert_threshold"`
	PeriodicReset     *string  `json:"periodic_reset"`
	PeriodicResetDays *int     `json:"periodic_reset_days"`
	NextUsageResetAt  *string  `json:"next_usage_reset_at"`
}

type apiKeyDefaultsInput struct {
	Metadata            map[string]any `json:"metadata"`
	ConfigID            *string        `json:"config_id"`
	AllowConfigOverride *bool          `json:"allow_config_override"`
}

type apiKeyRotationPolicyInput struct {
	RotationPeriod        *string `json:"rotation_period"`
	NextRotationAt        *string `json:"next_rotation_at"`
	KeyTransitionPeriodMS *int64  `json:"key_transition_period_ms"`
}

type apiKeyCreateInput struct {
	Name           *string                    `json:"name"`
	Description    *string                    `json:"description"`
	OrganisationID *string                    `json:"organisation_id"`
	WorkspaceID    *string                    `json:"workspace_id"`
	UserID         *string                    `json:"user_id"`
	RateLimits     []apiKeyRateLimitInput     `json:"rate_limits"`
	UsageLimits    *apiKeyUsageLimitsInput    `json:"usage_limits"`
	Scopes         *[]string                  `json:"scopes"`
	Defaults       *apiKeyDefaultsInput       `json:"defaults"`
	AlertEmails    []string                   `json:"alert_emails"`
	ExpiresAt      *string                    `json:"expires_at"`
	RotationPolicy *apiKeyRotationPolicyInput `json:"rotation_policy"`
}

type apiKeyUpdateInput struct {
	Name           keyField[string]                    `json:"name"`
	Description    keyField[string]                    `json:"description"`
	RateLimits     keyField[[]apiKeyRateLimitInput]    `json:"rate_limits"`
	UsageLimits    keyField[apiKeyUsageLimitsInput]    `json:"usage_limits"`
	ResetUsage     keyField[bool]                      `json:"reset_usage"`
	Scopes         keyField[[]string]                  `json:"scopes"`
	Defaults       keyField[apiKeyDefaultsInput]       `json:"defaults"`
	AlertEmails    keyField[[]string]                  `json:"alert_emails"`
	ExpiresAt      keyField[string]                    `json:"expires_at"`
	RotationPolicy keyField[apiKeyRotationPolicyInput] `json:"rotation_policy"`
}

// ---- views ----

// apiKeyCommonView holds what GET and list items share, as recorded live
// (testdata/live-shapes.json, api_key_get and api_key_list_item): the
// stored key plus the real API's extra fields. The top-level
// allow_config_override is an integer copy of the defaults' flag, null while
// the key has no defaults record (api_key_defaults_id null).
type apiKeyCommonView struct {
	ID                  string             `json:"id"`
	Key                 string             `json:"key"`
	Name                string             `json:"name"`
	Description         *string            `json:"description"`
	Type                string             `json:"type"`
	OrganisationID      string             `json:"organisation_id"`
	WorkspaceID         *string            `json:"workspace_id"`
	UserID              *string            `json:"user_id"`
	Status              string             `json:"status"`
	CreatedAt           string             `json:"created_at"`
	LastUpdatedAt       string             `json:"last_updated_at"`
	CreationMode        string             `json:"creation_mode"`
	RateLimits          []APIKeyRateLimit  `json:"rate_limits"`
	UsageLimits         *APIKeyUsageLimits `json:"usage_limits"`
	ResetUsage          *int               `json:"reset_usage"`
	ExpiresAt           *string            `json:"expires_at"`
	LastResetAt         *string            `json:"last_reset_at"`
	AlertEmails         []string           `json:"alert_emails"`
	ExpiryEnforced      int                `json:"expiry_enforced"`
	AllowConfigOverride *int               `json:"allow_config_override"`
	APIKeyDefaultsID    *string            `json:"api_key_defaults_id"`
	Scopes              []string           `json:"scopes"`
}

// apiKeyGetView is GET /api-keys/{id}: never key_transition_expires_at
// (only the rotate answer has it), and rotation_policy only when one is set.
type apiKeyGetView struct {
	apiKeyCommonView
	NextUsageResetAt *string               `json:"next_usage_reset_at"`
	Defaults         APIKeyDefaults        `json:"defaults"`
	Object           string                `json:"object"`
	RotationPolicy   *APIKeyRotationPolicy `json:"rotation_policy,omitempty"`
}

// apiKeyListItem is a list item: no next_usage_reset_at, rotation_policy or
// key_transition_expires_at, and defaults without allow_config_override.
type apiKeyListItem struct {
	apiKeyCommonView
	Defaults apiKeyListDefaults `json:"defaults"`
	Object   string             `json:"object"`
}

type apiKeyListDefaults struct {
	Metadata map[string]any `json:"metadata"`
	ConfigID *string        `json:"config_id"`
}

func apiKeyCommonOut(k *APIKey) apiKeyCommonView {
	c := cloneAPIKey(k)
	out := apiKeyCommonView{
		ID: c.ID, Key: c.Key, Name: c.Name, Description: c.Description, Type: c.Type,
		OrganisationID: c.OrganisationID, WorkspaceID: c.WorkspaceID, UserID: c.UserID, Status: c.Status,
		CreatedAt: c.CreatedAt, LastUpdatedAt: c.LastUpdatedAt, CreationMode: c.CreationMode,
		RateLimits: c.RateLimits, UsageLimits: c.UsageLimits, ExpiresAt: c.ExpiresAt, LastResetAt: c.LastResetAt,
		AlertEmails: c.AlertEmails, ExpiryEnforced: c.ExpiryEnforced, APIKeyDefaultsID: c.APIKeyDefaultsID,
		Scopes: c.Scopes,
	}
	if out.RateLimits == nil {
		out.RateLimits = []APIKeyRateLimit{}
	}
	if c.APIKeyDefaultsID != nil {
		flag := 0
		if c.Defaults.AllowConfigOverride {
			flag = 1
		}
		out.AllowConfigOverride = &flag
	}
	return out
}

func apiKeyGetOut(k *APIKey) apiKeyGetView {
	out := apiKeyGetView{apiKeyCommonView: apiKeyCommonOut(k), Object: "api-key"}
	c := cloneAPIKey(k)
	out.Defaults = c.Defaults
	out.RotationPolicy = c.RotationPolicy
	if c.UsageLimits != nil {
		out.NextUsageResetAt = c.UsageLimits.NextUsageResetAt
	}
	return out
}

func apiKeyListOut(k *APIKey) apiKeyListItem {
	c := cloneAPIKey(k)
	return apiKeyListItem{
		apiKeyCommonView: apiKeyCommonOut(k),
		Defaults:         apiKeyListDefaults{Metadata: c.Defaults.Metadata, ConfigID: c.Defaults.ConfigID},
		Object:           "api-key",
	}
}

func ptrTo[T any](v T) *T { return &v }

func cloneAPIKey(k *APIKey) APIKey {
	c := *k
	c.Scopes = append([]string(nil), k.Scopes...)
	c.AlertEmails = append([]string(nil), k.AlertEmails...)
	if k.AlertEmails == nil {
		c.AlertEmails = nil
	}
	c.RateLimits = append([]APIKeyRateLimit(nil), k.RateLimits...)
	if k.UsageLimits != nil {
		u := *k.UsageLimits
		c.UsageLimits = &u
	}
	if k.RotationPolicy != nil {
		p := *k.RotationPolicy
		c.RotationPolicy = &p
	}
	if k.Defaults.Metadata != nil {
		c.Defaults.Metadata = make(map[string]any, len(k.Defaults.Metadata))
		for key, v := range k.Defaults.Metadata {
			c.Defaults.Metadata[key] = v
		}
	}
	return c
}

// ---- validation ----

func validateAPIKeyName(name string) *apiError {
	if strings.TrimSpace(name) == "" {
		return errInvalid("Validation failed: name: Required")
	}
	if utf8.RuneCountInString(name) > 100 {
		return errInvalid("Validation failed: name: String must contain at most 100 character(s)")
	}
	return nil
}

func validateAPIKeyDescription(d string) *apiError {
	if utf8.RuneCountInString(d) > 200 {
		return errInvalid("Validation failed: description: String must contain at most 200 character(s)")
	}
	return nil
}

func validateAPIKeyScopes(scopes []string) *apiError {
	if len(scopes) == 0 {
		return errInvalid("Validation failed: scopes: Array must contain at least 1 element(s)")
	}
	for i, sc := range scopes {
		if strings.TrimSpace(sc) == "" {
			return errInvalid("Validation failed: scopes.%d: Invalid value", i)
		}
	}
	return nil
}

func validateAPIKeyEmails(emails []string) *apiError {
	for i, e := range emails {
		if !apiKeyEmailPattern.MatchString(e) {
			return errInvalid("Validation failed: alert_emails.%d: Invalid email", i)
		}
	}
	return nil
}

func apiKeyRateLimitsFrom(in []apiKeyRateLimitInput) ([]APIKeyRateLimit, *apiError) {
	var out []APIKeyRateLimit
	for i, rl := range in {
		switch {
		case rl.Type == nil:
			return nil, errInvalid("Validation failed: rate_limits.%d.type: Required", i)
		case rl.Unit == nil:
			return nil, errInvalid("Validation failed: rate_limits.%d.unit: Required", i)
		case rl.Value == nil:
			return nil, errInvalid("Validation failed: rate_limits.%d.value: Required", i)
		case *rl.Value < 0:
			return nil, errInvalid("Validation failed: rate_limits.%d.value: Number must be greater than or equal to 0", i)
		}
		if err := oneOf(fmt.Sprintf("rate_limits.%d.type", i), *rl.Type, "requests", "tokens"); err != nil {
			return nil, err
		}
		if err := oneOf(fmt.Sprintf("rate_limits.%d.unit", i), *rl.Unit, "rpd", "rph", "rpm", "rps", "rpw"); err != nil {
			return nil, err
		}
		out = append(out, APIKeyRateLimit{Type: *rl.Type, Unit: *rl.Unit, Value: *rl.Value})
	}
	return out, nil
}

// parseFutureTime reads an RFC 3339 time that must lie in the future.
func (s *Server) parseFutureTime(field, v string) (time.Time, *apiError) {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, errInvalid("Validation failed: %s: Invalid datetime", field)
	}
	if !t.After(s.now()) {
		return time.Time{}, errInvalid("Validation failed: %s: must be in the future", field)
	}
	return t.UTC(), nil
}

func nextMonday(now time.Time) time.Time {
	d := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	days := (8 - int(d.Weekday())) % 7
	if days == 0 {
		days = 7
	}
	return d.AddDate(0, 0, days)
}

func firstOfNextMonth(now time.Time) time.Time {
	return time.Date(now.Year(), now.Month()+1, 1, 0, 0, 0, 0, time.UTC)
}

// usageLimitsLocked validates a usage limit; old (may be nil) keeps the next
// reset time while the schedule is unchanged.
func (s *Server) usageLimitsLocked(in apiKeyUsageLimitsInput, old *APIKeyUsageLimits) (*APIKeyUsageLimits, *apiError) {
	if in.Type == nil {
		return nil, errInvalid("Validation failed: usage_limits.type: Required")
	}
	if err := oneOf("usage_limits.type", *in.Type, "cost", "tokens"); err != nil {
		return nil, err
	}
	if in.CreditLimit != nil && *in.CreditLimit <= 0 {
		return nil, errInvalid("Validation failed: usage_limits.credit_limit: Number must be greater than 0")
	}
	if in.AlertThreshold != nil && *in.AlertThreshold < 0 {
		return nil, errInvalid("Validation failed: usage_limits.alert_threshold: Number must be greater than or equal to 0")
	}
	if in.PeriodicReset != nil && in.PeriodicResetDays != nil {
		return nil, errInvalid("Cannot set both periodic_reset and periodic_reset_days")
	}
	if in.PeriodicReset != nil {
		if err := oneOf("usage_limits.periodic_reset", *in.PeriodicReset, "monthly", "weekly"); err != nil {
			return nil, err
		}
	}
	if in.PeriodicResetDays != nil && (*in.PeriodicResetDays < 1 || *in.PeriodicResetDays > 365) {
		return nil, errInvalid("Validation failed: usage_limits.periodic_reset_days: Number must be between 1 and 365")
	}
	out := &APIKeyUsageLimits{
		Type: *in.Type, CreditLimit: in.CreditLimit, AlertThreshold: in.AlertThreshold,
		PeriodicReset: in.PeriodicReset, PeriodicResetDays: in.PeriodicResetDays,
	}
	switch {
	case in.NextUsageResetAt != nil:
		t, err := s.parseFutureTime("usage_limits.next_usage_reset_at", *in.NextUsageResetAt)
		if err != nil {
			return nil, err
		}
		v := t.Format(timeFormat)
		out.NextUsageResetAt = &v
	case old != nil && old.NextUsageResetAt != nil && sameSchedule(old, out):
		out.NextUsageResetAt = old.NextUsageResetAt
	default:
		out.NextUsageResetAt = s.nextUsageReset(out)
	}
	return out, nil
}

func sameSchedule(a, b *APIKeyUsageLimits) bool {
	eqS := a.PeriodicReset == nil && b.PeriodicReset == nil ||
		a.PeriodicReset != nil && b.PeriodicReset != nil && *a.PeriodicReset == *b.PeriodicReset
	eqD := a.PeriodicResetDays == nil && b.PeriodicResetDays == nil ||
		a.PeriodicResetDays != nil && b.PeriodicResetDays != nil && *a.PeriodicResetDays == *b.PeriodicResetDays
	return eqS && eqD
}

// nextUsageReset computes the next reset from the schedule: monthly on the
// 1st, weekly on Monday, every N days at UTC midnight; nil without one.
func (s *Server) nextUsageReset(u *APIKeyUsageLimits) *string {
	now := s.now()
	var t time.Time
	switch {
	case u.PeriodicReset != nil && *u.PeriodicReset == "monthly":
		t = firstOfNextMonth(now)
	case u.PeriodicReset != nil && *u.PeriodicReset == "weekly":
		t = nextMonday(now)
	case u.PeriodicResetDays != nil:
		t = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, *u.PeriodicResetDays)
	default:
		return nil
	}
	v := t.Format(timeFormat)
	return &v
}

// rotationPolicyLocked validates a rotation policy; old (may be nil) keeps
// next_rotation_at while the period is unchanged.
func (s *Server) rotationPolicyLocked(in apiKeyRotationPolicyInput, old *APIKeyRotationPolicy) (*APIKeyRotationPolicy, *apiError) {
	if (in.RotationPeriod == nil) == (in.NextRotationAt == nil) {
		return nil, errInvalid("Validation failed: rotation_policy: exactly one of rotation_period and next_rotation_at is required")
	}
	out := &APIKeyRotationPolicy{KeyTransitionPeriodMS: minKeyTransitionMS, Status: "ACTIVE"}
	if in.KeyTransitionPeriodMS != nil {
		if *in.KeyTransitionPeriodMS < minKeyTransitionMS {
			return nil, errInvalid("Validation failed: rotation_policy.key_transition_period_ms: Number must be greater than or equal to %d", minKeyTransitionMS)
		}
		out.KeyTransitionPeriodMS = *in.KeyTransitionPeriodMS
	}
	if in.RotationPeriod != nil {
		if err := oneOf("rotation_policy.rotation_period", *in.RotationPeriod, "weekly", "monthly"); err != nil {
			return nil, err
		}
		limit := weekMS
		if *in.RotationPeriod == "monthly" {
			limit = shortestMonthMS
		}
		if out.KeyTransitionPeriodMS >= limit {
			return nil, errInvalid("Validation failed: rotation_policy.key_transition_period_ms must be less than the rotation period")
		}
		out.RotationPeriod = in.RotationPeriod
		if old != nil && old.RotationPeriod != nil && *old.RotationPeriod == *in.RotationPeriod && old.NextRotationAt != nil {
			out.NextRotationAt = old.NextRotationAt
		} else {
			t := nextMonday(s.now())
			if *in.RotationPeriod == "monthly" {
				t = firstOfNextMonth(s.now())
			}
			v := t.Format(timeFormat)
			out.NextRotationAt = &v
		}
		return out, nil
	}
	t, err := s.parseFutureTime("rotation_policy.next_rotation_at", *in.NextRotationAt)
	if err != nil {
		return nil, err
	}
	v := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Format(timeFormat) // normalised to UTC midnight
	out.NextRotationAt = &v
	return out, nil
}

func defaultsFrom(in *apiKeyDefaultsInput) APIKeyDefaults {
	if in == nil {
		return APIKeyDefaults{}
	}
	d := APIKeyDefaults{Metadata: in.Metadata, ConfigID: in.ConfigID}
	if in.AllowConfigOverride != nil {
		d.AllowConfigOverride = *in.AllowConfigOverride
	}
	return d
}
