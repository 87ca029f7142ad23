package provider

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// bulkWorkspaces and bulkMembers exceed client.BulkReadThreshold, so that a
// refresh with bulk reads on answers most workspaces and members from
// listings.
const (
	bulkWorkspaces = client.BulkReadThreshold + 4
	bulkMembers    = client.BulkReadThreshold + 6
	bulkInvites    = client.BulkReadThreshold + 3
	bulkKeys       = client.BulkReadThreshold + 8
)

// bulkMixedConfig is a configuration of every managed kind: workspaces with
// every optional attribute somewhere, members spread over three of them,
// users, invites and API keys of all three kinds. mode is the provider's
// bulk_reads.
func bulkMixedConfig(baseURL, mode string, users []mockserver.User) string {
	return bulkMixedConfigVersion(baseURL, mode, users, "")
}

// bulkMixedConfigVersion is bulkMixedConfig with suffix appended to the
// described workspaces' descriptions, and, when suffix is set, the first
// member made an admin: a change that updates objects of both bulk-read
// kinds in place.
func bulkMixedConfigVersion(baseURL, mode string, users []mockserver.User, suffix string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `
provider "portkey" {
  api_key         = %[1]q
  base_url        = %[2]q
  request_timeout = "10s"
  bulk_reads      = %[3]q
}
`, testAdminKey, baseURL, mode)
	for i := range bulkWorkspaces {
		fmt.Fprintf(&b, "\nresource \"portkey_workspace\" \"w%d\" {\n  name = \"Bulk %02d\"\n", i, i)
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "  description = \"Workspace %d%s\"\n  icon        = \"🚀\"\n  metadata = {\n    team = \"t%d\"\n  }\n", i, suffix, i)
		case 1:
			b.WriteString("  usage_limits = [{\n    type            = \"cost\"\n    credit_limit    = 99.5\n    alert_threshold = 80\n    periodic_reset  = \"monthly\"\n  }]\n")
		case 2:
			b.WriteString("  rate_limits = [{\n    type  = \"requests\"\n    unit  = \"rpm\"\n    value = 600\n  }]\n")
		}
		b.WriteString("}\n")
	}
	for i := range bulkMembers {
		role := []string{"member", "manager", "admin"}[i%3]
		if i == 0 && suffix != "" {
			role = "admin"
		}
		fmt.Fprintf(&b, "\nresource \"portkey_workspace_member\" \"m%d\" {\n  workspace_id = portkey_workspace.w%d.%s\n  user_id      = %q\n  role         = %q\n}\n",
			i, i%3, []string{"id", "slug"}[i%3/2], users[i/3].ID, role)
	}
	for i := range 2 {
		fmt.Fprintf(&b, "\nresource \"portkey_user\" \"u%d\" {\n  email = %q\n  role  = \"member\"\n}\n", i, users[i].Email)
	}
	for i := range bulkInvites {
		fmt.Fprintf(&b, "\nresource \"portkey_user_invite\" \"i%d\" {\n  email = \"bulk-invitee-%d@example.com\"\n  role  = \"member\"\n", i, i)
		if i%4 != 3 {
			fmt.Fprintf(&b, "  workspaces = [{\n    id   = portkey_workspace.w%d.id\n    role = \"manager\"\n  }]\n", i%3)
		}
		b.WriteString("}\n")
	}
	// API keys of all three kinds; every fourth with a monthly budget, every
	// third allowing config overrides, and one with a rotation policy (read
	// by GET: its next rotation moves without an update).
	for i := range bulkKeys {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "\nresource \"portkey_api_key\" \"k%d\" {\n  name     = \"bulk-org-%d\"\n  type     = \"organisation\"\n"+
				"  sub_type = \"service\"\n  scopes   = [\"workspaces.read\", \"workspaces.list\"]\n", i, i)
		case 1:
			fmt.Fprintf(&b, "\nresource \"portkey_api_key\" \"k%d\" {\n  name         = \"bulk-service-%d\"\n  type         = \"workspace\"\n"+
				"  sub_type     = \"service\"\n  workspace_id = portkey_workspace.w1.id\n  scopes       = [\"completions.write\"]\n"+
				"  metadata = {\n    team = \"bulk\"\n  }\n", i, i)
		case 2:
			fmt.Fprintf(&b, "\nresource \"portkey_api_key\" \"k%d\" {\n  name         = \"bulk-user-%d\"\n  type         = \"workspace\"\n"+
				"  sub_type     = \"user\"\n  workspace_id = portkey_workspace.w2.slug\n  user_id      = %q\n  scopes       = [\"completions.write\"]\n",
				i, i, users[0].ID)
		}
		if i%4 == 1 {
			b.WriteString("  usage_limits = {\n    type           = \"cost\"\n    credit_limit   = 50\n    periodic_reset = \"monthly\"\n  }\n")
		}
		if i%3 == 1 && i%2 == 0 {
			b.WriteString("  allow_config_override = true\n")
		}
		if i == 5 {
			b.WriteString("  rotation_policy = {\n    rotation_period = \"monthly\"\n  }\n")
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// stateAttributes is every attribute of every resource in state, by address.
func stateAttributes(s *tfjson.State) map[string]map[string]any {
	out := map[string]map[string]any{}
	if s == nil || s.Values == nil {
		return out
	}
	for _, r := range s.Values.RootModule.Resources {
		out[r.Address] = r.AttributeValues
	}
	return out
}

// listRequests counts the mock's list requests of workspaces and of members.
func listRequests(srv *mockserver.Server) (workspaces, members int) {
	n := listRequestsByRoute(srv)
	return n["GET /admin/workspaces"], n["GET /admin/workspaces/{ws}/users"]
}

// bulkListRoutes are the listings bulk reads use.
var bulkListRoutes = []string{"GET /admin/workspaces", "GET /admin/workspaces/{ws}/users", "GET /admin/users/invites", "GET /api-keys"}

// listRequestsByRoute counts the mock's requests of each of bulkListRoutes.
func listRequestsByRoute(srv *mockserver.Server) map[string]int {
	n := map[string]int{}
	for _, r := range srv.Requests() {
		if slices.Contains(bulkListRoutes, r.Route) {
			n[r.Route]++
		}
	}
	return n
}

// TestAccBulkReads_equality applies a mixed configuration, then refreshes it
// with bulk reads off and with bulk reads on: both plans are empty and both
// states are identical, every attribute of every resource. The second refresh
// is shown to have read workspaces and members from listings, and the mock's
// list items lack what the live ones lack (organisation_id, the guardrails),
// so a bulk read relying on them would fail here.
func TestAccBulkReads_equality(t *testing.T) {
	srv, url := newTestMock(t)
	resource.ParallelTest(t, bulkEqualityCase(srv, url, seedBulkUsers(srv), nil))
}

// TestAccBulkReads_equalityUnderLag is the same under the mock's
// read-after-write lag, after an update of objects of both bulk-read kinds
// made with bulk reads on: the refreshes right after the writes read
// listings that may still show the versions before them, and must treat them
// as a GET's stale answer is treated (settle.go).
func TestAccBulkReads_equalityUnderLag(t *testing.T) {
	srv, url := newTestMock(t)
	users := seedBulkUsers(srv)
	if err := srv.SetLag(mockserver.LagAllKinds, testLag); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, bulkEqualityCase(srv, url, users, []resource.TestStep{
		{Config: bulkMixedConfigVersion(url, "auto", users, " (changed)")},
	}))
}

