package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

const akClientTestKey = "pk-client-apikeys-key"

// akRecordingLogger keeps every debug record, to prove secrets never reach one.
type akRecordingLogger struct {
	mu      sync.Mutex
	records []string
}

func (l *akRecordingLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records = append(l.records, fmt.Sprintf("%s %v", msg, fields))
}

func (l *akRecordingLogger) all() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.records, "\n")
}

const akWorkspace = "3c9d8e7f-1a2b-4c3d-8e4f-5a6b7c8d9e0f"

func newAPIKeyTestClient(t *testing.T) (*mockserver.Server, *Client, *akRecordingLogger) {
	t.Helper()
	srv := mockserver.New(mockserver.Options{APIKeys: []string{akClientTestKey}})
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{ID: akWorkspace, Slug: "ws-client-a1b2c3", Name: "Client Keys"}}})
	log := &akRecordingLogger{}
	c, err := New(Config{
		BaseURL: srv.Start(t), APIKey: akClientTestKey, MaxRetries: 2, Logger: log,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c, log
}

func akPtr[T any](v T) *T { return &v }

func TestAPIKeys_lifecycle(t *testing.T) {
	t.Parallel()
	srv, c, log := newAPIKeyTestClient(t)
	ctx := context.Background()
	user := srv.SeedUser(mockserver.User{Email: "dev@example.com"})

	created, err := c.CreateAPIKey(ctx, "workspace", "user", CreateAPIKeyRequest{
		Name: "ci", Description: akPtr("for CI"), WorkspaceID: akPtr("ws-client-a1b2c3"), UserID: akPtr(user.ID),
		Scopes:         []string{"completions.write", "logs.view"},
		Defaults:       &APIKeyDefaultsRequest{Metadata: map[string]string{"team": "ml"}, ConfigID: akPtr("pc-1"), AllowConfigOverride: akPtr(true)},
		AlertEmails:    []string{"ops@example.com"},
		ExpiresAt:      akPtr("2099-01-01T00:00:00Z"),
		RateLimits:     []APIKeyRateLimit{{Type: "requests", Unit: "rps", Value: 5}},
		UsageLimits:    &APIKeyUsageLimits{Type: "cost", CreditLimit: akPtr(99.95), AlertThreshold: akPtr(80.5), PeriodicResetDays: akPtr(int64(30))},
		RotationPolicy: &APIKeyRotationPolicy{RotationPeriod: akPtr("monthly"), KeyTransitionPeriodMS: akPtr(int64(3600000))},
	})
	if err != nil {
		t.Fatalf("CreateAPIKey: %v", err)
	}
	secret, _ := srv.APIKeySecret(created.ID)
	if created.Key != secret || created.Object != "api-key" {
		t.Fatalf("created: %+v", created)
	}

	k, err := c.GetAPIKey(ctx, created.ID)
	if err != nil {
		t.Fatalf("GetAPIKey: %v", err)
	}
	if k.Key == secret || k.Key != secret[:2]+"*****"+secret[len(secret)-3:] {
		t.Fatalf("GET key is not masked: %q", k.Key)
	}
	if k.KeyType() != "workspace" || k.SubType() != "user" || *k.WorkspaceID != akWorkspace || *k.UserID != user.ID ||
		!k.ConfigOverrideAllowed() || k.Defaults.Metadata["team"] != "ml" || *k.Defaults.ConfigID != "pc-1" ||
		*k.UsageLimits.CreditLimit != 99.95 || *k.UsageLimits.AlertThreshold != 80.5 || *k.UsageLimits.PeriodicResetDays != 30 ||
		k.UsageLimits.NextUsageResetAt == nil || k.NextUsageResetAt == nil || *k.RotationPolicy.RotationPeriod != "monthly" ||
		*k.RotationPolicy.KeyTransitionPeriodMS != 3600000 || k.RotationPolicy.NextRotationAt == nil || k.Status != "active" ||
		*k.ExpiresAt != "2099-01-01T00:00:00.000Z" || len(k.RateLimits) != 1 || k.RateLimits[0].Unit != "rps" {
		t.Fatalf("GetAPIKey: %+v", k)
	}

	// The full-object PUT clears what is unset, with null only where the
	// spec allows it (and for usage_limits, API-NOTES 6); defaults are
	// replaced whole, so their unset members are left out.
	if err := c.UpdateAPIKey(ctx, created.ID, UpdateAPIKeyRequest{
		Name: "ci-2", Scopes: []string{"logs.view"}, Defaults: &APIKeyDefaultsRequest{AllowConfigOverride: akPtr(false)},
	}); err != nil {
		t.Fatalf("UpdateAPIKey: %v", err)
	}
	reqs := srv.Requests()
	put := reqs[len(reqs)-1]
	want := `{"name":"ci-2","description":"","scopes":["logs.view"],"defaults":{"allow_config_override":false},"alert_emails":[],` +
		`"expires_at":null,"rate_limits":null,"usage_limits":null,"rotation_policy":null}`
	if put.Body != want {
		t.Errorf("PUT body\n%s\nwant\n%s", put.Body, want)
	}
	k, _ = c.GetAPIKey(ctx, created.ID)
	if k.Name != "ci-2" || k.Description != nil || k.AlertEmails != nil || k.ExpiresAt != nil || len(k.RateLimits) != 0 ||
		k.UsageLimits != nil || k.RotationPolicy != nil || k.Defaults.Metadata != nil || k.Defaults.ConfigID != nil || k.ConfigOverrideAllowed() {
		t.Fatalf("after clearing PUT: %+v", k)
	}

	// reset_usage is sent only when asked for.
	if err := srv.ExhaustAPIKey(created.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateAPIKey(ctx, created.ID, UpdateAPIKeyRequest{Name: "ci-2", Scopes: []string{"logs.view"}, ResetUsage: true}); err != nil {
		t.Fatalf("reset: %v", err)
	}
	if k, _ = c.GetAPIKey(ctx, created.ID); k.Status != "active" || k.LastResetAt == nil {
		t.Fatalf("after reset: %+v", k)
	}

	rotated, err := c.RotateAPIKey(ctx, created.ID, akPtr(int64(5400000)))
	if err != nil {
		t.Fatalf("RotateAPIKey: %v", err)
	}
	newSecret, _ := srv.APIKeySecret(created.ID)
	if rotated.ID != created.ID || rotated.Key != newSecret || rotated.Key == secret || rotated.KeyTransitionExpiresAt == "" {
		t.Fatalf("rotated: %+v", rotated)
	}
	if _, err := c.RotateAPIKey(ctx, created.ID, nil); !IsCode(err, "AB01") {
		t.Fatalf("a second rotation during the transition: %v", err)
	}
	if k, _ = c.GetAPIKey(ctx, created.ID); k.Key != newSecret[:2]+"*****"+newSecret[len(newSecret)-3:] {
		t.Fatalf("GET after rotate: %+v", k)
	}

	if err := c.DeleteAPIKey(ctx, created.ID); err != nil {
		t.Fatalf("DeleteAPIKey: %v", err)
	}
	if _, err := c.GetAPIKey(ctx, created.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("GET after delete: %v", err)
	}
	if err := c.DeleteAPIKey(ctx, created.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}

	// Neither secret, nor the provider's own key, reaches the debug log.
	logged := log.all()
	if !strings.Contains(logged, "/api-keys") {
		t.Fatal("nothing was logged: the check below would prove nothing")
	}
	for _, s := range append(srv.MintedAPIKeySecrets(), akClientTestKey) {
		if strings.Contains(logged, s) {
			t.Fatalf("the debug log contains the secret %s…", s[:6])
		}
	}
}

func TestAPIKeys_listAllPages(t *testing.T) {
	t.Parallel()
	srv, c, _ := newAPIKeyTestClient(t)
	ctx := context.Background()
	if _, err := c.CreateAPIKey(ctx, "organisation", "service", CreateAPIKeyRequest{Name: "admin", Scopes: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := 0; i < 7; i++ {
		k, err := c.CreateAPIKey(ctx, "workspace", "service", CreateAPIKeyRequest{
			Name: fmt.Sprintf("k%d", i), WorkspaceID: akPtr(akWorkspace), Scopes: []string{"a"},
			Defaults: &APIKeyDefaultsRequest{AllowConfigOverride: akPtr(true)},
		})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, k.ID)
	}
	srv.ClearRequests()
	got, err := c.ListAPIKeys(ctx, ListAPIKeysOptions{WorkspaceID: "ws-client-a1b2c3", PageSize: 3})
	if err != nil {
		t.Fatalf("ListAPIKeys: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d keys, want %d", len(got), len(want))
	}
	for i, k := range got {
		// List items carry allow_config_override only at the top level.
		if k.ID != want[i] || !k.ConfigOverrideAllowed() || (k.Defaults != nil && k.Defaults.AllowConfigOverride != nil) {
			t.Fatalf("item %d: %+v", i, k)
		}
	}
	if n := srv.Count("GET /api-keys"); n != 3 {
		t.Fatalf("%d pages requested, want 3", n)
	}
	for _, r := range srv.Requests() {
		if !strings.Contains(r.Query, "workspace_id=ws-client-a1b2c3") || !strings.Contains(r.Query, "page_size=3") || !strings.Contains(r.Query, "current_page=") {
			t.Fatalf("list query %q", r.Query)
		}
	}
	all, err := c.ListAPIKeys(ctx, ListAPIKeysOptions{})
	if err != nil || len(all) != 8 {
		t.Fatalf("unfiltered: %d keys, %v", len(all), err)
	}
}

func TestAPIKeys_createIsNeverReplayed(t *testing.T) {
	t.Parallel()
	srv, c, _ := newAPIKeyTestClient(t)
	srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/api-keys/workspace/service", CommitThenFail: true, Status: 502})
	_, err := c.CreateAPIKey(context.Background(), "workspace", "service", CreateAPIKeyRequest{Name: "once", WorkspaceID: akPtr(akWorkspace), Scopes: []string{"a"}})
	if !IsAmbiguous(err) {
		t.Fatalf("a lost answer should be ambiguous: %v", err)
	}
	if n := srv.Count("POST /api-keys/{type}/{subtype}"); n != 1 {
		t.Fatalf("the POST was sent %d times", n)
	}
	if keys := srv.APIKeys(); len(keys) != 1 || keys[0].Name != "once" {
		t.Fatalf("stored keys: %+v", keys)
	}
	// Validation errors are definite answers, not ambiguous ones.
	_, err = c.CreateAPIKey(context.Background(), "workspace", "service", CreateAPIKeyRequest{Name: "x", WorkspaceID: akPtr(akWorkspace), Scopes: []string{}})
	if IsAmbiguous(err) || !IsCode(err, "AB01") {
		t.Fatalf("empty scopes: %v", err)
	}
}

func TestFlexBool(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{`true`: true, `false`: false, `1`: true, `0`: false, `"true"`: true, `"0"`: false, `2`: true} {
		var b FlexBool
		if err := json.Unmarshal([]byte(in), &b); err != nil || bool(b) != want {
			t.Errorf("%s: got %v, %v", in, b, err)
		}
	}
	var holder struct {
		B *FlexBool `json:"b"`
	}
	if err := json.Unmarshal([]byte(`{"b":null}`), &holder); err != nil || holder.B != nil {
		t.Errorf("null: %v %v", holder.B, err)
	}
	var b FlexBool
	if err := json.Unmarshal([]byte(`"maybe"`), &b); err == nil {
		t.Error("a word should not decode as a boolean")
	}
}
