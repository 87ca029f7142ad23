package provider

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/sweep"
)

// Where the acceptance tests run.
//
// Mock mode (the default): every test gets its own in-process mock Admin API.
//
// Live mode (PORTKEY_LIVE_API_KEY set, make testacc-live): the live-capable
// tests run against the organisation of that key, at PORTKEY_LIVE_BASE_URL
// (default https://api.portkey.ai/v1), all of them in one organisation that
// also holds other people's objects. They start from newAccEnv, name what
// they create with accEnv.Name and accEnv.Email ("tf-acc-<label>-<suffix>",
// which make sweep-live deletes if a run leaves it behind), make their
// out-of-band changes through the Admin API (accEnv.API), and leave out the
// checks only the mock can answer (accEnv.MockOnly). Tests that need the
// mock's hooks or faults start from newTestMock or mockOnly, which skip in
// live mode naming what they need.
//
// The live key never appears in a configuration a test writes: TestMain
// hands it to the provider as PORTKEY_API_KEY, once, before any test runs
// (t.Setenv cannot be used in parallel tests), and the live provider block
// leaves api_key out.

const (
	envLiveAPIKey  = "PORTKEY_LIVE_API_KEY"
	envLiveBaseURL = "PORTKEY_LIVE_BASE_URL"
)

// liveBaseURL is the Admin API of live mode, "" in mock mode. TestMain sets
// it; nothing changes it afterwards.
var liveBaseURL string

// liveSettle bounds how long a live-mode check waits for Portkey's reads to
// show a write (they may lag behind it, API-NOTES 11.1).
const liveSettle = 60 * time.Second

func TestMain(m *testing.M) {
	if key := os.Getenv(envLiveAPIKey); key != "" {
		liveBaseURL = os.Getenv(envLiveBaseURL)
		if liveBaseURL == "" {
			liveBaseURL = client.DefaultBaseURL
		}
		if err := os.Setenv(envAPIKey, key); err != nil {
			fmt.Fprintf(os.Stderr, "live mode: %v\n", err)
			os.Exit(2)
		}
	}
	os.Exit(m.Run())
}

// liveMode reports whether the suite runs against a real organisation.
func liveMode() bool { return liveBaseURL != "" }

// mockOnly skips t in live mode, naming what it needs that only the mock
// gives (its hooks, its faults, its request log, users it seeds).
func mockOnly(t *testing.T, needs ...string) {
	t.Helper()
	if !liveMode() {
		return
	}
	what := "the mock's hooks"
	if len(needs) > 0 {
		what = strings.Join(needs, "; ")
	}
	t.Skipf("live mode: needs the mock: %s", what)
}

// newTestMock starts a mock Admin API for one test and returns it with the
// base URL to put in the provider block. It is for tests that need the
// mock's hooks or faults: in live mode it skips the test, naming what it
// needs (needs; the mock's hooks when none is given).
func newTestMock(t *testing.T, needs ...string) (*mockserver.Server, string) {
	t.Helper()
	mockOnly(t, needs...)
	srv := mockserver.New(mockserver.Options{APIKeys: []string{testAdminKey}})
	return srv, srv.Start(t)
}

// accEnv is where one acceptance test runs: its own mock, or the live
// organisation.
type accEnv struct {
	t *testing.T
	// URL is the Admin API's base URL (the mock's, or the live one).
	URL string
	// Mock is the test's mock; nil in live mode.
	Mock *mockserver.Server
	// API is an Admin API client for the test's own changes and checks,
	// made as a person in Portkey's UI would make them.
	API    *client.Client
	suffix string
	key    string // the admin key of API; never printed
}

