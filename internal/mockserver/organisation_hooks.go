package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
)

// Organisation, continued: the out-of-band hooks (Go and /__mock/ HTTP) that
// seed guardrails and change the defaults and exclusions as Portkey's UI
// would.

// Validate checks a seed before it is applied: every guardrail has a known
// scope (or none: organisation) and no two share an id or a slug.
func (seed Seed) Validate() error {
	ids, slugs := map[string]bool{}, map[string]bool{}
	for _, g := range seed.Guardrails {
		if g.Scope != "" && g.Scope != GuardrailScopeOrganisation && g.Scope != GuardrailScopeWorkspace {
			return fmt.Errorf("guardrail %q: scope %q (want %q or %q)", g.Slug, g.Scope, GuardrailScopeOrganisation, GuardrailScopeWorkspace)
		}
		if (g.ID != "" && ids[g.ID]) || (g.Slug != "" && slugs[g.Slug]) {
			return fmt.Errorf("guardrail %q/%q: two seeded guardrails share an id or a slug", g.ID, g.Slug)
		}
		ids[g.ID], slugs[g.Slug] = g.ID != "", g.Slug != ""
	}
	return nil
}

// SeedGuardrail adds a guardrail (as creating one in Portkey would) and
// returns it. ID defaults to a new UUID, Slug to "pg-" and six hex digits,
// Scope to organisation. A scope other than organisation and workspace, or
// an id or slug already taken, is an error.
func (s *Server) SeedGuardrail(g Guardrail) (Guardrail, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.validGuardrailLocked(g); err != nil {
		return Guardrail{}, err
	}
	return *s.addGuardrailLocked(g), nil
}

// Guardrails returns every guardrail, in the order they were added.
func (s *Server) Guardrails() []Guardrail {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Guardrail, 0, len(s.org.guardrails))
	for _, g := range s.org.guardrails {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

// SetOrganisationDefaults changes the default guardrails out of band, with
// the API's rules: a nil list is left as is, an empty one is cleared, and
// every id or slug must name an organisation guardrail, else nothing changes.
func (s *Server) SetOrganisationDefaults(input, output []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ptr := func(l []string) *[]string {
		if l == nil {
			return nil
		}
		return &l
	}
	if err := s.setDefaultsLocked(ptr(input), ptr(output)); err != nil {
		return fmt.Errorf("%s", err.message)
	}
	return nil
}

// OrganisationDefaults returns the default guardrails as GET shows them
// (nil for an empty list).
func (s *Server) OrganisationDefaults() (input, output []GuardrailRef) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.defaultsLocked()
	return d.InputGuardrails, d.OutputGuardrails
}

// SetWorkspaceExclusion excludes a workspace (UUID or slug) from the
// organisation's default guardrails of a direction (input or output), or,
// with excluded false, brings it back under them.
func (s *Server) SetWorkspaceExclusion(direction, workspace string, excluded bool) error {
	if err := validDirection(direction); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ws := s.workspaceLocked(workspace)
	if ws == nil {
		return &noObjectError{kind: KindWorkspace, id: workspace}
	}
	s.setExcludedLocked(direction, ws.ID, excluded)
	return nil
}

// WorkspaceExclusions returns the UUIDs of the workspaces excluded from a
// direction's defaults, in the order they were excluded.
func (s *Server) WorkspaceExclusions(direction string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.excludedLocked(direction)
}

// validDirection checks a direction a hook names.
func validDirection(dir string) error {
	if dir != DirectionInput && dir != DirectionOutput {
		return fmt.Errorf("direction %q (want %q or %q)", dir, DirectionInput, DirectionOutput)
	}
	return nil
}

// registerOrganisationHooks registers the HTTP twins of the hooks above
// (guardrails are seeded through POST /__mock/seed).
func (s *Server) registerOrganisationHooks() {
	fail := func(w http.ResponseWriter, status int, err error) {
		writeJSON(w, status, map[string]string{"error": err.Error()})
	}
	s.mux.HandleFunc("PUT /__mock/organisation/defaults", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			InputGuardrails  []string `json:"input_guardrails"`
			OutputGuardrails []string `json:"output_guardrails"`
		}
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&body); err != nil {
			fail(w, http.StatusBadRequest, err)
			return
		}
		if err := s.SetOrganisationDefaults(body.InputGuardrails, body.OutputGuardrails); err != nil {
			fail(w, http.StatusBadRequest, err)
			return
		}
		writeOK(w)
	})
	s.mux.HandleFunc("PUT /__mock/workspace-exclusions/{direction}", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			WorkspaceID string `json:"workspace_id"`
			Excluded    *bool  `json:"excluded"`
		}
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		err := dec.Decode(&body)
		if err == nil && body.Excluded == nil {
			err = fmt.Errorf(`body must be {"workspace_id": "...", "excluded": true|false}`)
		}
		if err != nil {
			fail(w, http.StatusBadRequest, err)
			return
		}
		if err := s.SetWorkspaceExclusion(r.PathValue("direction"), body.WorkspaceID, *body.Excluded); err != nil {
			status := http.StatusBadRequest
			if errors.As(err, new(*noObjectError)) {
				status = http.StatusNotFound
			}
			fail(w, status, err)
			return
		}
		writeOK(w)
	})
}
