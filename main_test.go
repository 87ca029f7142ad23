package main

import "testing"

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
			silenceDiscardedLogs(lookup, func(k, v string) error { env[k] = v; return nil })
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
