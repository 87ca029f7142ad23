// Command portkeyai is a stand-in for Portkey's official provider,
// registry.terraform.io/portkey-ai/portkey, in end-to-end tests of the
// migration from it: the tests install it with a dev_overrides CLI
// configuration next to this provider, so that one configuration can hold
// both, as a user's does while they move.
//
// It talks to no API. It serves the official provider's schemas (as
// OFFICIAL-SCHEMA.md lists them for v0.2.28) for the four resource types this
// provider takes over with `moved` blocks, and portkey_config as an example of
// a type only the official provider has. Every resource keeps what it is
// given: create records the planned values (an unknown id becomes
// "fake-<type>-<n>"), read returns the state unchanged, delete forgets it.
package main

import (
	"context"
	"fmt"
	"log"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Address is the official provider's registry address.
const Address = "registry.terraform.io/portkey-ai/portkey"

func main() {
	if err := providerserver.Serve(context.Background(), func() provider.Provider { return fakeProvider{} },
		providerserver.ServeOpts{Address: Address}); err != nil {
		log.Fatal(err)
	}
}

type fakeProvider struct{}

func (fakeProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "portkey"
	resp.Version = "0.2.28-fake"
}

// Schema is the official provider block: api_key, base_url, max_retries.
func (fakeProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{Attributes: map[string]pschema.Attribute{
		"api_key":     pschema.StringAttribute{Optional: true, Sensitive: true},
		"base_url":    pschema.StringAttribute{Optional: true},
		"max_retries": pschema.Int64Attribute{Optional: true},
	}}
}

func (fakeProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (fakeProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (fakeProvider) Resources(context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for name, attrs := range officialSchemas() {
		out = append(out, func() resource.Resource { return &echoResource{name: name, attrs: attrs} })
	}
	return out
}

// ---- schemas ----

func str(computed bool) schema.StringAttribute {
	a := schema.StringAttribute{Optional: !computed, Computed: computed}
	if computed {
		a.PlanModifiers = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	}
	return a
}

func required() schema.StringAttribute { return schema.StringAttribute{Required: true} }

func optionalComputedString() schema.StringAttribute {
	return schema.StringAttribute{Optional: true, Computed: true,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

func rateLimits() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{Optional: true, Computed: true, NestedObject: schema.NestedAttributeObject{
		Attributes: map[string]schema.Attribute{
			"type": required(), "unit": required(), "value": schema.Int64Attribute{Required: true},
		},
	}}
}

// officialSchemas are the official provider's resource schemas (v0.2.28),
// by type name; plan modifiers and validators are left out.
func officialSchemas() map[string]map[string]schema.Attribute {
	optInt := schema.Int64Attribute{Optional: true}
	return map[string]map[string]schema.Attribute{
		"portkey_workspace": {
			"id": str(true), "name": required(), "description": str(false), "icon": str(false),
			"metadata":   schema.MapAttribute{Optional: true, ElementType: types.StringType},
			"created_at": str(true), "updated_at": str(true),
			"rate_limits": rateLimits(),
			"usage_limits": schema.ListNestedAttribute{Optional: true, Computed: true, NestedObject: schema.NestedAttributeObject{
				Attributes: map[string]schema.Attribute{
					"type": required(), "credit_limit": optInt, "alert_threshold": optInt, "periodic_reset": str(false),
				},
			}},
		},
		"portkey_workspace_member": {
			"id": str(true), "workspace_id": required(), "user_id": required(), "role": required(), "created_at": str(true),
		},
		"portkey_user_invite": {
			"id": str(true), "email": required(), "role": required(), "status": str(true),
			"scopes": schema.ListAttribute{Optional: true, ElementType: types.StringType},
			"workspaces": schema.ListNestedAttribute{Optional: true, NestedObject: schema.NestedAttributeObject{
				Attributes: map[string]schema.Attribute{"id": required(), "role": required()},
			}},
			"created_at": str(true), "expires_at": str(true),
		},
		"portkey_api_key": {
			"id": str(true), "key": schema.StringAttribute{Computed: true, Sensitive: true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"name": required(), "description": str(false), "type": required(), "sub_type": required(),
			"workspace_id": str(false), "user_id": str(false), "organisation_id": str(true), "status": str(true),
			"scopes":       schema.ListAttribute{Optional: true, Computed: true, ElementType: types.StringType},
			"metadata":     schema.MapAttribute{Optional: true, ElementType: types.StringType},
			"alert_emails": schema.ListAttribute{Optional: true, ElementType: types.StringType},
			"config_id":    optionalComputedString(), "allow_config_override": schema.BoolAttribute{Optional: true, Computed: true},
			"expires_at": optionalComputedString(), "rate_limits": rateLimits(),
			"usage_limits": schema.SingleNestedAttribute{Optional: true, Computed: true, Attributes: map[string]schema.Attribute{
				"type": str(false), "credit_limit": optInt, "alert_threshold": optInt, "periodic_reset": str(false),
				"periodic_reset_days": optInt, "next_usage_reset_at": optionalComputedString(),
			}},
			"rotation_policy": schema.SingleNestedAttribute{Optional: true, Computed: true, Attributes: map[string]schema.Attribute{
				"rotation_period": str(false), "next_rotation_at": optionalComputedString(), "key_transition_period_ms": optInt,
			}},
			"rotate_trigger": str(false), "rotate_transition_period_ms": optInt, "reset_usage": schema.BoolAttribute{Optional: true},
			"last_reset_at": str(true), "key_transition_expires_at": str(true), "created_at": str(true), "updated_at": str(true),
		},
		// A type only the official provider has.
		"portkey_config": {
			"id": str(true), "slug": str(true), "name": required(), "config": required(),
			"workspace_id": optionalComputedString(), "is_default": schema.BoolAttribute{Optional: true, Computed: true},
			"status": str(true), "version_id": str(true), "created_at": str(true), "updated_at": str(true),
		},
	}
}

// ---- the resource ----

var created atomic.Int64

// echoResource keeps what it is given (see the package comment).
type echoResource struct {
	name  string
	attrs map[string]schema.Attribute
}

func (r *echoResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.name
}

func (r *echoResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: r.attrs}
}

func (r *echoResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw = req.Plan.Raw
	var id types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("id"), &id)...)
	if id.IsUnknown() {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), fmt.Sprintf("fake-%s-%d", r.name, created.Add(1)))...)
	}
	resp.State.Raw = knownOrNull(resp.State.Raw)
}

func (r *echoResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *echoResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
	resp.State.Raw = knownOrNull(resp.State.Raw)
}

func (r *echoResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// knownOrNull turns the values a plan left unknown (computed ones) into null.
func knownOrNull(v tftypes.Value) tftypes.Value {
	out, err := tftypes.Transform(v, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if !v.IsKnown() {
			return tftypes.NewValue(v.Type(), nil), nil
		}
		return v, nil
	})
	if err != nil {
		return v
	}
	return out
}
