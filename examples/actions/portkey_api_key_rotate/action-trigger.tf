# Terraform v1.14.0 and later: rotate a key whenever Terraform changes it, for
# instance after its scopes change, so that holders of the old secret must
# fetch the new one.
resource "portkey_api_key" "exporter" {
  name     = "exporter"
  type     = "organisation"
  sub_type = "service"
  scopes   = ["logs.export"]

  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.portkey_api_key_rotate.exporter]
    }
  }
}

action "portkey_api_key_rotate" "exporter" {
  config {
    id = portkey_api_key.exporter.id
  }
}
