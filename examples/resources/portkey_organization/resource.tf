# The default guardrails of the organisation the provider's API key belongs
# to: Portkey runs them on every request of every workspace not excluded from
# them. Name a guardrail by its slug or its id; only organisation guardrails
# are accepted. Declare this resource once per organisation.
resource "portkey_organization" "this" {
  input_guardrails  = ["pii-redaction"]
  output_guardrails = ["toxicity"]
}

output "organisation_id" {
  value = portkey_organization.this.id
}
