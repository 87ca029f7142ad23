package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestResolveSettings(t *testing.T) {
	t.Parallel()
	env := func(vars map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	}
	null := providerModel{
		APIKey: types.StringNull(), BaseURL: types.StringNull(), MaxRetries: types.Int64Null(),
		RequestTimeout: types.StringNull(), RequestsPerSecond: types.Float64Null(),
	}

	t.Run("defaults and env", func(t *testing.T) {
		got, diags := resolveSettings(null, env(map[string]string{envAPIKey: "k", envRequestTimeout: "5s", envMaxRetries: "0", envRequestsPerSecond: "2.5"}))
		if diags.HasError() {
			t.Fatalf("unexpected diagnostics: %v", diags)
		}
		if got.APIKey != "k" || got.BaseURL != "https://api.portkey.ai/v1" || got.MaxRetries != 0 || got.RequestTimeout.String() != "5s" || got.RequestsPerSecond != 2.5 ||
			got.BulkReads != "auto" {
			t.Fatalf("unexpected settings: %+v", got)
		}
	})
	t.Run("block wins over env", func(t *testing.T) {
		cfg := null
		cfg.APIKey = types.StringValue("from-block")
		cfg.MaxRetries = types.Int64Value(7)
		cfg.BulkReads = types.StringValue("auto")
		got, diags := resolveSettings(cfg, env(map[string]string{envAPIKey: "from-env", envMaxRetries: "1", envBulkReads: "off"}))
		if diags.HasError() || got.APIKey != "from-block" || got.MaxRetries != 7 || got.BulkReads != "auto" {
			t.Fatalf("got %+v, %v", got, diags)
		}
	})
	t.Run("bulk reads off from env", func(t *testing.T) {
		got, diags := resolveSettings(null, env(map[string]string{envAPIKey: "k", envBulkReads: "off"}))
		if diags.HasError() || got.BulkReads != "off" {
			t.Fatalf("got %+v, %v", got, diags)
		}
	})
	for name, tc := range map[string]struct {
		env  map[string]string
		want string
	}{
		"missing key":       {map[string]string{}, "PORTKEY_API_KEY"},
		"http remote":       {map[string]string{envAPIKey: "k", envBaseURL: "http://portkey.example.com/v1"}, "must use https"},
		"query in base url": {map[string]string{envAPIKey: "k", envBaseURL: "https://portkey.example.com/v1?x=1"}, "query"},
		"bad duration":      {map[string]string{envAPIKey: "k", envRequestTimeout: "soon"}, "Go duration"},
		"negative timeout":  {map[string]string{envAPIKey: "k", envRequestTimeout: "-1s"}, "greater than zero"},
		"negative retries":  {map[string]string{envAPIKey: "k", envMaxRetries: "-1"}, "0 or more"},
		"negative rps":      {map[string]string{envAPIKey: "k", envRequestsPerSecond: "-3"}, "0 or more"},
		"bad bulk reads":    {map[string]string{envAPIKey: "k", envBulkReads: "always"}, `PORTKEY_BULK_READS) is "always": use "auto" or "off"`},
	} {
		t.Run(name, func(t *testing.T) {
			_, diags := resolveSettings(null, env(tc.env))
			if !diags.HasError() {
				t.Fatal("expected an error")
			}
			var all string
			for _, d := range diags.Errors() {
				all += d.Summary() + ": " + d.Detail() + "\n"
			}
			if !regexp.MustCompile(regexp.QuoteMeta(tc.want)).MatchString(all) {
				t.Fatalf("diagnostics %q do not mention %q", all, tc.want)
			}
		})
	}
}

func TestResolveSettler(t *testing.T) {
	t.Parallel()
	env := func(v string) func(string) (string, bool) {
		return func(k string) (string, bool) { return v, k == envReadAfterWrite && v != "" }
	}
	for name, tc := range map[string]struct {
		block, env string
		want       string
	}{
		"default":           {"", "", defaultSettleTimeout.String()},
		"env":               {"", "12s", "12s"},
		"block wins":        {"3s", "12s", "3s"},
		"bad env":           {"", "soon", "error"},
		"negative in block": {"-1s", "", "error"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := providerModel{ReadAfterWrite: types.StringNull()}
			if tc.block != "" {
				cfg.ReadAfterWrite = types.StringValue(tc.block)
			}
			s, diags := resolveSettler(cfg, env(tc.env))
			got := s.limit().String()
			if diags.HasError() {
				got = "error"
			}
			if got != tc.want {
				t.Fatalf("resolveSettler = %s (%v), want %s", got, diags, tc.want)
			}
		})
	}
}

func TestAccProvider_validation(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		block string
		want  string
	}{
		"http remote base_url": {`base_url = "http://api.example.com/v1"`, `must use https`},
		"bad request_timeout":  {`request_timeout = "ten seconds"`, `Go duration`},
		"negative max_retries": {`max_retries = -1`, `at least 0`},
		"negative rps":         {`requests_per_second = -1`, `at least 0`},
		"bad settle timeout":   {`read_after_write_timeout = "0s"`, `(?s)read_after_write_timeout.*greater than zero`},
		"bad bulk_reads":       {`bulk_reads = "always"`, `(?s)bulk_reads.*value must be one of`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      "provider \"portkey\" {\n  api_key = \"k\"\n  " + tc.block + "\n}\n\ndata \"portkey_workspaces\" \"all\" {}\n",
					ExpectError: regexp.MustCompile(tc.want),
					PlanOnly:    true,
				}},
			})
		})
	}
}
