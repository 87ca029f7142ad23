package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// testUserID is a well-formed user id for configurations that never reach
// Portkey.
const testUserID = "61e08f60-4822-465e-ba23-39f85cd741cb"

// A bad type combination is one error: no "Missing User" or "Unexpected
// Workspace" next to it, whose advice depends on how the combination is fixed.
func TestAPIKeyValidate_oneErrorForABadCombination(t *testing.T) {
	t.Parallel()
	for name, m := range map[string]apiKeyModel{
		"no user, no workspace": {Type: types.StringValue("organisation"), SubType: types.StringValue("user")},
		"with a workspace": {Type: types.StringValue("organisation"), SubType: types.StringValue("user"),
			WorkspaceID: types.StringValue("ws-x")},
	} {
		diags := m.validate(context.Background())
		if diags.ErrorsCount() != 1 || diags.Errors()[0].Summary() != "Invalid API Key Type" {
			t.Errorf("%s: diagnostics = %v, want only Invalid API Key Type", name, diags)
		}
	}
	// A valid combination still gets the checks of workspace_id and user_id.
	m := apiKeyModel{Type: types.StringValue("workspace"), SubType: types.StringValue("user")}
	diags := m.validate(context.Background())
	if diags.ErrorsCount() != 2 {
		t.Errorf("workspace/user without workspace_id and user_id: %v, want Missing Workspace and Missing User", diags)
	}
}

func TestUniqueEmailsValidator(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		emails []string
		errors int
	}{
		"distinct":                {[]string{"ops@example.com", "dev@example.com"}, 0},
		"differ only in case":     {[]string{"Ops@Example.com", "ops@example.com"}, 1},
		"three spellings, 2 dups": {[]string{"a@example.com", "A@example.com", "a@EXAMPLE.com"}, 2},
	} {
		elems := make([]attr.Value, len(tc.emails))
		for i, e := range tc.emails {
			elems[i] = newEmailValue(e)
		}
		req := validator.SetRequest{Path: path.Root("alert_emails"), ConfigValue: types.SetValueMust(emailType{}, elems)}
		var resp validator.SetResponse
		uniqueEmailsValidator{}.ValidateSet(context.Background(), req, &resp)
		if resp.Diagnostics.ErrorsCount() != tc.errors {
			t.Errorf("%s: %v, want %d errors", name, resp.Diagnostics, tc.errors)
		}
		for _, d := range resp.Diagnostics.Errors() {
			if !strings.Contains(d.Detail(), "are the same address") {
				t.Errorf("%s: detail %q", name, d.Detail())
			}
		}
	}
}

func TestUserIDValidator(t *testing.T) {
	t.Parallel()
	for in, ok := range map[string]bool{
		testUserID:                             true,
		"B2182DEB-05C8-11F1-84D4-024C88F9CBD3": true, // v1 UUIDs, as Portkey's look, in any case
		"":                                     false,
		"alice@example.com":                    false,
		"61e08f60-4822-465e-ba23-39f85cd741c":  false,
		"61e08f60482246 5eba2339f85cd741cb":    false,
	} {
		req := validator.StringRequest{Path: path.Root("user_id"), ConfigValue: types.StringValue(in)}
		var resp validator.StringResponse
		userIDValidator{}.ValidateString(context.Background(), req, &resp)
		if got := !resp.Diagnostics.HasError(); got != ok {
			t.Errorf("%q: valid = %v, want %v (%v)", in, got, ok, resp.Diagnostics)
		}
		if !ok && resp.Diagnostics.ErrorsCount() == 1 && !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "user_id must be a Portkey user id") {
			t.Errorf("%q: the message does not name the attribute: %v", in, resp.Diagnostics)
		}
	}
}
