package mockserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Workspace is a stored workspace, as seeds, Patch and Object spell it (the
// wire names). The API answers it in two shapes, neither of them this one:
// workspaceGetView (GET single) and workspaceListItem (list items and the
// create answer); see workspaces_wire.go.
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
	Status         string             `json:"status"` // list items only: GET single has no status
	CreatedBy      string             `json:"created_by"`
	CreationSource string             `json:"creation_source"`
	LastResetAt    *string            `json:"last_reset_at"`
	ScimSourceID   *string            `json:"scim_source_id"`
	// SecuritySettings and Settings are answered, not modeled: a PUT
	// carrying them is still rejected (doc.go, known deviations).
	SecuritySettings map[string]bool    `json:"security_settings,omitempty"`
	Settings         *WorkspaceSettings `json:"settings,omitempty"`

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
	if w.CreatedBy == "" { // the mock's choice: the owner (the real creator is unknown to the API's callers)
		if w.CreatedBy = s.ownerIDLocked(); w.CreatedBy == "" {
			w.CreatedBy = s.orgID
		}
	}
	if w.CreationSource == "" {
		w.CreationSource = "api"
		if w.IsDefault == 1 {
			w.CreationSource = "default"
		}
	}
	if w.SecuritySettings == nil {
		w.SecuritySettings = defaultSecuritySettings()
	}
	if w.Settings == nil {
		w.Settings = defaultWorkspaceSettings()
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

// Workspace routes (API-NOTES.md section 4). Quirks reproduced:
//   - POST answers the object (in the list item's shape) with 200; PUT and
//     DELETE answer {}.
//   - A name that starts with an emoji, created without an icon, has the
//     emoji moved into icon (11.5).
//   - GET answers the name in its display form, "<icon> <name>", when an
//     icon is set (unless ?name_format=plain); filters, the DELETE
//     confirmation and the store use the plain name.
//   - GET single and list items have the live shapes of
//     testdata/live-shapes.json: GET single has users (members without
//     email), organisation_id, settings and no status; list items have
//     status and scim_source_id and no organisation_id, users or settings.
//   - PUT replaces "defaults" whole; null (or []) usage_limits/rate_limits
//     clear them, as do null or "" for description and icon. Fields left out
//     of a PUT are unchanged.
//   - DELETE needs {"name": <current name>} (else 400 AB01) and answers 409
//     AB07 while the workspace has dependents (SetWorkspaceDependents),
//     unless force_delete is true (in the body, as the official provider
//     sends it, or in the query): then the dependents go too. Members and the
//     workspace's API keys never block a delete; they go with the workspace.
//   - A deleted workspace answers 403 AB03 (not 404) to every later
//     GET/PUT/DELETE, by UUID or slug; an id that never existed answers 404.
//   - Unset limits are JSON null; next_usage_reset_at is computed when not
//     given.
//
// Known deviations: security_settings and settings are answered with fixed
// defaults but not modeled (a PUT carrying them is rejected as an unknown
// field); deleting the default workspace is allowed.

func (s *Server) registerWorkspaceRoutes() {
	s.handle("POST", "/admin/workspaces", s.createWorkspace)
	s.handle("GET", "/admin/workspaces", s.listWorkspaces)
	s.handle("GET", "/admin/workspaces/{id}", s.getWorkspace)
	s.handle("PUT", "/admin/workspaces/{id}", s.updateWorkspace)
	s.handle("DELETE", "/admin/workspaces/{id}", s.deleteWorkspace)

	s.mux.HandleFunc("POST /__mock/workspaces/{id}/dependents", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Count *int `json:"count"`
		}
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		err := dec.Decode(&body)
		if err == nil && body.Count == nil {
			err = fmt.Errorf(`body must be {"count": n}`)
		}
		if err == nil {
			err = s.SetWorkspaceDependents(r.PathValue("id"), *body.Count)
		}
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeOK(w)
	})
}

