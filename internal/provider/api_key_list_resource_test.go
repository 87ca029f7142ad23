package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Keys of every type, each read with a GET (list items lack fields); the
// listed object leaves out the defaults and computed schedule a
// configuration must not set, never carries a secret, and every generated
// configuration plans no change.
func TestListResource_apiKey(t *testing.T) {
	t.Parallel()
	f := newOrgFixture(t)
	h := newProtoHarness(t, f.url)
	const typeName = "portkey_api_key"

	all, warnings := objects(t, h.list(typeName, nil, true, 100))
	if len(warnings) > 0 {
		t.Fatalf("warnings: %v", warnings)
	}
	if got := strings.Join(displayNames(all), "|"); got != "alice-laptop (workspace-user)|bob-notebook (workspace-user)|"+
		"checkout (workspace-service)|exporter (workspace-service)|nightly-batch (workspace-service)|terraform-admin (organisation-service)" {
		t.Fatalf("keys: %s", got)
	}
	if n, m := f.srv.Count("GET /api-keys"), f.srv.Count("GET /api-keys/{id}"); n != 1 || m != len(all) {
		t.Errorf("%d list calls and %d key GETs for %d results, want 1 and one each", n, m, len(all))
	}
	secrets := f.srv.MintedAPIKeySecrets()
	for _, r := range all {
		if key, _ := attrOf(r.resource, "key"); !key.IsNull() {
			t.Fatalf("%s: a secret was listed", r.displayName)
		}
		for _, s := range secrets {
			if strings.Contains(r.resource.String(), s) {
				t.Fatalf("%s: the listed object holds a minted secret", r.displayName)
			}
		}
	}
	h.requireListedAsRead(typeName, all, "allow_config_override", "usage_limits.type",
		"rotation_policy.key_transition_period_ms", "rotation_policy.next_rotation_at")
	// Cleared exactly where configuration would repeat a default or a computed value.
	for _, r := range all {
		name, _, _ := strings.Cut(r.displayName, " ")
		for path, wantNull := range map[string]bool{
			"allow_config_override":                    name != "checkout",
			"usage_limits.type":                        name != "alice-laptop",
			"rotation_policy.next_rotation_at":         name != "exporter",
			"rotation_policy.key_transition_period_ms": name != "exporter",
		} {
			if v := valueAt(t, r.resource, path); v.IsNull() != wantNull {
				t.Errorf("%s: %s = %v, want null %t", name, path, v, wantNull)
			}
		}
		if st := stringAttrs(t, r.resource); st["workspace_id"] != "" && !uuidPattern.MatchString(st["workspace_id"]) {
			t.Errorf("%s: workspace_id %q is not the UUID", name, st["workspace_id"])
		}
	}
	if warned := h.requireCleanAdoption(typeName, all); len(warned) > 0 {
		t.Errorf("adoption plans warn: %v", warned)
	}

	// Filters: a workspace (by slug), the type, the sub-type.
	for _, tc := range []struct {
		config map[string]tftypes.Value
		want   string
	}{
		{map[string]tftypes.Value{"workspace_id": str(f.research.Slug)}, "bob-notebook (workspace-user)|exporter (workspace-service)"},
		{map[string]tftypes.Value{"type": str("organisation")}, "terraform-admin (organisation-service)"},
		{map[string]tftypes.Value{"sub_type": str("user")}, "alice-laptop (workspace-user)|bob-notebook (workspace-user)"},
		{map[string]tftypes.Value{"workspace_id": str(f.prod.ID), "sub_type": str("service")}, "checkout (workspace-service)"},
	} {
		got, _ := objects(t, h.list(typeName, tc.config, false, 100))
		if names := strings.Join(displayNames(got), "|"); names != tc.want {
			t.Errorf("%v: %s, want %s", tc.config, names, tc.want)
		}
	}
}

// valueAt returns the value at a dotted attribute path; a path through a
// null object is null.
func valueAt(t *testing.T, v tftypes.Value, dotted string) tftypes.Value {
	t.Helper()
	for _, step := range strings.Split(dotted, ".") {
		if v.IsNull() {
			return v
		}
		a, ok := attrOf(v, step)
		if !ok {
			t.Fatalf("no attribute %s in %v", dotted, v)
		}
		v = a
	}
	return v
}
