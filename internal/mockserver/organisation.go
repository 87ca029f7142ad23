package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
)

// Organisation-level routes (API-NOTES.md section 7): the organisation's
// default guardrails and the workspaces excluded from them, over a minimal
// guardrail registry. Guardrails themselves have no routes here (the
// /guardrails API is outside this mock's scope): they come from
// Options.Guardrails, seeds and SeedGuardrail.

// Guardrail scopes: only organisation guardrails can be organisation defaults.
const (
	GuardrailScopeOrganisation = "organisation"
	GuardrailScopeWorkspace    = "workspace"
)

// Guardrail directions, as the exclusion routes name them.
const (
	DirectionInput  = "input"
	DirectionOutput = "output"
)

// msgWorkspaceScopedDefault is the API's refusal of a workspace guardrail as
// an organisation default (official provider CHANGELOG 0.2.32, API-NOTES.md 7).
const msgWorkspaceScopedDefault = "Workspace-scoped guardrails cannot be set as organisation defaults"

// Guardrail is the part of a guardrail the mock models: its id, its slug
// and its scope.
type Guardrail struct {
	ID    string `json:"id"`
	Slug  string `json:"slug"`
	Scope string `json:"scope"` // organisation (the default) or workspace

	seq int64
}

// GuardrailRef is a guardrail as the organisation defaults show it.
type GuardrailRef struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
}

// organisationState is the organisation-level state: the guardrail registry,
// the default guardrails (ids, in order) and the excluded workspaces per
// direction (workspace UUID -> the order they were excluded in).
type organisationState struct {
	guardrails map[string]*Guardrail // by id
	defaults   map[string][]string   // direction -> guardrail ids
	excluded   map[string]map[string]int64
}

func (s *Server) resetOrganisationLocked() {
	s.org = organisationState{
		guardrails: map[string]*Guardrail{},
		defaults:   map[string][]string{DirectionInput: nil, DirectionOutput: nil},
		excluded:   map[string]map[string]int64{DirectionInput: {}, DirectionOutput: {}},
	}
	for _, g := range s.opts.Guardrails {
		s.addGuardrailLocked(g)
	}
}

// validGuardrail checks a guardrail to seed: a known scope, and an id or
// slug no other guardrail has.
func (s *Server) validGuardrailLocked(g Guardrail) error {
	if g.Scope != "" && g.Scope != GuardrailScopeOrganisation && g.Scope != GuardrailScopeWorkspace {
		return fmt.Errorf("guardrail %q: scope %q (want %q or %q)", g.Slug, g.Scope, GuardrailScopeOrganisation, GuardrailScopeWorkspace)
	}
	for _, other := range s.org.guardrails {
		if (g.ID != "" && other.ID == g.ID) || (g.Slug != "" && other.Slug == g.Slug) {
			return fmt.Errorf("guardrail %q/%q: a guardrail with that id or slug exists", g.ID, g.Slug)
		}
	}
	return nil
}

// addGuardrailLocked stores a guardrail; the id defaults to a new UUID, the
// slug to "pg-" and six hex digits, the scope to organisation.
func (s *Server) addGuardrailLocked(g Guardrail) *Guardrail {
	n := g
	if n.ID == "" {
		n.ID = s.opts.NewID()
	}
	if n.Slug == "" {
		n.Slug = "pg-" + randomHex(6)
	}
	if n.Scope == "" {
		n.Scope = GuardrailScopeOrganisation
	}
	n.seq = s.nextSeq()
	s.org.guardrails[n.ID] = &n
	return &n
}

// guardrailLocked resolves a guardrail by id or slug.
func (s *Server) guardrailLocked(ref string) *Guardrail {
	if g, ok := s.org.guardrails[ref]; ok {
		return g
	}
	for _, g := range s.org.guardrails {
		if g.Slug == ref {
			return g
		}
	}
	return nil
}

func (s *Server) registerOrganisationRoutes() {
	s.handle("GET", "/admin/organisation/defaults", s.getOrganisationDefaults)
	s.handle("PUT", "/admin/organisation/defaults", s.updateOrganisationDefaults)
	for _, dir := range []string{DirectionInput, DirectionOutput} {
		s.handle("GET", "/workspace-exclusions/"+dir+"-guardrails", s.listWorkspaceExclusions(dir))
		s.handle("PUT", "/workspace-exclusions/"+dir+"-guardrails", s.updateWorkspaceExclusions(dir))
	}
	s.registerOrganisationHooks()
}

