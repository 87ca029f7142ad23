package mockserver

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

const inviteTestKey = "pk-invites-test-key"

const (
	inviteTestWSID   = "0b6f0c1e-7d1a-4c8e-9f55-3a1c2b4d5e6f"
	inviteTestWSSlug = "ws-growth-a1b2c3"
)

// inviteAPI calls a test server over plain HTTP.
type inviteAPI struct {
	t    *testing.T
	srv  *Server
	base string // server URL, without /v1
}

func newInviteAPI(t *testing.T, opts Options) *inviteAPI {
	t.Helper()
	opts.APIKeys = append(opts.APIKeys, inviteTestKey)
	srv := New(opts)
	srv.ApplySeed(Seed{Workspaces: []Workspace{{ID: inviteTestWSID, Slug: inviteTestWSSlug, Name: "Growth"}}})
	return &inviteAPI{t: t, srv: srv, base: strings.TrimSuffix(srv.Start(t), APIPrefix)}
}

// call sends a request (path under /v1, or a /__mock/ path) and decodes the
// JSON answer into a generic value.
func (a *inviteAPI) call(method, path string, body any) (int, map[string]any) {
	a.t.Helper()
	url := a.base + APIPrefix + path
	if strings.HasPrefix(path, hookPrefix) {
		url = a.base + path
	}
	return callJSON(a.t, method, url, inviteTestKey, body)
}

func (a *inviteAPI) ok(method, path string, body any) map[string]any {
	a.t.Helper()
	status, out := a.call(method, path, body)
	if status != http.StatusOK {
		a.t.Fatalf("%s %s: status %d, want 200: %v", method, path, status, out)
	}
	return out
}

// fails checks an error answer in the real envelope and returns its message.
func (a *inviteAPI) fails(method, path string, body any, status int, code string) string {
	a.t.Helper()
	got, out := a.call(method, path, body)
	if got != status {
		a.t.Fatalf("%s %s: status %d, want %d: %v", method, path, got, status, out)
	}
	data, _ := out["data"].(map[string]any)
	if out["success"] != false || data == nil || data["errorCode"] != code {
		a.t.Fatalf("%s %s: answer %v, want the error envelope with code %s", method, path, out, code)
	}
	if status == http.StatusBadRequest && code == "AB01" {
		sentInvalid(a.srv, method, path)
	}
	msg, _ := data["message"].(string)
	return msg
}

func (a *inviteAPI) create(email string) string {
	a.t.Helper()
	out := a.ok("POST", "/admin/users/invites", map[string]any{
		"email": email, "role": "member", "workspaces": []map[string]string{{"id": inviteTestWSID, "role": "member"}},
	})
	id, _ := out["id"].(string)
	return id
}

func inviteListEmails(t *testing.T, out map[string]any) []string {
	t.Helper()
	data, ok := out["data"].([]any)
	if !ok {
		t.Fatalf("no data list in %v", out)
	}
	var emails []string
	for _, d := range data {
		m, _ := d.(map[string]any)
		e, _ := m["email"].(string)
		emails = append(emails, e)
	}
	return emails
}

