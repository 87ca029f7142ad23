# Terraform v1.12.0 and later: import by the key's identity, its id. As with
# any import, `key` is null afterwards.
import {
  to = portkey_api_key.backend
  identity = {
    id = "4c46f684-d96c-4b58-b356-81e5722cd19d"
  }
}
