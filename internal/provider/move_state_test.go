package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Protocol-level tests of MoveState: each case is a state the official
// provider (registry.terraform.io/portkey-ai/portkey) writes in one of its
// releases, and the configuration that state belongs to. The test drives
// this provider's gRPC surface as Terraform does for a `moved` block: it
// moves the state (MoveResourceState), refreshes it (ReadResource) against
// the mock, then plans the configuration (ValidateResourceConfig,
// PlanResourceChange with the proposed new state Terraform would send), and
// the plan must change nothing. TestAccMigrationMovedBlocks runs the same
// path through the real Terraform CLI.

// officialAddress is the official provider's registry address.
const officialAddress = "registry.terraform.io/portkey-ai/portkey"

// moveCase is one official state and its configuration.
type moveCase struct {
	release string         // the first official release that writes this shape
	state   map[string]any // the official state's attributes
	config  map[string]any // the configuration (attributes left out are null)
	// check, when set, inspects the refreshed state after the move.
	check func(t *testing.T, refreshed map[string]tftypes.Value)
}

// moveResult is what a move and the plan after it produced.
type moveResult struct {
	moved, refreshed, planned tftypes.Value
	requiresReplace           []*tftypes.AttributePath
	private                   []byte // after the move
}

// runMove moves state (attributes of typeName, official schema version 0)
// into this provider against the mock at url, refreshes it and plans config.
// It fails the test on any error diagnostic.
func runMove(t *testing.T, url, typeName string, state, config map[string]any) moveResult {
	t.Helper()
	ctx := context.Background()
	srv := providerserver.NewProtocol6(New("test")())()
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	requireNoErrors(t, "GetProviderSchema", schemas.Diagnostics)
	schema := schemas.ResourceSchemas[typeName]
	if schema == nil {
		t.Fatalf("no schema for %s", typeName)
	}
	typ := schema.ValueType()

	providerConfig := jsonValue(t, schemas.Provider.ValueType(), map[string]any{
		"api_key": testAdminKey, "base_url": url, "request_timeout": "10s",
	})
	configured, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.4", Config: dynamicValue(t, providerConfig),
	})
	if err != nil {
		t.Fatal(err)
	}
	requireNoErrors(t, "ConfigureProvider", configured.Diagnostics)

	raw, err := json.Marshal(state)
	if err != nil {
		t.Fatal(err)
	}
	moved, err := srv.MoveResourceState(ctx, &tfprotov6.MoveResourceStateRequest{
		SourceProviderAddress: officialAddress, SourceTypeName: typeName, SourceSchemaVersion: 0,
		SourceState: &tfprotov6.RawState{JSON: raw}, TargetTypeName: typeName,
	})
	if err != nil {
		t.Fatal(err)
	}
	requireNoErrors(t, "MoveResourceState", moved.Diagnostics)
	var res moveResult
	res.moved = unmarshalDynamic(t, typ, moved.TargetState)
	res.private = moved.TargetPrivate

	read, err := srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
		TypeName: typeName, CurrentState: moved.TargetState, Private: moved.TargetPrivate,
	})
	if err != nil {
		t.Fatal(err)
	}
	requireNoErrors(t, "ReadResource after the move", read.Diagnostics)
	res.refreshed = unmarshalDynamic(t, typ, read.NewState)
	if res.refreshed.IsNull() {
		t.Fatal("the refresh after the move removed the resource from state")
	}

	cfg := jsonValue(t, typ, config)
	validated, err := srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{
		TypeName: typeName, Config: dynamicValue(t, cfg),
	})
	if err != nil {
		t.Fatal(err)
	}
	requireNoErrors(t, "ValidateResourceConfig", validated.Diagnostics)
	planned, err := srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: read.NewState, Config: dynamicValue(t, cfg),
		ProposedNewState: dynamicValue(t, proposedNew(t, schema.Block.Attributes, res.refreshed, cfg)),
		PriorPrivate:     read.Private,
	})
	if err != nil {
		t.Fatal(err)
	}
	requireNoErrors(t, "PlanResourceChange", planned.Diagnostics)
	res.planned = unmarshalDynamic(t, typ, planned.PlannedState)
	res.requiresReplace = planned.RequiresReplace
	return res
}

// requireEmptyPlan fails unless the plan keeps the refreshed state as it is.
func requireEmptyPlan(t *testing.T, res moveResult) {
	t.Helper()
	if len(res.requiresReplace) > 0 {
		t.Errorf("the plan after the move replaces the resource (requires_replace %v)", res.requiresReplace)
	}
	if !res.planned.Equal(res.refreshed) {
		t.Errorf("the plan after the move is not empty; changed: %s", valueDiff(res.refreshed, res.planned))
	}
}

