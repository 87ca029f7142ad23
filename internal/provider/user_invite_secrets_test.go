package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// TestAccUserInvite_linkNeverLogged creates an invite, re-sends it (a new
// link), adopts an invite whose create answer was lost (a warning
// diagnostic), and reads invites through both data sources, with Terraform's
// and the provider's logs at TRACE; then it searches the log for every invite
// link Portkey minted and for the provider's key. It is not parallel: the log
// settings are process environment variables (t.Setenv).
func TestAccUserInvite_linkNeverLogged(t *testing.T) {
	mockOnly(t, "every invite link the mock minted (to search the trace log for), and fault injection")
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", logFile)
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	t.Setenv("TF_LOG_CORE", "TRACE")
	t.Setenv("TF_LOG_PROVIDER", "TRACE")
	t.Setenv("TF_LOG_SDK_FRAMEWORK", "TRACE")
	t.Setenv("TF_LOG_SDK_PROTO_DATA_DIR", "")
	// The provider's key comes from the environment, as in real use.
	t.Setenv(envAPIKey, testAdminKey)

	srv, url := newInviteTestMock(t)
	keyInHCL := fmt.Sprintf("  api_key         = %q\n", testAdminKey)
	block := providerBlock(url)
	if !strings.Contains(block, keyInHCL) {
		t.Fatal("the provider block changed: update this test")
	}
	block = strings.Replace(block, keyInHCL, "", 1)

	// Every link Portkey minted: each one the state held, and the mock's
	// current link of every invite (the adopted invite's link never reached
	// the provider).
	var mu sync.Mutex
	var links []string
	collect := inviteAttrs{addr: inviteAddr, fn: func(a map[string]any) error {
		mu.Lock()
		defer mu.Unlock()
		if l, _ := a["invite_link"].(string); l != "" {
			links = append(links, l)
		}
		for _, inv := range srv.Invites() {
			if l, err := srv.InviteLink(inv.ID); err == nil {
				links = append(links, l)
			}
		}
		return nil
	}}

	cfg := basicInvite("tara@example.com")
	resent := cfg
	resent.ResendTrigger = "again"
	adopted := basicInvite("ugo@example.com").hcl("adopted")
	dataSources := `
data "portkey_user_invite" "tara" {
  email      = "tara@example.com"
  depends_on = [portkey_user_invite.test]
}

data "portkey_user_invites" "all" {
  depends_on = [portkey_user_invite.test, portkey_user_invite.adopted]
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: block + cfg.hcl("test"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(inviteAddr, stateValue("invite_link"), knownvalue.StringRegexp(inviteLinkRe)),
					collect,
				},
			},
			{
				Config: block + resent.hcl("test"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(inviteAddr, stateValue("invite_link"), knownvalue.StringRegexp(inviteLinkRe)),
					linkMatchesMock(srv),
					collect,
				},
			},
			{
				// A create whose answer is lost: adopted, then re-sent to
				// recover its link, each re-send (max_retries + 1 of them)
				// minting a link whose answer is lost too: kept without a
				// link, with a warning diagnostic.
				PreConfig: func() {
					srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/users/invites", CommitThenFail: true, Status: 502})
					srv.InjectFault(mockserver.Fault{Method: "POST", Path: "/admin/users/invites/*", CommitThenFail: true, Reset: true, Times: 5})
				},
				Config: block + resent.hcl("test") + adopted + dataSources,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("portkey_user_invite.adopted", stateValue("invite_link"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.portkey_user_invites.all", stateValue("invites"), knownvalue.ListSizeExact(2)),
					collect,
				},
				ExpectNonEmptyPlan: true, // the next plan re-sends it
			},
		},
	})

	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatalf("reading the TRACE log: %v", err)
	}
	log := string(raw)
	// Evidence that the log holds what the check is about, so it can fail:
	// the invite calls with redacted bodies, the resend, the adoption's
	// warning and the data sources' reads.
	for _, want := range []string{
		"Portkey API response body", "/admin/users/invites", "/resend", "[REDACTED]",
		"Created Without Its Link", "Has No Link", "ReadDataSource",
	} {
		if !strings.Contains(log, want) {
			t.Fatalf("the TRACE log (%d bytes) lacks %q: the secret check would prove nothing", len(raw), want)
		}
	}
	mu.Lock()
	secrets := append([]string{testAdminKey}, links...)
	mu.Unlock()
	distinct := map[string]bool{}
	for _, s := range secrets {
		distinct[s] = true
	}
	if len(distinct) < 4 { // the provider's key, the first link, the re-sent one, the adopted invite's
		t.Fatalf("only %d distinct secrets to look for", len(distinct))
	}
	for s := range distinct {
		if i := strings.Index(log, s); i >= 0 {
			start := max(0, i-300)
			t.Errorf("the TRACE log contains a secret (%s…) in: %q", s[:12], strings.ReplaceAll(log[start:i], "\n", " | "))
		}
	}
}
