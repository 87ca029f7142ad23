package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// wsErrorRE matches the fragments in order. Terraform wraps long messages,
// so any space may be a line break.
func wsErrorRE(fragments ...string) *regexp.Regexp {
	for i, f := range fragments {
		fragments[i] = strings.ReplaceAll(regexp.QuoteMeta(f), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(fragments, ".*"))
}

// wsOneNamed checks that exactly one workspace has the name on the server and
// that it is the one in state.
func wsOneNamed(srv *mockserver.Server, name string, stateID *string) wsCheck {
	return func() error {
		ids := srv.WorkspaceIDsNamed(name)
		if len(ids) != 1 {
			return fmt.Errorf("%d workspaces named %q on the server (%v), want exactly 1", len(ids), name, ids)
		}
		if ids[0] != *stateID {
			return fmt.Errorf("state has id %s, the server's workspace is %s", *stateID, ids[0])
		}
		return nil
	}
}

func TestAccWorkspaceResource_apiErrors(t *testing.T) {
	mockOnly(t, "workspace dependents outside the Admin API (a 409 on delete), and fault injection")
	t.Run("conflict on delete", func(t *testing.T) {
		srv, url := newTestMock(t, "workspace dependents outside the Admin API (a 409 on delete), and fault injection")
		var id string
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			CheckDestroy:             wsDestroyed(srv, &id),
			Steps: []resource.TestStep{
				{
					Config:            testAccWorkspaceMinimal(url, "Busy"),
					ConfigStateChecks: []statecheck.StateCheck{wsCapture{wsAddr, "id", &id}},
				},
				{
					// Virtual keys made in Portkey block the delete: the error says what to do.
					PreConfig: func() {
						if err := srv.SetWorkspaceDependents(id, 3); err != nil {
							t.Fatal(err)
						}
					},
					Config: providerBlock(url),
					ExpectError: wsErrorRE("Unable to Delete Workspace", "HTTP 409", "AB07", "all Virtual Keys are deleted",
						"still has dependents (virtual keys, configs, prompts…) created outside Terraform", "Delete them in Portkey",
						"force_destroy = true"),
				},
				{
					PreConfig: func() {
						if err := srv.SetWorkspaceDependents(id, 0); err != nil {
							t.Fatal(err)
						}
					},
					Config: providerBlock(url),
				},
			},
		})
	})
	t.Run("wrong api key", func(t *testing.T) {
		_, url := newTestMock(t, "workspace dependents outside the Admin API (a 409 on delete), and fault injection")
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: fmt.Sprintf(`
provider "portkey" {
  api_key  = "pk-wrong-key"
  base_url = %[1]q
}

resource "portkey_workspace" "test" {
  name = "Unauthorised"
}
`, url),
				ExpectError: wsErrorRE("Unable to Create Workspace", "HTTP 401", "api_key", "PORTKEY_API_KEY"),
			}},
		})
	})
}

