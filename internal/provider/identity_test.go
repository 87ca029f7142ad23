package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// Resource identity at the protocol level, without a Terraform CLI: the
// tests drive the provider server's RPCs as Terraform >= 1.12 does (with
// identities) and as Terraform 1.11 does (without), against the mock.

// protoHarness is a provider server configured against one mock.
type protoHarness struct {
	t          *testing.T
	ctx        context.Context
	server     tfprotov6.ProviderServer
	schemas    map[string]*tfprotov6.Schema
	identities map[string]*tfprotov6.ResourceIdentitySchema
}

func newProtoHarness(t *testing.T, baseURL string) *protoHarness {
	t.Helper()
	h := &protoHarness{t: t, ctx: context.Background(), server: providerserver.NewProtocol6(New("test")())()}
	schemas, err := h.server.GetProviderSchema(h.ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	h.check("GetProviderSchema", schemas.Diagnostics)
	h.schemas = schemas.ResourceSchemas
	ids, err := h.server.GetResourceIdentitySchemas(h.ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	h.check("GetResourceIdentitySchemas", ids.Diagnostics)
	h.identities = ids.IdentitySchemas

	providerType := schemas.Provider.ValueType()
	cfg := h.dynamic(providerType, objectWith(providerType, map[string]tftypes.Value{
		"api_key":  str(testAdminKey),
		"base_url": str(baseURL),
	}))
	conf, err := h.server.ConfigureProvider(h.ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.12.0", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	h.check("ConfigureProvider", conf.Diagnostics)
	return h
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func strSet(ss ...string) tftypes.Value {
	vals := make([]tftypes.Value, len(ss))
	for i, s := range ss {
		vals[i] = str(s)
	}
	return tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, vals)
}

// check fails the test on an error diagnostic.
func (h *protoHarness) check(what string, diags []*tfprotov6.Diagnostic) {
	h.t.Helper()
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			h.t.Fatalf("%s: %s: %s", what, d.Summary, d.Detail)
		}
	}
}

func (h *protoHarness) dynamic(typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	h.t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		h.t.Fatal(err)
	}
	return &dv
}

func (h *protoHarness) stateType(typeName string) tftypes.Type {
	return h.schemas[typeName].ValueType()
}

// identity builds the identity data of a resource type from string values.
func (h *protoHarness) identity(typeName string, vals map[string]string) *tfprotov6.ResourceIdentityData {
	h.t.Helper()
	typ := h.identities[typeName].ValueType()
	set := map[string]tftypes.Value{}
	for k, v := range vals {
		set[k] = str(v)
	}
	return &tfprotov6.ResourceIdentityData{IdentityData: h.dynamic(typ, objectWith(typ, set))}
}

// identityValues decodes identity data into its string attributes (nil for
// no identity).
func (h *protoHarness) identityValues(typeName string, id *tfprotov6.ResourceIdentityData) map[string]string {
	h.t.Helper()
	if id == nil || id.IdentityData == nil {
		return nil
	}
	v, err := id.IdentityData.Unmarshal(h.identities[typeName].ValueType())
	if err != nil {
		h.t.Fatal(err)
	}
	return stringAttrs(h.t, v)
}

// stateValues decodes the string attributes of a state (nil for null).
func (h *protoHarness) stateValues(typeName string, state *tfprotov6.DynamicValue) map[string]string {
	h.t.Helper()
	v, err := state.Unmarshal(h.stateType(typeName))
	if err != nil {
		h.t.Fatal(err)
	}
	return stringAttrs(h.t, v)
}

