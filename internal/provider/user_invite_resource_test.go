package provider

import (
	"context"
	"errors"
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
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/sweep"
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

// newInviteTestMock is a mock with the two invite workspaces seeded, for the
// tests that need the mock's hooks (needs: what for; they skip in live mode).
func newInviteTestMock(t *testing.T, needs ...string) (*mockserver.Server, string) {
	t.Helper()
	srv, url := newTestMock(t, needs...)
	seedInviteWorkspaces(srv)
	return srv, url
}

// inviteTestClock is the mock's clock: real time plus an offset a test moves.
type inviteTestClock struct{ offset atomic.Int64 }

func (c *inviteTestClock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *inviteTestClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// newInviteTestMockWithClock is newInviteTestMock with a clock the test
// moves; in live mode it skips the test, naming what it needs.
func newInviteTestMockWithClock(t *testing.T, needs ...string) (*mockserver.Server, string, *inviteTestClock) {
	t.Helper()
	mockOnly(t, needs...)
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

// inviteEnv is a test's environment with the two workspaces its invites
// grant, made through the API.
type inviteEnv struct {
	*accEnv
	alpha, alphaSlug, beta string
}

func newInviteEnv(t *testing.T, mockOpts ...func(*mockserver.Options)) *inviteEnv {
	t.Helper()
	e := newAccEnv(t, mockOpts...)
	alpha, beta := e.Workspace("alpha"), e.Workspace("beta")
	return &inviteEnv{accEnv: e, alpha: alpha.ID, alphaSlug: alpha.Slug, beta: beta.ID}
}

// basic is an invite to email as a member of alpha.
func (e *inviteEnv) basic(email string) inviteConfig {
	return inviteConfig{Email: email, Role: "member", Workspaces: [][2]string{{e.alpha, "member"}}}
}

// config is the provider block and an invite as portkey_user_invite.test.
func (e *inviteEnv) config(c inviteConfig) string { return e.Provider() + c.hcl("test") }

// CreateInvite invites someone out of band, through the API, and deletes
// the invite when the test ends.
func (e *accEnv) CreateInvite(req client.CreateUserInviteRequest) *client.CreatedUserInvite {
	e.t.Helper()
	if !sweep.Matches(sweep.KindUserInvite, req.Email) {
		e.t.Fatalf("invite email %q lacks the %s prefix: use accEnv.Email", req.Email, sweep.Prefix)
	}
	inv, err := e.API.CreateUserInvite(e.ctx(), req)
	if err != nil {
		e.t.Fatalf("inviting %s: %v", req.Email, err)
	}
	e.t.Cleanup(func() {
		if err := e.API.DeleteUserInvite(context.Background(), inv.ID); err != nil && !errors.Is(err, client.ErrNotFound) {
			e.t.Errorf("cleanup: deleting the invite to %s: %v; make sweep-live removes it", req.Email, err)
		}
	})
	e.Must(e.Eventually(func() error { _, err := e.API.GetUserInvite(e.ctx(), inv.ID); return err }))
	return inv
}

// invitesTo lists, oldest first, the invites Portkey holds for these
// addresses (compared ignoring case).
func (e *accEnv) invitesTo(emails ...string) ([]client.UserInvite, error) {
	all, err := e.API.ListUserInvites(context.Background(), client.ListUserInvitesOptions{})
	if err != nil {
		return nil, err
	}
	var out []client.UserInvite
	for _, inv := range all {
		for _, email := range emails {
			if strings.EqualFold(inv.Email, email) {
				out = append(out, inv)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt < out[j].CreatedAt })
	return out, nil
}

// newestInviteTo is the id of the newest invite to email.
func (e *accEnv) newestInviteTo(email string) string {
	e.t.Helper()
	var id string
	e.Must(e.Eventually(func() error {
		invs, err := e.invitesTo(email)
		if err != nil {
			return err
		}
		if len(invs) == 0 {
			return fmt.Errorf("no invite to %s in Portkey", email)
		}
		id = invs[len(invs)-1].ID
		return nil
	}))
	return id
}

// apiInvites checks, through the API, the invites Portkey holds for the
// test's addresses: "email:status" oldest first, and that the state's id is
// the newest.
func apiInvites(e *accEnv, emails []string, want ...string) statecheck.StateCheck {
	return inviteAttrs{addr: inviteAddr, fn: func(a map[string]any) error {
		return e.Eventually(func() error {
			invs, err := e.invitesTo(emails...)
			if err != nil {
				return err
			}
			got := make([]string, len(invs))
			for i, inv := range invs {
				got[i] = strings.ToLower(inv.Email) + ":" + inv.Status
			}
			if strings.Join(got, ",") != strings.ToLower(strings.Join(want, ",")) {
				return fmt.Errorf("Portkey's invites %v, want %v", got, want)
			}
			if len(invs) > 0 && a["id"] != invs[len(invs)-1].ID {
				return fmt.Errorf("state id %v is not the newest invite %s", a["id"], invs[len(invs)-1].ID)
			}
			return nil
		})
	}}
}

// noInvitesLeft checks, after destroy, that Portkey holds no invite to
// these addresses.
func noInvitesLeft(e *accEnv, emails ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		return e.Eventually(func() error {
			invs, err := e.invitesTo(emails...)
			if err != nil {
				return err
			}
			if len(invs) != 0 {
				return fmt.Errorf("%d invites left after destroy", len(invs))
			}
			return nil
		})
	}
}

// mixedCase spells an address with capitals in its prefix and domain
// ("TF-ACC-erin-x@Example.COM"): the same address to Portkey.
func mixedCase(email string) string {
	local, domain, _ := strings.Cut(email, "@")
	return strings.ToUpper(sweep.Prefix) + strings.TrimPrefix(local, sweep.Prefix) + "@" + strings.ToUpper(domain[:1]) + domain[1:len(domain)-3] + strings.ToUpper(domain[len(domain)-3:])
}

func TestAccUserInviteResource_basic(t *testing.T) {
	e := newInviteEnv(t)
	email := e.Email("dana")
	cfg := inviteConfig{
		Email: email, Role: "admin",
		Workspaces: [][2]string{{e.alpha, "manager"}, {e.beta, "member"}},
		Scopes:     []string{"logs.view", "completions.write"},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             noInvitesLeft(e.accEnv, email),
		Steps: []resource.TestStep{
			{
				Config: e.config(cfg),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectSensitiveValue(inviteAddr, stateValue("invite_link")),
						plancheck.ExpectUnknownValue(inviteAddr, stateValue("invite_link")),
					},
				},
				ConfigStateChecks: append([]statecheck.StateCheck{
					statecheck.ExpectKnownValue(inviteAddr, stateValue("id"), knownvalue.StringRegexp(inviteUUIDRe)),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("email"), knownvalue.StringExact(email)),
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
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(e.alpha), "role": knownvalue.StringExact("manager")}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(e.beta), "role": knownvalue.StringExact("member")}),
					})),
					apiInvites(e.accEnv, []string{email}, email+":pending"),
				}, e.MockOnly(
					// Only the mock knows the link and the scopes: Portkey's
					// reads return neither.
					linkMatchesMock(e.Mock),
					inviteAttrs{addr: inviteAddr, fn: func(a map[string]any) error {
						scopes, err := e.Mock.InviteScopes(a["id"].(string))
						sort.Strings(scopes)
						if err != nil || strings.Join(scopes, ",") != "completions.write,logs.view" {
							return fmt.Errorf("scopes sent to Portkey: %v, %w", scopes, err)
						}
						return nil
					}},
				)...),
			},
			{
				// Same configuration: nothing to do, and the link stays sensitive.
				Config: e.config(cfg),
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
	e := newInviteEnv(t)
	lower := e.Email("erin")
	mixed, upper := mixedCase(lower), strings.ToUpper(lower)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            e.config(e.basic(mixed)),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(inviteAddr, stateValue("id"))},
			},
			{
				// Portkey spells the address in lower case (the mock is made
				// to; Portkey may do so itself): no diff.
				PreConfig: func() {
					if !e.Live() {
						e.Must(e.Mock.Patch(mockserver.KindInvite, e.newestInviteTo(lower), map[string]any{"email": lower}))
					}
				},
				Config: e.config(e.basic(mixed)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				PreConfig: func() {
					if !e.Live() {
						e.Mock.ClearRequests()
					}
				},
				Config: e.config(e.basic(upper)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: append([]statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("email"), knownvalue.StringExact(upper)),
					apiInvites(e.accEnv, []string{lower}, lower+":pending"),
				}, e.MockOnly(inviteAttrs{addr: inviteAddr, fn: func(map[string]any) error {
					for route, n := range e.Mock.Counts() {
						if !strings.HasPrefix(route, "GET ") {
							return fmt.Errorf("a change of case made %d %s, want no writes", n, route)
						}
					}
					return nil
				}})...),
			},
		},
	})
}

