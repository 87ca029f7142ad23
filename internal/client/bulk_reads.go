package client

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// Bulk reads: when one provider process reads many objects of one kind (a
// large plan refreshing hundreds of workspaces or members), it lists the kind
// once and answers the reads from that listing, instead of one GET each.
//
// The trigger rule. The first BulkReadThreshold reads of a kind in one
// process are single GETs, exactly as with bulk reads off: a plan with at most
// that many objects of each kind makes the same requests either way. From the
// next read on, a read is answered from the listing of its scope (the
// organisation's workspaces, API keys or invites; the members of one
// workspace). The first page of
// a listing is read at once; its total tells how many pages the listing has,
// and the remaining pages are read as soon as the reads of that scope reach
// that number of pages, so a listing never costs more than one page beyond
// the GETs it replaces. Concurrent reads wait for the page being fetched
// instead of fetching it again.
//
// Correctness. A read answers from a listing only an object the listing holds
// and only with fields the list provides (bulkFieldTable); anything else (an
// object missing from the listing, a kind the table does not bulk-read, a
// listing that failed, a listed API key or invite its caller cannot complete)
// falls back to the object's GET, so 404 and 403 handling are unchanged. Every write the client sends (POST, PUT, DELETE)
// drops every listing, before it is sent and again once it is answered, and a
// listing fetched across a write is thrown away. Listings live in the Client,
// which the provider builds per Terraform operation's provider process.

// bulkFields is one row of bulkFieldTable: a kind a refresh reads, whether it
// is bulk-read, the fields of GET that its list items carry, and for every
// field they lack, where that field comes from instead (or why the kind is
// not bulk-read).
type bulkFields struct {
	Kind     string
	List     string // the listing endpoint
	BulkRead bool
	// Provides are the fields, as GET names them (nested ones with dots), that
	// list items carry and the provider reads from them.
	Provides []string
	// Lacks are the fields GET answers and list items do not carry, each
	// with where a bulk read takes it from, or why the kind is not bulk-read.
	Lacks map[string]string
}

// bulkFieldTable is the field table of bulk reads (the package documentation
// shows it too). Its sources are the live recordings of API-NOTES.md 11.11
// (workspaces and API keys) and Portkey's spec (members, users, invites); the
// mock's list items follow them, and TestBulkFieldTable checks the table
// against the mock, so a bulk read that relied on a field the real list does
// not send would fail there and in the acceptance tests.
var bulkFieldTable = []bulkFields{
	{
		Kind: "workspace", List: "GET /admin/workspaces", BulkRead: true,
		Provides: []string{"id", "slug", "name", "description", "icon", "is_default", "defaults.metadata",
			"defaults.is_default", "usage_limits", "rate_limits", "created_at", "last_updated_at"},
		Lacks: map[string]string{
			"organisation_id": "from a GET of a workspace earlier in the same process (the first reads of a kind are " +
				"GETs): every workspace an admin key lists belongs to that key's organisation",
			"defaults.input_guardrails":    "not refreshed into state; an update reads it with a GET before its PUT",
			"defaults.output_guardrails":   "not refreshed into state; an update reads it with a GET before its PUT",
			"defaults.user_api_key_config": "not refreshed into state; an update reads it with a GET before its PUT",
			"users":                        "not read by the provider",
			"settings":                     "not read by the provider",
			"created_by":                   "not read by the provider",
			"creation_source":              "not read by the provider",
			"last_reset_at":                "not read by the provider",
		},
	},
	{
		Kind: "workspace member", List: "GET /admin/workspaces/{id}/users", BulkRead: true,
		Provides: []string{"id", "first_name", "last_name", "email", "org_role", "role", "workspace_id", "created_at", "last_updated_at"},
	},
	{
		Kind: "user", List: "GET /admin/users", BulkRead: false,
		Lacks: map[string]string{
			"workspace_ids": "GET single only (API-NOTES.md 2), and portkey_user shows it: users are read by GET",
		},
	},
	{
		Kind: "user invite", List: "GET /admin/users/invites", BulkRead: true,
		Provides: []string{"id", "email", "role", "status", "invited_by", "created_at", "expires_at", "accepted_at"},
		Lacks: map[string]string{
			"workspaces": "not in the spec's Invite schema and no live list was recorded (API-NOTES.md 3, 11.2), so a " +
				"listed invite carries none: they come from the GET recorded in state. The API cannot change them " +
				"(an invite has no update; a change replaces it), so a listing answers only an invite whose state a GET " +
				"filled (ReadUserInvite's complete)",
		},
	},
	{
		Kind: "API key", List: "GET /api-keys", BulkRead: true,
		Provides: []string{"id", "key", "name", "description", "type", "organisation_id", "workspace_id", "user_id",
			"status", "created_at", "last_updated_at", "rate_limits", "usage_limits.type", "usage_limits.credit_limit",
			"usage_limits.alert_threshold", "usage_limits.periodic_reset", "scopes", "defaults.metadata",
			"defaults.config_id", "alert_emails", "expires_at", "last_reset_at"},
		Lacks: map[string]string{
			"rotation_policy": "absent from live list items (API-NOTES.md 11.11): from the GET recorded in state, for " +
				"a key whose last_updated_at the listing shows unchanged since that GET and that has no rotation " +
				"policy (rotations move next_rotation_at without an update); else by GET",
			"defaults.allow_config_override": "absent from live list items' defaults (API-NOTES.md 11.11): from the " +
				"GET recorded in state, for a key whose last_updated_at is unchanged since; else by GET",
			"next_usage_reset_at": "absent from live list items (API-NOTES.md 11.11): from the GET recorded in state, " +
				"for a key whose last_updated_at and last_reset_at are unchanged since and whose recorded next reset " +
				"is still in the future (a reset moves it); else by GET",
		},
	},
}

