package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Moving state from Portkey's official provider (Terraform >= 1.8): a
// `moved` block whose `from` is a resource of registry.terraform.io/portkey-ai/portkey
// and whose `to` is the same type of this provider makes Terraform send the
// official state to the target resource's MoveState, which converts it
// without calling the API. Each resource's <entity>_move_state.go decodes the
// official attributes into the API's shape and runs the resource's one fill
// conversion; what the official state lacks stays null, and the refresh that
// follows every move fills it. The other paths in (import, replace-provider)
// are in the migration guide.
//
// Every release of the official provider, v0.1.0 to v0.2.28, declares schema
// version 0 for all four types; the attributes grew over those releases
// (see each <entity>_move_state.go), and a state written by any of them
// decodes here, missing attributes as null.

// officialProviderSource is the official provider's namespace and type; its
// registry address is registry.terraform.io/portkey-ai/portkey, and mirrors
// serve it under other hostnames.
const officialProviderSource = "portkey-ai/portkey"

// officialSchemaVersion is the only schema version the official provider has
// shipped for the types moved here.
const officialSchemaVersion = 0

// officialReleases names the releases whose states are accepted.
const officialReleases = "v0.1.0 to v0.2.28"

// isOfficialProvider reports whether a source provider address is the
// official provider's, from any registry hostname (provider addresses
// compare case-insensitively).
func isOfficialProvider(addr string) bool {
	addr = strings.ToLower(addr)
	return addr == officialProviderSource || strings.HasSuffix(addr, "/"+officialProviderSource)
}

// moveFromOfficial is the state mover of a resource that takes over the
// official provider's resource of the same type name. It refuses any other
// source with a message naming the one it accepts, and hands the raw JSON
// state of an accepted one to convert.
func moveFromOfficial(typeName string, convert func(ctx context.Context, raw []byte, resp *resource.MoveStateResponse)) resource.StateMover {
	return resource.StateMover{StateMover: func(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
		if !isOfficialProvider(req.SourceProviderAddress) || req.SourceTypeName != typeName ||
			req.SourceSchemaVersion != officialSchemaVersion {
			resp.Diagnostics.AddError("Unable to Move Resource State", fmt.Sprintf(
				"%[1]s takes over state only from %[1]s of Portkey's official provider "+
					"(registry.terraform.io/%[2]s), schema version %[3]d (releases %[4]s). This `moved` block moves "+
					"%[5]s of %[6]s, schema version %[7]d.\n\n"+
					"To manage an object of another type or provider with %[1]s, remove it from the old address "+
					"(a `removed` block with destroy = false) and import it (an `import` block) instead.",
				typeName, officialProviderSource, officialSchemaVersion, officialReleases,
				req.SourceTypeName, req.SourceProviderAddress, req.SourceSchemaVersion))
			return
		}
		if req.SourceRawState == nil || len(req.SourceRawState.JSON) == 0 {
			resp.Diagnostics.AddError("Unable to Move Resource State", fmt.Sprintf(
				"Terraform sent the state of %s without its JSON form (a state written before Terraform 0.12?), "+
					"which this provider cannot read. Run `terraform apply` once with the official provider to "+
					"rewrite the state, then move it again.", typeName))
			return
		}
		convert(ctx, req.SourceRawState.JSON, resp)
	}}
}

// decodeOfficialState decodes an official state's JSON attributes into v, a
// struct of the attributes the conversion uses (unknown attributes are
// ignored, missing ones stay zero), then checks that the attributes naming
// the object, named by idAttrs, are present in it.
func decodeOfficialState(typeName string, raw []byte, v any, diags *diag.Diagnostics, idAttrs ...string) bool {
	var present map[string]any
	err := json.NewDecoder(bytes.NewReader(raw)).Decode(v)
	if err == nil {
		err = json.Unmarshal(raw, &present)
	}
	if err != nil {
		diags.AddError("Unable to Move Resource State", fmt.Sprintf(
			"The state of %s from Portkey's official provider could not be read: %s. Was it written by one of "+
				"its releases %s?", typeName, err, officialReleases))
		return false
	}
	for _, name := range idAttrs {
		if s, ok := present[name].(string); !ok || s == "" {
			diags.AddError("Unable to Move Resource State", fmt.Sprintf(
				"The state of %s from Portkey's official provider has no %s, which names the object in Portkey. "+
					"Import the object instead (an `import` block).", typeName, name))
			return false
		}
	}
	return true
}

// nullIfEmpty turns each empty string into null: the attributes the official
// state lacks, which fill sets from an empty API field. The refresh after
// the move fills them.
func nullIfEmpty(values ...*types.String) {
	for _, v := range values {
		if !v.IsNull() && !v.IsUnknown() && v.ValueString() == "" {
			*v = types.StringNull()
		}
	}
}

// stringOr returns *p, or "" for nil.
func stringOr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
