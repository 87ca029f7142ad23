package mockserver

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Deriving the committed spec subset (openapi/portkey-admin.yaml) from
// Portkey's full OpenAPI document. cmd/portkey-spec-subset writes it; a test
// checks it is current when the full document is at hand.

// specSourceCommit is the commit of github.com/Portkey-AI/openapi whose
// openapi.yaml the committed subset was extracted from (API-NOTES.md 0, S1).
const specSourceCommit = "a2191f44eb850aa26e2388a6aba22ce038b8b362"

// specSubsetHeader opens the generated file.
const specSubsetHeader = `# Portkey's Admin API as the mock server validates requests against it: the
# operations the mock serves and every component they reference, extracted
# unchanged (less path-level "servers" and "x-code-samples") from Portkey's
# OpenAPI document, openapi.yaml of github.com/Portkey-AI/openapi at commit
# %s.
# That document is under the MIT licence; see LICENSE beside this file.
#
# Generated: go run ./internal/mockserver/cmd/portkey-spec-subset PATH/TO/openapi.yaml
# Do not edit. The documented spec bugs the mock tolerates are the allow-list
# in ../spec.go, applied when the subset is loaded.
`

var templateParam = regexp.MustCompile(`\{[^}/]+\}`)

// operationKey names an operation independently of its path parameters'
// names: "POST /api-keys/{}/{}" for the mock's "/api-keys/{type}/{subtype}"
// and the spec's "/api-keys/{type}/{sub-type}".
func operationKey(method, path string) string {
	return strings.ToUpper(method) + " " + templateParam.ReplaceAllString(path, "{}")
}

