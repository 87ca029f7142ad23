// Command migrate-from-official writes what a configuration needs to move
// from Portkey's official provider (registry.terraform.io/portkey-ai/portkey)
// to this one while keeping the official provider for the types only it has:
// a `moved` block for each resource this provider takes over, and the list
// of resources and data sources that need `provider = portkeyai`.
//
// It reads a state on standard input, as `terraform show -json` prints it
// (or as `terraform state pull` does), and writes HCL to standard output:
//
//	terraform show -json | go run ./internal/cmd/migrate-from-official > moved.tf
//
// It changes nothing: review the output, rename the resources in the
// configuration as the `to` addresses say, and run terraform plan.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/provider"
)

const officialSource = "portkey-ai/portkey"

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "migrate-from-official:", err)
		os.Exit(1)
	}
}

func run(args []string, in io.Reader, out io.Writer) error {
	fs := flag.NewFlagSet("migrate-from-official", flag.ContinueOnError)
	suffix := fs.String("suffix", "_moved", "appended to the name of each resource this provider takes over: a `moved` "+
		"block needs a new address, since both providers name their types alike")
	alias := fs.String("official-name", "portkeyai", "the local name given to portkey-ai/portkey in required_providers")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *suffix == "" || !regexp.MustCompile(`^[A-Za-z0-9_-]+$`).MatchString(*suffix) {
		return errors.New("-suffix must be a non-empty run of letters, digits, '_' or '-': the new address must differ from the old")
	}
	objects, err := readState(in)
	if err != nil {
		return err
	}
	movable, ours := targetTypes()
	plan := planMigration(objects, movable, ours, *suffix)
	if len(plan.moves)+len(plan.official) == 0 {
		return errors.New("the state has no resource or data source of registry.terraform.io/" + officialSource)
	}
	writePlan(out, plan, *alias)
	return nil
}

// object is one resource or data source of the state (all its instances).
type object struct {
	module   string // "" for the root module, else "module.a.module.b" (instance keys dropped)
	mode     string // "managed" or "data"
	typ      string
	name     string
	provider string // the provider's source address, e.g. registry.terraform.io/portkey-ai/portkey
}

func (o object) address() string {
	prefix := ""
	if o.mode == "data" {
		prefix = "data."
	}
	return prefix + o.typ + "." + o.name
}

// readState reads `terraform show -json` output or a raw state (version 4).
func readState(in io.Reader) ([]object, error) {
	var doc struct {
		Values *struct {
			RootModule showModule `json:"root_module"`
		} `json:"values"`
		Version   int `json:"version"`
		Resources []struct {
			Module   string `json:"module"`
			Mode     string `json:"mode"`
			Type     string `json:"type"`
			Name     string `json:"name"`
			Provider string `json:"provider"`
		} `json:"resources"`
	}
	if err := json.NewDecoder(in).Decode(&doc); err != nil {
		return nil, fmt.Errorf("reading the state on standard input (the output of `terraform show -json`): %w", err)
	}
	var objects []object
	switch {
	case doc.Values != nil:
		doc.Values.RootModule.collect(&objects)
	case doc.Version == 4:
		for _, r := range doc.Resources {
			objects = append(objects, object{module: moduleCall(r.Module), mode: r.Mode, typ: r.Type, name: r.Name,
				provider: providerSource(r.Provider)})
		}
	default:
		return nil, errors.New("standard input is neither `terraform show -json` output nor a version 4 state " +
			"(`terraform state pull`); with an empty state, `terraform show -json` prints no values")
	}
	return dedupe(objects), nil
}

// showModule is a module of `terraform show -json` values.
type showModule struct {
	Address   string `json:"address"`
	Resources []struct {
		Mode         string `json:"mode"`
		Type         string `json:"type"`
		Name         string `json:"name"`
		ProviderName string `json:"provider_name"`
	} `json:"resources"`
	ChildModules []showModule `json:"child_modules"`
}

func (m showModule) collect(out *[]object) {
	for _, r := range m.Resources {
		*out = append(*out, object{module: moduleCall(m.Address), mode: r.Mode, typ: r.Type, name: r.Name, provider: r.ProviderName})
	}
	for _, c := range m.ChildModules {
		c.collect(out)
	}
}

var instanceKey = regexp.MustCompile(`\[[^\]]*\]`)

