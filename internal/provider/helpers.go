package provider

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// createClockSkew is how far Portkey's clock may run behind this machine's
// when an ambiguous create looks for the object it may have made: only
// objects created at or after the attempt started, less this, are candidates,
// so an older object that merely shares the natural key is never adopted.
const createClockSkew = 5 * time.Second

// clientFrom turns the provider's configure data into the API client. Nil
// data (the provider is not configured yet, as during validation) yields nil
// without an error.
func clientFrom(data any, diags *diag.Diagnostics) *client.Client {
	if data == nil {
		return nil
	}
	c, ok := data.(*client.Client)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected *client.Client, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return c
}

// addAPIError adds the diagnostic for a failed API call: "Unable to <action>"
// with the HTTP status, Portkey error code and message, and what to do. hint,
// when not empty, is resource-specific advice placed before the generic one.
func addAPIError(diags *diag.Diagnostics, action string, err error, hint string) {
	diags.AddError("Unable to "+action, apiErrorDetail(err, hint))
}

func apiErrorDetail(err error, hint string) string {
	detail := describeAPIError(err)
	if hint != "" {
		detail += "\n\n" + hint
	}
	if generic := genericHint(err); generic != "" {
		detail += "\n\n" + generic
	}
	return detail
}

func describeAPIError(err error) string {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		code := apiErr.Code
		if code == "" {
			code = "none"
		}
		return fmt.Sprintf("Portkey answered %s %s with HTTP %d %s (Portkey error code: %s): %s",
			apiErr.Method, apiErr.Path, apiErr.StatusCode, http.StatusText(apiErr.StatusCode), code, apiErr.Message)
	}
	var tErr *client.TransportError
	if errors.As(err, &tErr) {
		return fmt.Sprintf("The request %s %s got no answer from Portkey: %v", tErr.Method, tErr.Path, tErr.Err)
	}
	return err.Error()
}

func genericHint(err error) string {
	var apiErr *client.APIError
	switch {
	case errors.Is(err, client.ErrUnauthorized):
		return "Portkey rejected the API key. Check the provider's api_key setting (or the PORTKEY_API_KEY " +
			"environment variable): the key may be mistyped, revoked, expired, or not an organisation Admin API key."
	case errors.Is(err, client.ErrForbidden):
		return "The API key is not allowed to do this: it may lack the scope this operation needs, belong to " +
			"another workspace, or the organisation's plan may not include this feature."
	case errors.Is(err, client.ErrRateLimited):
		return "Portkey kept rate-limiting the requests after every retry. Lower requests_per_second or raise " +
			"max_retries in the provider block, then apply again."
	case errors.As(err, &apiErr) && apiErr.StatusCode >= 500:
		return "Portkey had a server error. Nothing the plan did not show was changed; apply again, and check " +
			"https://status.portkey.ai if it persists."
	case errors.As(err, new(*client.TransportError)):
		return "Check the provider's base_url and the network path to it; raise request_timeout if Portkey is slow."
	}
	return ""
}

// baseURLValidator checks base_url at plan time with the client's own rules.
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "must be an https URL (http only for loopback hosts) without credentials, query or fragment"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := client.ParseBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Portkey Base URL", err.Error()+".")
	}
}

// durationValidator checks a positive Go duration string.
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return `must be a positive Go duration such as "30s" or "2m"`
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parsePositiveDuration(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration",
			fmt.Sprintf("%q: %s.", req.ConfigValue.ValueString(), err))
	}
}

// decimalFloat64 is a decimal the API answers (a float64) as the Terraform
// number a configuration writes for it. Terraform parses 99.99 in a
// configuration as a 512-bit decimal, while the float64 nearest to it is
// 99.98999…: types.Float64PointerValue would carry the latter, which
// Terraform compares as a different number, so an import (with nothing in
// state to keep the configuration's spelling) would plan an update. The
// float64's shortest decimal form, parsed as Terraform parses configuration
// numbers, is the configured value.
func decimalFloat64(p *float64) types.Float64 {
	if p == nil {
		return types.Float64Null()
	}
	dec, _, err := big.ParseFloat(strconv.FormatFloat(*p, 'g', -1, 64), 10, 512, big.ToNearestEven)
	if err != nil { // not a finite number: keep the float64
		return types.Float64Value(*p)
	}
	v, err := types.Float64Type.ValueFromTerraform(context.Background(), tftypes.NewValue(tftypes.Number, dec))
	if f, ok := v.(types.Float64); ok && err == nil {
		return f
	}
	return types.Float64Value(*p)
}

// attributeGetter is a plan, a state or a configuration.
type attributeGetter interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
}

// getAttributes reads top-level attributes, by name, into their targets. The
// checks made for every resource of every plan (ModifyPlan) read this way
// what they need: the framework's Get of a whole model reflects over every
// field (and compiles a regular expression per field), which costs more than
// the checks themselves.
func getAttributes(ctx context.Context, from attributeGetter, targets map[string]any) diag.Diagnostics {
	var diags diag.Diagnostics
	for name, target := range targets {
		diags.Append(from.GetAttribute(ctx, path.Root(name), target)...)
	}
	return diags
}
