# Every active workspace (terraform query; Terraform v1.14.0 and later).
list "portkey_workspace" "all" {
  provider = portkey
}

# Only workspaces whose name contains "prod", archived ones included.
list "portkey_workspace" "production" {
  provider = portkey

  config {
    name   = "prod"
    status = "active,archived"
  }
}
