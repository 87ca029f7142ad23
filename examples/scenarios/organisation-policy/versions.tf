terraform {
  required_version = ">= 1.11"
  required_providers {
    portkey = {
      source  = "seed-4a8a86ef/portkey"
      version = "~> 0.1"
    }
  }
}

# Reads PORTKEY_API_KEY (and PORTKEY_BASE_URL for a self-hosted control plane).
provider "portkey" {}