// runMoveCases runs each case of one type as a parallel subtest.
func runMoveCases(t *testing.T, url, typeName string, cases []moveCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.release, func(t *testing.T) {
			t.Parallel()
			res := runMove(t, url, typeName, c.state, c.config)
			requireEmptyPlan(t, res)
			if c.check != nil {
				var attrs map[string]tftypes.Value
				if err := res.refreshed.As(&attrs); err != nil {
					t.Fatal(err)
				}
				c.check(t, attrs)
			}
		})
	}
}

// proposedNew is the proposed new state Terraform sends to plan config over
// prior (its objchange.ProposedNew, for schemas of attributes only): a
// computed attribute the configuration leaves null keeps its prior value,
// nested objects are merged element by element (set elements with the prior
// element they match), and everything else is the configuration's.
func proposedNew(t *testing.T, attrs []*tfprotov6.SchemaAttribute, prior, config tftypes.Value) tftypes.Value {
	t.Helper()
	if config.IsNull() || !config.IsKnown() {
		return config
	}
	priorAttrs, configAttrs := objectAttrs(t, prior), objectAttrs(t, config)
	out := make(map[string]tftypes.Value, len(configAttrs))
	for _, a := range attrs {
		p, c := priorAttrs[a.Name], configAttrs[a.Name]
		if p.Type() == nil {
			p = tftypes.NewValue(c.Type(), nil)
		}
		switch {
		case a.Computed && c.IsNull():
			out[a.Name] = p
		case a.NestedType != nil:
			out[a.Name] = proposedNewNested(t, a.NestedType, p, c)
		default:
			out[a.Name] = c
		}
	}
	return tftypes.NewValue(config.Type(), out)
}

func proposedNewNested(t *testing.T, nested *tfprotov6.SchemaObject, prior, config tftypes.Value) tftypes.Value {
	t.Helper()
	if config.IsNull() || !config.IsKnown() {
		return config
	}
	switch nested.Nesting {
	case tfprotov6.SchemaObjectNestingModeSingle:
		return proposedNew(t, nested.Attributes, prior, config)
	case tfprotov6.SchemaObjectNestingModeList, tfprotov6.SchemaObjectNestingModeSet:
		var priorElems, configElems []tftypes.Value
		if !prior.IsNull() {
			if err := prior.As(&priorElems); err != nil {
				t.Fatal(err)
			}
		}
		if err := config.As(&configElems); err != nil {
			t.Fatal(err)
		}
		out := make([]tftypes.Value, len(configElems))
		for i, c := range configElems {
			p := tftypes.NewValue(c.Type(), nil)
			if nested.Nesting == tfprotov6.SchemaObjectNestingModeList && i < len(priorElems) {
				p = priorElems[i]
			}
			if nested.Nesting == tfprotov6.SchemaObjectNestingModeSet {
				for _, candidate := range priorElems {
					if proposedNew(t, nested.Attributes, candidate, c).Equal(candidate) {
						p = candidate
						break
					}
				}
			}
			out[i] = proposedNew(t, nested.Attributes, p, c)
		}
		return tftypes.NewValue(config.Type(), out)
	}
	t.Fatalf("proposedNew: nesting mode %v is not handled", nested.Nesting)
	return config
}

