package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// List resources (Terraform >= 1.14: `terraform query`, and
// `terraform query -generate-config-out` to adopt what it finds). What every
// kind shares lives here.
//
// A list resource finds its objects with the list call its plural data
// source makes (every page), and streams one result per object: the
// resource identity (identity.go), a display name and, when Terraform asks
// for the resource (include_resource, which -generate-config-out implies),
// the object as the resource itself reads it: one GET per listed object,
// converted by the resource's own fill. List items are never converted:
// Portkey's list items lack fields its GETs return (API-NOTES.md 11.11: a
// workspace item has no organisation_id, an API key item no rotation_policy
// and a partial defaults), so an object filled from one would differ from
// what the resource reads after an import.
//
// The resource a result carries is also what -generate-config-out writes as
// configuration. terraform-plugin-framework 1.19 keeps every Required and
// Optional attribute that is not null and drops the Computed-only ones
// (GenerateResourceConfig), and offers no hook to change that. So each kind
// clears, in the listed object only, the optional attributes a configuration
// leaves out: values at their schema default, values Portkey computes, and
// triggers. Those are named in each kind's asListed method and on its
// documentation page; the state after the import holds them all.

// listedObject is one object a list call found.
type listedObject struct {
	displayName string
	// identity is a value of the resource's identity model.
	identity any
	// read reads the object whole, as the resource's state holds it after an
	// import (a pointer to the resource's model, with asListed applied). gone
	// reports an object deleted since it was listed.
	read func(ctx context.Context) (model any, gone bool, diags diag.Diagnostics)
}

// streamListResults sets the stream to list the objects find returns, in
// order. A failed find, or a failed read of a listed object, ends the stream
// with its error; an object gone since the list call is left out with a
// warning. Reads happen only when Terraform asks for the resource, and stop
// once Terraform has the results it asked for (req.Limit, or when it stops
// receiving).
func streamListResults(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, kind string,
	find func(ctx context.Context) ([]listedObject, diag.Diagnostics)) {
	stream.Results = func(push func(list.ListResult) bool) {
		found, diags := find(ctx)
		if diags.HasError() {
			push(list.ListResult{Diagnostics: diags})
			return
		}
		if len(diags) > 0 && !push(list.ListResult{Diagnostics: diags}) {
			return
		}
		tflog.Debug(ctx, "Listed objects", map[string]any{"kind": kind, "count": len(found), "include_resource": req.IncludeResource})
		sent := int64(0)
		for _, o := range found {
			if (req.Limit > 0 && sent >= req.Limit) || ctx.Err() != nil {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = o.displayName
			result.Diagnostics.Append(result.Identity.Set(ctx, o.identity)...)
			if req.IncludeResource && !result.Diagnostics.HasError() {
				model, gone, d := o.read(ctx)
				if gone {
					var w diag.Diagnostics
					w.AddWarning(fmt.Sprintf("%s Deleted While Listing", kind), fmt.Sprintf("%s was listed, but Portkey no "+
						"longer has it when it was read: it is left out of the results.", o.displayName))
					if !push(list.ListResult{Diagnostics: w}) {
						return
					}
					continue
				}
				result.Diagnostics.Append(d...)
				if !result.Diagnostics.HasError() {
					result.Diagnostics.Append(result.Resource.Set(ctx, model)...)
				}
			}
			if result.Diagnostics.HasError() {
				push(list.ListResult{Diagnostics: result.Diagnostics})
				return
			}
			if !push(result) {
				return
			}
			sent++
		}
	}
}
