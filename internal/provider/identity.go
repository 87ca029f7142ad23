package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity (Terraform >= 1.12). Every resource reports, next to its
// state, an identity that names its object and never changes for the life of
// the object: the UUID Portkey assigned (for a membership, the workspace's
// UUID and the user id). Create, Read and Update set it, and an import block
// can name an object by it instead of by an import ID.
//
// The framework (terraform-plugin-framework internal/fwserver) rejects a
// Create, Read or Update that ends without error and without an identity
// ("Missing Resource Identity After Read" and its twins), a Read or Update
// whose identity differs from a non-null prior one ("Unexpected Identity
// Change"; a Read right after an import may set it freely), and it starts
// every call with the identity the client sent, or null when the client sent
// none: Terraform < 1.12, and states written before identity support. So
// every successful path sets the identity, even a Read that removes a
// vanished object (removeResource).

// idIdentity is the identity of the resources named by one id: workspaces,
// users, invites and API keys.
type idIdentity struct {
	ID types.String `tfsdk:"id"`
}

func newIDIdentity(id string) idIdentity { return idIdentity{ID: types.StringValue(id)} }

// idIdentitySchema is the identity schema of an idIdentity; description
// says what the id is.
func idIdentitySchema(description string) identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true, Description: description},
	}}
}

// setIdentity sets a response's identity to v, a model of the resource's
// identity schema. The framework always provides the identity of a resource
// with an identity schema; a nil one is left alone.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, v any) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, v)
}

// removeResource removes a vanished object from state in Read. The framework
// demands an identity even then; when the client sent none, the object's
// last known identity, fallback, is set first.
func removeResource(ctx context.Context, resp *resource.ReadResponse, fallback any) {
	if resp.Identity != nil && resp.Identity.Raw.IsFullyNull() {
		resp.Diagnostics.Append(resp.Identity.Set(ctx, fallback)...)
	}
	resp.State.RemoveResource(ctx)
}

// importID is the ID an import names: the import ID (`terraform import`, or
// an import block's id), or, for an import block's identity (which comes
// without an ID), the identity's id.
func importID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) string {
	if req.ID != "" || req.Identity == nil {
		return req.ID
	}
	var id types.String
	diags.Append(req.Identity.GetAttribute(ctx, path.Root("id"), &id)...)
	return id.ValueString()
}
