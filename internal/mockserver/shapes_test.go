package mockserver

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

// The mock answers in the live API's shapes: every answer of the recorded
// operations is compared, field by field, with testdata/live-shapes.json
// (derived from live recordings; see testdata/README.md).

// shapeTable is testdata/live-shapes.json.
type shapeTable struct {
	Operations map[string]opShape `json:"operations"`
}

// opShape is one operation's answer: its fields, and the members of the
// nested objects by path ("defaults", "users[]", "defaults.metadata").
type opShape struct {
	Fields  map[string]string      `json:"fields"`
	Objects map[string]objectShape `json:"objects"`
}

// objectShape is a nested object: fixed fields, or a map whose every member
// has the type Values.
type objectShape struct {
	Fields map[string]string `json:"fields"`
	Values string            `json:"values"`
}

func loadShapes(t testing.TB) shapeTable {
	t.Helper()
	raw, err := os.ReadFile("testdata/live-shapes.json")
	if err != nil {
		t.Fatal(err)
	}
	var table shapeTable
	if err := json.Unmarshal(raw, &table); err != nil {
		t.Fatalf("testdata/live-shapes.json: %v", err)
	}
	for _, op := range []string{"workspace_get", "workspace_list_item", "api_key_get", "api_key_list_item", "api_key_rotate"} {
		if len(table.Operations[op].Fields) == 0 {
			t.Fatalf("testdata/live-shapes.json has no fields for %s", op)
		}
	}
	return table
}

// jsonType names a decoded JSON value's type as the table spells it.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64, json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func typeAllowed(union, got string) bool {
	for _, t := range strings.Split(union, "|") {
		if t == got {
			return true
		}
	}
	return false
}

// problems compares one answer (decoded JSON) with the operation's shape and
// describes every difference: a field the table does not list, a listed
// field that is missing (unless it may be absent), a value of another type;
// nested objects alike. No difference: nil.
func (op opShape) problems(answer any) []string {
	obj, ok := answer.(map[string]any)
	if !ok {
		return []string{fmt.Sprintf("the answer is %s, not an object", jsonType(answer))}
	}
	out := fieldProblems("", op.Fields, obj)
	paths := make([]string, 0, len(op.Objects))
	for p := range op.Objects {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		spec := op.Objects[p]
		for i, nested := range objectsAt(obj, p) {
			where := fmt.Sprintf("%s#%d.", p, i)
			if spec.Values != "" {
				for k, v := range nested {
					if !typeAllowed(spec.Values, jsonType(v)) {
						out = append(out, fmt.Sprintf("%s%s: %s, want %s", where, k, jsonType(v), spec.Values))
					}
				}
				continue
			}
			out = append(out, fieldProblems(where, spec.Fields, nested)...)
		}
	}
	return out
}

func fieldProblems(where string, fields map[string]string, obj map[string]any) []string {
	var out []string
	for k, v := range obj {
		want, listed := fields[k]
		switch {
		case !listed:
			out = append(out, fmt.Sprintf("%s%s: extra field (%s), the live answer has none", where, k, jsonType(v)))
		case !typeAllowed(want, jsonType(v)):
			out = append(out, fmt.Sprintf("%s%s: %s, want %s", where, k, jsonType(v), want))
		}
	}
	for k, want := range fields {
		if _, ok := obj[k]; !ok && !typeAllowed(want, "absent") {
			out = append(out, fmt.Sprintf("%s%s: missing (want %s)", where, k, want))
		}
	}
	sort.Strings(out)
	return out
}

