//go:build linux || darwin

package main

import (
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
)

// report is the JSON document: one result per size.
type report struct {
	Started   string    `json:"started"`
	Terraform string    `json:"terraform"`
	Latency   string    `json:"latency"`
	Runs      int       `json:"runs"`
	Results   []*result `json:"results"`
}

// result is one size: the mix, the load average when it started, and a row
// per mode.
type result struct {
	N           int       `json:"n"`
	Mix         mix       `json:"mix"`
	LoadAverage []string  `json:"load_average"`
	Rows        []row     `json:"rows"`
	Profiles    []profile `json:"profiles,omitempty"`
}

// row is one mode's numbers: medians over the runs, except RSS (the peak).
type row struct {
	Mode                 string         `json:"mode"`
	WallSeconds          float64        `json:"plan_wall_seconds"`
	FloorRatio           float64        `json:"wall_vs_floor,omitempty"`
	Requests             int            `json:"requests,omitempty"`
	RequestsPerResource  float64        `json:"requests_per_resource,omitempty"`
	Routes               map[string]int `json:"requests_by_route,omitempty"`
	ProviderProcesses    int            `json:"provider_processes,omitempty"`
	CPUSeconds           float64        `json:"provider_cpu_seconds,omitempty"`
	CPUMillisPerResource float64        `json:"provider_cpu_ms_per_resource,omitempty"`
	PeakRSSMiB           float64        `json:"provider_peak_rss_mib,omitempty"`
	// CLICPUSeconds is the terraform process's own CPU time: its total (with
	// the provider processes it waited for) less the providers'.
	CLICPUSeconds float64   `json:"terraform_cpu_seconds"`
	WallRuns      []float64 `json:"plan_wall_seconds_per_run"`
	Processes     [][]usage `json:"provider_processes_per_run,omitempty"`

	bulk       string
	profileDir string
	walls      []time.Duration
	cliCPUs    []time.Duration
	requests   []int
	cpus       []time.Duration
	procs      []int
	routes     map[string]int
	rssKiB     int64
}

// add records one plan: its wall time, the mock's counts, the provider
// processes' usage.
func (r *row) add(wall time.Duration, counts map[string]int, usages []usage) {
	r.walls = append(r.walls, wall)
	total := 0
	for _, c := range counts {
		total += c
	}
	r.requests = append(r.requests, total)
	r.routes = counts
	var cpu time.Duration
	for _, u := range usages {
		cpu += u.cpu()
		r.rssKiB = max(r.rssKiB, u.MaxRSSKiB)
	}
	r.cpus = append(r.cpus, cpu)
	r.procs = append(r.procs, len(usages))
	r.Processes = append(r.Processes, usages)
}

// finish computes the medians; floor, when given, is the terraform_data row.
func (r *row) finish(n int, floor *row) {
	for _, w := range r.walls {
		r.WallRuns = append(r.WallRuns, round(w.Seconds(), 2))
	}
	r.WallSeconds = round(median(r.walls).Seconds(), 2)
	var own []time.Duration
	for i, c := range r.cliCPUs {
		if i < len(r.cpus) {
			c -= r.cpus[i]
		}
		own = append(own, c)
	}
	r.CLICPUSeconds = round(median(own).Seconds(), 2)
	if floor != nil && floor.WallSeconds > 0 {
		r.FloorRatio = round(median(r.walls).Seconds()/median(floor.walls).Seconds(), 2)
	}
	if len(r.requests) == 0 {
		return
	}
	r.Requests = medianInt(r.requests)
	r.RequestsPerResource = round(float64(r.Requests)/float64(n), 3)
	r.Routes = r.routes
	r.ProviderProcesses = medianInt(r.procs)
	cpu := median(r.cpus)
	r.CPUSeconds = round(cpu.Seconds(), 2)
	r.CPUMillisPerResource = round(float64(cpu.Microseconds())/1000/float64(n), 2)
	r.PeakRSSMiB = round(float64(r.rssKiB)/1024, 1)
}

func (res *result) print(w io.Writer, latency string, runs int) {
	load := "n/a"
	if len(res.LoadAverage) > 0 {
		load = strings.Join(res.LoadAverage, " ")
	}
	fmt.Fprintf(w, "\nN=%d managed resources (%d workspaces, %d members, %d users, %d invites, %d+%d+%d API keys), "+
		"latency %s, median of %d run(s), load average at start %s\n",
		res.N, res.Mix.Workspaces, res.Mix.Members, res.Mix.Users, res.Mix.Invites, res.Mix.OrgKeys, res.Mix.WsKeys, res.Mix.UserKeys,
		latency, runs, load)
	fmt.Fprintf(w, "%-16s %10s %9s %9s %12s %13s %13s %9s %6s %14s\n",
		"mode", "plan wall", "vs floor", "requests", "req/resource", "provider CPU", "CPU/resource", "peak RSS", "procs", "terraform CPU")
	for _, r := range res.Rows {
		if r.Requests == 0 && r.ProviderProcesses == 0 {
			fmt.Fprintf(w, "%-16s %9.2fs %9s %9s %12s %13s %13s %9s %6s %13.2fs\n", r.Mode, r.WallSeconds, "1.00", "-", "-", "-", "-", "-", "-", r.CLICPUSeconds)
			continue
		}
		fmt.Fprintf(w, "%-16s %9.2fs %8.2fx %9d %12.3f %12.2fs %11.2fms %7.1fMB %6d %13.2fs\n", r.Mode, r.WallSeconds, r.FloorRatio,
			r.Requests, r.RequestsPerResource, r.CPUSeconds, r.CPUMillisPerResource, r.PeakRSSMiB, r.ProviderProcesses, r.CLICPUSeconds)
	}
	for _, p := range res.Profiles {
		fmt.Fprintf(w, "\nCPU profile, %s (%s):\n%s", p.Mode, p.Files, p.Top)
	}
}

// profile is the top of the merged CPU profiles of one mode's provider
// processes.
type profile struct {
	Mode  string `json:"mode"`
	Files string `json:"files"`
	Top   string `json:"top"`
}

func profileTop(dir, mode string, n int) profile {
	p := profile{Mode: fmt.Sprintf("N=%d %s", n, mode), Files: filepath.Join(dir, "cpu-*.pprof")}
	files, _ := filepath.Glob(p.Files)
	if len(files) == 0 {
		p.Top = "(no profiles were written)\n"
		return p
	}
	args := append([]string{"tool", "pprof", "-top", "-nodecount=30"}, files...)
	out, err := exec.Command("go", args...).CombinedOutput() //nolint:gosec,noctx // our own files
	if err != nil {
		p.Top = fmt.Sprintf("(go tool pprof failed: %v)\n%s", err, out)
		return p
	}
	p.Top = string(out)
	return p
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func medianInt(xs []int) int {
	s := slices.Clone(xs)
	sort.Ints(s)
	return s[len(s)/2]
}

func round(x float64, places int) float64 {
	p := 1.0
	for range places {
		p *= 10
	}
	return float64(int64(x*p+0.5)) / p
}
