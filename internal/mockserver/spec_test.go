package mockserver

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
)

// fakeT stands for the *testing.T a test hands to Start, to observe what
// Start's cleanup reports.
type fakeT struct {
	cleanups []func()
	errs     []string
}

func (f *fakeT) Helper()           {}
func (f *fakeT) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }
func (f *fakeT) Errorf(format string, args ...any) {
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

// finish runs the cleanups as the testing package does at the end of a test.
func (f *fakeT) finish() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
}

// The body the client sent for an API-key PUT before it stopped sending
// null for fields the spec does not let be null (issue item 7): the
// regression must fail the test that sends it.
const nullsInAPIKeyPut = `{"name":"ci-2","description":null,"scopes":["logs.view"],"defaults":{"metadata":null,"config_id":null,` +
	`"allow_config_override":false},"alert_emails":null,"expires_at":null,"rate_limits":null,"usage_limits":null,"rotation_policy":null}`

func TestSpec_violationFailsTheTestThatSentIt(t *testing.T) {
	t.Parallel()
	ft := &fakeT{}
	srv := New(Options{APIKeys: []string{coreTestKey}})
	base := srv.Start(ft)
	_, created := callJSON(t, "POST", base+"/api-keys/organisation/service", coreTestKey, map[string]any{"name": "ci", "scopes": []string{"logs.view"}})
	id, _ := created["id"].(string)

	status, out := callJSON(t, "PUT", base+"/api-keys/"+id, coreTestKey, nullsInAPIKeyPut)
	data, _ := out["data"].(map[string]any)
	msg, _ := data["message"].(string)
	if status != http.StatusBadRequest || data["errorCode"] != "AB01" {
		t.Fatalf("PUT with nulls: %d %v, want 400 AB01", status, out)
	}
	for _, field := range []string{"description", "alert_emails", "defaults.metadata", "defaults.config_id"} {
		if !strings.Contains(msg, "body field "+field+": Value is not nullable") {
			t.Errorf("the answer %q does not name %s", msg, field)
		}
	}
	for _, nullable := range []string{"expires_at", "rate_limits", "rotation_policy", "usage_limits"} {
		if strings.Contains(msg, "field "+nullable+":") {
			t.Errorf("the answer %q rejects %s, which may be null", msg, nullable)
		}
	}
	reqs := srv.Requests()
	if last := reqs[len(reqs)-1]; last.Violation == "" || last.Status != http.StatusBadRequest {
		t.Errorf("the request log does not record the violation: %+v", last)
	}

	ft.finish()
	if len(ft.errs) != 1 || !strings.Contains(ft.errs[0], "PUT /api-keys/"+id) ||
		!strings.Contains(ft.errs[0], "defaults.metadata: Value is not nullable") || !strings.Contains(ft.errs[0], `"metadata":null`) {
		t.Fatalf("Start's cleanup reported %q, want one error naming the request, its body and the violation", ft.errs)
	}
}

func TestSpec_validRequestsAndTakenViolationsPass(t *testing.T) {
	t.Parallel()
	ft := &fakeT{}
	srv := New(Options{APIKeys: []string{coreTestKey}})
	base := srv.Start(ft)
	if status, out := callJSON(t, "POST", base+"/admin/workspaces", coreTestKey, map[string]any{"name": "Fine"}); status != http.StatusOK {
		t.Fatalf("a valid create: %d %v", status, out)
	}
	if status, _ := callJSON(t, "GET", base+"/admin/workspaces?page_size=x", coreTestKey, nil); status != http.StatusBadRequest {
		t.Fatalf("a non-integer page size: %d, want 400", status)
	}
	if status, _ := callJSON(t, "GET", base+"/admin/workspaces?colour=red", coreTestKey, nil); status != http.StatusBadRequest {
		t.Fatalf("an unknown query parameter: %d, want 400", status)
	}
	taken := srv.TakeSpecViolations()
	if len(taken) != 2 || !strings.Contains(taken[0].Problem, `query parameter "page_size"`) ||
		!strings.Contains(taken[1].Problem, `query parameter "colour" is not in the spec`) || taken[1].Route != "GET /admin/workspaces" {
		t.Fatalf("TakeSpecViolations = %+v", taken)
	}
	if len(srv.SpecViolations()) != 0 {
		t.Fatal("TakeSpecViolations left violations behind")
	}
	ft.finish()
	if len(ft.errs) != 0 {
		t.Fatalf("Start's cleanup failed a test whose violations were taken: %q", ft.errs)
	}
}

func TestSpec_noSpecValidation(t *testing.T) {
	t.Parallel()
	ft := &fakeT{}
	srv := New(Options{APIKeys: []string{coreTestKey}, NoSpecValidation: true})
	base := srv.Start(ft)
	// The spec would refuse the unknown query parameter; unchecked, the
	// handler serves it.
	if status, out := callJSON(t, "GET", base+"/admin/workspaces?colour=red", coreTestKey, nil); status != http.StatusOK {
		t.Fatalf("with validation off: %d %v, want 200", status, out)
	}
	// The handler's own checks still apply.
	status, out := callJSON(t, "PUT", base+"/admin/users/"+ghostUserID, coreTestKey, map[string]any{"role": "owner"})
	if data, _ := out["data"].(map[string]any); status != http.StatusBadRequest || data["errorCode"] != "AB01" {
		t.Fatalf("the handler's validation: %d %v", status, out)
	}
	ft.finish()
	if len(srv.SpecViolations()) != 0 || len(ft.errs) != 0 {
		t.Fatalf("violations recorded with validation off: %v %q", srv.SpecViolations(), ft.errs)
	}
}

