package mockserver

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

const orgTestKey = "pk-organisation-test-key"

// Guardrails every organisation test starts with.
var (
	orgPII     = Guardrail{ID: "11111111-1111-4111-8111-111111111111", Slug: "pii-redaction"}
	orgToxic   = Guardrail{ID: "22222222-2222-4222-8222-222222222222", Slug: "toxicity", Scope: GuardrailScopeOrganisation}
	wsOnlyJail = Guardrail{ID: "33333333-3333-4333-8333-333333333333", Slug: "team-jailbreak", Scope: GuardrailScopeWorkspace}
)

type orgEnv struct {
	t    *testing.T
	srv  *Server
	base string
}

func newOrgEnv(t *testing.T) *orgEnv {
	t.Helper()
	srv := New(Options{APIKeys: []string{orgTestKey}, Guardrails: []Guardrail{orgPII, orgToxic, wsOnlyJail}})
	return &orgEnv{t: t, srv: srv, base: srv.Start(t)}
}

func (e *orgEnv) call(key, method, path string, body any) (int, map[string]any) {
	e.t.Helper()
	return callJSON(e.t, method, e.base+path, key, body)
}

func (e *orgEnv) ok(method, path string, body any) map[string]any {
	e.t.Helper()
	status, out := e.call(orgTestKey, method, path, body)
	if status != http.StatusOK {
		e.t.Fatalf("%s %s %v: HTTP %d %v, want 200", method, path, body, status, out)
	}
	return out
}

// fail asserts an error answer and returns its message.
func (e *orgEnv) fail(key, method, path string, body any, wantStatus int, wantCode string) string {
	e.t.Helper()
	status, out := e.call(key, method, path, body)
	data, _ := out["data"].(map[string]any)
	if status != wantStatus || data == nil || data["errorCode"] != wantCode {
		e.t.Fatalf("%s %s %v: HTTP %d %v, want %d %s", method, path, body, status, out, wantStatus, wantCode)
	}
	msg, _ := data["message"].(string)
	return msg
}

// refs renders a defaults list as "slug=id" strings; nil stays nil.
func refs(list any) []string {
	items, ok := list.([]any)
	if !ok {
		return nil
	}
	out := []string{}
	for _, it := range items {
		m, _ := it.(map[string]any)
		out = append(out, m["slug"].(string)+"="+m["id"].(string))
	}
	return out
}

func ref(g Guardrail) string { return g.Slug + "=" + g.ID }

const defaultsPath = "/admin/organisation/defaults"

func TestOrganisationDefaults_readAndUpdate(t *testing.T) {
	t.Parallel()
	e := newOrgEnv(t)

	got := e.ok("GET", defaultsPath, nil)
	// Empty lists are answered as null (official provider CHANGELOG 0.2.32).
	if got["object"] != "organisation_defaults" || got["input_guardrails"] != nil || got["output_guardrails"] != nil {
		t.Fatalf("initial defaults: %v", got)
	}
	if _, ok := got["input_guardrails"]; !ok {
		t.Fatalf("input_guardrails missing instead of null: %v", got)
	}

	// By slug or by id, in the order given, each guardrail once.
	if out := e.ok("PUT", defaultsPath, map[string]any{
		"input_guardrails":  []string{orgToxic.Slug, orgPII.ID, orgToxic.ID},
		"output_guardrails": []string{orgPII.Slug},
	}); len(out) != 0 {
		t.Fatalf("PUT answered %v, want {}", out)
	}
	got = e.ok("GET", defaultsPath, nil)
	if in, out := refs(got["input_guardrails"]), refs(got["output_guardrails"]); !reflect.DeepEqual(in, []string{ref(orgToxic), ref(orgPII)}) ||
		!reflect.DeepEqual(out, []string{ref(orgPII)}) {
		t.Fatalf("after PUT: input %v output %v", in, out)
	}

	// A field left out is preserved; [] clears.
	e.ok("PUT", defaultsPath, map[string]any{"output_guardrails": []string{}})
	got = e.ok("GET", defaultsPath, nil)
	if in := refs(got["input_guardrails"]); !reflect.DeepEqual(in, []string{ref(orgToxic), ref(orgPII)}) || got["output_guardrails"] != nil {
		t.Fatalf("after clearing output: %v", got)
	}

	// The Go hooks see and change the same state.
	if err := e.srv.SetOrganisationDefaults(nil, []string{orgToxic.ID}); err != nil {
		t.Fatal(err)
	}
	in, out := e.srv.OrganisationDefaults()
	if len(in) != 2 || len(out) != 1 || out[0] != (GuardrailRef{ID: orgToxic.ID, Slug: orgToxic.Slug}) {
		t.Fatalf("hook view: input %v output %v", in, out)
	}
	if n := e.srv.Count("PUT /admin/organisation/defaults"); n != 2 {
		t.Fatalf("counted %d PUTs, want 2 (hooks are not requests)", n)
	}
}

