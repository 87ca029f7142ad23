package mockserver

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestFault_statusAndRetryAfter(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	h.srv.InjectFault(Fault{Method: "GET", Path: "/x-core/items/a", Status: http.StatusTooManyRequests, RetryAfter: "7"})

	req, _ := http.NewRequestWithContext(context.Background(), "GET", h.root+"/v1/x-core/items/a", nil)
	req.Header.Set("x-portkey-api-key", coreTestKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "7" {
		t.Fatalf("status %d, Retry-After %q; want 429 with 7", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	// Times 0 means once: the next request goes through.
	if status, _ := h.api("GET", "/x-core/items/a", ""); status != 200 {
		t.Fatalf("after the fault: status %d, want 200", status)
	}
	reqs := h.srv.Requests()
	if len(reqs) != 2 || reqs[0].Fault != "status 429" || reqs[0].Status != 429 || reqs[1].Fault != "" {
		t.Fatalf("request log = %+v, want the fault recorded on the first entry only", reqs)
	}
}

func TestFault_statusCodes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		fault  Fault
		status int
		code   string
	}{
		{Fault{Status: 429}, 429, "AB06"},
		{Fault{Status: 500}, 500, "AB04"},
		{Fault{Status: 503}, 503, "AB04"},
		{Fault{Status: 403}, 403, ""},
		{Fault{Status: 403, Code: "AB03"}, 403, "AB03"},
	}
	for _, tc := range cases {
		h := newCoreHarness(t)
		h.srv.InjectFault(tc.fault)
		status, body := h.api("POST", "/x-core/items", `{"name":"n"}`)
		if status != tc.status {
			t.Fatalf("%+v: status %d, want %d", tc.fault, status, tc.status)
		}
		wantEnvelope(t, body, tc.code)
		if h.stored.Load() != 0 {
			t.Fatalf("%+v: a failed (not commit-then-fail) request was handled", tc.fault)
		}
	}
}

func TestFault_latency(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	h.srv.InjectFault(Fault{Path: "/x-core/items/a", Latency: 200 * time.Millisecond})
	start := time.Now()
	status, _ := h.api("GET", "/x-core/items/a", "")
	if elapsed := time.Since(start); elapsed < 200*time.Millisecond {
		t.Fatalf("answered after %v, want at least the 200ms latency", elapsed)
	}
	if status != 200 {
		t.Fatalf("a latency-only fault failed the request: %d", status)
	}
	if f := h.srv.Requests()[0].Fault; f != "latency 200ms" {
		t.Fatalf("fault log %q", f)
	}
}

func TestFault_latencyThenStatus(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	h.srv.InjectFault(Fault{Latency: 100 * time.Millisecond, Status: 504})
	start := time.Now()
	status, _ := h.api("GET", "/x-core/items/a", "")
	if status != 504 || time.Since(start) < 100*time.Millisecond {
		t.Fatalf("status %d after %v, want 504 after 100ms", status, time.Since(start))
	}
	if f := h.srv.Requests()[0].Fault; f != "latency 100ms, status 504" {
		t.Fatalf("fault log %q", f)
	}
}

func TestFault_reset(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	h.srv.InjectFault(Fault{Method: "POST", Path: "/x-core/items", Reset: true})
	_, _, err := h.call("POST", "/v1/x-core/items", coreTestKey, `{"name":"n"}`)
	if err == nil {
		t.Fatal("a reset answered; want a transport error")
	}
	if h.stored.Load() != 0 {
		t.Fatal("a plain reset handled the request")
	}
	if reqs := h.srv.Requests(); len(reqs) != 1 || reqs[0].Fault != "reset" || reqs[0].Status != 0 {
		t.Fatalf("request log = %+v, want one reset entry without status", reqs)
	}
}

func TestFault_commitThenFail(t *testing.T) {
	t.Parallel()
	t.Run("reset", func(t *testing.T) {
		t.Parallel()
		h := newCoreHarness(t)
		h.srv.InjectFault(Fault{Method: "POST", Path: "/x-core/items", CommitThenFail: true, Reset: true})
		_, _, err := h.call("POST", "/v1/x-core/items", coreTestKey, `{"name":"n"}`)
		if err == nil {
			t.Fatal("want a transport error")
		}
		if h.stored.Load() != 1 {
			t.Fatalf("the request was handled %d times, want 1 (committed)", h.stored.Load())
		}
		reqs := h.srv.Requests()
		if len(reqs) != 1 || reqs[0].Fault != "commit-then-fail, reset" || reqs[0].Status != 200 {
			t.Fatalf("request log = %+v, want the committed status 200 and the fault", reqs)
		}
	})
	t.Run("502 by default", func(t *testing.T) {
		t.Parallel()
		h := newCoreHarness(t)
		h.srv.InjectFault(Fault{Method: "POST", Path: "/x-core/items", CommitThenFail: true})
		status, body := h.api("POST", "/x-core/items", `{"name":"n"}`)
		if status != 502 {
			t.Fatalf("status %d, want 502", status)
		}
		wantEnvelope(t, body, "AB04")
		if strings.Contains(string(body), "item-1") {
			t.Fatal("the committed answer leaked through")
		}
		if h.stored.Load() != 1 {
			t.Fatalf("handled %d times, want 1", h.stored.Load())
		}
		if f := h.srv.Requests()[0].Fault; f != "commit-then-fail, status 502" && f != "commit-then-fail" {
			t.Fatalf("fault log %q", f)
		}
	})
	t.Run("given status", func(t *testing.T) {
		t.Parallel()
		h := newCoreHarness(t)
		h.srv.InjectFault(Fault{CommitThenFail: true, Status: 500})
		if status, _ := h.api("POST", "/x-core/items", `{"name":"n"}`); status != 500 || h.stored.Load() != 1 {
			t.Fatalf("status %d, handled %d times; want 500 after committing", status, h.stored.Load())
		}
	})
	t.Run("rejected request is not committed", func(t *testing.T) {
		t.Parallel()
		h := newCoreHarness(t)
		h.srv.InjectFault(Fault{CommitThenFail: true})
		if status, _ := h.api("POST", "/x-core/items", `{"bad":1}`); status != 502 || h.stored.Load() != 0 {
			t.Fatalf("status %d, stored %d; want 502 and nothing stored", status, h.stored.Load())
		}
		if st := h.srv.Requests()[0].Status; st != 400 {
			t.Fatalf("logged status %d, want the handler's 400", st)
		}
	})
}

func TestFault_times(t *testing.T) {
	t.Parallel()
	t.Run("n", func(t *testing.T) {
		t.Parallel()
		h := newCoreHarness(t)
		h.srv.InjectFault(Fault{Status: 503, Times: 2})
		got := []int{}
		for range 4 {
			status, _ := h.api("GET", "/x-core/items/a", "")
			got = append(got, status)
		}
		if want := []int{503, 503, 200, 200}; !slices.Equal(got, want) {
			t.Fatalf("statuses %v, want %v", got, want)
		}
	})
	t.Run("forever", func(t *testing.T) {
		t.Parallel()
		h := newCoreHarness(t)
		h.srv.InjectFault(Fault{Status: 503, Times: -1})
		for i := range 10 {
			if status, _ := h.api("GET", "/x-core/items/a", ""); status != 503 {
				t.Fatalf("request %d: status %d, want 503 (Times -1)", i, status)
			}
		}
		h.srv.ClearFaults()
		if status, _ := h.api("GET", "/x-core/items/a", ""); status != 200 {
			t.Fatalf("after ClearFaults: status %d", status)
		}
	})
	t.Run("in injection order", func(t *testing.T) {
		t.Parallel()
		h := newCoreHarness(t)
		h.srv.InjectFault(Fault{Status: 500})
		h.srv.InjectFault(Fault{Status: 502})
		a, _ := h.api("GET", "/x-core/items/a", "")
		b, _ := h.api("GET", "/x-core/items/a", "")
		c, _ := h.api("GET", "/x-core/items/a", "")
		if a != 500 || b != 502 || c != 200 {
			t.Fatalf("statuses %d %d %d, want 500 502 200", a, b, c)
		}
	})
}

func TestFault_matching(t *testing.T) {
	t.Parallel()
	cases := []struct {
		fault        Fault
		method, path string
		want         bool
	}{
		{Fault{}, "GET", "/anything", true},
		{Fault{Method: "GET"}, "GET", "/a", true},
		{Fault{Method: "get"}, "GET", "/a", true},
		{Fault{Method: "GET"}, "POST", "/a", false},
		{Fault{Path: "/admin/workspaces"}, "GET", "/admin/workspaces", true},
		{Fault{Path: "/admin/workspaces"}, "GET", "/admin/workspaces/x", false},
		{Fault{Path: "/admin/workspaces*"}, "GET", "/admin/workspaces/x", true},
		{Fault{Path: "/admin/workspaces/*"}, "GET", "/admin/workspaces", false},
		{Fault{Path: "/admin/*"}, "DELETE", "/admin/users/u1", true},
		{Fault{Path: "*"}, "PUT", "/api-keys/k", true},
		{Fault{Path: "/api-keys/*"}, "PUT", "/admin/workspaces", false},
	}
	for _, tc := range cases {
		if got := tc.fault.matches(tc.method, tc.path); got != tc.want {
			t.Errorf("%+v matches %s %s = %v, want %v", tc.fault, tc.method, tc.path, got, tc.want)
		}
	}

	// Over HTTP: a prefix fault hits only its paths, and not the hooks.
	h := newCoreHarness(t)
	h.srv.InjectFault(Fault{Path: "/x-core/items/*", Status: 500, Times: -1})
	if status, _ := h.api("GET", "/x-core/items/a", ""); status != 500 {
		t.Fatalf("a matching path: status %d", status)
	}
	if status, _ := h.api("POST", "/x-core/items", `{"name":"n"}`); status != 200 {
		t.Fatalf("a path outside the prefix: status %d", status)
	}
	if status, _ := h.hook("GET", "/counts", ""); status != 200 {
		t.Fatalf("a hook was faulted: %d", status)
	}
}

func TestFault_appliesBeforeAuthentication(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	h.srv.InjectFault(Fault{Status: 503})
	if status, _, _ := h.call("GET", "/v1/x-core/items/a", "", ""); status != 503 {
		t.Fatalf("status %d, want the fault's 503 before the 401", status)
	}
}

func TestFault_truncate(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	h.srv.InjectFault(Fault{Method: "POST", Path: "/x-core/items", Truncate: true})
	status, body := h.api("POST", "/x-core/items", `{"name":"n"}`)
	if status != 200 || h.stored.Load() != 1 {
		t.Fatalf("status %d, handled %d times; want 200 after committing", status, h.stored.Load())
	}
	var v any
	if json.Unmarshal(body, &v) == nil || len(body) == 0 || !strings.HasPrefix(`{"id":"item-1","name":"n"}`, string(body)) {
		t.Fatalf("body %q: want the first half of the real answer, which does not decode", body)
	}
	if f := h.srv.Requests()[0].Fault; f != "truncated answer" {
		t.Fatalf("fault log %q", f)
	}
	// Once: the next answer is whole.
	if status, body := h.api("POST", "/x-core/items", `{"name":"m"}`); status != 200 || json.Unmarshal(body, &v) != nil {
		t.Fatalf("after the fault: %d %q", status, body)
	}
}
