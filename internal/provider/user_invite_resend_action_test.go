package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The resend action re-sends a pending invite by id (a new link, shown to no
// one). An invite that is not pending, or does not exist, is refused at plan
// time, before anything is sent; an id not known at plan time is checked
// when the action runs.
func TestAction_userInviteResend(t *testing.T) {
	t.Parallel()
	f := newOrgFixture(t)
	h := newProtoHarness(t, f.url)
	const actionType = "portkey_user_invite_resend"
	pending := f.invites["pending"]
	before, err := f.srv.InviteLink(pending)
	if err != nil {
		t.Fatal(err)
	}

	run := h.runAction(actionType, map[string]tftypes.Value{"id": str(pending)})
	if !run.invoked || errorText(run.diags) != "" {
		t.Fatalf("resend: %s", run.text())
	}
	after, _ := f.srv.InviteLink(pending)
	if after == before {
		t.Fatal("the invite was not re-sent: same link")
	}
	if !strings.Contains(run.text(), "Re-sent the invite to frank@example.com") || strings.Contains(run.text(), after) ||
		strings.Contains(run.text(), "invite/") {
		t.Fatalf("progress %v", run.progress)
	}
	if n := f.srv.Count("POST /admin/users/invites/{id}/resend"); n != 1 {
		t.Fatalf("%d resends, want 1", n)
	}

	f.srv.ClearRequests()
	for status, want := range map[string]string{
		"accepted": "is accepted", "expired": "is expired", "cancelled": "is cancelled",
	} {
		run := h.runAction(actionType, map[string]tftypes.Value{"id": str(f.invites[status])})
		if msg := errorText(run.plan); run.invoked || !strings.Contains(msg, "User Invite Not Pending") || !strings.Contains(msg, want) {
			t.Errorf("%s invite: %s", status, run.text())
		}
	}
	missing := h.runAction(actionType, map[string]tftypes.Value{"id": str("0f0e0d0c-0000-4000-8000-000000000000")})
	if msg := errorText(missing.plan); missing.invoked || !strings.Contains(msg, "User Invite Not Found") {
		t.Errorf("unknown invite: %s", missing.text())
	}
	if n := f.srv.Count("POST /admin/users/invites/{id}/resend"); n != 0 {
		t.Fatalf("%d resends of invites that are not pending, want none", n)
	}

	// Unknown at plan time (an invite created in the same apply): planned
	// without a lookup; the invocation then checks the status itself.
	f.srv.ClearRequests()
	unknown := h.runAction(actionType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, tftypes.UnknownValue)})
	if unknown.invoked || errorText(unknown.plan) != "" || f.srv.Count("GET /admin/users/invites/{id}") != 0 {
		t.Fatalf("unknown id: %s", unknown.text())
	}
	if err := f.srv.ExpireInvite(pending); err != nil {
		t.Fatal(err)
	}
	_, diags := h.invokeAction(actionType, map[string]tftypes.Value{"id": str(pending)})
	if msg := errorText(diags); !strings.Contains(msg, "User Invite Not Pending") || f.srv.Count("POST /admin/users/invites/{id}/resend") != 0 {
		t.Fatalf("invoke of an invite that expired after the plan: %s", msg)
	}
}
