package provider

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
)

// TestAPIErrorDetail_namesWhatHappenedAndTheSettingThatHelps: each transport
// or 5xx failure says what happened (no answer, reset, timeout, status N),
// how many attempts were made and which setting helps; none says "apply
// again", since plans (refresh, plan-time checks) show the same text.
func TestAPIErrorDetail_namesWhatHappenedAndTheSettingThatHelps(t *testing.T) {
	t.Parallel()
	transport := func(cause error, attempts int) error {
		return &client.TransportError{Method: "GET", Path: "/admin/users", Err: fmt.Errorf("Get \"http://127.0.0.1/v1/admin/users\": %w", cause), Attempts: attempts}
	}
	cases := []struct {
		name    string
		err     error
		want    []string
		wantNot []string
	}{
		{"503 after retries", &client.APIError{StatusCode: 503, Code: "AB04", Message: "down", Method: "GET", Path: "/admin/users", Attempts: 5},
			[]string{"HTTP 503", "the last of 5 attempts", "max_retries"}, []string{"did not answer", "no answer", "base_url"}},
		{"502 on a POST", &client.APIError{StatusCode: 502, Code: "AB04", Message: "bad gateway", Method: "POST", Path: "/admin/workspaces", Attempts: 1},
			[]string{"HTTP 502", "its only attempt", "max_retries"}, []string{"did not answer", "base_url"}},
		{"429 after retries", &client.APIError{StatusCode: 429, Code: "AB06", Message: "slow down", Method: "GET", Path: "/admin/users", Attempts: 5},
			[]string{"HTTP 429", "the last of 5 attempts", "requests_per_second", "max_retries"}, []string{"base_url"}},
		{"reset", transport(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, 5),
			[]string{"connection reset", "5 attempts", "max_retries"}, []string{"base_url", "request_timeout"}},
		{"closed without an answer", transport(io.EOF, 5),
			[]string{"no answer", "5 attempts", "max_retries"}, []string{"base_url", "request_timeout"}},
		{"timeout", transport(context.DeadlineExceeded, 5),
			[]string{"timeout", "5 attempts", "request_timeout"}, []string{"base_url"}},
		{"refused", transport(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, 5),
			[]string{"connection refused", "5 attempts", "base_url"}, nil},
		{"unknown host", transport(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "api.example.test", IsNotFound: true}}, 5),
			[]string{"unknown host", "base_url"}, nil},
	}
	for _, tc := range cases {
		got := apiErrorDetail(tc.err, "")
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q does not say %q", tc.name, got, w)
			}
		}
		for _, w := range append(tc.wantNot, "apply again", "Apply again") {
			if strings.Contains(got, w) {
				t.Errorf("%s: %q says %q", tc.name, got, w)
			}
		}
	}
}
