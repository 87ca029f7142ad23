// Package client is a typed client for Portkey's Admin API.
//
// It knows HTTP and nothing of Terraform: authentication, the User-Agent,
// per-attempt timeouts, a client-side token bucket, the retry policy, typed
// errors, pagination and redacted debug logging live here, one concern per
// file. Each API area (workspaces, users, workspace members, invites, API
// keys) has its own file holding its entity type, request types and methods.
//
// # Bulk reads (bulk_reads.go)
//
// ReadWorkspace, ReadWorkspaceMember, ReadAPIKey and ReadUserInvite are the
// reads of a refresh. With bulk reads on (Config.BulkReads "auto", the
// default), when one process reads many objects of one kind they answer from
// one listing instead of one GET each:
//
//   - The trigger: the first BulkReadThreshold (10) reads of a kind in a
//     process are GETs, as with bulk reads off, so a plan with at most that
//     many objects of each kind makes exactly the same requests. From the next
//     read on, a read is answered from the listing of its scope (all
//     workspaces, API keys or invites; the members of one workspace). Only
//     reads a listing may answer count (an API key or invite read without a
//     complete function is a GET and does not). The first page is read at
//     once; the rest as soon as the scope's reads reach the listing's number
//     of pages, so a listing costs at most one page more than the GETs it
//     replaces. Concurrent reads wait for the page being fetched.
//   - Exactness: a listing answers only objects it holds, with fields the
//     list provides (the table below). Anything else falls back to the GET:
//     an object missing from the listing (404 and 403 handling unchanged), a
//     listing that failed, a kind that is not bulk-read. For API keys and
//     invites, whose lists lack fields the resources show, the caller passes
//     a complete function that fills those fields in from the GET its state
//     recorded, or refuses, and a refused object is read by GET; the provider
//     decides when that is exact (internal/provider/bulk_reads.go), and also
//     reads by GET an object a listing shows older than its state (lists may
//     trail GETs).
//   - Lifetime: every write the client sends drops every listing (before it is
//     sent and again once answered; a listing read across a write is thrown
//     away). Listings live in the Client, which the provider builds for each
//     Terraform operation's provider process.
//
// The field table (bulkFieldTable; the mock's list items have these shapes,
// and TestBulkFieldTable checks them), for the fields the provider reads:
//
//	kind              list                               bulk-read  the list lacks (and where it comes from)
//	workspace         GET /admin/workspaces              yes        organisation_id: from a GET of a workspace of the
//	                                                                same organisation earlier in the process;
//	                                                                defaults.input_guardrails, output_guardrails,
//	                                                                user_api_key_config: not refreshed; an update reads
//	                                                                them by GET before its PUT
//	workspace member  GET /admin/workspaces/{id}/users   yes        nothing (GET single even lacks the id)
//	user              GET /admin/users                   no         workspace_ids (GET single only)
//	user invite       GET /admin/users/invites           yes        workspaces (not known to be listed): from the GET
//	                                                                recorded in state; an invite cannot change them
//	API key           GET /api-keys                      yes        rotation_policy, defaults.allow_config_override,
//	                                                                next_usage_reset_at (API-NOTES.md 11.11): from the
//	                                                                GET recorded in state while last_updated_at and
//	                                                                last_reset_at are unchanged since; keys with a
//	                                                                rotation policy or a due reset by GET
//
// A workspace from a listing provides id, slug, name, description, icon,
// is_default, defaults.metadata and defaults.is_default, usage_limits,
// rate_limits, created_at and last_updated_at; a member, id, first_name,
// last_name, email, org_role, role, workspace_id, created_at and
// last_updated_at; an invite, id, email, role, status, invited_by,
// created_at, expires_at and accepted_at; an API key, everything a GET
// answers but the three fields above (bulkFieldTable lists them).
package client
