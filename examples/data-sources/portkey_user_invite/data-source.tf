resource "portkey_user_invite" "erin" {
  email = "erin@example.com"
  role  = "member"

  workspaces = [
    { id = "6e5a9f93-ae3a-46b4-a87d-2464d373ef7e", role = "member" },
  ]
}

# Look an invite up by id...
data "portkey_user_invite" "by_id" {
  id = portkey_user_invite.erin.id
}

# ...or by email: the newest invite to that address.
data "portkey_user_invite" "by_email" {
  email = portkey_user_invite.erin.email
}

output "erin_invite" {
  value = {
    status     = data.portkey_user_invite.by_email.status
    expires_at = data.portkey_user_invite.by_email.expires_at
    workspaces = data.portkey_user_invite.by_id.workspaces
  }
}
