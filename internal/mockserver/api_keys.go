package mockserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"
)

// API keys (API-NOTES.md 6). Reproduced behaviour:
//   - only organisation/service, workspace/service and workspace/user exist;
//     workspace keys need workspace_id (UUID or slug, echoed as the UUID),
//     user keys the user_id of an organisation user;
//   - the secret is returned only by create and rotate; GET and list show the
//     masked form (first 2 characters + "*****" + last 3);
//   - PUT answers {} and changes only mutable fields (strict decoding rejects
//     type, workspace_id and user_id); null clears a field (the spec lets
//     only expires_at, rate_limits and rotation_policy be null, and the
//     allow-list usage_limits), "" clears the description, [] the alert
//     emails; `defaults` is replaced whole; `reset_usage: true` resets usage once (status active,
//     last_reset_at now) and is not stored;
//   - rotate keeps the id, mints a new secret and keeps the old one valid
//     until key_transition_expires_at = now + max(period, 30 min); a second
//     rotation during the transition is 400 AB01;
//   - GET and list items have the live shapes of testdata/live-shapes.json:
//     GET never answers key_transition_expires_at (rotate does) and answers
//     rotation_policy only when one is set; list items have neither, nor
//     next_usage_reset_at, and their defaults carry only metadata and
//     config_id; the top-level allow_config_override is an integer (0/1),
//     null until a create or update carries defaults;
//   - a workspace-user key whose user left the organisation answers 403 AB03
//     (not 404) on every call by id, and is absent from lists;
//   - any active minted key authenticates (organisation/service keys as
//     admin, workspace keys within their workspace and scopes); deleted,
//     expired and exhausted keys are rejected with 401.

// APIKey is the wire shape of an API key; Key holds the masked form on the
// wire while the secret stays unexported.
type APIKey struct {
	Object                 string                `json:"object"`
	ID                     string                `json:"id"`
	Key                    string                `json:"key"`
	Name                   string                `json:"name"`
	Description            *string               `json:"description"`
	Type                   string                `json:"type"`
	OrganisationID         string                `json:"organisation_id"`
	WorkspaceID            *string               `json:"workspace_id"`
	UserID                 *string               `json:"user_id"`
	Status                 string                `json:"status"`
	CreatedAt              string                `json:"created_at"`
	LastUpdatedAt          string                `json:"last_updated_at"`
	Scopes                 []string              `json:"scopes"`
	ExpiresAt              *string               `json:"expires_at"`
	CreationMode           string                `json:"creation_mode"`
	RateLimits             []APIKeyRateLimit     `json:"rate_limits"`
	UsageLimits            *APIKeyUsageLimits    `json:"usage_limits"`
	Defaults               APIKeyDefaults        `json:"defaults"`
	AlertEmails            []string              `json:"alert_emails"`
	LastResetAt            *string               `json:"last_reset_at"`
	ExpiryEnforced         int                   `json:"expiry_enforced"`
	RotationPolicy         *APIKeyRotationPolicy `json:"rotation_policy"`
	KeyTransitionExpiresAt *string               `json:"key_transition_expires_at"` // stored; answered by rotate only
	// APIKeyDefaultsID names the key's defaults record, which exists once a
	// create or update carried "defaults" (null until then, as live).
	APIKeyDefaultsID *string `json:"api_key_defaults_id"`

	secret     string
	prevSecret string    // the secret before the last rotation
	prevUntil  time.Time // when prevSecret stops being accepted
	usage      float64
	seq        int64
}

// APIKeyDefaults is a key's "defaults" object.
type APIKeyDefaults struct {
	Metadata            map[string]any `json:"metadata"`
	ConfigID            *string        `json:"config_id"`
	AllowConfigOverride bool           `json:"allow_config_override"`
}

// APIKeyRateLimit is one rate limit of a key.
type APIKeyRateLimit struct {
	Type  string `json:"type"`
	Unit  string `json:"unit"`
	Value int64  `json:"value"`
}