// SetWorkspaceDependents sets how many objects outside the Admin API's scope
// (virtual keys, configs, prompts…) the workspace has; while n > 0, DELETE
// answers 409 AB07.
func (s *Server) SetWorkspaceDependents(idOrSlug string, n int) error {
	if n < 0 {
		return fmt.Errorf("dependents count must be 0 or more, got %d", n)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.workspaceLocked(idOrSlug)
	if w == nil {
		return fmt.Errorf("no workspace %q", idOrSlug)
	}
	w.Dependents = n
	return nil
}

// WorkspaceIDsNamed returns the UUIDs of the workspaces with exactly this
// (plain) name, in creation order.
func (s *Server) WorkspaceIDsNamed(name string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var matched []*Workspace
	for _, w := range s.workspaces {
		if w.Name == name {
			matched = append(matched, w)
		}
	}
	sort.Slice(matched, func(i, j int) bool { return matched[i].seq < matched[j].seq })
	ids := make([]string, len(matched))
	for i, w := range matched {
		ids[i] = w.ID
	}
	return ids
}

// rememberDeletedWorkspaceLocked records a workspace's UUID and slug before
// it is deleted, so that later calls answer 403 AB03 as the real API does.
func (s *Server) rememberDeletedWorkspaceLocked(wsID string) {
	if w := s.workspaces[wsID]; w != nil {
		s.goneWS[w.ID] = true
		s.goneWS[w.Slug] = true
	}
}

// findWorkspaceLocked resolves a path's UUID or slug: 403 AB03 for a deleted
// workspace, 404 AB08 for one that never existed.
func (s *Server) findWorkspaceLocked(ref string) (*Workspace, *apiError) {
	if w := s.workspaceLocked(ref); w != nil {
		return w, nil
	}
	if s.goneWS[ref] {
		return nil, errForbidden()
	}
	return nil, errNotFound("Workspace")
}

func (s *Server) workspaceUsersLocked(wsID string) []workspaceUser {
	ms := make([]*Member, 0, len(s.members[wsID]))
	for _, m := range s.members[wsID] {
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].seq < ms[j].seq })
	users := make([]workspaceUser, 0, len(ms))
	for _, m := range ms {
		u := s.users[m.UserID]
		if u == nil {
			continue
		}
		users = append(users, workspaceUser{
			ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, OrgRole: u.Role, Role: m.Role,
			Status: "active", WorkspaceID: wsID, CreatedAt: m.CreatedAt, LastUpdatedAt: m.LastUpdatedAt,
		})
	}
	return users
}

func (s *Server) createWorkspace(w http.ResponseWriter, r *http.Request) {
	if !principalFrom(r.Context()).admin {
		writeError(w, errForbidden())
		return
	}
	var in workspaceCreateInput
	if err := decodeStrict(r, &in); err != nil {
		writeError(w, err)
		return
	}
	if in.Name == nil || strings.TrimSpace(*in.Name) == "" {
		writeError(w, errInvalid("Validation failed: name: Required"))
		return
	}
	if err := validateLimits(in.UsageLimits, in.RateLimits); err != nil {
		writeError(w, err)
		return
	}
	out, err := func() (workspaceListItem, *apiError) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if in.OrganisationID != nil && *in.OrganisationID != s.orgID {
			return workspaceListItem{}, errInvalid("Validation failed: organisation_id: Invalid value")
		}
		for _, id := range in.Users {
			if s.users[id] == nil {
				return workspaceListItem{}, errInvalid("Validation failed: users: unknown user %q", id)
			}
		}
		name, icon := *in.Name, nonEmpty(in.Icon)
		if icon == nil {
			// A name that starts with an emoji, sent without an icon, has
			// the emoji moved into icon; GET prepends it again (4, 11.5).
			if emoji, rest, ok := cutLeadingEmoji(name); ok {
				name, icon = rest, &emoji
			}
		}
		ws := Workspace{
			Name:        name,
			Description: nonEmpty(in.Description),
			Icon:        icon,
			UsageLimits: s.normalizeUsageLimitsLocked(in.UsageLimits),
			RateLimits:  append([]RateLimit(nil), in.RateLimits...),
		}
		if len(ws.RateLimits) == 0 {
			ws.RateLimits = nil
		}
		if in.Defaults != nil && len(in.Defaults.Metadata) > 0 {
			ws.Defaults = &WorkspaceDefaults{Metadata: in.Defaults.Metadata}
		}
		stored := s.addWorkspaceLocked(ws)
		for _, id := range in.Users {
			s.addMemberLocked(stored.ID, id, "member")
		}
		return workspaceListOut(stored), nil
	}()
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) listWorkspaces(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	name, exact := q.Get("name"), q.Get("exact_name")
	statuses := map[string]bool{"active": true} // archived ones only when asked for
	if st := q.Get("status"); st != "" {
		statuses = map[string]bool{}
		for _, v := range strings.Split(st, ",") {
			if err := oneOf("status", v, "active", "archived"); err != nil {
				writeError(w, err)
				return
			}
			statuses[v] = true
		}
	}
	p := principalFrom(r.Context())
	unlock := s.lockList()
	var matched []*Workspace
	for _, ws := range s.workspaces {
		switch {
		case !p.admin && p.workspaceID != ws.ID: // a workspace key sees its own workspace only
		case !statuses[ws.Status]:
		case name != "" && !strings.Contains(ws.Name, name):
		case exact != "" && ws.Name != exact:
		default:
			matched = append(matched, ws)
		}
	}
	sort.Slice(matched, func(i, j int) bool { return matched[i].seq < matched[j].seq })
	items := make([]workspaceListItem, len(matched))
	for i, ws := range matched {
		items[i] = workspaceListOut(ws)
	}
	unlock()
	writeList(w, r, items)
}

