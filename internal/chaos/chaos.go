// Package chaos drives the soak test of `make chaos`: the real Terraform CLI
// and provider binary against the mock Admin API in its seeded random fault
// mode (mockserver.Chaos). One run applies a generated configuration,
// updates every resource, and destroys them, counting the applies each phase
// needed and checking, after each, the mock's objects against Terraform's
// state: duplicates, orphans, secrets left null, and whether the next plan is
// empty.
package chaos

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Options configure one run.
type Options struct {
	Terraform   string // the terraform binary
	ProviderDir string // the directory holding terraform-provider-portkey
	BaseURL     string // the mock's Admin API URL (…/v1)
	APIKey      string // an admin key the mock accepts
	WorkDir     string // an empty directory for the configuration and state

	Shape Shape
	Seed  int64
	// Rate is the share of requests the mock fails; PostCommitThenFail the
	// share of failing POSTs that commit first (mockserver.Chaos).
	Rate, PostCommitThenFail float64
	// RetryAfter is the Retry-After of the mock's 503 and 429 answers, in
	// seconds; MaxLatency bounds its delays.
	RetryAfter int
	MaxLatency time.Duration

	// Provider settings in the generated configuration: max_retries, and
	// read_after_write_timeout ("" leaves the provider's default).
	MaxRetries    int
	SettleTimeout string

	// MaxRuns bounds the applies (and destroys) of a phase.
	MaxRuns int
	// Log receives progress lines (nil: none).
	Log io.Writer
}

// Phase is the outcome of one phase: an apply (or destroy) repeated until it
// succeeded, then the checks.
type Phase struct {
	Name      string
	Runs      int  // applies or destroys made
	Succeeded bool // the last one succeeded
	Errors    []string
	// PlanEmpty: the plan after the phase had no changes (destroy: not
	// planned); PlanRuns counts the plans made to get one that succeeded.
	PlanEmpty                        bool
	PlanRuns                         int
	Duplicates, Orphans, NullSecrets int
	Findings                         []string // what the counts are made of
	Duration                         time.Duration
}

// Result is one run.
type Result struct {
	Phases   []Phase
	Requests int            // requests the chaos mode drew for
	Injected map[string]int // faults by kind
	Duration time.Duration
}

// OK reports whether the run met the targets at its rate: every
// phase in at most maxRuns, no duplicate, orphan or null secret, and empty
// plans.
func (r Result) OK(maxRuns int) bool {
	for _, p := range r.Phases {
		if !p.Succeeded || p.Runs > maxRuns || p.Duplicates+p.Orphans+p.NullSecrets > 0 || (p.Name != "destroy" && !p.PlanEmpty) {
			return false
		}
	}
	return len(r.Phases) == 3
}

