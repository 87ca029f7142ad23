package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/client"
	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/mockserver"
)

func TestRun_needsTheLiveKey(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), nil, &stdout, &stderr, func(string) string { return "" })
	if code != exitUsage || !strings.Contains(stderr.String(), "PORTKEY_LIVE_API_KEY is not set") || stdout.Len() != 0 {
		t.Fatalf("exit %d, stdout %q, stderr %q; want %d and a message naming PORTKEY_LIVE_API_KEY", code, stdout.String(), stderr.String(), exitUsage)
	}
}

// -check finds a leftover and deletes nothing; a sweep deletes it; -check
// then passes. The key never appears in the output.
func TestRun_checkThenSweep(t *testing.T) {
	t.Parallel()
	const key = "pk-sweep-cmd-admin"
	srv := mockserver.New(mockserver.Options{APIKeys: []string{key}})
	base := srv.Start(t)
	c, err := client.New(client.Config{BaseURL: base, APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateWorkspace(context.Background(), client.CreateWorkspaceRequest{Name: "tf-acc-left-behind-7f3k"}); err != nil {
		t.Fatal(err)
	}
	env := func(k string) string {
		return map[string]string{"PORTKEY_LIVE_API_KEY": key, "PORTKEY_LIVE_BASE_URL": base}[k]
	}
	for _, step := range []struct {
		args     []string
		wantCode int
		want     string
	}{
		{[]string{"-check"}, exitError, `would delete workspace "tf-acc-left-behind-7f3k"`},
		{nil, exitOK, `deleted workspace "tf-acc-left-behind-7f3k"`},
		{[]string{"-check"}, exitOK, "would delete 0 API key(s), 0 user invite(s), 0 workspace(s)"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), step.args, &stdout, &stderr, env)
		if code != step.wantCode || !strings.Contains(stdout.String(), step.want) {
			t.Fatalf("%v: exit %d, stdout:\n%s\nstderr:\n%s\nwant exit %d and %q", step.args, code, stdout.String(), stderr.String(), step.wantCode, step.want)
		}
		if strings.Contains(stdout.String()+stderr.String(), key) {
			t.Fatalf("%v: the output shows the key", step.args)
		}
	}
}
