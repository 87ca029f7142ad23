//go:build linux || darwin

package main

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestMix(t *testing.T) {
	for _, n := range []int{10, 100, 1000, 2345} {
		m := newMix(n)
		if m.total() != n {
			t.Errorf("newMix(%d) totals %d: %+v", n, m.total(), m)
		}
		cfg := m.portkeyConfig()
		for kind, want := range map[string]int{
			"portkey_workspace": m.Workspaces, "portkey_workspace_member": m.Members, "portkey_user": m.Users,
			"portkey_user_invite": m.Invites, "portkey_api_key": m.OrgKeys + m.WsKeys + m.UserKeys,
		} {
			if got := strings.Count(cfg, "resource \""+kind+"\" "); got != want {
				t.Errorf("N=%d: %d %s blocks, want %d", n, got, kind, want)
			}
		}
		// Members of one workspace are distinct users.
		seen := map[string]bool{}
		re := regexp.MustCompile(`"portkey_workspace_member" "m\d+" \{\n  workspace_id = (portkey_workspace\.w\d+)\.id\n  user_id      = "([^"]+)"`)
		for _, match := range re.FindAllStringSubmatch(cfg, -1) {
			pair := match[1] + "/" + match[2]
			if seen[pair] {
				t.Fatalf("N=%d: %s is a member twice", n, pair)
			}
			seen[pair] = true
		}
		if len(seen) != m.Members {
			t.Errorf("N=%d: %d memberships parsed, want %d", n, len(seen), m.Members)
		}
		if got := strings.Count(floorConfig(n), `resource "terraform_data"`); got != n {
			t.Errorf("floorConfig(%d) has %d resources", n, got)
		}
	}
}

func TestRowFinish(t *testing.T) {
	floor := &row{Mode: "terraform_data", walls: []time.Duration{2 * time.Second, time.Second, 3 * time.Second},
		cliCPUs: []time.Duration{time.Second, time.Second, time.Second}}
	floor.finish(100, nil)
	r := &row{Mode: "bulk_reads=off"}
	for i, wall := range []time.Duration{5 * time.Second, 4 * time.Second, 6 * time.Second} {
		r.add(wall, map[string]int{"GET /a": 50 + i, "GET /b": 50}, []usage{
			{User: 300 * time.Millisecond, System: 100 * time.Millisecond, MaxRSSKiB: 40 << 10},
			{User: 100 * time.Millisecond, MaxRSSKiB: 20 << 10},
		})
	}
	r.cliCPUs = []time.Duration{3 * time.Second, 2 * time.Second, 4 * time.Second}
	r.finish(100, floor)
	if floor.WallSeconds != 2 || r.WallSeconds != 5 || r.FloorRatio != 2.5 || r.Requests != 101 || r.RequestsPerResource != 1.01 ||
		r.CPUMillisPerResource != 5 || r.PeakRSSMiB != 40 || r.ProviderProcesses != 2 ||
		r.CLICPUSeconds != 2.5 || floor.CLICPUSeconds != 1 {
		t.Fatalf("medians: floor %+v, row %+v", floor, r)
	}
}
