package client

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Organisation roles (API-NOTES.md 2 and 7). Only admin and member can be
// assigned; the owner is set up with the organisation.
const (
	OrgRoleOwner  = "owner"
	OrgRoleAdmin  = "admin"
	OrgRoleMember = "member"
)

// User is an organisation user as /admin/users returns it.
type User struct {
	Object        string  `json:"object,omitempty"`
	ID            string  `json:"id"`
	FirstName     string  `json:"first_name"`
	LastName      string  `json:"last_name"`
	Role          string  `json:"role"`
	Email         string  `json:"email"`
	CreatedAt     string  `json:"created_at"`
	LastUpdatedAt *string `json:"last_updated_at"` // missing for never-modified users
	// WorkspaceIDs is shown by GET single only: every workspace for owners and
	// admins, the user's own memberships for members.
	WorkspaceIDs []string `json:"workspace_ids"`
}

// ListUsersOptions filters GET /admin/users. Zero values do not filter.
type ListUsersOptions struct {
	Role     string // owner, admin or member
	Email    string
	PageSize int // 0 means DefaultPageSize
}

func (o ListUsersOptions) query() url.Values {
	q := url.Values{}
	if o.Role != "" {
		q.Set("role", o.Role)
	}
	if o.Email != "" {
		q.Set("email", o.Email)
	}
	return q
}

// UpdateUserRequest is the body of PUT /admin/users/{id}. The API rejects a
// role equal to the current one (400 AB01), so send it only on a change.
type UpdateUserRequest struct {
	Role *string `json:"role,omitempty"`
}

// ListUsers returns every organisation user matching opts, following all pages.
func (c *Client) ListUsers(ctx context.Context, opts ListUsersOptions) ([]User, error) {
	return listAll[User](ctx, c, "/admin/users", opts.query(), camelPaging, opts.PageSize)
}

// ListUsersPage returns one 0-based page of users and the total count of
// users matching opts (the API reports the same total on every page).
func (c *Client) ListUsersPage(ctx context.Context, opts ListUsersOptions, page int) ([]User, int, error) {
	size := opts.PageSize
	if size <= 0 {
		size = DefaultPageSize
	}
	q := opts.query()
	q.Set(camelPaging.page, strconv.Itoa(page))
	q.Set(camelPaging.size, strconv.Itoa(size))
	var env listEnvelope[User]
	if err := c.do(ctx, "GET", "/admin/users", q, nil, &env); err != nil {
		return nil, 0, err
	}
	return env.Data, env.Total, nil
}

// FindUserByEmail returns the user whose email equals email ignoring case,
// using the list's email filter. No match is an error matching ErrNotFound.
func (c *Client) FindUserByEmail(ctx context.Context, email string) (*User, error) {
	users, err := c.ListUsers(ctx, ListUsersOptions{Email: email})
	if err != nil {
		return nil, err
	}
	for i := range users {
		if strings.EqualFold(users[i].Email, email) {
			return &users[i], nil
		}
	}
	return nil, fmt.Errorf("no organisation user has the email %q: %w", email, ErrNotFound)
}

// GetUser returns one organisation user, with workspace_ids.
func (c *Client) GetUser(ctx context.Context, id string) (*User, error) {
	var u User
	if err := c.do(ctx, "GET", pathf("/admin/users/%s", id), nil, nil, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// UpdateUser changes a user's organisation role.
func (c *Client) UpdateUser(ctx context.Context, id string, req UpdateUserRequest) error {
	return c.do(ctx, "PUT", pathf("/admin/users/%s", id), nil, req, nil)
}

// DeleteUser removes a user from the organisation, with their workspace
// memberships and workspace-user API keys.
func (c *Client) DeleteUser(ctx context.Context, id string) error {
	return c.do(ctx, "DELETE", pathf("/admin/users/%s", id), nil, nil, nil)
}