// A refresh reads each invite once: one GET per invite, nothing else.
func TestAccUserInviteResource_refreshRequests(t *testing.T) {
	srv, url := newInviteTestMock(t, "the request log (one GET per invite on refresh)")
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
	e := newInviteEnv(t)
	email, nobody := e.Email("hana"), e.Email("nobody")
	if !e.Live() {
		// An older, cancelled invite to the same address: import by email
		// must pick the newest one. Only the mock can cancel an invite.
		old := e.CreateInvite(client.CreateUserInviteRequest{
			Email: email, Role: "admin",
			Workspaces: []client.UserInviteWorkspaceInput{{ID: e.beta, Role: "admin"}},
		})
		e.Must(e.Mock.CancelInvite(old.ID))
	}
	cfg := e.basic(email)
	cfg.Workspaces = append(cfg.Workspaces, [2]string{e.beta, "admin"})
	cfg.ResendTrigger = "first"
	cfg.Reinvite = "true"
	config := e.config(cfg)
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
				ImportStateId:           strings.ToUpper(email),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"invite_link", "resend_trigger", "reinvite_when_expired"},
			},
			{
				ResourceName:  inviteAddr,
				ImportState:   true,
				ImportStateId: nobody,
				ExpectError:   regexp.MustCompile(`Portkey has no invite to ` + regexp.QuoteMeta(nobody)),
			},
		},
	})
}

