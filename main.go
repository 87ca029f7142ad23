package main

import (
	"context"
	"flag"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/provider"
)

// version is set by goreleaser at build time.
var version = "dev"

//go:generate go tool tfplugindocs generate --provider-name portkey

func main() {
	var debug bool
	var cpuProfile, memProfile string
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of this process to `file` when it exits (benchmarks; see the README)")
	flag.StringVar(&memProfile, "memprofile", "", "write a heap profile of this process to `file` when it exits (benchmarks)")
	flag.Parse()

	if !debug {
		silenceDiscardedLogs(os.LookupEnv, os.Setenv)
	}
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			log.Fatal(err.Error())
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err.Error())
		}
	}
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/seed-4a8a86ef/portkey",
		Debug:   debug,
	})
	if cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	if memProfile != "" {
		writeHeapProfile(memProfile)
	}
	if err != nil {
		log.Fatal(err.Error())
	}
}

// Log levels of terraform-plugin-go, terraform-plugin-framework and the
// provider's own tflog logger. Each defaults to TRACE when unset.
var pluginLogLevelEnv = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_PORTKEY"}

// silenceDiscardedLogs turns the plugin libraries' logging off when Terraform
// will discard it anyway. Terraform keeps a provider's log lines only when
// TF_LOG_PROVIDER (or, without it, TF_LOG) names a level other than OFF;
// otherwise it reads every line the provider writes to standard error and
// throws it away. Left at their default (TRACE), the libraries format a JSON
// line for every step of every call, which is about a quarter of the
// provider's CPU time in a large plan. A level set explicitly in one of
// pluginLogLevelEnv is kept. In debug mode (-debug) the provider's logs go to
// its own terminal, so main does not call this.
func silenceDiscardedLogs(lookup func(string) (string, bool), set func(string, string) error) {
	// The same test as Terraform's own (internal/logging: providerLogLevel).
	level, _ := lookup("TF_LOG_PROVIDER")
	if level == "" {
		level, _ = lookup("TF_LOG")
	}
	if level != "" && !strings.EqualFold(level, "off") {
		return
	}
	for _, name := range pluginLogLevelEnv {
		if _, ok := lookup(name); !ok {
			_ = set(name, "off")
		}
	}
}

func writeHeapProfile(path string) {
	f, err := os.Create(path) //nolint:gosec // the operator names the file
	if err != nil {
		log.Print(err.Error())
		return
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		log.Print(err.Error())
	}
}
