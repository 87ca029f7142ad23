package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Chaos: a seeded random fault mode, for soak tests of the provider (make
// chaos). While it is on, each Admin API request that no injected Fault
// matches fails with probability Rate, in one of the kinds below, chosen at
// random:
//
//   - "503": HTTP 503 with a Retry-After header (in seconds, or every other
//     time as an HTTP date);
//   - "429": HTTP 429 with a Retry-After header, likewise;
//   - "reset": the connection is reset before the request is handled;
//   - "commit-then-fail": the request is handled (a write is stored), then
//     its answer is lost: the connection is reset, or HTTP 502 is answered;
//   - "latency": the request is delayed by up to MaxLatency, then handled
//     normally (not a failure).
//
// PostCommitThenFail, when set, is the share of the failing POSTs that fail
// as commit-then-fail whatever the kinds ("commit-then-fail on most POSTs").
//
// The draw of a request is a function of the seed, the request (method, path
// and body) and how many identical requests came before it, not of the order
// in which parallel requests arrive: a run is reproducible as far as its
// requests are (the mock's own ids are random unless Options.NewID is set).

// The fault kinds of Chaos.Kinds.
const (
	Chaos503            = "503"
	Chaos429            = "429"
	ChaosReset          = "reset"
	ChaosCommitThenFail = "commit-then-fail"
	ChaosLatency        = "latency"
)

// ChaosKinds are every kind, the default of Chaos.Kinds.
var ChaosKinds = []string{Chaos503, Chaos429, ChaosReset, ChaosCommitThenFail, ChaosLatency}

// Chaos configures the seeded random fault mode (SetChaos).
type Chaos struct {
	Seed int64 `json:"seed"`
	// Rate is the probability that a request is faulted, from 0 to 1.
	Rate float64 `json:"rate"`
	// Kinds are the faults to draw from (default ChaosKinds).
	Kinds []string `json:"kinds,omitempty"`
	// PostCommitThenFail is the share of faulted POSTs that are
	// commit-then-fail, from 0 to 1 (0: POSTs draw from Kinds like the rest).
	PostCommitThenFail float64 `json:"post_commit_then_fail,omitempty"`
	// RetryAfter is the Retry-After of 503 and 429 answers, in seconds
	// (default 1).
	RetryAfter int `json:"retry_after,omitempty"`
	// MaxLatency bounds the delay of a latency fault (default 2s).
	MaxLatency time.Duration `json:"-"`
}

// chaosState is the chaos mode of a server: its configuration, how many
// times each request was seen, and what it injected.
type chaosState struct {
	on       bool
	cfg      Chaos
	seen     map[uint64]uint64
	injected map[string]int
	requests int
}

// Validate checks a chaos configuration.
func (c Chaos) Validate() error {
	if c.Rate < 0 || c.Rate > 1 {
		return fmt.Errorf("chaos rate must be between 0 and 1, got %v", c.Rate)
	}
	if c.PostCommitThenFail < 0 || c.PostCommitThenFail > 1 {
		return fmt.Errorf("chaos post_commit_then_fail must be between 0 and 1, got %v", c.PostCommitThenFail)
	}
	if c.RetryAfter < 0 || c.MaxLatency < 0 {
		return errors.New("chaos retry_after and max_latency must not be negative")
	}
	for _, k := range c.Kinds {
		if !slices.Contains(ChaosKinds, k) {
			return fmt.Errorf("unknown chaos kind %q (want one of %s)", k, strings.Join(ChaosKinds, ", "))
		}
	}
	return nil
}

// SetChaos switches the seeded random fault mode on with c (a zero Rate
// switches it off), starting its counts afresh.
func (s *Server) SetChaos(c Chaos) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if len(c.Kinds) == 0 {
		c.Kinds = ChaosKinds
	}
	if c.RetryAfter == 0 {
		c.RetryAfter = 1
	}
	if c.MaxLatency == 0 {
		c.MaxLatency = 2 * time.Second
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chaos = chaosState{on: c.Rate > 0, cfg: c, seen: map[uint64]uint64{}, injected: map[string]int{}}
	return nil
}

// PauseChaos stops injecting faults, keeping the configuration and counts;
// ResumeChaos starts again.
func (s *Server) PauseChaos() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chaos.on = false
}

// ResumeChaos resumes a paused chaos mode.
func (s *Server) ResumeChaos() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chaos.on = s.chaos.cfg.Rate > 0 && s.chaos.seen != nil
}

// ChaosStats is what the chaos mode did so far.
type ChaosStats struct {
	Config   Chaos          `json:"config"`
	On       bool           `json:"on"`
	Requests int            `json:"requests"` // requests drawn for
	Injected map[string]int `json:"injected"` // faults by kind
}

// ChaosStats returns the chaos mode's configuration and counts.
func (s *Server) ChaosStats() ChaosStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	injected := make(map[string]int, len(s.chaos.injected))
	for k, v := range s.chaos.injected {
		injected[k] = v
	}
	return ChaosStats{Config: s.chaos.cfg, On: s.chaos.on, Requests: s.chaos.requests, Injected: injected}
}

