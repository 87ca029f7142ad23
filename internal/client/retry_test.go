package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// hijackAndClose drops the connection without an answer, after reading the
// whole request (so the request provably reached the server).
func hijackAndClose(t *testing.T, w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Error("the test server cannot hijack connections")
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	_ = conn.Close()
}

func TestRetry_GETRetriedOn503ThenSucceeds(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		if n <= 2 {
			writeTestJSON(w, http.StatusServiceUnavailable, map[string]any{"success": false})
			return
		}
		writeTestJSON(w, http.StatusOK, map[string]any{"id": "ok"})
	})
	c := newTransportTestClient(t, ts.URL, nil)
	var out struct{ ID string }
	if err := c.do(context.Background(), http.MethodGet, "/admin/workspaces/x", nil, nil, &out); err != nil {
		t.Fatalf("do: %v", err)
	}
	if hits.Load() != 3 || out.ID != "ok" {
		t.Fatalf("hits = %d, out = %+v; want 3 attempts ending in the 200", hits.Load(), out)
	}
}

func TestRetry_PUTAndDELETERetriedOn5xx(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodPut, http.MethodDelete} {
		for _, status := range []int{500, 502, 503, 504} {
			t.Run(fmt.Sprintf("%s_%d", method, status), func(t *testing.T) {
				t.Parallel()
				var bodies []string
				ts, hits := newCountingServer(t, func(n int32, w http.ResponseWriter, r *http.Request) {
					b, _ := io.ReadAll(r.Body)
					bodies = append(bodies, string(b))
					if n == 1 {
						writeTestJSON(w, status, map[string]any{})
						return
					}
					writeTestJSON(w, http.StatusOK, map[string]any{})
				})
				c := newTransportTestClient(t, ts.URL, nil)
				if err := c.do(context.Background(), method, "/admin/workspaces/x", nil, map[string]string{"name": "n"}, nil); err != nil {
					t.Fatalf("do: %v", err)
				}
				if hits.Load() != 2 {
					t.Fatalf("hits = %d, want 2", hits.Load())
				}
				if bodies[0] != bodies[1] || bodies[1] != `{"name":"n"}` {
					t.Fatalf("the retry did not resend the same body: %q", bodies)
				}
			})
		}
	}
}

func TestRetry_GETRetriedOnReset(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(n int32, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			hijackAndClose(t, w, r)
			return
		}
		writeTestJSON(w, http.StatusOK, map[string]any{})
	})
	c := newTransportTestClient(t, ts.URL, nil)
	if err := c.do(context.Background(), http.MethodGet, "/admin/users", nil, nil, nil); err != nil {
		t.Fatalf("do: %v", err)
	}
	if hits.Load() != 2 {
		t.Fatalf("hits = %d, want 2", hits.Load())
	}
}

func TestRetry_POSTNotRetriedOn5xx(t *testing.T) {
	t.Parallel()
	for _, status := range []int{500, 502, 503, 504} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			ts, hits := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
				writeTestJSON(w, status, map[string]any{"success": false, "data": map[string]any{"message": "boom", "errorCode": "AB04"}})
			})
			c := newTransportTestClient(t, ts.URL, nil)
			err := c.do(context.Background(), http.MethodPost, "/admin/workspaces", nil, map[string]string{"name": "n"}, nil)
			apiErr, ok := errors.AsType[*APIError](err)
			if !ok || apiErr.StatusCode != status {
				t.Fatalf("err = %v, want an *APIError with HTTP %d", err, status)
			}
			if hits.Load() != 1 {
				t.Fatalf("hits = %d: a POST was replayed after a %d", hits.Load(), status)
			}
			if !IsAmbiguous(err) {
				t.Fatalf("IsAmbiguous(%v) = false, want true", err)
			}
		})
	}
}

