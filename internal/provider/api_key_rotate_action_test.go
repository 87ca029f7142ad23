package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

// The rotate action rotates by key id with the transition period asked for,
// shows no secret, and refuses a rotation still in transition. The
// portkey_api_key managing the key then warns on every refresh that key in
// state is the previous secret, naming rotate_trigger, until a rotation by
// rotate_trigger gives Terraform the current secret again. An imported key
// (no secret in state) does not warn.
func TestAction_apiKeyRotate(t *testing.T) {
	t.Parallel()
	srv, url, clock := newInviteTestMockWithClock(t)
	h := newProtoHarness(t, url)
	const typeName, actionType = "portkey_api_key", "portkey_api_key_rotate"
	config := map[string]tftypes.Value{
		"name": str("rotated-by-action"), "type": str("organisation"), "sub_type": str("service"),
		"scopes": strSet("completions.write"),
	}
	created := h.apply(typeName, nil, config)
	st := h.stateValues(typeName, created.state)
	id, secret := st["id"], st["key"]
	if secret == "" {
		t.Fatal("the created key has no secret in state")
	}
	if w := warningText(h.read(typeName, created).Diagnostics); w != "" {
		t.Fatalf("refresh before any rotation warns: %s", w)
	}

	srv.ClearRequests()
	run := h.runAction(actionType, map[string]tftypes.Value{"id": str(id), "transition_period_ms": int64Val(3600000)})
	if !run.invoked || errorText(run.diags) != "" {
		t.Fatalf("rotate: %s", run.text())
	}
	if !strings.Contains(run.text(), "Rotated API key "+id) || !strings.Contains(run.text(), "rotate_trigger") {
		t.Fatalf("progress: %v", run.progress)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Route != "POST /api-keys/{id}/rotate" {
		t.Fatalf("requests %+v, want one rotation", reqs)
	}
	var body map[string]int64
	if err := json.Unmarshal([]byte(reqs[0].Body), &body); err != nil || body["key_transition_period_ms"] != 3600000 {
		t.Fatalf("rotate body %s", reqs[0].Body)
	}
	current, err := srv.APIKeySecret(id)
	if err != nil || current == secret {
		t.Fatalf("the key was not rotated (%v)", err)
	}
	for _, s := range srv.MintedAPIKeySecrets() {
		if strings.Contains(run.text(), s) {
			t.Fatal("the action showed a secret")
		}
	}

	// Every refresh now warns; the state keeps the previous secret and shows the new hint.
	refreshed := created
	for range 2 {
		resp := h.read(typeName, refreshed)
		h.check("refresh after the action", resp.Diagnostics)
		w := warningText(resp.Diagnostics)
		if !strings.Contains(w, "API Key Rotated Outside Terraform") || !strings.Contains(w, "rotate_trigger") ||
			!strings.Contains(w, id) || strings.Contains(w, current) || strings.Contains(w, secret) {
			t.Fatalf("refresh warning %q", w)
		}
		refreshed = object{state: resp.NewState, identity: resp.NewIdentity, private: resp.Private}
		if got := h.stateValues(typeName, refreshed.state); got["key"] != secret || got["key_hint"] != current[:2]+"*****"+current[len(current)-3:] {
			t.Fatalf("state after the refresh: key kept %t, key_hint %q", got["key"] == secret, got["key_hint"])
		}
	}

	// A second rotation during the transition is refused, clearly; nothing changes.
	again := h.runAction(actionType, map[string]tftypes.Value{"id": str(id)})
	if msg := errorText(again.diags); !strings.Contains(msg, "API Key Rotation Refused") || !strings.Contains(msg, "still in transition") ||
		!strings.Contains(msg, "HTTP 400") {
		t.Fatalf("rotation in transition: %s", again.text())
	}
	if s, _ := srv.APIKeySecret(id); s != current {
		t.Fatal("the refused rotation changed the secret")
	}

	// After the transition, rotate_trigger rotates in place: the warning stops.
	clock.advance(2 * time.Hour)
	config["rotate_trigger"] = str("1")
	rotated := h.apply(typeName, &refreshed, config)
	if got := h.stateValues(typeName, rotated.state)["key"]; got == secret || got == current {
		t.Fatal("rotate_trigger did not store a new secret")
	}
	if w := warningText(h.read(typeName, rotated).Diagnostics); w != "" {
		t.Fatalf("refresh after rotate_trigger warns: %s", w)
	}

	// An imported key holds no secret: a rotation outside Terraform is no news to it.
	_, imported := h.importByIdentity(typeName, map[string]string{"id": id})
	clock.advance(2 * time.Hour)
	if run := h.runAction(actionType, map[string]tftypes.Value{"id": str(id)}); errorText(run.diags) != "" {
		t.Fatalf("rotate: %s", run.text())
	}
	if w := warningText(h.read(typeName, imported).Diagnostics); w != "" {
		t.Fatalf("refresh of an imported key warns: %s", w)
	}
}

// Bad configuration is refused when the action is validated; an unknown key
// is refused by the invocation, naming the id.
func TestAction_apiKeyRotateErrors(t *testing.T) {
	t.Parallel()
	_, url := newTestMock(t)
	h := newProtoHarness(t, url)
	for what, tc := range map[string]struct {
		config map[string]tftypes.Value
		want   string
	}{
		"an id that is no UUID": {map[string]tftypes.Value{"id": str("ci-key")}, "must be an API key id (a UUID)"},
		"a transition under 30 minutes": {map[string]tftypes.Value{
			"id": str("4c46f684-d96c-4b58-b356-81e5722cd19d"), "transition_period_ms": int64Val(60000),
		}, "at least 1800000"},
	} {
		if run := h.runAction("portkey_api_key_rotate", tc.config); run.invoked || !strings.Contains(errorText(run.validate), tc.want) {
			t.Errorf("%s: %s", what, run.text())
		}
	}
	run := h.runAction("portkey_api_key_rotate", map[string]tftypes.Value{"id": str("4c46f684-d96c-4b58-b356-81e5722cd19d")})
	if msg := errorText(run.diags); !strings.Contains(msg, "HTTP 404") || !strings.Contains(msg, "No API key has the id 4c46f684-d96c-4b58-b356-81e5722cd19d") {
		t.Fatalf("unknown key: %s", run.text())
	}
}

// The hint comparison behind the warning.
func TestAPIKeySecretMatchesHint(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		secret, hint      string
		matches, knowable bool
	}{
		{"pk-abcdef123", "pk*****123", true, true},
		{"pk-abcdef124", "pk*****123", false, true},
		{"xx-abcdef123", "pk*****123", false, true},
		{"pk-abcdef123", "pk-abcdef123", false, false}, // not a masked form
		{"pk-abcdef123", "*****", false, false},        // nothing of the secret shown
		{"pk-abcdef123", "pk**x**123", false, false},   // not one run of '*'
		{"p1", "pk*****123", false, true},              // shorter than the hint's ends
	} {
		matches, known := apiKeySecretMatchesHint(tc.secret, tc.hint)
		if matches != tc.matches || known != tc.knowable {
			t.Errorf("apiKeySecretMatchesHint(%q, %q) = %t, %t; want %t, %t", tc.secret, tc.hint, matches, known, tc.matches, tc.knowable)
		}
	}
}

