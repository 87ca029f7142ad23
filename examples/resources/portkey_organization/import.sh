# Import the organisation by its id: the id of data.portkey_organization, or the
# organisation_id of any of its workspaces or API keys.
terraform import portkey_organization.this 4ba6b8a1-fbe1-4f8b-b479-83f08e520e6f
