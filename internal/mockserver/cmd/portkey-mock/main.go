// Command portkey-mock serves the in-memory Portkey Admin API of
// internal/mockserver, for the demo, for trying the provider without a
// Portkey account, and for benchmarks.
//
// Usage:
//
//	portkey-mock [-addr 127.0.0.1:8080] [-api-key KEY[,KEY...]]... [-seed FILE] [-owner-email EMAIL]
//	             [-lag SPEC [-lag-lists-only]] [-org-admins-workspace-admin] [-float-literals] [-no-hooks] [-require-prefix P]
//	             [-chaos SPEC] [-allow-remote] [-no-spec-validation] [-v]
//
// Once it listens it prints exactly one line to standard output,
//
//	PORTKEY_BASE_URL=http://127.0.0.1:PORT/v1
//
// (with the real port, also when -addr asks for port 0), and nothing else:
// scripts wait for that line and export it. Everything else (startup notes,
// request logs with -v, errors) goes to standard error. The Admin API is
// served under /v1 and the test hooks under /__mock/ (see the mockserver
// package documentation). It serves until SIGINT or SIGTERM, then shuts down
// gracefully and exits 0.
//
// The accepted admin keys come from -api-key (repeatable, or comma-separated),
// else from PORTKEY_API_KEY (comma-separated), plus any "admin_keys" of the
// seed file; with none at all it refuses to start. -seed reads a JSON
// mockserver.Seed: {"admin_keys": [...], "users": [...], "workspaces": [...],
// "guardrails": [{"id", "slug", "scope": "organisation" or "workspace"}]}.
//
// -float-literals answers every JSON number as a float literal (10.0, not 10),
// as the live API can.
//
// -lag makes reads trail writes, as Portkey's eventually consistent reads do:
// "1.5s" for every kind, or "users=1.5s,workspaces=2s" per kind ("*" for the
// others); with -lag-lists-only, only the lists trail writes (the reading in
// which lists come from a replica that GETs do not read).
// -org-admins-workspace-admin makes organisation admins, like owners, read
// back as admins in every workspace they are added to.
//
// -chaos makes requests fail at random, for soak tests (make chaos):
// comma-separated key=value pairs, e.g. "rate=0.2,seed=7" (kinds=503+429+
// reset+commit-then-fail+latency by default; post-commit-then-fail=0.8 makes
// most failing POSTs commit first; retry-after=SECONDS, max-latency=DURATION).
// See mockserver.Chaos; PUT /__mock/chaos changes it while serving.
//
// The hooks need no key and can rewrite every object, so the server binds to
// loopback addresses only, unless -allow-remote is given. -no-hooks turns
// them off (they answer 404): the server is then only the Admin API, as a
// client of the real Portkey would see it (the acceptance suite's live mode
// runs against it so). -require-prefix refuses (400) a workspace, API key or
// invite whose name or email lacks the prefix: the live-mode run holds the
// suite to naming everything it creates "tf-acc-…".
//
// Every Admin API request is checked against Portkey's OpenAPI document; one
// that breaks it is answered 400 AB01 naming the violation, which the request
// log (/__mock/requests) records too. -no-spec-validation turns the check
// off (it costs tens of microseconds a request; see BenchmarkSpecValidation).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// keyList is a repeatable flag whose values may also be comma-separated.
type keyList []string

func (k *keyList) String() string { return fmt.Sprintf("%d key(s)", len(*k)) }

func (k *keyList) Set(v string) error {
	added := splitKeys(v)
	if len(added) == 0 {
		return errors.New("empty API key")
	}
	*k = append(*k, added...)
	return nil
}