func TestRetry_POSTNotRetriedOnReset(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		hijackAndClose(t, w, r)
	})
	c := newTransportTestClient(t, ts.URL, nil)
	err := c.do(context.Background(), http.MethodPost, "/admin/workspaces", nil, map[string]string{"name": "n"}, nil)
	if _, ok := errors.AsType[*TransportError](err); !ok {
		t.Fatalf("err = %v (%T), want a *TransportError", err, err)
	}
	if hits.Load() != 1 {
		t.Fatalf("hits = %d: a POST was replayed after a connection reset", hits.Load())
	}
	if !IsAmbiguous(err) {
		t.Fatalf("IsAmbiguous(%v) = false, want true", err)
	}
}

func TestRetry_POSTNotRetriedOnTimeout(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		writeTestJSON(w, http.StatusOK, map[string]any{})
	})
	c := newTransportTestClient(t, ts.URL, func(cfg *Config) { cfg.RequestTimeout = 100 * time.Millisecond })
	start := time.Now()
	err := c.do(context.Background(), http.MethodPost, "/admin/workspaces", nil, map[string]string{"name": "n"}, nil)
	if ne, ok := errors.AsType[net.Error](err); !ok || !ne.Timeout() {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if _, ok := errors.AsType[*TransportError](err); !ok {
		t.Fatalf("err = %T, want a *TransportError", err)
	}
	if elapsed := time.Since(start); elapsed > 4*time.Second {
		t.Fatalf("took %v: the per-attempt timeout was not applied", elapsed)
	}
	if hits.Load() != 1 {
		t.Fatalf("hits = %d: a POST was replayed after a timeout", hits.Load())
	}
	if !IsAmbiguous(err) {
		t.Fatalf("IsAmbiguous(%v) = false, want true", err)
	}
}

func TestRetry_GETRetriedOnTimeout(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(n int32, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}
		writeTestJSON(w, http.StatusOK, map[string]any{})
	})
	c := newTransportTestClient(t, ts.URL, func(cfg *Config) { cfg.RequestTimeout = 200 * time.Millisecond })
	if err := c.do(context.Background(), http.MethodGet, "/admin/users", nil, nil, nil); err != nil {
		t.Fatalf("do: %v", err)
	}
	if hits.Load() != 2 {
		t.Fatalf("hits = %d, want 2", hits.Load())
	}
}

func TestRetry_POSTRetriedOn429(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		if n <= 2 {
			writeTestJSON(w, http.StatusTooManyRequests, map[string]any{"success": false, "data": map[string]any{"message": "slow down", "errorCode": "AB06"}})
			return
		}
		writeTestJSON(w, http.StatusOK, map[string]any{"id": "created"})
	})
	c := newTransportTestClient(t, ts.URL, nil)
	var out struct{ ID string }
	if err := c.do(context.Background(), http.MethodPost, "/admin/workspaces", nil, map[string]string{"name": "n"}, &out); err != nil {
		t.Fatalf("do: %v", err)
	}
	if hits.Load() != 3 || out.ID != "created" {
		t.Fatalf("hits = %d, out = %+v; want 3 attempts", hits.Load(), out)
	}
}

func TestRetry_429ExhaustsRetries(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		writeTestJSON(w, http.StatusTooManyRequests, map[string]any{"success": false, "data": map[string]any{"message": "slow down", "errorCode": "AB06"}})
	})
	c := newTransportTestClient(t, ts.URL, func(cfg *Config) { cfg.MaxRetries = 2 })
	err := c.do(context.Background(), http.MethodGet, "/admin/users", nil, nil, nil)
	if !errors.Is(err, ErrRateLimited) || !IsCode(err, "AB06") {
		t.Fatalf("err = %v, want the last 429 as ErrRateLimited with AB06", err)
	}
	if hits.Load() != 3 {
		t.Fatalf("hits = %d, want 1 + MaxRetries = 3", hits.Load())
	}
}

