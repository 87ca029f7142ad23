package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The reset action sends {"reset_usage": true} alone: an exhausted key is
// active again and its managed attributes are untouched, so the resource
// that manages it plans nothing but the refreshed status.
func TestAction_apiKeyResetUsage(t *testing.T) {
	t.Parallel()
	srv, url := newTestMock(t)
	h := newProtoHarness(t, url)
	const typeName = "portkey_api_key"
	usageType := h.stateType(typeName).(tftypes.Object).AttributeTypes["usage_limits"]
	config := map[string]tftypes.Value{
		"name": str("budgeted"), "description": str("Has a budget"), "type": str("organisation"), "sub_type": str("service"),
		"scopes": strSet("completions.write"),
		"usage_limits": objectWith(usageType, map[string]tftypes.Value{
			"type": str("cost"), "credit_limit": tftypes.NewValue(tftypes.Number, 10),
		}),
	}
	created := h.apply(typeName, nil, config)
	id := h.stateValues(typeName, created.state)["id"]
	if err := srv.ExhaustAPIKey(id); err != nil {
		t.Fatal(err)
	}
	srv.ClearRequests()

	run := h.runAction("portkey_api_key_reset_usage", map[string]tftypes.Value{"id": str(id)})
	if !run.invoked || errorText(run.diags) != "" || warningText(run.diags) != "" {
		t.Fatalf("reset: %s", run.text())
	}
	if !strings.Contains(run.text(), `Reset the usage of API key "budgeted" (`+id+"): its status is active.") {
		t.Fatalf("progress %v", run.progress)
	}
	var puts []string
	for _, r := range srv.Requests() {
		if r.Method == "PUT" {
			puts = append(puts, r.Body)
		}
	}
	if len(puts) != 1 || strings.TrimSpace(puts[0]) != `{"reset_usage":true}` {
		t.Fatalf("PUT bodies %q, want one {\"reset_usage\":true}", puts)
	}
	resp := h.read(typeName, created)
	h.check("refresh after the reset", resp.Diagnostics)
	got := h.stateValues(typeName, resp.NewState)
	if got["status"] != "active" || got["last_reset_at"] == "" || got["description"] != "Has a budget" || got["name"] != "budgeted" {
		t.Fatalf("after the reset: %v", got)
	}

	missing := h.runAction("portkey_api_key_reset_usage", map[string]tftypes.Value{"id": str("4c46f684-d96c-4b58-b356-81e5722cd19d")})
	if msg := errorText(missing.diags); !strings.Contains(msg, "Unable to Reset API Key Usage") || !strings.Contains(msg, "HTTP 404") ||
		!strings.Contains(msg, "No API key has the id") {
		t.Fatalf("unknown key: %s", missing.text())
	}
}
