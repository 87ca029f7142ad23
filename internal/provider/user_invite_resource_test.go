package provider

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// Workspaces every invite test seeds (each test owns its mock).
const (
	inviteWSAlpha     = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
	inviteWSAlphaSlug = "ws-alpha-a1a1a1"
	inviteWSBeta      = "7b2e9c1d-0f3a-4b5c-9d8e-1f2a3b4c5d6e"
)

const inviteAddr = "portkey_user_invite.test"

var (
	inviteUUIDRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	inviteLinkRe = regexp.MustCompile(`^https://app\.portkey\.ai/invite/[0-9a-f]{32,}$`)
	inviteTimeRe = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
)

func seedInviteWorkspaces(srv *mockserver.Server) {
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{
		{ID: inviteWSAlpha, Slug: inviteWSAlphaSlug, Name: "Alpha"},
		{ID: inviteWSBeta, Name: "Beta"},
	}})
}

func newInviteTestMock(t *testing.T) (*mockserver.Server, string) {
	t.Helper()
	srv, url := newTestMock(t)
	seedInviteWorkspaces(srv)
	return srv, url
}

// inviteTestClock is the mock's clock: real time plus an offset a test moves.
type inviteTestClock struct{ offset atomic.Int64 }

func (c *inviteTestClock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *inviteTestClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

func newInviteTestMockWithClock(t *testing.T) (*mockserver.Server, string, *inviteTestClock) {
	t.Helper()
	clock := &inviteTestClock{}
	srv := mockserver.New(mockserver.Options{APIKeys: []string{testAdminKey}, Clock: clock.now})
	seedInviteWorkspaces(srv)
	return srv, srv.Start(t), clock
}

// inviteConfig is one portkey_user_invite block.
type inviteConfig struct {
	Email         string
	Role          string
	Workspaces    [][2]string // {id, role}
	Scopes        []string
	ResendTrigger string
	Reinvite      string // "", "true" or "false"
}

func (c inviteConfig) hcl(name string) string {
	type kv struct{ k, v string }
	attrs := []kv{{"email", fmt.Sprintf("%q", c.Email)}, {"role", fmt.Sprintf("%q", c.Role)}}
	if c.Scopes != nil {
		q := make([]string, len(c.Scopes))
		for i, s := range c.Scopes {
			q[i] = fmt.Sprintf("%q", s)
		}
		attrs = append(attrs, kv{"scopes", "[" + strings.Join(q, ", ") + "]"})
	}
	if c.ResendTrigger != "" {
		attrs = append(attrs, kv{"resend_trigger", fmt.Sprintf("%q", c.ResendTrigger)})
	}
	if c.Reinvite != "" {
		attrs = append(attrs, kv{"reinvite_when_expired", c.Reinvite})
	}
	width := 0
	for _, a := range attrs {
		width = max(width, len(a.k))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nresource \"portkey_user_invite\" %q {\n", name)
	for _, a := range attrs {
		fmt.Fprintf(&b, "  %-*s = %s\n", width, a.k, a.v)
	}
	if c.Workspaces != nil {
		b.WriteString("\n  workspaces = [")
		for _, w := range c.Workspaces {
			fmt.Fprintf(&b, "\n    { id = %q, role = %q },", w[0], w[1])
		}
		if len(c.Workspaces) > 0 {
			b.WriteString("\n  ")
		}
		b.WriteString("]\n")
	}
	b.WriteString("}\n")
	return b.String()
}

func basicInvite(email string) inviteConfig {
	return inviteConfig{Email: email, Role: "member", Workspaces: [][2]string{{inviteWSAlpha, "member"}}}
}

// inviteAttrs runs fn on the attributes of addr in the state, so a check can
// compare them with the mock.
type inviteAttrs struct {
	addr string
	fn   func(attrs map[string]any) error
}

func (c inviteAttrs) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == c.addr {
			resp.Error = c.fn(r.AttributeValues)
			return
		}
	}
	resp.Error = fmt.Errorf("%s is not in the state", c.addr)
}

// linkMatchesMock checks that the invite_link in state is the invite's
// current link on the mock.
func linkMatchesMock(srv *mockserver.Server) statecheck.StateCheck {
	return inviteAttrs{addr: inviteAddr, fn: func(a map[string]any) error {
		id, _ := a["id"].(string)
		want, err := srv.InviteLink(id)
		if err != nil {
			return err
		}
		if got, _ := a["invite_link"].(string); got != want {
			return fmt.Errorf("invite_link in state is not the mock's current link for %s", id)
		}
		return nil
	}}
}

