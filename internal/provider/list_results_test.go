package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// List resources at the protocol level, without a Terraform CLI: the tests
// drive the provider server's ListResource RPC as `terraform query` does,
// and prove that what -generate-config-out would write from each result
// plans no change after the import by identity (adoptionPlan).

// orgFixture is a seeded organisation with every kind of object: three
// workspaces besides the default one, users in every role, ten memberships,
// invites in each status and API keys of every type.
type orgFixture struct {
	srv *mockserver.Server
	url string
	c   *client.Client

	owner, alice, bob, carol, dave, erin mockserver.User
	prod, staging, research              *client.Workspace
	invites                              map[string]string // status -> invite id
	keys                                 map[string]string // name -> key id
	members                              int               // memberships seeded (the owner's in the default workspace excluded)
}

func newOrgFixture(t *testing.T) *orgFixture {
	t.Helper()
	srv, url := newTestMock(t, "an organisation of known content (seeded users; no one else's objects to list)")
	c, err := client.New(client.Config{BaseURL: url, APIKey: testAdminKey, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	f := &orgFixture{srv: srv, url: url, c: c, invites: map[string]string{}, keys: map[string]string{}}
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ptr := func(s string) *string { return &s }
	num := func(f float64) *float64 { return &f }
	i64 := func(n int64) *int64 { return &n }

	for _, u := range srv.Invites() { // none yet; keeps the fixture honest if the mock ever seeds some
		t.Fatalf("the mock starts with an invite: %+v", u)
	}
	var ownerFound bool
	users, err := c.ListUsers(ctx, client.ListUsersOptions{Role: client.OrgRoleOwner})
	must(err)
	for _, u := range users {
		f.owner, ownerFound = mockserver.User{ID: u.ID, Email: u.Email, Role: u.Role}, true
	}
	if !ownerFound {
		t.Fatal("the mock has no organisation owner")
	}
	f.alice = srv.SeedUser(mockserver.User{Email: "alice@example.com", FirstName: "Alice", LastName: "Liddell", Role: "member"})
	f.bob = srv.SeedUser(mockserver.User{Email: "bob@example.com", FirstName: "Bob", LastName: "Builder", Role: "admin"})
	f.carol = srv.SeedUser(mockserver.User{Email: "carol@example.com", FirstName: "Carol", LastName: "Chen", Role: "member"})
	f.dave = srv.SeedUser(mockserver.User{Email: "dave@example.com", FirstName: "Dave", LastName: "Doe", Role: "member"})
	f.erin = srv.SeedUser(mockserver.User{Email: "erin@example.com", FirstName: "Erin", LastName: "Eve", Role: "admin"})

	f.prod, err = c.CreateWorkspace(ctx, client.CreateWorkspaceRequest{
		Name: "Production", Description: ptr("Customer traffic"), Icon: ptr("🚀"),
		Defaults:    &client.WorkspaceDefaults{Metadata: map[string]string{"env": "prod", "team": "platform"}},
		UsageLimits: []client.UsageLimit{{Type: "cost", CreditLimit: num(99.99), AlertThreshold: num(80.5), PeriodicReset: ptr("monthly")}},
		RateLimits:  []client.RateLimit{{Type: "requests", Unit: "rpm", Value: 600}},
	})
	must(err)
	f.staging, err = c.CreateWorkspace(ctx, client.CreateWorkspaceRequest{Name: "Staging"})
	must(err)
	f.research, err = c.CreateWorkspace(ctx, client.CreateWorkspaceRequest{
		Name: "Research", Description: ptr("Experiments"),
		UsageLimits: []client.UsageLimit{{Type: "tokens", CreditLimit: num(1000000), PeriodicResetDays: i64(14)}},
	})
	must(err)

	for _, m := range []struct {
		ws   *client.Workspace
		user mockserver.User
		role string
	}{
		{f.prod, f.alice, "admin"}, {f.prod, f.bob, "manager"}, {f.prod, f.carol, "member"}, {f.prod, f.dave, "member"},
		{f.staging, f.alice, "member"}, {f.staging, f.carol, "manager"}, {f.staging, f.erin, "admin"},
		{f.research, f.dave, "admin"}, {f.research, f.erin, "member"}, {f.research, f.bob, "member"},
	} {
		must(srv.SeedMember(m.ws.ID, m.user.ID, m.role))
		f.members++
	}

	for _, inv := range []struct{ email, role, status string }{
		{"frank@example.com", "member", "pending"}, {"grace@example.com", "admin", "expired"},
		{"heidi@example.com", "member", "cancelled"}, {"ivan@example.com", "member", "accepted"},
	} {
		created, err := c.CreateUserInvite(ctx, client.CreateUserInviteRequest{Email: inv.email, Role: inv.role,
			Workspaces: []client.UserInviteWorkspaceInput{{ID: f.prod.ID, Role: "member"}, {ID: f.research.ID, Role: "manager"}}})
		must(err)
		switch inv.status {
		case "expired":
			must(srv.ExpireInvite(created.ID))
		case "cancelled":
			must(srv.CancelInvite(created.ID))
		case "accepted":
			must(srv.AcceptInvite(created.ID, false))
		}
		f.invites[inv.status] = created.ID
	}

	future := time.Now().Add(90 * 24 * time.Hour).UTC().Truncate(24 * time.Hour).Format(time.RFC3339)
	allow := true
	for _, k := range []struct {
		typ, sub string
		req      client.CreateAPIKeyRequest
	}{
		{"organisation", "service", client.CreateAPIKeyRequest{Name: "terraform-admin", Description: ptr("Automation"),
			Scopes: []string{"workspaces.list", "workspaces.read"}, RateLimits: []client.APIKeyRateLimit{{Type: "requests", Unit: "rpm", Value: 100}}}},
		{"workspace", "service", client.CreateAPIKeyRequest{Name: "checkout", WorkspaceID: &f.prod.ID,
			Scopes: []string{"completions.write"}, AlertEmails: []string{"oncall@example.com"}, ExpiresAt: &future,
			Defaults:    &client.APIKeyDefaultsRequest{Metadata: map[string]string{"service": "checkout"}, AllowConfigOverride: &allow},
			UsageLimits: &client.APIKeyUsageLimits{Type: "cost", CreditLimit: num(250.5), AlertThreshold: num(200), PeriodicReset: ptr("monthly")}}},
		{"workspace", "service", client.CreateAPIKeyRequest{Name: "nightly-batch", WorkspaceID: &f.staging.Slug,
			Scopes:         []string{"completions.write", "logs.view"},
			RotationPolicy: &client.APIKeyRotationPolicy{RotationPeriod: ptr("weekly")}}},
		{"workspace", "service", client.CreateAPIKeyRequest{Name: "exporter", WorkspaceID: &f.research.ID,
			Scopes:         []string{"logs.export"},
			RotationPolicy: &client.APIKeyRotationPolicy{NextRotationAt: &future, KeyTransitionPeriodMS: i64(3600000)}}},
		{"workspace", "user", client.CreateAPIKeyRequest{Name: "alice-laptop", WorkspaceID: &f.prod.ID, UserID: &f.alice.ID,
			Scopes: []string{"completions.write"}, UsageLimits: &client.APIKeyUsageLimits{Type: "tokens", CreditLimit: num(50000)}}},
		{"workspace", "user", client.CreateAPIKeyRequest{Name: "bob-notebook", WorkspaceID: &f.research.ID, UserID: &f.bob.ID,
			Scopes: []string{"completions.write", "prompts.render"}, UsageLimits: &client.APIKeyUsageLimits{Type: "cost", CreditLimit: num(5)}}},
	} {
		created, err := c.CreateAPIKey(ctx, k.typ, k.sub, k.req)
		must(err)
		f.keys[k.req.Name] = created.ID
	}
	must(srv.ExhaustAPIKey(f.keys["bob-notebook"]))
	srv.ClearRequests()
	return f
}

// listResult is one result of a ListResource call, decoded.
type listResult struct {
	displayName string
	identity    map[string]string
	resource    tftypes.Value // null without include_resource
	diags       []*tfprotov6.Diagnostic
}

// list calls ListResource as `terraform query` does and collects every
// result; config holds the list block's config attributes (the others null).
func (h *protoHarness) list(typeName string, config map[string]tftypes.Value, includeResource bool, limit int64) []listResult {
	h.t.Helper()
	schemas, err := h.server.GetProviderSchema(h.ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		h.t.Fatal(err)
	}
	ls := schemas.ListResourceSchemas[typeName]
	if ls == nil {
		h.t.Fatalf("no list resource %s", typeName)
	}
	typ := ls.ValueType()
	lister, ok := h.server.(tfprotov6.ListResourceServer)
	if !ok {
		h.t.Fatal("the provider server does not serve list resources")
	}
	stream, err := lister.ListResource(h.ctx, &tfprotov6.ListResourceRequest{
		TypeName: typeName, Config: h.dynamic(typ, objectWith(typ, config)), IncludeResource: includeResource, Limit: limit,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	var out []listResult
	for r := range stream.Results {
		lr := listResult{displayName: r.DisplayName, diags: r.Diagnostics, resource: tftypes.NewValue(h.stateType(typeName), nil)}
		lr.identity = h.identityValues(typeName, r.Identity)
		if r.Resource != nil {
			v, err := r.Resource.Unmarshal(h.stateType(typeName))
			if err != nil {
				h.t.Fatal(err)
			}
			lr.resource = v
		}
		out = append(out, lr)
	}
	return out
}

// objects returns the results that carry an identity, failing on any error
// diagnostic; warnings returns the warning-only results' summaries.
func objects(t *testing.T, results []listResult) (objs []listResult, warnings []string) {
	t.Helper()
	for _, r := range results {
		for _, d := range r.diags {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				t.Fatalf("list result %q: %s: %s", r.displayName, d.Summary, d.Detail)
			}
			if r.identity == nil {
				warnings = append(warnings, d.Summary+": "+d.Detail)
			}
		}
		if r.identity != nil {
			objs = append(objs, r)
		}
	}
	return objs, warnings
}

func displayNames(results []listResult) []string {
	names := make([]string, len(results))
	for i, r := range results {
		names[i] = r.displayName
	}
	sort.Strings(names)
	return names
}

// adoptionPlan does for one result what `terraform query
// -generate-config-out` and then `terraform plan` do: the configuration is
// generated from the listed resource (the GenerateResourceConfig RPC), the
// object is imported by the result's identity and refreshed, the
// configuration is validated, and planned over the refreshed state with the
// proposed new state Terraform would compute. It returns the differences
// between the planned and the prior state (none means no change) and the
// plan's warnings.
func (h *protoHarness) adoptionPlan(typeName string, r listResult) (diffs []string, warnings []string) {
	h.t.Helper()
	typ := h.stateType(typeName)
	gen, err := h.server.GenerateResourceConfig(h.ctx, &tfprotov6.GenerateResourceConfigRequest{
		TypeName: typeName, State: h.dynamic(typ, r.resource),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	h.check("GenerateResourceConfig "+typeName, gen.Diagnostics)
	config, err := gen.Config.Unmarshal(typ)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, secret := range []string{"key", "invite_link"} {
		if v, ok := attrOf(config, secret); ok && !v.IsNull() {
			h.t.Fatalf("%s %q: the generated configuration sets %s", typeName, r.displayName, secret)
		}
	}
	val, err := h.server.ValidateResourceConfig(h.ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: gen.Config})
	if err != nil {
		h.t.Fatal(err)
	}
	h.check(fmt.Sprintf("ValidateResourceConfig %s %q (generated)", typeName, r.displayName), val.Diagnostics)

	_, refreshed := h.importByIdentity(typeName, r.identity)
	prior, err := refreshed.state.Unmarshal(typ)
	if err != nil {
		h.t.Fatal(err)
	}
	proposed := proposedNew(h.t, h.schemaAttributes(typeName), prior, config) // move_state_test.go
	plan, err := h.server.PlanResourceChange(h.ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: refreshed.state, ProposedNewState: h.dynamic(typ, proposed), Config: gen.Config,
		PriorPrivate: refreshed.private, PriorIdentity: refreshed.identity,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	h.check(fmt.Sprintf("PlanResourceChange %s %q (generated)", typeName, r.displayName), plan.Diagnostics)
	for _, d := range plan.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning {
			warnings = append(warnings, d.Summary)
		}
	}
	if len(plan.RequiresReplace) > 0 {
		diffs = append(diffs, fmt.Sprintf("requires replace: %v", plan.RequiresReplace))
	}
	planned, err := plan.PlannedState.Unmarshal(typ)
	if err != nil {
		h.t.Fatal(err)
	}
	vd, err := prior.Diff(planned)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, d := range vd {
		diffs = append(diffs, fmt.Sprintf("%s: %v -> %v", d.Path, d.Value1, d.Value2))
	}
	return diffs, warnings
}

func (h *protoHarness) schemaAttributes(typeName string) []*tfprotov6.SchemaAttribute {
	schemas, err := h.server.GetProviderSchema(h.ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		h.t.Fatal(err)
	}
	return schemas.ResourceSchemas[typeName].Block.Attributes
}

func attrOf(v tftypes.Value, name string) (tftypes.Value, bool) {
	var attrs map[string]tftypes.Value
	if v.IsNull() || v.As(&attrs) != nil {
		return tftypes.Value{}, false
	}
	a, ok := attrs[name]
	return a, ok
}

// requireCleanAdoption fails unless every result plans no change once
// adopted; it returns the plans' warnings by display name.
func (h *protoHarness) requireCleanAdoption(typeName string, results []listResult) map[string][]string {
	h.t.Helper()
	warned := map[string][]string{}
	for _, r := range results {
		if r.resource.IsNull() {
			h.t.Fatalf("%s %q: no resource in the result", typeName, r.displayName)
		}
		diffs, warnings := h.adoptionPlan(typeName, r)
		if len(diffs) > 0 {
			h.t.Errorf("%s %q: the adopted configuration plans a change:\n  %s", typeName, r.displayName, strings.Join(diffs, "\n  "))
		}
		if len(warnings) > 0 {
			warned[r.displayName] = warnings
		}
	}
	return warned
}

// requireListedAsRead fails unless each listed resource equals the state the
// resource reads after an import by the result's identity, except that at
// the paths the kind may clear for configuration (asListed: "name" or
// "parent.name") the listed value may be null.
func (h *protoHarness) requireListedAsRead(typeName string, results []listResult, cleared ...string) {
	h.t.Helper()
	var paths []*tftypes.AttributePath
	for _, c := range cleared {
		p := tftypes.NewAttributePath()
		for _, step := range strings.Split(c, ".") {
			p = p.WithAttributeName(step)
		}
		paths = append(paths, p)
	}
	for _, r := range results {
		_, refreshed := h.importByIdentity(typeName, r.identity)
		read, err := refreshed.state.Unmarshal(h.stateType(typeName))
		if err != nil {
			h.t.Fatal(err)
		}
		want, err := tftypes.Transform(read, func(at *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
			for _, p := range paths {
				if !at.Equal(p) {
					continue
				}
				if listed, _, err := tftypes.WalkAttributePath(r.resource, p); err == nil {
					if lv, ok := listed.(tftypes.Value); ok && lv.IsNull() {
						return tftypes.NewValue(v.Type(), nil), nil
					}
				}
			}
			return v, nil
		})
		if err != nil {
			h.t.Fatal(err)
		}
		if !want.Equal(r.resource) {
			diffs, err := want.Diff(r.resource)
			if err != nil {
				h.t.Fatal(err)
			}
			for _, d := range diffs {
				h.t.Errorf("%s %q: listed %s = %v, read %v", typeName, r.displayName, d.Path, d.Value2, d.Value1)
			}
		}
	}
}

// Objects deleted between the list call and their GET are left out with a
// warning, whichever way Portkey answers the GET, as each resource's refresh
// decides "gone": a key whose user left (403 AB03, the user confirmed
// gone), a user removed from the organisation, a membership removed.
func TestListResource_deletedWhileListing(t *testing.T) {
	t.Parallel()
	f := newOrgFixture(t)
	doomed := map[string]func(){
		"/api-keys/" + f.keys["alice-laptop"]: func() { _ = f.srv.Delete(mockserver.KindUser, f.alice.ID) },
		"/admin/users/" + f.dave.ID:           func() { _ = f.srv.Delete(mockserver.KindUser, f.dave.ID) },
		"/admin/workspaces/" + f.prod.ID + "/users/" + f.bob.ID: func() {
			_ = f.srv.Delete(mockserver.KindMember, f.prod.ID+"/"+f.bob.ID)
		},
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if del := doomed[strings.TrimPrefix(r.URL.Path, mockserver.APIPrefix)]; del != nil && r.Method == http.MethodGet {
			del()
		}
		f.srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	h := newProtoHarness(t, ts.URL+mockserver.APIPrefix)

	for _, tc := range []struct {
		typeName string
		config   map[string]tftypes.Value
		gone     string
	}{
		{"portkey_api_key", nil, "alice-laptop (workspace-user)"},
		{"portkey_user", nil, "dave@example.com (member)"},
		{"portkey_workspace_member", map[string]tftypes.Value{"workspace_id": str(f.prod.ID)}, "bob@example.com (manager) in Production"},
	} {
		objs, warnings := objects(t, h.list(tc.typeName, tc.config, true, 100))
		for _, o := range objs {
			if o.displayName == tc.gone {
				t.Errorf("%s: %s was listed after its deletion", tc.typeName, tc.gone)
			}
		}
		if len(objs) == 0 || !strings.Contains(strings.Join(warnings, "\n"), tc.gone+" was listed, but Portkey no longer has it") {
			t.Errorf("%s: %d results, warnings %v; want the others, and a warning about %s", tc.typeName, len(objs), warnings, tc.gone)
		}
	}
}