// organisationDefaults is GET /admin/organisation/defaults. An empty list is
// answered as null (official provider CHANGELOG 0.2.32: "the API reports an
// empty list as null").
type organisationDefaults struct {
	Object           string         `json:"object"`
	InputGuardrails  []GuardrailRef `json:"input_guardrails"`
	OutputGuardrails []GuardrailRef `json:"output_guardrails"`
}

func (s *Server) defaultsLocked() organisationDefaults {
	refs := func(ids []string) []GuardrailRef {
		var out []GuardrailRef
		for _, id := range ids {
			if g, ok := s.org.guardrails[id]; ok {
				out = append(out, GuardrailRef{ID: g.ID, Slug: g.Slug})
			}
		}
		return out
	}
	return organisationDefaults{
		Object:           "organisation_defaults",
		InputGuardrails:  refs(s.org.defaults[DirectionInput]),
		OutputGuardrails: refs(s.org.defaults[DirectionOutput]),
	}
}

func (s *Server) getOrganisationDefaults(w http.ResponseWriter, r *http.Request) {
	if !principalFrom(r.Context()).canManageOrg("organisation_settings.read") {
		writeError(w, errForbidden())
		return
	}
	unlock := s.lockRead()
	out := s.defaultsLocked()
	unlock()
	writeJSON(w, http.StatusOK, out)
}

// organisationDefaultsUpdate is the PUT body. Each field is kept raw to tell
// a field left out (preserved) from an explicit null (rejected: the field is
// not nullable).
type organisationDefaultsUpdate struct {
	InputGuardrails  json.RawMessage `json:"input_guardrails"`
	OutputGuardrails json.RawMessage `json:"output_guardrails"`
}

func (s *Server) updateOrganisationDefaults(w http.ResponseWriter, r *http.Request) {
	if !principalFrom(r.Context()).canManageOrg("organisation_settings.update") {
		writeError(w, errForbidden())
		return
	}
	var body organisationDefaultsUpdate
	if err := decodeStrict(r, &body); err != nil {
		writeError(w, err)
		return
	}
	lists := map[string]*[]string{}
	for dir, raw := range map[string]json.RawMessage{DirectionInput: body.InputGuardrails, DirectionOutput: body.OutputGuardrails} {
		if len(raw) == 0 {
			continue
		}
		var refs []string
		if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) || json.Unmarshal(raw, &refs) != nil {
			writeError(w, errInvalid("Validation failed: %s_guardrails: Invalid value (want an array of guardrail ids or slugs)", dir))
			return
		}
		lists[dir] = &refs
	}
	if len(lists) == 0 {
		writeError(w, errInvalid("Validation failed: at least one of input_guardrails and output_guardrails is required"))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.setDefaultsLocked(lists[DirectionInput], lists[DirectionOutput]); err != nil {
		writeError(w, err)
		return
	}
	writeOK(w)
}

// setDefaultsLocked replaces the given lists (nil: left as is) with the
// guardrails their ids or slugs name, once each in the order given. Every
// reference must name an organisation guardrail, else nothing changes.
func (s *Server) setDefaultsLocked(input, output *[]string) *apiError {
	resolved := map[string][]string{}
	for _, dir := range []string{DirectionInput, DirectionOutput} {
		refs := input
		if dir == DirectionOutput {
			refs = output
		}
		if refs == nil {
			continue
		}
		ids := []string{}
		seen := map[string]bool{}
		for _, ref := range *refs {
			g := s.guardrailLocked(ref)
			if g == nil {
				return errInvalid("Validation failed: %s_guardrails: no guardrail with the id or slug %q in this organisation", dir, ref)
			}
			if g.Scope != GuardrailScopeOrganisation {
				return errInvalid("%s: %q is a workspace guardrail", msgWorkspaceScopedDefault, ref)
			}
			if !seen[g.ID] {
				seen[g.ID] = true
				ids = append(ids, g.ID)
			}
		}
		resolved[dir] = ids
	}
	for dir, ids := range resolved {
		s.org.defaults[dir] = ids
	}
	return nil
}

