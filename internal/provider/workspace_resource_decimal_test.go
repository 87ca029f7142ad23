package provider

import (
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// Decimals such as 99.99 have no exact float64: Terraform sends them with
// more precision than the float64 Portkey stores and answers with. The
// read-back after an update must still count as settled at once, and an
// adopted workspace with such limits must still count as matching. (An
// import of such limits: TestAccImportBlocks_noChanges.)

// wsGetsAfterLastPUT counts the GET /admin/workspaces/{id} requests made
// after the last PUT /admin/workspaces/{id}: the update's read-back.
func wsGetsAfterLastPUT(srv *mockserver.Server) (gets int, sawPUT bool) {
	for _, r := range srv.Requests() {
		switch r.Route {
		case "PUT /admin/workspaces/{id}":
			gets, sawPUT = 0, true
		case "GET /admin/workspaces/{id}":
			gets++
		}
	}
	return gets, sawPUT
}

func TestAccWorkspaceResource_decimalLimits(t *testing.T) {
	e := newAccEnv(t)
	name := e.Name("decimal")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: wsFullHCL(e.Provider(), name, "First", 99.99, 60),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(wsAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("usage_limits").AtSliceIndex(0).AtMapKey("credit_limit"),
						knownvalue.Float64Exact(99.99)),
				},
			},
			{
				PreConfig: e.clearRequests,
				Config:    wsFullHCL(e.Provider(), name, "Second", 12.34, 60),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(wsAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("usage_limits").AtSliceIndex(0).AtMapKey("credit_limit"),
						knownvalue.Float64Exact(12.34)),
					e.MockCheck(wsCheck(func() error {
						// One read-back: the first answer already shows the update.
						if gets, sawPUT := wsGetsAfterLastPUT(e.Mock); !sawPUT || gets != 1 {
							return fmt.Errorf("after the PUT (seen: %v) the update read the workspace %d times, want 1: %v",
								sawPUT, gets, e.Mock.Counts())
						}
						return nil
					})),
				},
			},
		},
	})
}

func TestAccWorkspaceResource_ambiguousCreateDecimalLimits(t *testing.T) {
	srv, url := newTestMock(t, "fault injection (a create whose answer is lost)")
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/workspaces", CommitThenFail: true})
			},
			Config: testAccWorkspaceFull(url, "Decimal Once", "Adopted as is", 99.99, 60),
			ConfigStateChecks: []statecheck.StateCheck{
				wsCapture{wsAddr, "id", &id},
				wsOneNamed(srv, "Decimal Once", &id),
				wsCheck(func() error {
					// The adopted workspace is the configured one: nothing to bring in line.
					if n := srv.Count("PUT /admin/workspaces/{id}"); n != 0 {
						return fmt.Errorf("%d PUTs after adopting a workspace identical to the configuration, want 0", n)
					}
					return nil
				}),
			},
		}},
	})
}

// decimalFloat64 yields the very number Terraform parses from a
// configuration (a 512-bit decimal), not the binary float64 near it.
func TestDecimalFloat64(t *testing.T) {
	t.Parallel()
	for _, written := range []string{"99.99", "10.1", "0.3", "1234.5678", "100", "250.5", "1e21"} {
		dec, _, err := big.ParseFloat(written, 10, 512, big.ToNearestEven) // as Terraform parses configuration numbers
		if err != nil {
			t.Fatal(err)
		}
		configured, err := types.Float64Type.ValueFromTerraform(context.Background(), tftypes.NewValue(tftypes.Number, dec))
		if err != nil {
			t.Fatal(err)
		}
		f, _ := dec.Float64() // what the API stores and answers
		if got := decimalFloat64(&f); !got.Equal(configured) {
			t.Errorf("%s: got %s, want the configured %s", written, got, configured)
		}
	}
	if got := decimalFloat64(nil); !got.IsNull() {
		t.Errorf("nil: got %s, want null", got)
	}
}
