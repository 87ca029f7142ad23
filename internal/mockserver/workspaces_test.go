package mockserver

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

const wsTestKey = "pk-workspaces-test-key"

// wsAPI calls a started mock over plain net/http.
type wsAPI struct {
	t    *testing.T
	srv  *Server
	base string // the server URL, without /v1
}

func newWSAPI(t *testing.T, opts Options) *wsAPI {
	t.Helper()
	opts.APIKeys = append(opts.APIKeys, wsTestKey)
	srv := New(opts)
	base := strings.TrimSuffix(srv.Start(t), APIPrefix)
	return &wsAPI{t: t, srv: srv, base: base}
}

// call sends one request to base+path; body (if not nil) is JSON-encoded, or
// sent as is when it is a string.
func (c *wsAPI) call(method, path string, body any) (int, map[string]any) {
	c.t.Helper()
	return callJSON(c.t, method, c.base+path, wsTestKey, body)
}

func (c *wsAPI) ok(method, path string, body any) map[string]any {
	c.t.Helper()
	status, out := c.call(method, path, body)
	if status != http.StatusOK {
		c.t.Fatalf("%s %s: got %d %v, want 200", method, path, status, out)
	}
	return out
}

// fail asserts an error answer and returns its message.
func (c *wsAPI) fail(method, path string, body any, status int, code string) string {
	c.t.Helper()
	got, out := c.call(method, path, body)
	data, _ := out["data"].(map[string]any)
	if got != status || data == nil || data["errorCode"] != code {
		c.t.Fatalf("%s %s: got %d %v, want %d %s", method, path, got, out, status, code)
	}
	if status == http.StatusBadRequest && code == "AB01" {
		sentInvalid(c.srv, method, path)
	}
	msg, _ := data["message"].(string)
	return msg
}

func (c *wsAPI) create(body map[string]any) map[string]any {
	c.t.Helper()
	return c.ok("POST", "/v1/admin/workspaces", body)
}

func wsItems(t *testing.T, out map[string]any) []map[string]any {
	t.Helper()
	raw, ok := out["data"].([]any)
	if !ok {
		t.Fatalf("no data list in %v", out)
	}
	items := make([]map[string]any, len(raw))
	for i, it := range raw {
		items[i], _ = it.(map[string]any)
	}
	return items
}

func TestWorkspaces_createAndGet(t *testing.T) {
	t.Parallel()
	c := newWSAPI(t, Options{})
	ws := c.create(map[string]any{
		"name": "Production", "description": "Live traffic",
		"defaults":     map[string]any{"metadata": map[string]string{"team": "platform"}},
		"usage_limits": []map[string]any{{"type": "cost", "credit_limit": 100.5, "alert_threshold": 80, "periodic_reset": "monthly"}},
		"rate_limits":  []map[string]any{{"type": "requests", "unit": "rpm", "value": 100}},
	})
	id, _ := ws["id"].(string)
	slug, _ := ws["slug"].(string)
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(id) {
		t.Fatalf("id %q is not a UUID", id)
	}
	if !regexp.MustCompile(`^ws-produc-[0-9a-f]{6}$`).MatchString(slug) {
		t.Fatalf("slug %q does not follow ws-<6 chars>-<6 hex>", slug)
	}
	// The create answer has the list item's shape: status, no organisation_id.
	if _, ok := ws["organisation_id"]; ws["object"] != "workspace" || ws["is_default"] != float64(0) || ws["status"] != "active" || ok {
		t.Fatalf("unexpected create answer %v", ws)
	}
	limits, _ := ws["usage_limits"].([]any)
	limit, _ := limits[0].(map[string]any)
	if limit["credit_limit"] != 100.5 || limit["next_usage_reset_at"] == nil {
		t.Fatalf("usage limit %v: want the decimal credit limit and a computed next_usage_reset_at", limit)
	}

	for _, ref := range []string{id, slug} {
		got := c.ok("GET", "/v1/admin/workspaces/"+ref, nil)
		if got["id"] != id || got["name"] != "Production" || got["description"] != "Live traffic" {
			t.Fatalf("GET %s: %v", ref, got)
		}
		if users, ok := got["users"].([]any); !ok || len(users) != 0 {
			t.Fatalf("GET %s: users = %v, want an empty list", ref, got["users"])
		}
	}

	// A workspace without limits answers them as null.
	bare := c.create(map[string]any{"name": "Bare"})
	got := c.ok("GET", "/v1/admin/workspaces/"+bare["id"].(string), nil)
	for _, f := range []string{"usage_limits", "rate_limits", "description", "icon", "defaults"} {
		if v, ok := got[f]; !ok || v != nil {
			t.Fatalf("%s = %v (present %v), want null", f, v, ok)
		}
	}
}

