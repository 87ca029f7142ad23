package main

import (
	"bytes"
	"strings"
	"testing"
)

// showJSON is `terraform show -json` output of a mixed estate: the official
// provider's resources at the root and in a module instance, its data
// sources, and a resource of another provider.
const showJSON = `{
  "format_version": "1.0",
  "terraform_version": "1.11.4",
  "values": {
    "root_module": {
      "resources": [
        {"address": "portkey_workspace.production", "mode": "managed", "type": "portkey_workspace", "name": "production",
         "provider_name": "registry.terraform.io/portkey-ai/portkey", "schema_version": 0, "values": {}},
        {"address": "portkey_api_key.backend[\"a\"]", "mode": "managed", "type": "portkey_api_key", "name": "backend",
         "index": "a", "provider_name": "registry.terraform.io/portkey-ai/portkey", "values": {}},
        {"address": "portkey_api_key.backend[\"b\"]", "mode": "managed", "type": "portkey_api_key", "name": "backend",
         "index": "b", "provider_name": "registry.terraform.io/portkey-ai/portkey", "values": {}},
        {"address": "portkey_api_key.backend_moved", "mode": "managed", "type": "portkey_api_key", "name": "backend_moved",
         "provider_name": "registry.terraform.io/seed-4a8a86ef/portkey", "values": {}},
        {"address": "portkey_config.default", "mode": "managed", "type": "portkey_config", "name": "default",
         "provider_name": "registry.terraform.io/portkey-ai/portkey", "values": {}},
        {"address": "data.portkey_workspaces.all", "mode": "data", "type": "portkey_workspaces", "name": "all",
         "provider_name": "registry.terraform.io/portkey-ai/portkey", "values": {}},
        {"address": "data.portkey_prompt.p", "mode": "data", "type": "portkey_prompt", "name": "p",
         "provider_name": "registry.terraform.io/portkey-ai/portkey", "values": {}},
        {"address": "random_pet.x", "mode": "managed", "type": "random_pet", "name": "x",
         "provider_name": "registry.terraform.io/hashicorp/random", "values": {}}
      ],
      "child_modules": [
        {"address": "module.team[\"ml\"]", "resources": [
          {"address": "module.team[\"ml\"].portkey_workspace_member.lead", "mode": "managed", "type": "portkey_workspace_member",
           "name": "lead", "provider_name": "registry.terraform.io/portkey-ai/portkey", "values": {}},
          {"address": "module.team[\"ml\"].portkey_integration.openai", "mode": "managed", "type": "portkey_integration",
           "name": "openai", "provider_name": "registry.terraform.io/portkey-ai/portkey", "values": {}}
        ]},
        {"address": "module.team[\"web\"]", "resources": [
          {"address": "module.team[\"web\"].portkey_workspace_member.lead", "mode": "managed", "type": "portkey_workspace_member",
           "name": "lead", "provider_name": "registry.terraform.io/portkey-ai/portkey", "values": {}}
        ]}
      ]
    }
  }
}`

const wantShow = `# Written by migrate-from-official for 7 resources and data sources of registry.terraform.io/portkey-ai/portkey.
# In required_providers, name seed-4a8a86ef/portkey ` + "`portkey`" + ` and portkey-ai/portkey ` + "`portkeyai`" + `, and rename the
# official provider's block to provider "portkeyai". See the guide "Migrating from portkey-ai/portkey".
#
# This provider takes over these resources: in the configuration, rename each one to its ` + "`to`" + ` address.

moved {
  from = portkey_api_key.backend
  to   = portkey_api_key.backend_moved_moved
}

moved {
  from = portkey_workspace.production
  to   = portkey_workspace.production_moved
}

# In the source of module.team (moved blocks go in the module's own configuration):

moved {
  from = portkey_workspace_member.lead
  to   = portkey_workspace_member.lead_moved
}

# Only the official provider has these: add ` + "`provider = portkeyai`" + ` to each.
#   data.portkey_prompt.p: provider = portkeyai
#   portkey_config.default: provider = portkeyai
#   portkey_integration.openai (in module.team): provider = portkeyai
`

// TestRun_showJSON: every resource of a type this provider takes over gets
// one moved block (all instances at once; per module source), to a free
// address; official-only types are listed for `provider = portkeyai`; data
// sources this provider also has, and other providers, are left alone.
func TestRun_showJSON(t *testing.T) {
	var out bytes.Buffer
	if err := run(nil, strings.NewReader(showJSON), &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != wantShow {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), wantShow)
	}
}

// TestRun_rawState: a raw state (terraform state pull) works too, and the
// flags choose the suffix and the official provider's local name.
func TestRun_rawState(t *testing.T) {
	const raw = `{"version": 4, "terraform_version": "1.11.4", "resources": [
	  {"mode": "managed", "type": "portkey_user_invite", "name": "dana",
	   "provider": "provider[\"registry.terraform.io/portkey-ai/portkey\"]", "instances": [{"attributes": {}}]},
	  {"module": "module.a[0]", "mode": "managed", "type": "portkey_prompt", "name": "p",
	   "provider": "provider[\"registry.terraform.io/portkey-ai/portkey\"].eu", "instances": [{"attributes": {}}]}
	]}`
	var out bytes.Buffer
	if err := run([]string{"-suffix", "_v2", "-official-name", "official"}, strings.NewReader(raw), &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"moved {\n  from = portkey_user_invite.dana\n  to   = portkey_user_invite.dana_v2\n}\n",
		"#   portkey_prompt.p (in module.a): provider = official\n",
		`rename the
# official provider's block to provider "official"`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRun_errors(t *testing.T) {
	for name, tc := range map[string]struct {
		args  []string
		input string
		want  string
	}{
		"no official objects": {input: `{"values": {"root_module": {"resources": [{"mode": "managed", "type": "random_pet",
			"name": "x", "provider_name": "registry.terraform.io/hashicorp/random"}]}}}`, want: "no resource or data source of registry.terraform.io/portkey-ai/portkey"},
		"empty state":  {input: `{"format_version": "1.0"}`, want: "neither `terraform show -json` output"},
		"not JSON":     {input: `portkey_workspace.production`, want: "reading the state on standard input"},
		"empty suffix": {args: []string{"-suffix", ""}, input: showJSON, want: "-suffix must be"},
	} {
		t.Run(name, func(t *testing.T) {
			err := run(tc.args, strings.NewReader(tc.input), &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}
