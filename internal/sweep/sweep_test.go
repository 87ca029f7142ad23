package sweep

import (
	"bytes"
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

const testKey = "pk-sweep-test-admin"

// sweepFixture is an organisation holding objects with and without the
// prefix, of every kind a sweep knows and of one it must never touch
// (users).
type sweepFixture struct {
	srv *mockserver.Server
	c   *client.Client
}

func newSweepFixture(t *testing.T) sweepFixture {
	t.Helper()
	srv := mockserver.New(mockserver.Options{APIKeys: []string{testKey}})
	c, err := client.New(client.Config{BaseURL: srv.Start(t), APIKey: testKey, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	icon := "🧪"
	mustWS := func(name string, icon *string) string {
		ws, err := c.CreateWorkspace(ctx, client.CreateWorkspaceRequest{Name: name, Icon: icon})
		if err != nil {
			t.Fatal(err)
		}
		return ws.ID
	}
	empty := mustWS("tf-acc-empty-k2j4", nil)
	_ = mustWS("tf-acc-iconed-p9x1", &icon)
	held := mustWS("tf-acc-holds-foreign-key-q7", nil)
	prod := mustWS("Production", nil)
	_ = mustWS("TF-ACC-shouting-1", nil) // names compare exactly
	_ = mustWS("my tf-acc-thing", nil)   // a prefix, not a substring

	mustKey := func(name, typ string, ws string) {
		req := client.CreateAPIKeyRequest{Name: name, Scopes: []string{"logs.view"}}
		if ws != "" {
			req.WorkspaceID = &ws
		}
		if _, err := c.CreateAPIKey(ctx, typ, "service", req); err != nil {
			t.Fatal(err)
		}
	}
	mustKey("tf-acc-org-key-1", "organisation", "")
	mustKey("billing", "organisation", "")
	mustKey("tf-acc-ws-key-2", "workspace", empty)
	mustKey("tf-acc-in-prod-3", "workspace", prod)
	mustKey("prod-gateway", "workspace", prod)
	mustKey("someone's key", "workspace", held)

	for _, email := range []string{"tf-acc-a1@example.com", "TF-ACC-B2@Example.com", "alice@example.com", "x.tf-acc-c3@example.com"} {
		if _, err := c.CreateUserInvite(ctx, client.CreateUserInviteRequest{Email: email, Role: "member"}); err != nil {
			t.Fatal(err)
		}
	}
	srv.SeedUser(mockserver.User{Email: "tf-acc-user@example.com", Role: "member"})
	return sweepFixture{srv: srv, c: c}
}

// names lists what is left of each kind, sorted.
func (f sweepFixture) names(t *testing.T) (workspaces, keys, invites, users []string) {
	t.Helper()
	ctx := context.Background()
	wss, err := f.c.ListWorkspaces(ctx, client.ListWorkspacesOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ws := range wss {
		workspaces = append(workspaces, ws.PlainName())
	}
	ks, err := f.c.ListAPIKeys(ctx, client.ListAPIKeysOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range ks {
		keys = append(keys, k.Name)
	}
	invs, err := f.c.ListUserInvites(ctx, client.ListUserInvitesOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, inv := range invs {
		invites = append(invites, inv.Email)
	}
	us, err := f.c.ListUsers(ctx, client.ListUsersOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range us {
		users = append(users, u.Email)
	}
	for _, s := range [][]string{workspaces, keys, invites, users} {
		sort.Strings(s)
	}
	return workspaces, keys, invites, users
}

func TestRun_deletesPrefixedObjectsOnly(t *testing.T) {
	t.Parallel()
	f := newSweepFixture(t)
	_, _, _, usersBefore := f.names(t)
	var out bytes.Buffer
	rep, err := Run(context.Background(), f.c, Options{Out: &out})

	// The workspace holding a key without the prefix is kept, and said so.
	if err == nil || !strings.Contains(err.Error(), `workspace "tf-acc-holds-foreign-key-q7"`) || !strings.Contains(err.Error(), "someone's key") {
		t.Fatalf("Run: %v, want an error naming the workspace kept for its foreign key", err)
	}
	if len(rep.Failed) != 1 || rep.Failed[0].Kind != KindWorkspace {
		t.Fatalf("failed: %+v, want the one workspace", rep.Failed)
	}
	workspaces, keys, invites, users := f.names(t)
	wantWS := []string{"Production", "Shared Team Workspace", "TF-ACC-shouting-1", "my tf-acc-thing", "tf-acc-holds-foreign-key-q7"}
	wantKeys := []string{"billing", "prod-gateway", "someone's key"}
	wantInvites := []string{"alice@example.com", "x.tf-acc-c3@example.com"}
	for _, c := range []struct {
		kind      string
		got, want []string
	}{{"workspaces", workspaces, wantWS}, {"API keys", keys, wantKeys}, {"invites", invites, wantInvites}, {"users", users, usersBefore}} {
		if strings.Join(c.got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s left: %q, want %q", c.kind, c.got, c.want)
		}
	}
	if len(usersBefore) != 2 {
		t.Fatalf("users before the sweep: %q, want the owner and tf-acc-user@example.com", usersBefore)
	}

	// The output names every object deleted, and the summary counts them.
	text := out.String()
	for _, want := range []string{
		`deleted API key "tf-acc-org-key-1"`, `deleted API key "tf-acc-ws-key-2"`, `deleted API key "tf-acc-in-prod-3"`,
		`deleted user invite "tf-acc-a1@example.com"`, `deleted user invite "tf-acc-b2@example.com"`,
		`deleted workspace "tf-acc-empty-k2j4"`, `deleted workspace "tf-acc-iconed-p9x1"`,
		`NOT deleted: workspace "tf-acc-holds-foreign-key-q7"`,
		"sweep: deleted 3 API key(s), 2 user invite(s), 2 workspace(s) named tf-acc-*; 1 could not be deleted; users are never swept",
	} {
		if !strings.Contains(strings.ToLower(text), strings.ToLower(want)) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, testKey) {
		t.Error("the output shows the admin key")
	}
	if len(rep.Deleted) != 7 {
		t.Errorf("%d deleted, want 7: %+v", len(rep.Deleted), rep.Deleted)
	}

	// A second sweep finds only the kept workspace.
	out.Reset()
	rep, _ = Run(context.Background(), f.c, Options{Out: &out})
	if len(rep.Deleted) != 0 || len(rep.Failed) != 1 {
		t.Errorf("second sweep: deleted %+v, failed %+v; want nothing deleted and the kept workspace", rep.Deleted, rep.Failed)
	}
}

func TestRun_dryRunDeletesNothing(t *testing.T) {
	t.Parallel()
	f := newSweepFixture(t)
	ws, keys, invites, users := f.names(t)
	var out bytes.Buffer
	rep, err := Run(context.Background(), f.c, Options{DryRun: true, Out: &out})
	if err == nil || !strings.Contains(err.Error(), "someone's key") {
		t.Fatalf("dry run: %v, want the error a sweep would meet (the workspace with a foreign key)", err)
	}
	ws2, keys2, invites2, users2 := f.names(t)
	if strings.Join(append(append(append(ws, keys...), invites...), users...), "|") !=
		strings.Join(append(append(append(ws2, keys2...), invites2...), users2...), "|") {
		t.Fatal("a dry run changed the organisation")
	}
	if len(rep.Deleted) != 0 || len(rep.Matched) != 7 || len(rep.Failed) != 1 {
		t.Errorf("dry run: deleted %d, matched %d, failed %d; want 0, 7 (3 keys, 2 invites, 2 workspaces) and 1", len(rep.Deleted), len(rep.Matched), len(rep.Failed))
	}
	if !strings.Contains(out.String(), `would delete workspace "tf-acc-empty-k2j4"`) ||
		!strings.Contains(out.String(), "sweep (dry run): would delete 3 API key(s), 2 user invite(s), 2 workspace(s)") {
		t.Errorf("dry-run output:\n%s", out.String())
	}
}

func TestMatches(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind, name string
		want       bool
	}{
		{KindWorkspace, "tf-acc-x", true},
		{KindWorkspace, "TF-ACC-x", false},
		{KindWorkspace, " tf-acc-x", false},
		{KindWorkspace, "tf-acc", false},
		{KindAPIKey, "tf-acc-key", true},
		{KindAPIKey, "prod tf-acc-key", false},
		{KindUserInvite, "TF-ACC-a@example.com", true},
		{KindUserInvite, "a.tf-acc-@example.com", false},
	} {
		if got := Matches(c.kind, c.name); got != c.want {
			t.Errorf("Matches(%s, %q) = %v, want %v", c.kind, c.name, got, c.want)
		}
	}
}
