data "portkey_user" "bob" {
  email = "bob@example.com"
}

# Make Bob a manager of the Production workspace, named by its slug.
resource "portkey_workspace_member" "bob" {
  workspace_id = "ws-produc-1a2b3c"
  user_id      = data.portkey_user.bob.id
  role         = "manager"
}

# The workspace can also be named by its UUID.
resource "portkey_workspace_member" "alice" {
  workspace_id = "6e5a9f93-ae3a-46b4-a87d-2464d373ef7e"
  user_id      = "b2182deb-05c8-11f1-84d4-024c88f9cbd3"
  role         = "member"
}
