package client

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// The retry policy lives here and nowhere else:
//
//   - 429 is always retried; a 429 or 503 answer's Retry-After (seconds or
//     HTTP date) is honoured, capped at Config.MaxRetryAfter;
//   - a failure that provably never reached the server (a dial error) is
//     retried for every method;
//   - 5xx answers and other transport errors (reset, timeout) are retried
//     only for GET, PUT and DELETE. A POST is never replayed after such an
//     ambiguous failure: the caller reconciles instead (see IsAmbiguous), and
//     sends it again only once it has proven that nothing was created
//     (WaitBeforeResend paces that);
//   - between attempts the wait is the exponential backoff with full jitter
//     (a random wait between 0 and RetryWaitMin·2^attempt, at most
//     RetryWaitMax), so that parallel operations do not retry in lockstep;
//     a Retry-After wait gets up to RetryWaitMin of jitter on top.
//
// The error of a call that failed says how many attempts were made
// (APIError.Attempts, TransportError.Attempts).

type callKey struct{}

// callInfo is what the retry policy learns about one logical call over its
// attempts. Attempts of one call run one after the other, never at once.
type callInfo struct {
	method string
	// retryAfter is the Retry-After header of the last answer that carried
	// one, as sent.
	retryAfter string
}

func withMethod(ctx context.Context, method string) context.Context {
	return context.WithValue(ctx, callKey{}, &callInfo{method: method})
}

func callFrom(ctx context.Context) *callInfo {
	if info, ok := ctx.Value(callKey{}).(*callInfo); ok {
		return info
	}
	return &callInfo{}
}

func idempotent(ctx context.Context) bool {
	switch callFrom(ctx).method {
	case http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodHead:
		return true
	}
	return false
}

// honoursRetryAfter reports whether an answer's Retry-After is waited for.
func honoursRetryAfter(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable
}

func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		if isDialError(err) {
			return true, nil
		}
		if !idempotent(ctx) {
			return false, err
		}
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	info := callFrom(ctx)
	info.retryAfter = ""
	if honoursRetryAfter(resp.StatusCode) {
		info.retryAfter = resp.Header.Get("Retry-After")
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true, nil
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return idempotent(ctx), nil
	}
	return false, nil
}

// isDialError reports whether err happened while connecting, before any byte
// of the request was sent.
func isDialError(err error) bool {
	var opErr *net.OpError
	var notSent *notSentError
	return errors.As(err, &opErr) && opErr.Op == "dial" || errors.As(err, &notSent)
}

// backoff is the wait before a retry (see the policy above).
func backoff(maxRetryAfter time.Duration) retryablehttp.Backoff {
	return backoffWith(maxRetryAfter, rand.Int64N)
}

// backoffWith is backoff with the random source given: randN(n) returns a
// number in [0, n).
func backoffWith(maxRetryAfter time.Duration, randN func(int64) int64) retryablehttp.Backoff {
	jitter := func(upTo time.Duration) time.Duration {
		if upTo <= 0 {
			return 0
		}
		return time.Duration(randN(int64(upTo) + 1))
	}
	return func(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
		if resp != nil && honoursRetryAfter(resp.StatusCode) {
			if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
				return min(d, maxRetryAfter) + jitter(minWait)
			}
		}
		ceiling := float64(minWait) * math.Pow(2, float64(attempt))
		if ceiling > float64(maxWait) || math.IsInf(ceiling, 0) || math.IsNaN(ceiling) {
			ceiling = float64(maxWait)
		}
		return jitter(time.Duration(ceiling))
	}
}

// parseRetryAfter reads a Retry-After header given in seconds or as an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// noteAttempts records, on the error of a finished call, how many attempts
// it made and the Retry-After of its last answer. do defers it.
func noteAttempts(ctx context.Context, err error) {
	if err == nil {
		return
	}
	n := 0
	if c, ok := ctx.Value(attemptKey{}).(*atomic.Int64); ok {
		n = int(c.Load())
	}
	var apiErr *APIError
	var tErr *TransportError
	switch {
	case errors.As(err, &apiErr):
		apiErr.Attempts = n
		apiErr.RetryAfter = callFrom(ctx).retryAfter
	case errors.As(err, &tErr):
		tErr.Attempts = n
	}
}

// MaxRetries is how many times the client retries a failed call (the
// provider's max_retries); a caller that sends a create again after proving
// that an ambiguous failure created nothing bounds its resends by it.
func (c *Client) MaxRetries() int { return c.http.RetryMax }

// WaitBeforeResend waits before the resend-th (1, 2, …) resend of a create
// whose failure (cause) was ambiguous and whose absence the caller has
// proven: the Retry-After of cause's answer when it is a 429 or 503 (capped),
// else the backoff with full jitter, as between retries. It returns early
// with ctx's error.
func (c *Client) WaitBeforeResend(ctx context.Context, resend int, cause error) error {
	var resp *http.Response
	var apiErr *APIError
	if errors.As(cause, &apiErr) {
		resp = &http.Response{StatusCode: apiErr.StatusCode, Header: http.Header{}}
		if apiErr.RetryAfter != "" {
			resp.Header.Set("Retry-After", apiErr.RetryAfter)
		}
	}
	d := c.http.Backoff(c.http.RetryWaitMin, c.http.RetryWaitMax, max(resend-1, 0), resp)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