func TestWorkspaces_getEmbedsUsersWithoutEmail(t *testing.T) {
	t.Parallel()
	c := newWSAPI(t, Options{})
	list := c.ok("GET", "/v1/admin/workspaces?exact_name=Shared+Team+Workspace", nil)
	def := wsItems(t, list)[0]
	got := c.ok("GET", "/v1/admin/workspaces/"+def["id"].(string), nil)
	users, _ := got["users"].([]any)
	if len(users) != 1 {
		t.Fatalf("users = %v, want the owner", got["users"])
	}
	u, _ := users[0].(map[string]any)
	if _, hasEmail := u["email"]; hasEmail || u["org_role"] != "owner" || u["role"] != "admin" || u["workspace_id"] != def["id"] {
		t.Fatalf("embedded user %v: want owner/admin without email", u)
	}
	if got["is_default"] != float64(1) {
		t.Fatalf("is_default = %v, want 1", got["is_default"])
	}
}

func TestWorkspaces_createValidation(t *testing.T) {
	t.Parallel()
	c := newWSAPI(t, Options{})
	limit := func(kv ...any) map[string]any {
		m := map[string]any{"type": "cost", "credit_limit": 10}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	for name, tc := range map[string]struct {
		body map[string]any
		want string
	}{
		"missing name":     {map[string]any{"description": "x"}, "name"},
		"blank name":       {map[string]any{"name": "  "}, "name"},
		"unknown field":    {map[string]any{"name": "x", "shade": "red"}, "shade"},
		"unknown in limit": {map[string]any{"name": "x", "usage_limits": []any{limit("currency", "usd")}}, "currency"},
		"bad limit type":   {map[string]any{"name": "x", "usage_limits": []any{limit("type", "dollars")}}, "usage_limits[0].type"},
		"bad reset":        {map[string]any{"name": "x", "usage_limits": []any{limit("periodic_reset", "daily")}}, "periodic_reset"},
		"both resets": {map[string]any{"name": "x", "usage_limits": []any{limit("periodic_reset", "monthly", "periodic_reset_days", 30)}},
			"Cannot set both periodic_reset and periodic_reset_days"},
		"reset days":     {map[string]any{"name": "x", "usage_limits": []any{limit("periodic_reset_days", 366)}}, "periodic_reset_days"},
		"credit below 1": {map[string]any{"name": "x", "usage_limits": []any{limit("credit_limit", 0.5)}}, "credit_limit"},
		"bad rate type":  {map[string]any{"name": "x", "rate_limits": []any{map[string]any{"type": "calls", "unit": "rpm", "value": 1}}}, "rate_limits[0].type"},
		"bad rate unit":  {map[string]any{"name": "x", "rate_limits": []any{map[string]any{"type": "requests", "unit": "rps", "value": 1}}}, "rate_limits[0].unit"},
		"negative rate":  {map[string]any{"name": "x", "rate_limits": []any{map[string]any{"type": "requests", "unit": "rpm", "value": -1}}}, "value"},
		"defaults field": {map[string]any{"name": "x", "defaults": map[string]any{"input_guardrails": []string{"g"}}}, "input_guardrails"},
		"unknown user":   {map[string]any{"name": "x", "users": []string{"nobody"}}, "nobody"},
	} {
		t.Run(name, func(t *testing.T) {
			msg := c.fail("POST", "/v1/admin/workspaces", tc.body, http.StatusBadRequest, "AB01")
			if !strings.Contains(msg, tc.want) {
				t.Fatalf("message %q does not mention %q", msg, tc.want)
			}
		})
	}
	if n := len(wsItems(t, c.ok("GET", "/v1/admin/workspaces", nil))); n != 1 {
		t.Fatalf("%d workspaces after rejected creates, want only the default one", n)
	}
}

func TestWorkspaces_iconPrefixesName(t *testing.T) {
	t.Parallel()
	c := newWSAPI(t, Options{})
	ws := c.create(map[string]any{"name": "Production", "icon": "🚀"})
	if ws["name"] != "🚀 Production" {
		t.Fatalf("create answered name %q, want the icon prefixed", ws["name"])
	}
	id := ws["id"].(string)
	if got := c.ok("GET", "/v1/admin/workspaces/"+id, nil); got["name"] != "🚀 Production" || got["icon"] != "🚀" {
		t.Fatalf("GET: %v", got)
	}
	if got := c.ok("GET", "/v1/admin/workspaces/"+id+"?name_format=plain", nil); got["name"] != "Production" {
		t.Fatalf("GET name_format=plain: name %q", got["name"])
	}
	// Filters and the delete confirmation use the plain name.
	items := wsItems(t, c.ok("GET", "/v1/admin/workspaces?exact_name=Production", nil))
	if len(items) != 1 || items[0]["name"] != "🚀 Production" {
		t.Fatalf("exact_name list: %v", items)
	}
	c.fail("DELETE", "/v1/admin/workspaces/"+id, map[string]any{"name": "🚀 Production"}, http.StatusBadRequest, "AB01")
	// Clearing the icon with "" drops the prefix.
	c.ok("PUT", "/v1/admin/workspaces/"+id, map[string]any{"icon": ""})
	if got := c.ok("GET", "/v1/admin/workspaces/"+id, nil); got["name"] != "Production" || got["icon"] != nil {
		t.Fatalf("after clearing the icon: %v", got)
	}
}

func TestWorkspaces_listFiltersAndPaging(t *testing.T) {
	t.Parallel()
	c := newWSAPI(t, Options{})
	for _, n := range []string{"Alpha", "alpha two", "Beta", "Alphabet", "Gamma"} {
		c.create(map[string]any{"name": n})
	}
	names := func(query string) []string {
		var out []string
		for _, it := range wsItems(t, c.ok("GET", "/v1/admin/workspaces"+query, nil)) {
			out = append(out, it["name"].(string))
		}
		return strings.Split(strings.Join(out, ","), ",")
	}
	check := func(query, want string) {
		t.Helper()
		if got := strings.Join(names(query), ","); got != want {
			t.Fatalf("%s: got %q, want %q", query, got, want)
		}
	}
	check("", "Shared Team Workspace,Alpha,alpha two,Beta,Alphabet,Gamma") // creation order
	check("?name=Alpha", "Alpha,Alphabet")                                 // case-sensitive contains
	check("?exact_name=Alpha", "Alpha")
	check("?page_size=2&current_page=1", "alpha two,Beta")
	check("?pageSize=4&currentPage=1", "Alphabet,Gamma")

	gamma := c.srv.WorkspaceIDByName("Gamma")
	if err := c.srv.Patch(KindWorkspace, gamma, map[string]any{"status": "archived"}); err != nil {
		t.Fatal(err)
	}
	check("?name=mm", "") // archived ones only when asked for
	check("?status=archived", "Gamma")
	check("?status=active,archived&name=mm", "Gamma")
	c.fail("GET", "/v1/admin/workspaces?status=deleted", nil, http.StatusBadRequest, "AB01")

	out := c.ok("GET", "/v1/admin/workspaces?page_size=2", nil)
	if out["object"] != "list" || out["total"] != float64(5) {
		t.Fatalf("envelope %v: want object list and total 5 (active only)", out)
	}
	for _, it := range wsItems(t, out) {
		if _, has := it["organisation_id"]; has {
			t.Fatalf("list item has organisation_id: %v", it)
		}
		if _, has := it["users"]; has {
			t.Fatalf("list item has users: %v", it)
		}
	}
}

func TestWorkspaces_update(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 2, 16, 36, 52, 0, time.UTC)
	c := newWSAPI(t, Options{Clock: func() time.Time { return now }})
	ws := c.create(map[string]any{
		"name": "Prod", "description": "d", "icon": "🚀",
		"defaults":     map[string]any{"metadata": map[string]string{"a": "1"}},
		"usage_limits": []any{map[string]any{"type": "tokens", "credit_limit": 1000}},
		"rate_limits":  []any{map[string]any{"type": "requests", "unit": "rpd", "value": 5}},
	})
	path := "/v1/admin/workspaces/" + ws["slug"].(string) // PUT accepts the slug too
	now = now.Add(time.Hour)

	out := c.ok("PUT", path, map[string]any{"defaults": map[string]any{"input_guardrails": []string{"g1"}, "metadata": map[string]string{"b": "2"}}})
	if len(out) != 0 {
		t.Fatalf("PUT answered %v, want {}", out)
	}
	got := c.ok("GET", path, nil)
	if got["name"] != "🚀 Prod" || got["description"] != "d" || got["usage_limits"] == nil || got["last_updated_at"] != "2026-03-02T17:36:52.000Z" {
		t.Fatalf("fields left out of the PUT must stay; last_updated_at must move: %v", got)
	}
	def, _ := got["defaults"].(map[string]any)
	if md, _ := def["metadata"].(map[string]any); len(md) != 1 || md["b"] != "2" {
		t.Fatalf("defaults %v: want metadata replaced by {b: 2}", def)
	}

	// defaults is replaced whole: the guardrails go when a PUT leaves them out.
	c.ok("PUT", path, map[string]any{"defaults": map[string]any{"metadata": map[string]string{"c": "3"}}})
	def, _ = c.ok("GET", path, nil)["defaults"].(map[string]any)
	if _, has := def["input_guardrails"]; has {
		t.Fatalf("defaults %v: input_guardrails survived a PUT without them", def)
	}

	// "" clears description and icon, {} the defaults, null or [] the limits.
	c.ok("PUT", path, map[string]any{"name": "Production", "description": "", "icon": "", "defaults": map[string]any{},
		"usage_limits": nil, "rate_limits": []any{}})
	got = c.ok("GET", path, nil)
	for _, f := range []string{"description", "icon", "defaults", "usage_limits", "rate_limits"} {
		if got[f] != nil {
			t.Fatalf("%s = %v after clearing, want null", f, got[f])
		}
	}
	if got["name"] != "Production" {
		t.Fatalf("name = %v", got["name"])
	}

	for name, body := range map[string]any{
		"empty name":     map[string]any{"name": ""},
		"unknown field":  map[string]any{"shade": "red"},
		"bad limit":      map[string]any{"usage_limits": []any{map[string]any{"type": "cost", "periodic_reset": "monthly", "periodic_reset_days": 7}}},
		"unknown nested": map[string]any{"rate_limits": []any{map[string]any{"type": "requests", "unit": "rpm", "value": 1, "burst": 2}}},
		"no body":        nil,
	} {
		t.Run(name, func(t *testing.T) { c.fail("PUT", path, body, http.StatusBadRequest, "AB01") })
	}
	c.fail("PUT", "/v1/admin/workspaces/00000000-0000-4000-8000-000000000000", map[string]any{"name": "x"}, http.StatusNotFound, "AB08")
}

