package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/time/rate"
)

// DefaultBaseURL is Portkey's SaaS control plane.
const DefaultBaseURL = "https://api.portkey.ai/v1"

// Defaults for Config fields left at their zero value.
const (
	DefaultMaxRetries     = 4
	DefaultRequestTimeout = 60 * time.Second
	defaultRetryWaitMin   = 500 * time.Millisecond
	defaultRetryWaitMax   = 10 * time.Second
	defaultMaxRetryAfter  = 60 * time.Second
	maxResponseBytes      = 16 << 20
	headerAPIKey          = "x-portkey-api-key"
)

// Config configures a Client. Only APIKey is required.
type Config struct {
	BaseURL           string
	APIKey            string
	UserAgent         string
	MaxRetries        int // 0 disables retries; negative means DefaultMaxRetries
	RequestTimeout    time.Duration
	RequestsPerSecond float64 // 0 means unlimited
	Logger            Logger
	// BulkReads is BulkReadsAuto (the default when empty) or BulkReadsOff:
	// see ReadWorkspace and bulk_reads.go.
	BulkReads string

	// RetryWaitMin and RetryWaitMax bound the exponential backoff between
	// attempts; MaxRetryAfter caps a server's Retry-After. Zero means default.
	RetryWaitMin  time.Duration
	RetryWaitMax  time.Duration
	MaxRetryAfter time.Duration

	// Transport replaces the default HTTP transport (tests).
	Transport http.RoundTripper

	// CACertificate, when set, is PEM text of CA certificates trusted for
	// the base URL besides the system's roots (a self-hosted control plane
	// behind a private CA). It applies to the default transport.
	CACertificate []byte
}

// Client talks to the Admin API. It is safe for concurrent use.
type Client struct {
	baseURL *url.URL
	apiKey  string
	ua      string
	http    *retryablehttp.Client
	logger  Logger
	keys    keyCheck   // a 401 stops every later call (keycheck.go)
	bulk    *bulkReads // nil when bulk reads are off
}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	if cfg.APIKey == "" {
		return nil, errors.New("an API key is required")
	}
	base := cfg.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := ParseBaseURL(base)
	if err != nil {
		return nil, err
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = defaultRetryWaitMin
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = defaultRetryWaitMax
	}
	if cfg.MaxRetryAfter <= 0 {
		cfg.MaxRetryAfter = defaultMaxRetryAfter
	}
	logger := cfg.Logger
	if logger == nil {
		logger = nopLogger{}
	}
	transport := cfg.Transport
	if transport == nil {
		def := http.DefaultTransport.(*http.Transport).Clone() //nolint:forcetypeassert // the stdlib default is always *http.Transport
		if len(cfg.CACertificate) > 0 {
			if def, err = withCACertificate(def, cfg.CACertificate); err != nil {
				return nil, err
			}
		}
		transport = def
	}
	var limiter *rate.Limiter
	if cfg.RequestsPerSecond > 0 {
		burst := int(cfg.RequestsPerSecond)
		if burst < 1 {
			burst = 1
		}
		limiter = rate.NewLimiter(rate.Limit(cfg.RequestsPerSecond), burst)
	}

	rc := retryablehttp.NewClient()
	rc.Logger = nil
	rc.HTTPClient = &http.Client{
		Timeout:   cfg.RequestTimeout,
		Transport: &attemptTransport{next: transport, limiter: limiter, logger: logger},
	}
	rc.RetryMax = cfg.MaxRetries
	rc.RetryWaitMin = cfg.RetryWaitMin
	rc.RetryWaitMax = cfg.RetryWaitMax
	rc.CheckRetry = checkRetry
	rc.Backoff = backoff(cfg.MaxRetryAfter)
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler

	var bulk *bulkReads
	switch cfg.BulkReads {
	case "", BulkReadsAuto:
		bulk = &bulkReads{}
	case BulkReadsOff:
	default:
		return nil, fmt.Errorf("bulk reads must be %q or %q, not %q", BulkReadsAuto, BulkReadsOff, cfg.BulkReads)
	}

	ua := cfg.UserAgent
	if ua == "" {
		ua = "terraform-provider-portkey"
	}
	return &Client{baseURL: u, apiKey: cfg.APIKey, ua: ua, http: rc, logger: logger, bulk: bulk}, nil
}

