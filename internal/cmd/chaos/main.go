// Command chaos is the soak test behind `make chaos` (not run in CI): for
// each seed it starts the standalone mock (portkey-mock) on a loopback port,
// and applies, updates and destroys a generated configuration with the real
// Terraform CLI and the provider binary while the mock fails a share of the
// requests at random (package chaos). It prints one line per phase as it
// goes and a table at the end, and exits 1 when a run misses the targets:
// at most -want-runs applies (and destroys) per phase, no duplicate, orphan
// or null secret, and empty plans.
//
// Usage:
//
//	chaos -provider-dir DIR -mock BIN [-resources 200] [-rate 0.2] [-seeds 1,2,3]
//	      [-post-commit-then-fail 0] [-lag ""] [-max-retries 10] [-read-after-write-timeout ""]
//	      [-want-runs 1] [-max-runs 5] [-keep]
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/chaos"
)

const adminKey = "chaos-admin-key"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("chaos", flag.ContinueOnError)
	fs.SetOutput(stderr)
	providerDir := fs.String("provider-dir", "", "directory holding the terraform-provider-portkey `binary` (required)")
	mockBin := fs.String("mock", "", "the portkey-mock `binary` (required)")
	tfBin := fs.String("terraform", "terraform", "the terraform `binary`")
	resources := fs.Int("resources", 200, "resources in the generated configuration")
	rate := fs.Float64("rate", 0.2, "share of requests the mock fails, 0 to 1")
	seeds := fs.String("seeds", "1,2,3", "comma-separated `seeds`, one run each")
	ctf := fs.Float64("post-commit-then-fail", 0, "share of failing POSTs that commit first, 0 to 1")
	lag := fs.String("lag", "", "the mock's read-after-write lag (portkey-mock -lag), e.g. 1s")
	maxRetries := fs.Int("max-retries", 10, "the provider's max_retries in the generated configuration")
	settle := fs.String("read-after-write-timeout", "", "the provider's read_after_write_timeout (default: the provider's)")
	retryAfter := fs.Int("retry-after", 1, "Retry-After of the mock's 503 and 429 answers, in seconds")
	maxLatency := fs.Duration("max-latency", 2*time.Second, "bound of the mock's random delays")
	wantRuns := fs.Int("want-runs", 1, "the target: applies (and destroys) per phase")
	maxRuns := fs.Int("max-runs", 5, "applies (and destroys) tried per phase before giving up")
	keep := fs.Bool("keep", false, "keep each run's working directory (configuration, state)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *providerDir == "" || *mockBin == "" {
		fmt.Fprintln(stderr, "chaos: -provider-dir and -mock are required (make chaos builds both)")
		return 2
	}
	var seedList []int64
	for _, s := range strings.Split(*seeds, ",") {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			fmt.Fprintf(stderr, "chaos: -seeds: %v\n", err)
			return 2
		}
		seedList = append(seedList, n)
	}
	shape := chaos.ShapeFor(*resources)
	fmt.Fprintf(stdout, "chaos: %d resources (%d workspaces, %d memberships, %d invites, %d+%d+%d API keys), rate %.2f, "+
		"commit-then-fail on %.0f%% of failing POSTs, lag %q, max_retries %d\n", shape.Total(), shape.Workspaces, shape.Members,
		shape.Invites, shape.OrgKeys, shape.ServiceKeys, shape.UserKeys, *rate, *ctf*100, *lag, *maxRetries)

	type row struct {
		seed int64
		res  chaos.Result
		err  error
	}
	var rows []row
	failed := false
	for _, seed := range seedList {
		dir, err := os.MkdirTemp("", "portkey-chaos-")
		if err != nil {
			fmt.Fprintf(stderr, "chaos: %v\n", err)
			return 1
		}
		res, err := func() (chaos.Result, error) {
			baseURL, stopMock, err := startMock(ctx, *mockBin, *lag, stderr)
			if err != nil {
				return chaos.Result{}, err
			}
			defer stopMock()
			return chaos.Run(ctx, chaos.Options{
				Terraform: *tfBin, ProviderDir: *providerDir, BaseURL: baseURL, APIKey: adminKey, WorkDir: dir,
				Shape: shape, Seed: seed, Rate: *rate, PostCommitThenFail: *ctf, RetryAfter: *retryAfter, MaxLatency: *maxLatency,
				MaxRetries: *maxRetries, SettleTimeout: *settle, MaxRuns: *maxRuns, Log: stdout,
			})
		}()
		if *keep {
			fmt.Fprintf(stdout, "chaos: seed %d kept in %s\n", seed, dir)
		} else {
			_ = os.RemoveAll(dir)
		}
		if err != nil || !res.OK(*wantRuns) {
			failed = true
		}
		rows = append(rows, row{seed, res, err})
		if ctx.Err() != nil {
			break
		}
	}

	fmt.Fprintf(stdout, "\n| rate | seed | applies (create) | applies (update) | destroys | duplicates | orphans | null secrets | plans empty | requests | faults | time |\n")
	fmt.Fprintf(stdout, "|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		if r.err != nil {
			fmt.Fprintf(stdout, "| %.2f | %d | error: %v |\n", *rate, r.seed, r.err)
			continue
		}
		runs, dup, orph, null, plans := make([]string, 3), 0, 0, 0, "yes"
		for i, p := range r.res.Phases {
			runs[i] = fmt.Sprint(p.Runs)
			if !p.Succeeded {
				runs[i] += " (failed)"
			}
			dup, orph, null = dup+p.Duplicates, orph+p.Orphans, null+p.NullSecrets
			if p.Name != "destroy" && !p.PlanEmpty {
				plans = "no"
			}
		}
		faults := 0
		for _, n := range r.res.Injected {
			faults += n
		}
		fmt.Fprintf(stdout, "| %.2f | %d | %s | %s | %s | %d | %d | %d | %s | %d | %d | %s |\n", *rate, r.seed, runs[0], runs[1], runs[2],
			dup, orph, null, plans, r.res.Requests, faults, r.res.Duration.Round(time.Second))
	}
	if failed {
		fmt.Fprintln(stdout, "\nchaos: a run missed the targets")
		return 1
	}
	return 0
}

// startMock starts portkey-mock on a free loopback port and returns its base
// URL and how to stop it.
func startMock(ctx context.Context, bin, lag string, stderr io.Writer) (string, func(), error) {
	args := []string{"-addr", "127.0.0.1:0", "-api-key", adminKey}
	if lag != "" {
		args = append(args, "-lag", lag)
	}
	cmd := exec.CommandContext(ctx, bin, args...) //nolint:gosec // the operator names the binary
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "PORTKEY_BASE_URL=")
	if err != nil || !ok {
		stop()
		return "", nil, errors.Join(errors.New("the mock did not report its address"), err)
	}
	return url, stop, nil
}
