//go:build linux || darwin

// Command bench-e2e measures what `terraform plan` costs with this provider,
// end to end: the real Terraform CLI, the real provider binary and the
// standalone mock Admin API, with a latency added to every request.
//
// For each size (N managed resources, and 100) it starts a fresh mock, applies
// a configuration of N mixed resources (workspaces, members spread over them,
// organisation users, invites, and API keys of all three kinds), makes the mock
// answer every request after LATENCY, and times `terraform plan` with bulk
// reads off and on, side by side, plus a plan of N terraform_data resources:
// the CLI's own floor. For each it reports the plan's wall time, the requests
// the mock received per managed resource, the provider processes' CPU time per
// managed resource and their peak RSS, as a table on standard output and as
// JSON (-out). Run it from the repository root:
//
//	make bench-e2e                      # N=1000 LATENCY=50ms
//	make bench-e2e N=300 LATENCY=20ms RUNS=3
//	make bench-e2e PROFILE=1            # also a CPU profile of every provider process
//
// Terraform starts the provider through a wrapper installed in the
// dev_overrides folder under the provider's name: this same program, which
// runs the real provider as its child and records the child's resource usage
// (wrapper.go).
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

const adminKey = "bench-admin-key"

func main() {
	if filepath.Base(os.Args[0]) == providerName {
		os.Exit(runWrapper())
	}
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench-e2e:", err)
		os.Exit(1)
	}
}

type options struct {
	n       int
	latency time.Duration
	runs    int
	out     string
	profile bool
	keep    bool
	// provider is a provider binary to measure instead of building the
	// repository's (an earlier build, for a before-and-after comparison).
	provider string

	writeConfig string
}

func run(args []string) error {
	var o options
	fs := flag.NewFlagSet("bench-e2e", flag.ContinueOnError)
	fs.IntVar(&o.n, "n", 1000, "managed resources in the large configuration (a row for 100 is always added)")
	fs.DurationVar(&o.latency, "latency", 50*time.Millisecond, "latency the mock adds to every request during the timed plans")
	fs.IntVar(&o.runs, "runs", 1, "timed plans per mode; the table shows the median")
	fs.StringVar(&o.out, "out", "bin/bench-e2e", "folder for result.json and, with -profile, the CPU profiles")
	fs.BoolVar(&o.profile, "profile", false, "write a CPU profile of every provider process of the timed plans, and print the top entries")
	fs.StringVar(&o.provider, "provider", "", "measure this provider `binary` instead of building the repository's (e.g. an earlier build; -profile needs its -cpuprofile flag)")
	fs.BoolVar(&o.keep, "keep", false, "keep the working folder (configurations, state, mock logs)")
	fs.StringVar(&o.writeConfig, "write-config", "", "only write the mock's seed and the configurations of -n resources into `dir`, and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.n < 10 || o.runs < 1 || o.latency < 0 {
		return errors.New("-n must be at least 10, -runs at least 1, -latency not negative")
	}
	if o.writeConfig != "" {
		return writeConfigs(o.writeConfig, newMix(o.n))
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		return errors.New("terraform is not on PATH (Terraform >= 1.11 is needed)")
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	if !filepath.IsAbs(o.out) {
		o.out = filepath.Join(root, o.out)
	}
	if err := os.MkdirAll(o.out, 0o750); err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "portkey-bench-e2e-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintln(os.Stderr, "bench-e2e: working folder", work)
	} else {
		defer os.RemoveAll(work)
	}

	if o.profile {
		// Profiles of an earlier run would be merged into this one's.
		if err := os.RemoveAll(filepath.Join(o.out, "profiles")); err != nil {
			return err
		}
	}
	b := &bench{o: o, root: root, work: work}
	if err := b.build(); err != nil {
		return err
	}
	sizes := []int{100}
	if o.n != 100 {
		sizes = append(sizes, o.n)
	}
	report := report{Latency: o.latency.String(), Runs: o.runs, Terraform: terraformVersion(), Started: time.Now().UTC().Format(time.RFC3339)}
	for _, n := range sizes {
		res, err := b.measure(n)
		if err != nil {
			return fmt.Errorf("with %d resources: %w", n, err)
		}
		report.Results = append(report.Results, res)
		res.print(os.Stdout, report.Latency, o.runs)
	}
	data, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(o.out, "result.json")
	if err := os.WriteFile(path, append(data, '\n'), 0o600); err != nil {
		return err
	}
	fmt.Printf("\nJSON (also in %s):\n%s\n", path, data)
	return nil
}

type bench struct {
	o    options
	root string
	work string
	rc   string // the Terraform CLI configuration with dev_overrides
}