func TestRetry_POSTRetriedOnDialError(t *testing.T) {
	t.Parallel()
	logs := &debugCapture{}
	c := newTransportTestClient(t, closedPortURL(t), func(cfg *Config) {
		cfg.MaxRetries = 2
		cfg.Logger = logs
	})
	err := c.do(context.Background(), http.MethodPost, "/admin/workspaces", nil, map[string]string{"name": "n"}, nil)
	if _, ok := errors.AsType[*TransportError](err); !ok || !isDialError(err) {
		t.Fatalf("err = %v, want a *TransportError wrapping a dial error", err)
	}
	if IsAmbiguous(err) {
		t.Fatalf("IsAmbiguous(%v) = true: a refused connection never reached the server", err)
	}
	attempts := logs.attempts("Portkey API call")
	if len(attempts) != 3 || attempts[0] != 1 || attempts[2] != 3 {
		t.Fatalf("attempts logged = %v, want [1 2 3] (1 + MaxRetries)", attempts)
	}
}

func TestRetry_4xxNotRetried(t *testing.T) {
	t.Parallel()
	for _, status := range []int{400, 401, 403, 404, 409, 501} {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			t.Run(fmt.Sprintf("%s_%d", method, status), func(t *testing.T) {
				t.Parallel()
				ts, hits := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
					writeTestJSON(w, status, map[string]any{})
				})
				c := newTransportTestClient(t, ts.URL, nil)
				err := c.do(context.Background(), method, "/admin/x", nil, nil, nil)
				if apiErr, ok := errors.AsType[*APIError](err); !ok || apiErr.StatusCode != status {
					t.Fatalf("err = %v, want HTTP %d", err, status)
				}
				if hits.Load() != 1 {
					t.Fatalf("hits = %d: HTTP %d was retried", hits.Load(), status)
				}
			})
		}
	}
}

func TestRetry_MaxRetriesZeroDisablesRetries(t *testing.T) {
	t.Parallel()
	cases := map[string]func(w http.ResponseWriter, r *http.Request){
		"503": func(w http.ResponseWriter, _ *http.Request) { writeTestJSON(w, 503, map[string]any{}) },
		"429": func(w http.ResponseWriter, _ *http.Request) { writeTestJSON(w, 429, map[string]any{}) },
		"reset": func(w http.ResponseWriter, r *http.Request) {
			hijackAndClose(t, w, r)
		},
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ts, hits := newCountingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) { h(w, r) })
			c := newTransportTestClient(t, ts.URL, func(cfg *Config) { cfg.MaxRetries = 0 })
			if err := c.do(context.Background(), http.MethodGet, "/admin/users", nil, nil, nil); err == nil {
				t.Fatal("want an error")
			}
			if hits.Load() != 1 {
				t.Fatalf("hits = %d with MaxRetries 0, want 1", hits.Load())
			}
		})
	}
	t.Run("dial", func(t *testing.T) {
		t.Parallel()
		logs := &debugCapture{}
		c := newTransportTestClient(t, closedPortURL(t), func(cfg *Config) { cfg.MaxRetries = 0; cfg.Logger = logs })
		if err := c.do(context.Background(), http.MethodGet, "/admin/users", nil, nil, nil); err == nil {
			t.Fatal("want an error")
		}
		if n := len(logs.attempts("Portkey API call")); n != 1 {
			t.Fatalf("%d attempts with MaxRetries 0, want 1", n)
		}
	})
}

func TestRetry_NegativeMaxRetriesMeansDefault(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		writeTestJSON(w, http.StatusServiceUnavailable, map[string]any{})
	})
	c := newTransportTestClient(t, ts.URL, func(cfg *Config) { cfg.MaxRetries = -1 })
	_ = c.do(context.Background(), http.MethodGet, "/admin/users", nil, nil, nil)
	if hits.Load() != DefaultMaxRetries+1 {
		t.Fatalf("hits = %d, want %d", hits.Load(), DefaultMaxRetries+1)
	}
}

