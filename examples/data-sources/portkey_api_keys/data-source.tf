# Every user key of one workspace (all pages). Filters are optional: without
# them, every key the provider's key may see is listed.
data "portkey_api_keys" "user_keys" {
  workspace_id = "ws-produc-1a2b3c" # UUID or slug
  type         = "workspace"
  sub_type     = "user"
}

# Keys whose budget is used up.
output "exhausted_keys" {
  value = [for k in data.portkey_api_keys.user_keys.api_keys : k.name if k.status == "exhausted"]
}