// An imported invite's scopes are unknown (Portkey never returns them):
// setting them records them in place. A resend_trigger set after the import
// re-sends the invite, minting the link an import cannot recover.
func TestAccUserInviteResource_importAdoptsInputs(t *testing.T) {
	e := newInviteEnv(t)
	email := e.Email("ivan")
	cfg := e.basic(email)
	cfg.Scopes = []string{"logs.view"}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	withTrigger := func(c inviteConfig, trigger string) inviteConfig { c.ResendTrigger = trigger; return c }
	clearRequests := func() {
		if !e.Live() {
			e.Mock.ClearRequests()
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             noInvitesLeft(e.accEnv, email),
		Steps: []resource.TestStep{
			{
				Config:            e.config(cfg),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(inviteAddr, stateValue("id"))},
			},
			{
				// Forget the invite without deleting it.
				Config: e.Provider() + `
removed {
  from = portkey_user_invite.test

  lifecycle {
    destroy = false
  }
}
`,
			},
			{
				PreConfig: clearRequests,
				Config: e.Provider() + fmt.Sprintf(`
import {
  to = portkey_user_invite.test
  id = %q
}
`, email) + cfg.hcl("test"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: append([]statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("scopes"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("logs.view")})),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("invite_link"), knownvalue.Null()),
				}, e.MockOnly(inviteAttrs{addr: inviteAddr, fn: func(map[string]any) error {
					for route, n := range e.Mock.Counts() {
						if !strings.HasPrefix(route, "GET ") {
							return fmt.Errorf("recording the scopes made %d %s, want no writes", n, route)
						}
					}
					return nil
				}})...),
			},
			{
				PreConfig: clearRequests,
				Config:    e.config(withTrigger(cfg, "v1")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: append([]statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("invite_link"), knownvalue.StringRegexp(inviteLinkRe)),
				}, e.MockOnly(
					linkMatchesMock(e.Mock),
					inviteAttrs{addr: inviteAddr, fn: func(map[string]any) error {
						if n := e.Mock.Count("POST /admin/users/invites/{id}/resend"); n != 1 {
							return fmt.Errorf("%d resends, want 1", n)
						}
						return nil
					}},
				)...),
			},
			{
				// Once recorded, a scopes change replaces the invite as usual.
				Config: e.Provider() + func() string {
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
	e := newInviteEnv(t)
	first, second := e.Email("jade"), e.Email("jade-new")
	base := e.basic(first)
	base.Scopes = []string{"logs.view"}
	email, role, workspaces, scopes := base, base, base, base
	email.Email = second
	role.Email, role.Role = second, "admin"
	workspaces.Email, workspaces.Role, workspaces.Workspaces = second, "admin", [][2]string{{e.beta, "manager"}}
	scopes.Email, scopes.Role, scopes.Workspaces, scopes.Scopes = second, "admin", workspaces.Workspaces, []string{"logs.view", "logs.list"}

	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	step := func(c inviteConfig) resource.TestStep {
		return resource.TestStep{
			Config: e.config(c),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionReplace)},
			},
			ConfigStateChecks: append([]statecheck.StateCheck{
				differentID.AddStateValue(inviteAddr, stateValue("id")),
				statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("pending")),
				apiInvites(e.accEnv, []string{first, second}, second+":pending"),
			}, e.MockOnly(linkMatchesMock(e.Mock))...),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            e.config(base),
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(inviteAddr, stateValue("id"))},
			},
			step(email),
			step(role),
			step(workspaces),
			step(scopes),
		},
		CheckDestroy: noInvitesLeft(e.accEnv, first, second),
	})
}

