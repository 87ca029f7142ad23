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

// providerBlock configures the provider against a test mock.
func providerBlock(baseURL string) string {
	return fmt.Sprintf(`
provider "portkey" {
  api_key         = %[1]q
  base_url        = %[2]q
  request_timeout = "10s"
}
`, testAdminKey, baseURL)
}