// build compiles the provider and the mock, and installs this program as the
// provider's wrapper in the dev_overrides folder.
func (b *bench) build() error {
	fmt.Fprintln(os.Stderr, "bench-e2e: building the provider and the mock")
	targets := [][2]string{{"real/" + providerName, "."}, {"portkey-mock", "./internal/mockserver/cmd/portkey-mock"}}
	if b.o.provider != "" {
		if err := os.MkdirAll(filepath.Join(b.work, "real"), 0o750); err != nil {
			return err
		}
		if err := copyFile(b.o.provider, filepath.Join(b.work, "real", providerName)); err != nil {
			return fmt.Errorf("-provider: %w", err)
		}
		targets = targets[1:]
	}
	for _, t := range targets {
		cmd := exec.Command("go", "build", "-o", filepath.Join(b.work, t[0]), t[1]) //nolint:gosec,noctx // fixed arguments
		cmd.Dir, cmd.Stdout, cmd.Stderr = b.root, os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s: %w", t[1], err)
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	plugins := filepath.Join(b.work, "plugins")
	if err := os.MkdirAll(plugins, 0o750); err != nil {
		return err
	}
	if err := copyFile(self, filepath.Join(plugins, providerName)); err != nil {
		return err
	}
	b.rc = filepath.Join(b.work, "terraformrc")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/seed-4a8a86ef/portkey\" = %q\n  }\n  direct {}\n}\n", plugins)
	return os.WriteFile(b.rc, []byte(rc), 0o600)
}

// measure applies the configurations of size n on a fresh mock and times the
// plans.
func (b *bench) measure(n int) (*result, error) {
	m := newMix(n)
	dir := filepath.Join(b.work, fmt.Sprintf("n%d", n))
	for _, d := range []string{"portkey", "floor", "usage"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o750); err != nil {
			return nil, err
		}
	}
	if err := writeConfigs(dir, m); err != nil {
		return nil, err
	}
	seed := filepath.Join(dir, "seed.json")
	mock, err := b.startMock(seed, filepath.Join(dir, "mock.log"))
	if err != nil {
		return nil, err
	}
	defer mock.stop()

	res := &result{N: m.total(), Mix: m, LoadAverage: loadAverage()}
	env := b.env(mock.baseURL, filepath.Join(dir, "usage"))
	fmt.Fprintf(os.Stderr, "bench-e2e: N=%d: applying %d resources on the mock (no latency)\n", n, m.total())
	for _, step := range []struct {
		dir  string
		args []string
	}{
		{"portkey", []string{"apply", "-auto-approve", "-input=false", "-no-color"}},
		{"floor", []string{"init", "-input=false", "-no-color"}},
		{"floor", []string{"apply", "-auto-approve", "-input=false", "-no-color"}},
	} {
		run, err := terraform(filepath.Join(dir, step.dir), env, step.args...)
		if err != nil {
			return nil, fmt.Errorf("terraform %s in %s: %w", step.args[0], step.dir, err)
		}
		if run.code != 0 {
			return nil, fmt.Errorf("terraform %s in %s exited with %d:\n%s", step.args[0], step.dir, run.code, tail(run.out))
		}
	}
	if b.o.latency > 0 {
		if err := mock.hook("POST", "/__mock/faults", fmt.Sprintf(`{"latency": %q, "times": -1}`, b.o.latency)); err != nil {
			return nil, err
		}
	}

	floor := &row{Mode: "terraform_data"}
	modes := []*row{{Mode: "bulk_reads=off", bulk: "off"}, {Mode: "bulk_reads=auto", bulk: "auto"}}
	for i := range b.o.runs {
		run, err := terraform(filepath.Join(dir, "floor"), env, "plan", "-input=false", "-no-color", "-lock=false", "-detailed-exitcode")
		if err != nil {
			return nil, fmt.Errorf("floor plan: %w", err)
		}
		if run.code != 0 {
			return nil, fmt.Errorf("floor plan exited with %d (0 = no changes expected):\n%s", run.code, tail(run.out))
		}
		floor.walls = append(floor.walls, run.wall)
		floor.cliCPUs = append(floor.cliCPUs, run.cpu)
		for _, r := range modes {
			fmt.Fprintf(os.Stderr, "bench-e2e: N=%d: plan %d/%d with %s (latency %s)\n", n, i+1, b.o.runs, r.Mode, b.o.latency)
			if err := b.timePlan(dir, env, mock, r, n); err != nil {
				return nil, err
			}
		}
	}
	floor.finish(m.total(), nil)
	res.Rows = append(res.Rows, *floor)
	for _, r := range modes {
		r.finish(m.total(), floor)
		res.Rows = append(res.Rows, *r)
	}
	if b.o.profile {
		for _, r := range modes {
			res.Profiles = append(res.Profiles, profileTop(r.profileDir, r.Mode, n))
		}
	}
	return res, nil
}

