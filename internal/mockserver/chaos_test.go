package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// chaosOutcome sends one GET and sums up what came back.
func chaosOutcome(h *coreHarness, path string) string {
	status, _, err := h.call("GET", "/v1"+path, coreTestKey, "")
	if err != nil {
		return "transport error"
	}
	return fmt.Sprint(status)
}

func TestChaos_rateIsHonouredAndOnlyAPIRequestsFail(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	if err := h.srv.SetChaos(Chaos{Seed: 1, Rate: 0.2, Kinds: []string{Chaos503}}); err != nil {
		t.Fatal(err)
	}
	failed := 0
	const n = 1000
	for i := range n {
		if chaosOutcome(h, fmt.Sprintf("/x-core/items/%d", i)) != "200" {
			failed++
		}
	}
	if failed < 150 || failed > 250 {
		t.Fatalf("%d of %d requests failed at rate 0.2", failed, n)
	}
	st := h.srv.ChaosStats()
	if st.Requests != n || st.Injected[Chaos503] != failed {
		t.Fatalf("stats %+v, want %d requests and %d 503s", st, n, failed)
	}
	// Hooks never fail.
	for range 50 {
		if status, _ := h.hook("GET", "/counts", ""); status != 200 {
			t.Fatalf("a hook answered %d under chaos", status)
		}
	}
}

// TestChaos_drawDependsOnTheRequestNotTheOrder: two servers with the same
// seed fault the same requests, whatever order they arrive in; repeats of
// one request get fresh draws.
func TestChaos_drawDependsOnTheRequestNotTheOrder(t *testing.T) {
	t.Parallel()
	run := func(order []int) map[string]string {
		h := newCoreHarness(t)
		if err := h.srv.SetChaos(Chaos{Seed: 42, Rate: 0.5, Kinds: []string{Chaos503, Chaos429}}); err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, i := range order {
			for try := range 3 {
				out[fmt.Sprintf("%d/%d", i, try)] = chaosOutcome(h, fmt.Sprintf("/x-core/items/%d", i))
			}
		}
		return out
	}
	forward, backward := make([]int, 40), make([]int, 40)
	for i := range forward {
		forward[i], backward[39-i] = i, i
	}
	a, b := run(forward), run(backward)
	for k, v := range a {
		if b[k] != v {
			t.Fatalf("request %s: %s in one order, %s in the other", k, v, b[k])
		}
	}
	differs := false
	for i := range 40 {
		if a[fmt.Sprintf("%d/0", i)] != a[fmt.Sprintf("%d/1", i)] {
			differs = true
		}
	}
	if !differs {
		t.Fatal("repeats of a request always got the same draw")
	}
	other := func() map[string]string {
		h := newCoreHarness(t)
		if err := h.srv.SetChaos(Chaos{Seed: 43, Rate: 0.5, Kinds: []string{Chaos503, Chaos429}}); err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, i := range forward {
			out[fmt.Sprintf("%d/0", i)] = chaosOutcome(h, fmt.Sprintf("/x-core/items/%d", i))
		}
		return out
	}()
	same := 0
	for k, v := range other {
		if a[k] == v {
			same++
		}
	}
	if same == len(other) {
		t.Fatal("another seed faulted exactly the same requests")
	}
}

