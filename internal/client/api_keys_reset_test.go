package client

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
)

// ResetAPIKeyUsage sends {"reset_usage": true} and nothing else, so the
// key's other fields keep their values; an exhausted key becomes active.
func TestAPIKeys_resetUsage(t *testing.T) {
	t.Parallel()
	srv, c, _ := newAPIKeyTestClient(t)
	ctx := context.Background()
	desc := "keep me"
	created, err := c.CreateAPIKey(ctx, "organisation", "service", CreateAPIKeyRequest{
		Name: "budgeted", Description: &desc, Scopes: []string{"logs.view"},
		UsageLimits: &APIKeyUsageLimits{Type: "cost", CreditLimit: akPtr(10.0)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.ExhaustAPIKey(created.ID); err != nil {
		t.Fatal(err)
	}
	srv.ClearRequests()

	if err := c.ResetAPIKeyUsage(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Method != "PUT" {
		t.Fatalf("requests %+v, want one PUT", reqs)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(reqs[0].Body), &body); err != nil {
		t.Fatal(err)
	}
	if len(body) != 1 || body["reset_usage"] != true {
		t.Fatalf("PUT body %s, want only reset_usage: true", reqs[0].Body)
	}
	k, err := c.GetAPIKey(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if k.Status != "active" || k.LastResetAt == nil || k.Description == nil || *k.Description != desc ||
		k.UsageLimits == nil || k.Name != "budgeted" {
		t.Fatalf("after the reset: %+v", k)
	}

	if err := c.ResetAPIKeyUsage(ctx, "0b0c0d0e-0000-4000-8000-000000000000"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("reset of an unknown key: %v, want ErrNotFound", err)
	}
}
