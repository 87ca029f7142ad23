package client

import (
	"context"
	"errors"
	"fmt"
	"net/url"
)

// Organisation-level settings (API-NOTES.md 7): the organisation's default
// guardrails, and the workspaces excluded from them. Neither is in Portkey's
// OpenAPI spec; the shapes come from the backend changelog, the docs and the
// official provider.

// Guardrail directions: input guardrails check requests, output guardrails
// check responses.
const (
	GuardrailDirectionInput  = "input"
	GuardrailDirectionOutput = "output"
)

// GuardrailRef names a guardrail as the organisation defaults show it.
type GuardrailRef struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
}

// OrganisationDefaults is GET /admin/organisation/defaults. The API answers
// an empty list as null, which decodes as a nil slice.
type OrganisationDefaults struct {
	Object           string         `json:"object,omitempty"`
	InputGuardrails  []GuardrailRef `json:"input_guardrails"`
	OutputGuardrails []GuardrailRef `json:"output_guardrails"`
}

// UpdateOrganisationDefaultsRequest is the body of PUT
// /admin/organisation/defaults: guardrail ids or slugs. A nil field is left
// out of the body and the API keeps that list; a pointer to an empty slice
// sends [] and clears it. At least one field must be set.
type UpdateOrganisationDefaultsRequest struct {
	InputGuardrails  *[]string `json:"input_guardrails,omitempty"`
	OutputGuardrails *[]string `json:"output_guardrails,omitempty"`
}

// GetOrganisationDefaults reads the organisation's default guardrails
// (scope organisation_settings.read).
func (c *Client) GetOrganisationDefaults(ctx context.Context) (*OrganisationDefaults, error) {
	var d OrganisationDefaults
	if err := c.do(ctx, "GET", "/admin/organisation/defaults", nil, nil, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// UpdateOrganisationDefaults replaces the lists req sets (scope
// organisation_settings.update). The API answers {}: read the defaults
// afterwards. Only organisation guardrails are accepted; a workspace
// guardrail is refused with 400 AB01.
func (c *Client) UpdateOrganisationDefaults(ctx context.Context, req UpdateOrganisationDefaultsRequest) error {
	if req.InputGuardrails == nil && req.OutputGuardrails == nil {
		return errors.New("updating the organisation defaults needs input_guardrails, output_guardrails or both")
	}
	return c.do(ctx, "PUT", "/admin/organisation/defaults", nil, req, nil)
}

// WorkspaceExclusion is one workspace's state in an exclusions update, and
// an item of the exclusions list.
type WorkspaceExclusion struct {
	WorkspaceID string `json:"workspace_id"` // UUID (a slug is accepted on update)
	Excluded    bool   `json:"excluded"`
}

// UpdateWorkspaceExclusionsRequest is the body of PUT
// /workspace-exclusions/{direction}-guardrails. The entries are merged into
// the existing exclusions unless OverrideExisting is true, which replaces
// them.
type UpdateWorkspaceExclusionsRequest struct {
	OrganisationID   string               `json:"organisation_id"`
	Workspaces       []WorkspaceExclusion `json:"workspaces"`
	OverrideExisting *bool                `json:"override_existing,omitempty"`
}

// workspaceExclusionList is the exclusions list. Its shape is not
// documented: the items are read from the admin list envelope's "data", or
// from "workspaces" (the update body's name for them), and an item without
// "excluded" counts as excluded (the list is of excluded workspaces).
type workspaceExclusionList struct {
	Data       []listedExclusion `json:"data"`
	Workspaces []listedExclusion `json:"workspaces"`
}

type listedExclusion struct {
	WorkspaceID string `json:"workspace_id"`
	Excluded    *bool  `json:"excluded"`
}

func exclusionsPath(direction string) (string, error) {
	if direction != GuardrailDirectionInput && direction != GuardrailDirectionOutput {
		return "", fmt.Errorf("guardrail direction %q: want %q or %q", direction, GuardrailDirectionInput, GuardrailDirectionOutput)
	}
	return "/workspace-exclusions/" + direction + "-guardrails", nil
}

// ListWorkspaceExclusions returns the UUIDs of the workspaces excluded from
// the organisation's default guardrails of a direction (scope
// organisation_exclusions.list).
func (c *Client) ListWorkspaceExclusions(ctx context.Context, direction, organisationID string) ([]string, error) {
	p, err := exclusionsPath(direction)
	if err != nil {
		return nil, err
	}
	var list workspaceExclusionList
	if err := c.do(ctx, "GET", p, url.Values{"organisation_id": {organisationID}}, nil, &list); err != nil {
		return nil, err
	}
	ids := []string{}
	for _, e := range append(list.Data, list.Workspaces...) {
		if e.WorkspaceID != "" && (e.Excluded == nil || *e.Excluded) {
			ids = append(ids, e.WorkspaceID)
		}
	}
	return ids, nil
}

// UpdateWorkspaceExclusions excludes workspaces from (or brings them back
// under) the organisation's default guardrails of a direction (scope
// organisation_exclusions.update). The API answers {}.
func (c *Client) UpdateWorkspaceExclusions(ctx context.Context, direction string, req UpdateWorkspaceExclusionsRequest) error {
	p, err := exclusionsPath(direction)
	if err != nil {
		return err
	}
	return c.do(ctx, "PUT", p, nil, req, nil)
}
