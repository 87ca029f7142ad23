package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

const wsClientTestKey = "pk-client-workspaces-key"

func newWorkspaceTestClient(t *testing.T) (*mockserver.Server, *Client) {
	t.Helper()
	srv := mockserver.New(mockserver.Options{APIKeys: []string{wsClientTestKey}})
	c, err := New(Config{
		BaseURL: srv.Start(t), APIKey: wsClientTestKey, MaxRetries: 2,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func wsPtr[T any](v T) *T { return &v }

func TestWorkspaces_createGetListUpdate(t *testing.T) {
	t.Parallel()
	srv, c := newWorkspaceTestClient(t)
	ctx := context.Background()

	created, err := c.CreateWorkspace(ctx, CreateWorkspaceRequest{
		Name: "Production", Description: wsPtr("Live"), Icon: wsPtr("🚀"),
		Defaults:    &WorkspaceDefaults{Metadata: map[string]string{"team": "platform"}},
		UsageLimits: []UsageLimit{{Type: "cost", CreditLimit: wsPtr(99.95), AlertThreshold: wsPtr(80.5), PeriodicReset: wsPtr("monthly")}},
		RateLimits:  []RateLimit{{Type: "requests", Unit: "rpm", Value: 600}},
	})
	if err != nil {
		t.Fatalf("CreateWorkspace: %v", err)
	}
	if created.ID == "" || !strings.HasPrefix(created.Slug, "ws-produc-") || created.PlainName() != "Production" {
		t.Fatalf("created: %+v", created)
	}

	for _, ref := range []string{created.ID, created.Slug} {
		ws, err := c.GetWorkspace(ctx, ref)
		if err != nil {
			t.Fatalf("GetWorkspace(%s): %v", ref, err)
		}
		if ws.ID != created.ID || ws.Name != "🚀 Production" || ws.PlainName() != "Production" || *ws.Description != "Live" ||
			ws.OrganisationID != srv.OrganisationID() || ws.Defaults.Metadata["team"] != "platform" {
			t.Fatalf("GetWorkspace(%s): %+v", ref, ws)
		}
		if len(ws.UsageLimits) != 1 || *ws.UsageLimits[0].CreditLimit != 99.95 || *ws.UsageLimits[0].AlertThreshold != 80.5 ||
			len(ws.RateLimits) != 1 || ws.RateLimits[0].Value != 600 {
			t.Fatalf("limits: %+v %+v", ws.UsageLimits, ws.RateLimits)
		}
	}

	list, err := c.ListWorkspaces(ctx, ListWorkspacesOptions{ExactName: "Production"})
	if err != nil || len(list) != 1 || list[0].ID != created.ID {
		t.Fatalf("ListWorkspaces(exact): %v %+v", err, list)
	}
	list, err = c.ListWorkspaces(ctx, ListWorkspacesOptions{Name: "Prod", Status: "active"})
	if err != nil || len(list) != 1 {
		t.Fatalf("ListWorkspaces(contains): %v %+v", err, list)
	}
	if list, _ = c.ListWorkspaces(ctx, ListWorkspacesOptions{Name: "prod"}); len(list) != 0 {
		t.Fatalf("the name filter is case-sensitive, got %+v", list)
	}

	// The full desired object: what is left unset is cleared.
	srv.ClearRequests()
	if err := c.UpdateWorkspace(ctx, created.Slug, UpdateWorkspaceRequest{Name: "Production EU"}); err != nil {
		t.Fatalf("UpdateWorkspace: %v", err)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("requests: %+v", reqs)
	}
	var sent map[string]json.RawMessage
	if err := json.Unmarshal([]byte(reqs[0].Body), &sent); err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]string{
		"name": `"Production EU"`, "description": `""`, "icon": `""`, "defaults": `{}`, "usage_limits": `null`, "rate_limits": `null`,
	} {
		if string(sent[field]) != want {
			t.Errorf("PUT body %s = %s, want %s (body %s)", field, sent[field], want, reqs[0].Body)
		}
	}
	ws, err := c.GetWorkspace(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ws.Name != "Production EU" || ws.Description != nil || ws.Icon != nil || ws.Defaults != nil || ws.UsageLimits != nil || ws.RateLimits != nil {
		t.Fatalf("after a clearing update: %+v", ws)
	}
}

func TestUpdateWorkspaceRequest_marshal(t *testing.T) {
	t.Parallel()
	raw, err := json.Marshal(UpdateWorkspaceRequest{
		Name: "n", Description: wsPtr("d"), Icon: wsPtr("🚀"),
		Defaults:    &WorkspaceDefaults{Metadata: map[string]string{"k": "v"}, InputGuardrails: []string{"g"}},
		UsageLimits: []UsageLimit{{Type: "tokens", CreditLimit: wsPtr(1000.0), PeriodicResetDays: wsPtr(int64(30))}},
		RateLimits:  []RateLimit{{Type: "tokens", Unit: "rph", Value: 7}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"n","description":"d","icon":"🚀","defaults":{"metadata":{"k":"v"},"input_guardrails":["g"]},` +
		`"usage_limits":[{"type":"tokens","credit_limit":1000,"periodic_reset_days":30}],"rate_limits":[{"type":"tokens","unit":"rph","value":7}]}`
	if string(raw) != want {
		t.Fatalf("got  %s\nwant %s", raw, want)
	}
}

func TestWorkspace_PlainName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		icon *string
		want string
	}{
		{"Production", nil, "Production"},
		{"🚀 Production", wsPtr("🚀"), "Production"},
		{"🚀 🚀 Production", wsPtr("🚀"), "🚀 Production"}, // the name itself starts with the icon
		{"Production", wsPtr("🚀"), "Production"},       // plain form (name_format=plain)
		{"🚀 Production", wsPtr(""), "🚀 Production"},
	} {
		ws := Workspace{Name: tc.name, Icon: tc.icon}
		if got := ws.PlainName(); got != tc.want {
			t.Errorf("PlainName(%q, %v) = %q, want %q", tc.name, tc.icon, got, tc.want)
		}
	}
}

func TestListWorkspaces_readsEveryPage(t *testing.T) {
	t.Parallel()
	srv, c := newWorkspaceTestClient(t)
	var seed mockserver.Seed
	for i := range 250 {
		seed.Workspaces = append(seed.Workspaces, mockserver.Workspace{Name: fmt.Sprintf("team-%03d", i)})
	}
	srv.ApplySeed(seed)
	srv.ClearRequests()
	all, err := c.ListWorkspaces(context.Background(), ListWorkspacesOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 251 || all[0].Name != "Shared Team Workspace" || all[250].Name != "team-249" {
		t.Fatalf("got %d workspaces (first %q)", len(all), all[0].Name)
	}
	if n := srv.Count("GET /admin/workspaces"); n != 3 {
		t.Fatalf("%d list requests, want 3 pages of 100", n)
	}
	for _, r := range srv.Requests() {
		if !strings.Contains(r.Query, "page_size=100") || !strings.Contains(r.Query, "current_page=") {
			t.Fatalf("request %q does not page in snake_case by 100", r.Query)
		}
	}
}

func TestDeleteWorkspace(t *testing.T) {
	t.Parallel()
	srv, c := newWorkspaceTestClient(t)
	ctx := context.Background()
	ws, err := c.CreateWorkspace(ctx, CreateWorkspaceRequest{Name: "Doomed"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteWorkspace(ctx, ws.ID, "doomed"); !IsCode(err, "AB01") {
		t.Fatalf("wrong name: got %v, want AB01", err)
	}
	if err := srv.SetWorkspaceDependents(ws.ID, 1); err != nil {
		t.Fatal(err)
	}
	err = c.DeleteWorkspace(ctx, ws.ID, "Doomed")
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "Virtual Keys") {
		t.Fatalf("with dependents: got %v, want 409", err)
	}
	_ = srv.SetWorkspaceDependents(ws.ID, 0)
	if err := c.DeleteWorkspace(ctx, ws.ID, "Doomed"); err != nil {
		t.Fatalf("DeleteWorkspace: %v", err)
	}
	var body struct{ Name string }
	reqs := srv.Requests()
	if err := json.Unmarshal([]byte(reqs[len(reqs)-1].Body), &body); err != nil || body.Name != "Doomed" {
		t.Fatalf("DELETE body %q", reqs[len(reqs)-1].Body)
	}
	_, err = c.GetWorkspace(ctx, ws.ID)
	if !errors.Is(err, ErrForbidden) || errors.Is(err, ErrNotFound) {
		t.Fatalf("GET after delete: got %v, want 403 (the API's answer for deleted workspaces)", err)
	}
	if _, err := c.GetWorkspace(ctx, "ws-never-000000"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("GET unknown: got %v, want not found", err)
	}
}

func TestCreateWorkspace_neverReplayedAfterAmbiguousFailure(t *testing.T) {
	t.Parallel()
	srv, c := newWorkspaceTestClient(t)
	ctx := context.Background()
	srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/workspaces", CommitThenFail: true, Status: http.StatusBadGateway})
	_, err := c.CreateWorkspace(ctx, CreateWorkspaceRequest{Name: "Once"})
	if !IsAmbiguous(err) {
		t.Fatalf("got %v, want an ambiguous failure", err)
	}
	list, err := c.ListWorkspaces(ctx, ListWorkspacesOptions{ExactName: "Once"})
	if err != nil || len(list) != 1 {
		t.Fatalf("want exactly one workspace named Once, got %d (%v)", len(list), err)
	}
	if n := srv.Count("POST /admin/workspaces"); n != 1 {
		t.Fatalf("%d POSTs, want 1", n)
	}

	// Reads are retried through transient failures.
	srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/admin/workspaces/" + list[0].ID, Status: http.StatusServiceUnavailable})
	if _, err := c.GetWorkspace(ctx, list[0].ID); err != nil {
		t.Fatalf("GET after one 503: %v", err)
	}
}

func TestForceDeleteWorkspace(t *testing.T) {
	t.Parallel()
	srv, c := newWorkspaceTestClient(t)
	ctx := context.Background()
	ws, err := c.CreateWorkspace(ctx, CreateWorkspaceRequest{Name: "Busy"})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.SetWorkspaceDependents(ws.ID, 2); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteWorkspace(ctx, ws.ID, "Busy"); !errors.Is(err, ErrConflict) {
		t.Fatalf("a plain delete with dependents: got %v, want 409", err)
	}
	if r := srv.Requests()[len(srv.Requests())-1]; r.Body != `{"name":"Busy"}` || r.Query != "" {
		t.Fatalf("a plain delete sent body %s query %q, want only the name", r.Body, r.Query)
	}
	if err := c.ForceDeleteWorkspace(ctx, ws.ID, "Busy"); err != nil {
		t.Fatalf("ForceDeleteWorkspace: %v", err)
	}
	if r := srv.Requests()[len(srv.Requests())-1]; r.Body != `{"name":"Busy","force_delete":true}` || r.Query != "force_delete=true" {
		t.Fatalf("a forced delete sent body %s query %q, want force_delete=true in both", r.Body, r.Query)
	}
	if _, err := c.GetWorkspace(ctx, ws.ID); !errors.Is(err, ErrForbidden) {
		t.Fatalf("GET after a forced delete: %v, want 403", err)
	}
}
