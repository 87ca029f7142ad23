package provider

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// scopesValidator checks the scopes of an API key (or of an invite's default
// key) at plan time, one diagnostic per scope: an empty scope or one with
// whitespace is an error; a name missing from Portkey's scope reference
// (client.KnownScopes) is a warning naming the closest known scope, not an
// error, since Portkey adds scopes over time.
type scopesValidator struct{}

func (scopesValidator) Description(context.Context) string {
	return "each scope must be a non-empty name without whitespace; a name outside Portkey's scope reference draws a warning"
}

func (v scopesValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (scopesValidator) ValidateSet(ctx context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, el := range req.ConfigValue.Elements() {
		sv, ok := el.(basetypes.StringValuable)
		if !ok || el.IsNull() || el.IsUnknown() {
			continue
		}
		s, diags := sv.ToStringValue(ctx)
		if diags.HasError() {
			continue
		}
		checkScope(req.Path.AtSetValue(el), s.ValueString(), resp)
	}
}

func checkScope(p path.Path, scope string, resp *validator.SetResponse) {
	switch {
	case scope == "":
		resp.Diagnostics.AddAttributeError(p, "Empty Scope",
			"A scope must not be empty: remove the empty string, or write a scope such as completions.write.")
	case strings.IndexFunc(scope, unicode.IsSpace) >= 0:
		resp.Diagnostics.AddAttributeError(p, "Invalid Scope",
			fmt.Sprintf("Scope %q must not contain spaces: scopes are names such as completions.write or workspaces.read.", scope))
	case !client.IsKnownScope(scope):
		hint := ""
		if closest := client.ClosestScope(scope); closest != "" {
			hint = fmt.Sprintf(" Did you mean %q?", closest)
		}
		resp.Diagnostics.AddAttributeWarning(p, "Unknown Scope",
			fmt.Sprintf("%q is not in Portkey's scope reference (listed on the portkey_api_key page).%s Portkey "+
				"adds scopes over time, so this is only a warning: if the scope is new, apply as planned.", scope, hint))
	}
}