func objectAttrs(t *testing.T, v tftypes.Value) map[string]tftypes.Value {
	t.Helper()
	out := map[string]tftypes.Value{}
	if v.IsNull() || !v.IsKnown() {
		return out
	}
	if err := v.As(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// jsonValue builds a value of typ from attributes written as JSON values.
func jsonValue(t *testing.T, typ tftypes.Type, attrs map[string]any) tftypes.Value {
	t.Helper()
	raw, err := json.Marshal(attrs)
	if err != nil {
		t.Fatal(err)
	}
	v, err := tftypes.ValueFromJSONWithOpts(raw, typ, tftypes.ValueFromJSONOpts{})
	if err != nil {
		t.Fatalf("%s does not fit the schema: %v", raw, err)
	}
	return v
}

func dynamicValue(t *testing.T, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(v.Type(), v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func unmarshalDynamic(t *testing.T, typ tftypes.Type, dv *tfprotov6.DynamicValue) tftypes.Value {
	t.Helper()
	if dv == nil {
		t.Fatal("the provider returned no state")
	}
	v, err := dv.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func requireNoErrors(t *testing.T, what string, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("%s: %s: %s", what, d.Summary, d.Detail)
		}
	}
}

// valueDiff names each path where want and got differ, with both values.
func valueDiff(want, got tftypes.Value) string {
	diffs, err := want.Diff(got)
	if err != nil {
		return err.Error()
	}
	var parts []string
	for _, d := range diffs {
		if d.Value1 == nil || d.Value2 == nil || d.Value1.Type().Is(tftypes.Object{}) || d.Value1.Type().Is(tftypes.List{}) ||
			d.Value1.Type().Is(tftypes.Set{}) || d.Value1.Type().Is(tftypes.Map{}) {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %s -> %s", d.Path, d.Value1, d.Value2))
	}
	if len(parts) == 0 {
		return fmt.Sprint(diffs)
	}
	return strings.Join(parts, "; ")
}

// stringAttr returns a string attribute of a state, "" for null.
func stringAttr(t *testing.T, attrs map[string]tftypes.Value, name string) string {
	t.Helper()
	var s *string
	if err := attrs[name].As(&s); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if s == nil {
		return ""
	}
	return *s
}

// TestMoveState_refused: a source other than the official provider's type of
// the same name, at a schema version it shipped, is refused with a message
// naming what is accepted; so is an official state without its id.
func TestMoveState_refused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := providerserver.NewProtocol6(New("test")())()
	workspace := []byte(`{"id":"2f4f5b8f-6d12-447a-b4b2-e3e5f28380a7","name":"Production"}`)
	for name, tc := range map[string]struct {
		req  tfprotov6.MoveResourceStateRequest
		want []string
	}{
		"another provider": {
			req: tfprotov6.MoveResourceStateRequest{SourceProviderAddress: "registry.terraform.io/hashicorp/random",
				SourceTypeName: "portkey_workspace", TargetTypeName: "portkey_workspace"},
			want: []string{"registry.terraform.io/portkey-ai/portkey", "schema version 0", "registry.terraform.io/hashicorp/random"},
		},
		"another type": {
			req: tfprotov6.MoveResourceStateRequest{SourceProviderAddress: officialAddress,
				SourceTypeName: "portkey_workspace", TargetTypeName: "portkey_api_key"},
			want: []string{"portkey_api_key takes over state only from portkey_api_key", "This `moved` block moves portkey_workspace"},
		},
		"a later official schema version": {
			req: tfprotov6.MoveResourceStateRequest{SourceProviderAddress: officialAddress,
				SourceTypeName: "portkey_workspace", SourceSchemaVersion: 1, TargetTypeName: "portkey_workspace"},
			want: []string{"schema version 0 (releases v0.1.0 to v0.2.28)", "schema version 1"},
		},
		"no id": {
			req: tfprotov6.MoveResourceStateRequest{SourceProviderAddress: officialAddress,
				SourceTypeName: "portkey_workspace_member", TargetTypeName: "portkey_workspace_member",
				SourceState: &tfprotov6.RawState{JSON: []byte(`{"id":"u1","workspace_id":"w1","role":"member"}`)}},
			want: []string{"has no user_id", "import"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			req := tc.req
			if req.SourceState == nil {
				req.SourceState = &tfprotov6.RawState{JSON: workspace}
			}
			resp, err := srv.MoveResourceState(ctx, &req)
			if err != nil {
				t.Fatal(err)
			}
			var detail string
			for _, d := range resp.Diagnostics {
				if d.Severity == tfprotov6.DiagnosticSeverityError {
					detail += d.Summary + ": " + d.Detail
				}
			}
			if detail == "" {
				t.Fatalf("the move was accepted: %v", resp.TargetState)
			}
			for _, w := range tc.want {
				if !strings.Contains(detail, w) {
					t.Errorf("the refusal does not say %q:\n%s", w, detail)
				}
			}
		})
	}
}

// TestMoveState_officialMirror: the official provider served from another
// registry hostname (a mirror, or OpenTofu's registry) is the same source.
func TestMoveState_officialMirror(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]bool{
		"registry.terraform.io/portkey-ai/portkey":     true,
		"registry.opentofu.org/portkey-ai/portkey":     true,
		"registry.terraform.io/Portkey-AI/portkey":     true,
		"terraform.example.com/portkey-ai/portkey":     true,
		"registry.terraform.io/seed-4a8a86ef/portkey":  false,
		"registry.terraform.io/not-portkey-ai/portkey": false,
	} {
		if got := isOfficialProvider(addr); got != want {
			t.Errorf("isOfficialProvider(%q) = %v, want %v", addr, got, want)
		}
	}
}
