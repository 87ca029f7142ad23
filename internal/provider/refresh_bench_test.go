package provider

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// BenchmarkRefreshWorkspaces measures what `terraform plan` costs per managed
// workspace on a large organisation: one ReadResource RPC through the
// provider server, its HTTP round trip to an in-process mock holding 2,000
// workspaces, and the conversion back to state. It reports the requests made
// per refreshed resource: one GET with bulk reads off; with bulk reads on, the
// first reads' GETs and the listing's 21 pages, shared by every read.
func BenchmarkRefreshWorkspaces(b *testing.B) {
	for _, mode := range []string{"off", "auto"} {
		b.Run("bulk_reads="+mode, func(b *testing.B) { benchmarkRefreshWorkspaces(b, mode) })
	}
}

func benchmarkRefreshWorkspaces(b *testing.B, mode string) {
	const orgSize = 2000
	ctx := context.Background()
	srv := mockserver.New(mockserver.Options{APIKeys: []string{testAdminKey}})
	seed := mockserver.Seed{}
	for i := range orgSize {
		seed.Workspaces = append(seed.Workspaces, mockserver.Workspace{Name: fmt.Sprintf("Workspace %04d", i)})
	}
	srv.ApplySeed(seed)
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)

	var ids []string
	for i := range orgSize {
		ids = append(ids, srv.WorkspaceIDByName(fmt.Sprintf("Workspace %04d", i)))
	}

	server := providerserver.NewProtocol6(New("bench")())()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		b.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	providerType := schemas.Provider.ValueType()
	cfg, err := tfprotov6.NewDynamicValue(providerType, objectWith(providerType, map[string]tftypes.Value{
		"api_key":    tftypes.NewValue(tftypes.String, testAdminKey),
		"base_url":   tftypes.NewValue(tftypes.String, ts.URL+mockserver.APIPrefix),
		"bulk_reads": tftypes.NewValue(tftypes.String, mode),
	}))
	if err != nil {
		b.Fatal(err)
	}
	conf, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: &cfg})
	if err != nil || len(conf.Diagnostics) > 0 {
		b.Fatalf("ConfigureProvider: %v %v", err, conf.Diagnostics)
	}

	wsType := schemas.ResourceSchemas["portkey_workspace"].ValueType()
	states := make([]tfprotov6.DynamicValue, len(ids))
	for i, id := range ids {
		states[i], err = tfprotov6.NewDynamicValue(wsType, objectWith(wsType, map[string]tftypes.Value{
			"id":   tftypes.NewValue(tftypes.String, id),
			"name": tftypes.NewValue(tftypes.String, fmt.Sprintf("Workspace %04d", i)),
		}))
		if err != nil {
			b.Fatal(err)
		}
	}

	srv.ClearRequests()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		state := states[i%len(states)]
		resp, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "portkey_workspace", CurrentState: &state})
		if err != nil || len(resp.Diagnostics) > 0 {
			b.Fatalf("ReadResource: %v %v", err, resp.Diagnostics)
		}
		if resp.NewState == nil {
			b.Fatal("the workspace was removed from state")
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(len(srv.Requests()))/float64(b.N), "requests/resource")
}

// objectWith builds an object value of type typ with the given attributes
// set and every other attribute null.
func objectWith(typ tftypes.Type, set map[string]tftypes.Value) tftypes.Value {
	obj, ok := typ.(tftypes.Object)
	if !ok {
		panic(fmt.Sprintf("not an object type: %s", typ))
	}
	vals := map[string]tftypes.Value{}
	for name, attrType := range obj.AttributeTypes {
		if v, ok := set[name]; ok {
			vals[name] = v
			continue
		}
		vals[name] = tftypes.NewValue(attrType, nil)
	}
	return tftypes.NewValue(obj, vals)
}
