resource "portkey_workspace" "growth" {
  name = "Growth"
}

# Invite Dana as an organisation member: manager of the new workspace, member
# of an existing one (given by UUID).
resource "portkey_user_invite" "dana" {
  email = "dana@example.com"
  role  = "member"

  workspaces = [
    { id = portkey_workspace.growth.id, role = "manager" },
    { id = "6e5a9f93-ae3a-46b4-a87d-2464d373ef7e", role = "member" },
  ]

  # Optional: once Dana accepts, Portkey creates her a user API key with these
  # scopes in each of those workspaces.
  scopes = ["completions.write", "logs.view"]

  # Change this value to re-send the invite in place: a new link, a new expiry.
  resend_trigger = "1"

  # Send a new invite if this one expires or is cancelled before Dana accepts.
  reinvite_when_expired = true
}

# Invite Erik without naming workspaces: on accepting he joins only the
# organisation's default workspace.
resource "portkey_user_invite" "erik" {
  email = "erik@example.com"
  role  = "member"
}

# The invite link is a secret: hand it on through a sensitive output (or a
# secrets store) rather than printing it.
output "dana_invite_link" {
  value     = portkey_user_invite.dana.invite_link
  sensitive = true
}
