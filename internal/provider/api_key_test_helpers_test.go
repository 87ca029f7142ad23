package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// Shared helpers of the API key tests.

const akAddr = "portkey_api_key.test"

// akEnv is one test's environment with two workspaces (made through the
// API) and, in mock mode, two organisation users (seeded: users join only
// through invites, so live mode has none to spare).
type akEnv struct {
	*accEnv
	srv              *mockserver.Server // the test's mock; nil in live mode
	url              string
	wsA, wsASlug     string
	wsB, wsBSlug     string
	user1, user2     string
	user1Email       string
	defaultWorkspace string
	orgID            string
}

func newAPIKeyTestEnv(t *testing.T) *akEnv {
	t.Helper()
	return newAPIKeyTestEnvWith(t, mockserver.Options{})
}

// newAPIKeyTestEnvWith is newAPIKeyTestEnv with a mock of these options (in
// mock mode; the test admin key added).
func newAPIKeyTestEnvWith(t *testing.T, opts mockserver.Options) *akEnv {
	t.Helper()
	// The lag starts once the environment is set up: its workspaces are made
	// through the API and read back at once.
	lag := opts.Lag
	opts.Lag = nil
	ae := newAccEnv(t, func(o *mockserver.Options) {
		keys := o.APIKeys
		*o = opts
		o.APIKeys = append(append([]string{}, opts.APIKeys...), keys...)
	})
	a, b := ae.Workspace("keys-a"), ae.Workspace("keys-b")
	for kind, d := range lag {
		if err := ae.Mock.SetLag(kind, d); err != nil {
			t.Fatal(err)
		}
	}
	e := &akEnv{
		accEnv: ae, srv: ae.Mock, url: ae.URL,
		wsA: a.ID, wsASlug: a.Slug, wsB: b.ID, wsBSlug: b.Slug,
		defaultWorkspace: ae.DefaultWorkspace().ID, orgID: a.OrganisationID,
	}
	if !ae.Live() {
		e.user1Email = "dev1@example.com"
		e.user1 = e.srv.SeedUser(mockserver.User{Email: e.user1Email, FirstName: "Dev", LastName: "One"}).ID
		e.user2 = e.srv.SeedUser(mockserver.User{Email: "dev2@example.com", FirstName: "Dev", LastName: "Two"}).ID
	}
	return e
}

// keyRE matches a key's secret: the mock's exact format, or in live mode
// any unmasked token.
func (e *akEnv) keyRE() *regexp.Regexp {
	if e.Live() {
		return regexp.MustCompile(`^[^*\s]{16,}$`)
	}
	return akKeyRE
}

// hintRE matches a key's masked form: the mock's exact format, or in live
// mode any string with a run of asterisks.
func (e *akEnv) hintRE() *regexp.Regexp {
	if e.Live() {
		return regexp.MustCompile(`^\S*\*{3,}\S*$`)
	}
	return akHintRE
}

// akNeedsUser skips a user-key combination in live mode: it needs a user
// to own the key, and the mock seeds one.
func akNeedsUser(t *testing.T, c apiKeyCombo) {
	t.Helper()
	if c.sub == "user" {
		mockOnly(t, "a user to own the key (users join only through invites; the mock seeds one)")
	}
}

// apiKeyCombo is one of the three kinds of key that exist.
type apiKeyCombo struct{ name, typ, sub string }

var apiKeyCombos = []apiKeyCombo{
	{"organisation_service", "organisation", "service"},
	{"workspace_service", "workspace", "service"},
	{"workspace_user", "workspace", "user"},
}

// identity is the HCL of a combo's identity attributes, in workspace wsRef.
func (e *akEnv) identity(c apiKeyCombo, wsRef, user string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  type     = %q\n  sub_type = %q\n", c.typ, c.sub)
	if c.typ == "workspace" {
		fmt.Fprintf(&b, "  workspace_id = %q\n", wsRef)
	}
	if c.sub == "user" {
		fmt.Fprintf(&b, "  user_id      = %q\n", user)
	}
	return b.String()
}