func splitKeys(v string) []string {
	var out []string
	for _, part := range strings.Split(v, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

type options struct {
	addr        string
	keys        keyList
	seedFile    string
	ownerEmail  string
	allowRemote bool
	noSpec      bool
	verbose     bool
	floats      bool
	lag         string
	lagLists    bool
	adminsForce bool
	noHooks     bool
	prefix      string
	chaos       string
}

// run is main without the process: it serves until ctx ends and returns the
// exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	var o options
	fs := flag.NewFlagSet("portkey-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "`host:port` to listen on; port 0 picks a free port")
	fs.Var(&o.keys, "api-key", "an organisation admin `key` the server accepts; repeatable or comma-separated (default: $PORTKEY_API_KEY)")
	fs.StringVar(&o.seedFile, "seed", "", "JSON `file` with {\"admin_keys\", \"users\", \"workspaces\", \"guardrails\"} to load at start")
	fs.StringVar(&o.ownerEmail, "owner-email", "", "`email` of the seeded organisation owner (default owner@example.com)")
	fs.BoolVar(&o.lagLists, "lag-lists-only", false, "apply -lag to lists only: GETs of single objects are current")
	fs.StringVar(&o.lag, "lag", "", "read-after-write lag: a `duration` for every kind (\"1.5s\") or kind=duration pairs (\"users=1.5s,workspaces=2s\")")
	fs.BoolVar(&o.adminsForce, "org-admins-workspace-admin", false, "organisation admins, like owners, read back as admin in every workspace they are added to")
	fs.BoolVar(&o.allowRemote, "allow-remote", false, "allow a non-loopback -addr (the /__mock/ hooks need no key: never expose them)")
	fs.BoolVar(&o.floats, "float-literals", false, "answer every JSON number as a float literal (10.0, not 10), as the live API can")
	fs.BoolVar(&o.noHooks, "no-hooks", false, "turn the /__mock/ test hooks off (they answer 404): only the Admin API is served")
	fs.StringVar(&o.prefix, "require-prefix", "", "refuse (400) workspaces, API keys and invites whose name or email does not start with this `prefix`")
	fs.StringVar(&o.chaos, "chaos", "", "seeded random faults: `spec` such as \"rate=0.2,seed=7\" (see mockserver.ParseChaos)")
	fs.BoolVar(&o.noSpec, "no-spec-validation", false, "do not check requests against Portkey's OpenAPI document (by default a request that breaks it is answered 400 AB01)")
	fs.BoolVar(&o.verbose, "v", false, "log every request (method, path, status, duration) to standard error")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: portkey-mock [flags]\n\n"+
			"Serves an in-memory Portkey Admin API and prints PORTKEY_BASE_URL=http://HOST:PORT/v1 once listening.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "portkey-mock: unexpected arguments %q\n", fs.Args())
		return exitUsage
	}

	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "portkey-mock: "+format+"\n", a...)
		return exitUsage
	}
	if len(o.keys) == 0 {
		o.keys = splitKeys(getenv("PORTKEY_API_KEY"))
	}
	var seed mockserver.Seed
	if o.seedFile != "" {
		var err error
		if seed, err = readSeed(o.seedFile); err != nil {
			return usage("%v", err)
		}
	}
	if len(o.keys) == 0 && len(seed.AdminKeys) == 0 {
		return usage("no API key: pass -api-key KEY, set PORTKEY_API_KEY, or list admin_keys in the -seed file")
	}
	lag, err := mockserver.ParseLag(o.lag)
	if err != nil {
		return usage("-lag: %v", err)
	}
	host, _, err := net.SplitHostPort(o.addr)
	if err != nil {
		return usage("-addr %q: %v", o.addr, err)
	}
	if !o.allowRemote && !isLoopbackHost(host) {
		return usage("-addr %q is not a loopback address: the mock's /__mock/ hooks need no key; pass -allow-remote to serve it anyway", o.addr)
	}

	srv := mockserver.New(mockserver.Options{
		APIKeys: o.keys, OwnerEmail: o.ownerEmail, Lag: lag, LagListsOnly: o.lagLists, OrgAdminsAreWorkspaceAdmins: o.adminsForce,
		FloatLiterals: o.floats, NoSpecValidation: o.noSpec, NoHooks: o.noHooks, NamePrefix: o.prefix,
	})
	srv.ApplySeed(seed)
	if o.chaos != "" {
		c, err := mockserver.ParseChaos(o.chaos)
		if err == nil {
			err = srv.SetChaos(c)
		}
		if err != nil {
			return usage("-chaos: %v", err)
		}
	}

	var lc net.ListenConfig
	l, err := lc.Listen(ctx, "tcp", o.addr)
	if err != nil {
		fmt.Fprintf(stderr, "portkey-mock: %v\n", err)
		return exitError
	}
	if tcp, ok := l.Addr().(*net.TCPAddr); ok && !o.allowRemote && !tcp.IP.IsLoopback() {
		_ = l.Close()
		return usage("-addr %q resolved to %s, which is not a loopback address", o.addr, l.Addr())
	}
	if o.allowRemote && !isLoopbackHost(host) {
		fmt.Fprintln(stderr, "portkey-mock: warning: serving beyond loopback; anyone who can reach it can rewrite its data through /__mock/")
	}

	var handler http.Handler = srv
	if o.verbose {
		handler = logRequests(srv, stderr)
	}
	hs := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(l) }()

	fmt.Fprintf(stdout, "PORTKEY_BASE_URL=http://%s%s\n", l.Addr(), mockserver.APIPrefix)
	hooks := "test hooks under /__mock/"
	if o.noHooks {
		hooks = "no test hooks (-no-hooks)"
	}
	fmt.Fprintf(stderr, "portkey-mock: serving the Admin API under /v1 and %s on %s (%d admin key(s)); stop with Ctrl-C\n",
		hooks, l.Addr(), len(o.keys)+len(seed.AdminKeys))

	select {
	case err := <-served:
		fmt.Fprintf(stderr, "portkey-mock: %v\n", err)
		return exitError
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		fmt.Fprintf(stderr, "portkey-mock: shutdown: %v\n", err)
		return exitError
	}
	fmt.Fprintln(stderr, "portkey-mock: stopped")
	return exitOK
}

// readSeed reads a seed file strictly: an unknown field is an error.
func readSeed(path string) (mockserver.Seed, error) {
	var seed mockserver.Seed
	data, err := os.ReadFile(path) //nolint:gosec // the operator names the file
	if err != nil {
		return seed, fmt.Errorf("-seed: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&seed); err != nil {
		return seed, fmt.Errorf("-seed %s: %w", path, err)
	}
	if err := seed.Validate(); err != nil {
		return seed, fmt.Errorf("-seed %s: %w", path, err)
	}
	return seed, nil
}

// isLoopbackHost reports whether host is "localhost" or a loopback IP. An
// empty host (all interfaces) is not.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets the mock reach the connection to simulate resets.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs method, path, status and duration; never headers (the
// API key) or bodies (secrets).
func logRequests(next http.Handler, out io.Writer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			fmt.Fprintf(out, "portkey-mock: %s %s %d %s\n", r.Method, r.URL.Path, sw.status, time.Since(start).Round(time.Microsecond))
		}()
		next.ServeHTTP(sw, r)
	})
}
