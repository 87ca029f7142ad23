# An evaluation sandbox runs without the organisation's default input
# guardrails (see portkey_organization); its responses are still checked.
resource "portkey_workspace" "sandbox" {
  name        = "Evaluation Sandbox"
  description = "Red-teaming prompts; input guardrails off."
}

resource "portkey_organization_guardrail_exclusion" "sandbox_input" {
  direction    = "input"
  workspace_id = portkey_workspace.sandbox.id
}
