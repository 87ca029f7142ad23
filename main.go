package main

import (
	"flag"
	"log"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/provider"
)

// version is set by goreleaser at build time.
var version = "dev"

const address = "registry.terraform.io/seed-4a8a86ef/portkey"

//go:generate go tool tfplugindocs generate --provider-name portkey

func main() {
	var debugMode bool
	var cpuProfile, memProfile string
	flag.BoolVar(&debugMode, "debug", false, "run the provider with support for debuggers like delve")
	flag.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of this process to `file` when it exits (benchmarks; see the README)")
	flag.StringVar(&memProfile, "memprofile", "", "write a heap profile of this process to `file` when it exits (benchmarks)")
	flag.Parse()

	if cpuProfile != "" {
		f, err := os.Create(cpuProfile) //nolint:gosec // the operator names the file
		if err != nil {
			log.Fatal(err.Error())
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err.Error())
		}
	}

	// In debug mode the logs go to the developer's terminal: keep them.
	lean := !debugMode && silenceDiscardedLogs(os.LookupEnv, os.Setenv)
	if _, set := os.LookupEnv("GOGC"); lean && !set {
		debug.SetGCPercent(leanGCPercent)
	}
	var opts []tf6server.ServeOpt
	if debugMode {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err := tf6server.Serve(address, func() tfprotov6.ProviderServer {
		server := providerserver.NewProtocol6(provider.New(version)())()
		if lean {
			server = leanServer(server)
		}
		return server
	}, opts...)

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
