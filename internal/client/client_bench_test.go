package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

func newBenchClient(b *testing.B, serverURL string) *Client {
	b.Helper()
	c, err := New(Config{BaseURL: serverURL + "/v1", APIKey: transportTestKey, MaxRetries: 0})
	if err != nil {
		b.Fatalf("New: %v", err)
	}
	return c
}

// BenchmarkDo_GET measures one GET round trip through the whole client:
// limiter check, retry policy, logging hooks, JSON decoding.
func BenchmarkDo_GET(b *testing.B) {
	body := []byte(`{"object":"workspace","id":"6e5a9f93-ae3a-46b4-a87d-2464d373ef7e","slug":"ws-shared-e2a85b",` +
		`"name":"Shared Team Workspace","description":null,"is_default":1,"created_at":"2025-12-30T15:38:09.000Z"}`)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(ts.Close)
	c := newBenchClient(b, ts.URL)
	ctx := context.Background()
	path := pathf("/admin/workspaces/%s", "6e5a9f93-ae3a-46b4-a87d-2464d373ef7e")
	b.ReportAllocs()
	for b.Loop() {
		var out map[string]any
		if err := c.do(ctx, http.MethodGet, path, nil, nil, &out); err != nil {
			b.Fatalf("do: %v", err)
		}
	}
}

// BenchmarkListAll_1000 reads 1,000 items in pages of 100.
func BenchmarkListAll_1000(b *testing.B) {
	p := &pagedServer{t: b, casing: snakePaging, n: 1000, failPage: -1}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.requests = p.requests[:0]
		p.mu.Unlock()
		p.ServeHTTP(w, r)
	}))
	b.Cleanup(ts.Close)
	c := newBenchClient(b, ts.URL)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		items, err := listAll[pagedItem](ctx, c, "/admin/things", nil, snakePaging, 100)
		if err != nil {
			b.Fatalf("listAll: %v", err)
		}
		if len(items) != 1000 {
			b.Fatalf("got %d items, want 1000", len(items))
		}
	}
}