// Changing resend_trigger re-sends in place: same id, a new link, a later
// expiry. Removing it re-sends nothing.
func TestAccUserInviteResource_resend(t *testing.T) {
	clock := &inviteTestClock{}
	e := newInviteEnv(t, func(o *mockserver.Options) { o.Clock = clock.now })
	cfg := e.basic(e.Email("kai"))
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newLink := statecheck.CompareValue(compare.ValuesDiffer())
	laterExpiry := statecheck.CompareValue(compare.ValuesDiffer())
	withTrigger := func(trigger string) string { c := cfg; c.ResendTrigger = trigger; return e.config(c) }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.config(cfg),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					newLink.AddStateValue(inviteAddr, stateValue("invite_link")),
					laterExpiry.AddStateValue(inviteAddr, stateValue("expires_at")),
				},
			},
			{
				// A day later on the mock's clock; in live mode, the seconds
				// the first step took.
				PreConfig: func() { clock.advance(24 * time.Hour) },
				Config:    withTrigger("2026-05-01"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(inviteAddr, stateValue("invite_link")),
						plancheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("pending")),
					},
				},
				ConfigStateChecks: append([]statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					newLink.AddStateValue(inviteAddr, stateValue("invite_link")),
					laterExpiry.AddStateValue(inviteAddr, stateValue("expires_at")),
				}, e.MockOnly(linkMatchesMock(e.Mock))...),
			},
			{
				// Removing the trigger records that, and re-sends nothing.
				PreConfig: func() {
					if !e.Live() {
						e.Mock.ClearRequests()
					}
				},
				Config: e.config(cfg),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(inviteAddr, stateValue("expires_at"), knownvalue.StringRegexp(inviteTimeRe)),
					},
				},
				ConfigStateChecks: append([]statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
				}, e.MockOnly(
					linkMatchesMock(e.Mock),
					inviteAttrs{addr: inviteAddr, fn: func(map[string]any) error {
						if n := e.Mock.Count("POST /admin/users/invites/{id}/resend"); n != 0 {
							return fmt.Errorf("%d resends after removing the trigger, want 0", n)
						}
						return nil
					}},
				)...),
			},
		},
	})
}