// SpecSubset extracts from full, Portkey's whole OpenAPI document, the
// operations the mock serves and the components they reference (closed over
// $ref), keeping the document's order. The result is deterministic, so a
// regenerated subset can be compared byte for byte with the committed one.
func SpecSubset(full []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(full, &doc); err != nil {
		return nil, fmt.Errorf("parsing the OpenAPI document: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("the OpenAPI document is not a YAML mapping")
	}
	root := doc.Content[0]

	wanted := map[string]bool{}
	for _, route := range New(Options{}).specRoutes() {
		wanted[route] = false
	}

	paths := mapping()
	srcPaths := mappingValue(root, "paths")
	if srcPaths == nil {
		return nil, fmt.Errorf("the OpenAPI document has no paths")
	}
	for i := 0; i+1 < len(srcPaths.Content); i += 2 {
		path, item := srcPaths.Content[i].Value, srcPaths.Content[i+1]
		kept := mapping()
		for j := 0; j+1 < len(item.Content); j += 2 {
			key, val := item.Content[j].Value, item.Content[j+1]
			switch {
			case key == "servers": // the hosted and self-hosted base URLs; the mock serves under /v1 itself
			case isHTTPMethod(key):
				opKey := operationKey(key, path)
				if _, ok := wanted[opKey]; !ok {
					continue
				}
				wanted[opKey] = true
				kept.Content = append(kept.Content, scalar(key), withoutKeys(val, "x-code-samples"))
			default: // parameters, summary, description shared by the path's operations
				kept.Content = append(kept.Content, scalar(key), resolveAliases(val))
			}
		}
		if hasOperation(kept) {
			paths.Content = append(paths.Content, scalar(path), kept)
		}
	}
	var missing []string
	for route, found := range wanted {
		if !found {
			missing = append(missing, route)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("the OpenAPI document lacks operations the mock serves: %s", strings.Join(missing, ", "))
	}

	components, err := referencedComponents(root, paths)
	if err != nil {
		return nil, err
	}

	out := mapping()
	for _, key := range []string{"openapi", "info"} {
		if v := mappingValue(root, key); v != nil {
			out.Content = append(out.Content, scalar(key), resolveAliases(v))
		}
	}
	out.Content = append(out.Content, scalar("paths"), paths, scalar("components"), components)
	if v := mappingValue(root, "security"); v != nil {
		out.Content = append(out.Content, scalar("security"), resolveAliases(v))
	}

	var buf bytes.Buffer
	fmt.Fprintf(&buf, specSubsetHeader, specSourceCommit)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("writing the subset: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("writing the subset: %w", err)
	}
	return buf.Bytes(), nil
}

// referencedComponents collects every component reachable by $ref from the
// kept paths, and the security schemes the document's security names, in
// the document's order.
func referencedComponents(root, paths *yaml.Node) (*yaml.Node, error) {
	src := mappingValue(root, "components")
	if src == nil {
		return nil, fmt.Errorf("the OpenAPI document has no components")
	}
	needed := map[string]map[string]bool{} // section -> name
	need := func(section, name string) bool {
		if needed[section] == nil {
			needed[section] = map[string]bool{}
		}
		if needed[section][name] {
			return false
		}
		needed[section][name] = true
		return true
	}
	if sec := mappingValue(root, "security"); sec != nil {
		for _, req := range sec.Content {
			for i := 0; i+1 < len(req.Content); i += 2 {
				need("securitySchemes", req.Content[i].Value)
			}
		}
	}
	var walk func(n *yaml.Node) error
	walk = func(n *yaml.Node) error {
		if n.Kind == yaml.AliasNode {
			return walk(n.Alias)
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value != "$ref" {
					continue
				}
				ref := n.Content[i+1].Value
				parts := strings.Split(strings.TrimPrefix(ref, "#/components/"), "/")
				if !strings.HasPrefix(ref, "#/components/") || len(parts) != 2 {
					return fmt.Errorf("unsupported $ref %q", ref)
				}
				if !need(parts[0], parts[1]) {
					continue
				}
				target := mappingValue(mappingValue(src, parts[0]), parts[1])
				if target == nil {
					return fmt.Errorf("$ref %q names no component", ref)
				}
				if err := walk(target); err != nil {
					return err
				}
			}
		}
		for _, c := range n.Content {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(paths); err != nil {
		return nil, err
	}

	out := mapping()
	for i := 0; i+1 < len(src.Content); i += 2 {
		section, entries := src.Content[i].Value, src.Content[i+1]
		if len(needed[section]) == 0 {
			continue
		}
		kept := mapping()
		for j := 0; j+1 < len(entries.Content); j += 2 {
			if needed[section][entries.Content[j].Value] {
				kept.Content = append(kept.Content, scalar(entries.Content[j].Value), resolveAliases(entries.Content[j+1]))
			}
		}
		out.Content = append(out.Content, scalar(section), kept)
	}
	return out, nil
}

func isHTTPMethod(key string) bool {
	switch key {
	case "get", "put", "post", "delete", "patch", "head", "options", "trace":
		return true
	}
	return false
}

func hasOperation(item *yaml.Node) bool {
	for i := 0; i+1 < len(item.Content); i += 2 {
		if isHTTPMethod(item.Content[i].Value) {
			return true
		}
	}
	return false
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"} }

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }

// mappingValue is the value of key in mapping m (nil when absent).
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil {
		return nil
	}
	if m.Kind == yaml.AliasNode {
		m = m.Alias
	}
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// withoutKeys copies mapping n (aliases resolved) without the given keys.
func withoutKeys(n *yaml.Node, keys ...string) *yaml.Node {
	c := resolveAliases(n)
	if c.Kind != yaml.MappingNode {
		return c
	}
	kept := c.Content[:0]
	for i := 0; i+1 < len(c.Content); i += 2 {
		if !slices.Contains(keys, c.Content[i].Value) {
			kept = append(kept, c.Content[i], c.Content[i+1])
		}
	}
	c.Content = kept
	return c
}

// resolveAliases deep-copies n, replacing each alias with a copy of what it
// names and dropping anchors and comments, so the copy stands alone.
func resolveAliases(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		return resolveAliases(n.Alias)
	}
	c := *n
	c.Anchor = ""
	c.HeadComment, c.LineComment, c.FootComment = "", "", ""
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, child := range n.Content {
		c.Content[i] = resolveAliases(child)
	}
	return &c
}