// mockInvites checks the invites stored on the mock: their emails and
// statuses, in creation order, and that the state's id is the last one.
func mockInvites(srv *mockserver.Server, want ...string) statecheck.StateCheck {
	return inviteAttrs{addr: inviteAddr, fn: func(a map[string]any) error {
		invs := srv.Invites()
		got := make([]string, len(invs))
		for i, inv := range invs {
			got[i] = inv.Email + ":" + inv.Status
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			return fmt.Errorf("mock invites %v, want %v", got, want)
		}
		if len(invs) > 0 && a["id"] != invs[len(invs)-1].ID {
			return fmt.Errorf("state id %v is not the newest mock invite %s", a["id"], invs[len(invs)-1].ID)
		}
		return nil
	}}
}

func inviteIDByEmail(t *testing.T, srv *mockserver.Server, email string) string {
	t.Helper()
	invs := srv.Invites()
	for i := len(invs) - 1; i >= 0; i-- {
		if strings.EqualFold(invs[i].Email, email) {
			return invs[i].ID
		}
	}
	t.Fatalf("no invite to %s on the mock", email)
	return ""
}

func newInviteTestClient(t *testing.T, url string) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{BaseURL: url, APIKey: testAdminKey, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// rawGet reads url (under the mock's /v1) with the test admin key and
// returns the status and the body as sent.
func rawGet(t *testing.T, url string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("x-portkey-api-key", testAdminKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

func stateValue(path string) tfjsonpath.Path { return tfjsonpath.New(path) }

func TestAccUserInviteResource_basic(t *testing.T) {
	srv, url := newInviteTestMock(t)
	cfg := inviteConfig{
		Email: "dana@example.com", Role: "admin",
		Workspaces: [][2]string{{inviteWSAlpha, "manager"}, {inviteWSBeta, "member"}},
		Scopes:     []string{"logs.view", "completions.write"},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectSensitiveValue(inviteAddr, stateValue("invite_link")),
						plancheck.ExpectUnknownValue(inviteAddr, stateValue("invite_link")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(inviteAddr, stateValue("id"), knownvalue.StringRegexp(inviteUUIDRe)),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("email"), knownvalue.StringExact("dana@example.com")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("role"), knownvalue.StringExact("admin")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("pending")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("invite_link"), knownvalue.StringRegexp(inviteLinkRe)),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("invited_by"), knownvalue.StringRegexp(inviteUUIDRe)),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("created_at"), knownvalue.StringRegexp(inviteTimeRe)),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("expires_at"), knownvalue.StringRegexp(inviteTimeRe)),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("accepted_at"), knownvalue.Null()),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("reinvite_when_expired"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("resend_trigger"), knownvalue.Null()),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("scopes"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("logs.view"), knownvalue.StringExact("completions.write"),
					})),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("workspaces"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(inviteWSAlpha), "role": knownvalue.StringExact("manager")}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(inviteWSBeta), "role": knownvalue.StringExact("member")}),
					})),
					linkMatchesMock(srv),
					mockInvites(srv, "dana@example.com:pending"),
					inviteAttrs{addr: inviteAddr, fn: func(a map[string]any) error {
						scopes, err := srv.InviteScopes(a["id"].(string))
						sort.Strings(scopes)
						if err != nil || strings.Join(scopes, ",") != "completions.write,logs.view" {
							return fmt.Errorf("scopes sent to Portkey: %v, %w", scopes, err)
						}
						return nil
					}},
				},
			},
			{
				// Same configuration: nothing to do, and the link stays sensitive.
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectEmptyPlan(),
						plancheck.ExpectSensitiveValue(inviteAddr, stateValue("invite_link")),
					},
				},
			},
		},
	})
}

// The email is compared ignoring case: Portkey spelling it differently from
// the configuration plans nothing, and a change of case in the configuration
// is recorded in place without re-inviting.
func TestAccUserInviteResource_emailCase(t *testing.T) {
	srv, url := newInviteTestMock(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            providerBlock(url) + basicInvite("Erin@Example.com").hcl("test"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(inviteAddr, stateValue("id"))},
			},
			{
				PreConfig: func() {
					id := inviteIDByEmail(t, srv, "erin@example.com")
					if err := srv.Patch(mockserver.KindInvite, id, map[string]any{"email": "erin@example.com"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: providerBlock(url) + basicInvite("Erin@Example.com").hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				PreConfig: srv.ClearRequests,
				Config:    providerBlock(url) + basicInvite("ERIN@example.COM").hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("email"), knownvalue.StringExact("ERIN@example.COM")),
					inviteAttrs{addr: inviteAddr, fn: func(map[string]any) error {
						for route, n := range srv.Counts() {
							if !strings.HasPrefix(route, "GET ") {
								return fmt.Errorf("a change of case made %d %s, want no writes", n, route)
							}
						}
						return nil
					}},
				},
			},
		},
	})
}

