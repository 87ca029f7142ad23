package main

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// What the provider binary does to stay lean in large plans, outside the
// provider's own code (see the README's benchmark section for the numbers).

// Log levels of terraform-plugin-go, terraform-plugin-framework and the
// provider's own tflog logger. Each defaults to TRACE when unset.
var pluginLogLevelEnv = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_PORTKEY"}

// logsDiscarded reports whether Terraform throws away every log line this
// provider writes: it keeps a provider's log lines only when TF_LOG_PROVIDER
// (or, without it, TF_LOG) names a level other than OFF. This is Terraform's
// own test (internal/logging: providerLogLevel).
func logsDiscarded(lookup func(string) (string, bool)) bool {
	level, _ := lookup("TF_LOG_PROVIDER")
	if level == "" {
		level, _ = lookup("TF_LOG")
	}
	return level == "" || strings.EqualFold(level, "off")
}

// silenceDiscardedLogs turns the plugin libraries' logging off when Terraform
// will discard it anyway. Left at their default (TRACE), the libraries
// format a JSON line for every step of every call, which Terraform reads and
// drops: about a quarter of the provider's CPU time in a large plan. A level
// set explicitly in one of pluginLogLevelEnv is kept. It reports whether it
// did.
func silenceDiscardedLogs(lookup func(string) (string, bool), set func(string, string) error) bool {
	if !logsDiscarded(lookup) {
		return false
	}
	for _, name := range pluginLogLevelEnv {
		if _, ok := lookup(name); !ok {
			_ = set(name, "off")
		}
	}
	return true
}

// leanGCPercent is the garbage collector's target (GOGC) when GOGC is unset:
// a plan allocates much and keeps little (a live heap of a few MB), so at
// Go's default of 100 the collector runs often and takes about a fifth of the
// provider's CPU time. At 200 it takes about half that, for a peak RSS still
// under 50 MB in a plan of 1,000 resources.
const leanGCPercent = 200

// frameworkServer is what terraform-plugin-framework serves: the provider
// server with every optional part (list resources, actions, state stores),
// which terraform-plugin-go finds by type assertion.
//
//nolint:staticcheck // deprecated for a future release, but what terraform-plugin-go asserts today
type frameworkServer interface {
	tfprotov6.ProviderServerWithListResource
	tfprotov6.ProviderServerWithActions
	tfprotov6.ProviderServerWithStateStores
}

// detachedServer serves the calls Terraform makes once per resource instance
// with a context that carries the call's cancellation but none of its values.
//
// terraform-plugin-framework (1.19, internal/proto6server registerContext)
// keeps a cancel function for the context of every call until the provider
// is stopped, and with it the whole context: terraform-plugin-go's loggers and
// their fields, the gRPC stream. That is about 13 KB per call, which a plan of
// 1,000 resources (four calls each) grows into some 55 MB of live heap and a
// peak RSS of about 170 MB. Detached, a call leaves a few hundred bytes
// behind. The values dropped are only the loggers, so detachedServer is used
// only when Terraform discards the provider's logs (logsDiscarded); with
// TF_LOG set, calls keep their loggers.
type detachedServer struct{ frameworkServer }

// leanServer wraps s in detachedServer when it has the framework's shape, and
// returns s unchanged otherwise.
func leanServer(s tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	if fs, ok := s.(frameworkServer); ok {
		return detachedServer{fs}
	}
	return s
}

// detach returns a context that is cancelled when ctx is, and holds no value
// of ctx; call the returned function when the call ends.
func detach(ctx context.Context) (context.Context, func()) {
	d, cancel := context.WithCancel(context.Background())
	stop := context.AfterFunc(ctx, cancel)
	return d, func() { stop(); cancel() }
}

// detached runs call with a detached context (detach).
func detached[Req, Resp any](ctx context.Context, req Req, call func(context.Context, Req) (Resp, error)) (Resp, error) {
	ctx, done := detach(ctx)
	defer done()
	return call(ctx, req)
}

func (s detachedServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return detached(ctx, req, s.frameworkServer.ValidateResourceConfig)
}

func (s detachedServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return detached(ctx, req, s.frameworkServer.UpgradeResourceState)
}

func (s detachedServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return detached(ctx, req, s.frameworkServer.UpgradeResourceIdentity)
}

func (s detachedServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return detached(ctx, req, s.frameworkServer.ReadResource)
}

func (s detachedServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return detached(ctx, req, s.frameworkServer.PlanResourceChange)
}

func (s detachedServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return detached(ctx, req, s.frameworkServer.ApplyResourceChange)
}

func (s detachedServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return detached(ctx, req, s.frameworkServer.ImportResourceState)
}

func (s detachedServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return detached(ctx, req, s.frameworkServer.ValidateDataResourceConfig)
}

func (s detachedServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return detached(ctx, req, s.frameworkServer.ReadDataSource)
}
