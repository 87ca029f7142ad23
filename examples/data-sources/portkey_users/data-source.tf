# Every organisation admin.
data "portkey_users" "admins" {
  role = "admin"
}

output "admin_emails" {
  value = [for u in data.portkey_users.admins.users : u.email]
}