func TestRetry_RetryAfterSeconds(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			writeTestJSON(w, http.StatusTooManyRequests, map[string]any{})
			return
		}
		writeTestJSON(w, http.StatusOK, map[string]any{})
	})
	c := newTransportTestClient(t, ts.URL, nil)
	start := time.Now()
	if err := c.do(context.Background(), http.MethodPost, "/admin/workspaces", nil, map[string]string{}, nil); err != nil {
		t.Fatalf("do: %v", err)
	}
	if elapsed := time.Since(start); elapsed < time.Second {
		t.Fatalf("retried after %v, want at least the 1s of Retry-After", elapsed)
	}
	if hits.Load() != 2 {
		t.Fatalf("hits = %d, want 2", hits.Load())
	}
}

func TestRetry_RetryAfterHTTPDate(t *testing.T) {
	t.Parallel()
	start := time.Now()
	ts, hits := newCountingServer(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			// HTTP dates have whole seconds: this is 1 to 2 seconds away.
			w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
			writeTestJSON(w, http.StatusTooManyRequests, map[string]any{})
			return
		}
		writeTestJSON(w, http.StatusOK, map[string]any{})
	})
	c := newTransportTestClient(t, ts.URL, nil)
	if err := c.do(context.Background(), http.MethodGet, "/admin/users", nil, nil, nil); err != nil {
		t.Fatalf("do: %v", err)
	}
	if elapsed := time.Since(start); elapsed < time.Second {
		t.Fatalf("retried after %v, want at least 1s (the Retry-After date)", elapsed)
	}
	if hits.Load() != 2 {
		t.Fatalf("hits = %d, want 2", hits.Load())
	}
}

func TestRetry_MaxRetryAfterCapsTheWait(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		if n <= 2 {
			w.Header().Set("Retry-After", "3600")
			writeTestJSON(w, http.StatusTooManyRequests, map[string]any{})
			return
		}
		writeTestJSON(w, http.StatusOK, map[string]any{})
	})
	c := newTransportTestClient(t, ts.URL, func(cfg *Config) { cfg.MaxRetryAfter = 50 * time.Millisecond })
	// Without the cap this would wait an hour: fail fast instead.
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	start := time.Now()
	if err := c.do(ctx, http.MethodGet, "/admin/users", nil, nil, nil); err != nil {
		t.Fatalf("do: %v (Retry-After 3600 not capped at 50ms?)", err)
	}
	elapsed := time.Since(start)
	if elapsed > 10*time.Second {
		t.Fatalf("took %v: Retry-After 3600 was not capped at MaxRetryAfter (50ms)", elapsed)
	}
	if elapsed < 100*time.Millisecond {
		t.Fatalf("took %v: two capped waits of 50ms were not honored", elapsed)
	}
	if hits.Load() != 3 {
		t.Fatalf("hits = %d, want 3", hits.Load())
	}
}

func TestRetry_ContextCancelStopsRetryAfterWait(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "30")
		writeTestJSON(w, http.StatusTooManyRequests, map[string]any{})
	})
	c := newTransportTestClient(t, ts.URL, func(cfg *Config) { cfg.MaxRetryAfter = time.Minute })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	err := c.do(ctx, http.MethodGet, "/admin/users", nil, nil, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Fatalf("returned after %v: cancellation did not interrupt the 30s Retry-After", elapsed)
	}
	if hits.Load() != 1 {
		t.Fatalf("hits = %d, want 1", hits.Load())
	}
	if IsAmbiguous(err) {
		t.Fatalf("IsAmbiguous(%v) = true for a canceled call", err)
	}
}