// Bulk read modes (the provider setting bulk_reads).
const (
	BulkReadsAuto = "auto"
	BulkReadsOff  = "off"
)

// BulkReadThreshold is how many reads of a kind a process makes by GET
// before it reads the kind's listing (see the trigger rule above). It is
// Terraform's default parallelism: the reads a plan starts at once.
const BulkReadThreshold = 10

// Kinds that are bulk-read, and the scopes of their listings.
const (
	bulkKindWorkspaces = "workspaces"
	bulkKindMembers    = "workspace members" // scoped by workspace
	bulkKindAPIKeys    = "API keys"
	bulkKindInvites    = "user invites"
)

// bulkReads holds the listings of one Client.
type bulkReads struct {
	mu    sync.Mutex
	gen   uint64 // bumped by every write: listings older than it are dropped
	kinds map[string]*bulkKind
	orgID string // the organisation's id, as workspace GETs report it
}

type bulkKind struct {
	reads    int
	listings map[string]*listing // by scope
}

// listing is the listing of one scope, read page by page.
type listing struct {
	reads    int            // reads of this scope once the kind passed the threshold
	pages    int            // pages the listing has (from the first page's total); 0 before it
	fetched  int            // pages read so far
	items    map[string]any // the listed objects by id (and by slug for workspaces)
	complete bool           // every page is read
	failed   bool           // a page could not be read: reads use GET
	fetching chan struct{}  // closed when the page fetch in flight ends
}

// pageFunc reads one 0-based page of a listing: its items and the total the
// answer reports (0 if none).
type pageFunc func(ctx context.Context, page int) (items []any, total int, err error)

// dropAll forgets every listing; a fetch in flight is discarded when it ends.
func (b *bulkReads) dropAll() {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.gen++
	b.kinds = nil
	b.mu.Unlock()
}