func seedBulkUsers(srv *mockserver.Server) []mockserver.User {
	var users []mockserver.User
	for i := range bulkMembers/3 + 1 {
		users = append(users, srv.SeedUser(mockserver.User{Email: fmt.Sprintf("bulk-user-%d@example.com", i), FirstName: "Bulk", LastName: fmt.Sprint(i)}))
	}
	return users
}

// bulkEqualityCase applies the mixed configuration (then the steps of
// changes, if any), and refreshes the result with bulk reads off, then on:
// both plans are empty and both states identical, every attribute of every
// resource. The refresh with bulk reads on is shown to have read workspaces
// and members from listings; the mock's list items lack what the live ones
// lack (organisation_id, the guardrails), so a bulk read relying on them
// would fail here.
func bulkEqualityCase(srv *mockserver.Server, url string, users []mockserver.User, changes []resource.TestStep) resource.TestCase {
	final := bulkMixedConfig(url, "off", users)
	if len(changes) > 0 {
		final = bulkMixedConfigVersion(url, "off", users, " (changed)")
	}
	var off map[string]map[string]any
	steps := append([]resource.TestStep{{Config: bulkMixedConfig(url, "auto", users)}}, changes...)
	steps = append(steps,
		resource.TestStep{
			PreConfig: srv.ClearRequests,
			Config:    final,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{akState(func(s *tfjson.State) error {
				off = stateAttributes(s)
				if n := listRequestsByRoute(srv); len(n) > 0 {
					return fmt.Errorf("with bulk reads off the refreshes listed: %v", n)
				}
				return nil
			})},
		},
		resource.TestStep{
			PreConfig: srv.ClearRequests,
			Config:    strings.Replace(final, `bulk_reads      = "off"`, `bulk_reads      = "auto"`, 1),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{akState(func(s *tfjson.State) error {
				if n := listRequestsByRoute(srv); len(n) != len(bulkListRoutes) {
					return fmt.Errorf("with bulk reads on the refreshes listed only %v: not every bulk-read kind was", n)
				}
				// Past the threshold, listings answer: API keys and invites
				// too (one key has a rotation policy and is read by GET).
				gets := map[string]int{}
				for _, r := range srv.Requests() {
					gets[r.Route]++
				}
				if n := gets["GET /api-keys/{id}"]; n > client.BulkReadThreshold+1 {
					return fmt.Errorf("with bulk reads on, %d of %d API keys were read by GET", n, bulkKeys)
				}
				if n := gets["GET /admin/users/invites/{id}"]; n > client.BulkReadThreshold {
					return fmt.Errorf("with bulk reads on, %d of %d invites were read by GET", n, bulkInvites)
				}
				return sameState(off, stateAttributes(s))
			})},
		})
	return resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps}
}

