package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// baseURLLine is the one line the binary prints once it listens.
var baseURLLine = regexp.MustCompile(`^PORTKEY_BASE_URL=(http://127\.0\.0\.1:[0-9]+)/v1$`)

func noEnv(string) string { return "" }

func writeSeedFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRun_refusesBadInvocations(t *testing.T) {
	t.Parallel()
	badSeed := writeSeedFile(t, `{"users":[{"email":"a@example.com"}],"gadgets":[]}`)
	badScope := writeSeedFile(t, `{"guardrails":[{"slug":"pii","scope":"everywhere"}]}`)
	cases := []struct {
		name    string
		args    []string
		env     string
		wantErr string
	}{
		{"no key", []string{"-addr", "127.0.0.1:0"}, "", "no API key"},
		{"blank env key", []string{"-addr", "127.0.0.1:0"}, " , ", "no API key"},
		{"empty flag key", []string{"-api-key", ""}, "", "empty API key"},
		{"all interfaces", []string{"-addr", ":0", "-api-key", "k"}, "", "not a loopback address"},
		{"0.0.0.0", []string{"-addr", "0.0.0.0:0", "-api-key", "k"}, "", "not a loopback address"},
		{"remote IP", []string{"-addr", "192.0.2.10:8080", "-api-key", "k"}, "", "-allow-remote"},
		{"remote name", []string{"-addr", "example.com:8080", "-api-key", "k"}, "", "not a loopback address"},
		{"no port", []string{"-addr", "127.0.0.1", "-api-key", "k"}, "", "missing port"},
		{"missing seed", []string{"-api-key", "k", "-seed", filepath.Join(t.TempDir(), "none.json")}, "", "no such file"},
		{"strict seed", []string{"-api-key", "k", "-seed", badSeed}, "", `unknown field "gadgets"`},
		{"guardrail scope", []string{"-api-key", "k", "-seed", badScope}, "", `scope "everywhere"`},
		{"unknown flag", []string{"-api-key", "k", "-port", "1"}, "", "flag provided but not defined"},
		{"extra args", []string{"-api-key", "k", "serve"}, "", "unexpected arguments"},
		{"bad lag", []string{"-api-key", "k", "-lag", "soon"}, "", "-lag"},
		{"bad lag kind", []string{"-api-key", "k", "-lag", "gadgets=1s"}, "", `unknown lag kind "gadgets"`},
		{"bad chaos rate", []string{"-api-key", "k", "-chaos", "rate=2"}, "", "chaos rate must be between 0 and 1"},
		{"bad chaos kind", []string{"-api-key", "k", "-chaos", "rate=0.2,kinds=teapot"}, "", `unknown chaos kind "teapot"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tc.args, &stdout, &stderr, func(string) string { return tc.env })
			if code != exitUsage {
				t.Fatalf("exit code %d, want %d; stderr: %s", code, exitUsage, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.wantErr) {
				t.Fatalf("stderr %q does not contain %q", stderr.String(), tc.wantErr)
			}
			if stdout.Len() != 0 {
				t.Fatalf("stdout %q, want nothing", stdout.String())
			}
		})
	}
}

func TestRun_help(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, &stdout, &stderr, noEnv); code != exitOK {
		t.Fatalf("-h: exit %d", code)
	}
	for _, want := range []string{"-addr", "-api-key", "-seed", "-owner-email", "-lag", "-org-admins-workspace-admin", "-float-literals", "-no-hooks", "-require-prefix", "-allow-remote", "-no-spec-validation", "PORTKEY_BASE_URL="} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("usage does not mention %q:\n%s", want, stderr.String())
		}
	}
}

// lockedBuffer is a concurrency-safe stderr sink.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// readBaseURL waits for the first stdout line and returns the server root.
func readBaseURL(t *testing.T, r io.Reader) (root string, rest *bufio.Scanner) {
	t.Helper()
	sc := bufio.NewScanner(r)
	lines := make(chan string, 1)
	go func() {
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	select {
	case line, ok := <-lines:
		if !ok {
			t.Fatal("the mock exited without printing its address")
		}
		m := baseURLLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("first stdout line %q does not match %s", line, baseURLLine)
		}
		return m[1], sc
	case <-time.After(60 * time.Second):
		t.Fatal("the mock did not print its address within 60s")
	}
	return "", nil
}

// mockCall calls the mock and decodes the JSON answer into out (if not nil).
func mockCall(t *testing.T, method, url, key, body string, out any) int {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("x-portkey-api-key", key)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: decoding: %v", method, url, err)
		}
	}
	return resp.StatusCode
}

func TestRun_servesUntilCancelled(t *testing.T) {
	t.Parallel()
	seed := writeSeedFile(t, `{"admin_keys":["pk-from-seed"],"users":[{"id":"5b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d","email":"alice@example.com","role":"member"}]}`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	stderr := &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-seed", seed, "-owner-email", "boss@example.com", "-v",
			"-lag", "users=1h", "-org-admins-workspace-admin"},
			pw, stderr, func(k string) string {
				if k == "PORTKEY_API_KEY" {
					return "pk-env-1, pk-env-2"
				}
				return ""
			})
		_ = pw.Close()
	}()
	root, _ := readBaseURL(t, pr)

	for _, key := range []string{"pk-env-1", "pk-env-2", "pk-from-seed"} {
		var raw json.RawMessage
		if status := mockCall(t, "GET", root+"/__mock/objects/users/5b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d", "", "", &raw); status != 200 {
			t.Fatalf("hook: %d", status)
		}
		var errBody map[string]any
		if status := mockCall(t, "GET", root+"/v1/no-such-route", key, "", &errBody); status != http.StatusNotFound {
			t.Fatalf("key %s: status %d, want the 404 of an authenticated unknown route", key, status)
		}
	}
	if status := mockCall(t, "GET", root+"/v1/no-such-route", "pk-wrong", "", nil); status != http.StatusUnauthorized {
		t.Fatalf("a wrong key: status %d, want 401", status)
	}
	var reqs []map[string]any
	mockCall(t, "GET", root+"/__mock/requests", "", "", &reqs)
	if len(reqs) != 4 {
		t.Fatalf("request log has %d entries, want 4", len(reqs))
	}

	// -lag users=1h: a role change reads stale; -org-admins-workspace-admin:
	// an organisation admin added as a member reads back as admin.
	var lag struct {
		Durations map[string]string `json:"durations"`
	}
	if mockCall(t, "GET", root+"/__mock/lag", "", "", &lag); lag.Durations["users"] != "1h0m0s" || len(lag.Durations) != 1 {
		t.Fatalf("GET /__mock/lag: %+v, want users=1h only", lag)
	}
	if status := mockCall(t, "PUT", root+"/v1/admin/users/5b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d", "pk-env-1", `{"role":"admin"}`, nil); status != 200 {
		t.Fatalf("PUT user: %d", status)
	}
	var user map[string]any
	if mockCall(t, "GET", root+"/v1/admin/users/5b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d", "pk-env-1", "", &user); user["role"] != "member" {
		t.Fatalf("user right after a role change under -lag: %v, want the stale member", user)
	}
	var ws map[string]any
	mockCall(t, "POST", root+"/v1/admin/workspaces", "pk-env-1", `{"name":"Team"}`, &ws)
	wsID, _ := ws["id"].(string)
	if status := mockCall(t, "POST", root+"/v1/admin/workspaces/"+wsID+"/users", "pk-env-1", `{"users":[{"id":"5b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d","role":"member"}]}`, nil); status != 200 {
		t.Fatalf("POST member: %d", status)
	}
	var member map[string]any
	if mockCall(t, "GET", root+"/v1/admin/workspaces/"+wsID+"/users/5b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d", "pk-env-1", "", &member); member["role"] != "admin" {
		t.Fatalf("an organisation admin added as member with -org-admins-workspace-admin: %v, want admin", member)
	}

	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Fatalf("exit code %d after cancellation; stderr: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after cancellation")
	}
	log := stderr.String()
	if !strings.Contains(log, "GET /v1/no-such-route 404") || !strings.Contains(log, "stopped") {
		t.Fatalf("stderr lacks the request log or the stop note:\n%s", log)
	}
	for _, secret := range []string{"pk-env-1", "pk-from-seed", "pk-wrong"} {
		if strings.Contains(log, secret) {
			t.Fatalf("stderr contains the key %q", secret)
		}
	}
}

// -float-literals reaches the server: integers are answered as 1.0.
func TestRun_floatLiterals(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-api-key", "pk-f", "-float-literals"}, pw, io.Discard, noEnv)
		_ = pw.Close()
	}()
	root, _ := readBaseURL(t, pr)
	req, err := http.NewRequestWithContext(context.Background(), "GET", root+"/v1/admin/workspaces", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("x-portkey-api-key", "pk-f")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if !strings.Contains(string(body), `"is_default":1.0`) || !strings.Contains(string(body), `"total":1.0`) {
		t.Errorf("-float-literals: the answer has integer literals: %s", body)
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Fatalf("exit %d", code)
	}
}

// -no-hooks reaches the server: a hook answers 404 and changes nothing, and
// the startup note says the hooks are off. -require-prefix reaches it too.
func TestRun_noHooks(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stderr := &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-api-key", "pk-h", "-no-hooks", "-require-prefix", "tf-acc-"}, pw, stderr, noEnv)
		_ = pw.Close()
	}()
	root, _ := readBaseURL(t, pr)
	if status := mockCall(t, "POST", root+"/__mock/seed", "", `{"users":[{"email":"hooked@example.com"}]}`, nil); status != http.StatusNotFound {
		t.Errorf("POST /__mock/seed with -no-hooks: %d, want 404", status)
	}
	var users struct {
		Data []map[string]any `json:"data"`
	}
	if status := mockCall(t, "GET", root+"/v1/admin/users", "pk-h", "", &users); status != 200 || len(users.Data) != 1 {
		t.Errorf("GET /admin/users: %d with %d users, want 200 with the owner only", status, len(users.Data))
	}
	for name, want := range map[string]int{"Production": http.StatusBadRequest, "tf-acc-production-x1": http.StatusOK} {
		if status := mockCall(t, "POST", root+"/v1/admin/workspaces", "pk-h", `{"name":"`+name+`"}`, nil); status != want {
			t.Errorf("-require-prefix tf-acc-: creating workspace %q answered %d, want %d", name, status, want)
		}
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(stderr.String(), "no test hooks (-no-hooks)") {
		t.Errorf("the startup note does not say the hooks are off:\n%s", stderr.String())
	}
}

// -chaos switches the seeded random fault mode on from the start.
func TestRun_chaos(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-api-key", "pk-c", "-chaos", "rate=1,seed=3,kinds=503"}, pw, io.Discard, noEnv)
		_ = pw.Close()
	}()
	root, _ := readBaseURL(t, pr)
	var answer map[string]any
	if status := mockCall(t, "GET", root+"/v1/admin/workspaces", "pk-c", "", &answer); status != http.StatusServiceUnavailable {
		t.Errorf("under -chaos rate=1: %d %v, want 503", status, answer)
	}
	var stats map[string]any
	mockCall(t, "GET", root+"/__mock/chaos", "", "", &stats)
	if injected, _ := stats["injected"].(map[string]any); injected["503"] != 1.0 {
		t.Errorf("GET /__mock/chaos = %v", stats)
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Fatalf("exit %d", code)
	}
}

// By default a request that breaks Portkey's OpenAPI document is answered
// 400 AB01 and logged with its violation; -no-spec-validation serves it.
func TestRun_specValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args   []string
		status int
	}{{nil, http.StatusBadRequest}, {[]string{"-no-spec-validation"}, http.StatusOK}} {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		done := make(chan int, 1)
		go func() {
			done <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-api-key", "pk-spec"}, tc.args...), pw, &lockedBuffer{}, noEnv)
			_ = pw.Close()
		}()
		root, _ := readBaseURL(t, pr)
		var answer map[string]any
		if status := mockCall(t, "GET", root+"/v1/admin/workspaces?colour=red", "pk-spec", "", &answer); status != tc.status {
			t.Errorf("%v: an unknown query parameter answered %d %v, want %d", tc.args, status, answer, tc.status)
		}
		var reqs []map[string]any
		mockCall(t, "GET", root+"/__mock/requests", "", "", &reqs)
		violation, _ := reqs[0]["violation"].(string)
		if (tc.status == http.StatusBadRequest) != strings.Contains(violation, `query parameter "colour" is not in the spec`) {
			t.Errorf("%v: the request log's violation is %q", tc.args, violation)
		}
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("%v: exit code %d", tc.args, code)
		}
	}
}

// TestBinary_buildRunAndSIGTERM builds the real binary and drives it as a
// script would.
func TestBinary_buildRunAndSIGTERM(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("SIGTERM cannot be sent on Windows")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH; it is needed to build the binary")
	}
	bin := filepath.Join(t.TempDir(), "portkey-mock")
	build := exec.Command(goBin, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	const key = "pk-binary-test-key"
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-api-key", key, "-owner-email", "boss@example.com")
	cmd.Env = append(os.Environ(), "PORTKEY_API_KEY=")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	// Stdout lines after the first, read until the process exits.
	var extra []string
	// Kill is a no-op once the process has exited.
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	root, rest := readBaseURL(t, stdout)
	go func() {
		for rest.Scan() {
			extra = append(extra, rest.Text())
		}
		exited <- cmd.Wait()
	}()

	// A hook, then an API route that sees the hook's effect.
	if status := mockCall(t, "POST", root+"/__mock/seed", "", `{"users":[{"email":"seeded@example.com","role":"member"}]}`, nil); status != 200 {
		t.Fatalf("POST /__mock/seed: %d", status)
	}
	var list struct {
		Object string           `json:"object"`
		Total  int              `json:"total"`
		Data   []map[string]any `json:"data"`
	}
	if status := mockCall(t, "GET", root+"/v1/admin/users", key, "", &list); status != 200 {
		t.Fatalf("GET /v1/admin/users: %d", status)
	}
	emails := []string{}
	for _, u := range list.Data {
		e, _ := u["email"].(string)
		emails = append(emails, e)
	}
	if got := strings.Join(emails, ","); list.Object != "list" || list.Total != 2 ||
		!strings.Contains(got, "seeded@example.com") || !strings.Contains(got, "boss@example.com") {
		t.Fatalf("GET /v1/admin/users = %+v, want the owner (-owner-email) and the seeded user", list)
	}
	if status := mockCall(t, "GET", root+"/v1/admin/users", "", "", nil); status != http.StatusUnauthorized {
		t.Fatalf("without a key: %d, want 401", status)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("after SIGTERM: %v (want exit 0); stderr:\n%s", err, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("the mock did not exit within 15s of SIGTERM; stderr:\n%s", stderr.String())
	}
	if len(extra) != 0 {
		t.Fatalf("stdout had more than the one line: %q", extra)
	}
	if !strings.Contains(stderr.String(), "stopped") {
		t.Fatalf("stderr lacks the shutdown note:\n%s", stderr.String())
	}
}