// moduleCall drops instance keys from a module path: a module's code, where
// its moved blocks go, serves all its instances.
func moduleCall(path string) string { return instanceKey.ReplaceAllString(path, "") }

// providerSource extracts the source address from a raw state's provider
// reference, `provider["registry.terraform.io/portkey-ai/portkey"]` (or
// with an alias after the closing bracket).
func providerSource(ref string) string {
	if _, rest, ok := strings.Cut(ref, `provider["`); ok {
		src, _, _ := strings.Cut(rest, `"]`)
		return src
	}
	return ref
}

func dedupe(objects []object) []object {
	seen := map[object]bool{}
	var out []object
	for _, o := range objects {
		if !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	return out
}

// targetTypes asks this provider which resource types take over the
// official ones (they implement MoveState) and which data source types it
// has (an official data source of such a type needs no change).
func targetTypes() (movable, dataSources map[string]bool) {
	ctx := context.Background()
	p := provider.New("migrate")()
	movable, dataSources = map[string]bool{}, map[string]bool{}
	for _, f := range p.Resources(ctx) {
		r := f()
		if _, ok := r.(resource.ResourceWithMoveState); ok {
			var meta resource.MetadataResponse
			r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "portkey"}, &meta)
			movable[meta.TypeName] = true
		}
	}
	for _, f := range p.DataSources(ctx) {
		var meta datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "portkey"}, &meta)
		dataSources[meta.TypeName] = true
	}
	return movable, dataSources
}

type move struct{ module, from, to string }

type migration struct {
	moves    []move   // resources this provider takes over
	official []object // resources and data sources that stay with the official provider
	total    int      // official resources and data sources in the state
}

func planMigration(objects []object, movable, dataSources map[string]bool, suffix string) migration {
	var m migration
	taken := map[string]bool{}
	for _, o := range objects {
		taken[o.module+" "+o.address()] = true
	}
	for _, o := range objects {
		if !isOfficial(o.provider) {
			continue
		}
		m.total++
		switch {
		case o.mode == "managed" && movable[o.typ]:
			to := object{module: o.module, mode: o.mode, typ: o.typ, name: o.name + suffix}
			for taken[to.module+" "+to.address()] {
				to.name += suffix
			}
			taken[to.module+" "+to.address()] = true
			m.moves = append(m.moves, move{module: o.module, from: o.address(), to: to.address()})
		case o.mode == "data" && dataSources[o.typ]:
			// This provider reads it with a compatible schema.
		default:
			m.official = append(m.official, o)
		}
	}
	sort.Slice(m.moves, func(i, j int) bool {
		return m.moves[i].module+" "+m.moves[i].from < m.moves[j].module+" "+m.moves[j].from
	})
	sort.Slice(m.official, func(i, j int) bool {
		return m.official[i].module+" "+m.official[i].address() < m.official[j].module+" "+m.official[j].address()
	})
	return m
}

func isOfficial(source string) bool {
	source = strings.ToLower(source)
	return source == officialSource || strings.HasSuffix(source, "/"+officialSource)
}

func writePlan(out io.Writer, m migration, alias string) {
	p := func(format string, args ...any) { fmt.Fprintf(out, format, args...) }
	p("# Written by migrate-from-official for %d resources and data sources of registry.terraform.io/%s.\n", m.total, officialSource)
	p("# In required_providers, name seed-4a8a86ef/portkey `portkey` and %s `%s`, and rename the\n", officialSource, alias)
	p("# official provider's block to provider %q. See the guide \"Migrating from portkey-ai/portkey\".\n", alias)
	if len(m.moves) > 0 {
		p("#\n# This provider takes over these resources: in the configuration, rename each one to its `to` address.\n")
	}
	module := "-"
	for _, mv := range m.moves {
		if mv.module != module {
			module = mv.module
			if module != "" {
				p("\n# In the source of %s (moved blocks go in the module's own configuration):\n", module)
			}
		}
		p("\nmoved {\n  from = %s\n  to   = %s\n}\n", mv.from, mv.to)
	}
	if len(m.official) > 0 {
		p("\n# Only the official provider has these: add `provider = %s` to each.\n", alias)
		for _, o := range m.official {
			where := ""
			if o.module != "" {
				where = " (in " + o.module + ")"
			}
			p("#   %s%s: provider = %s\n", o.address(), where, alias)
		}
	}
}
