import {
  to = portkey_organization.this
  id = "4ba6b8a1-fbe1-4f8b-b479-83f08e520e6f" # the organisation id (data.portkey_organization's id)
}
