terraform {
  required_version = ">= 1.14.0"

  required_providers {
    portkey = {
      source = "seed-4a8a86ef/portkey"
    }
  }
}

# Reads PORTKEY_API_KEY (an organisation Admin API key) and, for a
# self-hosted control plane, PORTKEY_BASE_URL.
provider "portkey" {}
