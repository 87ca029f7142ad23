terraform {
  required_providers {
    portkey = {
      source  = "seed-4a8a86ef/portkey"
      version = "~> 0.1"
    }
  }
}

# The API key is read from PORTKEY_API_KEY when api_key is not set.
provider "portkey" {
  # api_key           = var.portkey_admin_api_key
  # base_url          = "https://portkey.internal.example.com/v1" # self-hosted control plane
  max_retries         = 4
  request_timeout     = "60s"
  requests_per_second = 10

  # How long to wait for Portkey's eventually consistent reads to show a write.
  read_after_write_timeout = "30s"

  # "auto": a plan that refreshes many workspaces or members lists them once
  # instead of reading each one. "off": one request per object.
  bulk_reads = "auto"
}
