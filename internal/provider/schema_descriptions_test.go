package provider

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// describedAttr is what every schema attribute has, whatever its kind.
type describedAttr interface {
	GetMarkdownDescription() string
}

// walkAttributes checks every attribute of a schema's attribute map (any of
// the resource, data source or ephemeral schema packages), descending into
// nested attributes through their NestedObject or Attributes fields.
func walkAttributes(t testing.TB, where string, attrs any) {
	t.Helper()
	m := reflect.ValueOf(attrs)
	if m.Kind() != reflect.Map {
		t.Fatalf("%s: attributes are a %s, not a map", where, m.Kind())
	}
	for _, key := range m.MapKeys() {
		name := where + "." + key.String()
		attr := m.MapIndex(key).Interface()
		d, ok := attr.(describedAttr)
		if !ok {
			t.Errorf("%s: %T has no description", name, attr)
			continue
		}
		checkDescription(t, name, d.GetMarkdownDescription())
		v := reflect.ValueOf(attr)
		if nested := v.FieldByName("NestedObject"); nested.IsValid() {
			walkAttributes(t, name, nested.FieldByName("Attributes").Interface())
		} else if inner := v.FieldByName("Attributes"); inner.IsValid() {
			walkAttributes(t, name, inner.Interface())
		}
	}
}

// checkDescription fails on an empty description or one that is not a full
// sentence (a capital letter first, a period, colon or closing backtick last).
func checkDescription(t testing.TB, where, desc string) {
	t.Helper()
	d := strings.TrimSpace(desc)
	switch {
	case d == "":
		t.Errorf("%s: empty description", where)
	case !strings.ContainsAny(d[:1], "ABCDEFGHIJKLMNOPQRSTUVWXYZ`"):
		t.Errorf("%s: description does not start a sentence: %q", where, d)
	case !strings.HasSuffix(d, ".") && !strings.HasSuffix(d, ".)"):
		t.Errorf("%s: description is not a full sentence ending with a period: %q", where, d)
	}
}

// TestSchemaDescriptions: every resource, data source, ephemeral resource and
// provider attribute (nested ones included) has a full-sentence description,
// because tfplugindocs renders nothing else.
func TestSchemaDescriptions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p, ok := New("test")().(*portkeyProvider)
	if !ok {
		t.Fatal("unexpected provider type")
	}

	var pResp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &pResp)
	checkDescription(t, "provider", pResp.Schema.MarkdownDescription)
	for name, a := range pResp.Schema.Attributes {
		checkDescription(t, "provider."+name, a.GetMarkdownDescription())
	}

	count := 0
	for _, f := range p.Resources(ctx) {
		r := f()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "portkey"}, &md)
		var resp resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &resp)
		checkDescription(t, "resource "+md.TypeName, resp.Schema.MarkdownDescription)
		walkAttributes(t, "resource "+md.TypeName, resp.Schema.GetAttributes())
		count++
	}
	for _, f := range p.DataSources(ctx) {
		d := f()
		var md datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "portkey"}, &md)
		var resp datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &resp)
		checkDescription(t, "data source "+md.TypeName, resp.Schema.MarkdownDescription)
		walkAttributes(t, "data source "+md.TypeName, resp.Schema.GetAttributes())
		count++
	}
	for _, f := range p.EphemeralResources(ctx) {
		e := f()
		var md ephemeral.MetadataResponse
		e.Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "portkey"}, &md)
		var resp ephemeral.SchemaResponse
		e.Schema(ctx, ephemeral.SchemaRequest{}, &resp)
		checkDescription(t, "ephemeral resource "+md.TypeName, resp.Schema.MarkdownDescription)
		walkAttributes(t, "ephemeral resource "+md.TypeName, resp.Schema.GetAttributes())
		count++
	}
	if count == 0 {
		t.Fatal("the provider registers no resources, data sources or ephemeral resources")
	}
}

// recorder is a testing.TB that records errors instead of failing.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestSchemaDescriptions_catches proves the walker finds a missing nested
// description and a fragment that is not a sentence.
func TestSchemaDescriptions_catches(t *testing.T) {
	t.Parallel()
	attrs := map[string]rschema.Attribute{
		"ok":       rschema.StringAttribute{MarkdownDescription: "A fine sentence.", Optional: true},
		"fragment": rschema.StringAttribute{MarkdownDescription: "the name", Optional: true},
		"limits": rschema.ListNestedAttribute{
			MarkdownDescription: "Limits of the thing.",
			Optional:            true,
			NestedObject: rschema.NestedAttributeObject{Attributes: map[string]rschema.Attribute{
				"value": rschema.Int64Attribute{Required: true},
			}},
		},
	}
	r := &recorder{TB: t}
	walkAttributes(r, "x", attrs)
	if len(r.errors) != 2 {
		t.Fatalf("want 2 errors (fragment, limits.value), got %d: %v", len(r.errors), r.errors)
	}
}