func TestWorkspaces_delete(t *testing.T) {
	t.Parallel()
	c := newWSAPI(t, Options{})
	ws := c.create(map[string]any{"name": "Doomed"})
	id, slug := ws["id"].(string), ws["slug"].(string)
	path := "/v1/admin/workspaces/" + id
	c.srv.mu.Lock()
	owner := ""
	for _, u := range c.srv.users {
		owner = u.ID
	}
	c.srv.addMemberLocked(id, owner, "member")
	c.srv.mu.Unlock()

	c.fail("DELETE", path, nil, http.StatusBadRequest, "AB01")                              // no body
	c.fail("DELETE", path, map[string]any{}, http.StatusBadRequest, "AB01")                 // no name
	c.fail("DELETE", path, map[string]any{"name": "doomed"}, http.StatusBadRequest, "AB01") // wrong name

	if err := c.srv.SetWorkspaceDependents(slug, 2); err != nil {
		t.Fatal(err)
	}
	msg := c.fail("DELETE", path, map[string]any{"name": "Doomed"}, http.StatusConflict, "AB07")
	if msg != "Unable to delete. Please ensure that all Virtual Keys are deleted" {
		t.Fatalf("409 message %q", msg)
	}
	if got := c.ok("GET", path, nil); got["x_mock_dependents"] != nil {
		t.Fatalf("the mock-only dependents count leaked into the answer: %v", got)
	}
	if err := c.srv.SetWorkspaceDependents(id, 0); err != nil {
		t.Fatal(err)
	}
	if out := c.ok("DELETE", path, map[string]any{"name": "Doomed", "force_delete": true}); len(out) != 0 {
		t.Fatalf("DELETE answered %v, want {}", out)
	}
	c.srv.mu.Lock()
	_, hasMembers := c.srv.members[id]
	c.srv.mu.Unlock()
	if hasMembers {
		t.Fatal("the workspace's memberships survived its deletion")
	}

	// A deleted workspace answers 403 AB03 by id and by slug, to every method.
	for _, ref := range []string{id, slug} {
		p := "/v1/admin/workspaces/" + ref
		c.fail("GET", p, nil, http.StatusForbidden, "AB03")
		c.fail("PUT", p, map[string]any{"name": "x"}, http.StatusForbidden, "AB03")
		c.fail("DELETE", p, map[string]any{"name": "Doomed"}, http.StatusForbidden, "AB03")
	}
	if items := wsItems(t, c.ok("GET", "/v1/admin/workspaces?exact_name=Doomed", nil)); len(items) != 0 {
		t.Fatalf("deleted workspace still listed: %v", items)
	}
	// One that never existed answers 404 AB08.
	c.fail("GET", "/v1/admin/workspaces/ws-nope-000000", nil, http.StatusNotFound, "AB08")
	c.fail("DELETE", "/v1/admin/workspaces/ws-nope-000000", map[string]any{"name": "x"}, http.StatusNotFound, "AB08")
}

