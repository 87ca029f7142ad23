# Terraform v1.14.0 and later.
resource "portkey_user_invite" "newcomer" {
  email = "newcomer@example.com"
  role  = "member"
  workspaces = [
    { id = "6e5a9f93-ae3a-46b4-a87d-2464d373ef7e", role = "member" },
  ]
}

# Remind the invitee, on demand (only a pending invite can be re-sent):
#   terraform apply -invoke=action.portkey_user_invite_resend.newcomer
action "portkey_user_invite_resend" "newcomer" {
  config {
    id = portkey_user_invite.newcomer.id
  }
}
