package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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

// exclusionID is the ID of a portkey_organization_guardrail_exclusion:
// "<direction>/<workspace>", direction input or output, workspace its UUID
// (or, in an import ID, its slug).
func exclusionID(direction, workspace string) string { return direction + "/" + workspace }

// parseExclusionID splits "<direction>/<workspace>".
func parseExclusionID(id string) (direction, workspace string, err error) {
	direction, workspace, ok := strings.Cut(id, "/")
	if !ok || (direction != "input" && direction != "output") || workspace == "" || strings.Contains(workspace, "/") {
		return "", "", fmt.Errorf("%q is not of the form <direction>/<workspace>: write input or output, a slash, and "+
			"the workspace's UUID or slug, e.g. output/ws-sandbo-1a2b3c", id)
	}
	return direction, workspace, nil
}

// userIDValidator requires a user id to be a UUID, as Portkey's user ids are
// (API-NOTES.md 1.4); an email or a name in its place is refused at plan time.
type userIDValidator struct{}

func (userIDValidator) Description(context.Context) string {
	return "must be a user id, a UUID such as 61e08f60-4822-465e-ba23-39f85cd741cb"
}

func (v userIDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (userIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if s := req.ConfigValue.ValueString(); !apiKeyUUIDPattern.MatchString(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid User ID",
			fmt.Sprintf("%s must be a Portkey user id, a UUID such as 61e08f60-4822-465e-ba23-39f85cd741cb; got %q. "+
				"Look a user's id up by email with the portkey_user data source.", req.Path, s))
	}
}