// staleKeyReads serves a key's GET as it was before its last rotation for
// the next n reads after each rotation: Portkey's reads may lag behind its
// writes (API-NOTES.md 11.1).
type staleKeyReads struct {
	srv   *mockserver.Server
	n     int
	mu    sync.Mutex
	stale map[string][]byte // key id -> the GET answer before the rotation
	left  map[string]int
}

func (s *staleKeyReads) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, mockserver.APIPrefix+"/api-keys/")
	id, rotate := strings.CutSuffix(rest, "/rotate")
	switch {
	case ok && rotate && r.Method == http.MethodPost:
		get := httptest.NewRequestWithContext(r.Context(), http.MethodGet, mockserver.APIPrefix+"/api-keys/"+id, nil)
		get.Header = r.Header.Clone()
		rec := httptest.NewRecorder()
		s.srv.ServeHTTP(rec, get)
		s.mu.Lock()
		s.stale[id], s.left[id] = rec.Body.Bytes(), s.n
		s.mu.Unlock()
	case ok && !rotate && r.Method == http.MethodGet:
		s.mu.Lock()
		body, left := s.stale[id], s.left[id]
		if left > 0 {
			s.left[id]--
		}
		s.mu.Unlock()
		if left > 0 {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(body)
			return
		}
	}
	s.srv.ServeHTTP(w, r)
}

// Under read lag, the rotation rotate_trigger makes is not mistaken for one
// made outside Terraform while Portkey still shows the previous mask, and a
// rotation by the action is reported once Portkey shows it.
func TestAction_apiKeyRotateUnderReadLag(t *testing.T) {
	t.Parallel()
	srv, _, clock := newInviteTestMockWithClock(t)
	lag := &staleKeyReads{srv: srv, n: 2, stale: map[string][]byte{}, left: map[string]int{}}
	ts := httptest.NewServer(lag)
	t.Cleanup(ts.Close)
	h := newProtoHarness(t, ts.URL+mockserver.APIPrefix)
	const typeName = "portkey_api_key"
	config := map[string]tftypes.Value{
		"name": str("lagging"), "type": str("organisation"), "sub_type": str("service"), "scopes": strSet("logs.view"),
	}
	o := h.apply(typeName, nil, config)
	id := h.stateValues(typeName, o.state)["id"]

	// rotate_trigger: the update's read-back and the next refresh are stale.
	config["rotate_trigger"] = str("1")
	o = h.apply(typeName, &o, config)
	if st := h.stateValues(typeName, o.state); func() bool { m, _ := apiKeySecretMatchesHint(st["key"], st["key_hint"]); return m }() {
		t.Fatal("the update's read-back was not stale: the test does not simulate lag")
	}
	for i, wantStale := range []bool{true, false} {
		resp := h.read(typeName, o)
		h.check("refresh", resp.Diagnostics)
		if w := warningText(resp.Diagnostics); w != "" {
			t.Fatalf("refresh %d (stale %t) after rotate_trigger warns: %s", i, wantStale, w)
		}
		o = object{state: resp.NewState, identity: resp.NewIdentity, private: resp.Private}
	}
	if strings.Contains(string(o.private), apiKeyPrivatePreRotationHint) {
		t.Fatalf("the rotation's mark stays in private state once Portkey shows the new mask: %s", o.private)
	}

	// The action rotates: stale reads hide it, then every refresh warns.
	clock.advance(2 * time.Hour)
	if run := h.runAction("portkey_api_key_rotate", map[string]tftypes.Value{"id": str(id)}); errorText(run.diags) != "" {
		t.Fatalf("rotate: %s", run.text())
	}
	var warned []bool
	for range 4 {
		resp := h.read(typeName, o)
		h.check("refresh", resp.Diagnostics)
		warned = append(warned, strings.Contains(warningText(resp.Diagnostics), "API Key Rotated Outside Terraform"))
		o = object{state: resp.NewState, identity: resp.NewIdentity, private: resp.Private}
	}
	if fmt.Sprint(warned) != "[false false true true]" {
		t.Fatalf("warnings on the refreshes after the action under lag: %v, want [false false true true]", warned)
	}
}
