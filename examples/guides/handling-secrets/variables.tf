# Where the Admin API key cannot come from PORTKEY_API_KEY, pass it as an
# ephemeral variable (Terraform >= 1.10, OpenTofu >= 1.11): its value is kept
# out of saved plans and the state. Give it with TF_VAR_portkey_admin_api_key.
variable "portkey_admin_api_key" {
  description = "An Admin API key of the organisation; null reads PORTKEY_API_KEY."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true
}

provider "portkey" {
  api_key = var.portkey_admin_api_key
}
