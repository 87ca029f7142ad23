package mockserver

import (
	"bytes"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

const akAdminKey = "pk-test-apikeys-admin"

// akClock is a settable clock shared by a test and its server.
type akClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *akClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *akClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type akEnv struct {
	t     *testing.T
	srv   *Server
	base  string
	clock *akClock
	wsID  string // a seeded workspace "Keys Team"
	slug  string
	user  User
}

func newAKEnv(t *testing.T) *akEnv {
	t.Helper()
	clock := &akClock{t: time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)} // a Wednesday
	srv := New(Options{APIKeys: []string{akAdminKey}, Clock: clock.now})
	srv.ApplySeed(Seed{Workspaces: []Workspace{{ID: "6e5a9f93-ae3a-46b4-a87d-2464d373ef7e", Slug: "ws-keys-t-0a1b2c", Name: "Keys Team"}}})
	user := srv.SeedUser(User{Email: "dev@example.com", FirstName: "Dev", LastName: "Eloper"})
	return &akEnv{t: t, srv: srv, base: srv.Start(t), clock: clock,
		wsID: "6e5a9f93-ae3a-46b4-a87d-2464d373ef7e", slug: "ws-keys-t-0a1b2c", user: user}
}

// call sends a request with key and returns the status and decoded body.
func (e *akEnv) call(key, method, path string, body any) (int, map[string]any) {
	e.t.Helper()
	return callJSON(e.t, method, e.base+path, key, body)
}

func (e *akEnv) ok(method, path string, body any) map[string]any {
	e.t.Helper()
	status, out := e.call(akAdminKey, method, path, body)
	if status != http.StatusOK {
		e.t.Fatalf("%s %s: HTTP %d %v", method, path, status, out)
	}
	return out
}

func (e *akEnv) fail(key, method, path string, body any, wantStatus int, wantCode string) map[string]any {
	e.t.Helper()
	status, out := e.call(key, method, path, body)
	data, _ := out["data"].(map[string]any)
	if status != wantStatus || data["errorCode"] != wantCode {
		e.t.Fatalf("%s %s %v: got HTTP %d %v, want %d %s", method, path, body, status, out, wantStatus, wantCode)
	}
	if wantStatus == http.StatusBadRequest && wantCode == "AB01" {
		sentInvalid(e.srv, method, path)
	}
	return out
}

func (e *akEnv) create(path string, body map[string]any) (id, secret string) {
	e.t.Helper()
	out := e.ok("POST", path, body)
	if out["object"] != "api-key" {
		e.t.Fatalf("create answer: %v", out)
	}
	return out["id"].(string), out["key"].(string)
}

func (e *akEnv) wsService(extra map[string]any) (id, secret string) {
	body := map[string]any{"name": "svc", "workspace_id": e.wsID, "scopes": []string{"workspaces.read"}}
	for k, v := range extra {
		body[k] = v
	}
	return e.create("/api-keys/workspace/service", body)
}

var akSecretPattern = regexp.MustCompile(`^pk-[0-9a-f]{40}$`)

