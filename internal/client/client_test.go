package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Transport tests each own an httptest server, so every behavior is
// isolated from the mock and from the other tests.

const transportTestKey = "pk-transport-test-key-7c1e"

// newTransportTestClient returns a client for serverURL with fast retries;
// mutate, when not nil, adjusts the configuration first.
func newTransportTestClient(t *testing.T, serverURL string, mutate func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		BaseURL:        serverURL + "/v1",
		APIKey:         transportTestKey,
		UserAgent:      "terraform-provider-portkey/test (+https://example.test) Terraform/1.11.4",
		MaxRetries:     3,
		RequestTimeout: 10 * time.Second,
		RetryWaitMin:   2 * time.Millisecond,
		RetryWaitMax:   5 * time.Millisecond,
		MaxRetryAfter:  5 * time.Second,
	}
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// newCountingServer serves h and counts the requests it received.
func newCountingServer(t *testing.T, h func(n int32, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h(hits.Add(1), w, r)
	}))
	t.Cleanup(ts.Close)
	return ts, &hits
}

// closedPortURL returns an http URL on loopback where nothing listens.
func closedPortURL(t *testing.T) string {
	t.Helper()
	var lc net.ListenConfig
	l, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	return "http://" + addr
}

func writeTestJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func TestNew_requiresAPIKey(t *testing.T) {
	t.Parallel()
	if _, err := New(Config{BaseURL: "https://api.portkey.ai/v1"}); err == nil {
		t.Fatal("New without an API key: want an error")
	}
}

func TestNew_rejectsInvalidBaseURL(t *testing.T) {
	t.Parallel()
	if _, err := New(Config{APIKey: "k", BaseURL: "http://api.example.com/v1"}); err == nil {
		t.Fatal("New with a remote http base URL: want an error")
	}
}

func TestParseBaseURL(t *testing.T) {
	t.Parallel()
	cases := []struct {
		raw     string
		want    string // the parsed URL; empty means an error is expected
		wantErr string // a fragment of the error message
	}{
		{raw: "https://api.portkey.ai/v1", want: "https://api.portkey.ai/v1"},
		{raw: "https://api.portkey.ai/v1/", want: "https://api.portkey.ai/v1"},
		{raw: "https://api.portkey.ai/v1///", want: "https://api.portkey.ai/v1"},
		{raw: "  https://portkey.internal.example.com/v1  ", want: "https://portkey.internal.example.com/v1"},
		{raw: "https://portkey.example.com", want: "https://portkey.example.com"},
		{raw: "HTTPS://api.portkey.ai/v1", want: "https://api.portkey.ai/v1"},
		{raw: "http://127.0.0.1:8080/v1", want: "http://127.0.0.1:8080/v1"},
		{raw: "http://127.0.0.2:8080/v1/", want: "http://127.0.0.2:8080/v1"},
		{raw: "http://localhost:8080/v1", want: "http://localhost:8080/v1"},
		{raw: "http://[::1]:8080/v1", want: "http://[::1]:8080/v1"},
		{raw: "http://api.portkey.ai/v1", wantErr: "must use https"},
		{raw: "http://127.evil.example.com/v1", wantErr: "must use https"},
		{raw: "http://10.0.0.1/v1", wantErr: "must use https"},
		{raw: "https://user:secret-pass@api.portkey.ai/v1", wantErr: "credentials"},
		{raw: "https://api.portkey.ai/v1?key=x", wantErr: "query"},
		{raw: "https://api.portkey.ai/v1?", wantErr: "query"},
		{raw: "https://api.portkey.ai/v1#frag", wantErr: "fragment"},
		{raw: "ftp://api.portkey.ai/v1", wantErr: "absolute https://"},
		{raw: "api.portkey.ai/v1", wantErr: "absolute https://"},
		{raw: "/v1", wantErr: "absolute https://"},
		{raw: "", wantErr: "absolute https://"},
		{raw: "https://api portkey.ai/v1", wantErr: "not a valid URL"},
	}
	for _, tc := range cases {
		t.Run(tc.raw, func(t *testing.T) {
			t.Parallel()
			u, err := ParseBaseURL(tc.raw)
			if tc.want != "" {
				if err != nil {
					t.Fatalf("ParseBaseURL(%q): unexpected error %v", tc.raw, err)
				}
				if got := u.String(); got != tc.want {
					t.Fatalf("ParseBaseURL(%q) = %q, want %q", tc.raw, got, tc.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseBaseURL(%q) = %v, want an error containing %q", tc.raw, u, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("ParseBaseURL(%q) error %q does not contain %q", tc.raw, err, tc.wantErr)
			}
			for _, secret := range []string{"secret-pass", "key=x"} {
				if strings.Contains(err.Error(), secret) {
					t.Fatalf("ParseBaseURL(%q) error %q repeats %q", tc.raw, err, secret)
				}
			}
		})
	}
}

func TestDo_sendsHeadersAndJSON(t *testing.T) {
	t.Parallel()
	type reqBody struct {
		Name  string  `json:"name"`
		Descr *string `json:"description,omitempty"`
	}
	var got struct {
		method, path, ua, key, accept, contentType string
		body                                       map[string]any
	}
	ts, _ := newCountingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		got.method, got.path = r.Method, r.URL.Path
		got.ua, got.key = r.Header.Get("User-Agent"), r.Header.Get("x-portkey-api-key")
		got.accept, got.contentType = r.Header.Get("Accept"), r.Header.Get("Content-Type")
		_ = json.NewDecoder(r.Body).Decode(&got.body)
		writeTestJSON(w, http.StatusOK, map[string]any{"id": "w-1", "name": "Prod"})
	})
	c := newTransportTestClient(t, ts.URL, nil)
	var out struct{ ID, Name string }
	if err := c.do(context.Background(), http.MethodPost, "/admin/workspaces", nil, reqBody{Name: "Prod"}, &out); err != nil {
		t.Fatalf("do: %v", err)
	}
	if got.method != http.MethodPost || got.path != "/v1/admin/workspaces" {
		t.Errorf("request line = %s %s, want POST /v1/admin/workspaces", got.method, got.path)
	}
	if got.key != transportTestKey {
		t.Errorf("x-portkey-api-key = %q, want the configured key", got.key)
	}
	if !strings.HasPrefix(got.ua, "terraform-provider-portkey/test ") {
		t.Errorf("User-Agent = %q, want the configured one", got.ua)
	}
	if got.accept != "application/json" || got.contentType != "application/json" {
		t.Errorf("Accept = %q, Content-Type = %q, want application/json for both", got.accept, got.contentType)
	}
	if len(got.body) != 1 || got.body["name"] != "Prod" {
		t.Errorf("body = %v, want exactly {name: Prod} (unset pointer fields omitted)", got.body)
	}
	if out.ID != "w-1" || out.Name != "Prod" {
		t.Errorf("decoded response = %+v", out)
	}
}