// APIKeyUsageLimits is a key's single usage limit; credit_limit is a decimal.
type APIKeyUsageLimits struct {
	Type              string   `json:"type"`
	CreditLimit       *float64 `json:"credit_limit"`
	AlertThreshold    *float64 `json:"alert_threshold"`
	PeriodicReset     *string  `json:"periodic_reset"`
	PeriodicResetDays *int     `json:"periodic_reset_days"`
	NextUsageResetAt  *string  `json:"next_usage_reset_at"`
}

// APIKeyRotationPolicy is a key's automatic rotation policy.
type APIKeyRotationPolicy struct {
	RotationPeriod        *string `json:"rotation_period"`
	NextRotationAt        *string `json:"next_rotation_at"`
	KeyTransitionPeriodMS int64   `json:"key_transition_period_ms"`
	Status                string  `json:"status"`
}

const (
	minKeyTransition     = 30 * time.Minute
	minKeyTransitionMS   = int64(minKeyTransition / time.Millisecond)
	weekMS               = int64(7 * 24 * time.Hour / time.Millisecond)
	shortestMonthMS      = int64(28 * 24 * time.Hour / time.Millisecond)
	apiKeySecretPrefix   = "pk-"
	apiKeySecretRandChrs = 40
)

func (s *Server) registerAPIKeyRoutes() {
	s.handle("POST", "/api-keys/{type}/{subtype}", s.createAPIKey)
	s.handle("GET", "/api-keys", s.listAPIKeys)
	s.handle("GET", "/api-keys/{id}", s.getAPIKey)
	s.handle("PUT", "/api-keys/{id}", s.updateAPIKey)
	s.handle("DELETE", "/api-keys/{id}", s.deleteAPIKey)
	s.handle("POST", "/api-keys/{id}/rotate", s.rotateAPIKey)

	s.registerAPIKeyHooks()
}

// ---- handlers ----