func TestAPIKeys_createCombinations(t *testing.T) {
	t.Parallel()
	e := newAKEnv(t)

	orgID, orgSecret := e.create("/api-keys/organisation/service", map[string]any{"name": "admin", "scopes": []string{"workspaces.list"}})
	got := e.ok("GET", "/api-keys/"+orgID, nil)
	if got["type"] != "organisation-service" || got["workspace_id"] != nil || got["user_id"] != nil || got["status"] != "active" ||
		got["organisation_id"] != e.srv.OrganisationID() || got["object"] != "api-key" || got["created_at"] != "2026-11-25T10:30:00.000Z" {
		t.Fatalf("organisation key: %v", got)
	}
	if !akSecretPattern.MatchString(orgSecret) {
		t.Fatalf("secret %q does not look minted", orgSecret)
	}

	// A slug is accepted and echoed back as the UUID.
	wsKey, _ := e.create("/api-keys/workspace/service", map[string]any{"name": "svc", "workspace_id": e.slug, "scopes": []string{"completions.write"}})
	if got := e.ok("GET", "/api-keys/"+wsKey, nil); got["type"] != "workspace-service" || got["workspace_id"] != e.wsID {
		t.Fatalf("workspace key: %v", got)
	}
	userKey, _ := e.create("/api-keys/workspace/user", map[string]any{"name": "mine", "workspace_id": e.wsID, "user_id": e.user.ID, "scopes": []string{"completions.write"}})
	if got := e.ok("GET", "/api-keys/"+userKey, nil); got["type"] != "workspace-user" || got["user_id"] != e.user.ID {
		t.Fatalf("user key: %v", got)
	}

	base := func() map[string]any { return map[string]any{"name": "k", "scopes": []string{"a.b"}} }
	with := func(kv ...any) map[string]any {
		b := base()
		for i := 0; i < len(kv); i += 2 {
			b[kv[i].(string)] = kv[i+1]
		}
		return b
	}
	for name, tc := range map[string]struct {
		path   string
		body   map[string]any
		status int
		code   string
	}{
		"organisation/user does not exist":   {"/api-keys/organisation/user", with("user_id", e.user.ID), 400, "AB01"},
		"unknown type":                       {"/api-keys/team/service", base(), 400, "AB01"},
		"unknown sub-type":                   {"/api-keys/workspace/robot", with("workspace_id", e.wsID), 400, "AB01"},
		"workspace key without workspace_id": {"/api-keys/workspace/service", base(), 400, "AB01"},
		"unknown workspace":                  {"/api-keys/workspace/service", with("workspace_id", "ws-nope-000000"), 404, "AB08"},
		"organisation key with workspace_id": {"/api-keys/organisation/service", with("workspace_id", e.wsID), 400, "AB01"},
		"user key without user_id":           {"/api-keys/workspace/user", with("workspace_id", e.wsID), 400, "AB01"},
		"user key for a stranger":            {"/api-keys/workspace/user", with("workspace_id", e.wsID, "user_id", "61e08f60-4822-465e-ba23-39f85cd741cb"), 400, "AB01"},
		"service key with user_id":           {"/api-keys/workspace/service", with("workspace_id", e.wsID, "user_id", e.user.ID), 400, "AB01"},
		"foreign organisation_id":            {"/api-keys/organisation/service", with("organisation_id", "a1b2c3d4-e5f6-4a5b-8c7d-9e0f1a2b3c4d"), 400, "AB01"},
	} {
		t.Run(name, func(t *testing.T) {
			e.fail(akAdminKey, "POST", tc.path, tc.body, tc.status, tc.code)
		})
	}
	if n := len(e.srv.APIKeys()); n != 3 {
		t.Fatalf("rejected creates stored keys: %d keys", n)
	}
}

func TestAPIKeys_createValidation(t *testing.T) {
	t.Parallel()
	e := newAKEnv(t)
	future := "2027-01-01T00:00:00Z"
	for name, patch := range map[string]map[string]any{
		"missing scopes":             {"scopes": nil},
		"empty scopes":               {"scopes": []string{}},
		"blank scope":                {"scopes": []string{" "}},
		"missing name":               {"name": nil},
		"blank name":                 {"name": "  "},
		"name too long":              {"name": strings.Repeat("n", 101)},
		"description too long":       {"description": strings.Repeat("d", 201)},
		"rate limit type":            {"rate_limits": []any{map[string]any{"type": "bytes", "unit": "rpm", "value": 1}}},
		"rate limit unit":            {"rate_limits": []any{map[string]any{"type": "requests", "unit": "rpy", "value": 1}}},
		"rate limit missing value":   {"rate_limits": []any{map[string]any{"type": "requests", "unit": "rpm"}}},
		"rate limit negative value":  {"rate_limits": []any{map[string]any{"type": "requests", "unit": "rpm", "value": -1}}},
		"rate limit fractional":      {"rate_limits": []any{map[string]any{"type": "requests", "unit": "rpm", "value": 1.5}}},
		"usage type":                 {"usage_limits": map[string]any{"type": "money", "credit_limit": 1}},
		"usage without type":         {"usage_limits": map[string]any{"credit_limit": 1}},
		"usage credit zero":          {"usage_limits": map[string]any{"type": "cost", "credit_limit": 0}},
		"usage credit negative":      {"usage_limits": map[string]any{"type": "cost", "credit_limit": -2.5}},
		"usage both resets":          {"usage_limits": map[string]any{"type": "cost", "credit_limit": 1, "periodic_reset": "monthly", "periodic_reset_days": 7}},
		"usage reset days 0":         {"usage_limits": map[string]any{"type": "cost", "periodic_reset_days": 0}},
		"usage reset days 366":       {"usage_limits": map[string]any{"type": "cost", "periodic_reset_days": 366}},
		"usage periodic reset":       {"usage_limits": map[string]any{"type": "cost", "periodic_reset": "daily"}},
		"usage unknown field":        {"usage_limits": map[string]any{"type": "cost", "limit": 5}},
		"rotation neither":           {"rotation_policy": map[string]any{"key_transition_period_ms": 1800000}},
		"rotation both":              {"rotation_policy": map[string]any{"rotation_period": "weekly", "next_rotation_at": future}},
		"rotation period":            {"rotation_policy": map[string]any{"rotation_period": "daily"}},
		"rotation short transition":  {"rotation_policy": map[string]any{"rotation_period": "weekly", "key_transition_period_ms": 1799999}},
		"rotation transition > week": {"rotation_policy": map[string]any{"rotation_period": "weekly", "key_transition_period_ms": 604800000}},
		"rotation past":              {"rotation_policy": map[string]any{"next_rotation_at": "2020-01-01T00:00:00Z"}},
		"expires_at format":          {"expires_at": "next tuesday"},
		"expires_at not RFC 3339":    {"expires_at": "2027-01-01 00:00:00"},
		"expires_at in the past":     {"expires_at": "2026-11-25T10:29:59Z"},
		"alert email":                {"alert_emails": []string{"ops@example.com", "not-an-email"}},
		"unknown field":              {"colour": "blue"},
		"type in body":               {"type": "workspace"},
	} {
		t.Run(name, func(t *testing.T) {
			body := map[string]any{"name": "k", "workspace_id": e.wsID, "scopes": []string{"a.b"}}
			for k, v := range patch {
				if v == nil {
					delete(body, k)
					continue
				}
				body[k] = v
			}
			e.fail(akAdminKey, "POST", "/api-keys/workspace/service", body, 400, "AB01")
		})
	}
	t.Run("body required", func(t *testing.T) {
		e.fail(akAdminKey, "POST", "/api-keys/workspace/service", "", 400, "AB01")
	})
	if n := len(e.srv.APIKeys()); n != 0 {
		t.Fatalf("rejected creates stored %d keys", n)
	}
}