func TestDo_defaultUserAgentAndNoBodyHeaders(t *testing.T) {
	t.Parallel()
	var ua, contentType string
	var bodyLen int64
	ts, _ := newCountingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		ua, contentType, bodyLen = r.Header.Get("User-Agent"), r.Header.Get("Content-Type"), r.ContentLength
		writeTestJSON(w, http.StatusOK, map[string]any{})
	})
	c := newTransportTestClient(t, ts.URL, func(cfg *Config) { cfg.UserAgent = "" })
	if err := c.do(context.Background(), http.MethodGet, "/admin/users", nil, nil, nil); err != nil {
		t.Fatalf("do: %v", err)
	}
	if ua != "terraform-provider-portkey" {
		t.Errorf("default User-Agent = %q", ua)
	}
	if contentType != "" || bodyLen > 0 {
		t.Errorf("a GET without body sent Content-Type %q and %d body bytes", contentType, bodyLen)
	}
}

func TestDo_emptyAndNoContentSuccess(t *testing.T) {
	t.Parallel()
	ts, _ := newCountingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/empty":
			writeTestJSON(w, http.StatusOK, map[string]any{})
		case "/v1/nocontent":
			w.WriteHeader(http.StatusNoContent)
		case "/v1/blank":
			w.WriteHeader(http.StatusOK)
		default:
			w.WriteHeader(http.StatusOK)
			_, _ = io.WriteString(w, "<html>not json</html>")
		}
	})
	c := newTransportTestClient(t, ts.URL, nil)
	for _, p := range []string{"/empty", "/nocontent", "/blank"} {
		var out map[string]any
		if err := c.do(context.Background(), http.MethodDelete, p, nil, nil, &out); err != nil {
			t.Errorf("DELETE %s: %v", p, err)
		}
	}
	var out map[string]any
	err := c.do(context.Background(), http.MethodGet, "/junk", nil, nil, &out)
	var decErr *DecodeError
	if !errors.As(err, &decErr) || !strings.Contains(err.Error(), "GET /junk: HTTP 200, but the answer could not be read") {
		t.Fatalf("a 200 with a non-JSON body: err = %v, want a DecodeError", err)
	}
}

