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