func TestChaos_kinds(t *testing.T) {
	t.Parallel()
	t.Run("503 and 429 carry Retry-After, in seconds or as a date", func(t *testing.T) {
		t.Parallel()
		for _, kind := range []string{Chaos503, Chaos429} {
			h := newCoreHarness(t)
			if err := h.srv.SetChaos(Chaos{Seed: 3, Rate: 1, Kinds: []string{kind}, RetryAfter: 2}); err != nil {
				t.Fatal(err)
			}
			forms := map[string]bool{}
			for i := range 20 {
				req, _ := http.NewRequestWithContext(t.Context(), "GET", fmt.Sprintf("%s/v1/x-core/items/%d", h.root, i), nil)
				req.Header.Set("x-portkey-api-key", coreTestKey)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				_ = resp.Body.Close()
				if fmt.Sprint(resp.StatusCode) != kind {
					t.Fatalf("kind %s answered %d", kind, resp.StatusCode)
				}
				ra := resp.Header.Get("Retry-After")
				switch _, err := http.ParseTime(ra); {
				case ra == "2":
					forms["seconds"] = true
				case err == nil:
					forms["date"] = true
				default:
					t.Fatalf("Retry-After %q", ra)
				}
			}
			if !forms["seconds"] || !forms["date"] {
				t.Fatalf("kind %s: Retry-After forms %v, want both", kind, forms)
			}
		}
	})
	t.Run("reset is a TCP reset and stores nothing", func(t *testing.T) {
		t.Parallel()
		h := newCoreHarness(t)
		if err := h.srv.SetChaos(Chaos{Seed: 3, Rate: 1, Kinds: []string{ChaosReset}}); err != nil {
			t.Fatal(err)
		}
		_, _, err := h.call("POST", "/v1/x-core/items", coreTestKey, `{"name":"n"}`)
		if !errors.Is(err, syscall.ECONNRESET) {
			t.Fatalf("err = %v, want a connection reset", err)
		}
		if h.stored.Load() != 0 {
			t.Fatal("a reset request was handled")
		}
	})
	t.Run("commit-then-fail on most POSTs", func(t *testing.T) {
		t.Parallel()
		h := newCoreHarness(t)
		if err := h.srv.SetChaos(Chaos{Seed: 5, Rate: 1, Kinds: []string{Chaos503}, PostCommitThenFail: 0.8}); err != nil {
			t.Fatal(err)
		}
		for i := range 100 {
			_, _, _ = h.call("POST", "/v1/x-core/items", coreTestKey, fmt.Sprintf(`{"name":"n%d"}`, i))
		}
		st := h.srv.ChaosStats()
		stored := int(h.stored.Load())
		if stored != st.Injected[ChaosCommitThenFail] || stored < 65 || stored > 95 || st.Injected[Chaos503] != 100-stored {
			t.Fatalf("%d of 100 POSTs stored; stats %+v; want about 80, all commit-then-fail, the rest 503", stored, st)
		}
	})
	t.Run("latency delays and answers", func(t *testing.T) {
		t.Parallel()
		h := newCoreHarness(t)
		c := Chaos{Seed: 3, Rate: 1, Kinds: []string{ChaosLatency}, MaxLatency: time.Millisecond}
		if err := h.srv.SetChaos(c); err != nil {
			t.Fatal(err)
		}
		if got := chaosOutcome(h, "/x-core/items/a"); got != "200" {
			t.Fatalf("a latency fault answered %s", got)
		}
		if reqs := h.srv.Requests(); len(reqs) != 1 || !strings.HasPrefix(reqs[0].Fault, "latency") {
			t.Fatalf("request log %+v", reqs)
		}
	})
}

func TestChaos_hooksAndPause(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	if status, body := h.hook("PUT", "/chaos", `{"seed":9,"rate":1,"kinds":["503"],"max_latency":"1s"}`); status != 200 {
		t.Fatalf("PUT /__mock/chaos: %d %s", status, body)
	}
	if got := chaosOutcome(h, "/x-core/items/a"); got != "503" {
		t.Fatalf("under chaos: %s", got)
	}
	h.hook("POST", "/chaos/pause", "")
	if got := chaosOutcome(h, "/x-core/items/a"); got != "200" {
		t.Fatalf("paused: %s", got)
	}
	h.hook("POST", "/chaos/resume", "")
	if got := chaosOutcome(h, "/x-core/items/b"); got != "503" {
		t.Fatalf("resumed: %s", got)
	}
	_, body := h.hook("GET", "/chaos", "")
	var st struct {
		Config   map[string]any `json:"config"`
		On       bool           `json:"on"`
		Requests int            `json:"requests"`
		Injected map[string]int `json:"injected"`
	}
	if err := json.Unmarshal(body, &st); err != nil {
		t.Fatal(err)
	}
	if !st.On || st.Requests != 2 || st.Injected["503"] != 2 || st.Config["max_latency"] != "1s" {
		t.Fatalf("GET /__mock/chaos = %s", body)
	}
	for _, bad := range []string{`{"rate":2}`, `{"rate":0.5,"kinds":["teapot"]}`, `{"rate":0.5,"bogus":1}`} {
		if status, _ := h.hook("PUT", "/chaos", bad); status != 400 {
			t.Errorf("PUT /__mock/chaos %s: %d, want 400", bad, status)
		}
	}
	h.hook("PUT", "/chaos", `{"rate":0}`)
	if got := chaosOutcome(h, "/x-core/items/c"); got != "200" {
		t.Fatalf("rate 0: %s", got)
	}
}

func TestParseChaos(t *testing.T) {
	t.Parallel()
	c, err := ParseChaos("rate=0.4, seed=7,kinds=503+reset,post-commit-then-fail=0.8,retry-after=3,max-latency=500ms")
	if err != nil {
		t.Fatal(err)
	}
	if c.Rate != 0.4 || c.Seed != 7 || strings.Join(c.Kinds, "+") != "503+reset" || c.PostCommitThenFail != 0.8 ||
		c.RetryAfter != 3 || c.MaxLatency != 500*time.Millisecond {
		t.Fatalf("ParseChaos = %+v", c)
	}
	for _, bad := range []string{"rate=1.5", "rate", "kinds=503+teapot", "speed=1", "seed=x", "max-latency=soon"} {
		if _, err := ParseChaos(bad); err == nil {
			t.Errorf("ParseChaos(%q) accepted", bad)
		}
	}
}
