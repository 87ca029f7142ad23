# Invites still waiting for an answer (terraform query; Terraform v1.14.0 and
# later). Leave status out to list accepted, expired and cancelled ones too.
list "portkey_user_invite" "pending" {
  provider = portkey

  config {
    status = "pending"
  }
}
