# Import a membership as <workspace>/<user id>, the workspace by UUID or slug
# (write it as the configuration's workspace_id does)...
terraform import portkey_workspace_member.bob ws-produc-1a2b3c/61e08f60-4822-465e-ba23-39f85cd741cb

# ...or as <workspace>/<email>.
terraform import portkey_workspace_member.bob ws-produc-1a2b3c/bob@example.com
