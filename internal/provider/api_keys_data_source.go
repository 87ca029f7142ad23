package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*apiKeysDataSource)(nil)

// NewAPIKeysDataSource returns the portkey_api_keys data source.
func NewAPIKeysDataSource() datasource.DataSource { return &apiKeysDataSource{} }

type apiKeysDataSource struct {
	client *client.Client
}

type apiKeysDataSourceModel struct {
	WorkspaceID types.String  `tfsdk:"workspace_id"`
	Type        types.String  `tfsdk:"type"`
	SubType     types.String  `tfsdk:"sub_type"`
	APIKeys     []apiKeyModel `tfsdk:"api_keys"`
}

func (d *apiKeysDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_keys"
}

func (d *apiKeysDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	item := apiKeyDataAttributes()
	// Portkey's list items carry no rotation policy (API-NOTES.md 11.11):
	// say so rather than let null read as "no policy".
	if rp, ok := item["rotation_policy"].(schema.SingleNestedAttribute); ok {
		rp.MarkdownDescription = "Always null here: Portkey's list of keys does not report rotation policies. Read " +
			"the key with the `portkey_api_key` data source to see its policy."
		item["rotation_policy"] = rp
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists Portkey API keys (every page), optionally only those of one workspace, type or sub-type. " +
			"Secrets are never available here: `key_hint` is the masked form Portkey shows.",
		Attributes: map[string]schema.Attribute{
			"workspace_id": schema.StringAttribute{
				MarkdownDescription: "Only the keys of this workspace (its UUID or slug). Unset lists every key the " +
					"provider's API key may see.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "Only keys of this type: `organisation` or `workspace`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf("organisation", "workspace")},
			},
			"sub_type": schema.StringAttribute{
				MarkdownDescription: "Only keys of this sub-type: `service` or `user`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf("service", "user")},
			},
			"api_keys": schema.ListNestedAttribute{
				MarkdownDescription: "The matching keys, oldest first.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: item},
			},
		},
	}
}

func (d *apiKeysDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *apiKeysDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m apiKeysDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	keys, err := d.client.ListAPIKeys(ctx, client.ListAPIKeysOptions{WorkspaceID: m.WorkspaceID.ValueString()})
	if err != nil {
		addAPIError(&resp.Diagnostics, "List API Keys", err, "")
		return
	}
	m.APIKeys = []apiKeyModel{}
	for i := range keys {
		k := &keys[i]
		if (!m.Type.IsNull() && k.KeyType() != m.Type.ValueString()) || (!m.SubType.IsNull() && k.SubType() != m.SubType.ValueString()) {
			continue
		}
		var item apiKeyModel
		resp.Diagnostics.Append(item.fill(ctx, k)...)
		item.RotationPolicy = types.ObjectNull(apiKeyRotationPolicyAttrTypes) // never read from a list item
		m.APIKeys = append(m.APIKeys, item)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