// objectsAt returns the objects found at a path such as "defaults",
// "defaults.metadata" or "users[]" (the items of an array); values that are
// not objects (null) are skipped.
func objectsAt(obj map[string]any, path string) []map[string]any {
	vals := []any{obj}
	for _, part := range strings.Split(path, ".") {
		name, isArray := strings.CutSuffix(part, "[]")
		var next []any
		for _, v := range vals {
			m, ok := v.(map[string]any)
			if !ok {
				continue
			}
			x, ok := m[name]
			if !ok {
				continue
			}
			if items, isList := x.([]any); isArray && isList {
				next = append(next, items...)
			} else if !isArray {
				next = append(next, x)
			}
		}
		vals = next
	}
	var out []map[string]any
	for _, v := range vals {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// shapeRun drives a mock through every recorded operation, with objects that
// have and lack each optional value, and records each answer by operation.
type shapeRun struct {
	t       *testing.T
	url     string
	answers map[string][]any // operation -> answers
}

func (r *shapeRun) call(method, path string, body any) any {
	r.t.Helper()
	status, out := callJSON(r.t, method, r.url+path, "pk-shapes", body)
	if status != 200 {
		r.t.Fatalf("%s %s: HTTP %d %v", method, path, status, out)
	}
	return out
}

func (r *shapeRun) record(op string, answer any) { r.answers[op] = append(r.answers[op], answer) }

func (r *shapeRun) recordList(op, path string) int {
	r.t.Helper()
	list, _ := r.call("GET", path, nil).(map[string]any)
	items, _ := list["data"].([]any)
	for _, it := range items {
		r.record(op, it)
	}
	return len(items)
}

func driveRecordedOperations(t *testing.T, opts Options) map[string][]any {
	t.Helper()
	opts.APIKeys = []string{"pk-shapes"}
	srv := New(opts)
	r := &shapeRun{t: t, url: srv.Start(t), answers: map[string][]any{}}
	id := func(v any) string { s, _ := v.(map[string]any)["id"].(string); return s }

	// Workspaces: bare, full (every optional value, guardrail defaults, a
	// day-based budget and a member), an emoji-named one, the default one.
	bare := id(r.call("POST", "/admin/workspaces", map[string]any{"name": "Bare"}))
	full := id(r.call("POST", "/admin/workspaces", map[string]any{
		"name": "Full", "description": "Everything set", "icon": "🚀",
		"defaults":     map[string]any{"metadata": map[string]string{"team": "platform"}},
		"usage_limits": []map[string]any{{"type": "cost", "credit_limit": 100.5, "alert_threshold": 80, "periodic_reset": "monthly"}},
		"rate_limits":  []map[string]any{{"type": "requests", "unit": "rpm", "value": 100}},
	}))
	r.call("PUT", "/admin/workspaces/"+full, map[string]any{
		"defaults": map[string]any{
			"metadata": map[string]string{"team": "platform"}, "input_guardrails": []string{"gr-in"},
			"output_guardrails": []string{"gr-out"}, "user_api_key_config": "pc-config",
		},
		"usage_limits": []map[string]any{{"type": "tokens", "credit_limit": 5000, "periodic_reset_days": 30}},
	})
	user := srv.SeedUser(User{Email: "shapes@example.com", FirstName: "Sha", LastName: "Pes"})
	if err := srv.SeedMember(full, user.ID, "manager"); err != nil {
		t.Fatal(err)
	}
	if err := srv.Patch(KindWorkspace, full, map[string]any{
		"last_reset_at": "2026-06-01T00:00:00.000Z", "scim_source_id": "scim-group-1",
	}); err != nil {
		t.Fatal(err)
	}
	emoji := id(r.call("POST", "/admin/workspaces", map[string]any{"name": "🎯 Target"}))
	for _, ws := range []string{bare, full, emoji} {
		r.record("workspace_get", r.call("GET", "/admin/workspaces/"+ws, nil))
	}
	if n := r.recordList("workspace_list_item", "/admin/workspaces"); n != 4 {
		t.Fatalf("the list has %d workspaces, want 4", n)
	}
	r.record("workspace_get", r.call("GET", "/admin/workspaces/"+id(r.answers["workspace_list_item"][0]), nil))

	// API keys: an organisation key with nothing optional, a workspace key
	// with everything (and a usage reset), a user key with a day-based budget.
	org := id(r.call("POST", "/api-keys/organisation/service", map[string]any{"name": "org", "scopes": []string{"workspaces.list"}}))
	svc := id(r.call("POST", "/api-keys/workspace/service", map[string]any{
		"name": "svc", "description": "everything", "workspace_id": full, "scopes": []string{"completions.write"},
		"defaults":     map[string]any{"metadata": map[string]any{"app": "ci"}, "config_id": "c8564aec-de20-4d10-a3fd-8c5d626df297", "allow_config_override": true},
		"alert_emails": []string{"ops@example.com"}, "expires_at": "2099-01-01T00:00:00Z",
		"rate_limits":     []map[string]any{{"type": "requests", "unit": "rpm", "value": 60}},
		"usage_limits":    map[string]any{"type": "cost", "credit_limit": 12.5, "alert_threshold": 10, "periodic_reset": "monthly"},
		"rotation_policy": map[string]any{"rotation_period": "weekly", "key_transition_period_ms": 3600000},
	}))
	r.call("PUT", "/api-keys/"+svc, map[string]any{"reset_usage": true})
	usr := id(r.call("POST", "/api-keys/workspace/user", map[string]any{
		"name": "usr", "workspace_id": bare, "user_id": user.ID, "scopes": []string{"completions.write"},
		"defaults":     map[string]any{"allow_config_override": false},
		"usage_limits": map[string]any{"type": "tokens", "credit_limit": 1000, "periodic_reset_days": 7},
	}))
	r.record("api_key_rotate", r.call("POST", "/api-keys/"+svc+"/rotate", ""))
	for _, k := range []string{org, svc, usr} {
		r.record("api_key_get", r.call("GET", "/api-keys/"+k, nil))
	}
	if n := r.recordList("api_key_list_item", "/api-keys"); n != 3 {
		t.Fatalf("the list has %d keys, want 3", n)
	}
	return r.answers
}

func TestLiveShapes(t *testing.T) {
	t.Parallel()
	table := loadShapes(t)
	for _, mode := range []struct {
		name string
		opts Options
	}{{"plain", Options{}}, {"float literals", Options{FloatLiterals: true}}} {
		t.Run(mode.name, func(t *testing.T) {
			answers := driveRecordedOperations(t, mode.opts)
			for op, shape := range table.Operations {
				if len(answers[op]) == 0 {
					t.Errorf("%s: the scenario produced no answer to compare", op)
				}
				for i, a := range answers[op] {
					for _, p := range shape.problems(a) {
						t.Errorf("%s answer %d: %s", op, i, p)
					}
				}
			}
		})
	}
}

// The comparer fails on each kind of drift: proved on doctored copies of
// answers that pass.
func TestLiveShapes_comparerCatchesDrift(t *testing.T) {
	t.Parallel()
	table := loadShapes(t)
	answers := driveRecordedOperations(t, Options{})
	doctor := func(op string, i int, change func(m map[string]any)) []string {
		raw, _ := json.Marshal(answers[op][i])
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		if p := table.Operations[op].problems(m); p != nil {
			t.Fatalf("%s answer %d does not pass before doctoring: %v", op, i, p)
		}
		change(m)
		return table.Operations[op].problems(m)
	}
	cases := []struct {
		name, op string
		i        int
		change   func(m map[string]any)
		want     string
	}{
		{"extra field", "workspace_get", 0, func(m map[string]any) { m["status"] = "active" }, "status: extra field"},
		{"missing field", "workspace_get", 0, func(m map[string]any) { delete(m, "created_by") }, "created_by: missing"},
		{"wrong type", "workspace_get", 0, func(m map[string]any) { m["is_default"] = "0" }, "is_default: string, want number"},
		{"null where never null", "workspace_list_item", 0, func(m map[string]any) { m["status"] = nil }, "status: null, want string"},
		{"nested extra", "workspace_get", 1, func(m map[string]any) {
			m["users"].([]any)[0].(map[string]any)["email"] = "a@example.com"
		}, "users[]#0.email: extra field"},
		{"nested wrong type", "workspace_get", 1, func(m map[string]any) {
			m["settings"].(map[string]any)["debug_log"] = true
		}, "settings#0.debug_log: boolean, want number"},
		{"map member type", "api_key_get", 1, func(m map[string]any) {
			m["defaults"].(map[string]any)["metadata"].(map[string]any)["n"] = 1.0
		}, "defaults.metadata#0.n: number, want string"},
		{"GET never answers the transition", "api_key_get", 1, func(m map[string]any) {
			m["key_transition_expires_at"] = "2026-01-01T00:00:00.000Z"
		}, "key_transition_expires_at: extra field"},
		{"list defaults lack the override flag", "api_key_list_item", 0, func(m map[string]any) {
			m["defaults"].(map[string]any)["allow_config_override"] = false
		}, "defaults#0.allow_config_override: extra field"},
		{"list items lack the rotation policy", "api_key_list_item", 1, func(m map[string]any) {
			m["rotation_policy"] = map[string]any{}
		}, "rotation_policy: extra field"},
		{"an absent-able field keeps its type", "api_key_get", 0, func(m map[string]any) {
			m["rotation_policy"] = "weekly"
		}, "rotation_policy: string, want object|absent"},
		{"rotate answer", "api_key_rotate", 0, func(m map[string]any) { delete(m, "key") }, "key: missing"},
	}
	for _, c := range cases {
		got := doctor(c.op, c.i, c.change)
		if len(got) != 1 || !strings.Contains(got[0], c.want) {
			t.Errorf("%s: problems %q, want exactly one containing %q", c.name, got, c.want)
		}
	}
	if got := (opShape{Fields: map[string]string{"id": "string"}}).problems([]any{}); len(got) != 1 {
		t.Errorf("an answer that is not an object: %q", got)
	}
}