// Lifecycle: an accepted invite stays in state as it is, is never re-sent
// or replaced, and refuses changes that would re-invite its user.
func TestAccUserInviteResource_accepted(t *testing.T) {
	srv, url := newInviteTestMock(t, "accepting an invite (a person does that, not the Admin API)")
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
	srv, url := newInviteTestMock(t, "accepting an invite (a person does that, not the Admin API)")
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
	srv, url := newInviteTestMock(t, "changing a stored invite (the Admin API cannot update one)")
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
	srv, url := newInviteTestMock(t, "answers without a usable workspaces field (a patched invite)")
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
	e := newInviteEnv(t)
	email := e.Email("ines")
	created := e.CreateInvite(client.CreateUserInviteRequest{
		Email: email, Role: "member",
		Workspaces: []client.UserInviteWorkspaceInput{{ID: e.alpha, Role: "manager"}, {ID: e.beta, Role: "member"}},
	})
	if !e.Live() {
		// The mock answers what the live API does.
		status, got := rawGet(t, e.URL+"/admin/users/invites/"+created.ID)
		if status != 200 || !strings.Contains(got, `{"id":"`+e.alpha+`","role":"manager"}`) || strings.Contains(got, "workspace_id") {
			t.Fatalf("GET invite: %d %s, want workspaces keyed id", status, got)
		}
	}
	cfg := e.basic(email)
	cfg.Workspaces = [][2]string{{e.alpha, "manager"}, {e.beta, "member"}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.Provider() + fmt.Sprintf(`
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
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(e.alpha), "role": knownvalue.StringExact("manager")}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(e.beta), "role": knownvalue.StringExact("member")}),
					})),
					apiInvites(e.accEnv, []string{email}, email+":pending"),
				},
			},
		},
	})
}

// An invite without workspaces (API-NOTES 9.10, 11.3): created without the
// field, planned empty afterwards, importable, and on acceptance the user
// joins the default workspace only.
func TestAccUserInviteResource_withoutWorkspaces(t *testing.T) {
	e := newInviteEnv(t)
	email := e.Email("nell")
	cfg := e.basic(email)
	cfg.Workspaces = nil
	sameID := statecheck.CompareValue(compare.ValuesSame())
	steps := []resource.TestStep{
		{
			Config: e.config(cfg),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: append([]statecheck.StateCheck{
				sameID.AddStateValue(inviteAddr, stateValue("id")),
				statecheck.ExpectKnownValue(inviteAddr, stateValue("workspaces"), knownvalue.Null()),
				statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("pending")),
				apiInvites(e.accEnv, []string{email}, email+":pending"),
			}, e.MockOnly(inviteAttrs{addr: inviteAddr, fn: func(map[string]any) error {
				for _, r := range e.Mock.Requests() {
					if r.Route == "POST /admin/users/invites" && r.Body != `{"email":"`+email+`","role":"member"}` {
						return fmt.Errorf("create body %s, want no workspaces field", r.Body)
					}
				}
				return nil
			}})...),
		},
		{
			ResourceName:            inviteAddr,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"invite_link", "resend_trigger", "reinvite_when_expired"},
		},
	}
	if !e.Live() {
		// Accepted (only the mock can accept): the user is in the default
		// workspace, and nothing changes.
		steps = append(steps, resource.TestStep{
			PreConfig: func() { e.Must(e.Mock.AcceptInvite(e.newestInviteTo(email), false)) },
			Config:    e.config(cfg),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(inviteAddr, stateValue("id")),
				statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("accepted")),
				inviteAttrs{addr: inviteAddr, fn: func(map[string]any) error {
					ctx := context.Background()
					user, err := e.API.FindUserByEmail(ctx, email)
					if err != nil {
						return err
					}
					all, err := e.API.ListWorkspaces(ctx, client.ListWorkspacesOptions{})
					if err != nil {
						return err
					}
					var joined []string
					for _, ws := range all {
						if _, err := e.API.GetWorkspaceMember(ctx, ws.ID, user.ID); err == nil {
							joined = append(joined, ws.Name)
						}
					}
					if len(joined) != 1 || joined[0] != "Shared Team Workspace" {
						return fmt.Errorf("the invitee joined %v, want only the default workspace", joined)
					}
					return nil
				}},
			},
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// Lifecycle: an invite deleted out of band whose email is no user is gone:
// the plan re-creates it.
func TestAccUserInviteResource_disappears(t *testing.T) {
	e := newInviteEnv(t)
	email := e.Email("nina")
	cfg := e.basic(email)
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            e.config(cfg),
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(inviteAddr, stateValue("id"))},
			},
			{
				PreConfig: func() {
					id := e.newestInviteTo(email)
					e.Must(e.API.DeleteUserInvite(context.Background(), id))
					e.Must(e.Eventually(func() error {
						switch _, err := e.API.GetUserInvite(context.Background(), id); {
						case errors.Is(err, client.ErrNotFound):
							return nil
						case err != nil:
							return fmt.Errorf("reading the deleted invite: %w", err)
						default:
							return fmt.Errorf("the deleted invite still reads")
						}
					}))
				},
				Config: e.config(cfg),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					differentID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("pending")),
					apiInvites(e.accEnv, []string{email}, email+":pending"),
				},
			},
		},
	})
}

// Lifecycle: an expired invite without reinvite_when_expired stays, and the
// plan is empty (ModifyPlan adds a warning, see TestUserInviteModifyPlan).
func TestAccUserInviteResource_expired(t *testing.T) {
	srv, url := newInviteTestMock(t, "expiring an invite (a week of waiting otherwise)")
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
	srv, url := newInviteTestMock(t, "expiring an invite (a week of waiting otherwise)")
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
	srv, url := newInviteTestMock(t, "cancelling an invite (the Admin API can only delete one)")
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
	e := newInviteEnv(t)
	cfg := inviteConfig{Email: e.Email("rosa"), Role: "member", Workspaces: [][2]string{{e.alphaSlug, "admin"}, {e.beta, "member"}}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: e.config(cfg),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(inviteAddr, stateValue("workspaces"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(e.alphaSlug), "role": knownvalue.StringExact("admin")}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(e.beta), "role": knownvalue.StringExact("member")}),
					})),
				},
			},
			{
				Config: e.config(cfg),
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
	srv, url := newInviteTestMock(t, "fault injection (a 403 for one workspace)")
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
	e := newAccEnv(t)
	const ws = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f" // never reached: the plan fails first
	bad := func(mutate func(*inviteConfig), want string) resource.TestStep {
		c := inviteConfig{Email: e.Email("sam"), Role: "member", Workspaces: [][2]string{{ws, "member"}}}
		mutate(&c)
		return resource.TestStep{Config: e.Provider() + c.hcl("test"), PlanOnly: true, ExpectError: regexp.MustCompile(want)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			bad(func(c *inviteConfig) { c.Email = "sam.example.com" }, `Invalid Email Address`),
			bad(func(c *inviteConfig) { c.Role = "owner" }, `(?s)role.*value\s+must\s+be\s+one\s+of`),
			bad(func(c *inviteConfig) { c.Workspaces = [][2]string{{ws, "owner"}} }, `(?s)workspaces.*value\s+must\s+be\s+one\s+of`),
			bad(func(c *inviteConfig) { c.Workspaces = [][2]string{} }, `(?s)workspaces.*at least 1`),
			bad(func(c *inviteConfig) {
				c.Workspaces = [][2]string{{ws, "admin"}, {strings.ToUpper(ws), "member"}}
			}, `Duplicate Invite Workspace`),
			bad(func(c *inviteConfig) { c.Workspaces = [][2]string{{"", "admin"}} }, `(?s)workspaces.*length\s+must\s+be\s+at\s+least\s+1`),
			bad(func(c *inviteConfig) { c.Scopes = []string{} }, `(?s)scopes.*at least 1`),
			bad(func(c *inviteConfig) { c.Scopes = []string{""} }, `(?s)Empty Scope.*scopes.*A\s+scope\s+must\s+not\s+be\s+empty`),
		},
	})
}

func TestAccUserInviteResource_apiErrors(t *testing.T) {
	e := newInviteEnv(t)
	pending, fresh := e.Email("uma"), e.Email("vic")
	e.CreateInvite(client.CreateUserInviteRequest{
		Email: pending, Role: "member", Workspaces: []client.UserInviteWorkspaceInput{{ID: e.alpha, Role: "member"}},
	})
	steps := []resource.TestStep{
		{
			// A pending invite created out of band first.
			Config:      e.config(e.basic(strings.ToUpper(pending))),
			ExpectError: regexp.MustCompile(`(?s)Unable to Create User Invite.*HTTP 409.*AB07.*terraform import`),
		},
		{
			Config: e.Provider() + func() string {
				c := e.basic(fresh)
				c.Workspaces = [][2]string{{"ws-nowhere-000000", "member"}}
				return c.hcl("test")
			}(),
			ExpectError: regexp.MustCompile(`(?s)Unable to Create User Invite.*HTTP 404.*does not exist`),
		},
	}
	if !e.Live() {
		// An invite to someone who is already an organisation user. Only the
		// mock has a user to spare: live, it would mail a real person if
		// Portkey accepted it.
		e.Mock.SeedUser(mockserver.User{Email: e.Email("tess")})
		steps = append(steps, resource.TestStep{
			Config:      e.config(e.basic(e.Email("tess"))),
			ExpectError: regexp.MustCompile(`(?s)Unable to Create User Invite.*User already exists in organisation.*portkey_user`),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
		CheckDestroy: func(*terraform.State) error {
			return e.Eventually(func() error {
				invs, err := e.invitesTo(pending, fresh, e.Email("tess"))
				if err != nil {
					return err
				}
				if len(invs) != 1 || !strings.EqualFold(invs[0].Email, pending) {
					return fmt.Errorf("Portkey's invites %+v, want only the out-of-band one", invs)
				}
				return nil
			})
		},
	})
}

// A create whose answer is lost after Portkey stored the invite adopts that
// invite: exactly one invite, a correct state, no link (a resend mints one).
// inviteCalls checks how many creates and re-sends the mock received.
func inviteCalls(srv *mockserver.Server, creates, resends int) inviteAttrs {
	return inviteAttrs{addr: inviteAddr, fn: func(map[string]any) error {
		if got := []int{srv.Count("POST /admin/users/invites"), srv.Count("POST /admin/users/invites/{id}/resend")}; got[0] != creates || got[1] != resends {
			return fmt.Errorf("creates, re-sends = %v, want [%d %d]", got, creates, resends)
		}
		return nil
	}}
}

// A create whose answer is lost made the invite: it is adopted, once, and
// re-sent at once, so that its link is known.
func TestAccUserInviteResource_commitThenFail(t *testing.T) {
	srv, url := newInviteTestMock(t, "fault injection (a create whose answer is lost)")
	srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/users/invites", CommitThenFail: true})
	cfg := basicInvite("wren@example.com")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + cfg.hcl("test"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(inviteAddr, stateValue("status"), knownvalue.StringExact("pending")),
				statecheck.ExpectKnownValue(inviteAddr, stateValue("invite_link"), knownvalue.StringRegexp(inviteLinkRe)),
				statecheck.ExpectKnownValue(inviteAddr, stateValue("created_at"), knownvalue.StringRegexp(inviteTimeRe)),
				linkMatchesMock(srv),
				mockInvites(srv, "wren@example.com:pending"),
				inviteCalls(srv, 1, 1),
			},
		}},
	})
}

// When the re-send that recovers the link fails too (max_retries = 0: once,
// its answer lost), the invite is kept with a warning naming it, and the
// next plan re-sends it.
func TestAccUserInviteResource_linkLostThenResent(t *testing.T) {
	srv, url := newInviteTestMock(t)
	srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/users/invites", CommitThenFail: true})
	srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/users/invites/*", CommitThenFail: true, Reset: true})
	cfg := strings.Replace(providerBlock(url), `request_timeout = "10s"`, `request_timeout = "10s"
  max_retries     = 0`, 1) + basicInvite("yara@example.com").hcl("test")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("invite_link"), knownvalue.Null()),
					inviteCalls(srv, 1, 1),
				},
				ExpectNonEmptyPlan: true, // the next plan re-sends
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(inviteAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(inviteAddr, stateValue("invite_link")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(inviteAddr, stateValue("id")),
					statecheck.ExpectKnownValue(inviteAddr, stateValue("invite_link"), knownvalue.StringRegexp(inviteLinkRe)),
					linkMatchesMock(srv),
					mockInvites(srv, "yara@example.com:pending"),
					inviteCalls(srv, 1, 2),
				},
			},
		},
	})
}

// A create that fails without an answer and stored nothing is sent again
// once the lookup proves that nothing was created.
func TestAccUserInviteResource_ambiguousNothingStored(t *testing.T) {
	srv, url := newInviteTestMock(t)
	srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/users/invites", Status: 503, RetryAfter: "1"})
	cfg := basicInvite("xena@example.com")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(url) + cfg.hcl("test"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(inviteAddr, stateValue("invite_link"), knownvalue.StringRegexp(inviteLinkRe)),
				linkMatchesMock(srv),
				mockInvites(srv, "xena@example.com:pending"),
				inviteCalls(srv, 2, 0),
			},
		}},
	})
}
