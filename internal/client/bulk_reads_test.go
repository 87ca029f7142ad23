package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

const bulkTestKey = "pk-client-bulk-key"

// newBulkTestClient starts a mock with n workspaces named "ws-0000".. and
// returns it, a client with the given bulk mode, and the workspaces' ids in
// order.
func newBulkTestClient(t *testing.T, mode string, n int) (*mockserver.Server, *Client, []string) {
	t.Helper()
	srv := mockserver.New(mockserver.Options{APIKeys: []string{bulkTestKey}})
	var seed mockserver.Seed
	for i := range n {
		seed.Workspaces = append(seed.Workspaces, mockserver.Workspace{Name: fmt.Sprintf("ws-%04d", i)})
	}
	srv.ApplySeed(seed)
	ids := make([]string, n)
	for i := range n {
		ids[i] = srv.WorkspaceIDByName(fmt.Sprintf("ws-%04d", i))
	}
	c, err := New(Config{
		BaseURL: srv.Start(t), APIKey: bulkTestKey, MaxRetries: 0, BulkReads: mode,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.ClearRequests()
	return srv, c, ids
}

// routeCounts counts the requests per route and, for lists, per page.
func routeCounts(srv *mockserver.Server) (gets, lists int, pages []string) {
	for _, r := range srv.Requests() {
		switch {
		case r.Method != http.MethodGet:
		case strings.HasSuffix(r.Route, "{id}") || strings.HasSuffix(r.Route, "{user}"):
			gets++
		default:
			lists++
			pages = append(pages, r.Query)
		}
	}
	return gets, lists, pages
}

func TestBulkReads_aFewReadsAreGETs(t *testing.T) {
	t.Parallel()
	srv, c, ids := newBulkTestClient(t, BulkReadsAuto, 30)
	ctx := context.Background()
	for _, id := range ids[:BulkReadThreshold] {
		ws, err := c.ReadWorkspace(ctx, id)
		if err != nil || ws.ID != id || ws.FromListing {
			t.Fatalf("ReadWorkspace(%s) = %+v, %v", id, ws, err)
		}
	}
	if gets, lists, _ := routeCounts(srv); gets != BulkReadThreshold || lists != 0 {
		t.Fatalf("%d reads made %d GETs and %d list requests; want %d GETs, as with bulk reads off", BulkReadThreshold, gets, lists, BulkReadThreshold)
	}
}

func TestBulkReads_off(t *testing.T) {
	t.Parallel()
	srv, c, ids := newBulkTestClient(t, BulkReadsOff, 30)
	for _, id := range ids {
		if _, err := c.ReadWorkspace(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	if gets, lists, _ := routeCounts(srv); gets != len(ids) || lists != 0 {
		t.Fatalf("bulk reads off: %d reads made %d GETs and %d list requests", len(ids), gets, lists)
	}
	if _, err := New(Config{APIKey: "k", BulkReads: "sometimes"}); err == nil || !strings.Contains(err.Error(), `"auto" or "off"`) {
		t.Fatalf("New with an unknown bulk mode: %v", err)
	}
}

// TestBulkReads_manyReadsListOnce reads 250 workspaces (three pages with the
// default one) from 10 goroutines, as Terraform's parallelism does: the
// listing is read once, page by page, and every answer from it equals the
// GET's answer on every field the list provides.
func TestBulkReads_manyReadsListOnce(t *testing.T) {
	t.Parallel()
	srv, c, ids := newBulkTestClient(t, BulkReadsAuto, 250)
	ctx := context.Background()
	answers := make([]*Workspace, len(ids))
	var wg sync.WaitGroup
	next := make(chan int)
	errs := make(chan error, len(ids))
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				ws, err := c.ReadWorkspace(ctx, ids[i])
				if err != nil {
					errs <- err
					continue
				}
				answers[i] = ws
			}
		}()
	}
	for i := range ids {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	gets, lists, pages := routeCounts(srv)
	if lists != 3 {
		t.Errorf("the listing of 251 workspaces took %d list requests (%v), want its 3 pages once each", lists, pages)
	}
	fromListing := 0
	for _, ws := range answers {
		if ws.FromListing {
			fromListing++
		}
	}
	// The first reads are GETs, and a few more while the first page alone
	// is read (an object not on it waits for the rest of the listing only
	// once the reads pay for it).
	if gets+fromListing != len(ids) || gets > 2*BulkReadThreshold {
		t.Errorf("%d reads: %d GETs, %d from the listing", len(ids), gets, fromListing)
	}

	srv.ClearRequests()
	for i, id := range ids {
		got, want := answers[i], mustGetWorkspace(t, c, id)
		if got.ID != id {
			t.Fatalf("read of %s answered %s", id, got.ID)
		}
		if got.FromListing {
			compareProvided(t, "workspace", want, got)
		}
	}
}

// compareProvided fails when got (from a listing) and want (from GET) differ
// in a field the field table says the list provides, or in organisation_id.
func compareProvided(t *testing.T, kind string, want, got any) {
	t.Helper()
	w, g := asMap(t, want), asMap(t, got)
	for _, row := range bulkFieldTable {
		if row.Kind != kind {
			continue
		}
		fields := append([]string{}, row.Provides...)
		if kind == "workspace" {
			fields = append(fields, "organisation_id")
		}
		for _, f := range fields {
			wv, _ := lookupPath(w, f)
			gv, _ := lookupPath(g, f)
			if !reflect.DeepEqual(wv, gv) {
				t.Errorf("%s %v: %s is %v from the listing, %v from GET", kind, w["id"], f, gv, wv)
			}
		}
	}
}

func asMap(t *testing.T, v any) map[string]any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// lookupPath finds a dotted path ("defaults.metadata") in a decoded object.
func lookupPath(m map[string]any, path string) (any, bool) {
	var cur any = m
	for _, part := range strings.Split(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[part]; !ok {
			return nil, false
		}
	}
	return cur, true
}

func mustGetWorkspace(t *testing.T, c *Client, id string) *Workspace {
	t.Helper()
	ws, err := c.GetWorkspace(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// readAll reads every id in order and fails on an error.
func readAll(t *testing.T, c *Client, ids []string) []*Workspace {
	t.Helper()
	out := make([]*Workspace, len(ids))
	for i, id := range ids {
		ws, err := c.ReadWorkspace(context.Background(), id)
		if err != nil {
			t.Fatalf("ReadWorkspace(%s): %v", id, err)
		}
		out[i] = ws
	}
	return out
}

func TestBulkReads_missingObjectsFallBackToGET(t *testing.T) {
	t.Parallel()
	srv, c, ids := newBulkTestClient(t, BulkReadsAuto, 40)
	ctx := context.Background()
	readAll(t, c, ids)
	// Out of band (no client write): one workspace is deleted, one created.
	if err := srv.Delete(mockserver.KindWorkspace, ids[0]); err != nil {
		t.Fatal(err)
	}
	srv.ApplySeed(mockserver.Seed{Workspaces: []mockserver.Workspace{{Name: "late"}}})
	late := srv.WorkspaceIDByName("late")
	srv.ClearRequests()

	ws, err := c.ReadWorkspace(ctx, late)
	if err != nil || ws.ID != late || ws.FromListing {
		t.Fatalf("a workspace missing from the listing: %+v, %v; want it read by GET", ws, err)
	}
	// The listing still holds the deleted one (it is this process's view of
	// the organisation), as a GET made at the time of the listing would.
	if ws, err := c.ReadWorkspace(ctx, ids[0]); err != nil || !ws.FromListing {
		t.Fatalf("a listed workspace: %+v, %v", ws, err)
	}
	if _, err := c.ReadWorkspace(ctx, "00000000-0000-4000-8000-000000000000"); !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrForbidden) {
		t.Fatalf("an unknown workspace: %v, want the GET's error", err)
	}
	if gets, lists, _ := routeCounts(srv); gets != 2 || lists != 0 {
		t.Fatalf("%d GETs and %d list requests, want the 2 GETs of the objects missing from the listing", gets, lists)
	}
}

func TestBulkReads_writesDropTheListings(t *testing.T) {
	t.Parallel()
	srv, c, ids := newBulkTestClient(t, BulkReadsAuto, 30)
	ctx := context.Background()
	readAll(t, c, ids)
	before := readAll(t, c, ids[20:21])[0]
	if !before.FromListing {
		t.Fatal("the 31st read did not come from the listing")
	}
	desc := "changed by Terraform"
	if err := c.UpdateWorkspace(ctx, ids[20], UpdateWorkspaceRequest{Name: before.Name, Description: &desc}); err != nil {
		t.Fatal(err)
	}
	srv.ClearRequests()
	// The write dropped the listing (and the count of reads with it): the
	// reads start over, by GET, then from a new listing.
	again := readAll(t, c, ids)
	if after := again[20]; after.Description == nil || *after.Description != desc {
		t.Fatalf("after a write the read answered a stale listing: %+v", after)
	}
	if gets, lists, _ := routeCounts(srv); gets < BulkReadThreshold || lists != 1 {
		t.Fatalf("after a write: %d GETs and %d list requests, want the first reads by GET, then a new listing", gets, lists)
	}
}

func TestBulkReads_aFailedListingFallsBackToGET(t *testing.T) {
	t.Parallel()
	srv, c, ids := newBulkTestClient(t, BulkReadsAuto, 30)
	srv.InjectFault(mockserver.Fault{Method: "GET", Path: "/admin/workspaces", Status: http.StatusInternalServerError, Times: -1})
	readAll(t, c, ids)
	if gets, lists, _ := routeCounts(srv); gets != len(ids) || lists != 1 {
		t.Fatalf("%d GETs and %d list requests; want one failed list request and a GET for every read", gets, lists)
	}
}

// TestBulkReads_organisationIDFromGET: live list items lack organisation_id
// (and so do the mock's); the answers from the listing carry the one a GET
// reported.
func TestBulkReads_organisationIDFromGET(t *testing.T) {
	t.Parallel()
	srv, c, ids := newBulkTestClient(t, BulkReadsAuto, 30)
	raw, err := srv.Object(mockserver.KindWorkspace, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Data []map[string]any `json:"data"`
	}
	if err := c.do(context.Background(), "GET", "/admin/workspaces", nil, nil, &list); err != nil || len(list.Data) == 0 {
		t.Fatalf("listing: %v", err)
	}
	if _, ok := list.Data[0]["organisation_id"]; ok {
		t.Fatalf("the mock's list items carry organisation_id, which live ones lack: this test proves nothing (%s)", raw)
	}
	for _, ws := range readAll(t, c, ids) {
		if ws.OrganisationID != srv.OrganisationID() {
			t.Fatalf("workspace %s (from the listing: %t) has organisation_id %q, want %q", ws.ID, ws.FromListing, ws.OrganisationID, srv.OrganisationID())
		}
	}
}

func TestBulkReads_members(t *testing.T) {
	t.Parallel()
	srv, c, ids := newBulkTestClient(t, BulkReadsAuto, 1)
	ctx := context.Background()
	var users []string
	for i := range 40 {
		u := srv.SeedUser(mockserver.User{Email: fmt.Sprintf("member-%d@example.com", i), FirstName: "M", LastName: fmt.Sprint(i)})
		if err := srv.SeedMember(ids[0], u.ID, []string{"admin", "manager", "member"}[i%3]); err != nil {
			t.Fatal(err)
		}
		users = append(users, u.ID)
	}
	srv.ClearRequests()
	var got []*WorkspaceMember
	for _, u := range users {
		m, err := c.ReadWorkspaceMember(ctx, ids[0], u)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, m)
	}
	gets, lists, _ := routeCounts(srv)
	if gets != BulkReadThreshold || lists != 1 {
		t.Fatalf("40 members of one workspace: %d GETs and %d list requests, want %d and 1", gets, lists, BulkReadThreshold)
	}
	for i, u := range users {
		want, err := c.GetWorkspaceMember(ctx, ids[0], u)
		if err != nil {
			t.Fatal(err)
		}
		compareProvided(t, "workspace member", want, got[i])
	}
	// Not a member: the listing lacks it, and its GET answers 404 as before.
	if _, err := c.ReadWorkspaceMember(ctx, ids[0], "00000000-0000-4000-8000-000000000000"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a user who is not a member: %v, want the GET's 404", err)
	}
}

// TestBulkReads_apiKeys: past the threshold, a listing answers the keys its
// caller completes, with the fields the list lacks cleared for the caller to
// fill in; a key the caller refuses, and a read without a complete function
// (which does not count towards the threshold), are GETs.
func TestBulkReads_apiKeys(t *testing.T) {
	t.Parallel()
	srv, c, ids := newBulkTestClient(t, BulkReadsAuto, 1)
	ctx := context.Background()
	var keys []string
	for i := range 30 {
		k, err := c.CreateAPIKey(ctx, "workspace", "service", CreateAPIKeyRequest{Name: fmt.Sprintf("key-%d", i), WorkspaceID: &ids[0],
			Scopes: []string{"logs.view"}, Defaults: &APIKeyDefaultsRequest{AllowConfigOverride: akPtr(true)},
			UsageLimits:    &APIKeyUsageLimits{Type: "cost", CreditLimit: wsPtr(5.0), PeriodicReset: wsPtr("monthly")},
			RotationPolicy: &APIKeyRotationPolicy{RotationPeriod: akPtr("monthly")}})
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k.ID)
	}
	srv.ClearRequests()
	// Reads without a complete function are GETs and do not start a listing.
	for _, id := range keys[:BulkReadThreshold+5] {
		if k, err := c.ReadAPIKey(ctx, id, nil); err != nil || k.FromListing {
			t.Fatalf("a read without complete: %v (from the listing: %t)", err, k != nil && k.FromListing)
		}
	}
	if gets, lists, _ := routeCounts(srv); gets != BulkReadThreshold+5 || lists != 0 {
		t.Fatalf("reads without complete: %d GETs and %d list requests, want %d and 0", gets, lists, BulkReadThreshold+5)
	}
	srv.ClearRequests()
	refused := keys[len(keys)-1]
	var listed []*APIKey
	for _, id := range keys {
		k, err := c.ReadAPIKey(ctx, id, func(k *APIKey) bool {
			if k.RotationPolicy != nil || k.NextUsageResetAt != nil || k.AllowConfigOverride != nil ||
				(k.UsageLimits != nil && k.UsageLimits.NextUsageResetAt != nil) || (k.Defaults != nil && k.Defaults.AllowConfigOverride != nil) {
				t.Errorf("listed key %s carries a field the list lacks: %+v", k.ID, k)
			}
			return k.ID != refused
		})
		if err != nil {
			t.Fatal(err)
		}
		if k.FromListing {
			listed = append(listed, k)
		} else if k.RotationPolicy == nil {
			t.Errorf("key %s read by GET lacks its rotation policy", id)
		}
	}
	gets, lists, _ := routeCounts(srv)
	if gets != BulkReadThreshold+1 || lists != 1 || len(listed) != len(keys)-BulkReadThreshold-1 {
		t.Fatalf("30 keys, one refused: %d GETs, %d list requests, %d answered from the listing; want %d, 1, %d",
			gets, lists, len(listed), BulkReadThreshold+1, len(keys)-BulkReadThreshold-1)
	}
	for _, k := range listed {
		want, err := c.GetAPIKey(ctx, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		compareProvided(t, "API key", want, k)
	}
}

// TestBulkReads_invites: a listing answers invites its caller completes,
// without workspaces (the list is not known to carry them).
func TestBulkReads_invites(t *testing.T) {
	t.Parallel()
	srv, c, ids := newBulkTestClient(t, BulkReadsAuto, 1)
	ctx := context.Background()
	var invites []string
	for i := range 20 {
		inv, err := c.CreateUserInvite(ctx, CreateUserInviteRequest{Email: fmt.Sprintf("invitee-%d@example.com", i), Role: "member",
			Workspaces: []UserInviteWorkspaceInput{{ID: ids[0], Role: "member"}}})
		if err != nil {
			t.Fatal(err)
		}
		invites = append(invites, inv.ID)
	}
	srv.ClearRequests()
	fromListing := 0
	for _, id := range invites {
		inv, err := c.ReadUserInvite(ctx, id, func(inv *UserInvite) bool {
			if inv.Workspaces != nil {
				t.Errorf("listed invite %s carries workspaces", inv.ID)
			}
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
		if inv.FromListing {
			fromListing++
			want, err := c.GetUserInvite(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			compareProvided(t, "user invite", want, inv)
		}
	}
	if fromListing != len(invites)-BulkReadThreshold {
		t.Fatalf("%d of %d invites answered from the listing, want %d", fromListing, len(invites), len(invites)-BulkReadThreshold)
	}
}

// TestBulkFieldTable checks the field table against the mock's answers, whose
// list items have the live API's recorded shapes: for every kind, each field
// the table says the list lacks is absent from the mock's list items and
// present in GET's answer; for bulk-read kinds, each field the list provides
// has the same value in the list item as in GET's answer.
func TestBulkFieldTable(t *testing.T) {
	t.Parallel()
	srv := mockserver.New(mockserver.Options{APIKeys: []string{bulkTestKey}})
	if _, err := srv.SeedGuardrail(mockserver.Guardrail{ID: "7e3f4a5b-6c7d-4e8f-a09b-1c2d3e4f5a6b", Slug: "pii", Scope: "workspace"}); err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{BaseURL: srv.Start(t), APIKey: bulkTestKey})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ws, err := c.CreateWorkspace(ctx, CreateWorkspaceRequest{Name: "Fields", Description: wsPtr("d"), Icon: wsPtr("🚀"),
		Defaults:    &WorkspaceDefaults{Metadata: map[string]string{"team": "a"}},
		UsageLimits: []UsageLimit{{Type: "cost", CreditLimit: wsPtr(10.5), PeriodicReset: wsPtr("monthly")}},
		RateLimits:  []RateLimit{{Type: "requests", Unit: "rpm", Value: 5}}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := "pc-config-1a2b3c"
	if err := c.UpdateWorkspace(ctx, ws.ID, UpdateWorkspaceRequest{Name: "Fields", Description: wsPtr("d"), Icon: wsPtr("🚀"),
		Defaults: &WorkspaceDefaults{Metadata: map[string]string{"team": "a"}, InputGuardrails: []string{"pii"},
			OutputGuardrails: []string{"pii"}, UserAPIKeyConfig: &cfg},
		UsageLimits: []UsageLimit{{Type: "cost", CreditLimit: wsPtr(10.5), PeriodicReset: wsPtr("monthly")}},
		RateLimits:  []RateLimit{{Type: "requests", Unit: "rpm", Value: 5}}}); err != nil {
		t.Fatal(err)
	}
	user := srv.SeedUser(mockserver.User{Email: "fields@example.com", FirstName: "F", LastName: "L"})
	if err := c.AddWorkspaceMembers(ctx, ws.ID, AddWorkspaceMembersRequest{Users: []WorkspaceMemberInput{{ID: user.ID, Role: "manager"}}}); err != nil {
		t.Fatal(err)
	}
	invite, err := c.CreateUserInvite(ctx, CreateUserInviteRequest{Email: "invitee@example.com", Role: "member",
		Workspaces: []UserInviteWorkspaceInput{{ID: ws.ID, Role: "member"}}})
	if err != nil {
		t.Fatal(err)
	}
	key, err := c.CreateAPIKey(ctx, "workspace", "service", CreateAPIKeyRequest{Name: "fields", WorkspaceID: &ws.ID,
		Scopes: []string{"logs.view"}, Defaults: &APIKeyDefaultsRequest{Metadata: map[string]string{"a": "b"}, AllowConfigOverride: akPtr(true)},
		UsageLimits:    &APIKeyUsageLimits{Type: "cost", CreditLimit: wsPtr(5.0), PeriodicReset: wsPtr("monthly")},
		RotationPolicy: &APIKeyRotationPolicy{RotationPeriod: akPtr("monthly")}})
	if err != nil {
		t.Fatal(err)
	}

	objects := map[string]struct{ list, get, id string }{
		"workspace":        {"/admin/workspaces", "/admin/workspaces/" + ws.ID, ws.ID},
		"workspace member": {"/admin/workspaces/" + ws.ID + "/users", "/admin/workspaces/" + ws.ID + "/users/" + user.ID, user.ID},
		"user":             {"/admin/users", "/admin/users/" + user.ID, user.ID},
		"user invite":      {"/admin/users/invites", "/admin/users/invites/" + invite.ID, invite.ID},
		"API key":          {"/api-keys", "/api-keys/" + key.ID, key.ID},
	}
	for _, row := range bulkFieldTable {
		obj, ok := objects[row.Kind]
		if !ok {
			t.Fatalf("no test object for the table's kind %q", row.Kind)
		}
		var list struct {
			Data []map[string]any `json:"data"`
		}
		var got map[string]any
		if err := c.do(ctx, "GET", obj.list, nil, nil, &list); err != nil {
			t.Fatal(err)
		}
		if err := c.do(ctx, "GET", obj.get, nil, nil, &got); err != nil {
			t.Fatal(err)
		}
		var item map[string]any
		for _, it := range list.Data {
			if it["id"] == obj.id {
				item = it
			}
		}
		if item == nil {
			t.Fatalf("%s: %s is not in its list", row.Kind, obj.id)
		}
		for f := range row.Lacks {
			if _, ok := lookupPath(got, f); !ok {
				t.Errorf("%s: the table says the list lacks %s, but GET does not answer it either", row.Kind, f)
			}
			// The mock answers an invite's workspaces in list items too; the
			// spec documents them in neither answer, and no live list was
			// recorded: ReadUserInvite drops them (TestReadUserInvite_*).
			if _, ok := lookupPath(item, f); ok && row.Kind != "user invite" {
				t.Errorf("%s: the table says the list lacks %s, but the mock's list item has it", row.Kind, f)
			}
		}
		if !row.BulkRead {
			continue
		}
		for _, f := range row.Provides {
			gv, gok := lookupPath(got, f)
			lv, lok := lookupPath(item, f)
			if !lok && gok {
				t.Errorf("%s: the table says the list provides %s, but the mock's list item lacks it", row.Kind, f)
			}
			if gok && !reflect.DeepEqual(gv, lv) {
				t.Errorf("%s: %s is %v in the list, %v from GET", row.Kind, f, lv, gv)
			}
		}
	}
}
