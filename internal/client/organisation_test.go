package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

const orgTestKey = "pk-client-organisation-test"

func newOrgTestClient(t *testing.T) (*Client, *mockserver.Server) {
	t.Helper()
	srv := mockserver.New(mockserver.Options{APIKeys: []string{orgTestKey}, Guardrails: []mockserver.Guardrail{
		{ID: "11111111-1111-4111-8111-111111111111", Slug: "pii"},
		{ID: "22222222-2222-4222-8222-222222222222", Slug: "toxicity"},
		{ID: "33333333-3333-4333-8333-333333333333", Slug: "team-only", Scope: mockserver.GuardrailScopeWorkspace},
	}})
	c, err := New(Config{BaseURL: srv.Start(t), APIKey: orgTestKey, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

func ptr[T any](v T) *T { return &v }

func TestOrganisationDefaults(t *testing.T) {
	t.Parallel()
	c, srv := newOrgTestClient(t)
	ctx := context.Background()

	d, err := c.GetOrganisationDefaults(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d.InputGuardrails != nil || d.OutputGuardrails != nil {
		t.Fatalf("initial defaults %+v, want none (null lists)", d)
	}

	if err := c.UpdateOrganisationDefaults(ctx, UpdateOrganisationDefaultsRequest{
		InputGuardrails: ptr([]string{"toxicity", "11111111-1111-4111-8111-111111111111"}),
	}); err != nil {
		t.Fatal(err)
	}
	// Only the field set is sent: output_guardrails is left out, not null.
	reqs := srv.Requests()
	if body := reqs[len(reqs)-1].Body; body != `{"input_guardrails":["toxicity","11111111-1111-4111-8111-111111111111"]}` {
		t.Fatalf("PUT body %s", body)
	}
	// [] is sent as [] and clears.
	if err := c.UpdateOrganisationDefaults(ctx, UpdateOrganisationDefaultsRequest{OutputGuardrails: ptr([]string{})}); err != nil {
		t.Fatal(err)
	}
	reqs = srv.Requests()
	if body := reqs[len(reqs)-1].Body; body != `{"output_guardrails":[]}` {
		t.Fatalf("PUT body %s", body)
	}
	d, err = c.GetOrganisationDefaults(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []GuardrailRef{{ID: "22222222-2222-4222-8222-222222222222", Slug: "toxicity"}, {ID: "11111111-1111-4111-8111-111111111111", Slug: "pii"}}
	if !reflect.DeepEqual(d.InputGuardrails, want) || len(d.OutputGuardrails) != 0 {
		t.Fatalf("defaults %+v", d)
	}

	// Nothing to send is refused before any request.
	before := len(srv.Requests())
	if err := c.UpdateOrganisationDefaults(ctx, UpdateOrganisationDefaultsRequest{}); err == nil || len(srv.Requests()) != before {
		t.Fatalf("empty update: %v, %d requests", err, len(srv.Requests())-before)
	}

	// A workspace guardrail: 400 AB01 with the API's message, naming it.
	err = c.UpdateOrganisationDefaults(ctx, UpdateOrganisationDefaultsRequest{OutputGuardrails: ptr([]string{"team-only"})})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || apiErr.Code != "AB01" ||
		!strings.Contains(apiErr.Message, "Workspace-scoped guardrails cannot be set as organisation defaults") ||
		!strings.Contains(apiErr.Message, "team-only") {
		t.Fatalf("workspace guardrail: %v", err)
	}
}

func TestWorkspaceExclusions(t *testing.T) {
	t.Parallel()
	c, srv := newOrgTestClient(t)
	ctx := context.Background()
	org := srv.OrganisationID()
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{Name: "Sandbox"}}})
	sandbox := srv.WorkspaceIDByName("Sandbox")

	if err := c.UpdateWorkspaceExclusions(ctx, GuardrailDirectionOutput, UpdateWorkspaceExclusionsRequest{
		OrganisationID: org, Workspaces: []WorkspaceExclusion{{WorkspaceID: sandbox, Excluded: true}},
	}); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if r := reqs[len(reqs)-1]; r.Route != "PUT /workspace-exclusions/output-guardrails" ||
		r.Body != `{"organisation_id":"`+org+`","workspaces":[{"workspace_id":"`+sandbox+`","excluded":true}]}` {
		t.Fatalf("request %+v", r)
	}
	got, err := c.ListWorkspaceExclusions(ctx, GuardrailDirectionOutput, org)
	if err != nil || !reflect.DeepEqual(got, []string{sandbox}) {
		t.Fatalf("output exclusions %v %v", got, err)
	}
	if r := srv.Requests()[len(srv.Requests())-1]; r.Query != "organisation_id="+org {
		t.Fatalf("list query %q", r.Query)
	}
	if got, err := c.ListWorkspaceExclusions(ctx, GuardrailDirectionInput, org); err != nil || len(got) != 0 || got == nil {
		t.Fatalf("input exclusions %#v %v, want an empty list", got, err)
	}
	if _, err := c.ListWorkspaceExclusions(ctx, "sideways", org); err == nil {
		t.Fatal("an unknown direction was accepted")
	}
}

// The exclusion list's shape is undocumented: the items may come as the
// admin list envelope's data or as "workspaces", and an item without
// "excluded" is an excluded workspace.
func TestListWorkspaceExclusions_shapes(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"list envelope": `{"object":"list","total":2,"data":[{"workspace_id":"a","excluded":true},{"workspace_id":"b"},{"workspace_id":"c","excluded":false}]}`,
		"workspaces":    `{"workspaces":[{"workspace_id":"a"},{"workspace_id":"b","excluded":true}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(body))
			}))
			t.Cleanup(ts.Close)
			c, err := New(Config{BaseURL: ts.URL + "/v1", APIKey: "k", MaxRetries: 0})
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.ListWorkspaceExclusions(context.Background(), GuardrailDirectionInput, "org")
			if err != nil || !reflect.DeepEqual(got, []string{"a", "b"}) {
				t.Fatalf("got %v %v, want [a b]", got, err)
			}
		})
	}
}