// newAccEnv starts a mock in mock mode (mockOpts adjust its options, such
// as a clock the test moves); in live mode it points at the live
// organisation.
func newAccEnv(t *testing.T, mockOpts ...func(*mockserver.Options)) *accEnv {
	t.Helper()
	e := &accEnv{t: t, URL: liveBaseURL, suffix: randomSuffix(t)}
	key := os.Getenv(envAPIKey)
	if !liveMode() {
		opts := mockserver.Options{APIKeys: []string{testAdminKey}}
		for _, o := range mockOpts {
			o(&opts)
		}
		e.Mock = mockserver.New(opts)
		e.URL, key = e.Mock.Start(t), testAdminKey
	}
	c, err := client.New(client.Config{BaseURL: e.URL, APIKey: key, MaxRetries: -1, UserAgent: "terraform-provider-portkey/acceptance-test"})
	if err != nil {
		t.Fatal(err)
	}
	e.API, e.key = c, key
	return e
}

// getJSON reads path under the Admin API and decodes the answer as sent
// (for checks of fields the client does not keep).
func (e *accEnv) getJSON(path string, out any) error {
	req, err := http.NewRequestWithContext(e.ctx(), http.MethodGet, e.URL+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("x-portkey-api-key", e.key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: HTTP %d: %s", path, resp.StatusCode, body)
	}
	return json.Unmarshal(body, out)
}

// Live reports whether e is the live organisation.
func (e *accEnv) Live() bool { return e.Mock == nil }

// Provider is the provider block: the mock's URL and key, or in live mode
// the base URL only (the key comes from PORTKEY_API_KEY).
func (e *accEnv) Provider() string {
	if !e.Live() {
		return providerBlock(e.URL)
	}
	return fmt.Sprintf(`
provider "portkey" {
  base_url = %q
}
`, e.URL)
}

// Name is the name of an object the test creates: "tf-acc-<label>-<suffix>",
// unique to this test's run.
func (e *accEnv) Name(label string) string {
	return sweep.Prefix + label + "-" + e.suffix
}

// Email is an address for an invite: "tf-acc-<label>-<suffix>@example.com".
func (e *accEnv) Email(label string) string {
	return e.Name(label) + "@example.com"
}

// MockOnly returns checks only in mock mode: the assertions only the mock
// can answer (its request log, the secrets it minted, what it stored that
// the API does not return). Live mode runs the rest of the step without
// them.
func (e *accEnv) MockOnly(checks ...statecheck.StateCheck) []statecheck.StateCheck {
	if e.Live() {
		return nil
	}
	return checks
}

// MockCheck is check in mock mode; in live mode it checks nothing. It
// marks, inline, an assertion only the mock can answer (a request count,
// the secret it minted), which the live run leaves out.
func (e *accEnv) MockCheck(check statecheck.StateCheck) statecheck.StateCheck {
	if e.Live() {
		return skippedCheck{}
	}
	return check
}

type skippedCheck struct{}

func (skippedCheck) CheckState(context.Context, statecheck.CheckStateRequest, *statecheck.CheckStateResponse) {
}

// clearRequests clears the mock's request log; live mode has none.
func (e *accEnv) clearRequests() {
	if !e.Live() {
		e.Mock.ClearRequests()
	}
}

// Eventually runs check until it passes. In live mode it retries for up to
// liveSettle, as Portkey's reads may lag behind a write; the mock answers
// at once, so there it runs once.
func (e *accEnv) Eventually(check func() error) error {
	deadline := time.Now().Add(liveSettle)
	for {
		err := check()
		if err == nil || !e.Live() || time.Now().After(deadline) {
			return err
		}
		time.Sleep(time.Second)
	}
}

// Must fails the test on err; for PreConfig functions and setup.
func (e *accEnv) Must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// ctx is the context of the test's own API calls: it ends with the test,
// before its cleanups run.
func (e *accEnv) ctx() context.Context { return e.t.Context() }

// Workspace creates a workspace named e.Name(label) through the API and
// deletes it when the test ends (after Terraform's destroy).
func (e *accEnv) Workspace(label string) *client.Workspace {
	e.t.Helper()
	return e.CreateWorkspace(client.CreateWorkspaceRequest{Name: e.Name(label)})
}

// CreateWorkspace creates a workspace through the API, as a person would in
// Portkey, waits until reads show it, and deletes it when the test ends.
// req.Name must carry the prefix (e.Name).
func (e *accEnv) CreateWorkspace(req client.CreateWorkspaceRequest) *client.Workspace {
	e.t.Helper()
	if !sweep.Matches(sweep.KindWorkspace, req.Name) {
		e.t.Fatalf("workspace name %q lacks the %s prefix: use accEnv.Name", req.Name, sweep.Prefix)
	}
	ws, err := e.API.CreateWorkspace(e.ctx(), req)
	if err != nil {
		e.t.Fatalf("creating workspace %s: %v", req.Name, err)
	}
	e.t.Cleanup(func() { e.deleteWorkspace(ws.ID, ws.PlainName()) })
	var got *client.Workspace
	e.Must(e.Eventually(func() error { got, err = e.API.GetWorkspace(e.ctx(), ws.ID); return err }))
	return got
}

// DefaultWorkspace is the organisation's default workspace.
func (e *accEnv) DefaultWorkspace() client.Workspace {
	e.t.Helper()
	all, err := e.API.ListWorkspaces(e.ctx(), client.ListWorkspacesOptions{})
	e.Must(err)
	for _, ws := range all {
		if ws.IsDefault == 1 {
			return ws
		}
	}
	e.t.Fatal("the organisation has no default workspace")
	return client.Workspace{}
}

// deleteWorkspace deletes a workspace the test made, unless it is gone.
func (e *accEnv) deleteWorkspace(id, name string) {
	err := e.API.DeleteWorkspace(context.Background(), id, name)
	if err != nil && !errors.Is(err, client.ErrNotFound) && !errors.Is(err, client.ErrForbidden) {
		e.t.Errorf("cleanup: deleting workspace %s (%s): %v; make sweep-live removes it", name, id, err)
	}
}

// randomSuffix is 8 random lowercase letters and digits.
func randomSuffix(t *testing.T) string {
	t.Helper()
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// The harness itself: names carry the prefix and a suffix unique to the
// test, and the live provider block holds no key (the provider reads it from
// PORTKEY_API_KEY), while the mock's holds the mock's.
func TestLiveModeHarness(t *testing.T) {
	t.Parallel()
	a := &accEnv{t: t, URL: "https://portkey.example.com/v1", suffix: randomSuffix(t), key: "pk-live-secret-1f2e3d"}
	b := &accEnv{t: t, suffix: randomSuffix(t)}
	if !strings.HasPrefix(a.Name("ws"), sweep.Prefix+"ws-") || !sweep.Matches(sweep.KindWorkspace, a.Name("ws")) {
		t.Errorf("Name = %q, want the %s prefix", a.Name("ws"), sweep.Prefix)
	}
	if email := a.Email("dana"); !sweep.Matches(sweep.KindUserInvite, email) || !strings.HasSuffix(email, "@example.com") {
		t.Errorf("Email = %q", email)
	}
	if a.Name("ws") == b.Name("ws") {
		t.Errorf("two tests share the name %q", a.Name("ws"))
	}
	block := a.Provider()
	if strings.Contains(block, a.key) || strings.Contains(block, "api_key") || !strings.Contains(block, a.URL) {
		t.Errorf("the live provider block must name the base URL and no key:\n%s", block)
	}
	a.Mock = mockserver.New(mockserver.Options{APIKeys: []string{testAdminKey}})
	if !strings.Contains(a.Provider(), testAdminKey) {
		t.Errorf("the mock's provider block lacks the mock's key:\n%s", a.Provider())
	}
	if checks := a.MockOnly(skippedCheck{}); len(checks) != 1 {
		t.Errorf("MockOnly left out a check in mock mode")
	}
	a.Mock = nil
	if checks := a.MockOnly(skippedCheck{}); len(checks) != 0 {
		t.Errorf("MockOnly kept a check in live mode")
	}
}