// sameState reports every difference between two states.
func sameState(want, got map[string]map[string]any) error {
	var diffs []string
	for addr, w := range want {
		g, ok := got[addr]
		if !ok {
			diffs = append(diffs, addr+": missing")
			continue
		}
		for attr, wv := range w {
			if gv := g[attr]; !reflect.DeepEqual(wv, gv) {
				diffs = append(diffs, fmt.Sprintf("%s.%s: %v with bulk reads off, %v on", addr, attr, wv, gv))
			}
		}
		for attr := range g {
			if _, ok := w[attr]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s.%s: only with bulk reads on", addr, attr))
			}
		}
	}
	for addr := range got {
		if _, ok := want[addr]; !ok {
			diffs = append(diffs, addr+": only with bulk reads on")
		}
	}
	if len(want) == 0 {
		diffs = append(diffs, "no state was recorded with bulk reads off")
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		return fmt.Errorf("the states differ:\n%s", strings.Join(diffs, "\n"))
	}
	return nil
}

// bulkWorkspacesConfig is bulkWorkspaces plain workspaces with a description.
func bulkWorkspacesConfig(baseURL, description string) string {
	var b strings.Builder
	b.WriteString(providerBlock(baseURL))
	for i := range bulkWorkspaces {
		fmt.Fprintf(&b, "\nresource \"portkey_workspace\" \"w%d\" {\n  name        = \"Kept %02d\"\n  description = %q\n}\n", i, i, description)
	}
	return b.String()
}