// config is the provider block plus portkey_api_key.test with the combo's
// identity and the given body.
func (e *akEnv) config(c apiKeyCombo, body string) string {
	return e.configIn(c, e.wsA, e.user1, body)
}

func (e *akEnv) configIn(c apiKeyCombo, wsRef, user, body string) string {
	return e.Provider() + fmt.Sprintf(`
resource "portkey_api_key" "test" {
%s%s}
`, e.identity(c, wsRef, user), e.body(body))
}

var (
	akNameLine   = regexp.MustCompile(`(?m)^(\s*name\s*=\s*)"([^"]*)"`)
	akConfigLine = regexp.MustCompile(`(?m)^\s*config_id\s*=.*\n`)
)

// body adapts a key's HCL body to the environment: the name "ci" becomes
// e.Name("ci"), and in live mode config_id goes (the organisation holds no
// config the test knows of).
func (e *akEnv) body(body string) string {
	body = akNameLine.ReplaceAllStringFunc(body, func(line string) string {
		m := akNameLine.FindStringSubmatch(line)
		return m[1] + fmt.Sprintf("%q", e.Name(m[2]))
	})
	if e.Live() {
		body = akConfigLine.ReplaceAllString(body, "")
	}
	return body
}

// has is akMockHas for the environment: in live mode the config_id
// expectations go, with the config_id the body lost.
func (e *akEnv) has(want map[string]any) func(k map[string]any) error {
	if e.Live() {
		trimmed := map[string]any{}
		for k, v := range want {
			if k != "defaults.config_id" {
				trimmed[k] = v
			}
		}
		want = trimmed
	}
	return akMockHas(want)
}

// akState adapts a function of the state to a state check.
type akState func(*tfjson.State) error

func (f akState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f(req.State)
}

// akPlan adapts a function of the plan to a plan check.
type akPlan func(*tfjson.Plan) error

func (f akPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f(req.Plan)
}

// akCheck adapts a function to both kinds of check.
type akCheck func() error

func (f akCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

func (f akCheck) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f()
}

// akTestResource finds portkey_api_key.test in the state.
func akTestResource(s *tfjson.State) (*tfjson.StateResource, error) {
	if s == nil || s.Values == nil || s.Values.RootModule == nil {
		return nil, fmt.Errorf("no state")
	}
	for _, r := range s.Values.RootModule.Resources {
		if r.Address == akAddr {
			return r, nil
		}
	}
	return nil, fmt.Errorf("%s is not in the state", akAddr)
}

// akAPIKey reads portkey_api_key.test through the Admin API (GET
// /api-keys/{id}, the JSON as answered) and runs check on it, until it
// passes in live mode (reads may lag).
func akAPIKey(e *akEnv, check func(k map[string]any) error) statecheck.StateCheck {
	return akState(func(s *tfjson.State) error {
		r, err := akTestResource(s)
		if err != nil {
			return err
		}
		id, _ := r.AttributeValues["id"].(string)
		return e.Eventually(func() error {
			var k map[string]any
			if err := e.getJSON("/api-keys/"+id, &k); err != nil {
				return err
			}
			if err := check(k); err != nil {
				return fmt.Errorf("Portkey's key %s: %w", id, err)
			}
			return nil
		})
	})
}

// akSecretMatchesMock checks that the key of portkey_api_key.test in state
// is the mock's current secret.
func akSecretMatchesMock(srv *mockserver.Server) statecheck.StateCheck {
	return akState(func(s *tfjson.State) error {
		r, err := akTestResource(s)
		if err != nil {
			return err
		}
		secret, err := srv.APIKeySecret(r.AttributeValues["id"].(string))
		if err != nil {
			return err
		}
		if r.AttributeValues["key"] != secret {
			return fmt.Errorf("the key in state is not the key's current secret")
		}
		return nil
	})
}

// akRequestsWith counts the logged requests of method whose path starts
// with prefix and whose body contains fragment.
func akRequestsWith(srv *mockserver.Server, method, prefix, fragment string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, prefix) && strings.Contains(r.Body, fragment) {
			n++
		}
	}
	return n
}

