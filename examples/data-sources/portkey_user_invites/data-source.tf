# Every pending invite of the organisation (all pages).
data "portkey_user_invites" "pending" {
  status = "pending"
}

# Invites that expired without being accepted, to follow up on.
data "portkey_user_invites" "expired_admins" {
  status = "expired"
  role   = "admin"
}

output "pending_invitees" {
  value = [for invite in data.portkey_user_invites.pending.invites : invite.email]
}

output "expired_admin_invitees" {
  value = [for invite in data.portkey_user_invites.expired_admins.invites : invite.email]
}
