package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

var _ datasource.DataSourceWithConfigure = (*apiKeyDataSource)(nil)

// NewAPIKeyDataSource returns the portkey_api_key data source.
func NewAPIKeyDataSource() datasource.DataSource { return &apiKeyDataSource{} }

type apiKeyDataSource struct {
	client *client.Client
}

// The model is apiKeyModel (api_key_models.go).

func (d *apiKeyDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

func (d *apiKeyDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := apiKeyDataAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "The UUID of the key to read.",
		Required:            true,
		Validators:          []validator.String{stringvalidator.RegexMatches(apiKeyUUIDPattern, "must be an API key UUID")},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Portkey API key by id. The secret is never available here: `key_hint` is the " +
			"masked form Portkey shows. A key that does not exist is an error.",
		Attributes: attrs,
	}
}

// apiKeyDataAttributes describes one API key, every attribute computed; both
// API key data sources use it.
func apiKeyDataAttributes() map[string]schema.Attribute {
	str := func(name string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: apiKeyDoc(name), Computed: true}
	}
	return map[string]schema.Attribute{
		"id":           str("id"),
		"type":         str("type"),
		"sub_type":     str("sub_type"),
		"workspace_id": schema.StringAttribute{MarkdownDescription: "The UUID of the key's workspace; null for organisation keys.", Computed: true},
		"user_id":      schema.StringAttribute{MarkdownDescription: "The user a `user` key belongs to; null for service keys.", Computed: true},
		"name":         str("name"),
		"description":  str("description"),
		"scopes": schema.SetAttribute{
			MarkdownDescription: apiKeyDoc("scopes"), Computed: true, ElementType: types.StringType,
		},
		"metadata": schema.MapAttribute{
			MarkdownDescription: apiKeyDoc("metadata") + " Values that are not strings are shown as JSON.",
			Computed:            true, ElementType: types.StringType,
		},
		"config_id":             str("config_id"),
		"allow_config_override": schema.BoolAttribute{MarkdownDescription: apiKeyDoc("allow_config_override"), Computed: true},
		"alert_emails": schema.SetAttribute{
			MarkdownDescription: apiKeyDoc("alert_emails"), Computed: true, ElementType: emailType{},
		},
		"expires_at": schema.StringAttribute{
			MarkdownDescription: apiKeyDoc("expires_at"), Computed: true, CustomType: rfc3339Type{},
		},
		"rate_limits": schema.ListNestedAttribute{
			MarkdownDescription: apiKeyDoc("rate_limits"), Computed: true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"type":  str("rate_limits.type"),
				"unit":  str("rate_limits.unit"),
				"value": schema.Int64Attribute{MarkdownDescription: apiKeyDoc("rate_limits.value"), Computed: true},
			}},
		},
		"usage_limits": schema.SingleNestedAttribute{
			MarkdownDescription: apiKeyDoc("usage_limits"), Computed: true,
			Attributes: map[string]schema.Attribute{
				"type":                str("usage_limits.type"),
				"credit_limit":        schema.Float64Attribute{MarkdownDescription: apiKeyDoc("usage_limits.credit_limit"), Computed: true},
				"alert_threshold":     schema.Float64Attribute{MarkdownDescription: apiKeyDoc("usage_limits.alert_threshold"), Computed: true},
				"periodic_reset":      str("usage_limits.periodic_reset"),
				"periodic_reset_days": schema.Int64Attribute{MarkdownDescription: apiKeyDoc("usage_limits.periodic_reset_days"), Computed: true},
				"next_usage_reset_at": str("usage_limits.next_usage_reset_at"),
			},
		},
		"rotation_policy": schema.SingleNestedAttribute{
			MarkdownDescription: "The key's automatic rotation policy; null without one.", Computed: true,
			Attributes: map[string]schema.Attribute{
				"rotation_period": str("rotation_policy.rotation_period"),
				"next_rotation_at": schema.StringAttribute{
					MarkdownDescription: "When Portkey rotates the key next (RFC 3339).", Computed: true, CustomType: rfc3339Type{},
				},
				"key_transition_period_ms": schema.Int64Attribute{
					MarkdownDescription: "How long, in milliseconds, the previous secret keeps working after a rotation.", Computed: true,
				},
			},
		},
		"key_hint":                  str("key_hint"),
		"status":                    str("status"),
		"organisation_id":           str("organisation_id"),
		"created_at":                str("created_at"),
		"updated_at":                str("updated_at"),
		"last_reset_at":             str("last_reset_at"),
		"key_transition_expires_at": str("key_transition_expires_at"),
	}
}

func (d *apiKeyDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *apiKeyDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m apiKeyModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	k, err := d.client.GetAPIKey(ctx, m.ID.ValueString())
	if err != nil {
		hint := ""
		if errors.Is(err, client.ErrNotFound) {
			hint = fmt.Sprintf("No API key has the id %s. List the keys with the portkey_api_keys data source.", m.ID.ValueString())
		}
		addAPIError(&resp.Diagnostics, "Read API Key", err, hint)
		return
	}
	resp.Diagnostics.Append(m.fill(ctx, k)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
