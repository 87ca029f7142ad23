package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// akValidationCases are the rules checked at plan time, each with a
// configuration body that breaks it and the error it must produce. The
// identity lines come first: a case replaces them when it sets `type`.
var akValidationCases = []struct {
	name, body, want string
	resourceOnly     bool
}{
	{"organisation user key", `type = "organisation"` + "\nsub_type = \"user\"\nuser_id = \"61e08f60-4822-465e-ba23-39f85cd741cb\"\n", `Portkey has no organisation user keys`, false},
	{"workspace key without workspace", `type = "workspace"` + "\nsub_type = \"service\"\n", `A workspace key needs workspace_id`, false},
	{"organisation key with workspace", `type = "organisation"` + "\nsub_type = \"service\"\nworkspace_id = \"ws-x\"\n", `An organisation key belongs to no workspace`, false},
	{"user key without user", `type = "workspace"` + "\nsub_type = \"user\"\nworkspace_id = \"ws-x\"\n", `A user key needs user_id`, false},
	{"service key with user", `type = "workspace"` + "\nsub_type = \"service\"\nworkspace_id = \"ws-x\"\nuser_id = \"61e08f60-4822-465e-ba23-39f85cd741cb\"\n", `A service key belongs to no user`, false},
	{"user_id not a UUID", `type = "workspace"` + "\nsub_type = \"user\"\nworkspace_id = \"ws-x\"\nuser_id = \"alice@example.com\"\n", `Invalid User ID.*user_id must be a Portkey user id, a UUID`, false},
	{"unknown type", `type = "team"` + "\nsub_type = \"service\"\n", `value must be one of`, false},
	{"unknown sub_type", `type = "organisation"` + "\nsub_type = \"robot\"\n", `value must be one of`, false},
	{"empty workspace_id", `workspace_id = ""`, `string length must be at least 1`, false},
	{"empty scopes", `scopes = []`, `must contain at least 1 elements`, false},
	{"blank scope", `scopes = ["logs view"]`, `must not contain spaces`, false},
	{"empty scope", `scopes = [""]`, `Empty Scope.*A scope must not be empty`, false},
	{"empty name", `name = ""`, `string length must be between 1 and 100`, false},
	{"long name", `name = "` + strings.Repeat("n", 101) + `"`, `string length must be between 1 and 100`, false},
	{"empty description", `description = ""`, `string length must be between 1 and 200`, false},
	{"long description", `description = "` + strings.Repeat("d", 201) + `"`, `string length must be between 1 and 200`, false},
	{"empty metadata", `metadata = {}`, `map must contain at least 1 elements`, false},
	{"empty config_id", `config_id = ""`, `string length must be at least 1`, false},
	{"malformed alert email", `alert_emails = ["ops@example.com", "ops-at-example"]`, `Invalid Email Address`, false},
	{"empty alert emails", `alert_emails = []`, `must contain at least 1 elements`, false},
	{"alert emails differing in case", `alert_emails = ["Ops@Example.com", "ops@example.com"]`, `Duplicate Email Address.*are the same address: Portkey compares addresses case-insensitively`, false},
	{"expires_at not RFC 3339", `expires_at = "2027-01-01 00:00:00"`, `Invalid RFC 3339 Time`, false},
	{"expires_at a date", `expires_at = "2027-01-01"`, `Invalid RFC 3339 Time`, false},
	{"expires_at in the past", `expires_at = "2020-01-01T00:00:00Z"`, `Time in the Past`, false},
	{"rate limit unit", `rate_limits = [{ type = "requests", unit = "rpy", value = 1 }]`, `value must be one of`, false},
	{"rate limit type", `rate_limits = [{ type = "bytes", unit = "rpm", value = 1 }]`, `value must be one of`, false},
	{"rate limit negative", `rate_limits = [{ type = "requests", unit = "rpm", value = -1 }]`, `value must be at least 0`, false},
	{"rate limit missing value", `rate_limits = [{ type = "requests", unit = "rpm" }]`, `Incorrect attribute value type|attribute "value" is required`, false},
	{"empty rate limits", `rate_limits = []`, `must contain at least 1 elements`, false},
	{"both reset styles", `usage_limits = { credit_limit = 5, periodic_reset = "monthly", periodic_reset_days = 7 }`, `Conflicting Usage Resets`, false},
	{"reset days zero", `usage_limits = { periodic_reset_days = 0 }`, `value must be between 1 and 365`, false},
	{"reset days too many", `usage_limits = { periodic_reset_days = 366 }`, `value must be between 1 and 365`, false},
	{"periodic reset", `usage_limits = { periodic_reset = "daily" }`, `value must be one of`, false},
	{"usage type", `usage_limits = { type = "money", credit_limit = 1 }`, `value must be one of`, false},
	{"credit limit zero", `usage_limits = { credit_limit = 0 }`, `credit_limit must be greater than 0`, false},
	{"credit limit negative", `usage_limits = { credit_limit = -2.5 }`, `credit_limit must be greater than 0`, false},
	{"alert threshold negative", `usage_limits = { credit_limit = 5, alert_threshold = -1 }`, `value must be at least 0`, false},
	{"rotation without schedule", `rotation_policy = { key_transition_period_ms = 1800000 }`, `Missing Rotation Schedule`, false},
	{"rotation with both schedules", `rotation_policy = { rotation_period = "weekly", next_rotation_at = "2099-01-01T00:00:00Z" }`, `Conflicting Rotation Schedule`, false},
	{"rotation period", `rotation_policy = { rotation_period = "daily" }`, `value must be one of`, false},
	{"rotation time format", `rotation_policy = { next_rotation_at = "soon" }`, `Invalid RFC 3339 Time`, false},
	{"rotation time not midnight", `rotation_policy = { next_rotation_at = "2099-01-01T10:00:00Z" }`, `Rotation Time Not at Midnight UTC`, false},
	{"rotation time in the past", `rotation_policy = { next_rotation_at = "2020-01-01T00:00:00Z" }`, `Time in the Past`, false},
	{"short transition", `rotation_policy = { rotation_period = "weekly", key_transition_period_ms = 60000 }`, `value must be at least 1800000`, false},
	{"transition past the period", `rotation_policy = { rotation_period = "weekly", key_transition_period_ms = 604800000 }`, `Transition Longer Than the Rotation Period`, false},
	{"rotate transition", `rotate_transition_period_ms = 1000`, `value must be at least 1800000`, true},
	{"empty rotate trigger", `rotate_trigger = ""`, `string length must be at least 1`, true},
}