func TestOrganisationDefaults_validation(t *testing.T) {
	t.Parallel()
	e := newOrgEnv(t)
	e.ok("PUT", defaultsPath, map[string]any{"input_guardrails": []string{orgPII.Slug}})

	for name, tc := range map[string]struct {
		body     any
		contains []string
	}{
		"neither field":       {map[string]any{}, []string{"at least one of input_guardrails and output_guardrails"}},
		"null field":          {map[string]any{"input_guardrails": nil}, []string{"input_guardrails"}},
		"not an array":        {map[string]any{"output_guardrails": "toxicity"}, []string{"output_guardrails"}},
		"unknown field":       {map[string]any{"input_guardrails": []string{}, "guardrails": []string{}}, []string{"guardrails"}},
		"unknown guardrail":   {map[string]any{"input_guardrails": []string{orgToxic.Slug, "nope"}}, []string{`"nope"`, "input_guardrails"}},
		"workspace-scoped":    {map[string]any{"output_guardrails": []string{orgToxic.ID, wsOnlyJail.Slug}}, []string{msgWorkspaceScopedDefault, `"team-jailbreak"`}},
		"workspace-scoped id": {map[string]any{"input_guardrails": []string{wsOnlyJail.ID}}, []string{msgWorkspaceScopedDefault, wsOnlyJail.ID}},
		"empty body":          {"", []string{"body is required"}},
	} {
		t.Run(name, func(t *testing.T) {
			msg := e.fail(orgTestKey, "PUT", defaultsPath, tc.body, http.StatusBadRequest, "AB01")
			for _, want := range tc.contains {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not contain %q", msg, want)
				}
			}
		})
	}
	// A refused PUT changes nothing, not even its valid part.
	in, out := e.srv.OrganisationDefaults()
	if len(in) != 1 || in[0].ID != orgPII.ID || out != nil {
		t.Fatalf("after refused PUTs: input %v output %v", in, out)
	}
	// There is no DELETE.
	if status, _ := e.call(orgTestKey, "DELETE", defaultsPath, nil); status != http.StatusNotFound {
		t.Fatalf("DELETE answered %d, want 404", status)
	}
}

// Organisation routes are for organisation keys: a workspace key is refused
// whatever its scopes, and a request without a key is unauthorised.
func TestOrganisation_scopes(t *testing.T) {
	t.Parallel()
	e := newOrgEnv(t)
	ws := e.srv.WorkspaceIDByName("Shared Team Workspace")
	orgKey := e.ok("POST", "/api-keys/organisation/service", map[string]any{
		"name": "settings", "scopes": []string{"organisation_settings.read", "organisation_settings.update"},
	})["key"].(string)
	wsKey := e.ok("POST", "/api-keys/workspace/service", map[string]any{
		"name": "ws", "workspace_id": ws, "scopes": []string{"organisation_settings.read", "organisation_settings.update",
			"organisation_exclusions.list", "organisation_exclusions.update"},
	})["key"].(string)

	if status, _ := e.call(orgKey, "GET", defaultsPath, nil); status != http.StatusOK {
		t.Fatalf("organisation key GET: %d", status)
	}
	if status, _ := e.call(orgKey, "PUT", defaultsPath, map[string]any{"input_guardrails": []string{}}); status != http.StatusOK {
		t.Fatalf("organisation key PUT: %d", status)
	}
	org := e.srv.OrganisationID()
	e.fail(wsKey, "GET", defaultsPath, nil, http.StatusForbidden, "AB03")
	e.fail(wsKey, "PUT", defaultsPath, map[string]any{"input_guardrails": []string{}}, http.StatusForbidden, "AB03")
	e.fail(wsKey, "GET", "/workspace-exclusions/input-guardrails?organisation_id="+org, nil, http.StatusForbidden, "AB03")
	e.fail(wsKey, "PUT", "/workspace-exclusions/output-guardrails", map[string]any{
		"organisation_id": org, "workspaces": []any{map[string]any{"workspace_id": ws, "excluded": true}},
	}, http.StatusForbidden, "AB03")
	e.fail("", "GET", defaultsPath, nil, http.StatusUnauthorized, "AB05")
}

