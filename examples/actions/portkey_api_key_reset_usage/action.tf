# Terraform v1.14.0 and later.
resource "portkey_api_key" "batch" {
  name     = "batch"
  type     = "organisation"
  sub_type = "service"
  scopes   = ["completions.write"]

  usage_limits = {
    credit_limit   = 100
    periodic_reset = "monthly"
  }
}

# Give an exhausted key its budget back, on demand:
#   terraform apply -invoke=action.portkey_api_key_reset_usage.batch
action "portkey_api_key_reset_usage" "batch" {
  config {
    id = portkey_api_key.batch.id
  }
}