func (s *Server) createAPIKey(w http.ResponseWriter, r *http.Request) {
	keyType, subType := r.PathValue("type"), r.PathValue("subtype")
	if err := oneOf("type", keyType, "organisation", "workspace"); err != nil {
		writeError(w, err)
		return
	}
	if err := oneOf("sub-type", subType, "service", "user"); err != nil {
		writeError(w, err)
		return
	}
	if keyType == "organisation" && subType == "user" {
		writeError(w, errInvalid("Validation failed: organisation/user keys do not exist (use organisation/service, workspace/service or workspace/user)"))
		return
	}
	var in apiKeyCreateInput
	if err := decodeStrict(r, &in); err != nil {
		writeError(w, err)
		return
	}
	out, err := s.createAPIKeyLocked(r, keyType, subType, in)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) createAPIKeyLocked(r *http.Request, keyType, subType string, in apiKeyCreateInput) (map[string]string, *apiError) {
	if in.Name == nil {
		return nil, errInvalid("Validation failed: name: Required")
	}
	if err := validateAPIKeyName(*in.Name); err != nil {
		return nil, err
	}
	if in.Description != nil {
		if err := validateAPIKeyDescription(*in.Description); err != nil {
			return nil, err
		}
	}
	if in.Scopes == nil {
		return nil, errInvalid("Validation failed: scopes: Required")
	}
	if err := validateAPIKeyScopes(*in.Scopes); err != nil {
		return nil, err
	}
	if err := validateAPIKeyEmails(in.AlertEmails); err != nil {
		return nil, err
	}
	rates, err := apiKeyRateLimitsFrom(in.RateLimits)
	if err != nil {
		return nil, err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	k := &APIKey{
		Object: "api-key", Name: *in.Name, Description: in.Description, Type: keyType + "-" + subType,
		OrganisationID: s.orgID, Status: "active", CreationMode: "api",
		Scopes: append([]string(nil), *in.Scopes...), RateLimits: rates, Defaults: defaultsFrom(in.Defaults),
		AlertEmails: in.AlertEmails,
	}
	if in.Defaults != nil {
		k.APIKeyDefaultsID = ptrTo(s.opts.NewID())
	}
	if in.OrganisationID != nil && *in.OrganisationID != s.orgID {
		return nil, errInvalid("Validation failed: organisation_id: Invalid value")
	}
	if in.UsageLimits != nil {
		if k.UsageLimits, err = s.usageLimitsLocked(*in.UsageLimits, nil); err != nil {
			return nil, err
		}
	}
	if in.RotationPolicy != nil {
		if k.RotationPolicy, err = s.rotationPolicyLocked(*in.RotationPolicy, nil); err != nil {
			return nil, err
		}
	}
	if in.ExpiresAt != nil {
		t, err := s.parseFutureTime("expires_at", *in.ExpiresAt)
		if err != nil {
			return nil, err
		}
		v := t.Format(timeFormat)
		k.ExpiresAt = &v
	}

	p := principalFrom(r.Context())
	switch keyType {
	case "workspace":
		if in.WorkspaceID == nil || *in.WorkspaceID == "" {
			return nil, errInvalid("Validation failed: workspace_id: Required for workspace keys")
		}
		ws, err := s.findWorkspaceLocked(*in.WorkspaceID)
		if err != nil {
			return nil, err
		}
		id := ws.ID
		k.WorkspaceID = &id
	default:
		if in.WorkspaceID != nil {
			return nil, errInvalid("Validation failed: workspace_id: not allowed for organisation keys")
		}
	}
	if !p.mayUseAPIKey(k.Type, k.WorkspaceID, "create") {
		return nil, errForbidden()
	}
	switch subType {
	case "user":
		if in.UserID == nil || *in.UserID == "" {
			return nil, errInvalid("Validation failed: user_id: Required for user keys")
		}
		if _, ok := s.users[*in.UserID]; !ok {
			return nil, errInvalid("Validation failed: user_id: no such user in the organisation")
		}
		uid := *in.UserID
		k.UserID = &uid
	default:
		if in.UserID != nil {
			return nil, errInvalid("Validation failed: user_id: not allowed for service keys")
		}
	}

	k.ID = s.opts.NewID()
	k.secret = s.mintAPIKeySecretLocked()
	k.Key = maskAPIKey(k.secret)
	k.CreatedAt = s.stamp()
	k.LastUpdatedAt = k.CreatedAt
	k.seq = s.nextSeq()
	s.apiKeys[k.ID] = k
	return map[string]string{"id": k.ID, "key": k.secret, "object": "api-key"}, nil
}

// apiKeyForLocked finds the key of the path and checks the caller may apply
// op to it: 403 AB03 for a key revoked with its departed user, 404 AB08 for
// an unknown id.
func (s *Server) apiKeyForLocked(r *http.Request, op string) (*APIKey, *apiError) {
	id := r.PathValue("id")
	k, ok := s.apiKeys[id]
	if !ok {
		if s.keyHistory.revoked[id] {
			return nil, errForbidden()
		}
		return nil, errNotFound("API key")
	}
	if !principalFrom(r.Context()).mayUseAPIKey(k.Type, k.WorkspaceID, op) {
		return nil, errForbidden()
	}
	s.refreshAPIKeyStatusLocked(k)
	return k, nil
}

func (s *Server) listAPIKeys(w http.ResponseWriter, r *http.Request) {
	items, err := func() ([]apiKeyListItem, *apiError) {
		defer s.lockList()()
		q := r.URL.Query()
		p := principalFrom(r.Context())
		var wsID string
		if ref := q.Get("workspace_id"); ref != "" {
			ws, err := s.findWorkspaceLocked(ref)
			if err != nil {
				return nil, err
			}
			wsID = ws.ID
		}
		if !p.admin {
			if wsID == "" {
				wsID = p.workspaceID
			}
			if wsID == "" || wsID != p.workspaceID {
				return nil, errForbidden()
			}
			if !p.canAccessWorkspace(wsID, "workspace_service_api_keys.list") && !p.canAccessWorkspace(wsID, "workspace_user_api_keys.list") {
				return nil, errForbidden()
			}
		}
		var statuses []string
		if v := q.Get("status"); v != "" {
			for _, st := range strings.Split(v, ",") {
				if err := oneOf("status", st, "active", "exhausted", "expired"); err != nil {
					return nil, err
				}
				statuses = append(statuses, st)
			}
		}
		var keys []*APIKey
		for _, k := range s.apiKeys {
			s.refreshAPIKeyStatusLocked(k)
			switch {
			case wsID != "" && (k.WorkspaceID == nil || *k.WorkspaceID != wsID):
			case !p.mayUseAPIKey(k.Type, k.WorkspaceID, "list"):
			case len(statuses) > 0 && !slices.Contains(statuses, k.Status):
			default:
				keys = append(keys, k)
			}
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i].seq < keys[j].seq })
		items := make([]apiKeyListItem, len(keys))
		for i, k := range keys {
			items[i] = apiKeyListOut(k)
		}
		return items, nil
	}()
	if err != nil {
		writeError(w, err)
		return
	}
	writeList(w, r, items)
}

