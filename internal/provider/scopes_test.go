package provider

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// The scope reference on the portkey_api_key page lists exactly the scopes
// the provider knows (client.KnownScopes): one more or one fewer fails here.
func TestAPIKeyDocs_scopeReferenceMatchesCode(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../../templates/resources/api_key.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	start := strings.Index(doc, "\n## Scopes\n")
	if start < 0 {
		t.Fatal("the api_key template has no \"## Scopes\" section")
	}
	section := doc[start+1:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	var table []string
	for _, line := range strings.Split(section, "\n") {
		if strings.HasPrefix(line, "| ") && !strings.HasPrefix(line, "| Area") {
			cells := strings.Split(line, "|")
			table = append(table, cells[2]) // the Scopes column
		}
	}
	scopeRE := regexp.MustCompile("`([a-z_]+\\.(?:\\{[a-z_,]+\\}|[a-z_]+))`")
	var documented []string
	for _, cell := range table {
		for _, m := range scopeRE.FindAllStringSubmatch(cell, -1) {
			documented = append(documented, client.ExpandScopes(m[1])...)
		}
	}
	slices.Sort(documented)
	documented = slices.Compact(documented)
	known := client.KnownScopes()
	for _, s := range known {
		if _, found := slices.BinarySearch(documented, s); !found {
			t.Errorf("%q is known to the provider but missing from the scope reference", s)
		}
	}
	for _, s := range documented {
		if !client.IsKnownScope(s) {
			t.Errorf("%q is documented but unknown to the provider (client/scopes.go)", s)
		}
	}
	if len(known) < 140 {
		t.Errorf("only %d known scopes: the reference was cut short", len(known))
	}
}

func validateScopes(t *testing.T, scopes ...string) diag.Diagnostics {
	t.Helper()
	elems := make([]attr.Value, len(scopes))
	for i, s := range scopes {
		elems[i] = types.StringValue(s)
	}
	req := validator.SetRequest{Path: path.Root("scopes"), ConfigValue: types.SetValueMust(types.StringType, elems)}
	var resp validator.SetResponse
	scopesValidator{}.ValidateSet(context.Background(), req, &resp)
	return resp.Diagnostics
}

// One diagnostic per bad scope, never two for one mistake.
func TestScopesValidator(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		scopes   []string
		errors   int
		warnings []string
	}{
		"known":                      {[]string{"completions.write", "workspaces.read"}, 0, nil},
		"typo":                       {[]string{"completion.write"}, 0, []string{`"completion.write" is not in Portkey's scope reference`, `Did you mean "completions.write"?`}},
		"hyphens":                    {[]string{"organisation-service-api-keys.rotate"}, 0, []string{`Did you mean "organisation_service_api_keys.rotate"?`}},
		"far from any":               {[]string{"billing.everything"}, 0, []string{"only a warning"}},
		"empty (one error, no more)": {[]string{""}, 1, nil},
		"spaces":                     {[]string{"logs view"}, 1, nil},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			diags := validateScopes(t, tc.scopes...)
			if diags.ErrorsCount() != tc.errors {
				t.Fatalf("%d errors, want %d: %v", diags.ErrorsCount(), tc.errors, diags)
			}
			if len(tc.warnings) == 0 {
				if diags.WarningsCount() != 0 {
					t.Fatalf("unexpected warnings: %v", diags.Warnings())
				}
				return
			}
			if diags.WarningsCount() != 1 {
				t.Fatalf("%d warnings, want 1: %v", diags.WarningsCount(), diags)
			}
			detail := diags.Warnings()[0].Detail()
			for _, w := range tc.warnings {
				if !strings.Contains(detail, w) {
					t.Errorf("warning %q lacks %q", detail, w)
				}
			}
			if name == "far from any" && strings.Contains(detail, "Did you mean") {
				t.Errorf("warning suggests a scope far from the input: %q", detail)
			}
		})
	}
}

// The warning reaches Terraform through the provider's validation of the
// resource and the ephemeral resource, as a warning, not an error.
func TestAPIKey_unknownScopeWarnsThroughTheProvider(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]tftypes.Value{
		"type": tftypes.NewValue(tftypes.String, "workspace"), "sub_type": tftypes.NewValue(tftypes.String, "service"),
		"workspace_id": tftypes.NewValue(tftypes.String, "ws-keys-a-1a2b3c"), "name": tftypes.NewValue(tftypes.String, "ci"),
		"scopes": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "completion.write")}),
	}
	check := func(kind string, diags []*tfprotov6.Diagnostic) {
		t.Helper()
		var warned bool
		for _, d := range diags {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				t.Errorf("%s: error %q: %s", kind, d.Summary, d.Detail)
			}
			if d.Severity == tfprotov6.DiagnosticSeverityWarning && d.Summary == "Unknown Scope" &&
				strings.Contains(d.Detail, `Did you mean "completions.write"?`) {
				warned = true
			}
		}
		if !warned {
			t.Errorf("%s: no Unknown Scope warning naming completions.write in %v", kind, diags)
		}
	}

	cfg := configValue(t, schemas.ResourceSchemas["portkey_api_key"], values)
	res, err := srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "portkey_api_key", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	check("resource", res.Diagnostics)

	cfg = configValue(t, schemas.EphemeralResourceSchemas["portkey_api_key"], values)
	eph, err := srv.ValidateEphemeralResourceConfig(ctx, &tfprotov6.ValidateEphemeralResourceConfigRequest{TypeName: "portkey_api_key", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	check("ephemeral resource", eph.Diagnostics)
}

// configValue encodes a configuration of a schema: values for some
// attributes, null for every other.
func configValue(t *testing.T, s *tfprotov6.Schema, values map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	typ, ok := s.ValueType().(tftypes.Object)
	if !ok {
		t.Fatalf("schema type %T", s.ValueType())
	}
	all := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := values[name]; ok {
			all[name] = v
		} else {
			all[name] = tftypes.NewValue(at, nil)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, all))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}
