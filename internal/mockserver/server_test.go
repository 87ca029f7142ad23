package mockserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Tests of the mock's core (auth, routing, wire helpers, faults, request log,
// hooks). They register tiny routes of their own under /v1/x-core/ on a fresh
// Server, so they do not depend on the entity routes.

const coreTestKey = "pk-core-test-key-91d4"

type coreHarness struct {
	t    *testing.T
	srv  *Server
	root string // the server URL, without /v1
	// stored counts how many times the write route really ran.
	stored atomic.Int32
}

func newCoreHarness(t *testing.T) *coreHarness {
	t.Helper()
	// The core's own routes are not Portkey's: no spec to check them against.
	h := &coreHarness{t: t, srv: New(Options{APIKeys: []string{coreTestKey}, NoSpecValidation: true})}
	h.srv.handle("GET", "/x-core/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"id": r.PathValue("id"), "admin": principalFrom(r.Context()).admin})
	})
	h.srv.handle("POST", "/x-core/items", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Name string `json:"name"`
		}
		if err := decodeStrict(r, &in); err != nil {
			writeError(w, err)
			return
		}
		n := h.stored.Add(1)
		writeJSON(w, http.StatusOK, map[string]any{"id": fmt.Sprintf("item-%d", n), "name": in.Name})
	})
	h.srv.handle("GET", "/x-core/list", func(w http.ResponseWriter, r *http.Request) {
		items := make([]int, 7)
		for i := range items {
			items[i] = i
		}
		writeList(w, r, items)
	})
	ts := httptest.NewServer(h.srv)
	t.Cleanup(ts.Close)
	h.root = ts.URL
	return h
}

