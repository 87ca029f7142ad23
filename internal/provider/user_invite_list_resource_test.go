package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Invites in every status, with their workspaces; reinvite_when_expired is
// cleared (its default), no link is ever listed, and every generated
// configuration plans no change: the expired and cancelled invites warn, as
// every plan of them does.
func TestListResource_userInvite(t *testing.T) {
	t.Parallel()
	f := newOrgFixture(t)
	h := newProtoHarness(t, f.url)
	const typeName = "portkey_user_invite"

	all, _ := objects(t, h.list(typeName, nil, true, 100))
	if got := strings.Join(displayNames(all), "|"); got != "frank@example.com (pending)|grace@example.com (expired)|"+
		"heidi@example.com (cancelled)|ivan@example.com (accepted)" {
		t.Fatalf("invites: %s", got)
	}
	if n := f.srv.Count("GET /admin/users/invites/{id}"); n != len(all) {
		t.Errorf("%d invite GETs for %d results", n, len(all))
	}
	for _, r := range all {
		ws, ok := attrOf(r.resource, "workspaces")
		var elems []tftypes.Value
		if !ok || ws.As(&elems) != nil || len(elems) != 2 {
			t.Fatalf("%s: workspaces %v", r.displayName, ws)
		}
		if link, _ := attrOf(r.resource, "invite_link"); !link.IsNull() {
			t.Fatalf("%s: an invite link was listed", r.displayName)
		}
		if link, err := f.srv.InviteLink(r.identity["id"]); err != nil || strings.Contains(r.displayName, link) {
			t.Fatalf("%s: %v", r.displayName, err)
		}
	}
	h.requireListedAsRead(typeName, all, "reinvite_when_expired")
	warned := h.requireCleanAdoption(typeName, all)
	for name, w := range warned {
		if !strings.Contains(name, "expired") && !strings.Contains(name, "cancelled") {
			t.Errorf("%s: the adoption plan warns %v", name, w)
		}
	}
	if len(warned) != 2 {
		t.Errorf("adoption plans warn for %v, want the expired and the cancelled invite", warned)
	}

	pending, _ := objects(t, h.list(typeName, map[string]tftypes.Value{"status": str("pending")}, false, 100))
	grace, _ := objects(t, h.list(typeName, map[string]tftypes.Value{"email": str("GRACE@example.com")}, false, 100))
	if len(pending) != 1 || pending[0].identity["id"] != f.invites["pending"] || len(grace) != 1 || grace[0].identity["id"] != f.invites["expired"] {
		t.Fatalf("status = pending: %v; email = GRACE@example.com: %v", displayNames(pending), displayNames(grace))
	}
}
