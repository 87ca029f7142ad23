package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The invite lifecycle's plan-time rules, driven through ModifyPlan
// directly: the acceptance tests prove the plans are empty or replace, and
// these prove the diagnostics Terraform prints alongside (the testing
// framework does not expose warnings).

func inviteModelForPlan(t *testing.T, status string, reinvite bool) userInviteResourceModel {
	t.Helper()
	ws, diags := userInviteWorkspacesValue(context.Background(), []userInviteWorkspaceModel{
		{ID: types.StringValue(inviteWSAlpha), Role: types.StringValue("member")},
	})
	if diags.HasError() {
		t.Fatal(diags)
	}
	return userInviteResourceModel{
		ID:                  types.StringValue("4d1f7a52-9c1e-4a57-8f0e-2b6d3c4e5f60"),
		Email:               newEmailValue("yara@example.com"),
		Role:                types.StringValue("member"),
		Workspaces:          ws,
		Scopes:              types.SetNull(types.StringType),
		ResendTrigger:       types.StringNull(),
		ReinviteWhenExpired: types.BoolValue(reinvite),
		Status:              types.StringValue(status),
		InviteLink:          types.StringValue("https://app.portkey.ai/invite/secret"),
		InvitedBy:           types.StringValue("owner"),
		CreatedAt:           types.StringValue("2026-03-02T16:36:52.000Z"),
		ExpiresAt:           types.StringValue("2026-03-09T16:36:52.000Z"),
		AcceptedAt:          types.StringNull(),
	}
}

func runInviteModifyPlan(t *testing.T, state, plan userInviteResourceModel) *resource.ModifyPlanResponse {
	t.Helper()
	ctx := context.Background()
	r := &userInviteResource{}
	var schemaResp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	sch := schemaResp.Schema
	nullRaw := tftypes.NewValue(sch.Type().TerraformType(ctx), nil)

	st := tfsdk.State{Schema: sch, Raw: nullRaw}
	if d := st.Set(ctx, state); d.HasError() {
		t.Fatal(d)
	}
	pl := tfsdk.Plan{Schema: sch, Raw: nullRaw}
	if d := pl.Set(ctx, plan); d.HasError() {
		t.Fatal(d)
	}
	resp := &resource.ModifyPlanResponse{Plan: pl}
	r.ModifyPlan(ctx, resource.ModifyPlanRequest{State: st, Plan: pl, Config: tfsdk.Config{Schema: sch, Raw: pl.Raw}}, resp)
	return resp
}

func TestUserInviteModifyPlan_expiredWarns(t *testing.T) {
	t.Parallel()
	for _, status := range []string{"expired", "cancelled"} {
		state := inviteModelForPlan(t, status, false)
		resp := runInviteModifyPlan(t, state, state)
		if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 {
			t.Fatalf("%s: diagnostics %v, want one warning", status, resp.Diagnostics)
		}
		w := resp.Diagnostics.Warnings()[0]
		detail := w.Detail()
		if !strings.Contains(detail, "yara@example.com") || !strings.Contains(detail, "reinvite_when_expired = true") {
			t.Errorf("%s: warning %q / %q does not name the email and the fix", status, w.Summary(), detail)
		}
		if status == "expired" && !strings.Contains(detail, "expired at 2026-03-09T16:36:52.000Z") {
			t.Errorf("warning %q does not say when the invite expired", detail)
		}
		if status == "cancelled" && !strings.Contains(detail, "was cancelled") {
			t.Errorf("warning %q does not say the invite was cancelled", detail)
		}
		if len(resp.RequiresReplace) != 0 {
			t.Errorf("%s without reinvite_when_expired: replace %v", status, resp.RequiresReplace)
		}
		if strings.Contains(detail, "secret") {
			t.Errorf("the warning shows the invite link")
		}
	}
}

func TestUserInviteModifyPlan_reinviteReplaces(t *testing.T) {
	t.Parallel()
	for _, status := range []string{"expired", "cancelled"} {
		state := inviteModelForPlan(t, status, true)
		resp := runInviteModifyPlan(t, state, state)
		if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 0 {
			t.Errorf("%s: diagnostics %v", status, resp.Diagnostics)
		}
		if !resp.RequiresReplace.Contains(path.Root("status")) {
			t.Errorf("%s with reinvite_when_expired: RequiresReplace %v, want status", status, resp.RequiresReplace)
		}
		var planned types.String
		resp.Plan.GetAttribute(context.Background(), path.Root("status"), &planned)
		if !planned.IsUnknown() {
			t.Errorf("%s: planned status %v, want unknown (the replacement's)", status, planned)
		}
	}
}

func TestUserInviteModifyPlan_pendingAndAccepted(t *testing.T) {
	t.Parallel()
	for _, status := range []string{"pending", "accepted"} {
		state := inviteModelForPlan(t, status, true)
		resp := runInviteModifyPlan(t, state, state)
		if len(resp.Diagnostics) != 0 || len(resp.RequiresReplace) != 0 {
			t.Errorf("%s: diagnostics %v, replace %v; want neither", status, resp.Diagnostics, resp.RequiresReplace)
		}
	}

	accepted := inviteModelForPlan(t, "accepted", false)
	changedRole := accepted
	changedRole.Role = types.StringValue("admin")
	if resp := runInviteModifyPlan(t, accepted, changedRole); !resp.Diagnostics.HasError() {
		t.Error("changing the role of an accepted invite planned without an error")
	}
	otherCase := accepted
	otherCase.Email = newEmailValue("YARA@example.com")
	if resp := runInviteModifyPlan(t, accepted, otherCase); resp.Diagnostics.HasError() {
		t.Errorf("a change of case only: %v", resp.Diagnostics)
	}
	otherPerson := changedRole
	otherPerson.Email = newEmailValue("zoe@example.com")
	if resp := runInviteModifyPlan(t, accepted, otherPerson); resp.Diagnostics.HasError() {
		t.Errorf("inviting someone else in place of an accepted invite: %v", resp.Diagnostics)
	}
}

func TestUserInviteResendWanted(t *testing.T) {
	t.Parallel()
	s := types.StringValue
	null := types.StringNull()
	cases := []struct {
		name          string
		before, after types.String
		status        string
		want          bool
	}{
		{"unchanged", s("a"), s("a"), "pending", false},
		{"set", null, s("a"), "pending", true},
		{"changed", s("a"), s("b"), "pending", true},
		{"removed", s("a"), null, "pending", false},
		{"accepted", s("a"), s("b"), "accepted", false},
		{"expired", s("a"), s("b"), "expired", false},
		{"cancelled", null, s("b"), "cancelled", false},
	}
	for _, c := range cases {
		if got := resendWanted(c.before, c.after, types.StringValue(c.status)); got != c.want {
			t.Errorf("%s: resendWanted = %v, want %v", c.name, got, c.want)
		}
	}
}
