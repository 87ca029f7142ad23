package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

const usersTestKey = "pk-client-users-test"

// newUsersTestClient returns a client against a fresh mock.
func newUsersTestClient(t *testing.T) (*Client, *mockserver.Server) {
	t.Helper()
	srv := mockserver.New(mockserver.Options{APIKeys: []string{usersTestKey}})
	c, err := New(Config{BaseURL: srv.Start(t), APIKey: usersTestKey, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

func TestListUsers_allPagesAndFilters(t *testing.T) {
	t.Parallel()
	c, srv := newUsersTestClient(t)
	for i := range 250 {
		role := "member"
		if i%10 == 0 {
			role = "admin"
		}
		srv.SeedUser(mockserver.User{Email: fmt.Sprintf("user%03d@example.com", i), Role: role})
	}
	ctx := context.Background()

	all, err := c.ListUsers(ctx, ListUsersOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 251 || all[0].Role != OrgRoleOwner || all[250].Email != "user249@example.com" {
		t.Fatalf("got %d users, first %+v", len(all), all[0])
	}
	if got := srv.Count("GET /admin/users"); got != 3 {
		t.Fatalf("251 users in pages of 100 take 3 requests, got %d", got)
	}
	for _, r := range srv.Requests() {
		if !strings.Contains(r.Query, "currentPage=") || !strings.Contains(r.Query, "pageSize=100") {
			t.Fatalf("users paging is camelCase: %q", r.Query)
		}
	}

	admins, err := c.ListUsers(ctx, ListUsersOptions{Role: OrgRoleAdmin, PageSize: 7})
	if err != nil {
		t.Fatal(err)
	}
	if len(admins) != 25 {
		t.Fatalf("got %d admins, want 25", len(admins))
	}

	page, total, err := c.ListUsersPage(ctx, ListUsersOptions{PageSize: 10}, 2)
	if err != nil || total != 251 || len(page) != 10 || page[0].Email != "user019@example.com" {
		t.Fatalf("page 2: %d items, total %d, err %v", len(page), total, err)
	}

	u, err := c.FindUserByEmail(ctx, "USER042@Example.com")
	if err != nil || u.Email != "user042@example.com" {
		t.Fatalf("FindUserByEmail: %+v %v", u, err)
	}
	if _, err := c.FindUserByEmail(ctx, "nobody@example.com"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("FindUserByEmail of nobody: %v", err)
	}
}

func TestUsers_getUpdateDelete(t *testing.T) {
	t.Parallel()
	c, srv := newUsersTestClient(t)
	ctx := context.Background()
	bob := srv.SeedUser(mockserver.User{Email: "bob@example.com", FirstName: "Bob", LastName: "Builder"})
	def := srv.WorkspaceIDByName("Shared Team Workspace")

	u, err := c.GetUser(ctx, bob.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != bob.ID || u.Email != "bob@example.com" || u.FirstName != "Bob" || u.LastName != "Builder" ||
		u.Role != OrgRoleMember || u.CreatedAt == "" || u.LastUpdatedAt != nil || len(u.WorkspaceIDs) != 0 {
		t.Fatalf("GetUser: %+v", u)
	}

	admin := OrgRoleAdmin
	if err := c.UpdateUser(ctx, bob.ID, UpdateUserRequest{Role: &admin}); err != nil {
		t.Fatal(err)
	}
	u, err = c.GetUser(ctx, bob.ID)
	if err != nil || u.Role != OrgRoleAdmin || u.LastUpdatedAt == nil || len(u.WorkspaceIDs) != 1 || u.WorkspaceIDs[0] != def {
		t.Fatalf("after update: %+v %v", u, err)
	}
	// The API rejects an unchanged role with 400 AB01.
	if err := c.UpdateUser(ctx, bob.ID, UpdateUserRequest{Role: &admin}); !IsCode(err, "AB01") {
		t.Fatalf("same-role update: %v", err)
	}

	if err := c.DeleteUser(ctx, bob.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetUser(ctx, bob.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("GetUser after delete: %v", err)
	}
	if err := c.DeleteUser(ctx, bob.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}

	owner, err := c.ListUsers(ctx, ListUsersOptions{Role: OrgRoleOwner})
	if err != nil || len(owner) != 1 {
		t.Fatalf("owner: %v %v", owner, err)
	}
	if err := c.DeleteUser(ctx, owner[0].ID); !errors.Is(err, ErrForbidden) {
		t.Fatalf("deleting the owner: %v", err)
	}
}