// workspaceExclusion is one item of the exclusion list and of the PUT body.
type workspaceExclusion struct {
	WorkspaceID string `json:"workspace_id"`
	Excluded    *bool  `json:"excluded"`
}

// workspaceExclusionsUpdate is the PUT body of /workspace-exclusions/...:
// override_existing replaces every earlier exclusion; by default the entries
// are merged in.
type workspaceExclusionsUpdate struct {
	OrganisationID   *string              `json:"organisation_id"`
	Workspaces       []workspaceExclusion `json:"workspaces"`
	OverrideExisting *bool                `json:"override_existing"`
}

// checkOrganisationLocked validates the organisation_id these routes take:
// required, and the key's own organisation (else 403 AB03).
func (s *Server) checkOrganisationLocked(orgID string) *apiError {
	if orgID == "" {
		return errInvalid("Validation failed: organisation_id is required")
	}
	if orgID != s.orgID {
		return errForbidden()
	}
	return nil
}

func (s *Server) listWorkspaceExclusions(dir string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !principalFrom(r.Context()).canManageOrg("organisation_exclusions.list") {
			writeError(w, errForbidden())
			return
		}
		defer s.lockList()()
		if err := s.checkOrganisationLocked(r.URL.Query().Get("organisation_id")); err != nil {
			writeError(w, err)
			return
		}
		ids := s.excludedLocked(dir)
		items := make([]workspaceExclusion, len(ids))
		yes := true
		for i, id := range ids {
			items[i] = workspaceExclusion{WorkspaceID: id, Excluded: &yes}
		}
		writeJSON(w, http.StatusOK, map[string]any{"object": "list", "total": len(items), "data": items})
	}
}

// excludedLocked returns the UUIDs of the live workspaces excluded in a
// direction, in the order they were excluded (a deleted workspace's
// exclusion goes with it).
func (s *Server) excludedLocked(dir string) []string {
	var ids []string
	for id := range s.org.excluded[dir] {
		if _, live := s.workspaces[id]; live {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return s.org.excluded[dir][ids[i]] < s.org.excluded[dir][ids[j]] })
	return ids
}

func (s *Server) updateWorkspaceExclusions(dir string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !principalFrom(r.Context()).canManageOrg("organisation_exclusions.update") {
			writeError(w, errForbidden())
			return
		}
		var body workspaceExclusionsUpdate
		if err := decodeStrict(r, &body); err != nil {
			writeError(w, err)
			return
		}
		if body.Workspaces == nil {
			writeError(w, errInvalid("Validation failed: workspaces is required"))
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		orgID := ""
		if body.OrganisationID != nil {
			orgID = *body.OrganisationID
		}
		if err := s.checkOrganisationLocked(orgID); err != nil {
			writeError(w, err)
			return
		}
		changes := make([]exclusionChange, 0, len(body.Workspaces))
		for i, item := range body.Workspaces {
			if item.Excluded == nil {
				writeError(w, errInvalid("Validation failed: workspaces[%d].excluded is required", i))
				return
			}
			ws, err := s.findWorkspaceLocked(item.WorkspaceID)
			if err != nil {
				if err.status == http.StatusNotFound {
					err = errInvalid("Validation failed: workspaces[%d].workspace_id: no workspace %q in this organisation", i, item.WorkspaceID)
				}
				writeError(w, err)
				return
			}
			changes = append(changes, exclusionChange{ws.ID, *item.Excluded})
		}
		if body.OverrideExisting != nil && *body.OverrideExisting {
			s.org.excluded[dir] = map[string]int64{}
		}
		for _, c := range changes {
			s.setExcludedLocked(dir, c.workspaceID, c.excluded)
		}
		writeOK(w)
	}
}

// exclusionChange is one validated entry of an exclusions PUT.
type exclusionChange struct {
	workspaceID string // UUID
	excluded    bool
}

// setExcludedLocked excludes a workspace (by UUID) from a direction's
// defaults, or brings it back under them.
func (s *Server) setExcludedLocked(dir, wsID string, excluded bool) {
	_, already := s.org.excluded[dir][wsID]
	switch {
	case excluded && !already:
		s.org.excluded[dir][wsID] = s.nextSeq()
	case !excluded:
		delete(s.org.excluded[dir], wsID)
	}
}