// force_delete (API-NOTES.md 11.8) deletes a workspace whatever depends on
// it: its dependents, members and API keys go with it. Without it, the
// dependents make the delete answer 409 AB07 and nothing changes.
func TestWorkspaces_forceDelete(t *testing.T) {
	t.Parallel()
	for name, send := range map[string]func(c *wsAPI, path string) map[string]any{
		"in the body": func(c *wsAPI, path string) map[string]any {
			return c.ok("DELETE", path, map[string]any{"name": "Busy", "force_delete": true})
		},
		"in the query": func(c *wsAPI, path string) map[string]any {
			return c.ok("DELETE", path+"?force_delete=true", map[string]any{"name": "Busy"})
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := newWSAPI(t, Options{})
			id := c.create(map[string]any{"name": "Busy"})["id"].(string)
			path := "/v1/admin/workspaces/" + id
			user := c.srv.SeedUser(User{Email: "busy@example.com"})
			if err := c.srv.SeedMember(id, user.ID, "member"); err != nil {
				t.Fatal(err)
			}
			key := c.ok("POST", "/v1/api-keys/workspace/service", map[string]any{"name": "k", "workspace_id": id, "scopes": []string{"logs.view"}})
			if err := c.srv.SetWorkspaceDependents(id, 3); err != nil {
				t.Fatal(err)
			}

			c.fail("DELETE", path, map[string]any{"name": "Busy"}, http.StatusConflict, "AB07")
			c.fail("DELETE", path, map[string]any{"name": "Busy", "force_delete": false}, http.StatusConflict, "AB07")
			c.ok("GET", path, nil) // still there

			if out := send(c, path); len(out) != 0 {
				t.Fatalf("a forced DELETE answered %v, want {}", out)
			}
			c.fail("GET", path, nil, http.StatusForbidden, "AB03")
			c.fail("GET", "/v1/api-keys/"+key["id"].(string), nil, http.StatusNotFound, "AB08")
			c.srv.mu.Lock()
			_, hasMembers := c.srv.members[id]
			c.srv.mu.Unlock()
			if hasMembers {
				t.Fatal("the workspace's memberships survived a forced delete")
			}
		})
	}

	c := newWSAPI(t, Options{})
	id := c.create(map[string]any{"name": "Busy"})["id"].(string)
	msg := c.fail("DELETE", "/v1/admin/workspaces/"+id+"?force_delete=maybe", map[string]any{"name": "Busy"}, http.StatusBadRequest, "AB01")
	if !strings.Contains(msg, "force_delete") {
		t.Fatalf("message %q does not name force_delete", msg)
	}
	if status, _ := c.call("GET", "/v1/admin/workspaces/"+id, nil); status != http.StatusOK {
		t.Fatalf("a rejected forced delete deleted the workspace: GET answered %d", status)
	}
}

