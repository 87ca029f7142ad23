// Package provider implements the Terraform provider for Portkey's Admin API
// on terraform-plugin-framework: the provider block, resources, data sources,
// ephemeral resources, list resources and actions, plus the schema and
// diagnostic helpers they share.
package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// Environment variables read when the provider block leaves a setting unset.
const (
	envAPIKey            = "PORTKEY_API_KEY"
	envBaseURL           = "PORTKEY_BASE_URL"
	envMaxRetries        = "PORTKEY_MAX_RETRIES"
	envRequestTimeout    = "PORTKEY_REQUEST_TIMEOUT"
	envRequestsPerSecond = "PORTKEY_REQUESTS_PER_SECOND"
	envBulkReads         = "PORTKEY_BULK_READS"
	envCACertificate     = "PORTKEY_CA_CERTIFICATE"
	envReadAfterWrite    = "PORTKEY_READ_AFTER_WRITE_TIMEOUT"
)

const projectURL = "https://github.com/seed-4a8a86ef/terraform-provider-portkey"

var (
	_ provider.Provider                       = (*portkeyProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*portkeyProvider)(nil)
	_ provider.ProviderWithListResources      = (*portkeyProvider)(nil)
	_ provider.ProviderWithActions            = (*portkeyProvider)(nil)
)

// New returns a constructor of the provider for providerserver.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &portkeyProvider{version: version} }
}

type portkeyProvider struct {
	version string
}

type providerModel struct {
	APIKey            types.String  `tfsdk:"api_key"`
	BaseURL           types.String  `tfsdk:"base_url"`
	MaxRetries        types.Int64   `tfsdk:"max_retries"`
	RequestTimeout    types.String  `tfsdk:"request_timeout"`
	RequestsPerSecond types.Float64 `tfsdk:"requests_per_second"`
	BulkReads         types.String  `tfsdk:"bulk_reads"`
	CACertificate     types.String  `tfsdk:"ca_certificate"`
	ReadAfterWrite    types.String  `tfsdk:"read_after_write_timeout"`
}

func (p *portkeyProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "portkey"
	resp.Version = p.version
}

func (p *portkeyProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Portkey provider manages a Portkey organisation through the Admin API: workspaces, " +
			"workspace members, organisation users, user invites and API keys.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				MarkdownDescription: "An organisation Admin API key. Falls back to the `PORTKEY_API_KEY` environment " +
					"variable; one of the two is required. The key is sensitive and never logged.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "The Admin API base URL. Falls back to `PORTKEY_BASE_URL`, then to " +
					"`https://api.portkey.ai/v1`. Set it for a self-hosted control plane. It must use `https` " +
					"(plain `http` is accepted only for loopback hosts) and carry no credentials, query or fragment; " +
					"a trailing `/` is ignored.",
				Optional:   true,
				Validators: []validator.String{baseURLValidator{}},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a failed request is retried. Falls back to `PORTKEY_MAX_RETRIES`, " +
					"then to `4`; `0` disables retries. Rate-limited answers (429) are always retriable; server errors " +
					"and network failures are retried for reads, updates and deletes. A create is never replayed " +
					"blindly: it is sent again (at most this many times) only once a lookup proved it created nothing.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "The timeout of one HTTP attempt, as a Go duration such as `\"30s\"` or `\"2m\"`. " +
					"Falls back to `PORTKEY_REQUEST_TIMEOUT`, then to `\"60s\"`.",
				Optional:   true,
				Validators: []validator.String{durationValidator{}},
			},
			"requests_per_second": schema.Float64Attribute{
				MarkdownDescription: "A client-side limit on requests per second, shared by all of Terraform's parallel " +
					"operations. Falls back to `PORTKEY_REQUESTS_PER_SECOND`, then to `0`, which means unlimited.",
				Optional:   true,
				Validators: []validator.Float64{float64validator.AtLeast(0)},
			},
			"bulk_reads": schema.StringAttribute{
				MarkdownDescription: "`\"auto\"` or `\"off\"`. Falls back to `PORTKEY_BULK_READS`, then to `\"auto\"`: when one " +
					"Terraform operation refreshes many workspaces, members of one workspace, API keys or invites, the " +
					"provider lists them once instead of reading each one, and answers only from fields the list " +
					"provides (the rest from the single read recorded in state, while the object is unchanged); a plan with " +
					"at most " + strconv.Itoa(client.BulkReadThreshold) + " objects of a kind makes the same requests " +
					"either way. `\"off\"` reads every object with its own request.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(client.BulkReadsAuto, client.BulkReadsOff)},
			},
			"ca_certificate": schema.StringAttribute{
				MarkdownDescription: "A CA certificate to trust for `base_url` besides the system's roots, for a " +
					"self-hosted control plane whose certificate a private CA issued: PEM text (one or more " +
					"`-----BEGIN CERTIFICATE-----` blocks) or the path of a PEM file. Falls back to " +
					"`PORTKEY_CA_CERTIFICATE`. Certificates are always verified; there is no setting to skip that.",
				Optional: true,
			},
			"read_after_write_timeout": schema.StringAttribute{
				MarkdownDescription: "How long, after a create, update or delete, the provider waits for Portkey's " +
					"reads to show the change, as a Go duration such as `\"30s\"`. Portkey's reads are eventually " +
					"consistent: for a moment after a write they may still answer the version before it. Falls back " +
					"to `PORTKEY_READ_AFTER_WRITE_TIMEOUT`, then to `\"30s\"`. When the time passes first, the " +
					"provider trusts the change Portkey accepted: it records the planned values with a warning, and " +
					"later refreshes that still read the older version keep them.",
				Optional:   true,
				Validators: []validator.String{durationValidator{}},
			},
		},
	}
}