// TestAccBulkReads_updateKeepsUnmanagedDefaults: a workspace's guardrails and
// user key config are not managed by portkey_workspace, and the PUT of an
// update replaces defaults whole, so an update sends back what a read saw.
// List items do not show them: after a refresh from the list, an update reads
// them with a GET first, and guardrails set outside Terraform survive it.
func TestAccBulkReads_updateKeepsUnmanagedDefaults(t *testing.T) {
	srv, url := newTestMock(t)
	guardrail, err := srv.SeedGuardrail(mockserver.Guardrail{ID: "9a5b6c7d-8e9f-4a0b-8c1d-2e3f4a5b6c7d", Slug: "kept-guardrail", Scope: "workspace"})
	if err != nil {
		t.Fatal(err)
	}
	setOutOfBand := func() {
		for i := range bulkWorkspaces {
			id := srv.WorkspaceIDByName(fmt.Sprintf("Kept %02d", i))
			if err := srv.Patch(mockserver.KindWorkspace, id, map[string]any{"defaults": map[string]any{
				"input_guardrails": []string{guardrail.Slug}, "user_api_key_config": "pc-kept-1a2b3c",
			}}); err != nil {
				t.Fatal(err)
			}
		}
		srv.ClearRequests()
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: bulkWorkspacesConfig(url, "before")},
			{
				PreConfig: setOutOfBand,
				Config:    bulkWorkspacesConfig(url, "after"),
				ConfigStateChecks: []statecheck.StateCheck{akCheck(func() error {
					if ws, _ := listRequests(srv); ws == 0 {
						return fmt.Errorf("the refresh did not list workspaces: nothing was bulk-read")
					}
					for i := range bulkWorkspaces {
						obj, err := wsServerObject(srv, srv.WorkspaceIDByName(fmt.Sprintf("Kept %02d", i)))
						if err != nil {
							return err
						}
						d, _ := obj["defaults"].(map[string]any)
						if fmt.Sprint(d["input_guardrails"]) != "["+guardrail.Slug+"]" || d["user_api_key_config"] != "pc-kept-1a2b3c" {
							return fmt.Errorf("workspace %q lost the defaults set outside Terraform: %v", obj["name"], obj["defaults"])
						}
						if obj["description"] != "after" {
							return fmt.Errorf("workspace %q was not updated: %v", obj["name"], obj["description"])
						}
					}
					return nil
				})},
			},
		},
	})
}

