# A workspace with a monthly budget in dollars and a request rate limit.
resource "portkey_workspace" "support" {
  name        = "Support"
  description = "Customer support assistants."
  icon        = "🎧"

  metadata = {
    team        = "support"
    cost_center = "cc-1234"
  }

  usage_limits = [{
    type            = "cost"
    credit_limit    = 250.5
    alert_threshold = 200
    periodic_reset  = "monthly"
  }]

  rate_limits = [{
    type  = "requests"
    unit  = "rpm"
    value = 600
  }]
}

# A token budget that resets every 14 days.
resource "portkey_workspace" "research" {
  name = "Research"

  usage_limits = [{
    type                = "tokens"
    credit_limit        = 5000000
    periodic_reset_days = 14
  }]
}

# A disposable sandbox: destroying it also deletes everything created in it
# outside Terraform (virtual keys, configs, prompts, API keys). Irrecoverable.
resource "portkey_workspace" "sandbox" {
  name          = "Sandbox"
  force_destroy = true
}
