// Package mockserver is a stateful, in-memory implementation of Portkey's
// Admin API (users, invites, workspaces, workspace members, API keys), quirks
// included, for the provider's tests, the demo and benchmarks.
//
// One [Server] is an http.Handler: the Admin API under /v1 (Go 1.22 method
// patterns on one ServeMux), the test hooks under /__mock/. Its state sits
// behind one mutex and values are copied in and out. Requests are decoded
// strictly against the mock's own wire types (never the client's), so a
// client serialization bug fails a test. Section numbers below refer to
// API-NOTES.md, which documents the real API.
//
// # Quirks reproduced
//
// Conventions shared by every route:
//
//   - Every success is HTTP 200, creates included (1.6, 10). PUT and DELETE
//     answer {} (1.6); so does the bulk member POST (5). Creates answer the
//     object for workspaces (4), {id, invite_link} for invites (3) and
//     {id, key, object} for API keys (6).
//   - Lists answer {"object":"list","total":N,"data":[...]} where total
//     counts every item after filters, on every page (1.2).
//   - Paging is 0-based and every list accepts both casings,
//     current_page/page_size and currentPage/pageSize; the default page size
//     is 100 (1.3, 9.7).
//   - Errors use the admin envelope
//     {"success":false,"data":{"message":"...","errorCode":"AB01"}} (1.5, 10):
//     AB01 (400) for validation (unknown fields, wrong types, a missing or
//     null body, values outside an enum), AB03 (403), AB05 (401, for a missing
//     or unknown x-portkey-api-key), AB07 (409), AB08
//     (404). Injected 429s carry AB06 and injected 5xx AB04 (1.5).
//   - Timestamps are answered as "2006-01-02T15:04:05.000Z" (1.4).
//   - Organisation admin keys call everything; keys minted through the API
//     authenticate too, workspace keys only inside their workspace and with
//     the scope the route needs, else 403 AB03 (1.1, 10).
//
// Workspaces (4, 9):
//
//   - The id is a UUID and the slug is "ws-" + the first six characters of the
//     kebab-cased name + "-" + six hex digits; paths and workspace_id inputs
//     accept either, and answers always echo the UUID (1.4, 9.1).
//   - object:"workspace" and is_default are top-level (9.2); unset
//     usage_limits and rate_limits are null (9.5); next_usage_reset_at is
//     computed when not given (4).
//   - GET answers prepend the icon to the name ("🚀 Production") unless
//     ?name_format=plain; filters, the DELETE confirmation and the store use
//     the plain name (4).
//   - PUT replaces defaults wholesale; null clears usage_limits, rate_limits,
//     description and icon (4).
//   - DELETE needs the body {"name": <current name>} (else 400 AB01) (9.3) and
//     answers 409 AB07 while the workspace has dependents (4); force_delete is
//     accepted and ignored (4).
//   - A deleted workspace answers 403 AB03, not 404, to every later call by
//     UUID or slug, its member routes included; an id that never existed is
//     404 AB08 (1.5).
//   - GET single embeds users without email; list items carry neither users
//     nor organisation_id (4, 9.23).
//
// Users (2):
//
//   - There is no POST: users arrive through invites, SSO or SCIM (see the
//     SeedUser and AcceptInvite hooks).
//   - A PUT whose role equals the current one is rejected with 400 AB01 (1.5,
//     9.12); assignable roles are admin and member.
//   - DELETE cascades to the user's memberships and workspace-user API keys
//     (2, 10); afterwards those memberships and keys answer 403 AB03, not 404,
//     as for a departed user (1.5).
//   - A never-modified user has no last_updated_at; workspace_ids appears on
//     GET single only (2).
//
// Workspace members (5): POST takes {"users":[{"id","role"}]} (roles admin,
// manager, member) and answers {}; the member object is "workspace-user" whose
// id is the user id. The organisation owner added to (or re-roled in) a
// workspace reads back as admin whatever role was asked for (11.4: official
// workspace_member_resource_test.go, "Org owners always get 'admin' role in
// workspaces regardless of the requested role"); organisation admins do the
// same only with Options.OrgAdminsAreWorkspaceAdmins (flag
// -org-admins-workspace-admin), off by default because the evidence (docs:
// owners and admins "get admin in every workspace") is weaker
// (workspace_roles.go).
//
// Invites (3):
//
//   - Create answers {id, invite_link}; resend answers the camelCase
//     {"inviteLink": ...} (9.8). The link appears nowhere else.
//   - There is no PUT or PATCH: both answer 404 (3).
//   - A pending invite past expires_at (Options.InviteTTL after creation,
//     7 days by default) reads as expired; GET shows workspaces as
//     {workspace_id, role} (9.9).
//
// API keys (6):
//
//   - Only organisation/service, workspace/service and workspace/user exist;
//     workspace keys need workspace_id, user keys user_id; scopes must be
//     non-empty.
//   - The full key comes back only from create and rotate; GET and list show
//     it masked as "xx*****yyy" (6).
//   - Rotation keeps the id, keeps the old secret valid until
//     key_transition_expires_at and refuses a second rotation during the
//     transition (6, 10).
//   - List items' defaults hold only metadata and config_id; the top-level
//     allow_config_override is an integer (6, 9.15).
//
// Read-after-write lag (11.1; official CHANGELOG 0.2.26: "The Portkey API has
// eventual consistency and PUT responses may return stale data"), with
// Options.Lag, [Server.SetLag] or the -lag flag, per kind or for every kind
// ([LagAllKinds]): for that long after an API write, GETs and lists show
// every object the write changed as it was before: "not found" (and absent
// from lists) after a create, the old values after an update, still there
// after a delete, cascades included; after several writes, the object as it
// was a lag ago. Writes, authentication and the hooks always see the current
// objects. The lag after updates is documented; after creates and deletes
// it is our extrapolation, kept as the harsher reading (lag.go). The lag runs
// on Options.Clock, so tests advance a test clock instead of sleeping.
//
// # Hooks
//
// Go tests drive the server directly:
//
//	srv := mockserver.New(mockserver.Options{APIKeys: []string{"pk-test"}})
//	baseURL := srv.Start(t) // http://127.0.0.1:PORT/v1, closed when the test ends
//	srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/workspaces", CommitThenFail: true, Reset: true})
//	err := srv.Delete(mockserver.KindWorkspace, id) // out of band, as in Portkey's UI
//	n := srv.Count("POST /admin/workspaces")
//
// The generic hooks: [Server.Patch], [Server.Delete] and [Server.Object]
// work on the kinds [KindWorkspace], [KindUser], [KindMember] (id
// "<workspace UUID or slug>/<user id>"), [KindInvite] and [KindAPIKey]. Patch
// takes the wire field names, null clears a field, and an unknown field or
// one that identifies the object is an error that changes nothing. Deleting a
// user or a workspace cascades as the API does. [Server.ApplySeed] adds admin
// keys, users and workspaces; [Server.Reset] restores the initial
// organisation (the owner, Options.OwnerEmail, and the default workspace
// "Shared Team Workspace") and keeps every admin key accepted so far.
//
// Entity hooks: [Server.SeedUser], [Server.SeedMember],
// [Server.SetWorkspaceDependents], [Server.WorkspaceIDsNamed],
// [Server.WorkspaceIDByName], [Server.AcceptInvite] (which creates the user
// and their memberships, optionally deleting the invite record),
// [Server.ExpireInvite], [Server.CancelInvite], [Server.InviteLink],
// [Server.InviteScopes], [Server.Invites], [Server.ExhaustAPIKey],
// [Server.ExpireAPIKey], [Server.APIKeySecret], [Server.MintedAPIKeySecrets]
// (to prove no secret leaked) and [Server.APIKeys]. Lag: [Server.SetLag],
// [Server.SettleLag] (every read current at once) and [Server.PendingLag].
//
// Faults ([Server.InjectFault], [Server.ClearFaults]) match a method (empty:
// any) and a path under /v1, exact or a prefix ending in "*", and are used in
// injection order; Times is how many requests each affects (0 once, -1
// forever). A fault answers Status in the error envelope (with Retry-After and
// Code when set), waits Latency first, drops the connection (Reset), or with
// CommitThenFail handles the request, so the change is stored, and then loses
// the answer (Reset, or Status, 502 by default). Faults apply before
// authentication and never to the hooks.
//
// [Server.Requests] is the request log (method, path under /v1, matched route,
// query, body, status, fault); [Server.Counts] and [Server.Count] count it per
// route pattern without the /v1 prefix, e.g. "GET /admin/workspaces/{id}".
// Hook calls are not logged.
//
// The same operations over HTTP, for black-box tests and the standalone
// binary (no API key needed):
//
//	POST   /__mock/seed                       Seed JSON: {"admin_keys", "users", "workspaces"}
//	GET    /__mock/objects/{kind}/{id}        PATCH (JSON fields as on the wire) and DELETE too
//	POST   /__mock/members                    {"workspace_id", "user_id", "role"}
//	POST   /__mock/workspaces/{id}/dependents {"count": n}
//	POST   /__mock/invites/{id}/accept        optional {"delete_record": true}; also /expire, /cancel
//	POST   /__mock/api-keys/{id}/exhaust      also /expire
//	POST   /__mock/faults                     a Fault as JSON, latency as a Go duration ("250ms")
//	DELETE /__mock/faults                     clear every fault
//	GET    /__mock/requests                   the request log; DELETE clears it
//	GET    /__mock/counts                     {"GET /admin/workspaces/{id}": 3, ...}
//	POST   /__mock/reset                      back to the initial organisation
//	PUT    /__mock/lag                        {"kind": "users" or "*", "duration": "1.5s"}; "0s" switches it off
//	GET    /__mock/lag                        {"durations": {...}, "pending": n}
//	POST   /__mock/lag/settle                 every read current at once
//
// Hooks answer {} on success and {"error": "..."} otherwise (the generic
// object hooks: 404 for an id that names nothing, 400 for anything else). For
// example, make the next workspace create commit and then drop the
// connection, then delete a workspace out of band:
//
//	curl -s -X POST http://127.0.0.1:8080/__mock/faults \
//	  -d '{"method":"POST","path":"/admin/workspaces","commit_then_fail":true,"reset":true}'
//	curl -s -X DELETE http://127.0.0.1:8080/__mock/objects/workspaces/ws-shared-e2a85b
//
// The standalone binary, cmd/portkey-mock, serves a Server on loopback and
// prints exactly one line to stdout once listening,
// "PORTKEY_BASE_URL=http://127.0.0.1:PORT/v1".
//
// # Known deviations from the real API
//
//   - Workspace security_settings and settings are not modeled: a PUT
//     carrying them is rejected as an unknown field (400 AB01). Workspace
//     answers omit created_by, creation_source, last_reset_at and
//     scim_source_id.
//   - List items are simplified: a workspace list item is the workspace object
//     without organisation_id (it keeps status).
//   - API key scopes are not validated against Portkey's scope list: any
//     non-empty strings are accepted. An empty list is 400 AB01, where the
//     real API was seen answering 502 (1.5).
//   - Audit logs, organisation defaults, workspace exclusions, SCIM mappings
//     and configs are absent (7, 8): their routes answer 404.
//   - An unknown route answers 404 in the envelope without an errorCode
//     ("Cannot GET /v1/..."); the real body is undocumented. Validation errors
//     never carry error_details (1.5).
//   - Without a lag (the default), reads are current at once: a GET right
//     after a PUT sees the change, where the live API may still answer the old
//     version (11.1). Rate limits are never enforced; 429s come only from
//     faults. Enterprise-plan 403s are not modeled (1.5).
//   - Member roles are never spelt "ws-admin" unless a test patches them so,
//     and the member GET always includes id and email (5, 9.23).
//   - Accepting an invite (not part of the API) is a hook; it does not mint
//     the default user keys of workspace_api_key_details.
//   - The organisation owner can be neither demoted nor removed (403 AB03),
//     and deleting the default workspace is allowed: both are the mock's
//     choices where the notes are silent.
package mockserver
