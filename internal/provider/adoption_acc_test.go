package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// TestAccAdoption_organisation adopts a whole organisation as the guide
// (docs/guides/adopting-an-organisation.md) tells users to: one query file
// that lists every kind (members through a for_each over the listed
// workspaces), `terraform query -generate-config-out`, then `terraform plan`,
// which must import everything and change nothing, then apply and plan again
// (empty). The configuration and query are the guide's own files. The organisation is newOrgFixture's: three workspaces besides the
// default one, ten memberships, invites in all four statuses, six API keys of
// every type. It needs Terraform >= 1.14 (see requireQueryCLI).

// adoptionDir holds the guide's configuration and query, used as they are.
var adoptionDir = filepath.Join("..", "..", "examples", "guides", "adopting-an-organisation")

func TestAccAdoption_organisation(t *testing.T) {
	mockOnly(t, "an organisation of known content (seeded users; no one else's objects to adopt)")
	terraform := requireQueryCLI(t)
	t.Parallel()
	f := newOrgFixture(t)
	bin := t.TempDir()
	buildProvider(t, bin)
	cli := newTFCLI(t, terraform, bin, f.url)
	for _, name := range []string{"main.tf", "adopt.tfquery.hcl"} {
		data, err := os.ReadFile(filepath.Join(adoptionDir, name))
		if err != nil {
			t.Fatal(err)
		}
		cli.write(name, data)
	}

	// A plain query lists identities: the list calls alone (and one GET per
	// workspace for the member lists).
	f.srv.ClearRequests()
	cli.mustRun("query", "query", "-no-color")
	counts, total := requestsLogged(t, f.srv, "terraform query")
	for route, n := range map[string]int{
		"GET /admin/workspaces": 1, "GET /admin/workspaces/{id}": 4, "GET /admin/workspaces/{ws}/users": 4,
		"GET /admin/users": 1, "GET /admin/users/invites": 1, "GET /api-keys": 1,
	} {
		if counts[route] != n {
			t.Errorf("the query made %d requests %s, want %d", counts[route], route, n)
		}
	}
	if total != 12 {
		t.Errorf("the query made %d requests, want 12", total)
	}

	f.srv.ClearRequests()
	out := cli.mustRun("query -generate-config-out", "query", "-generate-config-out=adopt.tf", "-no-color")
	counts, total = requestsLogged(t, f.srv, "terraform query -generate-config-out")

	// 4 workspaces, 13 memberships (the ten seeded, the owner's in the default
	// workspace, ivan's two from his accepted invite), 6 users (the owner left
	// out), 4 invites, 6 keys.
	want := map[string]int{"portkey_workspace": 4, "portkey_workspace_member": 13, "portkey_user": 6, "portkey_user_invite": 4, "portkey_api_key": 6}
	for typeName, n := range want {
		if got := regexp.MustCompile(`(?m)^list\.`+typeName+`\.all\S*\s+\S+`).FindAllString(out, -1); len(got) != n {
			t.Errorf("the query shows %d %s results, want %d:\n%s", len(got), typeName, n, out)
		}
	}
	if !strings.Contains(out, "Warning: Organisation Owner Not Listed") {
		t.Errorf("the query does not say the owner is left out:\n%s", out)
	}
	// One list call per kind (and per workspace for members), one GET per
	// object, plus one workspace GET per member list for the workspace's UUID.
	for route, n := range map[string]int{
		"GET /admin/workspaces": 1, "GET /admin/workspaces/{id}": 4 + 4,
		"GET /admin/workspaces/{ws}/users": 4, "GET /admin/workspaces/{ws}/users/{user}": 13,
		"GET /admin/users": 1, "GET /admin/users/{id}": 6,
		"GET /admin/users/invites": 1, "GET /admin/users/invites/{id}": 4,
		"GET /api-keys": 1, "GET /api-keys/{id}": 6,
	} {
		if counts[route] != n {
			t.Errorf("the query made %d requests %s, want %d", counts[route], route, n)
		}
	}
	if total != 45 {
		t.Errorf("the query made %d requests, want 45", total)
	}

	raw, err := os.ReadFile(filepath.Join(cli.dir, "adopt.tf"))
	if err != nil {
		t.Fatal(err)
	}
	gen := string(raw)
	imports := 0
	for typeName, n := range want {
		imports += n
		if got := strings.Count(gen, `resource "`+typeName+`" `); got != n {
			t.Errorf("adopt.tf declares %d %s, want %d", got, typeName, n)
		}
	}
	if got := strings.Count(gen, "import {"); got != imports {
		t.Errorf("adopt.tf has %d import blocks, want %d", got, imports)
	}
	for _, leftOut := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^  key\s+=`), // secrets, computed
		regexp.MustCompile(`invite_link`),    // secrets, computed
		regexp.MustCompile(`(?m)^  (id|slug|status|created_at|key_hint|organisation_id|workspace_ids)\s+=`), // computed
		regexp.MustCompile(`allow_config_override\s+=\s+false`),                                             // its default
		regexp.MustCompile(`reinvite_when_expired`),                                                         // its default
		regexp.MustCompile(`key_transition_period_ms\s+=\s+1800000`),                                        // its default
		regexp.MustCompile(`email\s+=\s+"` + regexp.QuoteMeta(f.owner.Email) + `"`),                         // the owner
		regexp.MustCompile(`resource "portkey_user" "[^"]+" \{[^}]*user_id`),                                // a user named by email and by id
	} {
		if m := leftOut.FindString(gen); m != "" {
			t.Errorf("adopt.tf writes %q, which it must leave out", m)
		}
	}
	for _, s := range f.srv.MintedAPIKeySecrets() {
		if strings.Contains(gen, s) || strings.Contains(out, s) {
			t.Fatal("a minted API key secret reached the query's output or adopt.tf")
		}
	}

	// The plan imports everything and changes nothing.
	f.srv.ClearRequests()
	plan := cli.mustRun("plan", "plan", "-out=adopt.tfplan", "-input=false", "-no-color")
	requestsLogged(t, f.srv, "terraform plan (the imports)")
	summary := regexp.MustCompile(`Plan: .*`).FindString(plan)
	t.Logf("terraform plan: %s", summary)
	if wantSummary := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", imports); summary != wantSummary {
		t.Fatalf("plan summary %q, want %q:\n%s", summary, wantSummary, plan)
	}
	showJSON := cli.mustRun("show", "show", "-json", "adopt.tfplan")
	var shown struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions   []string        `json:"actions"`
				Importing json.RawMessage `json:"importing"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(showJSON), &shown); err != nil {
		t.Fatal(err)
	}
	if len(shown.ResourceChanges) != imports {
		t.Fatalf("the plan has %d resource changes, want %d", len(shown.ResourceChanges), imports)
	}
	for _, rc := range shown.ResourceChanges {
		if strings.Join(rc.Change.Actions, ",") != "no-op" || len(rc.Change.Importing) == 0 {
			t.Errorf("%s: actions %v, importing %s; want an import with no change", rc.Address, rc.Change.Actions, rc.Change.Importing)
		}
	}
	// Every plan of an invite that expired or was cancelled warns, by design.
	if n := strings.Count(plan, "User Invite Not Accepted"); n != 1 || !strings.Contains(plan, "(and one more similar warning elsewhere)") {
		t.Errorf("plan warnings: want the two invites not accepted:\n%s", plan)
	}

	cli.mustRun("apply", "apply", "-input=false", "-no-color", "adopt.tfplan")
	cli.mustRun("the plan after the adoption (it must be empty)", "plan", "-detailed-exitcode", "-input=false", "-no-color")
}

// requestsLogged logs the requests the mock saw, by route, and returns them
// with their total.
func requestsLogged(t *testing.T, srv *mockserver.Server, what string) (map[string]int, int) {
	t.Helper()
	counts := srv.Counts()
	total := 0
	var routes []string
	for route, n := range counts {
		total += n
		routes = append(routes, fmt.Sprintf("%-40s %d", route, n))
	}
	sort.Strings(routes)
	t.Logf("%s made %d requests:\n  %s", what, total, strings.Join(routes, "\n  "))
	return counts, total
}