func TestAPIKeys_fieldsAndComputedValues(t *testing.T) {
	t.Parallel()
	e := newAKEnv(t)
	id, _ := e.wsService(map[string]any{
		"description":  "for CI",
		"defaults":     map[string]any{"metadata": map[string]any{"team": "ml"}, "config_id": "pc-abc", "allow_config_override": true},
		"alert_emails": []string{"ops@example.com"},
		"expires_at":   "2027-03-01T12:00:00+01:00",
		"rate_limits":  []any{map[string]any{"type": "requests", "unit": "rps", "value": 10}},
		"usage_limits": map[string]any{"type": "cost", "credit_limit": 12.5, "alert_threshold": 10, "periodic_reset": "monthly"},
		"rotation_policy": map[string]any{
			"next_rotation_at": "2027-02-10T15:45:00Z", "key_transition_period_ms": 3600000,
		},
	})
	got := e.ok("GET", "/api-keys/"+id, nil)
	want := map[string]any{
		"description": "for CI", "expires_at": "2027-03-01T11:00:00.000Z", "status": "active",
		"allow_config_override": float64(1), "next_usage_reset_at": "2026-12-01T00:00:00.000Z", "reset_usage": nil,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	defaults := got["defaults"].(map[string]any)
	if defaults["config_id"] != "pc-abc" || defaults["allow_config_override"] != true || defaults["metadata"].(map[string]any)["team"] != "ml" {
		t.Errorf("defaults = %v", defaults)
	}
	usage := got["usage_limits"].(map[string]any)
	if usage["credit_limit"] != 12.5 || usage["alert_threshold"] != float64(10) || usage["next_usage_reset_at"] != "2026-12-01T00:00:00.000Z" {
		t.Errorf("usage_limits = %v", usage)
	}
	rot := got["rotation_policy"].(map[string]any)
	if rot["next_rotation_at"] != "2027-02-10T00:00:00.000Z" || rot["key_transition_period_ms"] != float64(3600000) || rot["rotation_period"] != nil || rot["status"] != "ACTIVE" {
		t.Errorf("rotation_policy normalised to UTC midnight: %v", rot)
	}

	// A rotation period computes next_rotation_at (weekly: next Monday), and
	// the transition defaults to 30 minutes; days-based resets count from
	// today's UTC midnight.
	id2, _ := e.wsService(map[string]any{
		"rotation_policy": map[string]any{"rotation_period": "weekly"},
		"usage_limits":    map[string]any{"type": "tokens", "periodic_reset_days": 10},
	})
	got = e.ok("GET", "/api-keys/"+id2, nil)
	if rot := got["rotation_policy"].(map[string]any); rot["next_rotation_at"] != "2026-11-30T00:00:00.000Z" || rot["key_transition_period_ms"] != float64(1800000) {
		t.Errorf("weekly policy: %v", rot)
	}
	if u := got["usage_limits"].(map[string]any); u["next_usage_reset_at"] != "2026-12-05T00:00:00.000Z" || u["credit_limit"] != nil {
		t.Errorf("days-based reset: %v", u)
	}
	if rl, ok := got["rate_limits"].([]any); !ok || len(rl) != 0 {
		t.Errorf("rate_limits without limits should be [], got %v", got["rate_limits"])
	}
	if d := got["defaults"].(map[string]any); d["metadata"] != nil || d["config_id"] != nil || d["allow_config_override"] != false {
		t.Errorf("default defaults: %v", d)
	}
}

func TestAPIKeys_secretOnlyOnCreateAndRotate(t *testing.T) {
	t.Parallel()
	e := newAKEnv(t)
	id, secret := e.wsService(nil)
	mask := secret[:2] + "*****" + secret[len(secret)-3:]
	if got := e.ok("GET", "/api-keys/"+id, nil); got["key"] != mask {
		t.Fatalf("GET key = %v, want the mask %s", got["key"], mask)
	}
	list := e.ok("GET", "/api-keys", nil)
	for _, item := range list["data"].([]any) {
		if k := item.(map[string]any)["key"]; k != mask {
			t.Fatalf("list key = %v, want the mask", k)
		}
	}
	raw, err := e.srv.Object(KindAPIKey, id)
	if err != nil || bytes.Contains(raw, []byte(secret)) {
		t.Fatalf("Object leaks the secret or fails: %s %v", raw, err)
	}
	if s, err := e.srv.APIKeySecret(id); err != nil || s != secret {
		t.Fatalf("APIKeySecret = %q, %v", s, err)
	}
	if _, err := e.srv.APIKeySecret("nope"); err == nil {
		t.Fatal("APIKeySecret of an unknown key should fail")
	}
	if !slices.Contains(e.srv.MintedAPIKeySecrets(), secret) {
		t.Fatal("MintedAPIKeySecrets misses the secret")
	}
}

func TestAPIKeys_update(t *testing.T) {
	t.Parallel()
	e := newAKEnv(t)
	id, _ := e.wsService(map[string]any{
		"description":     "d",
		"defaults":        map[string]any{"metadata": map[string]any{"a": "1"}, "config_id": "pc-x", "allow_config_override": true},
		"alert_emails":    []string{"ops@example.com"},
		"expires_at":      "2027-01-01T00:00:00Z",
		"rate_limits":     []any{map[string]any{"type": "requests", "unit": "rpm", "value": 5}},
		"usage_limits":    map[string]any{"type": "cost", "credit_limit": 10, "periodic_reset": "weekly"},
		"rotation_policy": map[string]any{"rotation_period": "monthly"},
	})

	// Absent fields stay; {} is the answer.
	if out := e.ok("PUT", "/api-keys/"+id, map[string]any{"name": "renamed"}); len(out) != 0 {
		t.Fatalf("PUT answers {}: %v", out)
	}
	e.clock.advance(time.Hour)
	got := e.ok("GET", "/api-keys/"+id, nil)
	if got["name"] != "renamed" || got["description"] != "d" || got["usage_limits"] == nil || got["last_updated_at"] != "2026-11-25T10:30:00.000Z" {
		t.Fatalf("after partial PUT: %v", got)
	}
	nextReset := got["usage_limits"].(map[string]any)["next_usage_reset_at"]
	nextRotation := got["rotation_policy"].(map[string]any)["next_rotation_at"]

	// Changing other parts of usage limits and the policy keeps their
	// computed times while the schedule is the same.
	e.ok("PUT", "/api-keys/"+id, map[string]any{
		"usage_limits":    map[string]any{"type": "cost", "credit_limit": 20.75, "periodic_reset": "weekly"},
		"rotation_policy": map[string]any{"rotation_period": "monthly", "key_transition_period_ms": 7200000},
		"scopes":          []string{"a.b", "c.d"},
	})
	got = e.ok("GET", "/api-keys/"+id, nil)
	if u := got["usage_limits"].(map[string]any); u["credit_limit"] != 20.75 || u["next_usage_reset_at"] != nextReset {
		t.Fatalf("usage after PUT: %v (next reset was %v)", u, nextReset)
	}
	if p := got["rotation_policy"].(map[string]any); p["next_rotation_at"] != nextRotation || p["key_transition_period_ms"] != float64(7200000) {
		t.Fatalf("policy after PUT: %v", p)
	}
	if got["last_updated_at"] != "2026-11-25T11:30:00.000Z" || len(got["scopes"].([]any)) != 2 {
		t.Fatalf("after PUT: %v", got)
	}

	// defaults are replaced whole: allow_config_override falls back to false.
	e.ok("PUT", "/api-keys/"+id, map[string]any{"defaults": map[string]any{"config_id": "pc-y"}})
	if d := e.ok("GET", "/api-keys/"+id, nil)["defaults"].(map[string]any); d["config_id"] != "pc-y" || d["metadata"] != nil || d["allow_config_override"] != false {
		t.Fatalf("defaults after PUT: %v", d)
	}

	// null in a field the spec does not mark nullable is a violation, and
	// changes nothing.
	msg := e.fail(akAdminKey, "PUT", "/api-keys/"+id, map[string]any{"description": nil, "alert_emails": nil,
		"defaults": map[string]any{"metadata": nil, "config_id": nil}}, 400, "AB01")["data"].(map[string]any)["message"].(string)
	for _, f := range []string{"body field description: Value is not nullable", "body field alert_emails: Value is not nullable",
		"body field defaults.metadata: Value is not nullable", "body field defaults.config_id: Value is not nullable"} {
		if !strings.Contains(msg, f) {
			t.Errorf("the answer %q does not name %q", msg, f)
		}
	}

	// null clears the nullable fields (and usage_limits, API-NOTES 6); ""
	// clears the description, [] the alert emails, and defaults without
	// metadata and config_id clear those.
	e.ok("PUT", "/api-keys/"+id, map[string]any{
		"description": "", "alert_emails": []string{}, "expires_at": nil, "rate_limits": nil,
		"usage_limits": nil, "rotation_policy": nil, "defaults": map[string]any{},
	})
	got = e.ok("GET", "/api-keys/"+id, nil)
	for _, f := range []string{"description", "alert_emails", "expires_at", "usage_limits", "rotation_policy", "next_usage_reset_at"} {
		if got[f] != nil {
			t.Errorf("%s not cleared: %v", f, got[f])
		}
	}
	if d := got["defaults"].(map[string]any); d["metadata"] != nil || d["config_id"] != nil {
		t.Errorf("defaults not cleared: %v", d)
	}
	if rl := got["rate_limits"].([]any); len(rl) != 0 {
		t.Errorf("rate_limits not cleared: %v", rl)
	}

	// Immutable and unknown fields are rejected, and a rejected PUT changes nothing.
	for name, body := range map[string]map[string]any{
		"type":            {"type": "organisation-service"},
		"user_id":         {"user_id": e.user.ID},
		"workspace_id":    {"workspace_id": e.wsID},
		"nested unknown":  {"usage_limits": map[string]any{"type": "cost", "budget": 1}},
		"null name":       {"name": nil},
		"empty scopes":    {"scopes": []string{}},
		"bad email":       {"name": "changed", "alert_emails": []string{"x"}},
		"past expiry":     {"name": "changed", "expires_at": "2020-01-01T00:00:00Z"},
		"both resets":     {"usage_limits": map[string]any{"type": "cost", "periodic_reset": "weekly", "periodic_reset_days": 3}},
		"rate limit unit": {"rate_limits": []any{map[string]any{"type": "tokens", "unit": "rpy", "value": 1}}},
	} {
		t.Run(name, func(t *testing.T) {
			e.fail(akAdminKey, "PUT", "/api-keys/"+id, body, 400, "AB01")
		})
	}
	if got := e.ok("GET", "/api-keys/"+id, nil); got["name"] != "renamed" || got["expires_at"] != nil {
		t.Fatalf("a rejected PUT changed the key: %v", got)
	}
	e.fail(akAdminKey, "PUT", "/api-keys/5f0c1d9e-0000-4000-8000-000000000000", map[string]any{"name": "x"}, 404, "AB08")
}

func TestAPIKeys_resetUsage(t *testing.T) {
	t.Parallel()
	e := newAKEnv(t)
	id, secret := e.wsService(map[string]any{
		"scopes": []string{"workspace_service_api_keys.list"}, "usage_limits": map[string]any{"type": "cost", "credit_limit": 5},
	})
	if err := e.srv.ExhaustAPIKey(id); err != nil {
		t.Fatal(err)
	}
	if got := e.ok("GET", "/api-keys/"+id, nil); got["status"] != "exhausted" || got["last_reset_at"] != nil {
		t.Fatalf("after exhaust: %v", got)
	}
	e.fail(secret, "GET", "/api-keys", nil, 401, "AB05")

	e.clock.advance(time.Minute)
	e.ok("PUT", "/api-keys/"+id, map[string]any{"reset_usage": true})
	got := e.ok("GET", "/api-keys/"+id, nil)
	if got["status"] != "active" || got["last_reset_at"] != "2026-11-25T10:31:00.000Z" || got["reset_usage"] != nil {
		t.Fatalf("after reset: %v", got)
	}
	e.call(secret, "GET", "/api-keys", nil) // authenticates again
	if status, _ := e.call(secret, "GET", "/api-keys", nil); status != 200 {
		t.Fatalf("reset key still rejected: %d", status)
	}
	// reset_usage: false does nothing.
	e.clock.advance(time.Minute)
	e.ok("PUT", "/api-keys/"+id, map[string]any{"reset_usage": false})
	if got := e.ok("GET", "/api-keys/"+id, nil); got["last_reset_at"] != "2026-11-25T10:31:00.000Z" {
		t.Fatalf("reset_usage false reset: %v", got)
	}
}

func TestAPIKeys_rotate(t *testing.T) {
	t.Parallel()
	e := newAKEnv(t)
	id, old := e.wsService(map[string]any{"scopes": []string{"workspace_service_api_keys.list"}})

	out := e.ok("POST", "/api-keys/"+id+"/rotate", "") // the body is optional
	next := out["key"].(string)
	if out["id"] != id || next == old || !akSecretPattern.MatchString(next) || out["key_transition_expires_at"] != "2026-11-25T11:00:00.000Z" {
		t.Fatalf("rotate: %v", out)
	}
	got := e.ok("GET", "/api-keys/"+id, nil)
	if _, ok := got["key_transition_expires_at"]; got["key"] != next[:2]+"*****"+next[len(next)-3:] || ok {
		t.Fatalf("after rotate (GET never answers key_transition_expires_at): %v", got)
	}
	// Both secrets work during the transition; a second rotation is refused.
	for _, s := range []string{old, next} {
		if status, _ := e.call(s, "GET", "/api-keys", nil); status != 200 {
			t.Fatalf("secret rejected during transition: %d", status)
		}
	}
	e.fail(akAdminKey, "POST", "/api-keys/"+id+"/rotate", map[string]any{}, 400, "AB01")

	// After the transition the old secret is dead, and rotation works again
	// with a custom period (never below 30 minutes).
	e.clock.advance(30 * time.Minute)
	e.fail(old, "GET", "/api-keys", nil, 401, "AB05")
	e.fail(akAdminKey, "POST", "/api-keys/"+id+"/rotate", map[string]any{"key_transition_period_ms": 60000}, 400, "AB01")
	e.fail(akAdminKey, "POST", "/api-keys/"+id+"/rotate", map[string]any{"grace": 1}, 400, "AB01")
	out = e.ok("POST", "/api-keys/"+id+"/rotate", map[string]any{"key_transition_period_ms": 7200000})
	if out["key_transition_expires_at"] != "2026-11-25T13:00:00.000Z" {
		t.Fatalf("custom transition: %v", out)
	}
	e.fail(akAdminKey, "POST", "/api-keys/00000000-0000-4000-8000-000000000000/rotate", "", 404, "AB08")

	// A policy's transition period applies when the request names none.
	id2, _ := e.wsService(map[string]any{"rotation_policy": map[string]any{"rotation_period": "monthly", "key_transition_period_ms": 5400000}})
	if out := e.ok("POST", "/api-keys/"+id2+"/rotate", ""); out["key_transition_expires_at"] != "2026-11-25T12:30:00.000Z" {
		t.Fatalf("policy transition: %v", out)
	}
	if n := len(e.srv.MintedAPIKeySecrets()); n != 5 {
		t.Fatalf("minted %d secrets, want 5", n)
	}
}

func TestAPIKeys_authentication(t *testing.T) {
	t.Parallel()
	e := newAKEnv(t)
	other := "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
	e.srv.ApplySeed(Seed{Workspaces: []Workspace{{ID: other, Name: "Other Team"}}})

	// An organisation/service key acts as admin whatever its scopes.
	_, orgSecret := e.create("/api-keys/organisation/service", map[string]any{"name": "admin", "scopes": []string{"logs.view"}})
	if status, _ := e.call(orgSecret, "GET", "/api-keys?workspace_id="+other, nil); status != 200 {
		t.Fatalf("organisation key rejected: %d", status)
	}

	// A workspace key acts in its workspace, with its scopes.
	id, secret := e.wsService(map[string]any{"scopes": []string{"workspace_service_api_keys.list", "workspace_service_api_keys.read", "workspace_service_api_keys.create"}})
	status, list := e.call(secret, "GET", "/api-keys", nil)
	if status != 200 || list["total"] != float64(1) {
		t.Fatalf("workspace key lists its workspace: %d %v", status, list)
	}
	if status, _ := e.call(secret, "GET", "/api-keys/"+id, nil); status != 200 {
		t.Fatalf("workspace key reads itself: %d", status)
	}
	e.fail(secret, "GET", "/api-keys?workspace_id="+other, nil, 403, "AB03")
	e.fail(secret, "PUT", "/api-keys/"+id, map[string]any{"name": "x"}, 403, "AB03") // no .update scope
	e.fail(secret, "POST", "/api-keys/organisation/service", map[string]any{"name": "x", "scopes": []string{"a"}}, 403, "AB03")
	e.fail(secret, "POST", "/api-keys/workspace/service", map[string]any{"name": "x", "workspace_id": other, "scopes": []string{"a"}}, 403, "AB03")
	e.fail(secret, "POST", "/api-keys/workspace/user", map[string]any{"name": "x", "workspace_id": e.wsID, "user_id": e.user.ID, "scopes": []string{"a"}}, 403, "AB03")
	if status, _ := e.call(secret, "POST", "/api-keys/workspace/service", map[string]any{"name": "child", "workspace_id": e.slug, "scopes": []string{"a"}}); status != 200 {
		t.Fatalf("workspace key with .create scope: %d", status)
	}
	if status, _ := e.call(secret, "GET", "/admin/workspaces/"+e.wsID, nil); status != 403 {
		t.Fatalf("a key without workspaces.read read its workspace: %d", status)
	}

	// Unknown, expired, exhausted and deleted keys answer 401.
	e.fail("pk-not-a-key", "GET", "/api-keys", nil, 401, "AB05")
	expID, expSecret := e.wsService(map[string]any{"scopes": []string{"workspace_service_api_keys.list"}, "expires_at": "2026-11-25T11:00:00Z"})
	if status, _ := e.call(expSecret, "GET", "/api-keys", nil); status != 200 {
		t.Fatalf("key before expiry: %d", status)
	}
	e.clock.advance(31 * time.Minute)
	e.fail(expSecret, "GET", "/api-keys", nil, 401, "AB05")
	if got := e.ok("GET", "/api-keys/"+expID, nil); got["status"] != "expired" {
		t.Fatalf("a key past expires_at shows %v", got["status"])
	}

	hookID, hookSecret := e.wsService(map[string]any{"scopes": []string{"workspace_service_api_keys.list"}})
	if err := e.srv.ExpireAPIKey(hookID); err != nil {
		t.Fatal(err)
	}
	e.fail(hookSecret, "GET", "/api-keys", nil, 401, "AB05")

	exID, exSecret := e.wsService(map[string]any{"scopes": []string{"workspace_service_api_keys.list"}})
	if err := e.srv.ExhaustAPIKey(exID); err != nil {
		t.Fatal(err)
	}
	e.fail(exSecret, "GET", "/api-keys", nil, 401, "AB05")

	delID, delSecret := e.wsService(map[string]any{"scopes": []string{"workspace_service_api_keys.list"}})
	e.ok("DELETE", "/api-keys/"+delID, nil)
	e.fail(delSecret, "GET", "/api-keys", nil, 401, "AB05")
	e.fail(akAdminKey, "GET", "/api-keys/"+delID, nil, 404, "AB08")
	e.fail(akAdminKey, "DELETE", "/api-keys/"+delID, nil, 404, "AB08")

	if err := e.srv.ExpireAPIKey("nope"); err == nil {
		t.Fatal("ExpireAPIKey of an unknown key should fail")
	}
}

func TestAPIKeys_departedUser(t *testing.T) {
	t.Parallel()
	e := newAKEnv(t)
	id, secret := e.create("/api-keys/workspace/user", map[string]any{
		"name": "mine", "workspace_id": e.wsID, "user_id": e.user.ID, "scopes": []string{"workspace_user_api_keys.list"},
	})
	if err := e.srv.Delete(KindUser, e.user.ID); err != nil {
		t.Fatal(err)
	}
	// Reading a departed user's key answers 403 AB03, not 404, and the user is gone.
	e.fail(akAdminKey, "GET", "/api-keys/"+id, nil, 403, "AB03")
	e.fail(akAdminKey, "PUT", "/api-keys/"+id, map[string]any{"name": "x"}, 403, "AB03")
	e.fail(akAdminKey, "DELETE", "/api-keys/"+id, nil, 403, "AB03")
	e.fail(akAdminKey, "GET", "/admin/users/"+e.user.ID, nil, 404, "AB08")
	e.fail(secret, "GET", "/api-keys", nil, 401, "AB05")
	if list := e.ok("GET", "/api-keys", nil); list["total"] != float64(0) {
		t.Fatalf("a departed user's key is listed: %v", list)
	}
	e.fail(akAdminKey, "POST", "/api-keys/workspace/user", map[string]any{"name": "again", "workspace_id": e.wsID, "user_id": e.user.ID, "scopes": []string{"a"}}, 400, "AB01")
}

func TestAPIKeys_listFilterAndPaging(t *testing.T) {
	t.Parallel()
	e := newAKEnv(t)
	e.create("/api-keys/organisation/service", map[string]any{"name": "admin", "scopes": []string{"a"}})
	var ids []string
	for i := 0; i < 5; i++ {
		id, _ := e.wsService(map[string]any{"defaults": map[string]any{"allow_config_override": true, "config_id": "pc-1"}})
		ids = append(ids, id)
	}
	if err := e.srv.ExhaustAPIKey(ids[4]); err != nil {
		t.Fatal(err)
	}
	if all := e.ok("GET", "/api-keys", nil); all["total"] != float64(6) {
		t.Fatalf("unfiltered list: %v", all["total"])
	}
	var seen []string
	for page := 0; page < 3; page++ {
		out := e.ok("GET", "/api-keys?workspace_id="+e.slug+"&page_size=2&current_page="+string(rune('0'+page)), nil)
		if out["total"] != float64(5) || out["object"] != "list" {
			t.Fatalf("page %d: %v", page, out)
		}
		for _, item := range out["data"].([]any) {
			m := item.(map[string]any)
			seen = append(seen, m["id"].(string))
			d := m["defaults"].(map[string]any)
			if _, has := d["allow_config_override"]; has || d["config_id"] != "pc-1" || m["allow_config_override"] != float64(1) {
				t.Fatalf("list item defaults: %v, top-level %v", d, m["allow_config_override"])
			}
		}
	}
	if !slices.Equal(seen, ids) {
		t.Fatalf("pages in creation order: %v, want %v", seen, ids)
	}
	if out := e.ok("GET", "/api-keys?workspace_id="+e.wsID+"&status=exhausted", nil); out["total"] != float64(1) {
		t.Fatalf("status filter: %v", out)
	}
	e.fail(akAdminKey, "GET", "/api-keys?status=sleeping", nil, 400, "AB01")
	e.fail(akAdminKey, "GET", "/api-keys?workspace_id=ws-nope-000000", nil, 404, "AB08")
}

func TestAPIKeys_hooks(t *testing.T) {
	t.Parallel()
	e := newAKEnv(t)
	id, _ := e.wsService(map[string]any{"usage_limits": map[string]any{"type": "cost", "credit_limit": 100, "alert_threshold": 80, "periodic_reset": "monthly"}})

	// Patching a nested field keeps its siblings.
	if err := e.srv.Patch(KindAPIKey, id, map[string]any{"usage_limits": map[string]any{"credit_limit": 5.5}}); err != nil {
		t.Fatal(err)
	}
	u := e.ok("GET", "/api-keys/"+id, nil)["usage_limits"].(map[string]any)
	if u["credit_limit"] != 5.5 || u["alert_threshold"] != float64(80) || u["periodic_reset"] != "monthly" || u["type"] != "cost" {
		t.Fatalf("patched usage_limits: %v", u)
	}
	if err := e.srv.Patch(KindAPIKey, id, map[string]any{"description": "out of band"}); err != nil {
		t.Fatal(err)
	}
	if got := e.ok("GET", "/api-keys/"+id, nil); got["description"] != "out of band" {
		t.Fatalf("patched description: %v", got)
	}

	hookURL := strings.TrimSuffix(e.base, APIPrefix) + "/__mock/api-keys/"
	post := func(path string) int {
		resp, err := http.Post(hookURL+path, "application/json", nil) //nolint:noctx // test
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if post(id+"/exhaust") != 200 || e.ok("GET", "/api-keys/"+id, nil)["status"] != "exhausted" {
		t.Fatal("HTTP exhaust hook")
	}
	if post(id+"/expire") != 200 || e.ok("GET", "/api-keys/"+id, nil)["status"] != "expired" {
		t.Fatal("HTTP expire hook")
	}
	if post("nope/expire") != 404 {
		t.Fatal("hook on an unknown key should answer 404")
	}
	// A new expiry revives an expired key.
	e.ok("PUT", "/api-keys/"+id, map[string]any{"expires_at": "2027-06-01T00:00:00Z"})
	if got := e.ok("GET", "/api-keys/"+id, nil); got["status"] != "active" {
		t.Fatalf("status after a new expiry: %v", got["status"])
	}
}
