package main

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/seed-4a8a86ef/terraform-provider-portkey/internal/provider"
)

func TestSilenceDiscardedLogs(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want map[string]string // the plugin log levels afterwards; missing means unset
	}{
		{
			name: "no logging asked for: every plugin logger is off",
			env:  map[string]string{},
			want: map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "off", "TF_LOG_PROVIDER_PORTKEY": "off"},
		},
		{
			name: "TF_LOG=off is no logging",
			env:  map[string]string{"TF_LOG": "OFF"},
			want: map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "off", "TF_LOG_PROVIDER_PORTKEY": "off"},
		},
		{
			name: "a level set explicitly is kept",
			env:  map[string]string{"TF_LOG_SDK_FRAMEWORK": "trace"},
			want: map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_SDK_FRAMEWORK": "trace", "TF_LOG_PROVIDER_PORTKEY": "off"},
		},
		{
			name: "TF_LOG keeps the libraries' defaults",
			env:  map[string]string{"TF_LOG": "debug"},
			want: map[string]string{},
		},
		{
			name: "TF_LOG_PROVIDER keeps them too",
			env:  map[string]string{"TF_LOG_PROVIDER": "trace"},
			want: map[string]string{},
		},
		{
			name: "TF_LOG_PROVIDER wins over TF_LOG, as in Terraform",
			env:  map[string]string{"TF_LOG": "off", "TF_LOG_PROVIDER": "info"},
			want: map[string]string{},
		},
		{
			name: "an unknown level is TRACE to Terraform",
			env:  map[string]string{"TF_LOG": "verbose"},
			want: map[string]string{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range tc.env {
				env[k] = v
			}
			lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
			silenced := silenceDiscardedLogs(lookup, func(k, v string) error { env[k] = v; return nil })
			if silenced != (len(tc.want) > 0) {
				t.Errorf("silenceDiscardedLogs reported %t", silenced)
			}
			for _, name := range pluginLogLevelEnv {
				got, ok := env[name]
				want, wantOK := tc.want[name]
				if ok != wantOK || got != want {
					t.Errorf("%s = %q (set %t), want %q (set %t)", name, got, ok, want, wantOK)
				}
			}
		})
	}
}

func TestLeanServerKeepsTheFrameworkServersParts(t *testing.T) {
	s := providerserver.NewProtocol6(provider.New("test")())()
	lean := leanServer(s)
	if _, ok := lean.(detachedServer); !ok {
		t.Fatalf("leanServer did not wrap the framework's server (%T): it no longer has the shape frameworkServer names", s)
	}
	//nolint:staticcheck // the interfaces terraform-plugin-go asserts today
	for name, ok := range map[string]bool{
		"list resources": is[tfprotov6.ProviderServerWithListResource](lean),
		"actions":        is[tfprotov6.ProviderServerWithActions](lean),
		"state stores":   is[tfprotov6.ProviderServerWithStateStores](lean),
	} {
		if !ok {
			t.Errorf("the lean server lost the framework server's %s", name)
		}
	}
}

func is[T any](v any) bool { _, ok := v.(T); return ok }

func TestDetachKeepsCancellationNotValues(t *testing.T) {
	type key struct{}
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), key{}, "logger"))
	ctx, done := detach(parent)
	defer done()
	if ctx.Value(key{}) != nil {
		t.Fatal("the detached context kept a value of the call's context")
	}
	cancel()
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("cancelling the call's context did not cancel the detached one")
	}
}
