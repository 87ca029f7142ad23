package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestAPIError_decodesBodies(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		status   int
		ctype    string
		body     string
		wantCode string
		wantMsg  string // exact message, or a prefix when it ends in "*"
	}{
		{
			name: "real envelope", status: 400,
			body:     `{"success":false,"data":{"message":"Invalid request. Please check and try again.","errorCode":"AB01"}}`,
			wantCode: "AB01", wantMsg: "Invalid request. Please check and try again.",
		},
		{
			name: "real envelope with error_details", status: 400,
			body:     `{"success":false,"data":{"message":"Validation failed: undefined: Invalid value","errorCode":"AB01","error_details":{"param":"slugs","location":"query"}}}`,
			wantCode: "AB01", wantMsg: "Validation failed: undefined: Invalid value",
		},
		{
			name: "envelope without code", status: 401,
			body:    `{"success":false,"data":{"message":"Unauthorised Request"}}`, //nolint:misspell // the API's spelling
			wantMsg: "Unauthorised Request",                                        //nolint:misspell // the API's spelling
		},
		{
			name: "envelope with only a code", status: 404,
			body:     `{"success":false,"data":{"errorCode":"AB08"}}`,
			wantCode: "AB08", wantMsg: "Not Found",
		},
		{
			name: "OpenAI-style error object", status: 502,
			body:    `{"error":{"message":"upstream failed","type":"server_error","param":null,"code":null}}`,
			wantMsg: "upstream failed",
		},
		{
			name: "OpenAI-style error object with a string code", status: 429,
			body:     `{"error":{"message":"Rate limit exceeded","code":"AB06"}}`,
			wantCode: "AB06", wantMsg: "Rate limit exceeded",
		},
		{
			name: "bare message", status: 500,
			body:    `{"message":"Internal Server Error"}`,
			wantMsg: "Internal Server Error",
		},
		{
			name: "HTML", status: 502, ctype: "text/html",
			body:    "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n</body>\n</html>\n",
			wantMsg: "unexpected response body: <html> <head><title>502 Bad Gateway</title></head>*",
		},
		{name: "empty", status: 503, body: "", wantMsg: "Service Unavailable"},
		{name: "whitespace", status: 504, body: " \n\t ", wantMsg: "Gateway Timeout"},
		{name: "binary", status: 500, ctype: "application/octet-stream", body: "\x00\x01\x02\x1f\x8b\x08binary", wantMsg: "Internal Server Error"},
		{name: "invalid UTF-8", status: 400, body: "\xff\xfe\xfd", wantMsg: "Bad Request"},
		{name: "JSON of another shape", status: 409, body: `{"success":false,"data":["x"]}`, wantMsg: `unexpected response body: {"success":false,"data":["x"]}`},
		{name: "unknown status, empty body", status: 599, body: "", wantMsg: "HTTP status 599"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts, _ := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
				if tc.ctype != "" {
					w.Header().Set("Content-Type", tc.ctype)
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			})
			c := newTransportTestClient(t, ts.URL, func(cfg *Config) { cfg.MaxRetries = 0 })
			err := c.do(context.Background(), http.MethodPut, "/admin/workspaces/w1", nil, nil, nil)
			apiErr, ok := errors.AsType[*APIError](err)
			if !ok {
				t.Fatalf("err = %v (%T), want *APIError", err, err)
			}
			if apiErr.StatusCode != tc.status || apiErr.Code != tc.wantCode {
				t.Errorf("status, code = %d, %q; want %d, %q", apiErr.StatusCode, apiErr.Code, tc.status, tc.wantCode)
			}
			if apiErr.Method != http.MethodPut || apiErr.Path != "/admin/workspaces/w1" {
				t.Errorf("method, path = %q, %q", apiErr.Method, apiErr.Path)
			}
			if prefix, ok := strings.CutSuffix(tc.wantMsg, "*"); ok {
				if !strings.HasPrefix(apiErr.Message, prefix) {
					t.Errorf("message = %q, want prefix %q", apiErr.Message, prefix)
				}
			} else if apiErr.Message != tc.wantMsg {
				t.Errorf("message = %q, want %q", apiErr.Message, tc.wantMsg)
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("HTTP %d", tc.status)) {
				t.Errorf("Error() = %q does not name the status", err)
			}
		})
	}
}

func TestAPIError_longJunkIsTruncated(t *testing.T) {
	t.Parallel()
	body := []byte(strings.Repeat("é", 1000))
	e := newAPIError("GET", "/x", 500, body)
	if got := len([]rune(strings.TrimPrefix(e.Message, "unexpected response body: "))); got != 201 {
		t.Fatalf("excerpt has %d runes, want 200 plus an ellipsis", got)
	}
	if !strings.HasSuffix(e.Message, "é…") {
		t.Fatalf("message %q is not cut on a rune boundary", e.Message[len(e.Message)-10:])
	}
}

