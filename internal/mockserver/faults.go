package mockserver

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// Fault makes matching requests fail. Faults are consumed in the order they
// were injected; each matches Times requests (0 means once, -1 forever).
type Fault struct {
	// Method matches the HTTP method; empty matches any.
	Method string `json:"method,omitempty"`
	// Path matches the path under /v1 exactly, or as a prefix when it ends in "*".
	Path string `json:"path,omitempty"`
	// Status answers this HTTP status in the real error envelope.
	Status int `json:"status,omitempty"`
	// Code, when set, is the Portkey error code of that answer (e.g. "AB03");
	// by default 429 carries AB06, 5xx AB04, and other statuses none.
	Code string `json:"code,omitempty"`
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter string `json:"retry_after,omitempty"`
	// Latency delays the request before it is handled (or failed).
	Latency time.Duration `json:"latency,omitempty"`
	// Reset drops the connection without an answer.
	Reset bool `json:"reset,omitempty"`
	// CommitThenFail handles the request (the change is stored), then loses
	// the answer: the connection drops (Reset) or Status is answered (502 when 0).
	CommitThenFail bool `json:"commit_then_fail,omitempty"`
	// Truncate handles the request (the change is stored) and sends its
	// answer, status included, with only the first half of the body: a 2xx
	// that arrives but cannot be decoded.
	Truncate bool `json:"truncate,omitempty"`
	// Times is how many requests the fault affects: 0 once, -1 forever.
	Times int `json:"times,omitempty"`
}

// InjectFault adds a fault.
func (s *Server) InjectFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Times == 0 {
		f.Times = 1
	}
	s.faults = append(s.faults, &f)
}

// ClearFaults removes every pending fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

func (s *Server) takeFault(method, path string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if !f.matches(method, path) {
			continue
		}
		taken := *f
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return &taken
	}
	return nil
}

func (f *Fault) matches(method, path string) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, method) {
		return false
	}
	if f.Path == "" {
		return true
	}
	if prefix, ok := strings.CutSuffix(f.Path, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return f.Path == path
}

func (f *Fault) describe() string {
	var parts []string
	if f.Latency > 0 {
		parts = append(parts, "latency "+f.Latency.String())
	}
	if f.CommitThenFail {
		parts = append(parts, "commit-then-fail")
	}
	if f.Truncate {
		parts = append(parts, "truncated answer")
	}
	if f.Reset {
		parts = append(parts, "reset")
	} else if f.Status != 0 {
		parts = append(parts, fmt.Sprintf("status %d", f.Status))
	}
	return strings.Join(parts, ", ")
}

// fail answers the fault's failure and reports whether it did (a latency-only
// fault does not fail).
func (f *Fault) fail(w http.ResponseWriter, _ *http.Request) bool {
	switch {
	case f.Reset:
		resetConnection(w)
		return true
	case f.Status != 0 || f.CommitThenFail:
		status := f.Status
		if status == 0 {
			status = http.StatusBadGateway
		}
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		code := ""
		switch {
		case status == http.StatusTooManyRequests:
			code = codeRateLimited
		case status >= 500:
			code = "AB04"
		}
		if f.Code != "" {
			code = f.Code
		}
		writeError(w, &apiError{status, code, http.StatusText(status)})
		return true
	}
	return false
}

// resetConnection resets the client's connection without an answer (a TCP
// RST, as a crashed server or a proxy dropping the request sends).
func resetConnection(w http.ResponseWriter) {
	for {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				if tcp, ok := conn.(*net.TCPConn); ok {
					_ = tcp.SetLinger(0)
				}
				_ = conn.Close()
				return
			}
			break
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			break
		}
		w = u.Unwrap()
	}
	panic(http.ErrAbortHandler)
}

// Requests returns a copy of the request log.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ClearRequests empties the request log.
func (s *Server) ClearRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// Counts returns the number of logged requests per route, e.g.
// "GET /admin/workspaces/{id}".
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for _, r := range s.requests {
		out[r.Route]++
	}
	return out
}

// Count returns the number of logged requests for one route.
func (s *Server) Count(route string) int { return s.Counts()[route] }