func (s *Server) getAPIKey(w http.ResponseWriter, r *http.Request) {
	out, err := func() (apiKeyGetView, *apiError) {
		defer s.lockRead()()
		k, err := s.apiKeyForLocked(r, "read")
		if err != nil {
			return apiKeyGetView{}, err
		}
		return apiKeyGetOut(k), nil
	}()
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) updateAPIKey(w http.ResponseWriter, r *http.Request) {
	var in apiKeyUpdateInput
	if err := decodeStrict(r, &in); err != nil {
		writeError(w, err)
		return
	}
	if err := s.updateAPIKeyLocked(r, in); err != nil {
		writeError(w, err)
		return
	}
	writeOK(w)
}

// updateAPIKeyLocked validates the whole update first, then applies it, so
// that a rejected PUT changes nothing.
func (s *Server) updateAPIKeyLocked(r *http.Request, in apiKeyUpdateInput) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.apiKeyForLocked(r, "update")
	if err != nil {
		return err
	}
	next := cloneAPIKey(k)
	if in.Name.set {
		if in.Name.null {
			return errInvalid("Validation failed: name: Expected string, received null")
		}
		if err := validateAPIKeyName(in.Name.v); err != nil {
			return err
		}
		next.Name = in.Name.v
	}
	if in.Description.set {
		next.Description = nil
		if !in.Description.null {
			if err := validateAPIKeyDescription(in.Description.v); err != nil {
				return err
			}
			next.Description = nonEmpty(&in.Description.v) // "" clears it, as for workspaces
		}
	}
	if in.Scopes.set {
		if in.Scopes.null {
			return errInvalid("Validation failed: scopes: Expected array, received null")
		}
		if err := validateAPIKeyScopes(in.Scopes.v); err != nil {
			return err
		}
		next.Scopes = append([]string(nil), in.Scopes.v...)
	}
	if in.RateLimits.set {
		rates, err := apiKeyRateLimitsFrom(in.RateLimits.v)
		if err != nil {
			return err
		}
		next.RateLimits = rates
	}
	if in.UsageLimits.set {
		next.UsageLimits = nil
		if !in.UsageLimits.null {
			if next.UsageLimits, err = s.usageLimitsLocked(in.UsageLimits.v, k.UsageLimits); err != nil {
				return err
			}
		}
	}
	if in.RotationPolicy.set {
		next.RotationPolicy = nil
		if !in.RotationPolicy.null {
			if next.RotationPolicy, err = s.rotationPolicyLocked(in.RotationPolicy.v, k.RotationPolicy); err != nil {
				return err
			}
		}
	}
	if in.Defaults.set {
		if in.Defaults.null {
			next.Defaults = APIKeyDefaults{}
			next.APIKeyDefaultsID = nil
		} else {
			next.Defaults = defaultsFrom(&in.Defaults.v)
			if next.APIKeyDefaultsID == nil {
				next.APIKeyDefaultsID = ptrTo(s.opts.NewID())
			}
		}
	}
	if in.AlertEmails.set {
		if err := validateAPIKeyEmails(in.AlertEmails.v); err != nil {
			return err
		}
		next.AlertEmails = nil
		if len(in.AlertEmails.v) > 0 {
			next.AlertEmails = in.AlertEmails.v
		}
	}
	if in.ExpiresAt.set {
		next.ExpiresAt = nil
		if !in.ExpiresAt.null {
			t, err := s.parseFutureTime("expires_at", in.ExpiresAt.v)
			if err != nil {
				return err
			}
			v := t.Format(timeFormat)
			next.ExpiresAt = &v
		}
		if next.Status == "expired" {
			next.Status = "active" // a new (or no) expiry revives the key
		}
	}
	now := s.stamp()
	if in.ResetUsage.set && !in.ResetUsage.null && in.ResetUsage.v {
		next.usage = 0
		next.Status = "active"
		next.LastResetAt = &now
		s.refreshAPIKeyStatusLocked(&next)
	}
	next.LastUpdatedAt = now
	*k = next
	return nil
}