func TestRetry_ContextAlreadyCancelled(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		writeTestJSON(w, http.StatusOK, map[string]any{})
	})
	c := newTransportTestClient(t, ts.URL, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.do(ctx, http.MethodGet, "/admin/users", nil, nil, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if hits.Load() != 0 {
		t.Fatalf("hits = %d, want 0", hits.Load())
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{"-3", 0, false},
		{"soon", 0, false},
		{"1.5", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"Sat, 28 Nov 2026 12:00:30 GMT", 30 * time.Second, true},
	}
	for _, tc := range cases {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	minWait, maxWait := 100*time.Millisecond, time.Second
	// Full jitter: a wait anywhere between 0 and the exponential ceiling.
	highest := backoffWith(time.Minute, func(n int64) int64 { return n - 1 })
	lowest := backoffWith(time.Minute, func(int64) int64 { return 0 })
	for attempt, ceiling := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, time.Second, time.Second} {
		if got := highest(minWait, maxWait, attempt, nil); got != ceiling {
			t.Errorf("attempt %d: highest wait %v, want the ceiling %v", attempt, got, ceiling)
		}
		if got := lowest(minWait, maxWait, attempt, nil); got != 0 {
			t.Errorf("attempt %d: lowest wait %v, want 0", attempt, got)
		}
	}
	if got := highest(minWait, maxWait, 5000, nil); got != maxWait {
		t.Errorf("huge attempt: wait %v, want the cap %v", got, maxWait)
	}
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		resp := &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {"120"}}}
		if got := lowest(minWait, maxWait, 0, resp); got != time.Minute {
			t.Errorf("%d with Retry-After 120 and a 1m cap: wait %v, want 1m", status, got)
		}
		resp.Header.Set("Retry-After", "20")
		if got := lowest(minWait, maxWait, 0, resp); got != 20*time.Second {
			t.Errorf("%d with Retry-After 20: wait %v, want 20s (it may exceed RetryWaitMax)", status, got)
		}
		// Jitter on top, so that parallel calls told the same do not retry in lockstep.
		if got := highest(minWait, maxWait, 0, resp); got != 20*time.Second+minWait {
			t.Errorf("%d with Retry-After 20: highest wait %v, want 20s plus RetryWaitMin", status, got)
		}
		resp.Header.Set("Retry-After", time.Now().Add(30*time.Second).UTC().Format(http.TimeFormat))
		if got := lowest(minWait, maxWait, 0, resp); got < 28*time.Second || got > 30*time.Second {
			t.Errorf("%d with Retry-After as an HTTP date 30s away: wait %v", status, got)
		}
	}
	resp := &http.Response{StatusCode: http.StatusBadGateway, Header: http.Header{"Retry-After": {"20"}}}
	if got := highest(minWait, maxWait, 0, resp); got != minWait {
		t.Errorf("a 502's Retry-After is not waited for: wait %v, want the backoff %v", got, minWait)
	}
}

// TestBackoff_jitterSpreads checks that the real random source spreads the
// waits of calls retrying at the same attempt.
func TestBackoff_jitterSpreads(t *testing.T) {
	t.Parallel()
	b := backoff(time.Minute)
	seen := map[time.Duration]bool{}
	for range 50 {
		d := b(time.Second, 10*time.Second, 3, nil)
		if d < 0 || d > 8*time.Second {
			t.Fatalf("wait %v outside [0, 8s]", d)
		}
		seen[d] = true
	}
	if len(seen) < 10 {
		t.Fatalf("50 waits took only %d distinct values: no jitter", len(seen))
	}
}

func TestRetry_503RetryAfterRecordedOnPOST(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "20")
		writeTestJSON(w, http.StatusServiceUnavailable, map[string]any{})
	})
	c := newTransportTestClient(t, ts.URL, nil)
	err := c.do(context.Background(), http.MethodPost, "/admin/workspaces", nil, map[string]string{"name": "n"}, nil)
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok || apiErr.RetryAfter != "20" || apiErr.Attempts != 1 || hits.Load() != 1 {
		t.Fatalf("err = %#v, hits %d; want the 503 with Retry-After 20 after 1 attempt", err, hits.Load())
	}
}

