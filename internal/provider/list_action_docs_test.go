package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestListResourceAndActionDocs keeps the list resource and action pages in
// line with the code, and their descriptions full sentences (as
// TestSchemaDescriptions requires of every other schema). tfplugindocs renders those pages from schemas it reads
// through the Terraform CLI, and the 1.11 CLI that builds the docs reports
// none, so their templates write each page whole: this test requires every
// page to carry its schema's description, the schema section exactly as
// tfplugindocs renders it (the docs generated with a 1.15 CLI are byte for
// byte the same), and every example of its directory; and a page for every
// list resource and action, and none for anything else.
func TestListResourceAndActionDocs(t *testing.T) {
	_, url := newTestMock(t)
	h := newProtoHarness(t, url)
	schemas, err := h.server.GetProviderSchema(h.ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]*tfprotov6.Schema{}
	for name, s := range schemas.ListResourceSchemas {
		pages[filepath.Join("list-resources", name)] = s
	}
	for name, s := range schemas.ActionSchemas {
		pages[filepath.Join("actions", name)] = s.Schema
	}
	if len(schemas.ListResourceSchemas) != 5 || len(schemas.ActionSchemas) != 3 {
		t.Fatalf("%d list resources and %d actions, want 5 and 3", len(schemas.ListResourceSchemas), len(schemas.ActionSchemas))
	}
	root := filepath.Join("..", "..")
	for key, s := range pages {
		kind, name := filepath.Split(key)
		kind = strings.TrimSuffix(kind, string(filepath.Separator))
		short := strings.TrimPrefix(name, "portkey_")
		raw, err := os.ReadFile(filepath.Join(root, "docs", kind, short+".md"))
		if err != nil {
			t.Errorf("%s: %v", key, err)
			continue
		}
		page := string(raw)
		checkDescription(t, key, s.Block.Description)
		for _, a := range s.Block.Attributes {
			checkDescription(t, key+"."+a.Name, a.Description)
		}
		title := map[string]string{"list-resources": "List Resource", "actions": "Action"}[kind]
		if !strings.Contains(page, fmt.Sprintf("# %s (%s)\n\n%s\n", name, title, s.Block.Description)) {
			t.Errorf("%s: the page lacks its title and the schema's description %q", key, s.Block.Description)
		}
		if want := schemaMarkdown(s.Block.Attributes); !strings.Contains(page, want) {
			t.Errorf("%s: the page lacks the schema section as tfplugindocs renders it:\n%s", key, want)
		}
		examples, err := filepath.Glob(filepath.Join(root, "examples", kind, name, "*"))
		if err != nil || len(examples) == 0 {
			t.Errorf("%s: no examples (%v)", key, err)
		}
		for _, ex := range examples {
			data, err := os.ReadFile(ex)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(page, "```terraform\n"+strings.TrimSpace(string(data))+"\n```") {
				t.Errorf("%s: the page does not show %s", key, ex)
			}
		}
	}
	for _, kind := range []string{"list-resources", "actions"} {
		entries, err := os.ReadDir(filepath.Join(root, "templates", kind))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := "portkey_" + strings.TrimSuffix(e.Name(), ".md.tmpl")
			if pages[filepath.Join(kind, name)] == nil {
				t.Errorf("templates/%s/%s documents %s, which the provider does not have", kind, e.Name(), name)
			}
		}
	}
}

// schemaMarkdown renders a flat schema's attributes as tfplugindocs does:
// "## Schema", then Required and Optional sections, attributes sorted.
func schemaMarkdown(attrs []*tfprotov6.SchemaAttribute) string {
	var required, optional []string
	for _, a := range attrs {
		typ := "String"
		switch {
		case a.Type.Is(tftypes.Number):
			typ = "Number"
		case a.Type.Is(tftypes.Bool):
			typ = "Boolean"
		}
		line := fmt.Sprintf("- `%s` (%s) %s", a.Name, typ, a.Description)
		if a.Required {
			required = append(required, line)
		} else {
			optional = append(optional, line)
		}
	}
	sort.Strings(required)
	sort.Strings(optional)
	var b strings.Builder
	b.WriteString("## Schema\n\n")
	for _, section := range []struct {
		title string
		lines []string
	}{{"Required", required}, {"Optional", optional}} {
		if len(section.lines) > 0 {
			fmt.Fprintf(&b, "### %s\n\n%s\n\n", section.title, strings.Join(section.lines, "\n"))
		}
	}
	return b.String()
}
