# Every active workspace (terraform query; Terraform v1.14.0 and later).
list "portkey_workspace" "all" {
  provider = portkey
}

# Only workspaces whose name contains "Prod" (case-sensitive), archived ones included.
list "portkey_workspace" "production" {
  provider = portkey

  config {
    name   = "Prod"
    status = "active,archived"
  }
}