// Run makes one run against a fresh mock.
func Run(ctx context.Context, o Options) (Result, error) {
	start := time.Now()
	if o.MaxRuns <= 0 {
		o.MaxRuns = 5
	}
	m := mock{root: strings.TrimSuffix(o.BaseURL, "/v1")}
	users := make([]map[string]any, o.Shape.Users)
	for i := range users {
		users[i] = map[string]any{"id": userID(i), "email": userEmail(i), "first_name": "Chaos", "last_name": fmt.Sprint(i), "role": "member"}
	}
	if err := m.call(ctx, "POST", "/__mock/seed", map[string]any{"users": users}, nil); err != nil {
		return Result{}, fmt.Errorf("seeding users: %w", err)
	}
	tf, err := newTerraform(o)
	if err != nil {
		return Result{}, err
	}
	chaosOn := func() error {
		return m.call(ctx, "PUT", "/__mock/chaos", map[string]any{
			"seed": o.Seed, "rate": o.Rate, "post_commit_then_fail": o.PostCommitThenFail,
			"retry_after": o.RetryAfter, "max_latency": o.MaxLatency.String(),
		}, nil)
	}
	if err := chaosOn(); err != nil {
		return Result{}, fmt.Errorf("switching chaos on: %w", err)
	}

	var res Result
	for _, step := range []struct {
		name string
		gen  Generation
	}{{"create", 1}, {"update", 2}, {"destroy", 0}} {
		p := Phase{Name: step.name}
		phaseStart := time.Now()
		o.logf("seed %d, rate %.2f: %s", o.Seed, o.Rate, step.name)
		if step.gen > 0 {
			if err := tf.write(Config(o.Shape, step.gen, tf.providerBlock())); err != nil {
				return res, err
			}
		}
		args := []string{"apply", "-auto-approve", "-input=false", "-no-color"}
		if step.name == "destroy" {
			args = []string{"destroy", "-auto-approve", "-input=false", "-no-color"}
		}
		for p.Runs < o.MaxRuns && !p.Succeeded {
			p.Runs++
			out, code, err := tf.run(ctx, args...)
			if err != nil {
				return res, err
			}
			p.Succeeded = code == 0
			if !p.Succeeded {
				p.Errors = append(p.Errors, errorSummaries(out)...)
				o.logf("  %s %d failed: %s", args[0], p.Runs, strings.Join(errorSummaries(out), "; "))
				for _, block := range errorBlocks(out) {
					o.logf("%s", block)
				}
			}
		}
		if step.name != "destroy" {
			for p.PlanRuns < o.MaxRuns {
				p.PlanRuns++
				out, code, err := tf.run(ctx, "plan", "-detailed-exitcode", "-input=false", "-no-color")
				if err != nil {
					return res, err
				}
				if code == 1 {
					o.logf("  plan %d failed: %s", p.PlanRuns, strings.Join(errorSummaries(out), "; "))
					continue
				}
				p.PlanEmpty = code == 0
				if !p.PlanEmpty {
					p.Findings = append(p.Findings, "plan not empty: "+planSummary(out))
				}
				break
			}
		}
		// The checks read the mock as it is, without faults.
		if err := m.call(ctx, "POST", "/__mock/chaos/pause", nil, nil); err != nil {
			return res, err
		}
		state, err := tf.state(ctx)
		if err != nil {
			return res, err
		}
		if err := check(ctx, m, state, &p, step.name == "destroy"); err != nil {
			return res, err
		}
		if err := m.call(ctx, "POST", "/__mock/chaos/resume", nil, nil); err != nil {
			return res, err
		}
		p.Duration = time.Since(phaseStart)
		plan := fmt.Sprintf(", plan empty %v", p.PlanEmpty)
		if step.name == "destroy" {
			plan = ""
		}
		o.logf("  %s: %d run(s), ok %v%s, duplicates %d, orphans %d, null secrets %d (%s)",
			step.name, p.Runs, p.Succeeded, plan, p.Duplicates, p.Orphans, p.NullSecrets, p.Duration.Round(time.Second))
		for _, f := range p.Findings {
			o.logf("    %s", f)
		}
		res.Phases = append(res.Phases, p)
	}
	var stats struct {
		Requests int            `json:"requests"`
		Injected map[string]int `json:"injected"`
	}
	if err := m.call(ctx, "GET", "/__mock/chaos", nil, &stats); err != nil {
		return res, err
	}
	res.Requests, res.Injected, res.Duration = stats.Requests, stats.Injected, time.Since(start)
	return res, nil
}

func (o Options) logf(format string, a ...any) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, format+"\n", a...)
	}
}

// check compares the mock's objects with Terraform's state.
func check(ctx context.Context, m mock, state []stateResource, p *Phase, destroyed bool) error {
	inState := map[string]bool{}
	for _, r := range state {
		inState[r.Type+" "+r.ID] = true
		switch {
		case r.Type == "portkey_api_key" && r.Values["key"] == nil:
			p.NullSecrets++
			p.Findings = append(p.Findings, fmt.Sprintf("%s (%s): key is null", r.Address, r.ID))
		case r.Type == "portkey_user_invite" && r.Values["invite_link"] == nil && r.Values["status"] == "pending":
			p.NullSecrets++
			p.Findings = append(p.Findings, fmt.Sprintf("%s (%s): invite_link is null", r.Address, r.ID))
		}
	}
	kinds := []struct{ kind, typ, key string }{
		{"workspaces", "portkey_workspace", "name"},
		{"api-keys", "portkey_api_key", "name"},
		{"invites", "portkey_user_invite", "email"},
		{"members", "portkey_workspace_member", ""},
	}
	workspaces := map[string]bool{} // ids of the run's workspaces
	for _, k := range kinds {
		var objs []map[string]any
		if err := m.call(ctx, "GET", "/__mock/objects/"+k.kind, nil, &objs); err != nil {
			return err
		}
		byKey := map[string][]string{}
		for _, o := range objs {
			id, _ := o["id"].(string)
			natural, _ := o[k.key].(string)
			if k.kind == "members" {
				ws, _ := o["workspace_id"].(string)
				if !workspaces[ws] {
					continue
				}
				user, _ := o["user_id"].(string)
				id = ws + "/" + user
				natural = id
			} else if !strings.Contains(natural, "chaos-") || strings.HasPrefix(natural, "chaos-user-") {
				continue
			}
			if k.kind == "workspaces" {
				workspaces[id] = true
			}
			byKey[natural] = append(byKey[natural], id)
			if !inState[k.typ+" "+id] {
				p.Orphans++
				p.Findings = append(p.Findings, fmt.Sprintf("orphan %s %s (%s)", k.kind, id, natural))
			}
		}
		names := make([]string, 0, len(byKey))
		for n := range byKey {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			if ids := byKey[n]; len(ids) > 1 {
				p.Duplicates += len(ids) - 1
				p.Findings = append(p.Findings, fmt.Sprintf("%d %s named %q: %v", len(ids), k.kind, n, ids))
			}
		}
	}
	if destroyed && len(state) > 0 {
		p.Findings = append(p.Findings, fmt.Sprintf("%d resources still in state after destroy", len(state)))
	}
	return nil
}

