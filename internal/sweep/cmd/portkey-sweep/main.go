// Command portkey-sweep deletes what the acceptance suite's live mode left
// behind in a Portkey organisation: API keys, user invites and workspaces
// named "tf-acc-…" (an invite by its email), and nothing else; never users
// (see package sweep). make sweep-live runs it.
//
// Usage:
//
//	PORTKEY_LIVE_API_KEY=... [PORTKEY_LIVE_BASE_URL=...] portkey-sweep [-dry-run | -check]
//
// It prints one line per object it deletes (or, with -dry-run, would
// delete) and a summary, and never the key. -check deletes nothing and
// exits 1 when anything is left: a run that cleaned up after itself leaves
// nothing. Do not sweep while a live-mode run is in progress: its objects
// carry the prefix too.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/sweep"
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

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("portkey-sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dryRun := fs.Bool("dry-run", false, "list what would be deleted; delete nothing")
	check := fs.Bool("check", false, "delete nothing; exit 1 when any "+sweep.Prefix+" object is left")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: PORTKEY_LIVE_API_KEY=... [PORTKEY_LIVE_BASE_URL=...] portkey-sweep [-dry-run | -check]\n\n"+
			"Deletes the API keys, user invites and workspaces named %s* (never users) from the organisation of\n"+
			"PORTKEY_LIVE_API_KEY. Do not run it while a live-mode test run is in progress.\n\nFlags:\n", sweep.Prefix)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "portkey-sweep: unexpected arguments %q\n", fs.Args())
		return exitUsage
	}
	key := getenv("PORTKEY_LIVE_API_KEY")
	if key == "" {
		fmt.Fprintln(stderr, "portkey-sweep: PORTKEY_LIVE_API_KEY is not set: set it to an organisation Admin API key "+
			"(and PORTKEY_LIVE_BASE_URL for a control plane other than "+client.DefaultBaseURL+")")
		return exitUsage
	}
	base := getenv("PORTKEY_LIVE_BASE_URL")
	if base == "" {
		base = client.DefaultBaseURL
	}
	c, err := client.New(client.Config{BaseURL: base, APIKey: key, MaxRetries: -1, UserAgent: "terraform-provider-portkey/sweep"})
	if err != nil {
		fmt.Fprintf(stderr, "portkey-sweep: %v\n", err)
		return exitUsage
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	fmt.Fprintf(stdout, "portkey-sweep: sweeping %s* objects at %s\n", sweep.Prefix, base)
	rep, err := sweep.Run(ctx, c, sweep.Options{DryRun: *dryRun || *check, Out: stdout})
	if err != nil {
		fmt.Fprintf(stderr, "portkey-sweep: %v\n", err)
		return exitError
	}
	if *check && len(rep.Matched) > 0 {
		fmt.Fprintf(stderr, "portkey-sweep: %d %s* object(s) left behind (listed above)\n", len(rep.Matched), sweep.Prefix)
		return exitError
	}
	return exitOK
}
