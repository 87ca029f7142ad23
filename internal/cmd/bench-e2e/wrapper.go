//go:build linux || darwin

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"
)

// The wrapper: installed in the dev_overrides folder under the provider's
// name, this program stands in for the provider. Terraform starts it as it
// would the provider; it runs the real provider binary as its child with the
// same arguments, standard streams and environment, and when the child exits
// records the child's CPU time and peak RSS in a file of the usage folder.
// Environment variables set by the benchmark tell it where things are.
const (
	envRealProvider = "PORTKEY_BENCH_PROVIDER"    // the real provider binary
	envUsageDir     = "PORTKEY_BENCH_USAGE_DIR"   // where usage records go
	envProfileDir   = "PORTKEY_BENCH_PROFILE_DIR" // when set, each process writes a CPU profile there
	providerName    = "terraform-provider-portkey"
)

// usage is one provider process's resource usage.
type usage struct {
	PID       int           `json:"pid"`
	User      time.Duration `json:"user_ns"`
	System    time.Duration `json:"system_ns"`
	MaxRSSKiB int64         `json:"max_rss_kib"`
	Wall      time.Duration `json:"wall_ns"`
}

func (u usage) cpu() time.Duration { return u.User + u.System }

func runWrapper() int {
	provider := os.Getenv(envRealProvider)
	dir := os.Getenv(envUsageDir)
	if provider == "" || dir == "" {
		fmt.Fprintf(os.Stderr, "bench-e2e wrapper: %s and %s must be set\n", envRealProvider, envUsageDir)
		return 1
	}
	args := os.Args[1:]
	if pd := os.Getenv(envProfileDir); pd != "" {
		args = append([]string{
			"-cpuprofile", filepath.Join(pd, fmt.Sprintf("cpu-%d.pprof", os.Getpid())),
			"-memprofile", filepath.Join(pd, fmt.Sprintf("heap-%d.pprof", os.Getpid())),
		}, args...)
	}
	cmd := exec.Command(provider, args...) //nolint:gosec,noctx // the benchmark names the binary; the child ends when Terraform ends it
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "bench-e2e wrapper: %v\n", err)
		return 1
	}
	go func() {
		for s := range signals {
			_ = cmd.Process.Signal(s)
		}
	}()
	err := cmd.Wait()
	wall := time.Since(start)
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		fmt.Fprintf(os.Stderr, "bench-e2e wrapper: %v\n", err)
		return 1
	}
	u := usage{PID: cmd.Process.Pid, User: cmd.ProcessState.UserTime(), System: cmd.ProcessState.SystemTime(), Wall: wall}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		u.MaxRSSKiB = ru.Maxrss
		if runtime.GOOS == "darwin" {
			u.MaxRSSKiB /= 1024 // bytes there, KiB on Linux
		}
	}
	if data, err := json.Marshal(u); err == nil {
		_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.json", u.PID)), data, 0o600) //nolint:gosec // the benchmark names the folder
	}
	return cmd.ProcessState.ExitCode()
}

// readUsage reads and removes every usage record in dir.
func readUsage(dir string) ([]usage, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []usage
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(p) //nolint:gosec // our own folder
		if err != nil {
			return nil, err
		}
		var u usage
		if err := json.Unmarshal(data, &u); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		out = append(out, u)
		if err := os.Remove(p); err != nil {
			return nil, err
		}
	}
	return out, nil
}
