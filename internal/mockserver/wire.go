package mockserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// timeFormat is the format of every timestamp the real API emits.
const timeFormat = "2006-01-02T15:04:05.000Z"

func (s *Server) stamp() string { return s.now().Format(timeFormat) }

// Error codes of the Admin API (API-NOTES.md 1.5).
const (
	codeValidation   = "AB01"
	codeForbidden    = "AB03"
	codeUnauthorized = "AB05"
	codeRateLimited  = "AB06"
	codeConflict     = "AB07"
	codeNotFound     = "AB08"
)

const msgInvalid = "Invalid request. Please check and try again."

// apiError is an error answer in the real envelope.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

func errInvalid(format string, args ...any) *apiError {
	msg := msgInvalid
	if format != "" {
		msg = fmt.Sprintf(format, args...)
	}
	return &apiError{http.StatusBadRequest, codeValidation, msg}
}

func errNotFound(what string) *apiError {
	return &apiError{http.StatusNotFound, codeNotFound, what + " not found"}
}

func errForbidden() *apiError {
	return &apiError{http.StatusForbidden, codeForbidden, "User not allowed to access the resource"}
}

func errConflict(msg string) *apiError {
	return &apiError{http.StatusConflict, codeConflict, msg}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, err *apiError) {
	writeJSON(w, err.status, map[string]any{
		"success": false,
		"data":    map[string]any{"message": err.message, "errorCode": err.code},
	})
}

// writeOK answers the API's empty success body, {}.
func writeOK(w http.ResponseWriter) { writeJSON(w, http.StatusOK, map[string]any{}) }

// decodeStrict decodes the request body into v, rejecting unknown fields,
// trailing data and a missing body, as the real API's validator does.
func decodeStrict(r *http.Request, v any) *apiError {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return errInvalid("")
	}
	if trimmed := bytes.TrimSpace(body); len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return errInvalid("Validation failed: request body is required")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errInvalid("Validation failed: %s", cleanJSONError(err))
	}
	if dec.More() {
		return errInvalid("Validation failed: trailing data after the JSON body")
	}
	return nil
}