func TestAPIError_Error(t *testing.T) {
	t.Parallel()
	cases := []struct {
		err  *APIError
		want string
	}{
		{&APIError{StatusCode: 400, Code: "AB01", Message: "bad", Method: "POST", Path: "/admin/workspaces"},
			"POST /admin/workspaces: HTTP 400 (Portkey error code AB01): bad"},
		{&APIError{StatusCode: 503, Message: "Service Unavailable", Method: "GET", Path: "/api-keys"},
			"GET /api-keys: HTTP 503: Service Unavailable"},
		{&APIError{StatusCode: 404, Code: "AB08", Method: "GET", Path: "/x"}, // a hand-built error
			"GET /x: HTTP 404 (Portkey error code AB08)"},
	}
	for _, tc := range cases {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

func TestAPIError_sentinels(t *testing.T) {
	t.Parallel()
	sentinels := []error{ErrNotFound, ErrUnauthorized, ErrForbidden, ErrConflict, ErrRateLimited}
	cases := []struct {
		status int
		code   string
		want   error // the only sentinel that must match; nil for none
	}{
		{404, "", ErrNotFound},
		{404, "AB08", ErrNotFound},
		{400, "AB08", ErrNotFound}, // AB08 means "not found" whatever the status
		{404, "AB02", ErrNotFound},
		{401, "AB05", ErrUnauthorized},
		{403, "AB03", ErrForbidden}, // a 403 is NOT not-found, even for deleted workspaces
		{403, "", ErrForbidden},
		{409, "AB07", ErrConflict},
		{429, "AB06", ErrRateLimited},
		{400, "AB01", nil},
		{402, "AB09", nil},
		{500, "AB04", nil},
		{502, "", nil},
	}
	for _, tc := range cases {
		err := fmt.Errorf("wrapped: %w", &APIError{StatusCode: tc.status, Code: tc.code, Method: "GET", Path: "/x"})
		for _, s := range sentinels {
			if got, want := errors.Is(err, s), errors.Is(s, tc.want); got != want {
				t.Errorf("HTTP %d %q: errors.Is(err, %v) = %v, want %v", tc.status, tc.code, s, got, want)
			}
		}
	}
	if errors.Is(&TransportError{Err: errors.New("x")}, ErrNotFound) {
		t.Error("a transport error matched ErrNotFound")
	}
}

func TestIsCode(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("ctx: %w", &APIError{StatusCode: 400, Code: "AB01"})
	if !IsCode(err, "AB01") || IsCode(err, "AB08") || IsCode(errors.New("AB01"), "AB01") || IsCode(nil, "") {
		t.Fatal("IsCode mismatched")
	}
}

// TestIsAmbiguous checks the truth table with errors produced by real
// round trips where possible.
func TestIsAmbiguous(t *testing.T) {
	t.Parallel()
	statusServer := func(status int) string {
		ts, _ := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
			writeTestJSON(w, status, map[string]any{})
		})
		return ts.URL
	}
	resetServer, _ := newCountingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		hijackAndClose(t, w, r)
	})
	post := func(baseURL string) error {
		c := newTransportTestClient(t, baseURL, func(cfg *Config) { cfg.MaxRetries = 0 })
		return c.do(context.Background(), http.MethodPost, "/admin/workspaces", nil, map[string]string{"name": "n"}, nil)
	}
	// A 2xx whose body cannot be decoded: ambiguous after a write (it was
	// applied, its result is unknown), not after a read.
	cutServer, _ := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"id":"6e5a9f93-ae3a-46b4`)
	})
	decode := func(method string) error {
		c := newTransportTestClient(t, cutServer.URL, func(cfg *Config) { cfg.MaxRetries = 0 })
		var out map[string]any
		return c.do(context.Background(), method, "/admin/workspaces", nil, nil, &out)
	}
	c := newTransportTestClient(t, cutServer.URL, func(cfg *Config) { cfg.MaxRetries = 0 })
	_, createErr := c.CreateWorkspace(context.Background(), CreateWorkspaceRequest{Name: "n"})
	_, keyErr := c.CreateAPIKey(context.Background(), "workspace", "service", CreateAPIKeyRequest{Name: "n"})
	idless, _ := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		writeTestJSON(w, http.StatusOK, map[string]any{"object": "workspace"})
	})
	_, idlessErr := newTransportTestClient(t, idless.URL, func(cfg *Config) { cfg.MaxRetries = 0 }).
		CreateWorkspace(context.Background(), CreateWorkspaceRequest{Name: "n"})
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"500 on POST", post(statusServer(500)), true},
		{"502 on POST", post(statusServer(502)), true},
		{"503 on POST", post(statusServer(503)), true},
		{"connection reset", post(resetServer.URL), true},
		{"dial error", post(closedPortURL(t)), false},
		{"400", post(statusServer(400)), false},
		{"404", post(statusServer(404)), false},
		{"409", post(statusServer(409)), false},
		{"429", post(statusServer(429)), false},
		{"undecodable 200 on POST", decode(http.MethodPost), true},
		{"undecodable 200 on PUT", decode(http.MethodPut), true},
		{"undecodable 200 on GET", decode(http.MethodGet), false},
		{"undecodable workspace create", createErr, true},
		{"undecodable API key create", keyErr, true},
		{"a workspace create answer without an id", idlessErr, true},
		{"nil", nil, false},
		{"context canceled", &TransportError{Method: "POST", Path: "/x", Err: context.Canceled}, false},
		{"other error", errors.New("encoding failed"), false},
	}
	for _, tc := range cases {
		if tc.name != "nil" && tc.err == nil {
			t.Errorf("%s: the round trip did not fail", tc.name)
			continue
		}
		if got := IsAmbiguous(tc.err); got != tc.want {
			t.Errorf("%s: IsAmbiguous(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}