// TestAccBulkReads_keyChangedOutsideTerraform: the API keys list lacks
// allow_config_override and rotation_policy, so a key answered from the
// listing takes them from the GET its state recorded, and only while the
// listing shows the key unchanged since. Every key is changed outside
// Terraform in a field the list lacks, as a write through the API does it
// (a new rotation policy and a new last_updated_at; one key through the API
// itself: its override flag turned off). The refresh with bulk reads on lists
// the keys, and the plan updates every key: most refreshes passed the
// trigger threshold, so a listing that answered a changed key would leave it
// out of the plan.
func TestAccBulkReads_keyChangedOutsideTerraform(t *testing.T) {
	srv, url := newTestMock(t)
	users := seedBulkUsers(srv)
	cfg := bulkMixedConfig(url, "auto", users)
	var ids map[string]string
	changeOutside := func() {
		c, err := client.New(client.Config{BaseURL: url, APIKey: testAdminKey})
		if err != nil {
			t.Fatal(err)
		}
		ctx := t.Context()
		if err := c.UpdateAPIKey(ctx, ids["k4"], client.UpdateAPIKeyRequest{Name: "bulk-service-4", Scopes: []string{"completions.write"},
			Defaults: &client.APIKeyDefaultsRequest{Metadata: map[string]string{"team": "bulk"}, AllowConfigOverride: new(false)}}); err != nil {
			t.Fatal(err)
		}
		updated := time.Now().Add(time.Second).UTC().Format("2006-01-02T15:04:05.000Z")
		for name, id := range ids {
			if name == "k4" {
				continue
			}
			if err := srv.Patch(mockserver.KindAPIKey, id, map[string]any{"last_updated_at": updated, "rotation_policy": map[string]any{
				"rotation_period": "weekly", "next_rotation_at": "2099-01-05T00:00:00.000Z", "key_transition_period_ms": 1800000, "status": "ACTIVE",
			}}); err != nil {
				t.Fatal(err)
			}
		}
		srv.ClearRequests()
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{akState(func(s *tfjson.State) error {
					ids = map[string]string{}
					for addr, attrs := range stateAttributes(s) {
						if name, ok := strings.CutPrefix(addr, "portkey_api_key."); ok {
							ids[name], _ = attrs["id"].(string)
						}
					}
					return nil
				})},
			},
			{
				PreConfig: changeOutside,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						akPlan(func(p *tfjson.Plan) error {
							if n := listRequestsByRoute(srv)["GET /api-keys"]; n == 0 {
								return fmt.Errorf("the refresh did not list the API keys: nothing was bulk-read")
							}
							var missed []string
							for _, rc := range p.ResourceChanges {
								if rc.Type == "portkey_api_key" && !rc.Change.Actions.Update() {
									missed = append(missed, fmt.Sprintf("%s: %v", rc.Address, rc.Change.Actions))
								}
							}
							if len(missed) > 0 {
								return fmt.Errorf("keys changed outside Terraform but not updated by the plan:\n%s", strings.Join(missed, "\n"))
							}
							return nil
						}),
					},
				},
			},
		},
	})
}

// TestAccBulkReads_listsTrailGETs: in the reading where Portkey's lists trail
// its GETs (a replica or an index), a listing read right after an apply can
// show objects as they were before it. The state then holds a newer version
// than the listing, and bulk reads must not answer with the older one: the
// plan after an update made with bulk reads on must be empty.
func TestAccBulkReads_listsTrailGETs(t *testing.T) {
	srv, url := newTestMock(t)
	users := seedBulkUsers(srv)
	srv.SetLagListsOnly(true)
	if err := srv.SetLag(mockserver.LagAllKinds, 10*time.Minute); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: bulkMixedConfig(url, "auto", users)},
			{
				// The lists catch up with the creates, then trail the update.
				PreConfig: srv.SettleLag,
				Config:    bulkMixedConfigVersion(url, "auto", users, " (changed)"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{akCheck(func() error {
						if n := listRequestsByRoute(srv); n["GET /admin/workspaces"] == 0 || n["GET /admin/workspaces/{ws}/users"] == 0 {
							return fmt.Errorf("the refresh after the update did not list workspaces and members: %v", n)
						}
						return nil
					})},
				},
			},
		},
	})
}

func TestListingPredatesState(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		listed, recorded string
		want             bool
	}{
		{"2026-05-03T17:08:55.000Z", "", false},                         // nothing recorded
		{"2026-05-03T17:08:55.000Z", "2026-05-03T17:08:55.000Z", false}, // the same version
		{"2026-05-03T17:08:56.000Z", "2026-05-03T17:08:55.000Z", false}, // a newer one (a change outside Terraform)
		{"2026-05-03T17:08:54.999Z", "2026-05-03T17:08:55.000Z", true},  // an older one: the list trails
		{"2026-05-03T17:08:55Z", "2026-05-03T17:08:55.000Z", false},     // the same instant, spelt otherwise
		{"", "2026-05-03T17:08:55.000Z", true},                          // unreadable: the GET decides
		{"yesterday", "today", true},
	} {
		if got := listingPredatesState(c.listed, c.recorded); got != c.want {
			t.Errorf("listingPredatesState(%q, %q) = %t, want %t", c.listed, c.recorded, got, c.want)
		}
	}
}
