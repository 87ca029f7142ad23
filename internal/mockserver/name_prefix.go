package mockserver

import (
	"encoding/json"
	"strings"
)

// Options.NamePrefix (the standalone binary's -require-prefix): a create or
// rename whose name does not start with the prefix is refused with 400 AB01,
// as an invite whose email does not (compared ignoring case). It is not
// Portkey's behaviour but a check of the provider's acceptance suite: its
// live mode promises that every object it creates carries the prefix
// "tf-acc-", which its sweeper relies on, and its run against this binary
// holds it to that. A workspace name's leading emoji (which Portkey moves
// into the icon, 11.5) is not part of the name.

// prefixedFields are the routes that name an object, and the field that
// does.
var prefixedFields = map[string]string{
	"POST /admin/workspaces":          "name",
	"PUT /admin/workspaces/{id}":      "name",
	"POST /admin/users/invites":       "email",
	"POST /api-keys/{type}/{subtype}": "name",
	"PUT /api-keys/{id}":              "name",
}

// checkNamePrefix refuses a request of route whose naming field lacks
// prefix. A body that does not decode, or has no such field, is left to the
// handler.
func checkNamePrefix(prefix, route string, body []byte) *apiError {
	field, ok := prefixedFields[route]
	if !ok || prefix == "" {
		return nil
	}
	var in map[string]any
	_ = json.Unmarshal(body, &in) // a body that does not decode is the handler's to refuse
	name, ok := in[field].(string)
	if !ok {
		return nil
	}
	got, want := name, prefix
	if field == "email" {
		got, want = strings.ToLower(name), strings.ToLower(prefix)
	} else if _, rest, emoji := cutLeadingEmoji(name); emoji {
		got = rest
	}
	if strings.HasPrefix(got, want) {
		return nil
	}
	return errInvalid("Validation failed: %s: %q does not start with %q (the mock requires the prefix: Options.NamePrefix, -require-prefix)", field, name, prefix)
}
