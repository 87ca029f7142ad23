package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocs_importSaysWhereToFindTheID requires every resource page's Import
// section to tell the reader where to find the import id in Portkey's app or
// API (a "Finding the id." paragraph in templates/resources/<name>.md.tmpl).
func TestDocs_importSaysWhereToFindTheID(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("..", "..", "docs", "resources", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatal("no resource pages under docs/resources")
	}
	for _, page := range pages {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		_, section, ok := strings.Cut(string(data), "\n## Import\n")
		if !ok {
			t.Errorf("%s has no Import section", filepath.Base(page))
			continue
		}
		section, _, _ = strings.Cut(section, "\n## ")
		if !strings.Contains(section, "**Finding the id.**") {
			t.Errorf("%s: its Import section does not say where to find the id (a \"**Finding the id.**\" paragraph in its template)", filepath.Base(page))
		}
	}
}