func TestInvites_create(t *testing.T) {
	t.Parallel()
	clock := time.Date(2026, 3, 2, 16, 36, 52, 0, time.UTC)
	a := newInviteAPI(t, Options{Clock: func() time.Time { return clock }, InviteTTL: 72 * time.Hour})

	out := a.ok("POST", "/admin/users/invites", map[string]any{
		"email": "dana@example.com", "role": "admin",
		"workspaces":                []map[string]string{{"id": inviteTestWSSlug, "role": "manager"}},
		"workspace_api_key_details": map[string]any{"scopes": []string{"logs.view", "completions.write"}},
	})
	if len(out) != 2 {
		t.Errorf("create answered %v, want only id and invite_link", out)
	}
	id, _ := out["id"].(string)
	link, _ := out["invite_link"].(string)
	if id == "" || !strings.HasPrefix(link, inviteLinkPrefix) || len(link) < len(inviteLinkPrefix)+32 {
		t.Fatalf("create answered %v", out)
	}
	if got, _ := a.srv.InviteLink(id); got != link {
		t.Errorf("InviteLink = %q, want the created link", got)
	}
	if got, _ := a.srv.InviteScopes(id); strings.Join(got, ",") != "logs.view,completions.write" {
		t.Errorf("InviteScopes = %v", got)
	}

	got := a.ok("GET", "/admin/users/invites/"+id, nil)
	want := map[string]any{
		"object": "invite", "id": id, "email": "dana@example.com", "role": "admin", "status": "pending",
		"created_at": "2026-03-02T16:36:52.000Z", "expires_at": "2026-03-05T16:36:52.000Z", "accepted_at": nil,
		"invited_by": ownerIDForInvites(t, a.srv),
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("GET %s = %#v, want %#v", k, got[k], v)
		}
	}
	ws, _ := got["workspaces"].([]any)
	if len(ws) != 1 {
		t.Fatalf("workspaces = %v", got["workspaces"])
	}
	if w, _ := ws[0].(map[string]any); len(w) != 2 || w["id"] != inviteTestWSID || w["role"] != "manager" {
		t.Errorf("workspaces[0] = %v, want {id, role}: the workspace UUID (the slug was sent) with role manager", w)
	}
	raw, _ := json.Marshal(got)
	if strings.Contains(string(raw), link) || strings.Contains(string(raw), "invite_link") || strings.Contains(string(raw), "scopes") {
		t.Errorf("GET leaks the link or the scopes: %s", raw)
	}
	obj, _ := a.srv.Object(KindInvite, id)
	if strings.Contains(string(obj), link) {
		t.Errorf("Object leaks the link: %s", obj)
	}
}

func ownerIDForInvites(t *testing.T, s *Server) string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.ownerIDLocked()
	if id == "" {
		t.Fatal("no owner seeded")
	}
	return id
}

func TestInvites_createValidation(t *testing.T) {
	t.Parallel()
	a := newInviteAPI(t, Options{})
	ws := []map[string]string{{"id": inviteTestWSID, "role": "member"}}
	cases := map[string]struct {
		body   any
		status int
		code   string
	}{
		"no body":             {nil, 400, "AB01"},
		"unknown field":       {map[string]any{"email": "a@b.co", "role": "member", "workspaces": ws, "name": "x"}, 400, "AB01"},
		"missing email":       {map[string]any{"role": "member", "workspaces": ws}, 400, "AB01"},
		"bad email":           {map[string]any{"email": "not-an-email", "role": "member", "workspaces": ws}, 400, "AB01"},
		"missing role":        {map[string]any{"email": "a@b.co", "workspaces": ws}, 400, "AB01"},
		"owner role":          {map[string]any{"email": "a@b.co", "role": "owner", "workspaces": ws}, 400, "AB01"},
		"empty workspaces":    {map[string]any{"email": "a@b.co", "role": "member", "workspaces": []any{}}, 400, "AB01"},
		"workspace no id":     {map[string]any{"email": "a@b.co", "role": "member", "workspaces": []map[string]string{{"role": "member"}}}, 400, "AB01"},
		"workspace bad role":  {map[string]any{"email": "a@b.co", "role": "member", "workspaces": []map[string]string{{"id": inviteTestWSID, "role": "owner"}}}, 400, "AB01"},
		"workspace unknown":   {map[string]any{"email": "a@b.co", "role": "member", "workspaces": []map[string]string{{"id": "ws-nope-000000", "role": "member"}}}, 404, "AB08"},
		"workspace twice":     {map[string]any{"email": "a@b.co", "role": "member", "workspaces": []map[string]string{{"id": inviteTestWSID, "role": "member"}, {"id": inviteTestWSSlug, "role": "admin"}}}, 400, "AB01"},
		"empty scopes":        {map[string]any{"email": "a@b.co", "role": "member", "workspaces": ws, "workspace_api_key_details": map[string]any{"scopes": []string{}}}, 400, "AB01"},
		"missing scopes":      {map[string]any{"email": "a@b.co", "role": "member", "workspaces": ws, "workspace_api_key_details": map[string]any{}}, 400, "AB01"},
		"blank scope":         {map[string]any{"email": "a@b.co", "role": "member", "workspaces": ws, "workspace_api_key_details": map[string]any{"scopes": []string{" "}}}, 400, "AB01"},
		"wrong type for role": {`{"email":"a@b.co","role":1,"workspaces":[]}`, 400, "AB01"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			a.t = t
			a.fails("POST", "/admin/users/invites", c.body, c.status, c.code)
		})
	}
	a.t = t
	if n := len(a.srv.Invites()); n != 0 {
		t.Errorf("%d invites stored after rejected creates", n)
	}
}

