package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// debugCapture is a Logger that keeps every record.
type debugCapture struct {
	mu      sync.Mutex
	records []capturedRecord
}

type capturedRecord struct {
	msg    string
	fields map[string]any
}

func (l *debugCapture) Debug(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	copied := make(map[string]any, len(fields))
	for k, v := range fields {
		copied[k] = v
	}
	l.records = append(l.records, capturedRecord{msg: msg, fields: copied})
}

func (l *debugCapture) all() []capturedRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.records)
}

// attempts returns the "attempt" field of every record with message msg.
func (l *debugCapture) attempts(msg string) []int64 {
	var out []int64
	for _, r := range l.all() {
		if r.msg == msg {
			n, _ := r.fields["attempt"].(int64)
			out = append(out, n)
		}
	}
	return out
}

// text renders every record, as a log sink would.
func (l *debugCapture) text() string {
	var b strings.Builder
	for _, r := range l.all() {
		fmt.Fprintf(&b, "%s %v\n", r.msg, r.fields)
	}
	return b.String()
}

func TestDebugLog_redactsSecretsAndKeepsCallDetails(t *testing.T) {
	t.Parallel()
	const (
		apiKey      = "pk-admin-SECRET0-3f9c2a7d1b"
		mintedKey   = "pk-minted-SECRET1"
		inviteLink  = "https://app.portkey.ai/invite/SECRET2"
		resendLink  = "https://app.portkey.ai/invite/SECRET3"
		rotatedKey  = "pk-rotated-SECRET4"
		nestedLink  = "https://app.portkey.ai/invite/SECRET5"
		upstreamKey = "sk-upstream-SECRET6"
	)
	var sawKey string
	ts, _ := newCountingServer(t, func(n int32, w http.ResponseWriter, r *http.Request) {
		sawKey = r.Header.Get("x-portkey-api-key")
		_, _ = io.Copy(io.Discard, r.Body)
		if n == 1 {
			writeTestJSON(w, http.StatusServiceUnavailable, map[string]any{})
			return
		}
		writeTestJSON(w, http.StatusOK, map[string]any{
			"id": "inv-1", "key": rotatedKey, "inviteLink": resendLink,
			"items":   []any{map[string]any{"invite_link": nestedLink}},
			"message": "echo of " + apiKey,
		})
	})
	logs := &debugCapture{}
	c := newTransportTestClient(t, ts.URL, func(cfg *Config) {
		cfg.APIKey = apiKey
		cfg.Logger = logs
	})
	in := map[string]any{
		"email": "alice@example.com", "key": mintedKey, "invite_link": inviteLink,
		"nested": map[string]any{"inviteLink": resendLink, "api_key": upstreamKey},
	}
	if err := c.do(context.Background(), http.MethodPut, "/admin/users/invites/inv-1", nil, in, nil); err != nil {
		t.Fatalf("do: %v", err)
	}
	if sawKey != apiKey {
		t.Fatalf("the server did not get the API key")
	}

	text := logs.text()
	for _, secret := range []string{apiKey, mintedKey, inviteLink, resendLink, rotatedKey, nestedLink, upstreamKey, "SECRET"} {
		if strings.Contains(text, secret) {
			t.Errorf("the debug log contains the secret %q:\n%s", secret, text)
		}
	}
	if !strings.Contains(text, "alice@example.com") || !strings.Contains(text, redacted) {
		t.Errorf("the body log lost its non-secret content or the redaction marker:\n%s", text)
	}

	var calls []map[string]any
	for _, r := range logs.all() {
		if r.msg == "Portkey API call" {
			calls = append(calls, r.fields)
		}
	}
	if len(calls) != 2 {
		t.Fatalf("%d call records, want 2 (a 503, then the retry):\n%s", len(calls), text)
	}
	for i, f := range calls {
		if f["method"] != http.MethodPut || f["path"] != "/v1/admin/users/invites/inv-1" || f["attempt"] != int64(i+1) {
			t.Errorf("call record %d = %v, want method PUT, the path, attempt %d", i, f, i+1)
		}
		if _, ok := f["duration_ms"]; !ok {
			t.Errorf("call record %d has no duration_ms", i)
		}
	}
	if calls[0]["status"] != http.StatusServiceUnavailable || calls[1]["status"] != http.StatusOK {
		t.Errorf("statuses = %v, %v; want 503, 200", calls[0]["status"], calls[1]["status"])
	}
}

func TestDebugLog_transportErrorRecorded(t *testing.T) {
	t.Parallel()
	logs := &debugCapture{}
	c := newTransportTestClient(t, closedPortURL(t), func(cfg *Config) { cfg.MaxRetries = 0; cfg.Logger = logs })
	_ = c.do(context.Background(), http.MethodGet, "/admin/users", nil, nil, nil)
	recs := logs.all()
	if len(recs) != 1 || recs[0].fields["error"] == nil || recs[0].fields["status"] != nil {
		t.Fatalf("records = %v, want one call record with an error and no status", recs)
	}
	if strings.Contains(logs.text(), transportTestKey) {
		t.Fatal("the API key reached the log")
	}
}

func TestRedactBody(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, want string
	}{
		{``, ``},
		{`{}`, `{}`},
		{`{"key":"s","name":"n"}`, `{"key":"[REDACTED]","name":"n"}`},
		{`{"key":null}`, `{"key":null}`},
		{`{"data":[{"invite_link":"s"},{"inviteLink":"s","id":"i"}]}`, `{"data":[{"invite_link":"[REDACTED]"},{"id":"i","inviteLink":"[REDACTED]"}]}`},
		{`{"a":{"b":{"api_key":{"deep":"s"}}}}`, `{"a":{"b":{"api_key":"[REDACTED]"}}}`},
		{`[{"key":"s"}]`, `[{"key":"[REDACTED]"}]`},
		{`{"message":"bad key THEKEY given"}`, `{"message":"bad key [REDACTED] given"}`},
		{`not json THEKEY`, `(non-JSON body, 15 bytes)`},
		{`"THEKEY"`, `"[REDACTED]"`},
	}
	for _, tc := range cases {
		got := redactBody([]byte(tc.in), "THEKEY")
		if got != tc.want {
			t.Errorf("redactBody(%s) = %s, want %s", tc.in, got, tc.want)
		}
		if tc.want != "" && strings.HasPrefix(tc.want, "{") && !json.Valid([]byte(got)) {
			t.Errorf("redactBody(%s) is not valid JSON: %s", tc.in, got)
		}
	}
}

// A request that timed out while waiting for the rate limiter never left the
// client: it is not ambiguous, so a create is not reconciled needlessly.
func TestRateLimiterTimeoutIsNotAmbiguous(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(ts.Close)
	c, err := New(Config{BaseURL: ts.URL, APIKey: "k", RequestsPerSecond: 0.01, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	// The first request takes the only token; the second would wait 100s.
	if err := c.do(context.Background(), http.MethodPost, "/x", nil, map[string]string{}, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err = c.do(ctx, http.MethodPost, "/x", nil, map[string]string{}, nil)
	if err == nil {
		t.Fatal("expected the rate-limited request to fail")
	}
	if IsAmbiguous(err) {
		t.Fatalf("a request that never left the client must not be ambiguous: %v", err)
	}
	if hits.Load() != 1 {
		t.Fatalf("server saw %d requests, want 1", hits.Load())
	}
}
