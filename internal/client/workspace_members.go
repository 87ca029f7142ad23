package client

import (
	"context"
	"fmt"
	"net/url"
	"strings"
)

// Workspace roles of a member (API-NOTES.md 5).
const (
	WorkspaceRoleAdmin   = "admin"
	WorkspaceRoleManager = "manager"
	WorkspaceRoleMember  = "member"
)

// WorkspaceMember is one user's membership of one workspace, as
// /admin/workspaces/{id}/users returns it ("workspace-user"). ID is the user
// id, not a membership id.
type WorkspaceMember struct {
	Object        string  `json:"object,omitempty"`
	ID            string  `json:"id"`
	FirstName     string  `json:"first_name"`
	LastName      string  `json:"last_name"`
	Email         string  `json:"email"`
	OrgRole       string  `json:"org_role"`
	Role          string  `json:"role"`
	Status        string  `json:"status"`
	WorkspaceID   string  `json:"workspace_id"`
	CreatedAt     string  `json:"created_at"`
	LastUpdatedAt *string `json:"last_updated_at"`

	// FromListing is set on an answer of ReadWorkspaceMember that came from
	// the workspace's members list rather than GET.
	FromListing bool `json:"-"`
}

// WorkspaceMemberInput is one user of an add-members request.
type WorkspaceMemberInput struct {
	ID   string `json:"id"`
	Role string `json:"role"`
}

// AddWorkspaceMembersRequest is the body of POST /admin/workspaces/{id}/users.
type AddWorkspaceMembersRequest struct {
	Users []WorkspaceMemberInput `json:"users"`
}

// UpdateWorkspaceMemberRequest is the body of PUT /admin/workspaces/{id}/users/{user}.
type UpdateWorkspaceMemberRequest struct {
	Role *string `json:"role,omitempty"`
}

// ListWorkspaceMembersOptions filters the members list. Zero values do not filter.
type ListWorkspaceMembersOptions struct {
	Role  string // admin, manager or member
	Email string
}

// normaliseRole strips the "ws-" prefix the API sometimes puts on workspace
// roles ("ws-admin"; API-NOTES.md 5).
func normaliseRole(role string) string { return strings.TrimPrefix(role, "ws-") }

// normalise fixes the API's quirks in a member read: the ws- role prefix and,
// on GET single, a missing id (API-NOTES.md 9.23), which is the user id asked for.
func (m *WorkspaceMember) normalise(userID string) {
	m.Role = normaliseRole(m.Role)
	m.OrgRole = normaliseRole(m.OrgRole)
	if m.ID == "" {
		m.ID = userID
	}
}

// AddWorkspaceMembers adds users to a workspace (UUID or slug). The API
// answers {}, so callers GET the members afterwards. A user already in the
// workspace fails the whole request with 409 AB07.
func (c *Client) AddWorkspaceMembers(ctx context.Context, workspaceID string, req AddWorkspaceMembersRequest) error {
	return c.do(ctx, "POST", pathf("/admin/workspaces/%s/users", workspaceID), nil, req, nil)
}

// ListWorkspaceMembers returns every member of a workspace matching opts,
// following all pages.
func (c *Client) ListWorkspaceMembers(ctx context.Context, workspaceID string, opts ListWorkspaceMembersOptions) ([]WorkspaceMember, error) {
	q := url.Values{}
	if opts.Role != "" {
		q.Set("role", opts.Role)
	}
	if opts.Email != "" {
		q.Set("email", opts.Email)
	}
	members, err := listAll[WorkspaceMember](ctx, c, pathf("/admin/workspaces/%s/users", workspaceID), q, snakePaging, DefaultPageSize)
	if err != nil {
		return nil, err
	}
	for i := range members {
		members[i].normalise("")
	}
	return members, nil
}

// FindWorkspaceMemberByEmail returns the member of a workspace whose email
// equals email ignoring case, using the list's email filter. No match is an
// error matching ErrNotFound.
func (c *Client) FindWorkspaceMemberByEmail(ctx context.Context, workspaceID, email string) (*WorkspaceMember, error) {
	members, err := c.ListWorkspaceMembers(ctx, workspaceID, ListWorkspaceMembersOptions{Email: email})
	if err != nil {
		return nil, err
	}
	for i := range members {
		if strings.EqualFold(members[i].Email, email) {
			return &members[i], nil
		}
	}
	return nil, fmt.Errorf("workspace %q has no member with the email %q: %w", workspaceID, email, ErrNotFound)
}

// GetWorkspaceMember returns one user's membership of a workspace.
func (c *Client) GetWorkspaceMember(ctx context.Context, workspaceID, userID string) (*WorkspaceMember, error) {
	var m WorkspaceMember
	if err := c.do(ctx, "GET", pathf("/admin/workspaces/%s/users/%s", workspaceID, userID), nil, nil, &m); err != nil {
		return nil, err
	}
	m.normalise(userID)
	return &m, nil
}

// UpdateWorkspaceMember changes a member's workspace role.
func (c *Client) UpdateWorkspaceMember(ctx context.Context, workspaceID, userID string, req UpdateWorkspaceMemberRequest) error {
	return c.do(ctx, "PUT", pathf("/admin/workspaces/%s/users/%s", workspaceID, userID), nil, req, nil)
}

// DeleteWorkspaceMember removes a user from a workspace.
func (c *Client) DeleteWorkspaceMember(ctx context.Context, workspaceID, userID string) error {
	return c.do(ctx, "DELETE", pathf("/admin/workspaces/%s/users/%s", workspaceID, userID), nil, nil, nil)
}