// akSecrets are every secret a test must never see outside `key`: the
// provider's key and every key the mock minted.
func akSecrets(srv *mockserver.Server) []string {
	return append([]string{testAdminKey}, srv.MintedAPIKeySecrets()...)
}

// secrets are what must never show outside a key's sensitive `key`: the
// admin key and, on the mock, every key it minted (live, the test cannot
// know the secrets Portkey mints for ephemeral keys).
func (e *akEnv) secrets() []string {
	if e.Live() {
		return []string{e.key}
	}
	return akSecrets(e.srv)
}

// noSecretsAnywhere is akNoSecretsAnywhere for the environment; live, it
// searches the whole document for the admin key (the live configuration
// never holds it).
func (e *akEnv) noSecretsAnywhere(what string, doc any, minSecrets int) error {
	if !e.Live() {
		return akNoSecretsAnywhere(e.srv, what, doc, minSecrets)
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	if strings.Contains(string(raw), e.key) {
		return fmt.Errorf("the %s contains the admin key", what)
	}
	return nil
}

// akNoSecretsOutsideKey checks that no secret appears in the state except in
// the sensitive `key` of portkey_api_key resources (minSecrets guards
// against a check that proves nothing).
func akNoSecretsOutsideKey(srv *mockserver.Server, minSecrets int) statecheck.StateCheck {
	return akState(func(s *tfjson.State) error {
		secrets := akSecrets(srv)
		if len(secrets) < minSecrets+1 {
			return fmt.Errorf("only %d secrets minted, want at least %d", len(secrets)-1, minSecrets)
		}
		for _, r := range s.Values.RootModule.Resources {
			for name, v := range r.AttributeValues {
				if r.Type == "portkey_api_key" && r.Mode == tfjson.ManagedResourceMode && name == "key" {
					continue
				}
				raw, _ := json.Marshal(v)
				for _, sec := range secrets {
					if strings.Contains(string(raw), sec) {
						return fmt.Errorf("%s.%s holds a secret", r.Address, name)
					}
				}
			}
			if r.Type == "portkey_api_key" && r.Mode == tfjson.ManagedResourceMode {
				var sens map[string]any
				_ = json.Unmarshal(r.SensitiveValues, &sens)
				if sens["key"] != true {
					return fmt.Errorf("%s.key is not marked sensitive: %s", r.Address, r.SensitiveValues)
				}
			}
		}
		raw, _ := json.Marshal(s.Values.Outputs)
		for _, sec := range secrets {
			if strings.Contains(string(raw), sec) {
				return fmt.Errorf("an output holds a secret")
			}
		}
		return nil
	})
}

// akNoSecretsAnywhere checks a whole JSON document (state or plan) for
// every secret. A plan's configuration section is checked for minted secrets
// only: it echoes the test's HCL, which writes the provider's key literally.
func akNoSecretsAnywhere(srv *mockserver.Server, what string, doc any, minSecrets int) error {
	if p, ok := doc.(*tfjson.Plan); ok && p != nil {
		rest := *p
		rest.Config = nil
		cfgOnly := tfjson.Plan{Config: p.Config}
		if err := akNoMintedSecrets(srv, what+" configuration", cfgOnly); err != nil {
			return err
		}
		doc = rest
	}
	secrets := akSecrets(srv)
	if len(secrets) < minSecrets+1 {
		return fmt.Errorf("only %d secrets minted, want at least %d: the check would prove nothing", len(secrets)-1, minSecrets)
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	for _, sec := range secrets {
		if strings.Contains(string(raw), sec) {
			return fmt.Errorf("the %s contains a secret (%s…)", what, sec[:5])
		}
	}
	return nil
}

func akNoMintedSecrets(srv *mockserver.Server, what string, doc any) error {
	raw, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	for _, sec := range srv.MintedAPIKeySecrets() {
		if strings.Contains(string(raw), sec) {
			return fmt.Errorf("the %s contains a minted secret", what)
		}
	}
	return nil
}
