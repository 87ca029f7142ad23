package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// testAdminKey is the admin key every test mock accepts.
const testAdminKey = "pk-test-admin-3f9c2a7d1b"

// testAccProtoV6ProviderFactories serves the provider in process.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"portkey": providerserver.NewProtocol6WithError(New("test")()),
}

// providerBlock configures the provider against a test mock. The settle
// timeout (read_after_write_timeout) is a few seconds: longer than the lag the
// lag tests give the mock, short enough that the paths that wait it out (an
// ambiguous create that created nothing, an import of nothing) stay quick.
func providerBlock(baseURL string) string {
	return fmt.Sprintf(`
provider "portkey" {
  api_key         = %[1]q
  base_url        = %[2]q
  request_timeout = "10s"

  read_after_write_timeout = %[3]q
}
`, testAdminKey, baseURL, testSettleTimeout)
}

// testSettleTimeout is the read_after_write_timeout of providerBlock.
const testSettleTimeout = "3s"