// A refresh reads each invite once: one GET per invite, nothing else.
func TestAccUserInviteResource_refreshRequests(t *testing.T) {
	srv, url := newInviteTestMock(t)
	config := providerBlock(url) + basicInvite("fay@example.com").hcl("a") + basicInvite("gus@example.com").hcl("b")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig:    srv.ClearRequests,
				RefreshState: true,
				Check: func(*terraform.State) error {
					counts := srv.Counts()
					if counts["GET /admin/users/invites/{id}"] != 2 || len(counts) != 1 {
						return fmt.Errorf("a refresh made %v, want exactly 2 GET /admin/users/invites/{id}", counts)
					}
					return nil
				},
			},
		},
	})
}

func TestAccUserInviteResource_import(t *testing.T) {
	srv, url := newInviteTestMock(t)
	// An older, cancelled invite to the same address: import by email must
	// pick the newest one.
	old, err := newInviteTestClient(t, url).CreateUserInvite(context.Background(), client.CreateUserInviteRequest{
		Email: "hana@example.com", Role: "admin",
		Workspaces: []client.UserInviteWorkspaceInput{{ID: inviteWSBeta, Role: "admin"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.CancelInvite(old.ID); err != nil {
		t.Fatal(err)
	}
	cfg := basicInvite("hana@example.com")
	cfg.Workspaces = append(cfg.Workspaces, [2]string{inviteWSBeta, "admin"})
	cfg.ResendTrigger = "first"
	cfg.Reinvite = "true"
	config := providerBlock(url) + cfg.hcl("test")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				ResourceName:      inviteAddr,
				ImportState:       true,
				ImportStateVerify: true,
				// Not returned by the API: the link comes only from create and
				// resend; resend_trigger and reinvite_when_expired are
				// Terraform's own settings (the latter reads back as its default).
				ImportStateVerifyIgnore: []string{"invite_link", "resend_trigger", "reinvite_when_expired"},
			},
			{
				ResourceName:            inviteAddr,
				ImportState:             true,
				ImportStateId:           "HANA@example.com",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"invite_link", "resend_trigger", "reinvite_when_expired"},
			},
			{
				ResourceName:  inviteAddr,
				ImportState:   true,
				ImportStateId: "nobody@example.com",
				ExpectError:   regexp.MustCompile(`Portkey has no invite to nobody@example.com`),
			},
		},
	})
}

// An imported invite's scopes are unknown (Portkey never returns them):
// setting them records them in place. A resend_trigger set after the import
// re-sends the invite, minting the link an import cannot recover.
func TestAccUserInviteResource_importAdoptsInputs(t *testing.T) {
	srv, url := newInviteTestMock(t)
	cfg := basicInvite("ivan@example.com")
	cfg.Scopes = []string{"logs.view"}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	withTrigger := func(c inviteConfig, trigger string) inviteConfig { c.ResendTrigger = trigger; return c }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            providerBlock(url) + cfg.hcl("test"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(inviteAddr, stateValue("id"))},
			},
			{
				// Forget the invite without deleting it.
				Config: providerBlock(url) + `
removed {
  from = portkey_user_invite.test

  lifecycle {
    destroy = false
  }
}
`,
			},
			{
				PreConfig: srv.ClearRequests,
				Config: providerBlock(url) + `
import {
  to = portkey_user_invite.test
  id = "ivan@example.com"
}
` + cfg.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("scopes"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("logs.view")})),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("invite_link"), knownvalue.Null()),
					inviteAttrs{addr: inviteAddr, fn: func(map[string]any) error {
						for route, n := range srv.Counts() {
							if !strings.HasPrefix(route, "GET ") {
								return fmt.Errorf("recording the scopes made %d %s, want no writes", n, route)
							}
						}
						return nil
					}},
				},
			},
			{
				PreConfig: srv.ClearRequests,
				Config:    providerBlock(url) + withTrigger(cfg, "v1").hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("invite_link"), knownvalue.StringRegexp(inviteLinkRe)),
					linkMatchesMock(srv),
					inviteAttrs{addr: inviteAddr, fn: func(map[string]any) error {
						if n := srv.Count("POST /admin/users/invites/{id}/resend"); n != 1 {
							return fmt.Errorf("%d resends, want 1", n)
						}
						return nil
					}},
				},
			},
			{
				// Once recorded, a scopes change replaces the invite as usual.
				Config: providerBlock(url) + func() string {
					c := withTrigger(cfg, "v1")
					c.Scopes = []string{"logs.list"}
					return c.hcl("test")
				}(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionReplace)},
				},
			},
		},
	})
}

