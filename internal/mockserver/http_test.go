package mockserver

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// callJSON sends one request to url with the API key (none when key is "")
// and returns the status and the answer decoded as a JSON object; every answer
// of the mock's API and hooks is one, so an empty or non-object body fails. body is nil, a string sent as is, or a value sent as JSON. The
// entity tests' harnesses all call the mock through it.
func callJSON(t testing.TB, method, url, key string, body any) (int, map[string]any) {
	t.Helper()
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		reader = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, url, reader)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("x-portkey-api-key", key)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, url, err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil || out == nil {
		t.Fatalf("%s %s: the answer is not a JSON object: %q", method, url, raw)
	}
	return resp.StatusCode, out
}

// sentInvalid forgets the spec violations recorded for one request that a
// test sent invalid on purpose (it expects 400 AB01): whether the spec check
// or the handler rejects it, the answer is the same, and Start's cleanup
// must not fail the test for it. path is under /v1 (with or without the
// prefix), query included.
func sentInvalid(srv *Server, method, path string) {
	path = strings.TrimPrefix(path, APIPrefix)
	srv.mu.Lock()
	defer srv.mu.Unlock()
	kept := srv.violations[:0]
	for _, v := range srv.violations {
		target := v.Path
		if v.Query != "" {
			target += "?" + v.Query
		}
		if v.Method != method || target != path {
			kept = append(kept, v)
		}
	}
	srv.violations = kept
}