func (s *Server) deleteAPIKey(w http.ResponseWriter, r *http.Request) {
	err := func() *apiError {
		s.mu.Lock()
		defer s.mu.Unlock()
		k, err := s.apiKeyForLocked(r, "delete")
		if err != nil {
			return err
		}
		delete(s.apiKeys, k.ID)
		return nil
	}()
	if err != nil {
		writeError(w, err)
		return
	}
	writeOK(w)
}

func (s *Server) rotateAPIKey(w http.ResponseWriter, r *http.Request) {
	var in struct {
		KeyTransitionPeriodMS *int64 `json:"key_transition_period_ms"`
	}
	var body bytes.Buffer
	if _, err := body.ReadFrom(r.Body); err != nil {
		writeError(w, errInvalid(""))
		return
	}
	if trimmed := bytes.TrimSpace(body.Bytes()); len(trimmed) > 0 { // the body is optional
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			writeError(w, errInvalid("Validation failed: %s", cleanJSONError(err)))
			return
		}
	}
	if in.KeyTransitionPeriodMS != nil && *in.KeyTransitionPeriodMS < minKeyTransitionMS {
		writeError(w, errInvalid("Validation failed: key_transition_period_ms: Number must be greater than or equal to %d", minKeyTransitionMS))
		return
	}
	out, err := func() (map[string]string, *apiError) {
		s.mu.Lock()
		defer s.mu.Unlock()
		k, err := s.apiKeyForLocked(r, "rotate")
		if err != nil {
			return nil, err
		}
		now := s.now()
		if k.prevSecret != "" && now.Before(k.prevUntil) {
			return nil, errInvalid("Cannot rotate the key while a previous rotation is in transition (until %s)", k.prevUntil.Format(timeFormat))
		}
		period := minKeyTransition
		switch {
		case in.KeyTransitionPeriodMS != nil:
			period = max(period, time.Duration(*in.KeyTransitionPeriodMS)*time.Millisecond)
		case k.RotationPolicy != nil:
			period = max(period, time.Duration(k.RotationPolicy.KeyTransitionPeriodMS)*time.Millisecond)
		}
		k.prevSecret, k.prevUntil = k.secret, now.Add(period)
		k.secret = s.mintAPIKeySecretLocked()
		k.Key = maskAPIKey(k.secret)
		until := k.prevUntil.Format(timeFormat)
		k.KeyTransitionExpiresAt = &until
		k.LastUpdatedAt = now.Format(timeFormat)
		return map[string]string{"id": k.ID, "key": k.secret, "key_transition_expires_at": until}, nil
	}()
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}
