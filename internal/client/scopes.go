package client

import (
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Scopes: the names Portkey documents for API keys, and the scope each call
// of this client needs. Both come from Portkey's "API keys: authn and authz"
// page (API-NOTES.md 6.1; the API spec has no enum). This file is the only
// place that knows them.

// scopeGroup is one line of Portkey's scope reference: an area and its
// scopes, written compactly as "workspaces.{create,read,update,delete,list}".
type scopeGroup struct {
	Area   string
	Scopes []string // compact forms; see ExpandScopes
}

// scopeGroups is Portkey's scope reference, in the order and with the
// compact forms of the table on the portkey_api_key page (its template,
// templates/resources/api_key.md.tmpl, which says which kinds of key may
// hold each group; a provider test keeps the two in line).
var scopeGroups = []scopeGroup{
	{"Organisation users and invites", []string{"organisation_users.{create,read,update,delete,list}"}},
	{"Organisation API keys", []string{"organisation_service_api_keys.{create,update,read,delete,list,rotate}"}},
	{"Organisation settings and policy", []string{
		"organisation_settings.{read,update}", "organisation_guardrails.{create,read,update,delete,list}",
		"organisation_exclusions.{update,list}", "audit_logs.list",
	}},
	{"Deployments, plugins and secrets", []string{
		"plugins.{create,update,list}", "deployments.{create,read,update,delete,list}",
		"secret_references.{create,read,update,delete,list}",
	}},
	{"Creating and deleting workspaces", []string{"workspaces.{create,delete}"}},
	{"Workspaces", []string{"workspaces.{read,update,list}"}},
	{"Workspace members", []string{"workspace_users.{create,read,update,delete,list}"}},
	{"Workspace API keys", []string{
		"workspace_service_api_keys.{create,update,read,delete,list,rotate}",
		"workspace_user_api_keys.{create,update,read,delete,list,rotate}",
	}},
	{"Completions", []string{"completions.write", "prompts.render"}},
	{"Prompts", []string{"prompts.{create,read,update,delete,list,publish}"}},
	{"Resources", []string{
		"configs.{create,read,update,delete,list}", "guardrails.{create,read,update,delete,list}",
		"virtual_keys.{create,read,update,delete,list,duplicate,copy}", "providers.{create,read,update,delete,list}",
		"policies.{create,read,update,delete,list}",
	}},
	{"Guardrail checks", []string{"guardrails.invoke"}},
	{"Organisation integrations", []string{
		"organisation_integrations.{create,read,update,delete,list}",
		"organisation_mcp_integrations.{create,read,update,delete,list}",
		"organisation_agent_integrations.{create,read,update,delete,list}",
	}},
	{"Workspace integrations", []string{
		"workspace_integrations.{create,read,update,delete,list}",
		"workspace_mcp_integrations.{create,read,update,delete,list}",
		"workspace_agent_integrations.{create,read,update,delete,list}",
	}},
	{"MCP and agent servers", []string{"mcp_servers.{create,read,update,delete,list}", "agent_servers.{create,read,update,delete,list}"}},
	{"Invoking MCP servers and agents", []string{"mcp.invoke", "agents.invoke"}},
	{"Analytics and logs", []string{"analytics.view", "logs.{export,list,view}"}},
	{"Writing logs", []string{"logs.write"}},
	{"Seen only in Portkey's examples", []string{"organisations.read", "generations.create"}},
}

// ExpandScopes expands compact forms: "logs.{list,view}" is "logs.list" and
// "logs.view". A form without braces is itself.
func ExpandScopes(compact ...string) []string {
	var out []string
	for _, c := range compact {
		lb, rb := strings.Index(c, "{"), strings.LastIndex(c, "}")
		if lb < 0 || rb < lb {
			out = append(out, c)
			continue
		}
		for _, alt := range strings.Split(c[lb+1:rb], ",") {
			out = append(out, c[:lb]+strings.TrimSpace(alt)+c[rb+1:])
		}
	}
	return out
}

var knownScopes = sync.OnceValue(func() []string {
	var all []string
	for _, g := range scopeGroups {
		all = append(all, ExpandScopes(g.Scopes...)...)
	}
	slices.Sort(all)
	return slices.Compact(all)
})

// KnownScopes returns every scope of Portkey's reference, sorted, each once.
func KnownScopes() []string { return slices.Clone(knownScopes()) }

// IsKnownScope reports whether scope is in Portkey's reference.
func IsKnownScope(scope string) bool {
	_, found := slices.BinarySearch(knownScopes(), scope)
	return found
}

// ClosestScope returns the known scope nearest to s (fewest single-character
// edits, hyphens read as underscores), or "" when none is close enough to be a
// likely typo.
func ClosestScope(s string) string {
	norm := strings.ReplaceAll(strings.ToLower(s), "-", "_")
	best, bestDist := "", -1
	for _, k := range knownScopes() {
		d := editDistance(norm, k)
		if bestDist < 0 || d < bestDist {
			best, bestDist = k, d
		}
	}
	if bestDist < 0 || bestDist > max(3, len(norm)/4) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b (bytes).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// ---- the scope each call needs ----

// What else a 403 can mean for a call: Portkey answers 403, not 404, for some
// objects that no longer exist (API-NOTES.md 1.5).
const (
	// GoneWorkspace: the workspace in the path was deleted.
	GoneWorkspace = "workspace"
	// GoneUser: the user the key or membership belongs to left the organisation.
	GoneUser = "user"
)

// Operation is one kind of call this client makes, and what Portkey requires
// of the API key for it.
type Operation struct {
	// Route is the method and path pattern, e.g. "GET /admin/workspaces/{workspace}".
	Route string
	// Scopes lets a key make the call: any one of them (API key routes take
	// the scope of the key's type, which the path does not show).
	Scopes []string
	// MayBeGone lists what a 403 may also mean (GoneWorkspace, GoneUser).
	MayBeGone []string
	// Params holds the path's values by name, e.g. "workspace": "ws-prod-1a2b3c".
	Params map[string]string
}

// operation is a row of the table: the path pattern's segments and the scopes
// (with "{type}" and "{sub_type}" filled from the path).
type operation struct {
	method, pattern string
	scopes          []string
	gone            []string
}

// keyScopes is the scope of every key type for one API key action.
func keyScopes(action string) []string {
	return []string{
		"organisation_service_api_keys." + action,
		"workspace_service_api_keys." + action,
		"workspace_user_api_keys." + action,
	}
}

// operations is the table of every call of this client. More specific
// patterns (literal segments) come before the ones they would shadow.
var operations = []operation{
	{"POST", "/admin/workspaces", []string{"workspaces.create"}, nil},
	{"GET", "/admin/workspaces", []string{"workspaces.list"}, nil},
	{"POST", "/admin/workspaces/{workspace}/users", []string{"workspace_users.create"}, []string{GoneWorkspace}},
	{"GET", "/admin/workspaces/{workspace}/users", []string{"workspace_users.list"}, []string{GoneWorkspace}},
	{"GET", "/admin/workspaces/{workspace}/users/{user}", []string{"workspace_users.read"}, []string{GoneWorkspace, GoneUser}},
	{"PUT", "/admin/workspaces/{workspace}/users/{user}", []string{"workspace_users.update"}, []string{GoneWorkspace, GoneUser}},
	{"DELETE", "/admin/workspaces/{workspace}/users/{user}", []string{"workspace_users.delete"}, []string{GoneWorkspace, GoneUser}},
	{"GET", "/admin/workspaces/{workspace}", []string{"workspaces.read"}, []string{GoneWorkspace}},
	{"PUT", "/admin/workspaces/{workspace}", []string{"workspaces.update"}, []string{GoneWorkspace}},
	{"DELETE", "/admin/workspaces/{workspace}", []string{"workspaces.delete"}, []string{GoneWorkspace}},

	{"POST", "/admin/users/invites", []string{"organisation_users.create"}, nil},
	{"GET", "/admin/users/invites", []string{"organisation_users.list"}, nil},
	{"POST", "/admin/users/invites/{invite}/resend", []string{"organisation_users.create"}, nil},
	{"GET", "/admin/users/invites/{invite}", []string{"organisation_users.read"}, nil},
	{"DELETE", "/admin/users/invites/{invite}", []string{"organisation_users.delete"}, nil},
	{"GET", "/admin/users", []string{"organisation_users.list"}, nil},
	{"GET", "/admin/users/{user}", []string{"organisation_users.read"}, nil},
	{"PUT", "/admin/users/{user}", []string{"organisation_users.update"}, nil},
	{"DELETE", "/admin/users/{user}", []string{"organisation_users.delete"}, nil},

	{"GET", "/admin/organisation/defaults", []string{"organisation_settings.read"}, nil},
	{"PUT", "/admin/organisation/defaults", []string{"organisation_settings.update"}, nil},
	{"GET", "/workspace-exclusions/{direction}", []string{"organisation_exclusions.list"}, nil},
	{"PUT", "/workspace-exclusions/{direction}", []string{"organisation_exclusions.update"}, nil},

	{"POST", "/api-keys/{key}/rotate", keyScopes("rotate"), []string{GoneWorkspace, GoneUser}},
	{"POST", "/api-keys/{type}/{sub_type}", []string{"{type}_{sub_type}_api_keys.create"}, nil},
	{"GET", "/api-keys", keyScopes("list"), nil},
	{"GET", "/api-keys/{key}", keyScopes("read"), []string{GoneWorkspace, GoneUser}},
	{"PUT", "/api-keys/{key}", keyScopes("update"), []string{GoneWorkspace, GoneUser}},
	{"DELETE", "/api-keys/{key}", keyScopes("delete"), []string{GoneWorkspace, GoneUser}},
}

// OperationOf finds the call method path (a path as this client sends it,
// relative to the base URL and escaped) in the table.
func OperationOf(method, path string) (Operation, bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, op := range operations {
		if op.method != method {
			continue
		}
		params, ok := matchPattern(op.pattern, segs)
		if !ok {
			continue
		}
		scopes := make([]string, len(op.scopes))
		for i, s := range op.scopes {
			for name, v := range params {
				s = strings.ReplaceAll(s, "{"+name+"}", v)
			}
			scopes[i] = s
		}
		return Operation{
			Route: op.method + " " + op.pattern, Scopes: scopes,
			MayBeGone: slices.Clone(op.gone), Params: params,
		}, true
	}
	return Operation{}, false
}

// matchPattern matches path segments against a pattern whose "{name}"
// segments take any one non-empty segment; it returns their values.
func matchPattern(pattern string, segs []string) (map[string]string, bool) {
	pat := strings.Split(strings.Trim(pattern, "/"), "/")
	if len(pat) != len(segs) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range pat {
		if name, ok := strings.CutPrefix(p, "{"); ok {
			if segs[i] == "" {
				return nil, false
			}
			v := segs[i]
			if u, err := url.PathUnescape(v); err == nil {
				v = u
			}
			params[strings.TrimSuffix(name, "}")] = v
			continue
		}
		if p != segs[i] {
			return nil, false
		}
	}
	return params, true
}
