# Terraform v1.12.0 and later: import by the organisation's identity, its id.
import {
  to = portkey_organization.this
  identity = {
    id = "4ba6b8a1-fbe1-4f8b-b479-83f08e520e6f"
  }
}
