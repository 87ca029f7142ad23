package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Every user but the owner, who is left out with a warning; listed objects
// name the user by email only (user_id is cleared), and every generated
// configuration plans no change.
func TestListResource_user(t *testing.T) {
	t.Parallel()
	f := newOrgFixture(t)
	h := newProtoHarness(t, f.url)
	const typeName = "portkey_user"

	all, warnings := objects(t, h.list(typeName, nil, true, 100))
	if got := strings.Join(displayNames(all), "|"); got != "alice@example.com (member)|bob@example.com (admin)|carol@example.com (member)|"+
		"dave@example.com (member)|erin@example.com (admin)|ivan@example.com (member)" {
		t.Fatalf("users: %s", got)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "Organisation Owner Not Listed") || !strings.Contains(warnings[0], f.owner.Email) {
		t.Fatalf("warnings %v, want one naming the owner %s", warnings, f.owner.Email)
	}
	if n := f.srv.Count("GET /admin/users/{id}"); n != len(all) {
		t.Errorf("%d user GETs for %d results", n, len(all))
	}
	for _, r := range all {
		if r.identity["id"] == f.owner.ID {
			t.Fatal("the owner was listed")
		}
		if st := stringAttrs(t, r.resource); st["id"] != r.identity["id"] || st["email"] == "" || st["user_id"] != "" {
			t.Fatalf("%s: listed object %v: want id and email, no user_id", r.displayName, st)
		}
	}
	h.requireListedAsRead(typeName, all, "user_id")
	if warned := h.requireCleanAdoption(typeName, all); len(warned) > 0 {
		t.Errorf("adoption plans warn: %v", warned)
	}

	// Filters: the role, and the email ignoring case (the owner's email finds nothing, with the warning).
	admins, _ := objects(t, h.list(typeName, map[string]tftypes.Value{"role": str("admin")}, false, 100))
	if got := strings.Join(displayNames(admins), "|"); got != "bob@example.com (admin)|erin@example.com (admin)" {
		t.Fatalf("role = admin: %s", got)
	}
	carol, _ := objects(t, h.list(typeName, map[string]tftypes.Value{"email": str("Carol@Example.com")}, false, 100))
	if len(carol) != 1 || carol[0].identity["id"] != f.carol.ID {
		t.Fatalf("email = Carol@Example.com: %v", displayNames(carol))
	}
	owner, warnings := objects(t, h.list(typeName, map[string]tftypes.Value{"email": str(f.owner.Email)}, false, 100))
	if len(owner) != 0 || len(warnings) != 1 {
		t.Fatalf("the owner's email: results %v, warnings %v", displayNames(owner), warnings)
	}
}

// role = "owner" is rejected when the list block is validated, with the reason.
func TestListResource_userValidation(t *testing.T) {
	t.Parallel()
	_, url := newTestMock(t)
	h := newProtoHarness(t, url)
	lister, ok := h.server.(tfprotov6.ListResourceServer)
	if !ok {
		t.Fatal("no list resources")
	}
	schemas, err := h.server.GetProviderSchema(h.ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := schemas.ListResourceSchemas["portkey_user"].ValueType()
	for value, wantErr := range map[string]string{"owner": `value must be one of: ["admin" "member"]`, "admin": ""} {
		resp, err := lister.ValidateListResourceConfig(h.ctx, &tfprotov6.ValidateListResourceConfigRequest{
			TypeName: "portkey_user", Config: h.dynamic(typ, objectWith(typ, map[string]tftypes.Value{"role": str(value)})),
		})
		if err != nil {
			t.Fatal(err)
		}
		var got string
		for _, d := range resp.Diagnostics {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				got += d.Detail
			}
		}
		if (wantErr == "") != (got == "") || !strings.Contains(got, wantErr) {
			t.Errorf("role = %q: errors %q, want %q", value, got, wantErr)
		}
	}
}