// lookup answers a read of key in scope from the kind's listing, reading
// pages as the trigger rule says. It reports false when the read must use its
// GET instead.
func (b *bulkReads) lookup(ctx context.Context, kind, scope, key string, page pageFunc) (any, bool) {
	if b == nil {
		return nil, false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.kinds == nil {
		b.kinds = map[string]*bulkKind{}
	}
	k := b.kinds[kind]
	if k == nil {
		k = &bulkKind{listings: map[string]*listing{}}
		b.kinds[kind] = k
	}
	k.reads++
	if k.reads <= BulkReadThreshold {
		return nil, false
	}
	counted := false
	for {
		// Re-resolve after every wait: a write may have dropped the listings.
		if b.kinds == nil {
			return nil, false
		}
		k := b.kinds[kind]
		if k == nil {
			return nil, false
		}
		l := k.listings[scope]
		if l == nil {
			l = &listing{items: map[string]any{}}
			k.listings[scope] = l
		}
		if !counted {
			l.reads++
			counted = true
		}
		if item, ok := l.items[key]; ok {
			return item, true
		}
		if l.failed || l.complete || (l.fetched > 0 && l.reads < l.pages) {
			return nil, false
		}
		if l.fetching != nil {
			wait := l.fetching
			b.mu.Unlock()
			select {
			case <-wait:
			case <-ctx.Done():
				b.mu.Lock()
				return nil, false
			}
			b.mu.Lock()
			continue
		}
		b.fetch(ctx, l, page)
	}
}

// fetch reads the first page of l or, once it is read, all the remaining
// pages. It is called and returns with b.mu held, releasing it while requests
// are in flight.
func (b *bulkReads) fetch(ctx context.Context, l *listing, page pageFunc) {
	done := make(chan struct{})
	l.fetching = done
	gen, p, first := b.gen, l.fetched, l.fetched == 0
	pages := l.pages
	b.mu.Unlock()

	got := map[string]any{}
	complete, failed := false, false
	for {
		items, total, err := page(ctx, p)
		if err != nil {
			failed = true
			break
		}
		for _, it := range items {
			for _, key := range bulkKeys(it) {
				if key != "" {
					got[key] = it
				}
			}
		}
		p++
		switch {
		case total > 0:
			pages = (total + DefaultPageSize - 1) / DefaultPageSize
		case len(items) == DefaultPageSize:
			pages = p + 1 // no total: a full page may have a successor
		default:
			pages = p // no total: a short page is the last
		}
		complete = len(items) == 0 || p >= pages
		if complete || first {
			break
		}
	}

	b.mu.Lock()
	l.fetching = nil
	close(done)
	if b.gen != gen {
		return // a write happened meanwhile: this listing was dropped
	}
	if failed {
		l.failed = true
		return
	}
	for key, it := range got {
		l.items[key] = it
	}
	l.pages, l.fetched, l.complete = pages, p, complete
}

// bulkKeys are the keys a listed object answers to.
func bulkKeys(it any) []string {
	switch v := it.(type) {
	case *Workspace:
		return []string{strings.ToLower(v.ID), strings.ToLower(v.Slug)}
	case *WorkspaceMember:
		return []string{strings.ToLower(v.ID)}
	case *APIKey:
		return []string{strings.ToLower(v.ID)}
	case *UserInvite:
		return []string{strings.ToLower(v.ID)}
	}
	return nil
}

// listed answers a read of key in scope from the listing of kind (see
// bulkReads.lookup), whose pages are read from path with its paging casing;
// prepare, if set, normalises each listed item. It returns a copy of the
// listed object, or false when the read must use its GET.
func listed[T any](ctx context.Context, c *Client, kind, scope, key, path string, casing pageCasing, prepare func(*T)) (*T, bool) {
	it, ok := c.bulk.lookup(ctx, kind, scope, strings.ToLower(key), func(ctx context.Context, page int) ([]any, int, error) {
		q := url.Values{}
		q.Set(casing.page, strconv.Itoa(page))
		q.Set(casing.size, strconv.Itoa(DefaultPageSize))
		var env listEnvelope[T]
		if err := c.do(ctx, "GET", path, q, nil, &env); err != nil {
			return nil, 0, err
		}
		out := make([]any, len(env.Data))
		for i := range env.Data {
			if prepare != nil {
				prepare(&env.Data[i])
			}
			out[i] = &env.Data[i]
		}
		return out, env.Total, nil
	})
	if !ok {
		return nil, false
	}
	v := *it.(*T) //nolint:forcetypeassert // a kind's listing holds that kind's type only
	return &v, true
}

// ReadWorkspace reads one workspace for a refresh: from the organisation's
// workspace listing when bulk reads apply (see the trigger rule), else with
// GetWorkspace. An answer from the listing has FromListing set: its defaults
// lack the fields only GET answers (input_guardrails, output_guardrails,
// user_api_key_config; see bulkFieldTable), and its organisation_id is the
// one a GET reported for a workspace of the same organisation (an admin key
// sees one organisation).
func (c *Client) ReadWorkspace(ctx context.Context, idOrSlug string) (*Workspace, error) {
	b := c.bulk
	if b == nil {
		return c.GetWorkspace(ctx, idOrSlug)
	}
	ws, ok := listed[Workspace](ctx, c, bulkKindWorkspaces, "", idOrSlug, "/admin/workspaces", snakePaging, nil)
	b.mu.Lock()
	orgID := b.orgID
	b.mu.Unlock()
	// Without a GET that showed the organisation's id, an answer from the
	// listing would lack it: read this one by GET.
	if ok && orgID != "" {
		ws.FromListing = true
		ws.OrganisationID = orgID
		return ws, nil
	}
	ws, err := c.GetWorkspace(ctx, idOrSlug)
	if err == nil && ws.OrganisationID != "" {
		b.mu.Lock()
		b.orgID = ws.OrganisationID
		b.mu.Unlock()
	}
	return ws, err
}

// ReadWorkspaceMember reads one membership for a refresh: from the listing of
// the workspace's members when bulk reads apply (see the trigger rule), else
// with GetWorkspaceMember. The list provides every field GET does.
func (c *Client) ReadWorkspaceMember(ctx context.Context, workspaceID, userID string) (*WorkspaceMember, error) {
	if c.bulk != nil {
		m, ok := listed(ctx, c, bulkKindMembers, strings.ToLower(workspaceID), userID, pathf("/admin/workspaces/%s/users", workspaceID),
			snakePaging, func(m *WorkspaceMember) { m.normalise("") })
		if ok {
			m.FromListing = true
			return m, nil
		}
	}
	return c.GetWorkspaceMember(ctx, workspaceID, userID)
}

// ReadAPIKey reads one API key for a refresh. The list lacks fields GET
// answers (bulkFieldTable), so a listing answers a key only when the caller
// can complete it: complete receives the listed key (FromListing set, the
// fields the list lacks cleared) and fills those fields in, or reports false.
// A nil complete, bulk reads off, a key missing from the listing or a false
// from complete: the key is read with GetAPIKey. Only reads with a complete
// count towards the trigger rule.
func (c *Client) ReadAPIKey(ctx context.Context, id string, complete func(listed *APIKey) bool) (*APIKey, error) {
	if c.bulk != nil && complete != nil {
		if k, ok := listed[APIKey](ctx, c, bulkKindAPIKeys, "", id, "/api-keys", snakePaging, nil); ok {
			k = withoutUnlisted(k)
			if complete(k) {
				return k, nil
			}
		}
	}
	return c.GetAPIKey(ctx, id)
}

// withoutUnlisted is a copy of a listed key without the fields the list lacks
// (bulkFieldTable), and FromListing set: whatever a list item carries under
// those names is not what the field table documents, so no caller may rely
// on it.
func withoutUnlisted(listed *APIKey) *APIKey {
	k := *listed
	k.FromListing = true
	k.RotationPolicy = nil
	k.NextUsageResetAt = nil
	k.AllowConfigOverride = nil
	if listed.UsageLimits != nil {
		u := *listed.UsageLimits
		u.NextUsageResetAt = nil
		k.UsageLimits = &u
	}
	if listed.Defaults != nil {
		d := *listed.Defaults
		d.AllowConfigOverride = nil
		k.Defaults = &d
	}
	return &k
}

// ReadUserInvite reads one invite for a refresh, as ReadAPIKey does: a
// listing answers an invite only when complete accepts it. The listed invite
// has FromListing set and no workspaces (the list is not known to carry
// them).
func (c *Client) ReadUserInvite(ctx context.Context, id string, complete func(listed *UserInvite) bool) (*UserInvite, error) {
	if c.bulk != nil && complete != nil {
		if inv, ok := listed[UserInvite](ctx, c, bulkKindInvites, "", id, "/admin/users/invites", camelPaging, nil); ok {
			inv.FromListing = true
			inv.Workspaces = nil
			if complete(inv) {
				return inv, nil
			}
		}
	}
	return c.GetUserInvite(ctx, id)
}