// call sends one request (key "" sends no key) and returns the status, the
// body and the transport error, if any.
func (h *coreHarness) call(method, path, key, body string) (int, []byte, error) {
	h.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, h.root+path, rd)
	if err != nil {
		h.t.Fatalf("building request: %v", err)
	}
	if key != "" {
		req.Header.Set("x-portkey-api-key", key)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// api calls the Admin API with the admin key and fails on a transport error.
func (h *coreHarness) api(method, path, body string) (int, []byte) {
	h.t.Helper()
	status, b, err := h.call(method, "/v1"+path, coreTestKey, body)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	return status, b
}

// hook calls a /__mock/ hook and fails on a transport error.
func (h *coreHarness) hook(method, path, body string) (int, []byte) {
	h.t.Helper()
	status, b, err := h.call(method, "/__mock"+path, "", body)
	if err != nil {
		h.t.Fatalf("%s /__mock%s: %v", method, path, err)
	}
	return status, b
}

// wantEnvelope checks the real error envelope and its code.
func wantEnvelope(t *testing.T, body []byte, code string) string {
	t.Helper()
	var env struct {
		Success *bool `json:"success"`
		Data    struct {
			Message   string  `json:"message"`
			ErrorCode *string `json:"errorCode"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("body %s is not the error envelope: %v", body, err)
	}
	if env.Success == nil || *env.Success || env.Data.Message == "" {
		t.Fatalf("body %s is not {success:false, data:{message,...}}", body)
	}
	got := ""
	if env.Data.ErrorCode != nil {
		got = *env.Data.ErrorCode
	}
	if got != code {
		t.Fatalf("errorCode = %q, want %q (body %s)", got, code, body)
	}
	return env.Data.Message
}

func TestServer_authentication(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	for name, key := range map[string]string{"missing": "", "unknown": "pk-not-a-key"} {
		status, body, err := h.call("GET", "/v1/x-core/items/a", key, "")
		if err != nil {
			t.Fatal(err)
		}
		if status != http.StatusUnauthorized {
			t.Fatalf("%s key: status %d, want 401", name, status)
		}
		if msg := wantEnvelope(t, body, "AB05"); msg != "Unauthorised Request" { //nolint:misspell // the API's spelling
			t.Fatalf("%s key: message %q", name, msg)
		}
	}
	// Authentication comes before routing: an unknown route is 401 too.
	if status, _, _ := h.call("GET", "/v1/no/such/route", "", ""); status != http.StatusUnauthorized {
		t.Fatalf("unknown route without a key: status %d, want 401", status)
	}

	status, body := h.api("GET", "/x-core/items/a", "")
	if status != http.StatusOK || !strings.Contains(string(body), `"admin":true`) {
		t.Fatalf("admin key: %d %s, want 200 as an admin principal", status, body)
	}

	h.srv.AddAdminKey("pk-added-later")
	if status, _, _ := h.call("GET", "/v1/x-core/items/a", "pk-added-later", ""); status != http.StatusOK {
		t.Fatalf("AddAdminKey: status %d, want 200", status)
	}
	h.srv.Reset()
	if status, _, _ := h.call("GET", "/v1/x-core/items/a", "pk-added-later", ""); status != http.StatusOK {
		t.Fatalf("a key added before Reset: status %d, want 200 (Reset keeps admin keys)", status)
	}
}

func TestServer_unknownRouteIs404(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	for _, tc := range []struct{ method, path string }{
		{"GET", "/no/such/route"},
		{"PUT", "/x-core/items/a"}, // the path exists for GET only: 404, not ServeMux's 405
		{"DELETE", "/x-core/items"},
	} {
		status, body := h.api(tc.method, tc.path, "")
		if status != http.StatusNotFound {
			t.Fatalf("%s %s: status %d, want 404", tc.method, tc.path, status)
		}
		if msg := wantEnvelope(t, body, ""); !strings.Contains(msg, tc.method) {
			t.Fatalf("%s %s: message %q does not name the route", tc.method, tc.path, msg)
		}
	}
	// Outside /v1 and /__mock/ nothing is served.
	if status, _, _ := h.call("GET", "/admin/workspaces", coreTestKey, ""); status != http.StatusNotFound {
		t.Fatalf("a path outside /v1: status %d, want 404", status)
	}
}

func TestServer_initialOrganisation(t *testing.T) {
	t.Parallel()
	fixed := time.Date(2026, 3, 2, 16, 36, 52, 0, time.UTC)
	n := 0
	s := New(Options{
		OwnerEmail: "boss@example.com",
		Clock:      func() time.Time { return fixed },
		NewID:      func() string { n++; return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) },
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.users) != 1 || len(s.workspaces) != 1 {
		t.Fatalf("%d users and %d workspaces, want one of each", len(s.users), len(s.workspaces))
	}
	var owner *User
	for _, u := range s.users {
		owner = u
	}
	if owner.Email != "boss@example.com" || owner.Role != "owner" || owner.CreatedAt != "2026-03-02T16:36:52.000Z" {
		t.Fatalf("owner = %+v", owner)
	}
	var ws *Workspace
	for _, w := range s.workspaces {
		ws = w
	}
	if ws.Name != "Shared Team Workspace" || ws.IsDefault != 1 || ws.Object != "workspace" || ws.OrganisationID != s.orgID {
		t.Fatalf("default workspace = %+v", ws)
	}
	if !regexp.MustCompile(`^ws-shared-[0-9a-f]{6}$`).MatchString(ws.Slug) {
		t.Fatalf("slug %q does not look like ws-shared-xxxxxx", ws.Slug)
	}
	if !strings.HasPrefix(ws.ID, "00000000-0000-4000-8000-") {
		t.Fatalf("workspace id %q did not come from Options.NewID", ws.ID)
	}
	if m := s.members[ws.ID][owner.ID]; m == nil || m.Role != "admin" {
		t.Fatalf("the owner is not the default workspace's admin: %+v", m)
	}
}

func TestServer_defaultIDsAndStart(t *testing.T) {
	t.Parallel()
	s := New(Options{APIKeys: []string{coreTestKey}})
	base := s.Start(t)
	if !strings.HasSuffix(base, APIPrefix) || !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("Start returned %q, want http://127.0.0.1:PORT/v1", base)
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	if id := s.OrganisationID(); !uuid.MatchString(id) {
		t.Fatalf("organisation id %q is not a v4 UUID", id)
	}
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`).MatchString(s.stamp()) {
		t.Fatalf("stamp %q is not in the API's format", s.stamp())
	}
}

func TestServer_requestLogAndCounts(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	h.api("GET", "/x-core/items/a", "")
	h.api("GET", "/x-core/items/b?x=1", "")
	h.api("POST", "/x-core/items", `{"name":"n"}`)
	_, _, _ = h.call("GET", "/v1/x-core/items/c", "", "") // 401, logged too
	h.hook("GET", "/counts", "")                          // hooks are not logged

	if got := h.srv.Count("GET /x-core/items/{id}"); got != 3 {
		t.Fatalf("Count(GET /x-core/items/{id}) = %d, want 3", got)
	}
	counts := h.srv.Counts()
	if counts["POST /x-core/items"] != 1 || len(counts) != 2 {
		t.Fatalf("Counts() = %v", counts)
	}
	reqs := h.srv.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d log entries, want 4: %+v", len(reqs), reqs)
	}
	want := []Request{
		{Method: "GET", Path: "/x-core/items/a", Route: "GET /x-core/items/{id}", Status: 200},
		{Method: "GET", Path: "/x-core/items/b", Route: "GET /x-core/items/{id}", Query: "x=1", Status: 200},
		{Method: "POST", Path: "/x-core/items", Route: "POST /x-core/items", Body: `{"name":"n"}`, Status: 200},
		{Method: "GET", Path: "/x-core/items/c", Route: "GET /x-core/items/{id}", Status: 401},
	}
	for i, w := range want {
		got := reqs[i]
		if got.Time.IsZero() {
			t.Errorf("entry %d has no time", i)
		}
		got.Time = time.Time{}
		if got != w {
			t.Errorf("entry %d = %+v, want %+v", i, got, w)
		}
	}
	h.srv.ClearRequests()
	if len(h.srv.Requests()) != 0 || len(h.srv.Counts()) != 0 {
		t.Fatal("ClearRequests left entries")
	}
}

func TestWire_decodeStrict(t *testing.T) {
	t.Parallel()
	type body struct {
		Name  string   `json:"name"`
		Count *int     `json:"count,omitempty"`
		Tags  []string `json:"tags,omitempty"`
	}
	cases := []struct {
		name, in, wantMsg string // wantMsg "" means success
	}{
		{"valid", `{"name":"a","count":2,"tags":["x"]}`, ""},
		{"valid with whitespace", " \n{\"name\":\"a\"}\n ", ""},
		{"unknown field", `{"name":"a","title":"b"}`, `unknown field "title"`},
		{"wrong type", `{"name":5}`, "name: Invalid value"},
		{"wrong nested type", `{"tags":"x"}`, "tags: Invalid value"},
		{"empty body", ``, "request body is required"},
		{"blank body", "  \n", "request body is required"},
		{"null body", `null`, "request body is required"},
		{"trailing data", `{"name":"a"} {"name":"b"}`, "trailing data"},
		{"malformed", `{"name":`, "Validation failed"},
		{"array", `[1]`, "Validation failed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("POST", "/v1/x", strings.NewReader(tc.in))
			var v body
			apiErr := decodeStrict(r, &v)
			if tc.wantMsg == "" {
				if apiErr != nil {
					t.Fatalf("decodeStrict(%s) = %v, want success", tc.in, apiErr)
				}
				return
			}
			if apiErr == nil {
				t.Fatalf("decodeStrict(%s) succeeded, want 400 AB01", tc.in)
			}
			rec := httptest.NewRecorder()
			writeError(rec, apiErr)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", rec.Code)
			}
			if msg := wantEnvelope(t, rec.Body.Bytes(), "AB01"); !strings.Contains(msg, tc.wantMsg) {
				t.Fatalf("message %q does not contain %q", msg, tc.wantMsg)
			}
		})
	}
}