// Every input except resend_trigger and reinvite_when_expired replaces the
// invite (Portkey cannot update one), leaving exactly one invite behind.
func TestAccUserInviteResource_replace(t *testing.T) {
	srv, url := newInviteTestMock(t)
	base := basicInvite("jade@example.com")
	base.Scopes = []string{"logs.view"}
	email, role, workspaces, scopes := base, base, base, base
	email.Email = "jade.new@example.com"
	role.Email, role.Role = email.Email, "admin"
	workspaces.Email, workspaces.Role, workspaces.Workspaces = email.Email, "admin", [][2]string{{inviteWSBeta, "manager"}}
	scopes.Email, scopes.Role, scopes.Workspaces, scopes.Scopes = email.Email, "admin", workspaces.Workspaces, []string{"logs.view", "logs.list"}

	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	step := func(c inviteConfig, wantMock ...string) resource.TestStep {
		return resource.TestStep{
			Config: providerBlock(url) + c.hcl("test"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionReplace)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				differentID.AddStateValue(inviteAddr, stateValue("id")),
				statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("pending")),
				linkMatchesMock(srv),
				mockInvites(srv, wantMock...),
			},
		}
	}
	first := resource.TestStep{
		Config:            providerBlock(url) + base.hcl("test"),
		ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(inviteAddr, stateValue("id"))},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			first,
			step(email, "jade.new@example.com:pending"),
			step(role, "jade.new@example.com:pending"),
			step(workspaces, "jade.new@example.com:pending"),
			step(scopes, "jade.new@example.com:pending"),
		},
		CheckDestroy: func(*terraform.State) error {
			if n := len(srv.Invites()); n != 0 {
				return fmt.Errorf("%d invites left after destroy", n)
			}
			return nil
		},
	})
}

// Changing resend_trigger re-sends in place: same id, a new link, a later
// expiry. Removing it re-sends nothing.
func TestAccUserInviteResource_resend(t *testing.T) {
	srv, url, clock := newInviteTestMockWithClock(t)
	cfg := basicInvite("kai@example.com")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newLink := statecheck.CompareValue(compare.ValuesDiffer())
	laterExpiry := statecheck.CompareValue(compare.ValuesDiffer())
	withTrigger := func(trigger string) string { c := cfg; c.ResendTrigger = trigger; return c.hcl("test") }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					newLink.AddStateValue(inviteAddr, stateValue("invite_link")),
					laterExpiry.AddStateValue(inviteAddr, stateValue("expires_at")),
				},
			},
			{
				PreConfig: func() { clock.advance(24 * time.Hour) },
				Config:    providerBlock(url) + withTrigger("2026-05-01"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(inviteAddr, stateValue("invite_link")),
						plancheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("pending")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					newLink.AddStateValue(inviteAddr, stateValue("invite_link")),
					laterExpiry.AddStateValue(inviteAddr, stateValue("expires_at")),
					linkMatchesMock(srv),
				},
			},
			{
				// Removing the trigger records that, and re-sends nothing.
				PreConfig: srv.ClearRequests,
				Config:    providerBlock(url) + cfg.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(inviteAddr, stateValue("expires_at"), knownvalue.StringRegexp(inviteTimeRe)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					linkMatchesMock(srv),
					inviteAttrs{addr: inviteAddr, fn: func(map[string]any) error {
						if n := srv.Count("POST /admin/users/invites/{id}/resend"); n != 0 {
							return fmt.Errorf("%d resends after removing the trigger, want 0", n)
						}
						return nil
					}},
				},
			},
		},
	})
}

