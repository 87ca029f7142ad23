package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"
)

// Sentinels matched with errors.Is against an *APIError.
var (
	ErrNotFound     = errors.New("not found")
	ErrUnauthorized = errors.New("unauthorized")
	ErrForbidden    = errors.New("forbidden")
	ErrConflict     = errors.New("conflict")
	ErrRateLimited  = errors.New("rate limited")
)

// APIError is a non-2xx answer of the Admin API.
type APIError struct {
	StatusCode int
	Code       string // Portkey error code (AB01…), empty when the body had none
	Message    string
	Method     string
	Path       string
	// Attempts is how many times the call was sent (retries included).
	Attempts int
	// RetryAfter is the answer's Retry-After header as sent, for a 429 or
	// 503 (empty when it had none).
	RetryAfter string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if e.Code != "" {
		fmt.Fprintf(&b, " (Portkey error code %s)", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (%s)", AttemptsText(e.Attempts))
	}
	return b.String()
}

// AttemptsText writes a number of attempts: "1 attempt", "5 attempts".
func AttemptsText(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}

// Is maps the status (and Portkey code) onto the package sentinels.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound || e.Code == "AB08"
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	}
	return false
}

// Operation describes the failed call: the scope it needs and what else a
// 403 may mean (see OperationOf). ok is false for a call outside the table.
func (e *APIError) Operation() (op Operation, ok bool) {
	return OperationOf(e.Method, e.Path)
}

// TransportError is a failure without an HTTP answer: refused, reset, timed out.
type TransportError struct {
	Method string
	Path   string
	Err    error
	// Attempts is how many times the call was sent (retries included); 0
	// when it never was.
	Attempts int
}

func (e *TransportError) Error() string {
	what := e.Failure().String()
	if e.Attempts > 1 {
		what += ", on each of " + AttemptsText(e.Attempts)
	}
	return fmt.Sprintf("%s %s: %s: %v", e.Method, e.Path, what, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// Failure is what happened to a call that got no HTTP answer.
type Failure int

// The failures of a TransportError, from its cause.
const (
	FailureOther       Failure = iota // none of the below
	FailureNoAnswer                   // the connection closed before an answer came
	FailureReset                      // the connection was reset
	FailureTimeout                    // no answer within the request timeout
	FailureRefused                    // nothing accepted the connection
	FailureUnknownHost                // the host name did not resolve
	FailureTLS                        // the TLS handshake or certificate check failed
	FailureNotSent                    // the call ended before it was sent (canceled while waiting)
	FailureCanceled                   // the caller canceled the call
)

// String says what happened, for messages.
func (f Failure) String() string {
	switch f {
	case FailureNoAnswer:
		return "no answer (the connection closed before Portkey answered)"
	case FailureReset:
		return "connection reset before Portkey answered"
	case FailureTimeout:
		return "timeout (Portkey did not answer within the request timeout)"
	case FailureRefused:
		return "connection refused"
	case FailureUnknownHost:
		return "unknown host (the name did not resolve)"
	case FailureTLS:
		return "TLS failure"
	case FailureNotSent:
		return "not sent"
	case FailureCanceled:
		return "canceled"
	}
	return "failed without an answer"
}

// Failure classifies the cause of e.
func (e *TransportError) Failure() Failure {
	err := e.Err
	var dnsErr *net.DNSError
	var notSent *notSentError
	var netErr net.Error
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	switch {
	case errors.As(err, &notSent):
		return FailureNotSent
	case errors.Is(err, context.Canceled):
		return FailureCanceled
	case errors.As(err, &dnsErr):
		return FailureUnknownHost
	case errors.Is(err, syscall.ECONNREFUSED):
		return FailureRefused
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr), errors.As(err, &invalidCert),
		errors.As(err, &recordErr):
		return FailureTLS
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return FailureTimeout
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.ECONNABORTED):
		return FailureReset
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return FailureNoAnswer
	}
	return FailureOther
}

// DecodeError is a 2xx answer that cannot be read: its body does not decode,
// or lacks what the call needs (a create's id). The call succeeded; after a
// write its result is unknown, so IsAmbiguous reports it.
type DecodeError struct {
	Method     string
	Path       string
	StatusCode int
	Err        error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d, but the answer could not be read: %v", e.Method, e.Path, e.StatusCode, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// IsAmbiguous reports whether a failed call may nonetheless have been applied
// by the server: a 5xx answer, a transport failure after the request was
// sent, or a write whose 2xx answer cannot be read (DecodeError). Callers of
// a POST reconcile by looking the object up.
func IsAmbiguous(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var decErr *DecodeError
	if errors.As(err, &decErr) {
		return decErr.Method != http.MethodGet
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode >= 500
	}
	var tErr *TransportError
	if errors.As(err, &tErr) {
		return !isDialError(tErr.Err)
	}
	return false
}

// IsCode reports whether err is an *APIError with the given Portkey code.
func IsCode(err error, code string) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.Code == code
}

type errorEnvelope struct {
	Success *bool `json:"success"`
	Data    *struct {
		Message   string `json:"message"`
		ErrorCode string `json:"errorCode"`
	} `json:"data"`
	Error *struct {
		Message string `json:"message"`
		Code    any    `json:"code"`
	} `json:"error"`
	Message string `json:"message"`
}

func newAPIError(method, path string, status int, body []byte) *APIError {
	e := &APIError{StatusCode: status, Method: method, Path: path}
	var env errorEnvelope
	if json.Unmarshal(body, &env) == nil {
		switch {
		case env.Data != nil && (env.Data.Message != "" || env.Data.ErrorCode != ""):
			e.Message, e.Code = env.Data.Message, env.Data.ErrorCode
		case env.Error != nil && env.Error.Message != "":
			e.Message = env.Error.Message
			if s, ok := env.Error.Code.(string); ok {
				e.Code = s
			}
		case env.Message != "":
			e.Message = env.Message
		}
	}
	if e.Message == "" {
		if e.Code != "" {
			// The envelope, with a code but no message.
			e.Message = junkSummary(nil, status)
		} else {
			e.Message = junkSummary(body, status)
		}
	}
	return e
}

// junkSummary describes a body that is not the error envelope: a short,
// printable excerpt, or the status text when the body is empty or binary.
func junkSummary(body []byte, status int) string {
	text := http.StatusText(status)
	if text == "" {
		text = fmt.Sprintf("HTTP status %d", status)
	}
	s := strings.TrimSpace(string(body))
	if s == "" || !printable(s) {
		return text
	}
	s = strings.Join(strings.Fields(s), " ")
	const limit = 200
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit]) + "…"
	}
	return "unexpected response body: " + s
}

// printable reports whether s is valid UTF-8 text without control characters
// (other than whitespace), i.e. not a binary body.
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}
