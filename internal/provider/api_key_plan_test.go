package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestRFC3339Value_semanticEquality(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	v := func(s string) rfc3339Value { return rfc3339Value{StringValue: types.StringValue(s)} }
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"2027-01-01T00:00:00Z", "2027-01-01T00:00:00.000Z", true},
		{"2027-01-01T01:00:00+01:00", "2027-01-01T00:00:00.000Z", true},
		{"2027-01-01T00:00:00Z", "2027-01-01T00:00:01Z", false},
		{"not a time", "not a time", true},
		{"not a time", "2027-01-01T00:00:00Z", false},
	} {
		got, diags := v(tc.a).StringSemanticEquals(ctx, v(tc.b))
		if diags.HasError() || got != tc.want {
			t.Errorf("%s ~ %s = %v (%v), want %v", tc.a, tc.b, got, diags, tc.want)
		}
	}
	if got := newRFC3339Pointer(apiKeyPtr("2027-01-01T01:00:00.000+01:00")).ValueString(); got != "2027-01-01T00:00:00Z" {
		t.Errorf("canonical form = %s", got)
	}
	if !newRFC3339Pointer(nil).IsNull() {
		t.Error("nil should be null")
	}
}

func TestRFC3339Validator(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		v        string
		midnight bool
		ok       bool
	}{
		{"2027-01-01T00:00:00Z", true, true},
		{"2027-01-01T02:00:00+02:00", true, true},
		{"2027-01-01T10:00:00Z", true, false},
		{"2027-01-01T10:00:00Z", false, true},
		{"2027-01-01", false, false},
		{"2027-01-01 00:00:00", false, false},
	} {
		var resp validator.StringResponse
		rfc3339Validator{midnightUTC: tc.midnight}.ValidateString(context.Background(), validator.StringRequest{
			Path: path.Root("t"), ConfigValue: types.StringValue(tc.v),
		}, &resp)
		if resp.Diagnostics.HasError() == tc.ok {
			t.Errorf("%q (midnight %v): errors %v", tc.v, tc.midnight, resp.Diagnostics)
		}
	}
}

func TestAPIKeyTriggers(t *testing.T) {
	t.Parallel()
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	nullStr := tftypes.NewValue(tftypes.String, nil)
	unknownStr := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	boolean := func(b bool) tftypes.Value { return tftypes.NewValue(tftypes.Bool, b) }
	nullBool := tftypes.NewValue(tftypes.Bool, nil)
	for name, tc := range map[string]struct {
		fires          func(prior, planned tftypes.Value) bool
		prior, planned tftypes.Value
		want           bool
	}{
		"rotate: new value":       {apiKeyRotateFires, str("a"), str("b"), true},
		"rotate: first value":     {apiKeyRotateFires, nullStr, str("a"), true},
		"rotate: unchanged":       {apiKeyRotateFires, str("a"), str("a"), false},
		"rotate: removed":         {apiKeyRotateFires, str("a"), nullStr, false},
		"rotate: unknown":         {apiKeyRotateFires, str("a"), unknownStr, true},
		"reset: false to true":    {apiKeyResetFires, boolean(false), boolean(true), true},
		"reset: null to true":     {apiKeyResetFires, nullBool, boolean(true), true},
		"reset: stays true":       {apiKeyResetFires, boolean(true), boolean(true), false},
		"reset: true to false":    {apiKeyResetFires, boolean(true), boolean(false), false},
		"reset: unknown":          {apiKeyResetFires, boolean(true), tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue), true},
		"inactive: expired":       {apiKeyNotActive, str("expired"), unknownStr, true},
		"inactive: exhausted":     {apiKeyNotActive, str("exhausted"), unknownStr, true},
		"inactive: active":        {apiKeyNotActive, str("active"), unknownStr, false},
		"inactive: no prior":      {apiKeyNotActive, nullStr, unknownStr, false},
		"changed: null to null":   {apiKeyChanged, tftypes.Value{}, nullStr, false},
		"changed: value to other": {apiKeyChanged, str("weekly"), str("monthly"), true},
	} {
		if got := tc.fires(tc.prior, tc.planned); got != tc.want {
			t.Errorf("%s: fires = %v, want %v", name, got, tc.want)
		}
	}
}