// Lifecycle: an accepted invite stays in state as it is, is never re-sent
// or replaced, and refuses changes that would re-invite its user.
func TestAccUserInviteResource_accepted(t *testing.T) {
	srv, url := newInviteTestMock(t)
	cfg := basicInvite("lena@example.com")
	cfg.Reinvite = "true"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	sameLink := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					sameLink.AddStateValue(inviteAddr, stateValue("invite_link")),
				},
			},
			{
				PreConfig: func() {
					if err := srv.AcceptInvite(inviteIDByEmail(t, srv, "lena@example.com"), false); err != nil {
						t.Fatal(err)
					}
				},
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("accepted")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("accepted_at"), knownvalue.StringRegexp(inviteTimeRe)),
				},
			},
			{
				// A new resend_trigger is recorded, but nothing is re-sent.
				PreConfig: srv.ClearRequests,
				Config:    providerBlock(url) + func() string { c := cfg; c.ResendTrigger = "again"; return c.hcl("test") }(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					sameLink.AddStateValue(inviteAddr, stateValue("invite_link")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("accepted")),
					inviteAttrs{addr: inviteAddr, fn: func(map[string]any) error {
						if n := srv.Count("POST /admin/users/invites/{id}/resend"); n != 0 {
							return fmt.Errorf("an accepted invite was re-sent %d times", n)
						}
						return nil
					}},
				},
			},
			{
				Config:      providerBlock(url) + func() string { c := cfg; c.ResendTrigger, c.Role = "again", "admin"; return c.hcl("test") }(),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unable to Change an Accepted User Invite.*portkey_user`),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			// Destroying an accepted invite removes the invite record only.
			if n := len(srv.Invites()); n != 0 {
				return fmt.Errorf("%d invites left after destroy", n)
			}
			if _, err := newInviteTestClient(t, url).FindUserByEmail(context.Background(), "lena@example.com"); err != nil {
				return fmt.Errorf("the accepted user is gone after destroying the invite: %w", err)
			}
			return nil
		},
	})
}

// Lifecycle: an invite accepted and then removed by Portkey counts as
// accepted (its email is an organisation user): kept, no diff.
func TestAccUserInviteResource_acceptedThenDeleted(t *testing.T) {
	srv, url := newInviteTestMock(t)
	cfg := basicInvite("milo@example.com")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            providerBlock(url) + cfg.hcl("test"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(inviteAddr, stateValue("id"))},
			},
			{
				PreConfig: func() {
					if err := srv.AcceptInvite(inviteIDByEmail(t, srv, "milo@example.com"), true); err != nil {
						t.Fatal(err)
					}
				},
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("accepted")),
					mockInvites(srv),
				},
			},
		},
	})
}

// Drift: Portkey cannot update an invite, so a grant that differs from the
// configuration (changed out of band) is corrected by a replacement.
func TestAccUserInviteResource_drift(t *testing.T) {
	srv, url := newInviteTestMock(t)
	cfg := basicInvite("noel@example.com")
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            providerBlock(url) + cfg.hcl("test"),
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(inviteAddr, stateValue("id"))},
			},
			{
				PreConfig: func() {
					if err := srv.Patch(mockserver.KindInvite, inviteIDByEmail(t, srv, "noel@example.com"), map[string]any{
						"role":       "admin",
						"workspaces": []map[string]string{{"id": inviteWSAlpha, "role": "admin"}},
					}); err != nil {
						t.Fatal(err)
					}
				},
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					differentID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("role"), knownvalue.StringExact("member")),
					mockInvites(srv, "noel@example.com:pending"),
				},
			},
		},
	})
}

// An invite whose answer carries no usable workspace grant (absent, empty,
// or entries without an id, as in the spec's example) reports nothing about
// its workspaces: the configured ones stay, and the plan is empty. Read as
// "no workspaces", every apply would replace the invite.
func TestAccUserInviteResource_workspacesNotReported(t *testing.T) {
	srv, url := newInviteTestMock(t)
	cfg := basicInvite("olga@example.com")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	patched := func(ws any) resource.TestStep {
		return resource.TestStep{
			PreConfig: func() {
				if err := srv.Patch(mockserver.KindInvite, inviteIDByEmail(t, srv, "olga@example.com"), map[string]any{"workspaces": ws}); err != nil {
					t.Fatal(err)
				}
			},
			Config: providerBlock(url) + cfg.hcl("test"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(inviteAddr, stateValue("id")),
				statecheck.ExpectKnownValue(inviteAddr, stateValue("workspaces"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(inviteWSAlpha), "role": knownvalue.StringExact("member")}),
				})),
			},
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            providerBlock(url) + cfg.hcl("test"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(inviteAddr, stateValue("id"))},
			},
			patched([]map[string]string{}),
			patched([]map[string]string{{"id": "", "role": ""}}),
			patched(nil),
		},
	})
}

// An invite imported into a configuration that matches it plans no change
// when Portkey's GET keys its workspaces "id", as live answers do (API-NOTES
// 11.2; the spec's example says "workspace_id", 9.9). Reading only
// workspace_id, the import saw no workspaces and planned a replacement.
func TestAccUserInviteResource_importWorkspacesKeyedID(t *testing.T) {
	srv, url := newInviteTestMock(t)
	created, err := newInviteTestClient(t, url).CreateUserInvite(context.Background(), client.CreateUserInviteRequest{
		Email: "ines@example.com", Role: "member",
		Workspaces: []client.UserInviteWorkspaceInput{{ID: inviteWSAlpha, Role: "manager"}, {ID: inviteWSBeta, Role: "member"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// The mock answers what the live API does.
	status, got := rawGet(t, url+"/admin/users/invites/"+created.ID)
	if status != 200 || !strings.Contains(got, `{"id":"`+inviteWSAlpha+`","role":"manager"}`) || strings.Contains(got, "workspace_id") {
		t.Fatalf("GET invite: %d %s, want workspaces keyed id", status, got)
	}
	cfg := basicInvite("ines@example.com")
	cfg.Workspaces = [][2]string{{inviteWSAlpha, "manager"}, {inviteWSBeta, "member"}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(url) + fmt.Sprintf(`
import {
  to = portkey_user_invite.test
  id = %q
}
`, created.ID) + cfg.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(inviteAddr, stateValue("id"), knownvalue.StringExact(created.ID)),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("workspaces"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(inviteWSAlpha), "role": knownvalue.StringExact("manager")}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(inviteWSBeta), "role": knownvalue.StringExact("member")}),
					})),
					mockInvites(srv, "ines@example.com:pending"),
				},
			},
		},
	})
}

// An invite without workspaces (API-NOTES 9.10, 11.3): created without the
// field, planned empty afterwards, importable, and on acceptance the user
// joins the default workspace only.
func TestAccUserInviteResource_withoutWorkspaces(t *testing.T) {
	srv, url := newInviteTestMock(t)
	cfg := basicInvite("nell@example.com")
	cfg.Workspaces = nil
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("workspaces"), knownvalue.Null()),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("pending")),
					mockInvites(srv, "nell@example.com:pending"),
					inviteAttrs{addr: inviteAddr, fn: func(map[string]any) error {
						for _, r := range srv.Requests() {
							if r.Route == "POST /admin/users/invites" && r.Body != `{"email":"nell@example.com","role":"member"}` {
								return fmt.Errorf("create body %s, want no workspaces field", r.Body)
							}
						}
						return nil
					}},
				},
			},
			{
				ResourceName:            inviteAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"invite_link", "resend_trigger", "reinvite_when_expired"},
			},
			{
				// Accepted: the user is in the default workspace, and nothing changes.
				PreConfig: func() {
					if err := srv.AcceptInvite(inviteIDByEmail(t, srv, "nell@example.com"), false); err != nil {
						t.Fatal(err)
					}
				},
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("accepted")),
					inviteAttrs{addr: inviteAddr, fn: func(map[string]any) error {
						ctx := context.Background()
						c := newInviteTestClient(t, url)
						user, err := c.FindUserByEmail(ctx, "nell@example.com")
						if err != nil {
							return err
						}
						all, err := c.ListWorkspaces(ctx, client.ListWorkspacesOptions{})
						if err != nil {
							return err
						}
						var joined []string
						for _, ws := range all {
							if _, err := c.GetWorkspaceMember(ctx, ws.ID, user.ID); err == nil {
								joined = append(joined, ws.Name)
							}
						}
						if len(joined) != 1 || joined[0] != "Shared Team Workspace" {
							return fmt.Errorf("the invitee joined %v, want only the default workspace", joined)
						}
						return nil
					}},
				},
			},
		},
	})
}

// Lifecycle: an invite deleted out of band whose email is no user is gone:
// the plan re-creates it.
func TestAccUserInviteResource_disappears(t *testing.T) {
	srv, url := newInviteTestMock(t)
	cfg := basicInvite("nina@example.com")
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            providerBlock(url) + cfg.hcl("test"),
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(inviteAddr, stateValue("id"))},
			},
			{
				PreConfig: func() {
					if err := srv.Delete(mockserver.KindInvite, inviteIDByEmail(t, srv, "nina@example.com")); err != nil {
						t.Fatal(err)
					}
				},
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					differentID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("pending")),
					mockInvites(srv, "nina@example.com:pending"),
				},
			},
		},
	})
}

// Lifecycle: an expired invite without reinvite_when_expired stays, and the
// plan is empty (ModifyPlan adds a warning, see TestUserInviteModifyPlan).
func TestAccUserInviteResource_expired(t *testing.T) {
	srv, url := newInviteTestMock(t)
	cfg := basicInvite("omar@example.com")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            providerBlock(url) + cfg.hcl("test"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(inviteAddr, stateValue("id"))},
			},
			{
				PreConfig: func() {
					if err := srv.ExpireInvite(inviteIDByEmail(t, srv, "omar@example.com")); err != nil {
						t.Fatal(err)
					}
				},
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("expired")),
					mockInvites(srv, "omar@example.com:expired"),
				},
			},
		},
	})
}

// Lifecycle: with reinvite_when_expired, an expired invite is replaced by a
// new pending one.
func TestAccUserInviteResource_expiredReinvite(t *testing.T) {
	srv, url := newInviteTestMock(t)
	cfg := basicInvite("pia@example.com")
	cfg.Reinvite = "true"
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            providerBlock(url) + cfg.hcl("test"),
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(inviteAddr, stateValue("id"))},
			},
			{
				PreConfig: func() {
					if err := srv.ExpireInvite(inviteIDByEmail(t, srv, "pia@example.com")); err != nil {
						t.Fatal(err)
					}
				},
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					differentID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("pending")),
					linkMatchesMock(srv),
					mockInvites(srv, "pia@example.com:pending"),
				},
			},
		},
	})
}

// Lifecycle: a cancelled invite stays (with a warning) until
// reinvite_when_expired is set, which replaces it.
func TestAccUserInviteResource_cancelled(t *testing.T) {
	srv, url := newInviteTestMock(t)
	cfg := basicInvite("quin@example.com")
	reinvite := cfg
	reinvite.Reinvite = "true"
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            providerBlock(url) + cfg.hcl("test"),
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(inviteAddr, stateValue("id"))},
			},
			{
				PreConfig: func() {
					if err := srv.CancelInvite(inviteIDByEmail(t, srv, "quin@example.com")); err != nil {
						t.Fatal(err)
					}
				},
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("cancelled")),
				},
			},
			{
				Config: providerBlock(url) + reinvite.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					differentID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("pending")),
					mockInvites(srv, "quin@example.com:pending"),
				},
			},
		},
	})
}

// A workspace given by slug keeps its slug in state, though Portkey reports
// the UUID: no diff.
func TestAccUserInviteResource_workspaceSlug(t *testing.T) {
	_, url := newInviteTestMock(t)
	cfg := inviteConfig{Email: "rosa@example.com", Role: "member", Workspaces: [][2]string{{inviteWSAlphaSlug, "admin"}, {inviteWSBeta, "member"}}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(inviteAddr, stateValue("workspaces"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(inviteWSAlphaSlug), "role": knownvalue.StringExact("admin")}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(inviteWSBeta), "role": knownvalue.StringExact("member")}),
					})),
				},
			},
			{
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// A slug Portkey answers 403 for is "gone" only when the organisation lists
// no such workspace: a key that may not read it gets an error, not a plan
// that replaces the invite. A workspace really deleted (403 and unlisted)
// lets the plan show the API's UUID, and so the replacement.
func TestAccUserInviteResource_workspaceSlugForbidden(t *testing.T) {
	srv, url := newInviteTestMock(t)
	cfg := inviteConfig{Email: "pam@example.com", Role: "member", Workspaces: [][2]string{{inviteWSAlphaSlug, "admin"}}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: providerBlock(url) + cfg.hcl("test")},
			{
				PreConfig: func() {
					srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/admin/workspaces/" + inviteWSAlphaSlug, Status: 403, Code: "AB03", Times: -1})
				},
				Config:      providerBlock(url) + cfg.hcl("test"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unable to Read User Invite.*403.*AB03.*` + inviteWSAlphaSlug),
			},
			{
				PreConfig: func() {
					srv.ClearFaults()
					if err := srv.Delete(mockserver.KindWorkspace, inviteWSAlpha); err != nil {
						t.Fatal(err)
					}
				},
				Config:             providerBlock(url) + cfg.hcl("test"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionReplace),
				}},
			},
		},
	})
}