// chaosFault draws the fault of one request, or nil.
func (s *Server) chaosFault(method, path string, body []byte) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &s.chaos
	if !c.on {
		return nil
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(method + " " + path + "\n"))
	_, _ = h.Write(body)
	key := h.Sum64()
	n := c.seen[key]
	c.seen[key] = n + 1
	c.requests++

	r := chaosRand{state: key ^ uint64(c.cfg.Seed)*0x9e3779b97f4a7c15 ^ (n+1)*0xbf58476d1ce4e5b9} //nolint:gosec // a seed, not a secret
	if r.float() >= c.cfg.Rate {
		return nil
	}
	kind := c.cfg.Kinds[r.next()%uint64(len(c.cfg.Kinds))]
	if method == http.MethodPost && c.cfg.PostCommitThenFail > 0 {
		others := slices.DeleteFunc(slices.Clone(c.cfg.Kinds), func(k string) bool { return k == ChaosCommitThenFail })
		kind = ChaosCommitThenFail
		if r.float() >= c.cfg.PostCommitThenFail && len(others) > 0 {
			kind = others[r.next()%uint64(len(others))]
		}
	}
	c.injected[kind]++

	retryAfter := strconv.Itoa(c.cfg.RetryAfter)
	if r.next()%2 == 0 {
		// As an HTTP date; whole seconds, so one more to wait at least as long.
		retryAfter = time.Now().Add(time.Duration(c.cfg.RetryAfter+1) * time.Second).UTC().Format(http.TimeFormat)
	}
	switch kind {
	case Chaos503:
		return &Fault{Status: http.StatusServiceUnavailable, RetryAfter: retryAfter}
	case Chaos429:
		return &Fault{Status: http.StatusTooManyRequests, RetryAfter: retryAfter}
	case ChaosReset:
		return &Fault{Reset: true}
	case ChaosCommitThenFail:
		if r.next()%2 == 0 {
			return &Fault{CommitThenFail: true, Reset: true}
		}
		return &Fault{CommitThenFail: true, Status: http.StatusBadGateway}
	}
	return &Fault{Latency: time.Duration(r.float() * float64(c.cfg.MaxLatency))}
}

// chaosRand is splitmix64: small, fast and good enough to draw faults.
type chaosRand struct{ state uint64 }

func (r *chaosRand) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// float returns a number in [0, 1).
func (r *chaosRand) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// ParseChaos reads the -chaos flag of portkey-mock: comma-separated
// key=value pairs, e.g. "rate=0.2,seed=7,kinds=503+reset,post-commit-then-fail=0.8,retry-after=1,max-latency=2s".
func ParseChaos(spec string) (Chaos, error) {
	var c Chaos
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return c, fmt.Errorf("chaos %q: want key=value", part)
		}
		var err error
		switch strings.TrimSpace(k) {
		case "rate":
			c.Rate, err = strconv.ParseFloat(v, 64)
		case "seed":
			c.Seed, err = strconv.ParseInt(v, 10, 64)
		case "kinds":
			c.Kinds = strings.Split(v, "+")
		case "post-commit-then-fail":
			c.PostCommitThenFail, err = strconv.ParseFloat(v, 64)
		case "retry-after":
			c.RetryAfter, err = strconv.Atoi(v)
		case "max-latency":
			c.MaxLatency, err = time.ParseDuration(v)
		default:
			return c, fmt.Errorf("chaos: unknown key %q (want rate, seed, kinds, post-commit-then-fail, retry-after or max-latency)", k)
		}
		if err != nil {
			return c, fmt.Errorf("chaos %q: %w", part, err)
		}
	}
	return c, c.Validate()
}

// chaosJSON is Chaos on the wire: max_latency as a Go duration string.
type chaosJSON struct {
	Chaos
	MaxLatency string `json:"max_latency,omitempty"`
}

func (s *Server) registerChaosRoutes() {
	s.mux.HandleFunc("PUT /__mock/chaos", func(w http.ResponseWriter, r *http.Request) {
		var in chaosJSON
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		err := dec.Decode(&in)
		if err == nil && in.MaxLatency != "" {
			in.Chaos.MaxLatency, err = time.ParseDuration(in.MaxLatency)
		}
		if err == nil {
			err = s.SetChaos(in.Chaos)
		}
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeOK(w)
	})
	s.mux.HandleFunc("POST /__mock/chaos/pause", func(w http.ResponseWriter, _ *http.Request) {
		s.PauseChaos()
		writeOK(w)
	})
	s.mux.HandleFunc("POST /__mock/chaos/resume", func(w http.ResponseWriter, _ *http.Request) {
		s.ResumeChaos()
		writeOK(w)
	})
	s.mux.HandleFunc("GET /__mock/chaos", func(w http.ResponseWriter, _ *http.Request) {
		st := s.ChaosStats()
		writeJSON(w, http.StatusOK, map[string]any{
			"config": chaosJSON{Chaos: st.Config, MaxLatency: st.Config.MaxLatency.String()}, "on": st.On,
			"requests": st.Requests, "injected": st.Injected,
		})
	})
}