func TestWorkspaceExclusions(t *testing.T) {
	t.Parallel()
	e := newOrgEnv(t)
	org := e.srv.OrganisationID()
	e.srv.ApplySeed(Seed{Workspaces: []Workspace{{Name: "Sandbox"}, {Name: "Research"}, {Name: "Doomed"}}})
	sandbox, research, doomed := e.srv.WorkspaceIDByName("Sandbox"), e.srv.WorkspaceIDByName("Research"), e.srv.WorkspaceIDByName("Doomed")
	var sandboxSlug string
	if raw, err := e.srv.Object(KindWorkspace, sandbox); err != nil || !strings.Contains(string(raw), `"slug":"ws-sandbo-`) {
		t.Fatalf("sandbox: %s %v", raw, err)
	} else {
		sandboxSlug = "ws-sandbo-" + strings.SplitN(strings.SplitN(string(raw), `"slug":"ws-sandbo-`, 2)[1], `"`, 2)[0]
	}
	list := func(dir string) []string {
		t.Helper()
		out := e.ok("GET", "/workspace-exclusions/"+dir+"-guardrails?organisation_id="+org, nil)
		if out["object"] != "list" {
			t.Fatalf("list answer: %v", out)
		}
		ids := []string{}
		for _, it := range out["data"].([]any) {
			m := it.(map[string]any)
			if m["excluded"] != true {
				t.Fatalf("item %v is not excluded", m)
			}
			ids = append(ids, m["workspace_id"].(string))
		}
		if out["total"] != float64(len(ids)) {
			t.Fatalf("total %v for %d items", out["total"], len(ids))
		}
		return ids
	}
	put := func(dir string, override bool, pairs ...any) {
		t.Helper()
		var ws []any
		for i := 0; i < len(pairs); i += 2 {
			ws = append(ws, map[string]any{"workspace_id": pairs[i], "excluded": pairs[i+1]})
		}
		body := map[string]any{"organisation_id": org, "workspaces": ws}
		if override {
			body["override_existing"] = true
		}
		e.ok("PUT", "/workspace-exclusions/"+dir+"-guardrails", body)
	}

	if got := list("input"); len(got) != 0 {
		t.Fatalf("initial input exclusions: %v", got)
	}
	// By slug or UUID; answered as the UUID; merged into earlier exclusions.
	put("input", false, sandboxSlug, true)
	put("input", false, research, true, doomed, true)
	if got := list("input"); !reflect.DeepEqual(got, []string{sandbox, research, doomed}) {
		t.Fatalf("input exclusions %v", got)
	}
	if got := list("output"); len(got) != 0 {
		t.Fatalf("the directions are separate: output %v", got)
	}
	// excluded:false brings a workspace back; repeating a state is harmless.
	put("input", false, research, false, sandbox, true)
	if got := list("input"); !reflect.DeepEqual(got, []string{sandbox, doomed}) {
		t.Fatalf("after including research: %v", got)
	}
	// A deleted workspace's exclusion goes with it; later PUTs naming it are 403.
	if err := e.srv.Delete(KindWorkspace, doomed); err != nil {
		t.Fatal(err)
	}
	if got := e.srv.WorkspaceExclusions("input"); !reflect.DeepEqual(got, []string{sandbox}) {
		t.Fatalf("after deleting a workspace: %v", got)
	}
	e.fail(orgTestKey, "PUT", "/workspace-exclusions/input-guardrails", map[string]any{
		"organisation_id": org, "workspaces": []any{map[string]any{"workspace_id": doomed, "excluded": false}},
	}, http.StatusForbidden, "AB03")
	// override_existing replaces the list.
	put("output", false, sandbox, true)
	put("output", true, research, true)
	if got := list("output"); !reflect.DeepEqual(got, []string{research}) {
		t.Fatalf("after override: %v", got)
	}

	for name, tc := range map[string]struct {
		method, path string
		body         any
		status       int
		code, msg    string
	}{
		"list without organisation_id": {"GET", "/workspace-exclusions/input-guardrails", nil, 400, "AB01", "organisation_id"},
		"list of another organisation": {"GET", "/workspace-exclusions/input-guardrails?organisation_id=" + orgPII.ID, nil, 403, "AB03", ""},
		"unknown workspace": {"PUT", "/workspace-exclusions/input-guardrails", map[string]any{
			"organisation_id": org, "workspaces": []any{map[string]any{"workspace_id": "ws-nope-000000", "excluded": true}},
		}, 400, "AB01", `"ws-nope-000000"`},
		"excluded missing": {"PUT", "/workspace-exclusions/input-guardrails", map[string]any{
			"organisation_id": org, "workspaces": []any{map[string]any{"workspace_id": sandbox}},
		}, 400, "AB01", "excluded"},
		"workspaces missing": {"PUT", "/workspace-exclusions/output-guardrails", map[string]any{"organisation_id": org}, 400, "AB01", "workspaces"},
		"organisation_id missing": {"PUT", "/workspace-exclusions/output-guardrails", map[string]any{
			"workspaces": []any{map[string]any{"workspace_id": sandbox, "excluded": true}},
		}, 400, "AB01", "organisation_id"},
		"no such direction": {"GET", "/workspace-exclusions/sideways-guardrails?organisation_id=" + org, nil, 404, "", ""},
	} {
		t.Run(name, func(t *testing.T) {
			if tc.code == "" {
				if status, _ := e.call(orgTestKey, tc.method, tc.path, tc.body); status != tc.status {
					t.Fatalf("HTTP %d, want %d", status, tc.status)
				}
				return
			}
			if msg := e.fail(orgTestKey, tc.method, tc.path, tc.body, tc.status, tc.code); !strings.Contains(msg, tc.msg) {
				t.Fatalf("message %q does not name %q", msg, tc.msg)
			}
		})
	}
	// Refused PUTs changed nothing.
	if got := list("input"); !reflect.DeepEqual(got, []string{sandbox}) {
		t.Fatalf("input exclusions after refused PUTs: %v", got)
	}
}