// An invite without workspaces is accepted (API-NOTES.md 9.10, 11.3): GET
// shows no workspaces, and accepting it adds the user to the default
// workspace only.
func TestInvites_withoutWorkspaces(t *testing.T) {
	t.Parallel()
	a := newInviteAPI(t, Options{})
	id, _ := a.ok("POST", "/admin/users/invites", map[string]any{"email": "wes@example.com", "role": "member"})["id"].(string)
	got := a.ok("GET", "/admin/users/invites/"+id, nil)
	if ws, ok := got["workspaces"].([]any); !ok || len(ws) != 0 || got["status"] != "pending" {
		t.Fatalf("GET: %v, want a pending invite with workspaces []", got)
	}
	if err := a.srv.AcceptInvite(id, false); err != nil {
		t.Fatal(err)
	}
	a.srv.mu.Lock()
	defer a.srv.mu.Unlock()
	user := a.srv.userByEmailLocked("wes@example.com")
	if user == nil {
		t.Fatal("accepting the invite created no user")
	}
	var joined []string
	for wsID, ms := range a.srv.members {
		if ms[user.ID] != nil {
			joined = append(joined, a.srv.workspaces[wsID].Name)
		}
	}
	if len(joined) != 1 || joined[0] != "Shared Team Workspace" {
		t.Fatalf("the user joined %v, want only the default workspace", joined)
	}
}

func TestInvites_conflicts(t *testing.T) {
	t.Parallel()
	a := newInviteAPI(t, Options{})
	a.srv.SeedUser(User{Email: "erin@example.com"})

	msg := a.fails("POST", "/admin/users/invites", map[string]any{
		"email": "Erin@Example.com", "role": "member", "workspaces": []map[string]string{{"id": inviteTestWSID, "role": "member"}},
	}, 409, "AB07")
	if msg != "User already exists in organisation" {
		t.Errorf("message %q", msg)
	}

	id := a.create("frank@example.com")
	a.fails("POST", "/admin/users/invites", map[string]any{
		"email": "FRANK@example.com", "role": "admin", "workspaces": []map[string]string{{"id": inviteTestWSID, "role": "member"}},
	}, 409, "AB07")

	// Once the pending invite is cancelled (or expired, or deleted), a new one may be sent.
	if err := a.srv.CancelInvite(id); err != nil {
		t.Fatal(err)
	}
	if second := a.create("frank@example.com"); second == "" || second == id {
		t.Fatalf("second invite id %q", second)
	}
}