func TestAccUserInviteResource_validation(t *testing.T) {
	_, url := newInviteTestMock(t)
	bad := func(mutate func(*inviteConfig), want string) resource.TestStep {
		c := basicInvite("sam@example.com")
		mutate(&c)
		return resource.TestStep{Config: providerBlock(url) + c.hcl("test"), PlanOnly: true, ExpectError: regexp.MustCompile(want)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			bad(func(c *inviteConfig) { c.Email = "sam.example.com" }, `Invalid Email Address`),
			bad(func(c *inviteConfig) { c.Role = "owner" }, `(?s)role.*value\s+must\s+be\s+one\s+of`),
			bad(func(c *inviteConfig) { c.Workspaces = [][2]string{{inviteWSAlpha, "owner"}} }, `(?s)workspaces.*value\s+must\s+be\s+one\s+of`),
			bad(func(c *inviteConfig) { c.Workspaces = [][2]string{} }, `(?s)workspaces.*at least 1`),
			bad(func(c *inviteConfig) {
				c.Workspaces = [][2]string{{inviteWSAlpha, "admin"}, {strings.ToUpper(inviteWSAlpha), "member"}}
			}, `Duplicate Invite Workspace`),
			bad(func(c *inviteConfig) { c.Workspaces = [][2]string{{"", "admin"}} }, `(?s)workspaces.*length\s+must\s+be\s+at\s+least\s+1`),
			bad(func(c *inviteConfig) { c.Scopes = []string{} }, `(?s)scopes.*at least 1`),
			bad(func(c *inviteConfig) { c.Scopes = []string{""} }, `(?s)Empty Scope.*scopes.*A\s+scope\s+must\s+not\s+be\s+empty`),
		},
	})
}