func (p *portkeyProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for attr, v := range map[string]interface{ IsUnknown() bool }{
		"api_key": cfg.APIKey, "base_url": cfg.BaseURL, "max_retries": cfg.MaxRetries,
		"request_timeout": cfg.RequestTimeout, "requests_per_second": cfg.RequestsPerSecond,
		"ca_certificate":           cfg.CACertificate,
		"read_after_write_timeout": cfg.ReadAfterWrite,
		"bulk_reads":               cfg.BulkReads,
	} {
		if v.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(attr), "Unknown Portkey Provider Setting",
				fmt.Sprintf("The provider's %s depends on a value that is not known until apply. Set it to a known "+
					"value (or use its environment variable), or apply the resources it depends on first with -target.", attr))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	settings, diags := resolveSettings(cfg, os.LookupEnv)
	resp.Diagnostics.Append(diags...)
	settle, diags := resolveSettler(cfg, os.LookupEnv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings.UserAgent = fmt.Sprintf("terraform-provider-portkey/%s (+%s) Terraform/%s", p.version, projectURL, req.TerraformVersion)
	settings.Logger = tflogLogger{}
	c, err := client.New(settings)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Configure the Portkey Client", err.Error())
		return
	}
	tflog.Debug(ctx, "Configured the Portkey client", map[string]any{
		"base_url": settings.BaseURL, "max_retries": settings.MaxRetries,
		"request_timeout": settings.RequestTimeout.String(), "requests_per_second": settings.RequestsPerSecond,
		"bulk_reads": settings.BulkReads,
	})
	resp.DataSourceData = c
	data := &providerData{client: c, settle: settle}
	resp.ResourceData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

// resolveSettings merges the provider block with the environment (the block
// wins) and validates the result; every error names the setting and its
// environment variable.
func resolveSettings(cfg providerModel, lookupEnv func(string) (string, bool)) (client.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := client.Config{MaxRetries: client.DefaultMaxRetries, RequestTimeout: client.DefaultRequestTimeout}

	str := func(v types.String, env string) string {
		if !v.IsNull() {
			return v.ValueString()
		}
		s, _ := lookupEnv(env)
		return s
	}

	out.APIKey = str(cfg.APIKey, envAPIKey)
	if out.APIKey == "" {
		diags.AddAttributeError(path.Root("api_key"), "Missing Portkey API Key",
			"The provider needs an organisation Admin API key. Set api_key in the provider block or the "+
				envAPIKey+" environment variable. Create a key in Portkey under Admin Settings > API Keys.")
	}

	out.BaseURL = str(cfg.BaseURL, envBaseURL)
	if out.BaseURL == "" {
		out.BaseURL = client.DefaultBaseURL
	}
	if _, err := client.ParseBaseURL(out.BaseURL); err != nil {
		diags.AddAttributeError(path.Root("base_url"), "Invalid Portkey Base URL", err.Error()+". Fix base_url or "+envBaseURL+".")
	}

	switch {
	case !cfg.MaxRetries.IsNull():
		out.MaxRetries = int(cfg.MaxRetries.ValueInt64())
	default:
		if s, ok := lookupEnv(envMaxRetries); ok && s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				diags.AddAttributeError(path.Root("max_retries"), "Invalid Portkey Max Retries",
					fmt.Sprintf("%s=%q is not a whole number of 0 or more.", envMaxRetries, s))
			}
			out.MaxRetries = n
		}
	}
	if out.MaxRetries < 0 {
		diags.AddAttributeError(path.Root("max_retries"), "Invalid Portkey Max Retries", "max_retries must be 0 or more (0 disables retries).")
	}

	if s := str(cfg.RequestTimeout, envRequestTimeout); s != "" {
		d, err := parsePositiveDuration(s)
		if err != nil {
			diags.AddAttributeError(path.Root("request_timeout"), "Invalid Portkey Request Timeout",
				fmt.Sprintf("request_timeout (or %s) %q: %s", envRequestTimeout, s, err))
		}
		out.RequestTimeout = d
	}

	switch {
	case !cfg.RequestsPerSecond.IsNull():
		out.RequestsPerSecond = cfg.RequestsPerSecond.ValueFloat64()
	default:
		if s, ok := lookupEnv(envRequestsPerSecond); ok && s != "" {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil || f < 0 {
				diags.AddAttributeError(path.Root("requests_per_second"), "Invalid Portkey Requests Per Second",
					fmt.Sprintf("%s=%q is not a number of 0 or more (0 means unlimited).", envRequestsPerSecond, s))
			}
			out.RequestsPerSecond = f
		}
	}
	switch out.BulkReads = str(cfg.BulkReads, envBulkReads); out.BulkReads {
	case "":
		out.BulkReads = client.BulkReadsAuto
	case client.BulkReadsAuto, client.BulkReadsOff:
	default:
		diags.AddAttributeError(path.Root("bulk_reads"), "Invalid Portkey Bulk Reads",
			fmt.Sprintf("bulk_reads (or %s) is %q: use \"auto\" or \"off\".", envBulkReads, out.BulkReads))
	}
	if out.RequestsPerSecond < 0 {
		diags.AddAttributeError(path.Root("requests_per_second"), "Invalid Portkey Requests Per Second",
			"requests_per_second must be 0 or more (0 means unlimited).")
	}

	out.CACertificate = loadCACertificate(str(cfg.CACertificate, envCACertificate), &diags)
	return out, diags
}

func parsePositiveDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("not a Go duration such as \"30s\" or \"2m\"")
	}
	if d <= 0 {
		return 0, fmt.Errorf("must be greater than zero")
	}
	return d, nil
}

func (p *portkeyProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		// one line per resource, in alphabetical order
		NewAPIKeyResource,
		NewOrganizationResource,
		NewOrganizationGuardrailExclusionResource,
		NewUserResource,
		NewUserInviteResource,
		NewWorkspaceResource,
		NewWorkspaceMemberResource,
	}
}

func (p *portkeyProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		// one line per data source, in alphabetical order
		NewAPIKeyDataSource,
		NewAPIKeysDataSource,
		NewOrganizationDataSource,
		NewUserDataSource,
		NewUserInviteDataSource,
		NewUserInvitesDataSource,
		NewUsersDataSource,
		NewWorkspaceDataSource,
		NewWorkspaceMemberDataSource,
		NewWorkspaceMembersDataSource,
		NewWorkspacesDataSource,
	}
}

func (p *portkeyProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		// one line per ephemeral resource
		NewAPIKeyEphemeralResource,
	}
}

func (p *portkeyProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		// one line per list resource (Terraform >= 1.14), in alphabetical order
		NewAPIKeyListResource,
		NewUserListResource,
		NewUserInviteListResource,
		NewWorkspaceListResource,
		NewWorkspaceMemberListResource,
	}
}

func (p *portkeyProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		// one line per action (Terraform >= 1.14), in alphabetical order
		NewAPIKeyResetUsageAction,
		NewAPIKeyRotateAction,
		NewUserInviteResendAction,
	}
}

// tflogLogger bridges the client's debug log to tflog.
type tflogLogger struct{}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}