func TestInvites_listFiltersAndPaging(t *testing.T) {
	t.Parallel()
	a := newInviteAPI(t, Options{})
	for _, e := range []string{"a1@example.com", "a2@example.com", "a3@example.com"} {
		a.create(e)
	}
	adminOut := a.ok("POST", "/admin/users/invites", map[string]any{
		"email": "boss@example.com", "role": "admin", "workspaces": []map[string]string{{"id": inviteTestWSID, "role": "admin"}},
	})
	adminID, _ := adminOut["id"].(string)
	if err := a.srv.ExpireInvite(adminID); err != nil {
		t.Fatal(err)
	}

	all := a.ok("GET", "/admin/users/invites", nil)
	if all["object"] != "list" || all["total"] != float64(4) {
		t.Errorf("list envelope %v", all)
	}
	if got := strings.Join(inviteListEmails(t, all), ","); got != "a1@example.com,a2@example.com,a3@example.com,boss@example.com" {
		t.Errorf("list order %s, want creation order", got)
	}
	if got := inviteListEmails(t, a.ok("GET", "/admin/users/invites?role=admin", nil)); strings.Join(got, ",") != "boss@example.com" {
		t.Errorf("role filter: %v", got)
	}
	if got := inviteListEmails(t, a.ok("GET", "/admin/users/invites?status=expired", nil)); strings.Join(got, ",") != "boss@example.com" {
		t.Errorf("status filter: %v", got)
	}
	if got := inviteListEmails(t, a.ok("GET", "/admin/users/invites?status=pending&email=A2@EXAMPLE.COM", nil)); strings.Join(got, ",") != "a2@example.com" {
		t.Errorf("email filter: %v", got)
	}
	for _, q := range []string{"pageSize=2&currentPage=1", "page_size=2&current_page=1"} {
		page := a.ok("GET", "/admin/users/invites?"+q, nil)
		if got := strings.Join(inviteListEmails(t, page), ","); got != "a3@example.com,boss@example.com" || page["total"] != float64(4) {
			t.Errorf("%s: page %s total %v", q, got, page["total"])
		}
	}
	a.fails("GET", "/admin/users/invites?status=gone", nil, 400, "AB01")
	a.fails("GET", "/admin/users/invites?role=owner", nil, 400, "AB01")
}

func TestInvites_resend(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := newInviteAPI(t, Options{Clock: func() time.Time { return now }})
	id := a.create("gina@example.com")
	first, _ := a.srv.InviteLink(id)

	now = now.Add(48 * time.Hour)
	out := a.ok("POST", "/admin/users/invites/"+id+"/resend", nil)
	link, _ := out["inviteLink"].(string)
	if len(out) != 1 || !strings.HasPrefix(link, inviteLinkPrefix) || link == first {
		t.Fatalf("resend answered %v (first link %q)", out, first)
	}
	if got, _ := a.srv.InviteLink(id); got != link {
		t.Errorf("stored link %q, want the resent one", got)
	}
	if got := a.ok("GET", "/admin/users/invites/"+id, nil); got["expires_at"] != "2026-01-10T00:00:00.000Z" {
		t.Errorf("expires_at %v after resend, want 7 days after the resend", got["expires_at"])
	}

	// Past its expiry the invite reads as expired, and cannot be re-sent.
	now = now.Add(8 * 24 * time.Hour)
	if got := a.ok("GET", "/admin/users/invites/"+id, nil); got["status"] != "expired" {
		t.Errorf("status %v past expires_at, want expired", got["status"])
	}
	a.fails("POST", "/admin/users/invites/"+id+"/resend", nil, 400, "AB01")
	a.fails("POST", "/admin/users/invites/4d1f7a52-0000-4000-8000-000000000000/resend", nil, 404, "AB08")
}

func TestInvites_deleteAndNoUpdate(t *testing.T) {
	t.Parallel()
	a := newInviteAPI(t, Options{})
	id := a.create("hank@example.com")
	for _, m := range []string{"PUT", "PATCH"} {
		if status, _ := a.call(m, "/admin/users/invites/"+id, map[string]any{"role": "admin"}); status != http.StatusNotFound {
			t.Errorf("%s on an invite: status %d, want 404 (no such route)", m, status)
		}
	}
	if out := a.ok("DELETE", "/admin/users/invites/"+id, nil); len(out) != 0 {
		t.Errorf("DELETE answered %v, want {}", out)
	}
	a.fails("GET", "/admin/users/invites/"+id, nil, 404, "AB08")
	a.fails("DELETE", "/admin/users/invites/"+id, nil, 404, "AB08")
}

