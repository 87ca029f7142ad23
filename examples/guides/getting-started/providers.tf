terraform {
  required_providers {
    portkey = {
      source  = "seed-4a8a86ef/portkey"
      version = "~> 0.1"
    }
  }
}

# Reads the Admin API key from PORTKEY_API_KEY (and a self-hosted control
# plane's address from PORTKEY_BASE_URL).
provider "portkey" {}
