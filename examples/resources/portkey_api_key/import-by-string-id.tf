import {
  to = portkey_api_key.backend
  id = "4c46f684-d96c-4b58-b356-81e5722cd19d" # the key's id; `key` is null after an import
}
