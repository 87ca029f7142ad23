package client

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Logger receives debug records. The provider bridges it to tflog; this
// package never imports Terraform packages.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}

const redacted = "[REDACTED]"

// secretFields are JSON fields whose values never reach a log.
var secretFields = map[string]bool{"key": true, "invite_link": true, "inviteLink": true, "api_key": true}

// redactBody returns body with every secret JSON field replaced, and any
// occurrence of the provider's own key scrubbed. A body that is not JSON is
// summarized by its length only.
func redactBody(body []byte, apiKey string) string {
	if len(body) == 0 {
		return ""
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return "(non-JSON body, " + itoa(len(body)) + " bytes)"
	}
	out, err := json.Marshal(redactValue(v))
	if err != nil {
		return "(unprintable body)"
	}
	s := string(out)
	if apiKey != "" {
		s = strings.ReplaceAll(s, apiKey, redacted)
	}
	return s
}

// redactedBody is a request or response body as the debug log shows it. It
// is redacted (redactBody) only when a log formats it, as text (String) or
// JSON (MarshalJSON): when nothing logs at debug level, as in a plan whose
// logs Terraform discards, the body is never parsed for the log.
type redactedBody struct {
	body   []byte
	apiKey string
}

func (b redactedBody) String() string { return redactBody(b.body, b.apiKey) }

// MarshalJSON writes the redacted body as a JSON string.
func (b redactedBody) MarshalJSON() ([]byte, error) { return json.Marshal(b.String()) }

func redactValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			if secretFields[k] {
				if val != nil {
					t[k] = redacted
				}
				continue
			}
			t[k] = redactValue(val)
		}
	case []any:
		for i := range t {
			t[i] = redactValue(t[i])
		}
	}
	return v
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// attemptTransport wraps every attempt (first try and retries): it waits for
// the rate limiter and logs method, path, status, duration and attempt.
type attemptTransport struct {
	next    http.RoundTripper
	limiter *rate.Limiter
	logger  Logger
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if t.limiter != nil {
		if err := t.limiter.Wait(ctx); err != nil {
			return nil, &notSentError{err: err}
		}
	}
	attempt := attemptFrom(ctx)
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields := map[string]any{
		"method":      req.Method,
		"path":        req.URL.Path,
		"attempt":     attempt,
		"duration_ms": time.Since(start).Milliseconds(),
	}
	if err != nil {
		fields["error"] = err.Error()
	} else {
		fields["status"] = resp.StatusCode
	}
	t.logger.Debug(ctx, "Portkey API call", fields)
	return resp, err
}

type attemptKey struct{}

// attemptFrom counts attempts of one logical call; the counter is put in the
// context by do.
func attemptFrom(ctx context.Context) int64 {
	if c, ok := ctx.Value(attemptKey{}).(*atomic.Int64); ok {
		return c.Add(1)
	}
	return 1
}

// notSentError is a failure before the request left the client (waiting for
// the rate limiter): like a dial error, it is never ambiguous.
type notSentError struct{ err error }

func (e *notSentError) Error() string { return "request not sent: " + e.err.Error() }

func (e *notSentError) Unwrap() error { return e.err }