func TestInvites_acceptHook(t *testing.T) {
	t.Parallel()
	a := newInviteAPI(t, Options{})
	out := a.ok("POST", "/admin/users/invites", map[string]any{
		"email": "ivy@example.com", "role": "admin", "workspaces": []map[string]string{{"id": inviteTestWSID, "role": "manager"}},
	})
	id, _ := out["id"].(string)

	a.ok("POST", "/__mock/invites/"+id+"/accept", nil)
	got := a.ok("GET", "/admin/users/invites/"+id, nil)
	if got["status"] != "accepted" || got["accepted_at"] == nil {
		t.Errorf("after accept: %v", got)
	}
	a.srv.mu.Lock()
	u := a.srv.userByEmailLocked("ivy@example.com")
	var m *Member
	if u != nil {
		m = a.srv.members[inviteTestWSID][u.ID]
	}
	a.srv.mu.Unlock()
	if u == nil || u.Role != "admin" {
		t.Fatalf("accept created user %+v, want role admin", u)
	}
	if m == nil || m.Role != "manager" {
		t.Errorf("membership %+v, want manager of the invited workspace", m)
	}
	a.fails("POST", "/admin/users/invites/"+id+"/resend", nil, 400, "AB01")
	if status, _ := a.call("POST", "/__mock/invites/"+id+"/accept", nil); status != http.StatusBadRequest {
		t.Errorf("second accept: status %d, want 400", status)
	}

	// Accept and delete the record, over HTTP.
	second := a.create("jack@example.com")
	a.ok("POST", "/__mock/invites/"+second+"/accept", map[string]any{"delete_record": true})
	a.fails("GET", "/admin/users/invites/"+second, nil, 404, "AB08")
	users := a.ok("GET", "/admin/users?email=jack@example.com", nil)
	if emails := inviteListEmails(t, users); len(emails) != 1 {
		t.Errorf("users named jack: %v", emails)
	}
	if status, _ := a.call("POST", "/__mock/invites/nope/accept", nil); status != http.StatusNotFound {
		t.Errorf("accept of an unknown invite: status %d, want 404", status)
	}
}

func TestInvites_expireCancelHooks(t *testing.T) {
	t.Parallel()
	a := newInviteAPI(t, Options{})
	id := a.create("kim@example.com")
	a.ok("POST", "/__mock/invites/"+id+"/expire", nil)
	got := a.ok("GET", "/admin/users/invites/"+id, nil)
	exp, err := time.Parse(timeFormat, got["expires_at"].(string))
	if got["status"] != "expired" || err != nil || !exp.Before(time.Now()) {
		t.Errorf("after expire: %v", got)
	}
	if err := a.srv.AcceptInvite(id, false); err == nil {
		t.Error("accepting an expired invite succeeded")
	}

	other := a.create("lou@example.com")
	a.ok("POST", "/__mock/invites/"+other+"/cancel", nil)
	if got := a.ok("GET", "/admin/users/invites/"+other, nil); got["status"] != "cancelled" {
		t.Errorf("after cancel: %v", got)
	}
	if err := a.srv.ExpireInvite("nope"); err == nil {
		t.Error("ExpireInvite of an unknown id succeeded")
	}
}

func TestInvites_unknownKey(t *testing.T) {
	t.Parallel()
	a := newInviteAPI(t, Options{})
	req, _ := http.NewRequest("GET", a.base+APIPrefix+"/admin/users/invites", nil)
	req.Header.Set("x-portkey-api-key", "pk-unknown")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unknown key: status %d, want 401", resp.StatusCode)
	}
}
