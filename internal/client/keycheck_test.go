package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func writeUnauthorized(w http.ResponseWriter) {
	writeTestJSON(w, http.StatusUnauthorized, map[string]any{
		"success": false, "data": map[string]any{"message": "Unauthorised Request", "errorCode": "AB05"}, //nolint:misspell // the API's spelling
	})
}

// A wrong key costs one request, however many calls run at once, and every
// call fails with the same error.
func TestKeyCheck_rejectedKeyIsSentOnce(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) { writeUnauthorized(w) })
	c := newTransportTestClient(t, ts.URL, nil)

	const n = 20
	errs := make([]error, n, n+1)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if i%2 == 0 {
				_, errs[i] = c.GetWorkspace(context.Background(), "ws-produc-1a2b3c")
			} else {
				_, errs[i] = c.CreateWorkspace(context.Background(), CreateWorkspaceRequest{Name: "n"})
			}
		})
	}
	wg.Wait()
	_, later := c.ListUsers(context.Background(), ListUsersOptions{})
	errs = append(errs, later)

	if got := hits.Load(); got != 1 {
		t.Fatalf("the server saw %d requests, want 1: a rejected key was sent again", got)
	}
	for i, err := range errs {
		if !errors.Is(err, ErrUnauthorized) || IsAmbiguous(err) {
			t.Fatalf("call %d: err = %v, want the 401 (not ambiguous)", i, err)
		}
		if err.Error() != errs[0].Error() {
			t.Fatalf("call %d: message %q, want the first call's %q", i, err, errs[0])
		}
	}
	if want := "HTTP 401 (Portkey error code AB05): Unauthorised Request"; !strings.Contains(errs[0].Error(), want) { //nolint:misspell // the API's spelling
		t.Fatalf("message %q does not carry %q", errs[0], want)
	}
}

// A key that worked and is then rejected (revoked mid-run) is not sent again
// either.
func TestKeyCheck_rejectedAfterAccepted(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(n int32, w http.ResponseWriter, _ *http.Request) {
		if n <= 2 {
			writeTestJSON(w, http.StatusOK, map[string]any{"id": "ws-1", "name": "n"})
			return
		}
		writeUnauthorized(w)
	})
	c := newTransportTestClient(t, ts.URL, nil)
	ctx := context.Background()
	for range 2 {
		if _, err := c.GetWorkspace(ctx, "ws-1"); err != nil {
			t.Fatalf("accepted call: %v", err)
		}
	}
	_, first := c.GetWorkspace(ctx, "ws-1")
	_, second := c.GetWorkspace(ctx, "ws-1")
	if !errors.Is(first, ErrUnauthorized) || second == nil || second.Error() != first.Error() {
		t.Fatalf("errors = %v, %v; want the same 401 twice", first, second)
	}
	if got := hits.Load(); got != 3 {
		t.Fatalf("the server saw %d requests, want 3", got)
	}
}

// Other answers prove the key: calls after them go out (a 403 is a scope
// problem, not a wrong key); a call without an answer proves nothing.
func TestKeyCheck_otherFailuresDoNotLatch(t *testing.T) {
	t.Parallel()
	ts, hits := newCountingServer(t, func(n int32, w http.ResponseWriter, r *http.Request) {
		switch n {
		case 1:
			hijackAndClose(t, w, r) // a POST is not retried after a reset
		default:
			writeTestJSON(w, http.StatusForbidden, map[string]any{"success": false, "data": map[string]any{"errorCode": "AB03"}})
		}
	})
	c := newTransportTestClient(t, ts.URL, nil)
	ctx := context.Background()
	if _, err := c.CreateWorkspace(ctx, CreateWorkspaceRequest{Name: "n"}); !errors.As(err, new(*TransportError)) {
		t.Fatalf("first call: err = %v, want a transport error", err)
	}
	for i := range 3 {
		if _, err := c.GetWorkspace(ctx, "ws-1"); !errors.Is(err, ErrForbidden) {
			t.Fatalf("call %d: err = %v, want the 403", i, err)
		}
	}
	if got := hits.Load(); got != 4 {
		t.Fatalf("the server saw %d requests, want 4", got)
	}
}

// A call waiting for the first call's answer gives up with its context, as a
// request that was never sent (not ambiguous).
func TestKeyCheck_waitEndsWithContext(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	arrived := make(chan struct{})
	ts, hits := newCountingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		close(arrived)
		<-release
		writeTestJSON(w, http.StatusOK, map[string]any{"id": "ws-1"})
	})
	c := newTransportTestClient(t, ts.URL, nil)
	done := make(chan error, 1)
	go func() { _, err := c.GetWorkspace(context.Background(), "ws-1"); done <- err }()
	<-arrived
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.CreateWorkspace(ctx, CreateWorkspaceRequest{Name: "n"})
	if !errors.Is(err, context.Canceled) || IsAmbiguous(err) {
		t.Fatalf("waiting call: err = %v, want context.Canceled, not ambiguous", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("first call: %v", err)
	}
	if got := hits.Load(); got != 1 {
		t.Fatalf("the server saw %d requests, want 1", got)
	}
}