// akValidationConfig builds a block of kind ("resource" or "ephemeral") with
// a valid workspace/service identity, overridden by body.
func akValidationConfig(e *accEnv, kind, body string) string {
	lines := map[string]string{
		"type": `type = "workspace"`, "sub_type": `sub_type = "service"`, "workspace_id": `workspace_id = "ws-keys-a-1a2b3c"`,
		"name": fmt.Sprintf("name = %q", e.Name("ci")), "scopes": `scopes = ["completions.write"]`,
	}
	if strings.Contains(body, "type = ") && !strings.Contains(body, "usage_limits") && !strings.Contains(body, "rate_limits") {
		delete(lines, "type")
		delete(lines, "sub_type")
		delete(lines, "workspace_id")
	}
	for _, l := range strings.Split(body, "\n") {
		if k, _, ok := strings.Cut(strings.TrimSpace(l), " = "); ok {
			delete(lines, k)
		}
	}
	var b strings.Builder
	for _, k := range []string{"type", "sub_type", "workspace_id", "name", "scopes"} {
		if l, ok := lines[k]; ok {
			b.WriteString("  " + l + "\n")
		}
	}
	for _, l := range strings.Split(body, "\n") {
		if l != "" {
			b.WriteString("  " + l + "\n")
		}
	}
	return e.Provider() + fmt.Sprintf("\n%s \"portkey_api_key\" \"test\" {\n%s}\n", kind, b.String())
}

// akErrorPattern matches want in Terraform's output, where long lines wrap.
func akErrorPattern(want string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.ReplaceAll(want, " ", `\s+`))
}

func TestAccAPIKeyResource_validation(t *testing.T) {
	e := newAccEnv(t)
	steps := make([]resource.TestStep, 0, len(akValidationCases)+1)
	for _, tc := range akValidationCases {
		steps = append(steps, resource.TestStep{
			Config:      akValidationConfig(e, "resource", tc.body),
			PlanOnly:    true,
			ExpectError: akErrorPattern(tc.want),
		})
	}
	// The control: the base configuration itself is valid.
	steps = append(steps, resource.TestStep{
		Config:             akValidationConfig(e, "resource", ""),
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
	})
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

func TestAccAPIKeyResource_importIDValidation(t *testing.T) {
	e := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:        akValidationConfig(e, "resource", ""),
			ResourceName:  "portkey_api_key.test",
			ImportState:   true,
			ImportStateId: "ci-key",
			ExpectError:   akErrorPattern(`Invalid API Key Import ID`),
		}},
	})
}

func TestAccAPIKeyEphemeral_validation(t *testing.T) {
	e := newAccEnv(t)
	var steps []resource.TestStep
	for _, tc := range akValidationCases {
		if tc.resourceOnly {
			continue
		}
		steps = append(steps, resource.TestStep{
			Config:      akValidationConfig(e, "ephemeral", tc.body),
			PlanOnly:    true,
			ExpectError: akErrorPattern(tc.want),
		})
	}
	// Triggers do not exist on the ephemeral resource.
	steps = append(steps, resource.TestStep{
		Config:      akValidationConfig(e, "ephemeral", `rotate_trigger = "x"`),
		PlanOnly:    true,
		ExpectError: akErrorPattern(`An argument named "rotate_trigger" is not expected here`),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps:                    steps,
	})
}