// Every route the mock serves is an operation of the spec subset, except the
// ones listed as outside it, which are routes indeed.
func TestSpec_everyRouteIsInTheSpec(t *testing.T) {
	t.Parallel()
	checker, err := loadSpecChecker()
	if err != nil {
		t.Fatal(err)
	}
	srv := New(Options{})
	for _, key := range srv.specRoutes() {
		if checker.ops[key] == nil {
			t.Errorf("the mock serves %s, which the spec subset lacks", key)
		}
	}
	for route := range routesOutsideSpec {
		if !slices.Contains(srv.routeList, route) {
			t.Errorf("routesOutsideSpec names %s, which the mock does not serve", route)
		}
	}
	if len(checker.ops) != len(srv.specRoutes()) {
		t.Errorf("the spec subset has %d operations, the mock serves %d of them", len(checker.ops), len(srv.specRoutes()))
	}
}

// The committed subset is what SpecSubset makes of itself: it holds every
// operation the mock serves and every component they reference, and the
// generator is deterministic. (Against the full document, see the next test.)
func TestSpecSubset_isAFixedPoint(t *testing.T) {
	t.Parallel()
	again, err := SpecSubset(specSubsetYAML)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, specSubsetYAML) {
		t.Fatal("SpecSubset(openapi/portkey-admin.yaml) differs from the file: regenerate it (make spec-subset SPEC=...)")
	}
}

// With Portkey's full OpenAPI document at hand, the committed subset must be
// exactly what the generator extracts from it.
func TestSpecSubset_matchesPortkeySpec(t *testing.T) {
	t.Parallel()
	path := os.Getenv("PORTKEY_OPENAPI_SPEC")
	if path == "" {
		t.Skip("set PORTKEY_OPENAPI_SPEC to the path of Portkey's openapi.yaml (github.com/Portkey-AI/openapi at commit " +
			specSourceCommit + ") to check that openapi/portkey-admin.yaml is the subset it yields")
	}
	full, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := SpecSubset(full)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, specSubsetYAML) {
		t.Fatalf("openapi/portkey-admin.yaml is not the subset of %s: regenerate it with `make spec-subset SPEC=%s` "+
			"(and update specSourceCommit if the document moved on)", path, path)
	}
}

// Each allow-list entry lets through a request the spec alone refuses: the
// requests below are answered 400 without their entry and pass with it.
func TestSpec_allowList(t *testing.T) {
	t.Parallel()
	type sample struct{ route, target, body string }
	samples := map[string][]sample{
		"DELETE /admin/workspaces/{workspaceId} takes the body {name, force_delete} and the query force_delete": {
			{"DELETE /admin/workspaces/{id}", "/admin/workspaces/ws-a-000000", `{"name":"A","force_delete":true}`},
			{"DELETE /admin/workspaces/{id}", "/admin/workspaces/ws-a-000000?force_delete=true", `{"name":"A"}`},
		},
		"GET /admin/workspaces/{workspaceId} takes the query name_format": {
			{"GET /admin/workspaces/{id}", "/admin/workspaces/ws-a-000000?name_format=plain", ""},
		},
		"GET /admin/workspaces takes status as a comma-separated list": {
			{"GET /admin/workspaces", "/admin/workspaces?status=active,archived", ""},
		},
		"GET /api-keys takes the query status": {
			{"GET /api-keys", "/api-keys?status=active,exhausted", ""},
		},
		"every list takes both page_size/current_page and pageSize/currentPage": {
			{"GET /admin/users", "/admin/users?page_size=10&current_page=1", ""},
			{"GET /admin/users/invites", "/admin/users/invites?page_size=10", ""},
			{"GET /admin/workspaces", "/admin/workspaces?pageSize=10&currentPage=1", ""},
			{"GET /admin/workspaces/{ws}/users", "/admin/workspaces/ws-a-000000/users?pageSize=10", ""},
			{"GET /api-keys", "/api-keys?pageSize=10", ""},
		},
		"POST /admin/users/invites without workspaces": {
			{"POST /admin/users/invites", "/admin/users/invites", `{"email":"a@example.com","role":"member"}`},
		},
		"workspace create and update take icon": {
			{"POST /admin/workspaces", "/admin/workspaces", `{"name":"A","icon":"🚀"}`},
			{"PUT /admin/workspaces/{id}", "/admin/workspaces/ws-a-000000", `{"name":"A","icon":null}`},
		},
		"PUT /admin/workspaces/{workspaceId} takes usage_limits and rate_limits null": {
			{"PUT /admin/workspaces/{id}", "/admin/workspaces/ws-a-000000", `{"name":"A","usage_limits":null}`},
			{"PUT /admin/workspaces/{id}", "/admin/workspaces/ws-a-000000", `{"name":"A","rate_limits":null}`},
		},
		"PUT /api-keys/{id} takes usage_limits null": {
			{"PUT /api-keys/{id}", "/api-keys/4c46f684-d96c-4b58-b356-81e5722cd19d", `{"name":"k","usage_limits":null}`},
		},
		"usage limits' credit_limit and alert_threshold are decimals": {
			{"POST /admin/workspaces", "/admin/workspaces", `{"name":"A","usage_limits":[{"type":"cost","credit_limit":10.5}]}`},
			{"PUT /api-keys/{id}", "/api-keys/4c46f684-d96c-4b58-b356-81e5722cd19d", `{"usage_limits":{"type":"cost","credit_limit":10,"alert_threshold":2.5}}`},
		},
	}
	all, err := newSpecChecker(specSubsetYAML, specAllowList)
	if err != nil {
		t.Fatal(err)
	}
	check := func(c *specChecker, s sample) string {
		method, _, _ := strings.Cut(s.route, " ")
		r := httptest.NewRequest(method, APIPrefix+s.target, strings.NewReader(s.body))
		if s.body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		return c.checkRoute(r, s.route, []byte(s.body))
	}
	for i, entry := range specAllowList {
		cases, ok := samples[entry.what]
		if !ok {
			t.Errorf("allow-list entry %q has no sample request here proving it is needed", entry.what)
			continue
		}
		delete(samples, entry.what)
		without, err := newSpecChecker(specSubsetYAML, slices.Delete(slices.Clone(specAllowList), i, i+1))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range cases {
			if problem := check(all, s); problem != "" {
				t.Errorf("%s %s %s: refused with the allow-list: %s", s.route, s.target, s.body, problem)
			}
			if problem := check(without, s); problem == "" {
				t.Errorf("%s %s %s: passes without the entry %q, which is then not needed for it", s.route, s.target, s.body, entry.what)
			}
		}
	}
	for what := range samples {
		t.Errorf("sample for %q, which the allow-list lacks", what)
	}
}

