# Every API key the provider's key may see (terraform query; Terraform v1.14.0
# and later). Raise limit for organisations with more than 100 keys.
list "portkey_api_key" "all" {
  provider = portkey
  limit    = 1000
}

# The service keys of one workspace (by UUID or slug).
list "portkey_api_key" "production_services" {
  provider = portkey

  config {
    workspace_id = "ws-produc-1a2b3c"
    sub_type     = "service"
  }
}
