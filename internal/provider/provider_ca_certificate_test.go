package provider

import (
	"encoding/pem"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// newTLSMock serves a test mock over TLS with a certificate of httptest's
// own CA, which no system trusts. It returns the mock's base URL, that CA as
// PEM text, and the path of a file holding it.
func newTLSMock(t *testing.T) (url, caPEM, caFile string) {
	t.Helper()
	srv := mockserver.New(mockserver.Options{APIKeys: []string{testAdminKey}})
	ts := httptest.NewTLSServer(srv)
	t.Cleanup(ts.Close)
	caPEM = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw}))
	caFile = filepath.Join(t.TempDir(), "portkey-ca.pem")
	if err := os.WriteFile(caFile, []byte(caPEM), 0o600); err != nil {
		t.Fatal(err)
	}
	return ts.URL + mockserver.APIPrefix, caPEM, caFile
}

func TestLoadCACertificate(t *testing.T) {
	t.Parallel()
	_, caPEM, caFile := newTLSMock(t)
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.pem")
	if err := os.WriteFile(junk, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		setting   string
		wantPEM   bool
		wantError string
	}{
		"unset":        {"", false, ""},
		"PEM text":     {caPEM, true, ""},
		"file path":    {caFile, true, ""},
		"missing file": {filepath.Join(dir, "nope.pem"), false, `is read as a file path, and the file "` + filepath.Join(dir, "nope.pem") + `" cannot be read: no such file or directory`},
		"bad file":     {junk, false, `the file "` + junk + `" holds no usable CA certificate: no PEM certificate found`},
		"bad PEM text": {"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", false, "the PEM text holds no usable CA certificate: PEM block 1 is not a valid certificate"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var diags diag.Diagnostics
			got := loadCACertificate(tc.setting, &diags)
			if (got != nil) != tc.wantPEM {
				t.Fatalf("PEM returned = %v, want %v (%v)", got != nil, tc.wantPEM, diags)
			}
			if tc.wantError == "" {
				if diags.HasError() {
					t.Fatalf("unexpected diagnostics: %v", diags)
				}
				return
			}
			if diags.ErrorsCount() != 1 || !strings.Contains(diags.Errors()[0].Detail(), tc.wantError) {
				t.Fatalf("diagnostics = %v, want one error with %q", diags, tc.wantError)
			}
		})
	}
}

func TestResolveSettings_caCertificateFromEnv(t *testing.T) {
	t.Parallel()
	_, caPEM, caFile := newTLSMock(t)
	null := providerModel{
		APIKey: types.StringNull(), BaseURL: types.StringNull(), MaxRetries: types.Int64Null(),
		RequestTimeout: types.StringNull(), RequestsPerSecond: types.Float64Null(), CACertificate: types.StringNull(),
	}
	env := func(k string) (string, bool) {
		switch k {
		case envAPIKey:
			return "k", true
		case envCACertificate:
			return caFile, true
		}
		return "", false
	}
	got, diags := resolveSettings(null, env)
	if diags.HasError() || string(got.CACertificate) != caPEM {
		t.Fatalf("from %s: %q, %v", envCACertificate, got.CACertificate, diags)
	}
	cfg := null
	cfg.CACertificate = types.StringValue(caPEM)
	if got, diags = resolveSettings(cfg, env); diags.HasError() || string(got.CACertificate) != strings.TrimSpace(caPEM) {
		t.Fatalf("the block wins: %q, %v", got.CACertificate, diags)
	}
}

func testAccCAConfig(url, caSetting string) string {
	return fmt.Sprintf(`
provider "portkey" {
  api_key         = %[1]q
  base_url        = %[2]q
  request_timeout = "10s"
  max_retries     = 0
%[3]s}

data "portkey_workspaces" "all" {}
`, testAdminKey, url, caSetting)
}

// A control plane whose certificate a private CA issued is reached with that
// CA given as a file path or as PEM text, and refused without it.
func TestAccProvider_caCertificate(t *testing.T) {
	mockOnly(t, "a TLS server with its own CA")
	url, caPEM, caFile := newTLSMock(t)
	listed := []statecheck.StateCheck{statecheck.ExpectKnownValue("data.portkey_workspaces.all",
		tfjsonpath.New("workspaces"), knownvalue.ListSizeExact(1))}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccCAConfig(url, fmt.Sprintf("  ca_certificate  = %q\n", caFile+".missing")),
				ExpectError: wsErrorRE("Unreadable Portkey CA Certificate", "cannot be read"),
			},
			{
				Config:      testAccCAConfig(url, ""),
				ExpectError: wsErrorRE("certificate signed by unknown authority", "set the provider's ca_certificate"),
			},
			{
				Config:            testAccCAConfig(url, fmt.Sprintf("  ca_certificate  = %q\n", caFile)),
				ConfigStateChecks: listed,
			},
			{
				Config:            testAccCAConfig(url, "  ca_certificate  = <<-EOT\n"+caPEM+"  EOT\n"),
				ConfigStateChecks: listed,
			},
		},
	})
}
