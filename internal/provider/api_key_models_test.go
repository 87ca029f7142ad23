package provider

import (
	"context"
	"testing"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// An update clears a key's description by sending "" (the spec does not let
// it be null). Whether Portkey then answers null or "", the key reads as
// having no description, so an unset description plans no change.
func TestAPIKeyFill_emptyDescriptionIsUnset(t *testing.T) {
	t.Parallel()
	for _, desc := range []*string{nil, ptr(""), ptr("Backend")} {
		var m apiKeyModel
		if diags := m.fill(context.Background(), &client.APIKey{ID: "k", Type: "organisation-service", Description: desc}); diags.HasError() {
			t.Fatal(diags)
		}
		want := desc != nil && *desc != ""
		if m.Description.IsNull() == want || (want && m.Description.ValueString() != *desc) {
			t.Errorf("description %v read as %v", desc, m.Description)
		}
	}
}
