package provider

import (
	"context"
	"errors"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// The Admin API has no organisation object: the organisation is the one the
// API key belongs to, and its id shows only as the organisation_id of its
// workspaces and API keys. The data source and the resource find it here.

// errNoWorkspace is the answer for a key that sees no workspace at all.
var errNoWorkspace = errors.New("the API key sees no workspace, so the organisation id is unknown")

// defaultWorkspace returns the organisation's default workspace from a
// workspaces list (the first one when none is marked default), or nil for an
// empty list.
func defaultWorkspace(workspaces []client.Workspace) *client.Workspace {
	if len(workspaces) == 0 {
		return nil
	}
	for i := range workspaces {
		if workspaces[i].IsDefault == 1 {
			return &workspaces[i]
		}
	}
	return &workspaces[0]
}

// organisationIDOf returns the organisation id from a workspaces list: its
// default workspace's organisation_id, read with a GET when list items lack
// it (the real API leaves it out of list items).
func organisationIDOf(ctx context.Context, c *client.Client, workspaces []client.Workspace) (string, error) {
	def := defaultWorkspace(workspaces)
	if def == nil {
		return "", errNoWorkspace
	}
	if def.OrganisationID != "" {
		return def.OrganisationID, nil
	}
	ws, err := c.GetWorkspace(ctx, def.ID)
	if err != nil {
		return "", err
	}
	if ws.OrganisationID == "" {
		return "", errors.New("the default workspace " + def.ID + " carries no organisation_id")
	}
	return ws.OrganisationID, nil
}

// lookupOrganisationID returns the id of the API key's organisation: the
// workspaces list (one request per 100 workspaces) and, usually, one GET.
func lookupOrganisationID(ctx context.Context, c *client.Client) (string, error) {
	workspaces, err := c.ListWorkspaces(ctx, client.ListWorkspacesOptions{})
	if err != nil {
		return "", err
	}
	return organisationIDOf(ctx, c, workspaces)
}

// organisationLookupHint is the advice for a failed organisation lookup.
func organisationLookupHint(err error) string {
	if errors.Is(err, errNoWorkspace) {
		return "Use an organisation Admin API key."
	}
	return ""
}