func TestAccWorkspaceResource_retries(t *testing.T) {
	srv, url := newTestMock(t, "fault injection (429s and 5xx) and the request log")
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/workspaces", Status: http.StatusTooManyRequests, RetryAfter: "1"})
				srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/admin/workspaces/*", Status: http.StatusServiceUnavailable})
				srv.ClearRequests()
			},
			Config: testAccWorkspaceMinimal(url, "Resilient"),
			ConfigStateChecks: []statecheck.StateCheck{
				wsCapture{wsAddr, "id", &id},
				wsOneNamed(srv, "Resilient", &id),
				wsCheck(func() error {
					var statuses []string
					for _, r := range srv.Requests() {
						if r.Route == "POST /admin/workspaces" || r.Route == "GET /admin/workspaces/{id}" {
							statuses = append(statuses, fmt.Sprintf("%s %d", r.Method, r.Status))
						}
					}
					// The 429 was waited out and retried; so was the 503 on the read-back.
					got := strings.Join(statuses, ", ")
					if !strings.HasPrefix(got, "POST 429, POST 200, GET 503, GET 200") {
						return fmt.Errorf("requests: %s", got)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccWorkspaceResource_ambiguousCreate(t *testing.T) {
	mockOnly(t, "fault injection (creates whose answer is lost)")
	for name, fault := range map[string]mockserver.Fault{
		"502 after commit":   {Method: "POST", Path: "/admin/workspaces", CommitThenFail: true},
		"reset after commit": {Method: "POST", Path: "/admin/workspaces", CommitThenFail: true, Reset: true},
		// A 200 whose body cannot be decoded: created, so adopted, never orphaned.
		"undecodable answer": {Method: "POST", Path: "/admin/workspaces", Truncate: true},
	} {
		t.Run(name, func(t *testing.T) {
			srv, url := newTestMock(t, "fault injection (creates whose answer is lost)")
			var id string
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					PreConfig: func() { srv.InjectFault(fault) },
					Config:    testAccWorkspaceFull(url, "Exactly Once", "Not twice", 100, 60),
					ConfigStateChecks: []statecheck.StateCheck{
						wsCapture{wsAddr, "id", &id},
						wsOneNamed(srv, "Exactly Once", &id),
						statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("description"), knownvalue.StringExact("Not twice")),
						wsCheck(func() error {
							if n := srv.Count("POST /admin/workspaces"); n != 1 {
								return fmt.Errorf("%d POSTs, want 1 (a create is never replayed)", n)
							}
							if n := srv.Count("PUT /admin/workspaces/{id}"); n != 0 {
								return fmt.Errorf("%d PUTs after adopting an identical workspace, want 0", n)
							}
							return nil
						}),
					},
				}},
			})
		})
	}

	// A name that starts with an emoji is stored without it (the emoji becomes
	// the icon), so the exact-name lookup misses it: it is still found and
	// adopted, and reads back as written.
	t.Run("emoji name, undecodable answer", func(t *testing.T) {
		srv, url := newTestMock(t, "fault injection (creates whose answer is lost)")
		var id string
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				PreConfig: func() { srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/workspaces", Truncate: true}) },
				Config:    testAccWorkspaceMinimal(url, "🎯 Adopted"),
				ConfigStateChecks: []statecheck.StateCheck{
					wsCapture{wsAddr, "id", &id},
					wsOneNamed(srv, "Adopted", &id),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("name"), knownvalue.StringExact("🎯 Adopted")),
					statecheck.ExpectKnownValue(wsAddr, tfjsonpath.New("icon"), knownvalue.Null()),
					wsCheck(func() error {
						if n := srv.Count("POST /admin/workspaces"); n != 1 {
							return fmt.Errorf("%d POSTs, want 1", n)
						}
						return nil
					}),
				},
			}},
		})
	})

	// A create that failed without creating anything is sent again once the
	// lookup (settled) proves nothing was created.
	t.Run("nothing created: sent again", func(t *testing.T) {
		srv, url := newTestMock(t)
		var id string
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				PreConfig: func() {
					srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/workspaces", Status: http.StatusBadGateway})
					srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/workspaces", Reset: true})
				},
				Config: testAccWorkspaceMinimal(url, "Made Third Time"),
				ConfigStateChecks: []statecheck.StateCheck{
					wsCapture{wsAddr, "id", &id},
					wsOneNamed(srv, "Made Third Time", &id),
					wsCheck(func() error {
						if n := srv.Count("POST /admin/workspaces"); n != 3 {
							return fmt.Errorf("%d POSTs, want 3 (a 502 and a reset, each proven to create nothing, then the create)", n)
						}
						return nil
					}),
				},
			}},
		})
	})

	// Resends are bounded by max_retries: with 0, the first proven absence is
	// the error, and it says nothing was created.
	t.Run("nothing created, no retries", func(t *testing.T) {
		srv, url := newTestMock(t)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				PreConfig: func() {
					srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/workspaces", Status: http.StatusBadGateway})
				},
				Config: strings.Replace(testAccWorkspaceMinimal(url, "Never Made"), `request_timeout = "10s"`,
					`request_timeout = "10s"
  max_retries     = 0`, 1),
				ExpectError: wsErrorRE("HTTP 502", `None of the 1 attempt sent for the workspace "Never Made" got a definite answer`,
					"nothing changed in Portkey", "Raise max_retries"),
			}},
		})
		if ids := srv.WorkspaceIDsNamed("Never Made"); len(ids) != 0 {
			t.Fatalf("workspaces %v exist", ids)
		}
	})

	// A workspace that merely shares the name but existed before the attempt
	// is never adopted: with nothing created, the create is sent again; with
	// one created, that one is adopted; the namesake is left alone either way.
	for name, fault := range map[string]mockserver.Fault{
		"nothing created": {Method: "POST", Path: "/admin/workspaces", Status: http.StatusBadGateway},
		"committed":       {Method: "POST", Path: "/admin/workspaces", CommitThenFail: true},
	} {
		t.Run("older namesake, "+name, func(t *testing.T) {
			srv, url := newTestMock(t)
			srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{Name: "Namesake", CreatedAt: "2025-01-02T03:04:05.000Z"}}})
			old := srv.WorkspaceIDsNamed("Namesake")[0]
			var id string
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					PreConfig: func() { srv.InjectFault(fault) },
					Config:    testAccWorkspaceMinimal(url, "Namesake"),
					ConfigStateChecks: []statecheck.StateCheck{
						wsCapture{wsAddr, "id", &id},
						wsCheck(func() error {
							if id == old {
								return fmt.Errorf("adopted the older workspace %s of the same name", old)
							}
							if ids := srv.WorkspaceIDsNamed("Namesake"); len(ids) != 2 {
								return fmt.Errorf("workspaces named Namesake: %v, want the old one and the new one", ids)
							}
							return nil
						}),
					},
				}},
			})
		})
	}

	// The namesakes below are seeded just before the step (PreConfig) by a mock
	// whose clock runs ahead: a parallel test may wait for a slot longer than
	// createClockSkew, and an older namesake is (rightly) never a candidate.
	t.Run("several candidates", func(t *testing.T) {
		srv, url := newMockAhead(t)
		const first = "0d5c9a1e-3f4b-4c6d-8e7f-9a0b1c2d3e4f"
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				PreConfig: func() {
					srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{ID: first, Name: "Twin"}}})
					srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/workspaces", CommitThenFail: true})
				},
				Config: testAccWorkspaceMinimal(url, "Twin"),
				ExpectError: wsErrorRE(`The create of the workspace "Twin" got no definite answer, and 2 objects like it were created since it started (ids `,
					first, "cannot tell which one it created"),
			}},
		})
	})

	t.Run("adopted one differs", func(t *testing.T) {
		// The POST failed before committing, but a workspace with the name
		// exists: it is adopted and brought in line with the configuration.
		srv, url := newMockAhead(t)
		old := "old"
		var id string
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				PreConfig: func() {
					srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{Name: "Adoptee", Description: &old}}})
					srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/workspaces", Status: http.StatusGatewayTimeout})
				},
				Config: testAccWorkspaceFull(url, "Adoptee", "new", 10, 5),
				ConfigStateChecks: []statecheck.StateCheck{
					wsCapture{wsAddr, "id", &id},
					wsOneNamed(srv, "Adoptee", &id),
					wsCheck(func() error {
						obj, err := wsServerObject(srv, id)
						if err != nil {
							return err
						}
						if obj["description"] != "new" || obj["rate_limits"] == nil {
							return fmt.Errorf("the adopted workspace was not updated: %v", obj)
						}
						return nil
					}),
				},
			}},
		})
	})
}

// newMockAhead is a test mock whose clock runs an hour ahead of this
// machine's. A workspace seeded before the apply then counts as created after
// the create attempt began (see createClockSkew), however long Terraform takes
// to start on a loaded machine: a seed made "during" the attempt, for sure.
func newMockAhead(t *testing.T) (*mockserver.Server, string) {
	t.Helper()
	srv := mockserver.New(mockserver.Options{
		APIKeys: []string{testAdminKey},
		Clock:   func() time.Time { return time.Now().Add(time.Hour) },
	})
	return srv, srv.Start(t)
}

func TestAccWorkspaceResource_forbiddenIsNotGone(t *testing.T) {
	srv, url := newTestMock(t, "fault injection (403s)")
	var id string
	config := testAccWorkspaceMinimal(url, "Still Here")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{wsCapture{wsAddr, "id", &id}}},
			{
				// A 403 for a workspace that is still listed is a permission
				// problem: an error, never a removal from state.
				PreConfig: func() {
					srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/admin/workspaces/" + id, Status: http.StatusForbidden, Times: -1})
				},
				Config:      config,
				ExpectError: wsErrorRE("Unable to Read Workspace", "HTTP 403", "still listed in the organisation"),
			},
			{
				// The list that would confirm a deletion answers 403 too: still an
				// error, which says the list could not be read (not that it lists
				// the workspace).
				PreConfig: func() {
					srv.ClearFaults()
					srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/admin/workspaces/" + id, Status: http.StatusForbidden, Times: -1})
					srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/admin/workspaces", Status: http.StatusForbidden, Times: -1})
				},
				Config: config,
				ExpectError: wsErrorRE("Unable to Read Workspace", "HTTP 403",
					"the workspaces list that would confirm a deletion could not be read either", "GET /admin/workspaces with HTTP 403"),
			},
			{
				PreConfig: srv.ClearFaults,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(wsAddr, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{wsOneNamed(srv, "Still Here", &id)},
			},
		},
	})
}

// A refresh costs one GET per workspace and nothing else.
func TestAccWorkspaceResource_refreshRequestCount(t *testing.T) {
	const n = 3
	srv, url := newTestMock(t, "the request log (one GET per workspace on refresh)")
	config := providerBlock(url) + fmt.Sprintf(`
resource "portkey_workspace" "test" {
  count       = %d
  name        = "Counted ${count.index}"
  description = "Refresh me"
  metadata = {
    index = count.index
  }
  usage_limits = [{ type = "tokens", credit_limit = 1000000 }]
}
`, n)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: srv.ClearRequests,
				Config:    config,
				PlanOnly:  true, // one plan without refresh, one with
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{wsCheck(func() error {
						counts := srv.Counts()
						keys := make([]string, 0, len(counts))
						for k, v := range counts {
							keys = append(keys, fmt.Sprintf("%s=%d", k, v))
						}
						sort.Strings(keys)
						t.Logf("requests during a refresh of %d workspaces: %v", n, keys)
						if len(counts) != 1 || counts["GET /admin/workspaces/{id}"] != n {
							return fmt.Errorf("refreshing %d workspaces made %v, want exactly %d GET /admin/workspaces/{id}", n, keys, n)
						}
						return nil
					})},
				},
			},
		},
	})
}

func TestDeleteWorkspaceConfirmed_staleName(t *testing.T) {
	t.Parallel()
	srv, url := newTestMock(t)
	c, err := client.New(client.Config{BaseURL: url, APIKey: testAdminKey})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ws, err := c.CreateWorkspace(ctx, client.CreateWorkspaceRequest{Name: "Old Name"})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Patch(mockserver.KindWorkspace, ws.ID, map[string]any{"name": "New Name"}); err != nil {
		t.Fatal(err)
	}
	// State still says "Old Name" (renamed outside Terraform, no refresh).
	if err := deleteWorkspaceConfirmed(ctx, c, ws.ID, "Old Name", false); err != nil {
		t.Fatalf("delete with a stale name: %v", err)
	}
	if _, err := srv.Object(mockserver.KindWorkspace, ws.ID); err == nil {
		t.Fatal("the workspace still exists")
	}
	if err := deleteWorkspaceConfirmed(ctx, c, "ws-nope-000000", "x", false); !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("unknown workspace: %v", err)
	}
}

// TestAccWorkspaceResource_planTimeFailureMessage: a refresh that keeps
// failing says what happened (status 503), after how many attempts, and the
// setting that helps (max_retries), and does not tell a plan to "apply again".
func TestAccWorkspaceResource_planTimeFailureMessage(t *testing.T) {
	srv, url := newTestMock(t)
	config := fmt.Sprintf(`
provider "portkey" {
  api_key     = %[1]q
  base_url    = %[2]q
  max_retries = 2
}

resource "portkey_workspace" "test" {
  name = "Unreachable"
}
`, testAdminKey, url)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/admin/workspaces/*", Status: http.StatusServiceUnavailable, Times: -1})
				},
				Config:      config,
				PlanOnly:    true,
				ExpectError: wsErrorRE("Unable to Read Workspace", "HTTP 503", "on the last of 3 attempts", "Raise max_retries"),
			},
			{
				PreConfig: srv.ClearFaults,
				Config:    config,
			},
		},
	})
}