func TestWire_unknownFieldThroughARoute(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	status, body := h.api("POST", "/x-core/items", `{"name":"a","extra":true}`)
	if status != http.StatusBadRequest {
		t.Fatalf("status %d, want 400", status)
	}
	wantEnvelope(t, body, "AB01")
	if h.stored.Load() != 0 {
		t.Fatal("a rejected request was stored")
	}
}

func TestWire_errorHelpersAndWriters(t *testing.T) {
	t.Parallel()
	cases := []struct {
		err    *apiError
		status int
		code   string
	}{
		{errInvalid(""), 400, "AB01"},
		{errInvalid("bad %s", "x"), 400, "AB01"},
		{errNotFound("Workspace"), 404, "AB08"},
		{errForbidden(), 403, "AB03"},
		{errConflict("Unable to delete"), 409, "AB07"},
		{oneOf("role", "owner", "admin", "member"), 400, "AB01"},
	}
	for _, tc := range cases {
		rec := httptest.NewRecorder()
		writeError(rec, tc.err)
		if rec.Code != tc.status || rec.Header().Get("Content-Type") != "application/json" {
			t.Errorf("%v: status %d, content type %q", tc.err, rec.Code, rec.Header().Get("Content-Type"))
		}
		wantEnvelope(t, rec.Body.Bytes(), tc.code)
	}
	if msg := errInvalid("").message; msg != "Invalid request. Please check and try again." {
		t.Errorf("default validation message = %q", msg)
	}
	if msg := errNotFound("Workspace").message; msg != "Workspace not found" {
		t.Errorf("not-found message = %q", msg)
	}
	if err := oneOf("role", "member", "admin", "member"); err != nil {
		t.Errorf("oneOf accepted value: %v", err)
	}
	if err := oneOf("role", "owner", "admin", "member"); !strings.Contains(err.message, "role") || !strings.Contains(err.message, "admin, member") {
		t.Errorf("oneOf message %q names neither the field nor the allowed values", err.message)
	}

	rec := httptest.NewRecorder()
	writeOK(rec)
	if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != "{}" {
		t.Errorf("writeOK = %d %q, want 200 {}", rec.Code, rec.Body.String())
	}
}

