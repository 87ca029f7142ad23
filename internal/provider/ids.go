package provider

import (
	"fmt"
	"strings"
)

// Composite IDs are built and parsed here and nowhere else.

// memberID is the ID of a portkey_workspace_member: "<workspace>/<user>",
// where workspace is the workspace_id as the configuration wrote it (UUID or
// slug) and user is the user id (or, in an import ID, the user's email).
func memberID(workspace, user string) string { return workspace + "/" + user }

// parseMemberID splits "<workspace>/<user>": exactly one "/", both parts
// non-empty. Workspace UUIDs, slugs, user ids and emails never hold a "/".
func parseMemberID(id string) (workspace, user string, err error) {
	workspace, user, ok := strings.Cut(id, "/")
	if !ok || workspace == "" || user == "" || strings.Contains(user, "/") {
		return "", "", fmt.Errorf("%q is not of the form <workspace>/<user>: write the workspace UUID or slug, "+
			"a slash, and the user's id or email, e.g. ws-produc-1a2b3c/alice@example.com", id)
	}
	return workspace, user, nil
}