func TestWorkspaces_outOfBandDeleteAnswers403(t *testing.T) {
	t.Parallel()
	c := newWSAPI(t, Options{})
	ws := c.create(map[string]any{"name": "Gone"})
	if err := c.srv.Delete(KindWorkspace, ws["slug"].(string)); err != nil {
		t.Fatal(err)
	}
	c.fail("GET", "/v1/admin/workspaces/"+ws["id"].(string), nil, http.StatusForbidden, "AB03")
}

func TestWorkspaces_dependentsHookHTTP(t *testing.T) {
	t.Parallel()
	c := newWSAPI(t, Options{})
	ws := c.create(map[string]any{"name": "Busy"})
	id := ws["id"].(string)
	if status, out := c.call("POST", "/__mock/workspaces/"+id+"/dependents", map[string]any{"count": 1}); status != http.StatusOK {
		t.Fatalf("hook: %d %v", status, out)
	}
	c.fail("DELETE", "/v1/admin/workspaces/"+id, map[string]any{"name": "Busy"}, http.StatusConflict, "AB07")
	for _, body := range []any{map[string]any{}, map[string]any{"count": -1}, map[string]any{"n": 1}} {
		if status, _ := c.call("POST", "/__mock/workspaces/"+id+"/dependents", body); status != http.StatusBadRequest {
			t.Fatalf("hook with %v: status %d, want 400", body, status)
		}
	}
	if status, _ := c.call("POST", "/__mock/workspaces/nope/dependents", map[string]any{"count": 1}); status != http.StatusBadRequest {
		t.Fatalf("hook for an unknown workspace: status %d, want 400", status)
	}
}

