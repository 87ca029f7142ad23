# Import a workspace by its UUID...
terraform import portkey_workspace.support 6e5a9f93-ae3a-46b4-a87d-2464d373ef7e

# ...or by its slug.
terraform import portkey_workspace.support ws-suppor-1a2b3c