var errorLine = regexp.MustCompile(`(?m)^(?:│ )?Error: (.*)$`)

// errorSummaries are the "Error:" titles of a Terraform output, counted.
func errorSummaries(out string) []string {
	counts := map[string]int{}
	var order []string
	for _, m := range errorLine.FindAllStringSubmatch(out, -1) {
		if counts[m[1]] == 0 {
			order = append(order, m[1])
		}
		counts[m[1]]++
	}
	sums := make([]string, len(order))
	for i, s := range order {
		sums[i] = fmt.Sprintf("%s ×%d", s, counts[s])
	}
	return sums
}

// errorBlocks are the error diagnostics of Terraform's output, whole (title,
// address and detail), each indented for the log.
func errorBlocks(out string) []string {
	var blocks []string
	var cur []string
	for _, line := range strings.Split(out, "\n") {
		text, boxed := strings.CutPrefix(line, "│")
		switch {
		case boxed && (cur != nil || strings.HasPrefix(strings.TrimSpace(text), "Error: ")):
			cur = append(cur, "    |"+text)
		case cur != nil:
			blocks = append(blocks, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	if cur != nil {
		blocks = append(blocks, strings.Join(cur, "\n"))
	}
	return blocks
}

var planLine = regexp.MustCompile(`(?m)^Plan: .*$`)

func planSummary(out string) string {
	if m := planLine.FindString(out); m != "" {
		return m
	}
	return "(no summary)"
}

// mock calls the mock's hooks.
type mock struct{ root string }

func (m mock) call(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, m.root+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, raw)
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// terraform runs the CLI in one working directory.
type terraform struct {
	o   Options
	env []string
}

func newTerraform(o Options) (*terraform, error) {
	rc := filepath.Join(o.WorkDir, "terraformrc")
	rcBody := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/seed-4a8a86ef/portkey", o.ProviderDir)
	if err := os.WriteFile(rc, []byte(rcBody), 0o600); err != nil {
		return nil, err
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"PORTKEY_API_KEY="+o.APIKey, "PORTKEY_BASE_URL="+o.BaseURL)
	return &terraform{o: o, env: env}, nil
}

func (t *terraform) providerBlock() string {
	var b strings.Builder
	b.WriteString("terraform {\n  required_providers {\n    portkey = {\n      source = \"seed-4a8a86ef/portkey\"\n    }\n  }\n}\n\n")
	b.WriteString("provider \"portkey\" {\n")
	fmt.Fprintf(&b, "  max_retries = %d\n", t.o.MaxRetries)
	if t.o.SettleTimeout != "" {
		fmt.Fprintf(&b, "  read_after_write_timeout = %q\n", t.o.SettleTimeout)
	}
	b.WriteString("}\n")
	return b.String()
}

func (t *terraform) write(config string) error {
	return os.WriteFile(filepath.Join(t.o.WorkDir, "main.tf"), []byte(config), 0o600)
}

// run runs terraform and returns its output and exit code; err is a failure
// to run it at all.
func (t *terraform) run(ctx context.Context, args ...string) (string, int, error) {
	cmd := exec.CommandContext(ctx, t.o.Terraform, args...) //nolint:gosec // the operator names the binary
	cmd.Dir = t.o.WorkDir
	cmd.Env = t.env
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0, nil
	case errors.As(err, &exitErr) && ctx.Err() == nil:
		return string(out), exitErr.ExitCode(), nil
	}
	return string(out), -1, fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, out)
}

// stateResource is one managed resource of `terraform show -json`.
type stateResource struct {
	Address, Type, ID string
	Values            map[string]any
}

func (t *terraform) state(ctx context.Context) ([]stateResource, error) {
	out, code, err := t.run(ctx, "show", "-json")
	if err != nil || code != 0 {
		return nil, fmt.Errorf("terraform show -json: exit %d: %w\n%s", code, err, out)
	}
	// dev_overrides warnings may precede the JSON.
	if i := strings.Index(out, "{"); i > 0 {
		out = out[i:]
	}
	var doc struct {
		Values *struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Mode    string         `json:"mode"`
					Type    string         `json:"type"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		return nil, fmt.Errorf("terraform show -json: %w", err)
	}
	var res []stateResource
	if doc.Values == nil {
		return res, nil
	}
	for _, r := range doc.Values.RootModule.Resources {
		if r.Mode != "managed" {
			continue
		}
		id, _ := r.Values["id"].(string)
		res = append(res, stateResource{Address: r.Address, Type: r.Type, ID: id, Values: r.Values})
	}
	return res, nil
}
