package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Types, validators and plan modifiers of the API key schemas.

// ---- RFC 3339 times compared as instants ----

// rfc3339Type is a string holding an RFC 3339 time. Values that name the
// same instant are semantically equal, so "2027-01-01T01:00:00+01:00" in the
// configuration and Portkey's "2027-01-01T00:00:00.000Z" plan no change.
//
// Why not terraform-plugin-framework-timetypes' timetypes.RFC3339: its
// semantic equality (v0.5.0) compares the two times formatted back as RFC 3339,
// offset included, so it equates only spellings of one instant in one offset
// ("Z" and "+00:00"), and documents "2023-07-25T23:43:16+00:00" and
// "2023-07-25T20:43:16-03:00" as NOT equal. Portkey always answers in UTC, so
// a configuration written with an offset (expires_at = "...T02:00:00+02:00",
// TestAccAPIKeyResource_update writes one) would plan a change on every run.
// Equality of instants is the rule this type exists for, and the library
// cannot express it.
type rfc3339Type struct {
	basetypes.StringType
}

var (
	_ basetypes.StringTypable                    = rfc3339Type{}
	_ basetypes.StringValuableWithSemanticEquals = rfc3339Value{}
)

func (t rfc3339Type) String() string { return "rfc3339Type" }

func (t rfc3339Type) ValueType(context.Context) attr.Value { return rfc3339Value{} }

func (t rfc3339Type) Equal(o attr.Type) bool {
	other, ok := o.(rfc3339Type)
	return ok && t.StringType.Equal(other.StringType)
}

func (t rfc3339Type) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return rfc3339Value{StringValue: in}, nil
}

func (t rfc3339Type) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	sv, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return rfc3339Value{StringValue: sv}, nil
}

// rfc3339Value is an RFC 3339 time that equals another naming the same instant.
type rfc3339Value struct {
	basetypes.StringValue
}

func (v rfc3339Value) Type(context.Context) attr.Type { return rfc3339Type{} }

func (v rfc3339Value) Equal(o attr.Value) bool {
	other, ok := o.(rfc3339Value)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v rfc3339Value) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	nv, ok := newValuable.(rfc3339Value)
	if !ok {
		diags.AddError("Semantic Equality Check Error", fmt.Sprintf("Expected an RFC 3339 value, got %T. Please report this bug.", newValuable))
		return false, diags
	}
	a, errA := time.Parse(time.RFC3339, v.ValueString())
	b, errB := time.Parse(time.RFC3339, nv.ValueString())
	if errA != nil || errB != nil {
		return v.ValueString() == nv.ValueString(), diags
	}
	return a.Equal(b), diags
}

// newRFC3339Pointer returns an API time in canonical form, UTC without
// fractional seconds ("2027-01-01T00:00:00Z"): the form a configuration most
// likely uses, so that an imported key plans no change. Other spellings of
// the same instant are equal semantically.
func newRFC3339Pointer(s *string) rfc3339Value {
	if s != nil {
		if t, err := time.Parse(time.RFC3339, *s); err == nil {
			c := t.UTC().Format(time.RFC3339)
			s = &c
		}
	}
	return rfc3339Value{StringValue: basetypes.NewStringPointerValue(s)}
}

// rfc3339Validator rejects strings that are not RFC 3339 times; with
// midnightUTC, also times that are not exactly midnight UTC.
type rfc3339Validator struct{ midnightUTC bool }

func (v rfc3339Validator) Description(context.Context) string {
	if v.midnightUTC {
		return "must be an RFC 3339 time at midnight UTC, such as 2027-01-01T00:00:00Z"
	}
	return "must be an RFC 3339 time such as 2027-01-01T00:00:00Z"
}

func (v rfc3339Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v rfc3339Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid RFC 3339 Time",
			fmt.Sprintf("%q is not an RFC 3339 time: write it as 2027-01-01T00:00:00Z (or with an offset such as +02:00).", s))
		return
	}
	if u := t.UTC(); v.midnightUTC && (u.Hour() != 0 || u.Minute() != 0 || u.Second() != 0 || u.Nanosecond() != 0) {
		resp.Diagnostics.AddAttributeError(req.Path, "Rotation Time Not at Midnight UTC",
			fmt.Sprintf("%q is not midnight UTC. Portkey rounds next_rotation_at to midnight UTC, so write the "+
				"day you mean as %s.", s, time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC).Format(time.RFC3339)))
	}
}

// apiKeyPositiveFloat requires a number greater than zero.
type apiKeyPositiveFloat struct{}

func (apiKeyPositiveFloat) Description(context.Context) string { return "must be greater than 0" }

func (v apiKeyPositiveFloat) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (apiKeyPositiveFloat) ValidateFloat64(_ context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if req.ConfigValue.ValueFloat64() <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Credit Limit",
			fmt.Sprintf("credit_limit must be greater than 0, got %v.", req.ConfigValue.ValueFloat64()))
	}
}

// ---- plan modifiers ----

// apiKeyTrigger is an input whose change makes a computed value change.
type apiKeyTrigger struct {
	name  string
	path  *tftypes.AttributePath
	fires func(prior, planned tftypes.Value) bool
}

func apiKeyAttrPath(names ...string) *tftypes.AttributePath {
	p := tftypes.NewAttributePath()
	for _, n := range names {
		p = p.WithAttributeName(n)
	}
	return p
}

// apiKeyValueAt reads the value at p; a path through a null object is null.
func apiKeyValueAt(raw tftypes.Value, p *tftypes.AttributePath) tftypes.Value {
	v, _, err := tftypes.WalkAttributePath(raw, p)
	if err != nil {
		return tftypes.Value{}
	}
	tv, ok := v.(tftypes.Value)
	if !ok {
		return tftypes.Value{}
	}
	return tv
}

