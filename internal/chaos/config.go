package chaos

import (
	"fmt"
	"strings"
)

// Shape is how many resources of each kind a generated configuration has.
type Shape struct {
	Workspaces, Members, Invites int
	// OrgKeys, ServiceKeys and UserKeys are the API keys of the three kinds
	// (organisation/service, workspace/service, workspace/user).
	OrgKeys, ServiceKeys, UserKeys int
	// Users are the organisation users the mock is seeded with, for the
	// memberships and the user keys (not resources).
	Users int
}

// Total is the number of resources.
func (s Shape) Total() int {
	return s.Workspaces + s.Members + s.Invites + s.OrgKeys + s.ServiceKeys + s.UserKeys
}

// ShapeFor spreads n resources (at least 10) over the kinds as the issue's
// run did: a tenth workspaces, two fifths memberships (four per workspace),
// a fifth invites, and three tenths API keys, a third of each kind.
func ShapeFor(n int) Shape {
	n = max(n, 10)
	ws := max(n/10, 1)
	keys := n * 3 / 10
	s := Shape{Workspaces: ws, Members: 4 * ws, OrgKeys: keys / 3, ServiceKeys: keys / 3, UserKeys: keys - 2*(keys/3)}
	s.Invites = n - s.Workspaces - s.Members - keys
	s.Users = max(4, s.UserKeys)
	return s
}

// userID is the UUID of seeded user i.
func userID(i int) string { return fmt.Sprintf("c4a05000-0000-4000-8000-%012d", i) }

// userEmail is the email of seeded user i.
func userEmail(i int) string { return fmt.Sprintf("chaos-user-%03d@example.com", i) }

// Generation is what an update changes: 1 is the first apply's
// configuration, 2 changes something in every resource (an invite's role
// change replaces it).
type Generation int

// Config writes the configuration: a provider block (the key and URL come
// from the environment) and the resources of shape.
func Config(shape Shape, gen Generation, provider string) string {
	var b strings.Builder
	b.WriteString(provider)
	role, keyScopes, desc := "member", `["completions.write"]`, "first"
	if gen > 1 {
		role, keyScopes, desc = "manager", `["completions.write", "logs.view"]`, "second"
	}
	for i := range shape.Workspaces {
		fmt.Fprintf(&b, `
resource "portkey_workspace" "ws%03[1]d" {
  name        = "chaos-ws-%03[1]d"
  description = "%[2]s"
}
`, i, desc)
	}
	perWS := shape.Members / max(shape.Workspaces, 1)
	for i := range shape.Members {
		ws, j := i/max(perWS, 1)%shape.Workspaces, i%max(perWS, 1)
		fmt.Fprintf(&b, `
resource "portkey_workspace_member" "m%03[1]d" {
  workspace_id = portkey_workspace.ws%03[2]d.id
  user_id      = %[3]q
  role         = %[4]q
}
`, i, ws, userID((ws+j)%shape.Users), role)
	}
	for i := range shape.Invites {
		inviteRole := "member"
		if gen > 1 && i%2 == 0 {
			inviteRole = "admin" // replaces the invite
		}
		fmt.Fprintf(&b, `
resource "portkey_user_invite" "inv%03[1]d" {
  email = "chaos-inv-%03[1]d@example.com"
  role  = %[2]q
}
`, i, inviteRole)
	}
	for i := range shape.OrgKeys {
		fmt.Fprintf(&b, `
resource "portkey_api_key" "org%03[1]d" {
  type        = "organisation"
  sub_type    = "service"
  name        = "chaos-key-org-%03[1]d"
  description = %[2]q
  scopes      = %[3]s
}
`, i, desc, keyScopes)
	}
	for i := range shape.ServiceKeys {
		fmt.Fprintf(&b, `
resource "portkey_api_key" "svc%03[1]d" {
  type         = "workspace"
  sub_type     = "service"
  workspace_id = portkey_workspace.ws%03[2]d.id
  name         = "chaos-key-svc-%03[1]d"
  description  = %[3]q
  scopes       = %[4]s
}
`, i, i%shape.Workspaces, desc, keyScopes)
	}
	for i := range shape.UserKeys {
		fmt.Fprintf(&b, `
resource "portkey_api_key" "usr%03[1]d" {
  type         = "workspace"
  sub_type     = "user"
  workspace_id = portkey_workspace.ws%03[2]d.id
  user_id      = %[3]q
  name         = "chaos-key-usr-%03[1]d"
  description  = %[4]q
  scopes       = %[5]s
}
`, i, i%shape.Workspaces, userID(i%shape.Users), desc, keyScopes)
	}
	return b.String()
}