func TestOrganisation_hooks(t *testing.T) {
	t.Parallel()
	e := newOrgEnv(t)
	base := strings.TrimSuffix(e.base, APIPrefix)

	// Seeding: ids, slugs and scopes default; duplicates and unknown scopes are refused.
	g, err := e.srv.SeedGuardrail(Guardrail{})
	if err != nil || g.ID == "" || !strings.HasPrefix(g.Slug, "pg-") || g.Scope != GuardrailScopeOrganisation {
		t.Fatalf("SeedGuardrail: %+v %v", g, err)
	}
	if _, err := e.srv.SeedGuardrail(Guardrail{Slug: orgPII.Slug}); err == nil {
		t.Fatal("a second guardrail with the same slug was accepted")
	}
	if _, err := e.srv.SeedGuardrail(Guardrail{Slug: "x", Scope: "global"}); err == nil {
		t.Fatal("an unknown scope was accepted")
	}
	if status, out := callJSON(t, "POST", base+"/__mock/seed", "", map[string]any{
		"guardrails": []any{map[string]any{"slug": "odd", "scope": "everywhere"}},
	}); status != http.StatusBadRequest || !strings.Contains(out["error"].(string), "everywhere") {
		t.Fatalf("seed with a bad scope: %d %v", status, out)
	}
	if status, _ := callJSON(t, "POST", base+"/__mock/seed", "", map[string]any{
		"guardrails": []any{map[string]any{"id": "44444444-4444-4444-8444-444444444444", "slug": "seeded", "scope": "workspace"}},
	}); status != http.StatusOK {
		t.Fatalf("seed: %d", status)
	}
	if n := len(e.srv.Guardrails()); n != 5 {
		t.Fatalf("%d guardrails, want 5", n)
	}

	// Defaults out of band, over HTTP, with the API's rules.
	if status, _ := callJSON(t, "PUT", base+"/__mock/organisation/defaults", "", map[string]any{"output_guardrails": []string{"toxicity"}}); status != http.StatusOK {
		t.Fatalf("defaults hook: %d", status)
	}
	if status, out := callJSON(t, "PUT", base+"/__mock/organisation/defaults", "", map[string]any{"input_guardrails": []string{"seeded"}}); status != http.StatusBadRequest ||
		!strings.Contains(out["error"].(string), msgWorkspaceScopedDefault) {
		t.Fatalf("defaults hook with a workspace guardrail: %d %v", status, out)
	}
	if in, out := e.srv.OrganisationDefaults(); in != nil || len(out) != 1 || out[0].Slug != "toxicity" {
		t.Fatalf("defaults after the hook: %v %v", in, out)
	}

	// Exclusions out of band.
	ws := e.srv.WorkspaceIDByName("Shared Team Workspace")
	if status, _ := callJSON(t, "PUT", base+"/__mock/workspace-exclusions/output", "", map[string]any{"workspace_id": ws, "excluded": true}); status != http.StatusOK {
		t.Fatalf("exclusion hook: %d", status)
	}
	if status, _ := callJSON(t, "PUT", base+"/__mock/workspace-exclusions/output", "", map[string]any{"workspace_id": "nope", "excluded": true}); status != http.StatusNotFound {
		t.Fatalf("exclusion hook for an unknown workspace: %d", status)
	}
	if err := e.srv.SetWorkspaceExclusion("sideways", ws, true); err == nil {
		t.Fatal("an unknown direction was accepted")
	}
	if got := e.srv.WorkspaceExclusions("output"); !reflect.DeepEqual(got, []string{ws}) {
		t.Fatalf("output exclusions %v", got)
	}

	// Reset keeps the Options' guardrails and forgets everything else.
	e.srv.Reset()
	if n := len(e.srv.Guardrails()); n != 3 {
		t.Fatalf("%d guardrails after Reset, want the 3 of Options", n)
	}
	if in, out := e.srv.OrganisationDefaults(); in != nil || out != nil {
		t.Fatalf("defaults after Reset: %v %v", in, out)
	}
}