// serveAs calls the mux directly as a given principal (minted workspace keys
// are another file's concern; the principal is what they resolve to).
func serveAs(srv *Server, p *principal, method, path string, body string) *httptest.ResponseRecorder {
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, APIPrefix+path, reader)
	req = req.WithContext(context.WithValue(req.Context(), principalKey{}, p))
	rec := httptest.NewRecorder()
	srv.mux.ServeHTTP(rec, req)
	return rec
}

func TestWorkspaces_workspaceScopedKey(t *testing.T) {
	t.Parallel()
	srv := New(Options{})
	srv.ApplySeed(Seed{Workspaces: []Workspace{{ID: "11111111-1111-4111-8111-111111111111", Name: "Mine"}, {ID: "22222222-2222-4222-8222-222222222222", Name: "Other"}}})
	mine, other := "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
	reader := &principal{workspaceID: mine, scopes: []string{"workspaces.read"}}
	writer := &principal{workspaceID: mine, scopes: []string{"workspaces.read", "workspaces.update"}}

	for _, tc := range []struct {
		p      *principal
		method string
		path   string
		body   string
		want   int
	}{
		{reader, "GET", "/admin/workspaces/" + mine, "", http.StatusOK},
		{reader, "GET", "/admin/workspaces/" + other, "", http.StatusForbidden},
		{reader, "PUT", "/admin/workspaces/" + mine, `{"description":"x"}`, http.StatusForbidden},
		{writer, "PUT", "/admin/workspaces/" + mine, `{"description":"x"}`, http.StatusOK},
		{writer, "PUT", "/admin/workspaces/" + other, `{"description":"x"}`, http.StatusForbidden},
		{writer, "POST", "/admin/workspaces", `{"name":"New"}`, http.StatusForbidden},
		{writer, "DELETE", "/admin/workspaces/" + mine, `{"name":"Mine"}`, http.StatusForbidden},
	} {
		if rec := serveAs(srv, tc.p, tc.method, tc.path, tc.body); rec.Code != tc.want {
			t.Errorf("%s %s as %v: status %d, want %d (%s)", tc.method, tc.path, tc.p.scopes, rec.Code, tc.want, rec.Body)
		}
	}
	rec := serveAs(srv, reader, "GET", "/admin/workspaces", "")
	var list struct {
		Total int `json:"total"`
		Data  []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	if list.Total != 1 || len(list.Data) != 1 || list.Data[0].ID != mine {
		t.Fatalf("a workspace key's list: %s, want only its own workspace", rec.Body)
	}
}
