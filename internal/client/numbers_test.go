package client

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

func TestIntegralNumbers(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		`{"a":10.0,"b":-1.00,"c":0.0,"d":1.8e6,"e":2E+1}`:                `{"a":10,"b":-1,"c":0,"d":1800000,"e":20}`,
		`{"a":10.5,"b":1e-3,"c":7}`:                                      `{"a":10.5,"b":1e-3,"c":7}`,
		`{"s":"10.0","t":"a\"1.0\\","n":[1.0,2.5]}`:                      `{"s":"10.0","t":"a\"1.0\\","n":[1,2.5]}`,
		`{"big":1e400,"huge":1e999999999,"wide":99999999999999999999.0}`: `{"big":1e400,"huge":1e999999999,"wide":99999999999999999999.0}`, // left for the decoder
		`[]`: `[]`,
		"":   "",
	}
	for in, want := range cases {
		if got := string(integralNumbers([]byte(in))); got != want {
			t.Errorf("integralNumbers(%s) = %s, want %s", in, got, want)
		}
	}
	same := []byte(`{"a":1,"b":"x"}`)
	if got := integralNumbers(same); &got[0] != &same[0] {
		t.Error("a body without float literals was copied")
	}
}

// Every integer field the client decodes reads a float literal: against the
// mock answering every number as one, workspaces, API keys (GET and list),
// users and members read back the values written.
func TestFloatLiterals_everyIntegerFieldDecodes(t *testing.T) {
	t.Parallel()
	srv := mockserver.New(mockserver.Options{APIKeys: []string{akClientTestKey}, FloatLiterals: true})
	c, err := New(Config{BaseURL: srv.Start(t), APIKey: akClientTestKey, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ws, err := c.CreateWorkspace(ctx, CreateWorkspaceRequest{
		Name:        "Floats",
		UsageLimits: []UsageLimit{{Type: "tokens", CreditLimit: wsPtr(5000.0), PeriodicResetDays: wsPtr(int64(30))}},
		RateLimits:  []RateLimit{{Type: "requests", Unit: "rpm", Value: 600}},
	})
	if err != nil {
		t.Fatalf("CreateWorkspace: %v", err)
	}
	got, err := c.GetWorkspace(ctx, ws.ID)
	if err != nil {
		t.Fatalf("GetWorkspace: %v", err)
	}
	if got.RateLimits[0].Value != 600 || *got.UsageLimits[0].PeriodicResetDays != 30 || *got.UsageLimits[0].CreditLimit != 5000 || got.IsDefault != 0 {
		t.Fatalf("workspace read back as %+v", got)
	}
	all, err := c.ListWorkspaces(ctx, ListWorkspacesOptions{})
	if err != nil || len(all) != 2 || all[0].IsDefault != 1 {
		t.Fatalf("ListWorkspaces: %v %+v", err, all)
	}

	created, err := c.CreateAPIKey(ctx, "workspace", "service", CreateAPIKeyRequest{
		Name: "floats", WorkspaceID: &ws.ID, Scopes: []string{"completions.write"},
		Defaults:       &APIKeyDefaultsRequest{AllowConfigOverride: akPtr(true)},
		RateLimits:     []APIKeyRateLimit{{Type: "tokens", Unit: "rpd", Value: 100000}},
		UsageLimits:    &APIKeyUsageLimits{Type: "cost", CreditLimit: akPtr(12.5), PeriodicResetDays: akPtr(int64(7))},
		RotationPolicy: &APIKeyRotationPolicy{RotationPeriod: akPtr("monthly"), KeyTransitionPeriodMS: akPtr(int64(3600000))},
	})
	if err != nil {
		t.Fatalf("CreateAPIKey: %v", err)
	}
	k, err := c.GetAPIKey(ctx, created.ID)
	if err != nil {
		t.Fatalf("GetAPIKey: %v", err)
	}
	if k.RateLimits[0].Value != 100000 || *k.UsageLimits.PeriodicResetDays != 7 || *k.RotationPolicy.KeyTransitionPeriodMS != 3600000 ||
		!k.ConfigOverrideAllowed() || *k.UsageLimits.CreditLimit != 12.5 {
		t.Fatalf("API key read back as %+v", k)
	}
	keys, err := c.ListAPIKeys(ctx, ListAPIKeysOptions{})
	if err != nil || len(keys) != 1 || keys[0].RateLimits[0].Value != 100000 || !keys[0].ConfigOverrideAllowed() {
		t.Fatalf("ListAPIKeys: %v %+v", err, keys)
	}

	users, total, err := c.ListUsersPage(ctx, ListUsersOptions{}, 0)
	if err != nil || total != 1 || len(users) != 1 {
		t.Fatalf("ListUsersPage: %v, total %d", err, total)
	}
	members, err := c.ListWorkspaceMembers(ctx, all[0].ID, ListWorkspaceMembersOptions{})
	if err != nil || len(members) != 1 {
		t.Fatalf("ListWorkspaceMembers: %v %+v", err, members)
	}

	// Without the tolerant decoding, these answers would not decode.
	var strict struct {
		IsDefault int `json:"is_default"`
	}
	if json.Unmarshal([]byte(`{"is_default":1.0}`), &strict) == nil {
		t.Fatal("encoding/json accepted 1.0 in an int: this test proves nothing")
	}
}