func TestRetry_errorsCountAttempts(t *testing.T) {
	t.Parallel()
	unavailable, _ := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		writeTestJSON(w, http.StatusServiceUnavailable, map[string]any{"success": false, "data": map[string]any{"message": "down", "errorCode": "AB04"}})
	})
	c := newTransportTestClient(t, unavailable.URL, nil) // MaxRetries 3
	err := c.do(context.Background(), http.MethodGet, "/admin/users", nil, nil, nil)
	apiErr, ok := errors.AsType[*APIError](err)
	if !ok || apiErr.Attempts != 4 || !strings.Contains(err.Error(), "(4 attempts)") {
		t.Fatalf("err = %v; want a 503 after 4 attempts, saying so", err)
	}

	refused := closedPortURL(t)
	err = newTransportTestClient(t, refused, nil).do(context.Background(), http.MethodPost, "/admin/workspaces", nil, map[string]string{}, nil)
	tErr, ok := errors.AsType[*TransportError](err)
	if !ok || tErr.Attempts != 4 || tErr.Failure() != FailureRefused || !strings.Contains(err.Error(), "connection refused, on each of 4 attempts") {
		t.Fatalf("err = %v; want a refused connection after 4 attempts (dial errors are retried), saying so", err)
	}
}

func TestTransportError_Failure(t *testing.T) {
	t.Parallel()
	closeServer, _ := newCountingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		hijackAndClose(t, w, r)
	})
	resetServer, _ := newCountingServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		conn, _, err := w.(http.Hijacker).Hijack() //nolint:forcetypeassert // httptest servers hijack
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		_ = conn.(*net.TCPConn).SetLinger(0) //nolint:forcetypeassert // a TCP test server
		_ = conn.Close()
	})
	slowServer, _ := newCountingServer(t, func(_ int32, _ http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	post := func(url string, mutate func(*Config)) *TransportError {
		c := newTransportTestClient(t, url, mutate)
		err := c.do(context.Background(), http.MethodPost, "/admin/workspaces", nil, map[string]string{"name": "n"}, nil)
		tErr, ok := errors.AsType[*TransportError](err)
		if !ok {
			t.Fatalf("err = %v (%T), want a *TransportError", err, err)
		}
		return tErr
	}
	cases := []struct {
		name string
		err  *TransportError
		want Failure
		text string
	}{
		{"closed", post(closeServer.URL, nil), FailureNoAnswer, "no answer"},
		{"reset", post(resetServer.URL, nil), FailureReset, "connection reset"},
		{"timeout", post(slowServer.URL, func(cfg *Config) { cfg.RequestTimeout = 50 * time.Millisecond }), FailureTimeout, "timeout"},
		{"refused", post(closedPortURL(t), func(cfg *Config) { cfg.MaxRetries = 0 }), FailureRefused, "connection refused"},
	}
	for _, tc := range cases {
		if got := tc.err.Failure(); got != tc.want {
			t.Errorf("%s: Failure() = %v (%v), want %v", tc.name, got, tc.err.Err, tc.want)
		}
		if tc.err.Attempts != 1 {
			t.Errorf("%s: Attempts = %d, want 1", tc.name, tc.err.Attempts)
		}
		if !strings.Contains(tc.err.Error(), tc.text) {
			t.Errorf("%s: %q does not say %q", tc.name, tc.err.Error(), tc.text)
		}
	}
}

func TestWaitBeforeResend(t *testing.T) {
	t.Parallel()
	c := newTransportTestClient(t, "http://127.0.0.1:1", func(cfg *Config) { cfg.MaxRetries = 7 })
	if c.MaxRetries() != 7 {
		t.Fatalf("MaxRetries() = %d, want 7", c.MaxRetries())
	}
	// A 503's Retry-After (capped at MaxRetryAfter, 5s here) is honoured:
	// a context shorter than it ends the wait first.
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	cause := &APIError{StatusCode: http.StatusServiceUnavailable, RetryAfter: "20", Method: "POST", Path: "/admin/workspaces"}
	if err := c.WaitBeforeResend(ctx, 1, cause); !errors.Is(err, context.Canceled) {
		t.Fatalf("WaitBeforeResend with Retry-After 20 = %v, want it cut short by the context", err)
	}
	// Without Retry-After, the backoff (at most RetryWaitMax, 5ms here).
	if err := c.WaitBeforeResend(context.Background(), 3, &TransportError{Method: "POST", Path: "/x", Err: io.EOF}); err != nil {
		t.Fatalf("WaitBeforeResend after a reset = %v", err)
	}
}
