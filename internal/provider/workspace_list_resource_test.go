package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// Every workspace, identified by its UUID; with include_resource, each is
// what portkey_workspace reads (one GET each, after the data source's list
// call), and its generated configuration plans no change.
func TestListResource_workspace(t *testing.T) {
	t.Parallel()
	f := newOrgFixture(t)
	h := newProtoHarness(t, f.url)
	const typeName = "portkey_workspace"

	all, warnings := objects(t, h.list(typeName, nil, true, 100))
	if len(warnings) > 0 {
		t.Fatalf("warnings: %v", warnings)
	}
	want := []string{"Production (" + f.prod.Slug + ")", "Research (" + f.research.Slug + ")", "Staging (" + f.staging.Slug + ")"}
	got := strings.Join(displayNames(all), "|")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Fatalf("display names %s, want %v and the default workspace", got, want)
		}
	}
	if len(all) != 4 {
		t.Fatalf("%d workspaces listed, want 4 (three seeded and the default one)", len(all))
	}
	if n := f.srv.Count("GET /admin/workspaces"); n != 1 {
		t.Errorf("%d list calls, want 1", n)
	}
	if n := f.srv.Count("GET /admin/workspaces/{id}"); n != len(all) {
		t.Errorf("%d workspace GETs for %d results, want one each", n, len(all))
	}
	for _, r := range all {
		if !uuidPattern.MatchString(r.identity["id"]) {
			t.Fatalf("%s: identity %v", r.displayName, r.identity)
		}
		if st := stringAttrs(t, r.resource); st["id"] != r.identity["id"] || st["organisation_id"] == "" {
			t.Fatalf("%s: listed resource %v: want the identity's id and the organisation_id a GET returns", r.displayName, st)
		}
	}
	h.requireListedAsRead(typeName, all)
	if warned := h.requireCleanAdoption(typeName, all); len(warned) > 0 {
		t.Errorf("adoption plans warn: %v", warned)
	}

	// Without include_resource: identities only, from the list call alone.
	f.srv.ClearRequests()
	ids, _ := objects(t, h.list(typeName, nil, false, 100))
	if len(ids) != 4 || !ids[0].resource.IsNull() {
		t.Fatalf("without include_resource: %d results, resource %v", len(ids), ids[0].resource)
	}
	if n := f.srv.Count("GET /admin/workspaces/{id}"); n != 0 {
		t.Errorf("%d workspace GETs without include_resource, want none", n)
	}

	// Filters: the name (contains, case-sensitive) and the status.
	named, _ := objects(t, h.list(typeName, map[string]tftypes.Value{"name": str("ion")}, false, 100))
	if names := displayNames(named); len(names) != 1 || !strings.HasPrefix(names[0], "Production") {
		t.Fatalf("name = \"ion\": %v", names)
	}
	if err := f.srv.Patch(mockserver.KindWorkspace, f.staging.ID, map[string]any{"status": "archived"}); err != nil {
		t.Fatal(err)
	}
	active, _ := objects(t, h.list(typeName, nil, false, 100))
	archived, _ := objects(t, h.list(typeName, map[string]tftypes.Value{"status": str("archived")}, true, 100))
	if len(active) != 3 || len(archived) != 1 || archived[0].identity["id"] != f.staging.ID {
		t.Fatalf("active %v, archived %v", displayNames(active), displayNames(archived))
	}
}

// Every page is read; limit caps the results and the GETs behind them.
func TestListResource_workspacePagesAndLimit(t *testing.T) {
	t.Parallel()
	srv, url := newTestMock(t)
	var seed mockserver.Seed
	for i := range 130 {
		seed.Workspaces = append(seed.Workspaces, mockserver.Workspace{Name: fmt.Sprintf("Team %03d", i)})
	}
	srv.ApplySeed(seed)
	h := newProtoHarness(t, url)

	srv.ClearRequests()
	all, _ := objects(t, h.list("portkey_workspace", nil, false, 1000))
	if len(all) != 131 {
		t.Fatalf("%d workspaces listed, want 131", len(all))
	}
	if n := srv.Count("GET /admin/workspaces"); n != 2 {
		t.Fatalf("%d list calls for 131 workspaces, want 2 pages of 100", n)
	}

	srv.ClearRequests()
	some, _ := objects(t, h.list("portkey_workspace", nil, true, 5))
	if len(some) != 5 {
		t.Fatalf("limit 5: %d results", len(some))
	}
	if n := srv.Count("GET /admin/workspaces/{id}"); n != 5 {
		t.Fatalf("limit 5: %d workspace GETs, want 5", n)
	}
}

// A workspace deleted between the list call and its GET (which Portkey
// answers with 403, confirmed by the workspaces list as portkey_workspace
// does) is left out with a warning; any other failed GET ends the results
// with an error naming it.
func TestListResource_workspaceReadFailures(t *testing.T) {
	t.Parallel()
	srv, _ := newTestMock(t)
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{Name: "Doomed"}, {Name: "Broken"}, {Name: "Fine"}}})
	doomed, broken := srv.WorkspaceIDByName("Doomed"), srv.WorkspaceIDByName("Broken")
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == mockserver.APIPrefix+"/admin/workspaces/"+doomed {
			_ = srv.Delete(mockserver.KindWorkspace, doomed) // deleted after the list call: its GET answers 403
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	h := newProtoHarness(t, ts.URL+mockserver.APIPrefix)

	srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/admin/workspaces/" + broken, Status: 400, Code: "AB01", Times: -1})
	results := h.list("portkey_workspace", nil, true, 100)
	var sawWarning, sawError bool
	for _, r := range results {
		for _, d := range r.diags {
			switch {
			case d.Severity == tfprotov6.DiagnosticSeverityWarning && strings.Contains(d.Detail, "Doomed"):
				sawWarning = true
			case d.Severity == tfprotov6.DiagnosticSeverityError:
				sawError = strings.Contains(d.Detail, "HTTP 400") && strings.Contains(d.Detail, broken)
			}
		}
		if r.identity != nil && r.identity["id"] == doomed {
			t.Fatalf("the deleted workspace was listed: %+v", r)
		}
	}
	if !sawWarning || !sawError {
		t.Fatalf("warning about the deleted workspace %t, error naming the failed GET %t: %+v", sawWarning, sawError, results)
	}
	if last := results[len(results)-1]; last.identity != nil || len(last.diags) == 0 {
		t.Fatalf("the results did not end with the error: %+v", last)
	}
}