func (s *Server) getWorkspace(w http.ResponseWriter, r *http.Request) {
	plain := r.URL.Query().Get("name_format") == "plain"
	out, err := func() (workspaceGetView, *apiError) {
		defer s.lockRead()()
		ws, err := s.findWorkspaceLocked(r.PathValue("id"))
		if err != nil {
			return workspaceGetView{}, err
		}
		if !principalFrom(r.Context()).canAccessWorkspace(ws.ID, "workspaces.read") {
			return workspaceGetView{}, errForbidden()
		}
		return workspaceGetOut(ws, plain, s.workspaceUsersLocked(ws.ID)), nil
	}()
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) updateWorkspace(w http.ResponseWriter, r *http.Request) {
	var in workspaceUpdateInput
	if err := decodeStrict(r, &in); err != nil {
		writeError(w, err)
		return
	}
	if in.Name != nil && strings.TrimSpace(*in.Name) == "" {
		writeError(w, errInvalid("Validation failed: name: must not be empty"))
		return
	}
	if err := validateLimits(in.UsageLimits.v, in.RateLimits.v); err != nil {
		writeError(w, err)
		return
	}
	err := func() *apiError {
		s.mu.Lock()
		defer s.mu.Unlock()
		ws, err := s.findWorkspaceLocked(r.PathValue("id"))
		if err != nil {
			return err
		}
		if !principalFrom(r.Context()).canAccessWorkspace(ws.ID, "workspaces.update") {
			return errForbidden()
		}
		if in.Name != nil {
			ws.Name = *in.Name
		}
		if in.Description.set {
			ws.Description = nonEmpty(&in.Description.v)
		}
		if in.Icon.set {
			ws.Icon = nonEmpty(&in.Icon.v)
		}
		if in.Defaults.set {
			d := in.Defaults.v
			ws.Defaults = nil
			if len(d.Metadata) > 0 || len(d.InputGuardrails) > 0 || len(d.OutputGuardrails) > 0 || d.UserAPIKeyConfig != nil {
				ws.Defaults = &WorkspaceDefaults{
					Metadata: d.Metadata, InputGuardrails: d.InputGuardrails,
					OutputGuardrails: d.OutputGuardrails, UserAPIKeyConfig: d.UserAPIKeyConfig,
				}
				if len(d.Metadata) == 0 {
					ws.Defaults.Metadata = nil
				}
			}
		}
		if in.UsageLimits.set {
			ws.UsageLimits = s.normalizeUsageLimitsLocked(in.UsageLimits.v)
		}
		if in.RateLimits.set {
			ws.RateLimits = nil
			if len(in.RateLimits.v) > 0 {
				ws.RateLimits = append([]RateLimit(nil), in.RateLimits.v...)
			}
		}
		ws.LastUpdatedAt = s.stamp()
		return nil
	}()
	if err != nil {
		writeError(w, err)
		return
	}
	writeOK(w)
}

func (s *Server) deleteWorkspace(w http.ResponseWriter, r *http.Request) {
	if !principalFrom(r.Context()).admin {
		writeError(w, errForbidden())
		return
	}
	var in struct {
		Name        *string `json:"name"`
		ForceDelete *bool   `json:"force_delete"`
	}
	decodeErr := decodeStrict(r, &in)
	force := in.ForceDelete != nil && *in.ForceDelete
	if q := r.URL.Query().Get("force_delete"); q != "" && decodeErr == nil {
		v, err := strconv.ParseBool(q)
		if err != nil {
			decodeErr = errInvalid("Validation failed: force_delete: Invalid value")
		}
		force = force || v
	}
	err := func() *apiError {
		s.mu.Lock()
		defer s.mu.Unlock()
		ws, err := s.findWorkspaceLocked(r.PathValue("id"))
		if err != nil {
			return err
		}
		if decodeErr != nil {
			return decodeErr
		}
		if in.Name == nil || *in.Name != ws.Name {
			return errInvalid("Validation failed: name: Invalid value")
		}
		if ws.Dependents > 0 && !force {
			return errConflict("Unable to delete. Please ensure that all Virtual Keys are deleted")
		}
		s.deleteWorkspaceLocked(ws.ID) // members and API keys go with it; so do the dependents when forced
		return nil
	}()
	if err != nil {
		writeError(w, err)
		return
	}
	writeOK(w)
}
