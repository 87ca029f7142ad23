# Every organisation user but the owner, whom portkey_user cannot manage
# (terraform query; Terraform v1.14.0 and later).
list "portkey_user" "all" {
  provider = portkey
}

# Only the organisation admins.
list "portkey_user" "admins" {
  provider = portkey

  config {
    role = "admin"
  }
}
