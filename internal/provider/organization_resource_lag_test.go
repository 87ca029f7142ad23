package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// Read-after-write lag (API-NOTES.md 11.1): a GET shortly after a PUT may
// still answer the previous defaults. laggingDefaults serves a mock whose
// next `lag` reads of the organisation defaults after each PUT answer what
// was there before it.
type laggingDefaults struct {
	srv *mockserver.Server
	lag int

	mu        sync.Mutex
	stale     []byte
	remaining int
	served    int // stale answers given
}

func newLaggingOrgMock(t *testing.T, lag int) (*laggingDefaults, string) {
	t.Helper()
	srv, _ := newOrgTestMock(t)
	l := &laggingDefaults{srv: srv, lag: lag}
	ts := httptest.NewServer(l)
	t.Cleanup(ts.Close)
	return l, ts.URL + mockserver.APIPrefix
}

// catchUp ends the stale answers: Portkey's reads show the last write.
func (l *laggingDefaults) catchUp() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.remaining = 0
}

func (l *laggingDefaults) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.TrimPrefix(r.URL.Path, mockserver.APIPrefix) == "/admin/organisation/defaults" {
		l.mu.Lock()
		switch r.Method {
		case http.MethodPut:
			in, out := l.srv.OrganisationDefaults()
			l.stale, _ = json.Marshal(map[string]any{"object": "organisation_defaults", "input_guardrails": in, "output_guardrails": out})
			l.remaining = l.lag
		case http.MethodGet:
			if l.remaining > 0 {
				l.remaining--
				l.served++
				stale := l.stale
				l.mu.Unlock()
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write(stale)
				return
			}
		}
		l.mu.Unlock()
	}
	l.srv.ServeHTTP(w, r)
}

func (l *laggingDefaults) staleServed() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.served
}

// Create and update re-read until the write shows: with two stale reads
// after each PUT, the apply still ends with the fresh answer, which the next
// plan (without a refresh) relies on to know that a guardrail's id and slug
// are the same guardrail.
func TestAccOrganizationResource_readLag(t *testing.T) {
	l, url := newLaggingOrgMock(t, 2)
	byID := testAccOrganization(url, fmt.Sprintf("[%q]", grToxicity.ID), "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             expectDefaultsCleared(l.srv),
		Steps: []resource.TestStep{
			{
				Config: testAccOrganization(url, `["pii-redaction"]`, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					expectSet("input_guardrails", "pii-redaction"),
					expectMockDefaults(l.srv, []string{"pii-redaction"}, nil),
					mockStateCheck(func() error {
						if n, fresh := l.staleServed(), l.srv.Count("GET /admin/organisation/defaults"); n != 2 || fresh != 1 {
							return fmt.Errorf("create read the defaults %d times stale and %d fresh, want 2 and 1", n, fresh)
						}
						return nil
					}),
				},
			},
			{
				Config: testAccOrganization(url, `["toxicity"]`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgResAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectSet("input_guardrails", "toxicity"),
					mockStateCheck(func() error {
						if n := l.staleServed(); n != 4 {
							return fmt.Errorf("%d stale reads, want 4 (two after each PUT)", n)
						}
						return nil
					}),
				},
			},
			{
				// The plan without refresh uses what the update read last: it
				// knows toxicity's id, so the respelled configuration plans nothing.
				Config:   byID,
				PlanOnly: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// A lag longer than the settle timeout: the apply does not fail and does not
// record the stale answer; the state holds what was applied, and the next
// refresh (no longer stale) agrees with it.
func TestAccOrganizationResource_readLagBeyondRereads(t *testing.T) {
	// More stale answers than the settle timeout leaves room for reads
	// (its pauses are at least 100 ms; settle.go).
	l, url := newLaggingOrgMock(t, 1000)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             expectDefaultsCleared(l.srv),
		Steps: []resource.TestStep{{
			Config: testAccOrganization(url, `["pii-redaction", "toxicity"]`, `[]`),
			ConfigStateChecks: []statecheck.StateCheck{
				expectSet("input_guardrails", "pii-redaction", "toxicity"),
				expectSet("output_guardrails"),
				expectMockDefaults(l.srv, []string{"pii-redaction", "toxicity"}, nil),
				mockStateCheck(func() error {
					n, fresh := l.staleServed(), l.srv.Count("GET /admin/organisation/defaults")
					l.catchUp() // Portkey's reads catch up before the next refresh
					if n < 2 || fresh != 0 {
						return fmt.Errorf("create read the defaults %d times stale and %d fresh, want it to re-read stale answers only", n, fresh)
					}
					return nil
				}),
			},
		}},
	})
}

// TestAccOrganizationResources_mockLag runs both organisation resources
// through create, update, replacement, import and destroy on the mock's own
// read-after-write lag, which now covers the organisation's defaults and
// exclusions: after each write the reads show the previous values for
// testLag. Every apply must settle (no inconsistent result) and every plan
// after it be empty.
func TestAccOrganizationResources_mockLag(t *testing.T) {
	f := newExclusionFixture(t)
	if err := f.srv.SetLag(mockserver.LagAllKinds, testLag); err != nil {
		t.Fatal(err)
	}
	config := func(input, output, direction, workspace string) string {
		return testAccOrganization(f.url, input, output) + fmt.Sprintf(`
resource "portkey_organization_guardrail_exclusion" "test" {
  direction    = %[1]q
  workspace_id = %[2]q
}
`, direction, workspace)
	}
	reread := func(route string) mockStateCheck {
		return func() error {
			if n := f.srv.Count(route); n < 2 {
				return fmt.Errorf("%s: %d reads; with the lag on, the settle must have read again", route, n)
			}
			return nil
		}
	}
	first := config(`["pii-redaction"]`, "", "input", f.sandbox)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if err := expectDefaultsCleared(f.srv)(s); err != nil {
				return err
			}
			return expectExclusions(f.srv, "output")()
		},
		Steps: []resource.TestStep{
			{
				Config: first,
				ConfigStateChecks: []statecheck.StateCheck{
					expectSet("input_guardrails", "pii-redaction"),
					expectMockDefaults(f.srv, []string{"pii-redaction"}, nil),
					expectExclusions(f.srv, "input", f.sandbox),
					reread("GET /admin/organisation/defaults"),
					reread("GET /workspace-exclusions/input-guardrails"),
				},
			},
			{
				PreConfig: f.srv.ClearRequests,
				Config:    config(`["toxicity"]`, `["pii-redaction"]`, "output", f.research),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgResAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(exclAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectMockDefaults(f.srv, []string{"toxicity"}, []string{"pii-redaction"}),
					expectExclusions(f.srv, "input"),
					expectExclusions(f.srv, "output", f.research),
					reread("GET /admin/organisation/defaults"),
				},
			},
			{
				Config: config(`["toxicity"]`, `["pii-redaction"]`, "output", f.research), ResourceName: orgResAddr,
				ImportState: true, ImportStateVerify: true, ImportStateId: f.srv.OrganisationID(),
			},
		},
	})
}
