package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
)

// Invite statuses (API-NOTES.md 3).
const (
	InviteStatusPending   = "pending"
	InviteStatusAccepted  = "accepted"
	InviteStatusExpired   = "expired"
	InviteStatusCancelled = "cancelled"
)

// UserInvite is an invite as GET /admin/users/invites(/{id}) returns it. The
// invite link is never part of it: only create and resend return the link.
type UserInvite struct {
	Object     string  `json:"object,omitempty"`
	ID         string  `json:"id"`
	Email      string  `json:"email"`
	Role       string  `json:"role"`
	Status     string  `json:"status"`
	InvitedBy  string  `json:"invited_by"`
	CreatedAt  string  `json:"created_at"`
	ExpiresAt  string  `json:"expires_at"`
	AcceptedAt *string `json:"accepted_at"` // null while the invite is pending
	// Workspaces is absent from the spec's schema: nil when the answer lacks
	// it, empty for an invite created without workspaces (API-NOTES.md 9.9,
	// 11.3).
	Workspaces []UserInviteWorkspace `json:"workspaces"`

	// FromListing is set on an answer of ReadUserInvite that came from the
	// invites list rather than GET: Workspaces is then nil (bulkFieldTable).
	FromListing bool `json:"-"`
}

// UserInviteWorkspace is a workspace an invite grants, as GET shows it.
// Live answers key the workspace "id", as create does (the official
// provider reads it so, API-NOTES.md 11.2); the spec's example keys it
// "workspace_id" (9.9). Both decode into WorkspaceID.
type UserInviteWorkspace struct {
	WorkspaceID string `json:"workspace_id"`
	Role        string `json:"role"`
}

// UnmarshalJSON reads the workspace from "id" or "workspace_id".
func (w *UserInviteWorkspace) UnmarshalJSON(data []byte) error {
	var raw struct {
		ID          string `json:"id"`
		WorkspaceID string `json:"workspace_id"`
		Role        string `json:"role"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	w.WorkspaceID, w.Role = raw.WorkspaceID, raw.Role
	if w.WorkspaceID == "" {
		w.WorkspaceID = raw.ID
	}
	return nil
}

// CreateUserInviteRequest is the body of POST /admin/users/invites.
// Workspaces is optional: without it the invitee joins only the
// organisation's default workspace on accepting (API-NOTES.md 9.10, 11.3).
type CreateUserInviteRequest struct {
	Email      string                     `json:"email"`
	Role       string                     `json:"role"`
	Workspaces []UserInviteWorkspaceInput `json:"workspaces,omitempty"`
	// WorkspaceAPIKeyDetails, when set, makes Portkey create a default user
	// API key with these scopes in each workspace once the invite is accepted.
	WorkspaceAPIKeyDetails *UserInviteAPIKeyDetails `json:"workspace_api_key_details,omitempty"`
}

// UserInviteWorkspaceInput is one workspace of a create request: ID is the
// workspace UUID or slug; Role is admin, manager or member.
type UserInviteWorkspaceInput struct {
	ID   string `json:"id"`
	Role string `json:"role"`
}

// UserInviteAPIKeyDetails is the create request's workspace_api_key_details.
type UserInviteAPIKeyDetails struct {
	Scopes []string `json:"scopes"`
}

// CreatedUserInvite is the answer to a create: only the id and the link (the
// answer is not an Invite, API-NOTES.md 9.27). InviteLink is a secret.
type CreatedUserInvite struct {
	ID         string `json:"id"`
	InviteLink string `json:"invite_link"`
}

// ListUserInvitesOptions filters GET /admin/users/invites. Zero values do not
// filter.
type ListUserInvitesOptions struct {
	Role     string // admin or member
	Email    string
	Status   string // pending, accepted, expired or cancelled
	PageSize int    // 0 means DefaultPageSize
}

func (o ListUserInvitesOptions) query() url.Values {
	q := url.Values{}
	if o.Role != "" {
		q.Set("role", o.Role)
	}
	if o.Email != "" {
		q.Set("email", o.Email)
	}
	if o.Status != "" {
		q.Set("status", o.Status)
	}
	return q
}

// CreateUserInvite invites someone to the organisation. It returns the new
// invite's id and link; read the rest with GetUserInvite.
func (c *Client) CreateUserInvite(ctx context.Context, req CreateUserInviteRequest) (*CreatedUserInvite, error) {
	var out CreatedUserInvite
	if err := c.do(ctx, "POST", "/admin/users/invites", nil, req, &out); err != nil {
		return nil, err
	}
	if out.ID == "" {
		return nil, &DecodeError{Method: "POST", Path: "/admin/users/invites", StatusCode: 200,
			Err: errors.New("the answer carried no invite id")}
	}
	return &out, nil
}

// ListUserInvites returns every invite matching opts, following all pages.
func (c *Client) ListUserInvites(ctx context.Context, opts ListUserInvitesOptions) ([]UserInvite, error) {
	return listAll[UserInvite](ctx, c, "/admin/users/invites", opts.query(), camelPaging, opts.PageSize)
}

// GetUserInvite returns one invite.
func (c *Client) GetUserInvite(ctx context.Context, id string) (*UserInvite, error) {
	var inv UserInvite
	if err := c.do(ctx, "GET", pathf("/admin/users/invites/%s", id), nil, nil, &inv); err != nil {
		return nil, err
	}
	return &inv, nil
}

// DeleteUserInvite deletes an invite record. Deleting an accepted invite
// does not remove the user it brought in.
func (c *Client) DeleteUserInvite(ctx context.Context, id string) error {
	return c.do(ctx, "DELETE", pathf("/admin/users/invites/%s", id), nil, nil, nil)
}

// ResendUserInvite re-sends a pending invite and returns its new link (the
// API spells the field inviteLink here, API-NOTES.md 9.8).
func (c *Client) ResendUserInvite(ctx context.Context, id string) (string, error) {
	var out struct {
		InviteLink      string `json:"inviteLink"`
		InviteLinkSnake string `json:"invite_link"`
	}
	p := pathf("/admin/users/invites/%s/resend", id)
	if err := c.do(ctx, "POST", p, nil, nil, &out); err != nil {
		return "", err
	}
	if out.InviteLink == "" {
		out.InviteLink = out.InviteLinkSnake
	}
	if out.InviteLink == "" {
		return "", fmt.Errorf("POST %s: the answer carried no invite link", p)
	}
	return out.InviteLink, nil
}