func stringAttrs(t *testing.T, v tftypes.Value) map[string]string {
	t.Helper()
	if v.IsNull() {
		return nil
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, a := range attrs {
		var s string
		if a.Type().Is(tftypes.String) && a.IsKnown() && !a.IsNull() {
			if err := a.As(&s); err != nil {
				t.Fatal(err)
			}
			out[k] = s
		}
	}
	return out
}

// object is a resource's state, identity and private state as Terraform
// stores them.
type object struct {
	state    *tfprotov6.DynamicValue
	identity *tfprotov6.ResourceIdentityData
	private  []byte
}

// apply plans and applies config (the configured attributes; the others are
// null) over prior (nil to create), as Terraform >= 1.12 does, and returns
// the new object.
func (h *protoHarness) apply(typeName string, prior *object, config map[string]tftypes.Value) object {
	h.t.Helper()
	typ := h.stateType(typeName)
	cfgVal := objectWith(typ, config)
	cfg := h.dynamic(typ, cfgVal)
	priorState, proposed := h.dynamic(typ, tftypes.NewValue(typ, nil)), cfg
	var priorIdentity *tfprotov6.ResourceIdentityData
	var priorPrivate []byte
	if prior != nil {
		// The proposed new state: the prior state with the configured values.
		v, err := prior.state.Unmarshal(typ)
		if err != nil {
			h.t.Fatal(err)
		}
		var attrs map[string]tftypes.Value
		if err := v.As(&attrs); err != nil {
			h.t.Fatal(err)
		}
		for k, c := range config {
			attrs[k] = c
		}
		priorState, proposed = prior.state, h.dynamic(typ, tftypes.NewValue(typ, attrs))
		priorIdentity, priorPrivate = prior.identity, prior.private
	}
	plan, err := h.server.PlanResourceChange(h.ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: priorState, ProposedNewState: proposed, Config: cfg,
		PriorPrivate: priorPrivate, PriorIdentity: priorIdentity,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	h.check("PlanResourceChange "+typeName, plan.Diagnostics)
	if len(plan.RequiresReplace) > 0 {
		h.t.Fatalf("PlanResourceChange %s: the change replaces the object (%v)", typeName, plan.RequiresReplace)
	}
	resp, err := h.server.ApplyResourceChange(h.ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: priorState, PlannedState: plan.PlannedState, Config: cfg,
		PlannedPrivate: plan.PlannedPrivate, PlannedIdentity: plan.PlannedIdentity,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	h.check("ApplyResourceChange "+typeName, resp.Diagnostics)
	return object{state: resp.NewState, identity: resp.NewIdentity, private: resp.Private}
}

// read refreshes an object; identity nil is what Terraform 1.11 sends.
func (h *protoHarness) read(typeName string, o object) *tfprotov6.ReadResourceResponse {
	h.t.Helper()
	resp, err := h.server.ReadResource(h.ctx, &tfprotov6.ReadResourceRequest{
		TypeName: typeName, CurrentState: o.state, CurrentIdentity: o.identity, Private: o.private,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp
}

// importByIdentity imports with an import block's identity (no ID) and
// refreshes the imported object, as Terraform >= 1.12 does.
func (h *protoHarness) importByIdentity(typeName string, vals map[string]string) (imported, refreshed object) {
	h.t.Helper()
	resp, err := h.server.ImportResourceState(h.ctx, &tfprotov6.ImportResourceStateRequest{
		TypeName: typeName, Identity: h.identity(typeName, vals),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	h.check("ImportResourceState "+typeName, resp.Diagnostics)
	if len(resp.ImportedResources) != 1 {
		h.t.Fatalf("ImportResourceState %s: %d imported resources, want 1", typeName, len(resp.ImportedResources))
	}
	ir := resp.ImportedResources[0]
	imported = object{state: ir.State, identity: ir.Identity, private: ir.Private}
	read := h.read(typeName, imported)
	h.check("ReadResource after import "+typeName, read.Diagnostics)
	return imported, object{state: read.NewState, identity: read.NewIdentity, private: read.Private}
}

// expectIdentity fails unless got holds exactly want.
func (h *protoHarness) expectIdentity(what, typeName string, got *tfprotov6.ResourceIdentityData, want map[string]string) {
	h.t.Helper()
	vals := h.identityValues(typeName, got)
	if len(vals) != len(want) {
		h.t.Fatalf("%s: identity %v, want %v", what, vals, want)
	}
	for k, v := range want {
		if vals[k] != v {
			h.t.Fatalf("%s: identity %v, want %v", what, vals, want)
		}
	}
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func TestIdentitySchemas(t *testing.T) {
	_, url := newTestMock(t)
	h := newProtoHarness(t, url)
	want := map[string][]string{
		"portkey_workspace":                        {"id"},
		"portkey_workspace_member":                 {"user_id", "workspace_id"},
		"portkey_user":                             {"id"},
		"portkey_user_invite":                      {"id"},
		"portkey_api_key":                          {"id"},
		"portkey_organization":                     {"id"},
		"portkey_organization_guardrail_exclusion": {"direction", "workspace_id"},
	}
	if len(h.identities) != len(want) || len(h.schemas) != len(want) {
		t.Fatalf("identity schemas for %d resource types, %d resource types; want %d each", len(h.identities), len(h.schemas), len(want))
	}
	for typeName, attrs := range want {
		s := h.identities[typeName]
		if s == nil {
			t.Fatalf("%s: no identity schema", typeName)
		}
		var names []string
		for _, a := range s.IdentityAttributes {
			names = append(names, a.Name)
			if !a.Type.Is(tftypes.String) || !a.RequiredForImport || a.OptionalForImport || a.Description == "" {
				t.Errorf("%s.%s: type %s, required for import %t, optional %t, description %q; want a described string "+
					"required for import", typeName, a.Name, a.Type, a.RequiredForImport, a.OptionalForImport, a.Description)
			}
		}
		if strings.Join(names, ",") != strings.Join(attrs, ",") {
			t.Errorf("%s: identity attributes %v, want %v", typeName, names, attrs)
		}
		if s.Version != 0 {
			t.Errorf("%s: identity schema version %d, want 0", typeName, s.Version)
		}
	}
}

// Every resource sets its identity on create, on every refresh (also when
// Terraform 1.11 sends none, and unchanged when Terraform sends the stored
// one) and on update, where it does not change; an import by identity
// yields the same object.
func TestIdentityLifecycle_workspace(t *testing.T) {
	_, url := newTestMock(t)
	h := newProtoHarness(t, url)
	const typeName = "portkey_workspace"

	created := h.apply(typeName, nil, map[string]tftypes.Value{"name": str("Identity Test")})
	st := h.stateValues(typeName, created.state)
	if !uuidPattern.MatchString(st["id"]) || st["slug"] == "" {
		t.Fatalf("created state: id %q, slug %q", st["id"], st["slug"])
	}
	want := map[string]string{"id": st["id"]}
	h.expectIdentity("after create", typeName, created.identity, want)
	h.checkReads(typeName, created, want)

	updated := h.apply(typeName, &created, map[string]tftypes.Value{"name": str("Identity Test Renamed")})
	if got := h.stateValues(typeName, updated.state)["name"]; got != "Identity Test Renamed" {
		t.Fatalf("after update: name %q", got)
	}
	h.expectIdentity("after update", typeName, updated.identity, want)
	h.checkLegacyUpdate(typeName, updated, map[string]tftypes.Value{"name": str("Identity Test Renamed")}, want)

	// By identity, with the UUID or (as an import ID allows) the slug: the
	// identity is the UUID.
	for _, ref := range []string{st["id"], st["slug"]} {
		imported, refreshed := h.importByIdentity(typeName, map[string]string{"id": ref})
		if got := h.stateValues(typeName, imported.state)["id"]; got != ref {
			t.Fatalf("import by identity %q: imported id %q", ref, got)
		}
		if got := h.stateValues(typeName, refreshed.state); got["id"] != st["id"] || got["name"] != "Identity Test Renamed" {
			t.Fatalf("import by identity %q: refreshed state %v", ref, got)
		}
		h.expectIdentity("after import by identity "+ref, typeName, refreshed.identity, want)
	}
}

// checkLegacyUpdate applies config over o as Terraform 1.11 does, without
// an identity: the update sets identity want.
func (h *protoHarness) checkLegacyUpdate(typeName string, o object, config map[string]tftypes.Value, want map[string]string) {
	h.t.Helper()
	o.identity = nil
	h.expectIdentity("update without a prior identity", typeName, h.apply(typeName, &o, config).identity, want)
}

// checkReads refreshes o without an identity (Terraform 1.11, or a state
// written before identity support) and with its stored one: both succeed
// with identity want.
func (h *protoHarness) checkReads(typeName string, o object, want map[string]string) {
	h.t.Helper()
	legacy := o
	legacy.identity = nil
	for what, in := range map[string]object{"without a prior identity": legacy, "with the stored identity": o} {
		resp := h.read(typeName, in)
		h.check("ReadResource "+typeName+" "+what, resp.Diagnostics)
		if h.stateValues(typeName, resp.NewState) == nil {
			h.t.Fatalf("ReadResource %s %s: removed from state", typeName, what)
		}
		h.expectIdentity("read "+what, typeName, resp.NewIdentity, want)
	}
}

func TestIdentityLifecycle_workspaceMember(t *testing.T) {
	f := newMemberFixture(t)
	h := newProtoHarness(t, f.url)
	const typeName = "portkey_workspace_member"
	want := map[string]string{"workspace_id": f.wsID, "user_id": f.alice.ID}

	// Created by slug: the identity holds the UUID; the state keeps the slug.
	created := h.apply(typeName, nil, map[string]tftypes.Value{
		"workspace_id": str(f.wsSlug), "user_id": str(f.alice.ID), "role": str("member"),
	})
	if st := h.stateValues(typeName, created.state); st["workspace_id"] != f.wsSlug || st["id"] != f.wsSlug+"/"+f.alice.ID {
		t.Fatalf("created state: %v", st)
	}
	h.expectIdentity("after create", typeName, created.identity, want)
	h.checkReads(typeName, created, want)

	// A role change, then the slug rewritten as the UUID (an in-place
	// update): the identity stays.
	updated := h.apply(typeName, &created, map[string]tftypes.Value{
		"workspace_id": str(f.wsSlug), "user_id": str(f.alice.ID), "role": str("manager"),
	})
	h.expectIdentity("after the role change", typeName, updated.identity, want)
	rewritten := h.apply(typeName, &updated, map[string]tftypes.Value{
		"workspace_id": str(f.wsID), "user_id": str(f.alice.ID), "role": str("manager"),
	})
	if st := h.stateValues(typeName, rewritten.state); st["workspace_id"] != f.wsID || st["role"] != "manager" {
		t.Fatalf("after the rewrite: %v", st)
	}
	h.expectIdentity("after the rewrite of workspace_id", typeName, rewritten.identity, want)
	h.checkLegacyUpdate(typeName, rewritten, map[string]tftypes.Value{
		"workspace_id": str(f.wsID), "user_id": str(f.alice.ID), "role": str("admin"),
	}, want)

	imported, refreshed := h.importByIdentity(typeName, want)
	if st := h.stateValues(typeName, imported.state); st["id"] != f.wsID+"/"+f.alice.ID || st["workspace_id"] != f.wsID || st["user_id"] != f.alice.ID {
		t.Fatalf("imported state: %v", st)
	}
	if st := h.stateValues(typeName, refreshed.state); st["role"] != "admin" || st["email"] != "alice@example.com" {
		t.Fatalf("refreshed state: %v", st)
	}
	h.expectIdentity("after import by identity", typeName, refreshed.identity, want)

	// Every import ID form still works, and its refresh sets the UUID identity.
	for _, id := range []string{f.wsSlug + "/" + f.alice.ID, f.wsSlug + "/alice@example.com", f.wsID + "/" + f.alice.ID} {
		resp, err := h.server.ImportResourceState(h.ctx, &tfprotov6.ImportResourceStateRequest{TypeName: typeName, ID: id})
		if err != nil {
			t.Fatal(err)
		}
		h.check("ImportResourceState "+id, resp.Diagnostics)
		ir := resp.ImportedResources[0]
		read := h.read(typeName, object{state: ir.State, identity: ir.Identity, private: ir.Private})
		h.check("ReadResource after import "+id, read.Diagnostics)
		h.expectIdentity("after import "+id, typeName, read.NewIdentity, want)
	}
}

func TestIdentityLifecycle_user(t *testing.T) {
	srv, url := newTestMock(t)
	alice := seedAlice(srv)
	h := newProtoHarness(t, url)
	const typeName = "portkey_user"
	want := map[string]string{"id": alice.ID}

	created := h.apply(typeName, nil, map[string]tftypes.Value{"email": str("alice@example.com"), "role": str("member")})
	h.expectIdentity("after create", typeName, created.identity, want)
	h.checkReads(typeName, created, want)
	updated := h.apply(typeName, &created, map[string]tftypes.Value{"email": str("alice@example.com"), "role": str("admin")})
	if got := h.stateValues(typeName, updated.state)["role"]; got != "admin" {
		t.Fatalf("after update: role %q", got)
	}
	h.expectIdentity("after update", typeName, updated.identity, want)
	h.checkLegacyUpdate(typeName, updated, map[string]tftypes.Value{"email": str("alice@example.com"), "role": str("admin")}, want)

	_, refreshed := h.importByIdentity(typeName, want)
	if st := h.stateValues(typeName, refreshed.state); st["email"] != "alice@example.com" || st["role"] != "admin" {
		t.Fatalf("refreshed state: %v", st)
	}
	h.expectIdentity("after import by identity", typeName, refreshed.identity, want)
}

func TestIdentityLifecycle_userInvite(t *testing.T) {
	srv, url := newTestMock(t)
	h := newProtoHarness(t, url)
	const typeName = "portkey_user_invite"
	wsType := h.stateType(typeName).(tftypes.Object).AttributeTypes["workspaces"].(tftypes.Set).ElementType
	config := map[string]tftypes.Value{
		"email": str("newcomer@example.com"),
		"role":  str("member"),
		"workspaces": tftypes.NewValue(tftypes.Set{ElementType: wsType}, []tftypes.Value{
			tftypes.NewValue(wsType, map[string]tftypes.Value{
				"id": str(srv.WorkspaceIDByName("Shared Team Workspace")), "role": str("member"),
			}),
		}),
	}

	created := h.apply(typeName, nil, config)
	id := h.stateValues(typeName, created.state)["id"]
	if id == "" {
		t.Fatal("created invite without an id")
	}
	want := map[string]string{"id": id}
	h.expectIdentity("after create", typeName, created.identity, want)
	h.checkReads(typeName, created, want)

	config["resend_trigger"] = str("1") // the one in-place update, which re-sends
	updated := h.apply(typeName, &created, config)
	h.expectIdentity("after update", typeName, updated.identity, want)
	h.checkLegacyUpdate(typeName, updated, config, want)

	_, refreshed := h.importByIdentity(typeName, want)
	if st := h.stateValues(typeName, refreshed.state); st["email"] != "newcomer@example.com" || st["status"] != "pending" {
		t.Fatalf("refreshed state: %v", st)
	}
	h.expectIdentity("after import by identity", typeName, refreshed.identity, want)

	// Accepted (its record removed, its email now a user's): still in state, same identity.
	if err := srv.AcceptInvite(id, true); err != nil {
		t.Fatal(err)
	}
	accepted := updated
	accepted.identity = nil
	resp := h.read(typeName, accepted)
	h.check("ReadResource of the accepted invite", resp.Diagnostics)
	if st := h.stateValues(typeName, resp.NewState); st["status"] != "accepted" {
		t.Fatalf("accepted invite: %v", st)
	}
	h.expectIdentity("read of the accepted invite", typeName, resp.NewIdentity, want)
}

func TestIdentityLifecycle_apiKey(t *testing.T) {
	_, url := newTestMock(t)
	h := newProtoHarness(t, url)
	const typeName = "portkey_api_key"
	config := map[string]tftypes.Value{
		"name": str("identity-key"), "type": str("organisation"), "sub_type": str("service"),
		"scopes": strSet("completions.write"),
	}

	created := h.apply(typeName, nil, config)
	id := h.stateValues(typeName, created.state)["id"]
	if !uuidPattern.MatchString(id) {
		t.Fatalf("created key id %q", id)
	}
	want := map[string]string{"id": id}
	h.expectIdentity("after create", typeName, created.identity, want)
	h.checkReads(typeName, created, want)

	config["name"] = str("identity-key-renamed")
	updated := h.apply(typeName, &created, config)
	if got := h.stateValues(typeName, updated.state)["name"]; got != "identity-key-renamed" {
		t.Fatalf("after update: name %q", got)
	}
	h.expectIdentity("after update", typeName, updated.identity, want)
	h.checkLegacyUpdate(typeName, updated, config, want)

	_, refreshed := h.importByIdentity(typeName, want)
	if st := h.stateValues(typeName, refreshed.state); st["name"] != "identity-key-renamed" || st["key_hint"] == "" {
		t.Fatalf("refreshed state: %v", st)
	}
	h.expectIdentity("after import by identity", typeName, refreshed.identity, want)

	// An identity's id is validated as an import ID is.
	resp, err := h.server.ImportResourceState(h.ctx, &tfprotov6.ImportResourceStateRequest{
		TypeName: typeName, Identity: h.identity(typeName, map[string]string{"id": "not-a-uuid"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) == 0 || resp.Diagnostics[0].Summary != "Invalid API Key Import ID" {
		t.Fatalf("import by identity with a bad id: diagnostics %v", resp.Diagnostics)
	}
}

// A refresh that finds the object gone removes it without error, also when
// Terraform sends no identity: the framework demands one after every read
// without error ("Missing Resource Identity After Read"), removals included.
func TestIdentityRead_vanished(t *testing.T) {
	f := newMemberFixture(t)
	wsUUID := f.srv.WorkspaceIDByName("Shared Team Workspace")
	wsType := newProtoHarness(t, f.url).stateType("portkey_user_invite").(tftypes.Object).AttributeTypes["workspaces"].(tftypes.Set).ElementType
	cases := []struct {
		typeName, kind string
		config         map[string]tftypes.Value
		mockID         func(state map[string]string) string
	}{
		{"portkey_workspace", mockserver.KindWorkspace, map[string]tftypes.Value{"name": str("Doomed")},
			func(st map[string]string) string { return st["id"] }},
		{"portkey_workspace_member", mockserver.KindMember, map[string]tftypes.Value{
			"workspace_id": str(f.wsSlug), "user_id": str(f.bob.ID), "role": str("member"),
		}, func(st map[string]string) string { return st["id"] }},
		{"portkey_user", mockserver.KindUser, map[string]tftypes.Value{"user_id": str(f.alice.ID), "role": str("member")},
			func(st map[string]string) string { return st["id"] }},
		{"portkey_user_invite", mockserver.KindInvite, map[string]tftypes.Value{
			"email": str("ghost@example.com"), "role": str("member"),
			"workspaces": tftypes.NewValue(tftypes.Set{ElementType: wsType}, []tftypes.Value{
				tftypes.NewValue(wsType, map[string]tftypes.Value{"id": str(wsUUID), "role": str("member")}),
			}),
		}, func(st map[string]string) string { return st["id"] }},
		{"portkey_api_key", mockserver.KindAPIKey, map[string]tftypes.Value{
			"name": str("doomed"), "type": str("organisation"), "sub_type": str("service"), "scopes": strSet("logs.view"),
		}, func(st map[string]string) string { return st["id"] }},
	}
	for _, tc := range cases {
		t.Run(tc.typeName, func(t *testing.T) {
			h := newProtoHarness(t, f.url)
			o := h.apply(tc.typeName, nil, tc.config)
			if err := f.srv.Delete(tc.kind, tc.mockID(h.stateValues(tc.typeName, o.state))); err != nil {
				t.Fatal(err)
			}
			for what, identity := range map[string]*tfprotov6.ResourceIdentityData{"without": nil, "with": o.identity} {
				in := o
				in.identity = identity
				resp := h.read(tc.typeName, in)
				h.check("ReadResource "+what+" an identity", resp.Diagnostics)
				if st := h.stateValues(tc.typeName, resp.NewState); st != nil {
					t.Fatalf("read %s an identity: still in state: %v", what, st)
				}
			}
		})
	}
}

// Should the member GET leave workspace_id out (API-NOTES.md notes that it
// may return incomplete data), the identity still holds the UUID: the one
// Terraform sent, or else the workspace's, looked up.
func TestIdentityRead_memberWithoutWorkspaceID(t *testing.T) {
	f := newMemberFixture(t)
	if err := f.srv.SeedMember(f.wsSlug, f.alice.ID, "member"); err != nil {
		t.Fatal(err)
	}
	memberPath := regexp.MustCompile(`^/v1/admin/workspaces/[^/]+/users/[^/]+$`)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || !memberPath.MatchString(r.URL.Path) {
			f.srv.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		f.srv.ServeHTTP(rec, r)
		var body map[string]any
		if rec.Code == http.StatusOK && json.Unmarshal(rec.Body.Bytes(), &body) == nil {
			delete(body, "workspace_id")
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(body)
			return
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(ts.Close)
	h := newProtoHarness(t, ts.URL+mockserver.APIPrefix)
	const typeName = "portkey_workspace_member"
	typ := h.stateType(typeName)
	state := h.dynamic(typ, objectWith(typ, map[string]tftypes.Value{
		"id": str(f.wsSlug + "/" + f.alice.ID), "workspace_id": str(f.wsSlug), "user_id": str(f.alice.ID), "role": str("member"),
	}))
	want := map[string]string{"workspace_id": f.wsID, "user_id": f.alice.ID}

	f.srv.ClearRequests()
	resp := h.read(typeName, object{state: state})
	h.check("ReadResource without an identity", resp.Diagnostics)
	h.expectIdentity("read without an identity", typeName, resp.NewIdentity, want)
	if n := f.srv.Count("GET /admin/workspaces/{id}"); n != 1 {
		t.Fatalf("the workspace was read %d times, want once", n)
	}

	f.srv.ClearRequests()
	resp = h.read(typeName, object{state: state, identity: h.identity(typeName, want)})
	h.check("ReadResource with the identity", resp.Diagnostics)
	h.expectIdentity("read with the identity", typeName, resp.NewIdentity, want)
	if n := f.srv.Count("GET /admin/workspaces/{id}"); n != 0 {
		t.Fatalf("the workspace was read %d times, want none", n)
	}
}

// The resource pages document each identity attribute as tfplugindocs would
// render the identity schema (the templates write it by hand: tfplugindocs
// reads identity schemas through the Terraform CLI, and the 1.11 CLI that
// builds the docs reports none), and each identity-import example sets
// exactly the identity's attributes.
func TestIdentityDocs(t *testing.T) {
	_, url := newTestMock(t)
	h := newProtoHarness(t, url)
	for typeName, s := range h.identities {
		page, err := os.ReadFile(filepath.Join("..", "..", "docs", "resources", strings.TrimPrefix(typeName, "portkey_")+".md"))
		if err != nil {
			t.Fatal(err)
		}
		example, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", typeName, "identity-import.tf"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(page), "### Identity Schema\n\n#### Required\n") {
			t.Errorf("%s: the page has no identity schema section", typeName)
		}
		block := regexp.MustCompile(`(?s)identity = \{(.*?)\}`).FindSubmatch(example)
		if block == nil {
			t.Fatalf("%s: identity-import.tf has no identity = {...}", typeName)
		}
		var set []string
		for _, m := range regexp.MustCompile(`(?m)^\s*(\w+)\s*=`).FindAllSubmatch(block[1], -1) {
			set = append(set, string(m[1]))
		}
		var names []string
		for _, a := range s.IdentityAttributes {
			names = append(names, a.Name)
			if line := fmt.Sprintf("- `%s` (String) %s\n", a.Name, a.Description); !strings.Contains(string(page), line) {
				t.Errorf("%s: the page lacks the identity attribute line %q", typeName, line)
			}
		}
		sort.Strings(set)
		if strings.Join(set, ",") != strings.Join(names, ",") {
			t.Errorf("%s: identity-import.tf sets %v, the identity has %v", typeName, set, names)
		}
	}
}
