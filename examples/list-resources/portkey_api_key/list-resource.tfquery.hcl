# Every API key the provider's key may see (terraform query; Terraform v1.14.0
# and later). Raise limit for organisations with more than 100 keys.
list "portkey_api_key" "all" {
  provider = portkey
  limit    = 1000
}

# The service keys of one workspace.
list "portkey_api_key" "support_services" {
  provider = portkey

  config {
    workspace_id = "ws-suppor-5f6a7b"
    sub_type     = "service"
  }
}