// BenchmarkSpecValidation measures what checking requests against the spec
// costs the mock per request, for a read and for the two largest bodies the
// provider sends, with the check on and off.
func BenchmarkSpecValidation(b *testing.B) {
	for _, mode := range []struct {
		name string
		off  bool
	}{{"on", false}, {"off", true}} {
		srv := New(Options{APIKeys: []string{coreTestKey}, NoSpecValidation: mode.off})
		srv.ApplySeed(Seed{Workspaces: []Workspace{{ID: "6e5a9f93-ae3a-46b4-a87d-2464d373ef7e", Name: "Bench"}}})
		rec := httptest.NewRecorder()
		create := httptest.NewRequest("POST", APIPrefix+"/api-keys/workspace/service",
			strings.NewReader(`{"name":"bench","workspace_id":"6e5a9f93-ae3a-46b4-a87d-2464d373ef7e","scopes":["logs.view"]}`))
		create.Header.Set("x-portkey-api-key", coreTestKey)
		create.Header.Set("Content-Type", "application/json")
		srv.ServeHTTP(rec, create)
		keyID := srv.APIKeys()[0].ID
		requests := []struct{ name, method, path, body string }{
			{"get workspace", "GET", "/admin/workspaces/6e5a9f93-ae3a-46b4-a87d-2464d373ef7e", ""},
			{"put workspace", "PUT", "/admin/workspaces/6e5a9f93-ae3a-46b4-a87d-2464d373ef7e",
				`{"name":"Bench","description":"d","icon":"","defaults":{"metadata":{"team":"a"}},` +
					`"usage_limits":[{"type":"cost","credit_limit":100.5,"alert_threshold":80,"periodic_reset":"monthly"}],` +
					`"rate_limits":[{"type":"requests","unit":"rpm","value":100}]}`},
			{"put api key", "PUT", "/api-keys/" + keyID,
				`{"name":"bench","description":"","scopes":["logs.view","logs.list"],"defaults":{"metadata":{"a":"1"},"allow_config_override":false},` +
					`"alert_emails":["ops@example.com"],"expires_at":null,"rate_limits":[{"type":"requests","unit":"rpm","value":5}],` +
					`"usage_limits":{"type":"cost","credit_limit":10,"periodic_reset":"weekly"},"rotation_policy":null}`},
		}
		for _, req := range requests {
			b.Run(req.name+"/validation "+mode.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					r := httptest.NewRequest(req.method, APIPrefix+req.path, strings.NewReader(req.body))
					r.Header.Set("x-portkey-api-key", coreTestKey)
					if req.body != "" {
						r.Header.Set("Content-Type", "application/json")
					}
					w := httptest.NewRecorder()
					srv.ServeHTTP(w, r)
					if w.Code != http.StatusOK {
						b.Fatalf("%s %s: %d %s", req.method, req.path, w.Code, w.Body)
					}
				}
			})
		}
	}
}
