package client

import (
	"context"
	"errors"
	"math"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// The retry policy lives here and nowhere else:
//
//   - 429 is always retried, honoring Retry-After (seconds or HTTP date),
//     capped at Config.MaxRetryAfter;
//   - a failure that provably never reached the server (a dial error) is
//     retried for every method;
//   - 5xx answers and other transport errors (reset, timeout) are retried
//     only for GET, PUT and DELETE. A POST is never replayed after such an
//     ambiguous failure: the caller reconciles instead (see IsAmbiguous).

type methodKey struct{}

func withMethod(ctx context.Context, method string) context.Context {
	return context.WithValue(ctx, methodKey{}, method)
}

func idempotent(ctx context.Context) bool {
	m, _ := ctx.Value(methodKey{}).(string)
	switch m {
	case http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodHead:
		return true
	}
	return false
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

func backoff(maxRetryAfter time.Duration) retryablehttp.Backoff {
	return func(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
		if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
			if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
				return min(d, maxRetryAfter)
			}
		}
		wait := float64(minWait) * math.Pow(2, float64(attempt))
		if wait > float64(maxWait) || math.IsInf(wait, 0) {
			return maxWait
		}
		return time.Duration(wait)
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
