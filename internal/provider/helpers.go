package provider

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"strings"
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
	if pd, ok := data.(*providerData); ok && pd != nil {
		return pd.client
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
		attempts := ""
		switch {
		case apiErr.Attempts > 1:
			attempts = fmt.Sprintf(" on the last of %d attempts", apiErr.Attempts)
		case apiErr.StatusCode >= 500 || apiErr.StatusCode == http.StatusTooManyRequests:
			attempts = " on its only attempt"
		}
		return fmt.Sprintf("Portkey answered %s %s with HTTP %d %s (Portkey error code: %s)%s: %s",
			apiErr.Method, apiErr.Path, apiErr.StatusCode, http.StatusText(apiErr.StatusCode), code, attempts, apiErr.Message)
	}
	var tErr *client.TransportError
	if errors.As(err, &tErr) {
		return fmt.Sprintf("The request %s %s failed: %s, after %s (%v).", tErr.Method, tErr.Path, tErr.Failure(),
			client.AttemptsText(max(tErr.Attempts, 1)), tErr.Err)
	}
	return err.Error()
}

// genericHint is the advice for a kind of failure: the provider setting that
// helps. Plans show it too, so it never says "apply again".
func genericHint(err error) string {
	var apiErr *client.APIError
	var tErr *client.TransportError
	switch {
	case errors.Is(err, client.ErrUnauthorized):
		return "Portkey rejected the API key. Check the provider's api_key setting (or the PORTKEY_API_KEY " +
			"environment variable): the key may be mistyped, revoked, expired, or not an organisation Admin API key. " +
			"The provider sends nothing more with a rejected key: the other operations of this run fail with this " +
			"same error, without calling Portkey."
	case errors.Is(err, client.ErrForbidden):
		return forbiddenHint(err, true)
	case errors.Is(err, client.ErrRateLimited):
		return "Portkey kept rate-limiting the requests after every retry. Lower requests_per_second in the " +
			"provider block (it paces all of Terraform's parallel operations), or raise max_retries to keep retrying longer."
	case errors.As(err, &apiErr) && apiErr.StatusCode >= 500:
		return "Portkey had a server error. Raise max_retries in the provider block to keep retrying longer, and " +
			"check https://status.portkey.ai if it persists."
	case errors.As(err, new(x509.UnknownAuthorityError)):
		return "The server's certificate was issued by a CA this machine does not trust. For a self-hosted " +
			"control plane behind a private CA, set the provider's ca_certificate (or PORTKEY_CA_CERTIFICATE) to " +
			"that CA's PEM certificate or the path of its file."
	case errors.As(err, &tErr):
		switch tErr.Failure() {
		case client.FailureTimeout:
			return "Raise request_timeout in the provider block if Portkey is slow to answer, or max_retries to " +
				"retry more often."
		case client.FailureRefused, client.FailureUnknownHost, client.FailureTLS:
			return "Check the provider's base_url (or PORTKEY_BASE_URL) and the network path to it."
		case client.FailureCanceled, client.FailureNotSent:
			return ""
		}
		return "The connection to Portkey failed before it answered. Raise max_retries in the provider block to " +
			"keep retrying longer."
	}
	return ""
}

// addAPIErrorOwnHint is addAPIError for a caller whose hint replaces the
// generic advice (it has learned more, such as that a 403 is not a deletion):
// one paragraph of advice, never a specific and a generic one that disagree.
func addAPIErrorOwnHint(diags *diag.Diagnostics, action string, err error, hint string) {
	diags.AddError("Unable to "+action, describeAPIError(err)+"\n\n"+hint)
}

// forbiddenHint explains a 403: the scope the call needs (the client's table
// of operations, client.OperationOf) and, when mayBeGone and Portkey also
// answers 403 for an object that no longer exists there, that it may be gone.
func forbiddenHint(err error, mayBeGone bool) string {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		return ""
	}
	op, ok := apiErr.Operation()
	if !ok {
		return "Portkey refused the call to this API key: it may lack the scope the call needs, act only inside " +
			"another workspace, or the organisation's plan may not include this feature."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Portkey refused %s to this API key. The call needs %s: add it to the key in Portkey (API Keys), "+
		"or use an organisation Admin API key that has it. A workspace key also acts only inside its own workspace, "+
		"and some features need a higher Portkey plan.", op.Route, scopeList(op.Scopes))
	if mayBeGone && len(op.MayBeGone) > 0 {
		var what []string
		for _, g := range op.MayBeGone {
			switch ws, user := op.Params["workspace"], op.Params["user"]; {
			case g == client.GoneWorkspace && ws != "":
				what = append(what, fmt.Sprintf("workspace %q was deleted", ws))
			case g == client.GoneWorkspace:
				what = append(what, "the key's workspace was deleted")
			case g == client.GoneUser && user != "":
				what = append(what, fmt.Sprintf("user %q left the organisation", user))
			case g == client.GoneUser:
				what = append(what, "the key's user left the organisation")
			}
		}
		fmt.Fprintf(&b, " Portkey also answers 403 when %s: check in Portkey that it still exists. An object "+
			"Terraform manages that was deleted outside it is planned again by the next terraform plan; a reference "+
			"to it must name one that exists.", strings.Join(what, " or when "))
	}
	return b.String()
}

// scopeList writes scopes for a message: "the `a` scope", or, when any one of
// several will do (API key routes, whose scope follows the key's type), "one
// of the scopes `a`, `b` or `c` (the one for the key's type)".
func scopeList(scopes []string) string {
	switch len(scopes) {
	case 0:
		return "a scope"
	case 1:
		return "the " + scopes[0] + " scope"
	}
	return "one of the scopes " + strings.Join(scopes[:len(scopes)-1], ", ") + " or " + scopes[len(scopes)-1] +
		" (the one for the key's type)"
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
