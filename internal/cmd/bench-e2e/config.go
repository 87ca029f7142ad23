//go:build linux || darwin

package main

import (
	"fmt"
	"strings"
)

// mix is how a configuration of n managed resources is made up: workspaces,
// members spread evenly over them, organisation users, invites, and API keys
// of all three kinds. The shares follow the shape of a real organisation:
// keys and memberships dominate.
type mix struct {
	Workspaces int `json:"workspaces"`
	Members    int `json:"workspace_members"`
	Users      int `json:"users"`
	Invites    int `json:"user_invites"`
	OrgKeys    int `json:"organisation_service_keys"`
	WsKeys     int `json:"workspace_service_keys"`
	UserKeys   int `json:"workspace_user_keys"`
}

func newMix(n int) mix {
	share := func(percent int) int { return max(1, n*percent/100) }
	m := mix{Workspaces: share(5), Users: share(5), Invites: share(10)}
	keys := n * 45 / 100
	m.OrgKeys, m.WsKeys = keys/3, keys/3
	m.UserKeys = keys - m.OrgKeys - m.WsKeys
	m.Members = max(0, n-m.Workspaces-m.Users-m.Invites-keys)
	return m
}

func (m mix) total() int {
	return m.Workspaces + m.Members + m.Users + m.Invites + m.OrgKeys + m.WsKeys + m.UserKeys
}

// seedUsers is how many organisation users the mock is seeded with: enough
// for the managed users and for distinct members in every workspace.
func (m mix) seedUsers() int {
	perWorkspace := (m.Members + m.Workspaces - 1) / m.Workspaces
	return max(m.Users, perWorkspace, 1)
}

// userID is the fixed id of seeded user i, so that the configuration can name
// users without looking them up.
func userID(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }

func userEmail(i int) string { return fmt.Sprintf("bench-user-%d@example.com", i) }

// seedJSON is the mock's -seed file: the admin key and the users.
func (m mix) seedJSON(adminKey string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "{\"admin_keys\": [%q], \"users\": [\n", adminKey)
	for i := range m.seedUsers() {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "  {\"id\": %q, \"email\": %q, \"first_name\": \"Bench\", \"last_name\": \"User %d\", \"role\": \"member\"}",
			userID(i), userEmail(i), i)
	}
	b.WriteString("\n]}\n")
	return b.String()
}

// portkeyConfig is the configuration of m's resources. The provider block is
// empty: the API key, base URL and bulk_reads come from the environment.
func (m mix) portkeyConfig() string {
	var b strings.Builder
	b.WriteString(`terraform {
  required_providers {
    portkey = {
      source = "seed-4a8a86ef/portkey"
    }
  }
}

provider "portkey" {}
`)
	ws := func(i int) string { return fmt.Sprintf("portkey_workspace.w%d.id", i%m.Workspaces) }
	for i := range m.Workspaces {
		fmt.Fprintf(&b, "\nresource \"portkey_workspace\" \"w%d\" {\n  name = \"bench-workspace-%d\"\n", i, i)
		if i%2 == 0 {
			fmt.Fprintf(&b, "  description = \"Benchmark workspace %d.\"\n  metadata = {\n    team = \"team-%d\"\n  }\n", i, i%7)
		}
		if i%5 == 0 {
			b.WriteString("  rate_limits = [{\n    type  = \"requests\"\n    unit  = \"rpm\"\n    value = 600\n  }]\n")
		}
		b.WriteString("}\n")
	}
	users := m.seedUsers()
	for i := range m.Members {
		w, slot := i%m.Workspaces, i/m.Workspaces
		role := []string{"member", "manager", "admin"}[i%3]
		fmt.Fprintf(&b, "\nresource \"portkey_workspace_member\" \"m%d\" {\n  workspace_id = %s\n  user_id      = %q\n  role         = %q\n}\n",
			i, ws(w), userID((w+slot)%users), role)
	}
	for i := range m.Users {
		fmt.Fprintf(&b, "\nresource \"portkey_user\" \"u%d\" {\n  email = %q\n  role  = \"member\"\n}\n", i, userEmail(i))
	}
	for i := range m.Invites {
		fmt.Fprintf(&b, "\nresource \"portkey_user_invite\" \"i%d\" {\n  email = \"bench-invitee-%d@example.com\"\n  role  = \"member\"\n"+
			"  workspaces = [{\n    id   = %s\n    role = \"member\"\n  }]\n}\n", i, i, ws(i))
	}
	for i := range m.OrgKeys {
		fmt.Fprintf(&b, "\nresource \"portkey_api_key\" \"ko%d\" {\n  name     = \"bench-org-key-%d\"\n  type     = \"organisation\"\n"+
			"  sub_type = \"service\"\n  scopes   = [\"workspaces.read\", \"workspaces.list\"]\n}\n", i, i)
	}
	for i := range m.WsKeys {
		fmt.Fprintf(&b, "\nresource \"portkey_api_key\" \"kw%d\" {\n  name         = \"bench-workspace-key-%d\"\n  type         = \"workspace\"\n"+
			"  sub_type     = \"service\"\n  workspace_id = %s\n  scopes       = [\"completions.write\", \"logs.view\"]\n", i, i, ws(i))
		if i%3 == 0 {
			b.WriteString("  metadata = {\n    service = \"bench\"\n  }\n  rate_limits = [{\n    type  = \"requests\"\n    unit  = \"rpm\"\n    value = 100\n  }]\n" +
				"  usage_limits = {\n    type           = \"cost\"\n    credit_limit   = 50\n    periodic_reset = \"monthly\"\n  }\n")
		}
		b.WriteString("}\n")
	}
	for i := range m.UserKeys {
		fmt.Fprintf(&b, "\nresource \"portkey_api_key\" \"ku%d\" {\n  name         = \"bench-user-key-%d\"\n  type         = \"workspace\"\n"+
			"  sub_type     = \"user\"\n  workspace_id = %s\n  user_id      = %q\n  scopes       = [\"completions.write\"]\n}\n",
			i, i, ws(i), userID(i%users))
	}
	return b.String()
}

// floorConfig is n terraform_data resources: what the same CLI costs to plan
// the same number of resources with no provider plugin at all.
func floorConfig(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "resource \"terraform_data\" \"r%d\" {\n  input = \"bench-%d\"\n}\n\n", i, i)
	}
	return b.String()
}