func apiKeyIsNull(v tftypes.Value) bool { return v.Type() == nil || v.IsNull() }

func apiKeySame(a, b tftypes.Value) bool {
	if apiKeyIsNull(a) || apiKeyIsNull(b) {
		return apiKeyIsNull(a) && apiKeyIsNull(b)
	}
	return a.Equal(b)
}

// apiKeyChanged fires on any change of the input.
func apiKeyChanged(prior, planned tftypes.Value) bool { return !apiKeySame(prior, planned) }

// apiKeyRotateFires: rotate_trigger set to a new value (unknown counts; removing
// it does not rotate).
func apiKeyRotateFires(prior, planned tftypes.Value) bool {
	return !apiKeyIsNull(planned) && !apiKeySame(prior, planned)
}

// apiKeyResetFires: reset_usage becomes true (unknown counts).
func apiKeyResetFires(prior, planned tftypes.Value) bool {
	if apiKeyIsNull(planned) {
		return false
	}
	if !planned.IsKnown() {
		return true
	}
	var now, before bool
	if err := planned.As(&now); err != nil || !now {
		return false
	}
	if !apiKeyIsNull(prior) && prior.IsKnown() {
		_ = prior.As(&before)
	}
	return !before
}

// apiKeyNotActive fires when the prior status is anything but "active": an
// update may revive an expired or exhausted key (Portkey re-evaluates the
// status when it stores the key), so the plan does not promise the old status.
func apiKeyNotActive(prior, _ tftypes.Value) bool {
	if apiKeyIsNull(prior) || !prior.IsKnown() {
		return false
	}
	var s string
	if err := prior.As(&s); err != nil {
		return false
	}
	return s != "active"
}

var (
	apiKeyOnInactive    = apiKeyTrigger{"status (a key that is not active)", apiKeyAttrPath("status"), apiKeyNotActive}
	apiKeyOnRotate      = apiKeyTrigger{"rotate_trigger", apiKeyAttrPath("rotate_trigger"), apiKeyRotateFires}
	apiKeyOnReset       = apiKeyTrigger{"reset_usage", apiKeyAttrPath("reset_usage"), apiKeyResetFires}
	apiKeyOnExpiresAt   = apiKeyTrigger{"expires_at", apiKeyAttrPath("expires_at"), apiKeyChanged}
	apiKeyOnResetPeriod = apiKeyTrigger{"usage_limits.periodic_reset", apiKeyAttrPath("usage_limits", "periodic_reset"), apiKeyChanged}
	apiKeyOnResetDays   = apiKeyTrigger{"usage_limits.periodic_reset_days", apiKeyAttrPath("usage_limits", "periodic_reset_days"), apiKeyChanged}
	apiKeyOnRotation    = apiKeyTrigger{"rotation_policy.rotation_period", apiKeyAttrPath("rotation_policy", "rotation_period"), apiKeyChanged}

	// Portkey may show no next reset or rotation although a schedule is set;
	// the next write then computes one, so an update cannot promise the null.
	apiKeyOnResetScheduleWithoutNext = apiKeyNullWhileSet("a reset schedule while next_usage_reset_at is null",
		apiKeyAttrPath("usage_limits", "next_usage_reset_at"),
		apiKeyAttrPath("usage_limits", "periodic_reset"), apiKeyAttrPath("usage_limits", "periodic_reset_days"))
	apiKeyOnRotationWithoutNext = apiKeyNullWhileSet("a rotation period while next_rotation_at is null",
		apiKeyAttrPath("rotation_policy", "next_rotation_at"), apiKeyAttrPath("rotation_policy", "rotation_period"))
)

// apiKeyNullWhileSet fires when the prior value at computed is null while
// the plan sets any of the inputs that make the server compute it.
func apiKeyNullWhileSet(name string, computed *tftypes.AttributePath, inputs ...*tftypes.AttributePath) apiKeyTrigger {
	return apiKeyTrigger{name, tftypes.NewAttributePath(), func(prior, planned tftypes.Value) bool {
		if !apiKeyIsNull(apiKeyValueAt(prior, computed)) {
			return false
		}
		for _, in := range inputs {
			if !apiKeyIsNull(apiKeyValueAt(planned, in)) {
				return true
			}
		}
		return false
	}}
}

// keepUnlessTriggered keeps a computed value from the prior state (null
// included) unless one of its triggers fires: the secret survives updates
// and is replaced only by a rotation; status and last_reset_at change only
// with a usage reset; and so on.
type keepUnlessTriggered struct{ triggers []apiKeyTrigger }

func apiKeyKeepUnless(triggers ...apiKeyTrigger) keepUnlessTriggered {
	return keepUnlessTriggered{triggers}
}

func (m keepUnlessTriggered) Description(context.Context) string {
	names := ""
	for i, t := range m.triggers {
		if i > 0 {
			names += ", "
		}
		names += t.name
	}
	return "keeps the prior value unless one of these changes: " + names
}

func (m keepUnlessTriggered) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m keepUnlessTriggered) keep(state tfsdk.State, plan tfsdk.Plan) bool {
	if state.Raw.IsNull() || plan.Raw.IsNull() {
		return false // create or destroy
	}
	for _, t := range m.triggers {
		if t.fires(apiKeyValueAt(state.Raw, t.path), apiKeyValueAt(plan.Raw, t.path)) {
			return false
		}
	}
	return true
}

func (m keepUnlessTriggered) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.PlanValue.IsUnknown() || !m.keep(req.State, req.Plan) {
		return
	}
	resp.PlanValue = req.StateValue
}
