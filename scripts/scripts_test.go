package scripts

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// requireCLI skips without TF_ACC (these tests drive the Terraform CLI, like
// the acceptance tests) and fails without a CLI: the one TF_ACC_TERRAFORM_PATH
// names (terraform-plugin-testing's variable, which the scripts follow too),
// else terraform on PATH.
func requireCLI(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("drives the Terraform CLI: set TF_ACC=1 (make test does) to run it")
	}
	if path := os.Getenv("TF_ACC_TERRAFORM_PATH"); path != "" {
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("TF_ACC_TERRAFORM_PATH names no CLI: %v", err)
		}
		return
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Fatal("terraform is not on PATH: this test needs Terraform >= 1.11 (or TF_ACC_TERRAFORM_PATH naming OpenTofu >= 1.10)")
	}
}

// runScript runs a script of this directory with extra environment and
// returns its combined output and exit code.
func runScript(t *testing.T, script string, env ...string) (string, int) {
	t.Helper()
	cmd := exec.Command("bash", script)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exitErr):
		return string(out), exitErr.ExitCode()
	default:
		t.Fatalf("running %s: %v", script, err)
		return "", -1
	}
}

const demoProvider = `terraform {
  required_providers {
    portkey = {
      source = "seed-4a8a86ef/portkey"
    }
  }
}

provider "portkey" {}
`

// TestDemo_namesTheFailedStep breaks scripts/demo.sh on purpose, one step at
// a time (through DEMO_DIR, the configuration and seed it applies), and
// requires its last line to name the step that failed, after the failing
// command's own output.
func TestDemo_namesTheFailedStep(t *testing.T) {
	requireCLI(t)
	cases := []struct {
		name   string
		files  map[string]string
		output string // what the failing command printed
		last   *regexp.Regexp
	}{
		{
			name: "the mock does not start",
			files: map[string]string{
				"main.tf":   demoProvider,
				"seed.json": `{"users": [`,
			},
			output: "portkey-mock:",
			last:   regexp.MustCompile(`^demo: step 2/6 "Start the mock Admin API" failed: the mock exited \(its errors are above\)$`),
		},
		{
			// The member's user does not exist: plan passes, apply fails.
			name: "apply fails",
			files: map[string]string{"main.tf": demoProvider + `
resource "portkey_workspace" "demo" {
  name = "Demo"
}

resource "portkey_workspace_member" "ghost" {
  workspace_id = portkey_workspace.demo.id
  user_id      = "00000000-0000-4000-8000-000000000000"
  role         = "member"
}
`},
			output: "Error: Unable to Create Workspace Member",
			last:   regexp.MustCompile(`^demo: step 3/6 "(terraform|tofu) apply" failed: (terraform|tofu) apply exited with code 1 \(its output is above\)$`),
		},
		{
			// uuid() is new on every evaluation, so every plan changes the
			// object.
			name: "the plan after apply is not empty",
			files: map[string]string{"main.tf": demoProvider + `
resource "terraform_data" "clock" {
  input = uuid()
}
`},
			output: "terraform_data.clock will be updated in-place",
			last:   regexp.MustCompile(`^demo: step 4/6 "(terraform|tofu) plan \(must report no changes\)" failed: the plan after apply is not empty: it would make the changes above$`),
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			out, code := runScript(t, "demo.sh", "DEMO_DIR="+dir)
			if code == 0 {
				t.Fatalf("the broken demo exited 0:\n%s", out)
			}
			lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
			if last := lines[len(lines)-1]; !tc.last.MatchString(last) {
				t.Errorf("the demo's last line does not name the failed step:\n got: %s\nwant: %s\nfull output:\n%s", last, tc.last, out)
			}
			if !strings.Contains(out, tc.output) {
				t.Errorf("the demo does not show the failing command's output (%q):\n%s", tc.output, out)
			}
			if n := strings.Count(out, "demo: step "); n != 1 {
				t.Errorf("the demo reported %d failures, want exactly one:\n%s", n, out)
			}
		})
	}
}

// TestReadmeLocalBuild runs README.md's "Use a local build" section word for
// word (see scripts/readme-local-build.sh): make install, the ~/.terraformrc
// it writes, make mock in the background, then plan, apply, an empty plan and
// destroy of a copied scenario against that mock.
func TestReadmeLocalBuild(t *testing.T) {
	requireCLI(t)
	out, code := runScript(t, "readme-local-build.sh")
	if code != 0 {
		t.Fatalf("README.md's \"Use a local build\" section does not work as written (exit %d):\n%s", code, out)
	}
	if !strings.Contains(out, `README.md's "Use a local build" section works as written`) {
		t.Fatalf("the walkthrough did not reach its end:\n%s", out)
	}
}

var (
	phonyRE = regexp.MustCompile(`^\.PHONY\s*:(.*)$`)
	ruleRE  = regexp.MustCompile(`^([A-Za-z0-9_.-]+)\s*:([^=].*)?$`)
)

// TestMakefile_everyTargetDoesSomething reads the GNUmakefile: every target
// declared .PHONY needs a rule with a recipe or prerequisites (a phony target
// without one "succeeds" silently doing nothing), and make must fail on a
// target it does not know.
func TestMakefile_everyTargetDoesSomething(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "GNUmakefile"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var phony []string
	acts := map[string]bool{} // target -> has a recipe or prerequisites
	var current string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if m := phonyRE.FindStringSubmatch(line); m != nil {
			phony = append(phony, strings.Fields(m[1])...)
			current = ""
			continue
		}
		if strings.HasPrefix(line, "\t") {
			if current != "" && strings.TrimSpace(line) != "" {
				acts[current] = true
			}
			continue
		}
		current = ""
		if m := ruleRE.FindStringSubmatch(line); m != nil {
			current = m[1]
			prereqs, _, _ := strings.Cut(m[2], "##")
			if _, seen := acts[current]; !seen || strings.TrimSpace(prereqs) != "" {
				acts[current] = strings.TrimSpace(prereqs) != ""
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(phony) == 0 {
		t.Fatal("the GNUmakefile declares no .PHONY targets")
	}
	for _, target := range phony {
		does, ok := acts[target]
		switch {
		case !ok:
			t.Errorf("make %s: declared .PHONY but has no rule, so it silently does nothing: give it a rule or remove it", target)
		case !does:
			t.Errorf("make %s: its rule has neither a recipe nor prerequisites, so it silently does nothing", target)
		}
	}

	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not on PATH: cannot check that an unknown target fails")
	}
	cmd := exec.Command("make", "-C", "..", "no-such-target")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Errorf("make no-such-target exited 0; it must fail:\n%s", out)
	} else if !strings.Contains(string(out), "No rule to make target") {
		t.Errorf("make no-such-target failed without saying why:\n%s", out)
	}
}