func TestPathf_escapesEachSegment(t *testing.T) {
	t.Parallel()
	if got, want := pathf("/admin/workspaces/%s/users/%s", "ws/../a b", "u?x#y"), "/admin/workspaces/ws%2F..%2Fa%20b/users/u%3Fx%23y"; got != want {
		t.Fatalf("pathf = %q, want %q", got, want)
	}

	// The server must receive each segment escaped exactly once.
	var rawPath, ws, user string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/admin/workspaces/{ws}/users/{user}", func(w http.ResponseWriter, r *http.Request) {
		rawPath, ws, user = r.URL.EscapedPath(), r.PathValue("ws"), r.PathValue("user")
		writeTestJSON(w, http.StatusOK, map[string]any{})
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	c := newTransportTestClient(t, ts.URL, nil)
	p := pathf("/admin/workspaces/%s/users/%s", "ws/../a b", "alice+1@example.com")
	if err := c.do(context.Background(), http.MethodGet, p, nil, nil, nil); err != nil {
		t.Fatalf("do %s: %v", p, err)
	}
	if ws != "ws/../a b" || user != "alice+1@example.com" {
		t.Errorf("server saw segments %q and %q (raw path %q)", ws, user, rawPath)
	}
	if want := "/v1/admin/workspaces/ws%2F..%2Fa%20b/users/alice+1@example.com"; rawPath != want {
		t.Errorf("raw path = %q, want %q", rawPath, want)
	}
}

func TestDo_queryEncoded(t *testing.T) {
	t.Parallel()
	var query url.Values
	ts, _ := newCountingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		query = r.URL.Query()
		writeTestJSON(w, http.StatusOK, map[string]any{})
	})
	c := newTransportTestClient(t, ts.URL, nil)
	q := url.Values{"email": {"a+b@example.com"}, "name": {"R&D team"}}
	if err := c.do(context.Background(), http.MethodGet, "/admin/users", q, nil, nil); err != nil {
		t.Fatalf("do: %v", err)
	}
	if query.Get("email") != "a+b@example.com" || query.Get("name") != "R&D team" {
		t.Fatalf("server saw query %v", query)
	}
}

func TestDo_baseURLWithTrailingSlash(t *testing.T) {
	t.Parallel()
	var path string
	ts, _ := newCountingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		path = r.URL.Path
		writeTestJSON(w, http.StatusOK, map[string]any{})
	})
	c := newTransportTestClient(t, ts.URL, func(cfg *Config) { cfg.BaseURL = ts.URL + "/v1/" })
	if err := c.do(context.Background(), http.MethodGet, "/admin/users", nil, nil, nil); err != nil {
		t.Fatalf("do: %v", err)
	}
	if path != "/v1/admin/users" {
		t.Fatalf("path = %q, want /v1/admin/users", path)
	}
}

func TestRateLimiter_spacesRequests(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		writeTestJSON(w, http.StatusOK, map[string]any{})
	})
	// 10 per second with a burst of 10: 20 requests need at least ~1s.
	c := newTransportTestClient(t, ts.URL, func(cfg *Config) { cfg.RequestsPerSecond = 10 })
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			errs <- c.do(context.Background(), http.MethodGet, "/admin/users", nil, nil, nil)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("do: %v", err)
		}
	}
	if elapsed := time.Since(start); elapsed < 800*time.Millisecond {
		t.Fatalf("20 requests at 10/s (burst 10) took %v, want at least ~1s", elapsed)
	}
	if hits.Load() != 20 {
		t.Fatalf("server saw %d requests, want 20", hits.Load())
	}
}

func TestRateLimiter_waitStopsOnCancel(t *testing.T) {
	t.Parallel()
	ts, _ := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		writeTestJSON(w, http.StatusOK, map[string]any{})
	})
	c := newTransportTestClient(t, ts.URL, func(cfg *Config) { cfg.RequestsPerSecond = 0.2 })
	// The first request takes the only token; the second would wait 5s.
	if err := c.do(context.Background(), http.MethodGet, "/a", nil, nil, nil); err != nil {
		t.Fatalf("first request: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := c.do(ctx, http.MethodGet, "/a", nil, nil, nil)
	if err == nil {
		t.Fatal("second request: want an error when the context ends while waiting for the limiter")
	}
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Fatalf("the limiter wait did not stop with the context: %v", elapsed)
	}
}

func ExampleParseBaseURL() {
	u, err := ParseBaseURL("https://portkey.example.com/v1/")
	fmt.Println(u, err)
	_, err = ParseBaseURL("http://portkey.example.com/v1")
	fmt.Println(err != nil)
	// Output:
	// https://portkey.example.com/v1 <nil>
	// true
}