func TestAccUserInviteResource_apiErrors(t *testing.T) {
	srv, url := newInviteTestMock(t)
	srv.SeedUser(mockserver.User{Email: "tess@example.com"})
	if _, err := newInviteTestClient(t, url).CreateUserInvite(context.Background(), client.CreateUserInviteRequest{
		Email: "uma@example.com", Role: "member", Workspaces: []client.UserInviteWorkspaceInput{{ID: inviteWSAlpha, Role: "member"}},
	}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// A pending invite created out of band first.
				Config:      providerBlock(url) + basicInvite("UMA@example.com").hcl("test"),
				ExpectError: regexp.MustCompile(`(?s)Unable to Create User Invite.*HTTP 409.*AB07.*terraform import`),
			},
			{
				// An invite to someone who is already an organisation user.
				Config:      providerBlock(url) + basicInvite("tess@example.com").hcl("test"),
				ExpectError: regexp.MustCompile(`(?s)Unable to Create User Invite.*User already exists in organisation.*portkey_user`),
			},
			{
				Config: providerBlock(url) + func() string {
					c := basicInvite("vic@example.com")
					c.Workspaces = [][2]string{{"ws-nowhere-000000", "member"}}
					return c.hcl("test")
				}(),
				ExpectError: regexp.MustCompile(`(?s)Unable to Create User Invite.*HTTP 404.*does not exist`),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if invs := srv.Invites(); len(invs) != 1 || invs[0].Email != "uma@example.com" {
				return fmt.Errorf("mock invites %+v, want only the out-of-band one", invs)
			}
			return nil
		},
	})
}

