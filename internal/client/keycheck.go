package client

import (
	"context"
	"net/http"
	"sync"
)

// keyCheck stops a rejected API key from being sent again. The first call of
// a Client goes out alone: the others wait for its answer. An answer other
// than 401 proves the key, and the others go on in parallel; a 401 (then or
// at any later call) fails that call and every later one at once, with the
// same error and no request, so a wrong key is not hammered by every
// resource of a plan. A call without an answer (a network failure) proves
// nothing: the next call goes out alone in its turn.
type keyCheck struct {
	mu       sync.Mutex
	proven   bool
	rejected *APIError
	probe    chan struct{} // closed when the call out alone has its answer
}

// begin waits for the call out alone, if any. It returns the 401 a call must
// fail with, or whether this call goes out alone (then end must follow).
func (k *keyCheck) begin(ctx context.Context) (alone bool, rejected *APIError, err error) {
	for {
		k.mu.Lock()
		switch {
		case k.rejected != nil:
			k.mu.Unlock()
			return false, k.rejected, nil
		case k.proven:
			k.mu.Unlock()
			return false, nil, nil
		case k.probe == nil:
			k.probe = make(chan struct{})
			k.mu.Unlock()
			return true, nil, nil
		}
		wait := k.probe
		k.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return false, nil, ctx.Err()
		}
	}
}

// end records a call's outcome: status is the HTTP status of its answer (0
// when none came) and apiErr its error when that status is not 2xx; alone is
// what begin returned.
func (k *keyCheck) end(alone bool, status int, apiErr *APIError) {
	k.mu.Lock()
	defer k.mu.Unlock()
	switch {
	case status == http.StatusUnauthorized && apiErr != nil:
		if k.rejected == nil {
			k.rejected = apiErr
		}
	case status != 0 && status != http.StatusUnauthorized:
		k.proven = true
	}
	if alone {
		close(k.probe)
		k.probe = nil
	}
}