// timePlan runs one `terraform plan` of the Portkey configuration in mode r
// and adds its numbers to r.
func (b *bench) timePlan(dir string, env []string, mock *mockProcess, r *row, n int) error {
	if err := mock.hook("DELETE", "/__mock/requests", ""); err != nil {
		return err
	}
	usageDir := filepath.Join(dir, "usage")
	if _, err := readUsage(usageDir); err != nil { // drop the records of earlier processes
		return err
	}
	env = append(slices.Clone(env), "PORTKEY_BULK_READS="+r.bulk)
	if b.o.profile {
		r.profileDir = filepath.Join(b.o.out, "profiles", fmt.Sprintf("n%d-%s", n, r.bulk))
		if err := os.MkdirAll(r.profileDir, 0o750); err != nil {
			return err
		}
		env = append(env, envProfileDir+"="+r.profileDir)
	}
	run, err := terraform(filepath.Join(dir, "portkey"), env, "plan", "-input=false", "-no-color", "-lock=false", "-detailed-exitcode")
	if err != nil {
		return fmt.Errorf("plan with %s: %w", r.Mode, err)
	}
	if run.code != 0 {
		return fmt.Errorf("plan with %s exited with %d (0 = no changes expected, 2 = changes):\n%s", r.Mode, run.code, tail(run.out))
	}
	counts := map[string]int{}
	if err := mock.getJSON("/__mock/counts", &counts); err != nil {
		return err
	}
	usages, err := readUsage(usageDir)
	if err != nil {
		return err
	}
	r.add(run.wall, counts, usages)
	r.cliCPUs = append(r.cliCPUs, run.cpu)
	return nil
}

// writeConfigs writes the mock's seed (seed.json, with the admin key
// bench-admin-key) and the configurations portkey/main.tf and floor/main.tf.
func writeConfigs(dir string, m mix) error {
	for _, d := range []string{"portkey", "floor"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o750); err != nil {
			return err
		}
	}
	files := map[string]string{filepath.Join(dir, "seed.json"): m.seedJSON(adminKey),
		filepath.Join(dir, "portkey", "main.tf"): m.portkeyConfig(), filepath.Join(dir, "floor", "main.tf"): floorConfig(m.total())}
	for p, content := range files {
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			return err
		}
	}
	return nil
}

func (b *bench) env(baseURL, usageDir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(k, "TF_") && !strings.HasPrefix(k, "PORTKEY_") {
			env = append(env, kv)
		}
	}
	return append(env, "TF_CLI_CONFIG_FILE="+b.rc, "TF_IN_AUTOMATION=1",
		"PORTKEY_API_KEY="+adminKey, "PORTKEY_BASE_URL="+baseURL,
		envRealProvider+"="+filepath.Join(b.work, "real", providerName), envUsageDir+"="+usageDir)
}

// cliRun is one run of the Terraform CLI.
type cliRun struct {
	out  []byte
	code int
	wall time.Duration
	// cpu is the CPU time of the terraform process and of the children it
	// waited for (the provider processes, through their wrapper).
	cpu time.Duration
}

// terraform runs the CLI in dir.
func terraform(dir string, env []string, args ...string) (cliRun, error) {
	cmd := exec.Command("terraform", args...) //nolint:noctx // runs to completion
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	r := cliRun{out: out.Bytes(), wall: time.Since(start)}
	if cmd.ProcessState != nil {
		r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		r.code = exitErr.ExitCode()
		return r, nil
	}
	return r, err
}

func terraformVersion() string {
	out, err := exec.Command("terraform", "version").Output() //nolint:noctx // runs to completion
	if err != nil {
		return "unknown"
	}
	first, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(first)
}

type mockProcess struct {
	cmd     *exec.Cmd
	baseURL string // …/v1
	hooks   string // the server's root, for /__mock/
}

func (b *bench) startMock(seed, logPath string) (*mockProcess, error) {
	logFile, err := os.Create(logPath) //nolint:gosec // our working folder
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(filepath.Join(b.work, "portkey-mock"), "-addr", "127.0.0.1:0", "-seed", seed) //nolint:gosec,noctx // our build; stopped by stop()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = logFile
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line := make(chan string, 1)
	go func() {
		r := bufio.NewReader(stdout)
		l, _ := r.ReadString('\n')
		line <- l
		_, _ = io.Copy(io.Discard, r)
	}()
	m := &mockProcess{cmd: cmd}
	select {
	case l := <-line:
		url, ok := strings.CutPrefix(strings.TrimSpace(l), "PORTKEY_BASE_URL=")
		if !ok {
			m.stop()
			return nil, fmt.Errorf("the mock did not report its address (see %s)", logPath)
		}
		m.baseURL, m.hooks = url, strings.TrimSuffix(url, "/v1")
	case <-time.After(30 * time.Second):
		m.stop()
		return nil, fmt.Errorf("the mock did not start within 30s (see %s)", logPath)
	}
	return m, nil
}

func (m *mockProcess) stop() {
	_ = m.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = m.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = m.cmd.Process.Kill()
	}
}

func (m *mockProcess) hook(method, path, body string) error {
	req, err := http.NewRequestWithContext(context.Background(), method, m.hooks+path, strings.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, msg)
	}
	return nil
}

func (m *mockProcess) getJSON(path string, v any) error {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, m.hooks+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run from inside the repository (no go.mod found above the working directory)")
		}
		dir = parent
	}
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from) //nolint:gosec // this program's own binary
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o700) //nolint:gosec // an executable
}

// loadAverage is the 1-, 5- and 15-minute load average (Linux), or nil.
func loadAverage() []string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return nil
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return nil
	}
	return f[:3]
}

// tail is the end of a command's output, for error messages.
func tail(out []byte) string {
	const keep = 4000
	if len(out) > keep {
		out = out[len(out)-keep:]
	}
	return string(out)
}