// ParseBaseURL validates a base URL: https (or http on a loopback host), no
// userinfo, query or fragment; a trailing slash is ignored.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url.Parse's error repeats the whole input, which may hold
		// credentials: report only the reason.
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return nil, fmt.Errorf("base URL is not a valid URL: %w", err)
	}
	// Messages show the URL with any userinfo replaced, never as given.
	safe := *u
	if safe.User != nil {
		safe.User = url.User("REDACTED")
	}
	safe.RawQuery, safe.Fragment, safe.RawFragment, safe.ForceQuery = "", "", "", false
	shown := safe.String()
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return nil, fmt.Errorf("base URL %q must not contain credentials, a query or a fragment", shown)
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("base URL %q must be an absolute https:// URL such as %s", shown, DefaultBaseURL)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("base URL %q must use https; plain http is allowed only for loopback hosts (localhost, 127.0.0.1, ::1)", shown)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// isLoopback reports whether host is "localhost" or a loopback IP address
// (127.0.0.0/8, ::1). A name such as "127.example.com" is not loopback.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// pathf builds a path with each argument escaped as one path segment.
func pathf(format string, segments ...string) string {
	args := make([]any, len(segments))
	for i, s := range segments {
		args[i] = url.PathEscape(s)
	}
	return fmt.Sprintf(format, args...)
}

// do sends one API call: in (if not nil) is the JSON body, out (if not nil)
// receives the decoded JSON response. Non-2xx answers become *APIError.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, in, out any) (err error) {
	var body []byte
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encoding %s %s request: %w", method, path, err)
		}
		body = b
	}
	// path is already escaped (see pathf): keep it as the raw path, so an
	// escaped "/" or space is sent once-escaped, not escaped again.
	u := *c.baseURL
	u.RawPath = c.baseURL.EscapedPath() + path
	unescaped, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return fmt.Errorf("building %s %s request: invalid path: %w", method, path, err)
	}
	u.Path = unescaped
	if len(query) > 0 {
		u.RawQuery = query.Encode()
	}

	alone, rejected, err := c.keys.begin(ctx)
	switch {
	case err != nil:
		return &TransportError{Method: method, Path: path, Err: &notSentError{err: err}}
	case rejected != nil:
		c.logger.Debug(ctx, "Portkey API call not sent: Portkey rejected the API key earlier", map[string]any{"method": method, "path": path})
		return rejected
	}
	status, apiErr := 0, (*APIError)(nil)
	defer func() { c.keys.end(alone, status, apiErr) }()

	ctx = context.WithValue(withMethod(ctx, method), attemptKey{}, new(atomic.Int64))
	defer func() { noteAttempts(ctx, err) }()
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, u.String(), reader)
	if err != nil {
		return fmt.Errorf("building %s %s request: %w", method, path, err)
	}
	req.Header.Set(headerAPIKey, c.apiKey)
	req.Header.Set("User-Agent", c.ua)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		c.logger.Debug(ctx, "Portkey API request body", map[string]any{
			"method": method, "path": path, "body": redactedBody{body, c.apiKey},
		})
	}

	if method != "GET" {
		// A write makes every listing stale (bulk_reads.go): drop them now,
		// and again once it is answered, so that a listing read meanwhile
		// is dropped too.
		c.bulk.dropAll()
		defer c.bulk.dropAll()
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if resp != nil {
			_ = resp.Body.Close()
		}
		return &TransportError{Method: method, Path: path, Err: err}
	}
	defer resp.Body.Close()
	status = resp.StatusCode
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return &TransportError{Method: method, Path: path, Err: err}
	}
	c.logger.Debug(ctx, "Portkey API response body", map[string]any{
		"method": method, "path": path, "status": resp.StatusCode, "body": redactedBody{data, c.apiKey},
	})
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr = newAPIError(method, path, resp.StatusCode, data)
		return apiErr
	}
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := json.Unmarshal(integralNumbers(data), out); err != nil {
		return &DecodeError{Method: method, Path: path, StatusCode: resp.StatusCode, Err: err}
	}
	return nil
}