func cleanJSONError(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return fmt.Sprintf("%s: Invalid value", typeErr.Field)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// oneOf validates an enum value; field names the attribute in the message.
func oneOf(field, value string, allowed ...string) *apiError {
	if slices.Contains(allowed, value) {
		return nil
	}
	return errInvalid("Validation failed: %s: Invalid value %q (allowed: %s)", field, value, strings.Join(allowed, ", "))
}

// paging reads 0-based paging parameters in either casing.
func paging(r *http.Request) (page, size int, err *apiError) {
	q := r.URL.Query()
	read := func(names ...string) (int, bool, *apiError) {
		for _, n := range names {
			if v := q.Get(n); v != "" {
				i, convErr := strconv.Atoi(v)
				if convErr != nil || i < 0 {
					return 0, false, errInvalid("Validation failed: %s: Invalid value", n)
				}
				return i, true, nil
			}
		}
		return 0, false, nil
	}
	page, _, err = read("current_page", "currentPage")
	if err != nil {
		return 0, 0, err
	}
	size, ok, err := read("page_size", "pageSize")
	if err != nil {
		return 0, 0, err
	}
	if !ok || size == 0 {
		size = 100
	}
	return page, size, nil
}

// writeList answers one page of items in the list envelope; total counts all
// items after filtering, on every page.
func writeList[T any](w http.ResponseWriter, r *http.Request, items []T) {
	page, size, err := paging(r)
	if err != nil {
		writeError(w, err)
		return
	}
	start := len(items)
	if page <= len(items)/size { // avoids overflowing page*size
		start = page * size
	}
	end := min(start+size, len(items))
	data := items[start:end]
	if data == nil {
		data = []T{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"object": "list", "total": len(items), "data": data})
}

// Request is one entry of the request log.
type Request struct {
	Method string `json:"method"`
	Path   string `json:"path"`  // the path under /v1
	Route  string `json:"route"` // the matched route, e.g. "GET /admin/workspaces/{id}"
	Query  string `json:"query,omitempty"`
	Body   string `json:"body,omitempty"`
	Status int    `json:"status"`
	Fault  string `json:"fault,omitempty"`
	// Violation is how the request broke Portkey's OpenAPI document (spec.go).
	Violation string    `json:"violation,omitempty"`
	Time      time.Time `json:"time"`
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// serveAPI authenticates, applies any matching fault, routes, and logs.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	r.Body = io.NopCloser(bytes.NewReader(body))
	_, route := s.mux.Handler(r)
	route = strings.Replace(route, " "+APIPrefix, " ", 1)
	path := strings.TrimPrefix(r.URL.Path, APIPrefix)
	entry := Request{Method: r.Method, Path: path, Route: route, Query: r.URL.RawQuery, Body: string(body), Time: s.now()}

	fault := s.takeFault(r.Method, path)
	if fault == nil {
		fault = s.chaosFault(r.Method, path, body)
	}
	rec := &statusRecorder{ResponseWriter: w}
	// The entry is logged once, before the client can see the outcome: at
	// the end for an answer (the server sends it after the handler returns),
	// but before the connection is closed for a reset, which the client sees
	// at once.
	logged := false
	logEntry := func() {
		if logged {
			return
		}
		logged = true
		if entry.Status == 0 {
			entry.Status = rec.status
		}
		s.mu.Lock()
		s.requests = append(s.requests, entry)
		s.mu.Unlock()
	}
	defer logEntry()

	if fault != nil {
		entry.Fault = fault.describe()
		if fault.Latency > 0 {
			select {
			case <-time.After(fault.Latency):
			case <-r.Context().Done():
				return
			}
		}
		if !fault.CommitThenFail {
			if fault.Reset {
				logEntry()
			}
			if fault.fail(rec, r) {
				return
			}
		}
	}

	p, ok := s.authenticate(r.Header.Get("x-portkey-api-key"))
	if !ok {
		writeError(rec, &apiError{http.StatusUnauthorized, codeUnauthorized, "Unauthorised Request"}) //nolint:misspell // the API's spelling
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), principalKey{}, p))

	if route == "" {
		// No route matches (or only with another method): the real API
		// answers 404 (API-NOTES.md 1.5: PUT on an invite), where ServeMux
		// would answer a plain-text 404 or 405.
		writeJSON(rec, http.StatusNotFound, map[string]any{
			"success": false,
			"data":    map[string]any{"message": fmt.Sprintf("Cannot %s %s", r.Method, r.URL.Path)},
		})
		return
	}

	if entry.Violation = s.checkSpec(r, route, body); entry.Violation != "" {
		s.recordViolation(entry)
		writeError(rec, errInvalid("Validation failed: %s", entry.Violation))
		return
	}
	if err := checkNamePrefix(s.opts.NamePrefix, route, body); err != nil {
		writeError(rec, err)
		return
	}

	if fault != nil && fault.CommitThenFail {
		// The change is stored; the answer is lost.
		discard := &discardWriter{header: http.Header{}}
		s.serveLagged(discard, r)
		entry.Status = discard.status
		if fault.Reset {
			logEntry()
		}
		fault.fail(rec, r)
		return
	}
	s.serveRoute(rec, r, fault)
}

// serveRoute runs the route's handler; the answer is rewritten with float
// literals (Options.FloatLiterals) or cut short (a Truncate fault) on the way.
func (s *Server) serveRoute(w http.ResponseWriter, r *http.Request, fault *Fault) {
	truncate := fault != nil && fault.Truncate
	if !s.opts.FloatLiterals && !truncate {
		s.serveLagged(w, r)
		return
	}
	buf := &bufferedAnswer{header: http.Header{}}
	s.serveLagged(buf, r)
	body := buf.body
	if s.opts.FloatLiterals {
		body = floatLiterals(body)
	}
	if truncate {
		body = body[:len(body)/2]
	}
	buf.send(w, body)
}

type discardWriter struct {
	header http.Header
	status int
}

func (d *discardWriter) Header() http.Header { return d.header }
func (d *discardWriter) Write(b []byte) (int, error) {
	if d.status == 0 {
		d.status = http.StatusOK
	}
	return len(b), nil
}
func (d *discardWriter) WriteHeader(code int) {
	if d.status == 0 {
		d.status = code
	}
}

// authenticate accepts the organisation admin keys and any active key the
// server minted (see apiKeyPrincipalLocked).
func (s *Server) authenticate(key string) (*principal, bool) {
	if key == "" {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.adminKeys[key] {
		return &principal{admin: true}, true
	}
	return s.apiKeyPrincipalLocked(key)
}

// Unwrap lets resetConnection reach the connection under the recorder.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
