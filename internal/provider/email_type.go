package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Emails compare case-insensitively: "Alice@Example.com" in configuration and
// "alice@example.com" from the API are the same value, so no diff is planned.
// Use emailType{} as the CustomType of every email attribute and
// emailValidator{} to reject malformed addresses at plan time.

var (
	_ basetypes.StringTypable                    = emailType{}
	_ basetypes.StringValuableWithSemanticEquals = emailValue{}
)

type emailType struct {
	basetypes.StringType
}

func (t emailType) String() string { return "emailType" }

func (t emailType) ValueType(context.Context) attr.Value { return emailValue{} }

func (t emailType) Equal(o attr.Type) bool {
	other, ok := o.(emailType)
	return ok && t.StringType.Equal(other.StringType)
}

func (t emailType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return emailValue{StringValue: in}, nil
}

func (t emailType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	sv, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return emailValue{StringValue: sv}, nil
}

// emailValue is an email address that equals another ignoring case.
type emailValue struct {
	basetypes.StringValue
}

func (v emailValue) Type(context.Context) attr.Type { return emailType{} }

func (v emailValue) Equal(o attr.Value) bool {
	other, ok := o.(emailValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v emailValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	nv, ok := newValuable.(emailValue)
	if !ok {
		diags.AddError("Semantic Equality Check Error", fmt.Sprintf("Expected an email value, got %T. Please report this bug.", newValuable))
		return false, diags
	}
	return strings.EqualFold(v.ValueString(), nv.ValueString()), diags
}

func newEmailValue(s string) emailValue { return emailValue{StringValue: basetypes.NewStringValue(s)} }

// emailPattern accepts what Portkey accepts in practice: one @, a non-empty
// local part without spaces, and a dotted domain.
var emailPattern = regexp.MustCompile(`^[^\s@]+@[^\s@]+\.[^\s@]+$`)

func validEmail(s string) bool { return emailPattern.MatchString(s) }

// emailValidator rejects malformed addresses at plan time.
type emailValidator struct{}

func (emailValidator) Description(context.Context) string {
	return "must be an email address such as alice@example.com"
}

func (v emailValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (emailValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if !validEmail(req.ConfigValue.ValueString()) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Email Address",
			fmt.Sprintf("%q is not an email address; write it as name@example.com.", req.ConfigValue.ValueString()))
	}
}

// uniqueEmailsValidator refuses a set of addresses two of which differ only
// in case: Portkey compares addresses case-insensitively, so it would keep
// one of them, and the set would differ from what it stores on every plan.
type uniqueEmailsValidator struct{}

func (uniqueEmailsValidator) Description(context.Context) string {
	return "must not hold the same address twice (addresses compare case-insensitively)"
}

func (v uniqueEmailsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (uniqueEmailsValidator) ValidateSet(ctx context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	seen := map[string]string{}
	for _, el := range req.ConfigValue.Elements() {
		sv, ok := el.(basetypes.StringValuable)
		if !ok || el.IsNull() || el.IsUnknown() {
			continue
		}
		s, diags := sv.ToStringValue(ctx)
		if diags.HasError() {
			continue
		}
		addr := s.ValueString()
		key := strings.ToLower(addr)
		if first, dup := seen[key]; dup {
			resp.Diagnostics.AddAttributeError(req.Path, "Duplicate Email Address",
				fmt.Sprintf("%q and %q are the same address: Portkey compares addresses case-insensitively. Keep one.", first, addr))
			continue
		}
		seen[key] = addr
	}
}
