// Package mockserver is a stateful, in-memory implementation of Portkey's
// Admin API (users, invites, workspaces, workspace members, API keys, the
// organisation's default guardrails and workspace exclusions), quirks
// included, for the provider's tests, the demo and benchmarks.
//
// One [Server] is an http.Handler: the Admin API under /v1 (Go 1.22 method
// patterns on one ServeMux), the test hooks under /__mock/. Its state sits
// behind one mutex and values are copied in and out. Requests are decoded
// strictly against the mock's own wire types (never the client's), so a
// client serialization bug fails a test. Section numbers below refer to
// API-NOTES.md, which documents the real API.
//
// # Requests checked against Portkey's OpenAPI document
//
// Before it is handled, every Admin API request is validated with
// kin-openapi against Portkey's spec (spec.go): method and path, path and
// query parameters (an unknown one is a violation), and the JSON body (an
// unknown field, a wrong type, a value outside an enum or a format, a null
// where the spec does not allow one). The spec is a committed extract,
// openapi/portkey-admin.yaml (MIT, from github.com/Portkey-AI/openapi at the
// commit its header names), made by cmd/portkey-spec-subset and embedded;
// with PORTKEY_OPENAPI_SPEC pointing at the full document, a test checks the
// extract is current. The spec's documented bugs are tolerated through a
// short allow-list in spec.go, each entry with its API-NOTES section: the
// workspace DELETE body {name, force_delete} and force_delete in its query
// (9.3, 11.8), name_format on a workspace GET (4), comma-separated status
// filters (4, 6), both paging casings on every list (1.3, 9.7), invites
// without workspaces (9.10, 11.3), icon on workspace create and update (4,
// 9.26), null limits on a workspace PUT (4, 9.5) and a null usage_limits on
// an API-key PUT (6), and decimal credit_limit and alert_threshold (9.24).
//
// A request that breaks the spec is answered 400 AB01 naming the violation
// ("Validation failed: body field defaults.metadata: Value is not nullable
// (Portkey's OpenAPI document, PUT /api-keys/{id})"), and recorded: in the
// request log's "violation" and in [Server.SpecViolations]. [Server.Start]
// fails the test at cleanup while any is recorded, so the test whose client
// sent it fails; a test that sends one on purpose takes it with
// [Server.TakeSpecViolations]. Options.NoSpecValidation (the standalone
// binary's -no-spec-validation) turns the check off; it costs tens of
// microseconds a request (BenchmarkSpecValidation).
//
// # Quirks reproduced
//
// Conventions shared by every route:
//
//   - Every success is HTTP 200, creates included (1.6, 10). PUT and DELETE
//     answer {} (1.6); so does the bulk member POST (5). Creates answer the
//     object for workspaces (4, in the list item's shape: the spec gives
//     create and list items one schema, and no create answer was recorded),
//     {id, invite_link} for invites (3) and {id, key, object} for API keys (6).
//   - Workspace GET and list items and API-key GET, list items and rotate
//     answer exactly the shapes recorded from the live API (11.11):
//     testdata/live-shapes.json lists every field and its JSON type, and
//     TestLiveShapes compares every such answer with it. The other answers
//     keep the shapes the notes give: users are the spec's User (2; GET
//     single adds workspace_ids, a never-modified user has no
//     last_updated_at), members the spec's WorkspaceMember of 2026-03-26
//     without scopes and settings (5), invites the spec's Invite with the
//     example's workspaces (3, 9.9); none of them was recorded live.
//   - Options.FloatLiterals (the -float-literals flag of cmd/portkey-mock)
//     answers every JSON number as a float literal, 10.0 for 10, as the live
//     API can where the spec says integer (11.6).
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
//     description, icon, defaults, usage_limits and rate_limits are null
//     (9.5, 11.11); next_usage_reset_at is computed when not given (4).
//   - GET single has no status but organisation_id, created_by (the mock
//     records the organisation owner), creation_source ("default" for the
//     default workspace, "api" otherwise: the mock's choice), last_reset_at,
//     security_settings (35 camelCase booleans, all true by default: the
//     mock's choice), settings (the six recorded numbers, with the defaults
//     of 4) and users; list items have status, scim_source_id and
//     security_settings but no organisation_id, users, settings, created_by,
//     creation_source or last_reset_at, and their defaults only metadata and
//     is_default (11.11, 4).
//   - GET answers prepend the icon to the name ("🚀 Production") unless
//     ?name_format=plain; filters, the DELETE confirmation and the store use
//     the plain name (4).
//   - A workspace created with a name that starts with an emoji and no icon
//     gets that emoji as its icon and the rest of the name as its name
//     ("🎯 Ops" is stored as "Ops" with icon "🎯", and GET shows "🎯 Ops")
//     (11.5; Portkey's acceptance test TestAccWorkspaceResource_emojiInName_noIcon).
//     The evidence is about creates only: a PUT stores the name as sent.
//   - PUT replaces defaults wholesale; null clears usage_limits, rate_limits,
//     description and icon (4).
//   - DELETE needs the body {"name": <current name>} (else 400 AB01) (9.3) and
//     answers 409 AB07 while the workspace has dependents (4), unless
//     force_delete is true: then the dependents go with the workspace (11.8,
//     which supersedes 9.3's "ignored"). Where the flag goes is uncertain (the
//     official provider sent it in the body, and a later release of it found
//     the body flag ignored), so the mock takes it in the body or the query.
//     Members and the workspace's API keys never block a delete; they go with
//     it.
//   - A deleted workspace answers 403 AB03, not 404, to every later call by
//     UUID or slug, its member routes included; an id that never existed is
//     404 AB08 (1.5).
//   - GET single embeds users without email (4, 9.23).
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
//     7 days by default) reads as expired; GET shows workspaces as {id, role},
//     as live answers do (11.2; the spec's example says workspace_id, 9.9).
//   - workspaces is optional on create (9.10, 11.3): without it the invitee
//     joins only the default workspace on acceptance, and GET shows
//     workspaces as []. An empty list is refused (the mock's choice).
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
//     transition (6, 10). Only the rotate answer carries
//     key_transition_expires_at: GET and list never do (11.7).
//   - GET leaves rotation_policy out for a key without one, and answers
//     next_usage_reset_at; list items have neither (nor
//     key_transition_expires_at), and their defaults hold only metadata and
//     config_id (11.11). rate_limits is [] when unset (6).
//   - The top-level allow_config_override is an integer copy of the
//     defaults' flag, and api_key_defaults_id names the key's defaults
//     record; both are null until a create or update carries defaults, as
//     the live keys without one show (6, 9.15, 11.11).
//
// Organisation defaults and workspace exclusions (7; not in the spec):
//
//   - GET /admin/organisation/defaults answers {"object":
//     "organisation_defaults", "input_guardrails": [{id, slug}],
//     "output_guardrails": [...]}, an empty list as null (official provider
//     CHANGELOG 0.2.32). PUT takes guardrail ids or slugs; at least one of the
//     two fields is required, a field left out is kept, [] clears, null is
//     400 AB01; each guardrail is kept once, in the order given; an unknown
//     guardrail, or a workspace one ("Workspace-scoped guardrails cannot be
//     set as organisation defaults"), is 400 AB01 naming it, and nothing
//     changes. There is no DELETE (404). Scopes organisation_settings.read and
//     .update (7).
//   - GET /workspace-exclusions/{input,output}-guardrails needs
//     ?organisation_id= (400 AB01 without, 403 AB03 for another
//     organisation); PUT takes {organisation_id, workspaces: [{workspace_id,
//     excluded}], override_existing}: merged into the existing exclusions
//     unless override_existing; workspaces by UUID or slug, unknown ones 400
//     AB01, deleted ones 403 AB03. Scopes organisation_exclusions.list and
//     .update (7). A deleted workspace's exclusions go with it.
//   - Guardrails have no routes (the /guardrails API is out of scope): they
//     are seeded (Options.Guardrails, which Reset keeps; Seed.Guardrails;
//     SeedGuardrail) with an id, a slug and a scope, organisation or
//     workspace.
//
// Read-after-write lag (11.1; official CHANGELOG 0.2.26: "The Portkey API has
// eventual consistency and PUT responses may return stale data"), with
// Options.Lag, [Server.SetLag] or the -lag flag, per kind or for every kind
// ([LagAllKinds]; the organisation's default guardrails and workspace
// exclusions are the kind [LagKindOrganisation]): for that long after an API
// write, GETs and lists show every object the write changed as it was before: "not found" (and absent
// from lists) after a create, the old values after an update, still there
// after a delete, cascades included; after several writes, the object as it
// was a lag ago. Writes, authentication and the hooks always see the current
// objects. The lag after updates is documented; after creates and deletes
// it is our extrapolation, kept as the harsher reading (lag.go). With
// Options.LagListsOnly ([Server.SetLagListsOnly], -lag-lists-only) only the
// lists trail writes and GETs are current: the reading in which lists come
// from a replica that GETs do not read, which bulk reads must survive. The
// lag runs on Options.Clock, so tests advance a test clock instead of
// sleeping.
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
// [Server.SpecViolations] and [Server.TakeSpecViolations] report the
// requests that broke Portkey's OpenAPI document (see above).
//
// Entity hooks: [Server.SeedUser], [Server.SeedMember],
// [Server.SetWorkspaceDependents], [Server.WorkspaceIDsNamed],
// [Server.WorkspaceIDByName], [Server.AcceptInvite] (which creates the user
// and their memberships, optionally deleting the invite record),
// [Server.ExpireInvite], [Server.CancelInvite], [Server.InviteLink],
// [Server.InviteScopes], [Server.Invites], [Server.ExhaustAPIKey],
// [Server.ExpireAPIKey], [Server.APIKeySecret], [Server.MintedAPIKeySecrets]
// (to prove no secret leaked) and [Server.APIKeys]; for the organisation,
// [Server.SeedGuardrail], [Server.Guardrails], [Server.SetOrganisationDefaults]
// (with the API's rules), [Server.OrganisationDefaults],
// [Server.SetWorkspaceExclusion] and [Server.WorkspaceExclusions].
// Lag: [Server.SetLag], [Server.SettleLag] (every read current at once) and
// [Server.PendingLag].
//
// Faults ([Server.InjectFault], [Server.ClearFaults]) match a method (empty:
// any) and a path under /v1, exact or a prefix ending in "*", and are used in
// injection order; Times is how many requests each affects (0 once, -1
// forever). A fault answers Status in the error envelope (with Retry-After and
// Code when set), waits Latency first, drops the connection (Reset), or with
// CommitThenFail handles the request, so the change is stored, and then loses
// the answer (Reset, or Status, 502 by default). Truncate handles the request
// and sends its real status with only the first half of the body: a 2xx that
// arrives but cannot be decoded. Faults apply before authentication and never
// to the hooks.
//
// [Server.SetChaos] is a seeded random fault mode for soak tests (chaos.go):
// each request that no injected fault matches fails with a probability, as a
// 503 or 429 with Retry-After, a reset, a commit-then-fail (optionally on most
// POSTs) or a delay; the draw depends on the seed and the request, not on the
// order of parallel requests. [Server.ChaosStats] counts what it injected.
//
// [Server.Requests] is the request log (method, path under /v1, matched route,
// query, body, status, fault); [Server.Counts] and [Server.Count] count it per
// route pattern without the /v1 prefix, e.g. "GET /admin/workspaces/{id}".
// Hook calls are not logged.
//
// The same operations over HTTP, for black-box tests and the standalone
// binary (no API key needed):
//
//	POST   /__mock/seed                       Seed JSON: {"admin_keys", "users", "workspaces", "guardrails"}
//	GET    /__mock/objects/{kind}/{id}        PATCH (JSON fields as on the wire) and DELETE too
//	GET    /__mock/objects/{kind}             every object of a kind, as a JSON array
//	POST   /__mock/members                    {"workspace_id", "user_id", "role"}
//	POST   /__mock/workspaces/{id}/dependents {"count": n}
//	POST   /__mock/invites/{id}/accept        optional {"delete_record": true}; also /expire, /cancel
//	POST   /__mock/api-keys/{id}/exhaust      also /expire
//	PUT    /__mock/organisation/defaults      {"input_guardrails", "output_guardrails"}: as Portkey's UI would
//	PUT    /__mock/workspace-exclusions/{dir} {"workspace_id", "excluded"}; dir input or output
//	POST   /__mock/faults                     a Fault as JSON, latency as a Go duration ("250ms")
//	DELETE /__mock/faults                     clear every fault
//	PUT    /__mock/chaos                      {"seed", "rate", "kinds", "post_commit_then_fail", "retry_after", "max_latency"}
//	GET    /__mock/chaos                      its configuration and counts; POST /__mock/chaos/pause, /resume
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
// Options.NoHooks (the binary's -no-hooks) turns the HTTP hooks off: every
// /__mock/ path answers 404 in the API's error envelope, so a client sees
// only what it would see of Portkey. The provider's acceptance suite runs
// its live mode against the binary so (README, "Live mode"), with
// Options.NamePrefix (-require-prefix tf-acc-): a workspace, API key or
// invite whose name (email) lacks the prefix is refused with 400 AB01, which
// holds the suite to its promise to name everything it creates so. That
// check is not Portkey's (name_prefix.go).
//
// # Known deviations from the real API
//
//   - Workspace security_settings and settings are answered (fixed defaults,
//     or what a Patch sets) but not modeled: a PUT carrying them is rejected
//     as an unknown field (400 AB01).
//   - The members of nested objects that no recording shows (a workspace's
//     defaults and limits, an API key's usage_limits and rotation_policy)
//     follow the spec and the notes; testdata/live-shapes.json marks them.
//   - API key scopes are not validated against Portkey's scope list: any
//     non-empty strings are accepted. An empty list is 400 AB01, where the
//     real API was seen answering 502 (1.5).
//   - Audit logs, SCIM mappings, configs and guardrails (beyond their id,
//     slug and scope) are absent (7, 8): their routes answer 404.
//   - The shape of the exclusions list is undocumented: the mock answers the
//     admin list envelope of {workspace_id, excluded: true} (7). Beyond the
//     quoted refusal of a workspace guardrail, the wording of the messages
//     that name a refused guardrail or workspace is the mock's.
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
