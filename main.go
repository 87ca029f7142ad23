package main

import (
	"context"
	"flag"
	"log"
	"os"
	"runtime"
	"runtime/pprof"

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
