package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// List resources and actions need Terraform >= 1.14, newer than the 1.11 CI
// runs. The end-to-end tests of them skip unless TF_ACC_TERRAFORM_PATH names
// such a CLI, e.g.
//
//	TF_ACC=1 TF_ACC_TERRAFORM_PATH=$HOME/bin/terraform-1.15 go test ./internal/provider -run 'TestAcc(ListResource|Action|Adoption)'
//
// The protocol-level TestListResource_* and TestAction_* tests cover the same
// behaviour without a CLI, always.

const queryCLIHint = "list resources and actions need Terraform >= 1.14: set TF_ACC_TERRAFORM_PATH to such a CLI to run " +
	"this test (the protocol-level TestListResource_* and TestAction_* tests cover them without one)"

// queryCLI skips a terraform-plugin-testing test on a CLI older than 1.14,
// saying how to run it.
type queryCLI struct{}

func (queryCLI) CheckTerraformVersion(ctx context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	tfversion.SkipBelow(tfversion.Version1_14_0).CheckTerraformVersion(ctx, req, resp)
	if resp.Skip != "" {
		resp.Skip += ". " + queryCLIHint + "."
	}
}

// requireQueryCLI returns the Terraform CLI that TF_ACC_TERRAFORM_PATH names
// for the tests that drive it directly, skipping without TF_ACC, without the
// variable, or when that CLI is older than 1.14.
func requireQueryCLI(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does) and " + queryCLIHint)
	}
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		t.Skip("TF_ACC_TERRAFORM_PATH is not set: " + queryCLIHint)
	}
	out, err := exec.Command(path, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", path, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v", path, err)
	}
	var major, minor int
	if _, err := fmt.Sscanf(v.Version, "%d.%d", &major, &minor); err != nil {
		t.Fatalf("%s reports version %q: %v", path, v.Version, err)
	}
	if major < 1 || (major == 1 && minor < 14) {
		t.Skipf("TF_ACC_TERRAFORM_PATH names Terraform %s: %s", v.Version, queryCLIHint)
	}
	return path
}
