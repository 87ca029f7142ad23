# Import an API key by its id. Portkey never shows a key's secret again, so
# `key` is null after an import: change rotate_trigger to mint a new secret.
terraform import portkey_api_key.backend 4c46f684-d96c-4b58-b356-81e5722cd19d
