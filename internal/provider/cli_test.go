package provider

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Some tests drive the real Terraform CLI directly, with the provider binary
// built from this tree and installed through a dev_overrides CLI
// configuration, as a user trying a local build would: the examples (whose
// for_each addresses terraform-plugin-testing's state shim rejects) and the
// migration from the official provider (which starts from a hand-written
// state file).

// These tests follow terraform-plugin-testing's variables, so one setting
// runs the whole suite with another CLI, such as OpenTofu:
// TF_ACC_TERRAFORM_PATH names the CLI (else terraform on PATH), and
// TF_ACC_PROVIDER_HOST the registry host the CLI resolves the provider's
// source "seed-4a8a86ef/portkey" to (else registry.terraform.io; OpenTofu
// resolves it to registry.opentofu.org).

// requireTerraformCLI skips without TF_ACC and fails without a CLI.
func requireTerraformCLI(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does) to run it with the Terraform CLI")
	}
	if path := os.Getenv("TF_ACC_TERRAFORM_PATH"); path != "" {
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("TF_ACC_TERRAFORM_PATH names no CLI: %v", err)
		}
		return path
	}
	path, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("terraform is not on PATH: this test needs Terraform >= 1.11 (or set TF_ACC_TERRAFORM_PATH to another CLI, such as OpenTofu >= 1.10)")
	}
	return path
}

// providerAddress is the full address the CLI gives a provider source such
// as "seed-4a8a86ef/portkey": the host from TF_ACC_PROVIDER_HOST, else
// registry.terraform.io.
func providerAddress(source string) string {
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	return host + "/" + source
}

// buildProvider builds the provider binary from this tree into dir.
func buildProvider(t *testing.T, dir string) {
	t.Helper()
	out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-portkey"), "../..").CombinedOutput()
	if err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
}

// buildOfficialFake builds the stand-in for the official provider,
// portkey-ai/portkey (internal/testprovider/portkeyai), into dir.
func buildOfficialFake(t *testing.T, dir string) {
	t.Helper()
	out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-portkey"), "../testprovider/portkeyai").CombinedOutput()
	if err != nil {
		t.Fatalf("building the stand-in for the official provider: %v\n%s", err, out)
	}
}

// tfCLI runs terraform in one working directory against one mock.
type tfCLI struct {
	t    *testing.T
	path string
	dir  string
	env  []string
}

// newTFCLI prepares a working directory whose terraform uses the provider
// built into binDir and the mock at baseURL (through PORTKEY_* variables).
func newTFCLI(t *testing.T, terraform, binDir, baseURL string) *tfCLI {
	t.Helper()
	return newTFCLIWith(t, terraform, baseURL, map[string]string{providerAddress("seed-4a8a86ef/portkey"): binDir})
}

// newTFCLIWith is newTFCLI with the dev_overrides given: provider source
// address to the directory of its binary (each in its own directory, since
// both Portkey providers' binaries are named terraform-provider-portkey).
func newTFCLIWith(t *testing.T, terraform, baseURL string, overrides map[string]string) *tfCLI {
	t.Helper()
	rc := filepath.Join(t.TempDir(), "terraformrc")
	var lines []string
	for addr, dir := range overrides {
		lines = append(lines, fmt.Sprintf("    %q = %q\n", addr, dir))
	}
	sort.Strings(lines)
	rcBody := "provider_installation {\n  dev_overrides {\n" + strings.Join(lines, "") + "  }\n  direct {}\n}\n"
	if err := os.WriteFile(rc, []byte(rcBody), 0o600); err != nil {
		t.Fatal(err)
	}
	return &tfCLI{t: t, path: terraform, dir: t.TempDir(), env: append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+rc,
		"TF_IN_AUTOMATION=1",
		"TF_LOG=",
		"CHECKPOINT_DISABLE=1",
		"PORTKEY_API_KEY="+testAdminKey,
		"PORTKEY_BASE_URL="+baseURL,
	)}
}

// write puts a file into the working directory.
func (c *tfCLI) write(name string, data []byte) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.dir, name), data, 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// remove deletes a file from the working directory.
func (c *tfCLI) remove(name string) {
	c.t.Helper()
	if err := os.Remove(filepath.Join(c.dir, name)); err != nil {
		c.t.Fatal(err)
	}
}

// run runs terraform with args and returns its output and exit code.
func (c *tfCLI) run(args ...string) (string, int) {
	c.t.Helper()
	cmd := exec.Command(c.path, args...)
	cmd.Dir = c.dir
	cmd.Env = c.env
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exitErr):
		return string(out), exitErr.ExitCode()
	default:
		c.t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
		return "", -1
	}
}

// mustRun runs terraform and fails the test unless it exits 0.
func (c *tfCLI) mustRun(what string, args ...string) string {
	c.t.Helper()
	out, code := c.run(args...)
	if code != 0 {
		c.t.Fatalf("%s failed (exit %d):\n%s", what, code, out)
	}
	return out
}
