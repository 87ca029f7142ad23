package mockserver

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestFloatLiterals_rewritesIntegersOutsideStrings(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		`{"a":10,"b":-1,"c":0}`:                     `{"a":10.0,"b":-1.0,"c":0.0}`,
		`{"a":12.5,"b":1e3,"c":-2E-2}`:              `{"a":12.5,"b":1e3,"c":-2E-2}`,
		`{"s":"10 and \"7\" and \\","n":[1,2.0,3]}`: `{"s":"10 and \"7\" and \\","n":[1.0,2.0,3.0]}`,
		`[true,false,null,"x-1"]`:                   `[true,false,null,"x-1"]`,
		"{\"total\": 3,\n \"data\": []}\n":          "{\"total\": 3.0,\n \"data\": []}\n",
		`{"key_transition_period_ms":1800000}`:      `{"key_transition_period_ms":1800000.0}`,
	}
	for in, want := range cases {
		got := string(floatLiterals([]byte(in)))
		if got != want {
			t.Errorf("floatLiterals(%s) = %s, want %s", in, got, want)
		}
		var a, b any
		if json.Unmarshal([]byte(got), &a) != nil || json.Unmarshal([]byte(in), &b) != nil {
			t.Errorf("%s: not JSON after the rewrite", got)
		}
	}
}

// With the option on, integers reach the client as float literals; without
// it, as integers.
func TestFloatLiterals_option(t *testing.T) {
	t.Parallel()
	for _, on := range []bool{false, true} {
		srv := New(Options{APIKeys: []string{"pk-f"}, FloatLiterals: on})
		url := srv.Start(t)
		req, _ := http.NewRequest("GET", url+"/admin/workspaces", nil) //nolint:noctx // a test
		req.Header.Set("x-portkey-api-key", "pk-f")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		floats := strings.Contains(string(body), `"total":1.0}`) && strings.Contains(string(body), `"is_default":1.0,`)
		ints := strings.Contains(string(body), `"total":1}`) && strings.Contains(string(body), `"is_default":1,`)
		if on && !floats || !on && !ints {
			t.Errorf("FloatLiterals %v: %s", on, body)
		}
	}
}