func TestWire_writeListPaging(t *testing.T) {
	t.Parallel()
	items := []string{"a", "b", "c", "d", "e"}
	cases := []struct {
		query string
		want  []string
	}{
		{"", items}, // default page size 100, page 0
		{"page_size=2", []string{"a", "b"}},
		{"page_size=2&current_page=0", []string{"a", "b"}},
		{"page_size=2&current_page=1", []string{"c", "d"}},
		{"page_size=2&current_page=2", []string{"e"}},
		{"page_size=2&current_page=3", []string{}},
		{"pageSize=2&currentPage=1", []string{"c", "d"}},
		{"pageSize=3&current_page=1", []string{"d", "e"}}, // casings may mix
		{"page_size=0", items},                            // 0 means the default
		{"page_size=2&current_page=9223372036854775807", []string{}},
	}
	for _, tc := range cases {
		r := httptest.NewRequest("GET", "/v1/x?"+tc.query, nil)
		rec := httptest.NewRecorder()
		writeList(rec, r, items)
		var env struct {
			Object string   `json:"object"`
			Total  *int     `json:"total"`
			Data   []string `json:"data"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil || rec.Code != 200 {
			t.Fatalf("%q: %d %s", tc.query, rec.Code, rec.Body)
		}
		if env.Object != "list" || env.Total == nil || *env.Total != 5 {
			t.Errorf("%q: envelope object %q total %v, want list with total 5 on every page", tc.query, env.Object, env.Total)
		}
		if env.Data == nil || strings.Join(env.Data, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%q: data %v, want %v", tc.query, env.Data, tc.want)
		}
	}
	for _, bad := range []string{"page_size=-1", "current_page=x", "currentPage=-2", "pageSize=1.5"} {
		rec := httptest.NewRecorder()
		writeList(rec, httptest.NewRequest("GET", "/v1/x?"+bad, nil), items)
		if rec.Code != 400 {
			t.Errorf("%q: status %d, want 400", bad, rec.Code)
		}
		wantEnvelope(t, rec.Body.Bytes(), "AB01")
	}
	rec := httptest.NewRecorder()
	writeList[string](rec, httptest.NewRequest("GET", "/v1/x", nil), nil)
	if !bytes.Contains(rec.Body.Bytes(), []byte(`"data":[]`)) {
		t.Errorf("an empty list answered %s, want data []", rec.Body)
	}
}

func TestWire_listThroughARoute(t *testing.T) {
	t.Parallel()
	h := newCoreHarness(t)
	var seen []int
	for page := 0; page < 10; page++ {
		status, body := h.api("GET", fmt.Sprintf("/x-core/list?pageSize=3&currentPage=%d", page), "")
		var env struct {
			Total int   `json:"total"`
			Data  []int `json:"data"`
		}
		if status != 200 || json.Unmarshal(body, &env) != nil || env.Total != 7 {
			t.Fatalf("page %d: %d %s", page, status, body)
		}
		if len(env.Data) == 0 {
			break
		}
		seen = append(seen, env.Data...)
	}
	if fmt.Sprint(seen) != "[0 1 2 3 4 5 6]" {
		t.Fatalf("pages gave %v", seen)
	}
}
