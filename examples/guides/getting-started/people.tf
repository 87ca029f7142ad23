# Alice already belongs to the organisation: make her an organisation admin.
# portkey_user never creates anyone (people join by invite, SSO or SCIM); it
# manages the organisation role of a user who is already there.
resource "portkey_user" "alice" {
  email = "alice@example.com"
  role  = "admin"
}

# Bob already belongs to the organisation too: find him by email and make him
# the workspace's manager.
data "portkey_user" "bob" {
  email = "bob@example.com"
}

resource "portkey_workspace_member" "bob" {
  workspace_id = portkey_workspace.search.id
  user_id      = data.portkey_user.bob.id
  role         = "manager"
}

# Dana is new to Portkey: invite her. Accepting adds her to the organisation
# as a member and to the workspace.
resource "portkey_user_invite" "dana" {
  email = "dana@example.com"
  role  = "member"
  workspaces = [{
    id   = portkey_workspace.search.id
    role = "member"
  }]
}