// A create whose answer is lost after Portkey stored the invite adopts that
// invite: exactly one invite, a correct state, no link (a resend mints one).
func TestAccUserInviteResource_commitThenFail(t *testing.T) {
	srv, url := newInviteTestMock(t)
	srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/users/invites", CommitThenFail: true})
	cfg := basicInvite("wren@example.com")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("pending")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("invite_link"), knownvalue.Null()),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("created_at"), knownvalue.StringRegexp(inviteTimeRe)),
					mockInvites(srv, "wren@example.com:pending"),
					inviteAttrs{addr: inviteAddr, fn: func(map[string]any) error {
						if n := srv.Count("POST /admin/users/invites"); n != 1 {
							return fmt.Errorf("%d creates, want 1 (never replayed)", n)
						}
						return nil
					}},
				},
			},
			{
				Config: providerBlock(url) + func() string { c := cfg; c.ResendTrigger = "recover-link"; return c.hcl("test") }(),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("invite_link"), knownvalue.StringRegexp(inviteLinkRe)),
					linkMatchesMock(srv),
				},
			},
		},
	})
}

// A create that fails without an answer and stored nothing is an error that
// says so; the next apply creates the invite.
func TestAccUserInviteResource_ambiguousNothingStored(t *testing.T) {
	srv, url := newInviteTestMock(t)
	srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/users/invites", Status: 503})
	cfg := basicInvite("xena@example.com")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      providerBlock(url) + cfg.hcl("test"),
				ExpectError: regexp.MustCompile(`(?s)Unable to Create User Invite.*HTTP 503.*no pending invite to\s+xena@example.com\s+exists`),
			},
			{
				Config: providerBlock(url) + cfg.hcl("test"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(inviteAddr, stateValue("invite_link"), knownvalue.StringRegexp(inviteLinkRe)),
					mockInvites(srv, "xena@example.com:pending"),
				},
			},
		},
	})
}
